//! Organizations by structure (the twin of
//! `boxguard.kinds.organization.find_organizations`): a run of Chinese characters ending
//! in a suffix (…有限公司, …医院), trimmed after the last verb or particle before it, never
//! through a division name.
//!
//! Every regex, word list and bound comes from `boxguard.kinds.organization` at
//! construction.

use boxguard_regex::Regex;

use crate::engine::EngineError;
use crate::finders::{anchored, find_iter, found, python_regex, Divisions, Span, Words};
use crate::names::{named, Regexes};
use crate::text::Prepared;

/// Organization names by structure.
pub struct Organizations {
    suffix: Words,
    suffix_at: Regex,
    run: Regex,
    stop: Words,
    lead: Regex,
    anchor: Regex,
    field_after: Regex,
    record_number: Regex,
    branch: Regex,
    divisions: Divisions,
    bounds: (usize, usize),
    field_seps: Vec<char>,
    record_marks: Vec<char>,
}

impl Organizations {
    /// `regexes`: `_SUFFIX_RX`, `_ORG_RUN`, `_ORG_STOP`, `_ORG_LEAD`, `_ORG_ANCHOR`,
    /// `_FIELD_AFTER`, `_RECORD_NUMBER`, `_BRANCH`; `bounds`: characters before the suffix
    /// (`_ORG_MIN`, `_ORG_MAX`); `field_seps`: `_FIELD_SEPS`; `record_marks`: `_RECORD_MARKS`.
    ///
    /// # Errors
    /// A missing regex, or one the core does not read as Python does.
    pub fn new(
        regexes: &Regexes<'_>,
        names: Vec<String>,
        bounds: (usize, usize),
        field_seps: &str,
        record_marks: &str,
    ) -> Result<Self, EngineError> {
        let get = |name: &str| named(regexes, name);
        let rx = |name: &str| get(name).and_then(|(p, f)| python_regex(p, f));
        let at = |name: &str| get(name).and_then(|(p, f)| anchored(p, f));
        let words = |name: &str| get(name).and_then(|(p, f)| Words::new(p, f));
        Ok(Self {
            suffix: words("_SUFFIX_RX")?,
            suffix_at: at("_SUFFIX_RX")?,
            run: rx("_ORG_RUN")?,
            stop: words("_ORG_STOP")?,
            lead: at("_ORG_LEAD")?,
            anchor: rx("_ORG_ANCHOR")?,
            field_after: at("_FIELD_AFTER")?,
            record_number: rx("_RECORD_NUMBER")?,
            branch: at("_BRANCH")?,
            divisions: Divisions::new(names),
            bounds,
            field_seps: field_seps.chars().collect(),
            record_marks: record_marks.chars().collect(),
        })
    }

    /// `_suffix_starts`: (start, end) of the suffix at every position where one starts.
    fn suffix_starts(&self, t: &Prepared) -> Vec<(usize, usize)> {
        let b = t.as_str().as_bytes();
        let mut out = Vec::new();
        for (s, e) in self.suffix.find_iter_from(t.as_str(), 0) {
            let (cs, ce) = (t.char_at(s), t.char_at(e));
            out.push((cs, ce));
            for q in cs + 1..ce {
                if let Ok(Some(m)) = self.suffix_at.find_at(b, t.byte(q)) {
                    out.push((t.char_at(m.start()), t.char_at(m.end())));
                }
            }
        }
        out
    }

    /// `_org_matches`: the spans `_ORG_RX.finditer` would give.
    fn matches(&self, t: &Prepared) -> Vec<(usize, usize)> {
        let (least, most) = self.bounds;
        let suffixes = self.suffix_starts(t);
        let runs: Vec<(usize, usize)> = find_iter(&self.run, t.as_str().as_bytes())
            .into_iter()
            .map(|(s, e)| (t.char_at(s), t.char_at(e)))
            .collect();
        let mut runs = runs.into_iter();
        let (mut r0, mut r1): (i64, i64) = (-1, -1);
        let mut done = 0_i64;
        let mut out = Vec::new();
        let n = |x: usize| i64::try_from(x).unwrap_or(i64::MAX);
        for (k, &(q, _)) in suffixes.iter().enumerate() {
            let q = n(q);
            while r1 <= q {
                let Some((a, b)) = runs.next() else {
                    return out; // (a suffix always lies in a run)
                };
                (r0, r1) = (n(a), n(b));
            }
            let p = r0.max(q - n(most)).max(done);
            if p > q - n(least) {
                continue;
            }
            let mut j = k;
            while j + 1 < suffixes.len() && n(suffixes[j + 1].0) <= (p + n(most)).min(r1 - 1) {
                j += 1;
            }
            done = n(suffixes[j].1);
            out.push((
                usize::try_from(p).unwrap_or(0),
                usize::try_from(done).unwrap_or(0),
            ));
        }
        out
    }

    /// `_fills_field`: a whole field of a delimited record or a tag's text.
    fn fills_field(&self, t: &Prepared, c: &[char], start: usize, end: usize) -> bool {
        let mut j = start;
        while j > 0 && c[j - 1] == ' ' {
            j -= 1;
        }
        if !(j == 0 || self.field_seps.contains(&c[j - 1])) {
            return false;
        }
        let b = t.as_str().as_bytes();
        if !found(&self.field_after, b, t.byte(end)) {
            return false;
        }
        let ls = c[..start]
            .iter()
            .rposition(|&x| x == '\n')
            .map_or(0, |i| i + 1);
        let le = c[end.min(c.len())..]
            .iter()
            .position(|&x| x == '\n')
            .map_or(c.len(), |i| end + i);
        let line = &c[ls..le.max(ls)];
        line.iter().any(|x| self.record_marks.contains(x))
            || found(&self.record_number, &b[..t.byte(le.max(ls))], t.byte(ls))
    }

    /// `_anchor`: the record's verb or label right before `start`.
    fn anchor(&self, t: &Prepared, start: usize) -> Option<String> {
        let b = t.as_str().as_bytes();
        let mut locs = self.anchor.capture_locations();
        let hi = t.byte(start);
        self.anchor
            .captures_read_at(&mut locs, &b[..hi], t.byte(start.saturating_sub(5)))
            .ok()??;
        let (s, e) = locs.get(1)?;
        Some(format!("anchor:{}", &t.as_str()[s..e]))
    }

    /// The organizations of `text`.
    #[must_use]
    pub fn find(&self, t: &Prepared) -> Vec<Span> {
        let b = t.as_str().as_bytes();
        let c: Vec<char> = t.as_str().chars().collect();
        let mut out = Vec::new();
        for (begin, end) in self.matches(t) {
            let mut start = begin;
            // after the last stop word that is not part of a division name
            if end >= begin + 2 {
                let window = &t.as_str()[..t.byte(end - 2)];
                let stops = self.stop.find_iter_from(window, t.byte(begin));
                for &(_, e) in stops.iter().rev() {
                    let e = t.char_at(e);
                    if !self.divisions.covers(t, e - 1) {
                        start = e;
                        break;
                    }
                }
            }
            if let Ok(Some(lead)) = self.lead.find_at(&b[..t.byte(end)], t.byte(start)) {
                let le = t.char_at(lead.end());
                if !self.divisions.covers(t, le - 1) {
                    start = le;
                }
            }
            if end >= start + 4 {
                let stop = match self.branch.find_at(b, t.byte(end)) {
                    Ok(Some(m)) => t.char_at(m.end()),
                    _ => end,
                };
                let mut evidence = vec!["structure:org-suffix".to_string()];
                evidence.extend(self.anchor(t, start));
                if self.fills_field(t, &c, start, stop) {
                    evidence.push("field".into());
                }
                out.push(Span {
                    start,
                    end: stop,
                    score: 0.7,
                    evidence,
                });
            }
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::finders::UNICODE;

    fn finder() -> Organizations {
        let rx: Regexes<'_> = [
            ("_SUFFIX_RX", ("有限公司|公司|医院|银行", UNICODE)),
            ("_ORG_RUN", (r"[\u4e00-\u9fff（）()]+", UNICODE)),
            ("_ORG_STOP", ("任职|在|于|的|和", UNICODE)),
            ("_ORG_LEAD", ("(?:但|各)+", UNICODE)),
            ("_ORG_ANCHOR", (r"((?:任职)[于在]?|[：:])\s*$", UNICODE)),
            ("_FIELD_AFTER", (r"[ ]*(?:$|[,\t|;\n]|</)", UNICODE)),
            ("_RECORD_NUMBER", ("[0-9A-Z]{6}", UNICODE)),
            ("_BRANCH", (r"[（(][\u4e00-\u9fff]{2,16}店[）)]", UNICODE)),
        ]
        .into_iter()
        .map(|(k, v)| (k.to_string(), v))
        .collect();
        let names = vec!["和田".to_string(), "和田市".to_string()];
        Organizations::new(&rx, names, (2, 24), ",\t|;>\n", "\t|>").unwrap()
    }

    fn found_in(s: &str) -> Vec<(String, Vec<String>)> {
        let t = Prepared::new(s.to_string());
        finder()
            .find(&t)
            .into_iter()
            .map(|sp| (t.slice(sp.start, sp.end).to_string(), sp.evidence))
            .collect()
    }

    #[test]
    fn trimmed_after_the_last_stop_word_and_a_lead() {
        let got = found_in("他任职于北京华信科技有限公司，但渣打银行不同");
        assert_eq!(got[0].0, "北京华信科技有限公司");
        assert_eq!(got[0].1, vec!["structure:org-suffix", "anchor:任职于"]);
        assert_eq!(got[1].0, "渣打银行");
    }

    #[test]
    fn a_division_name_is_never_cut_and_a_record_field_is_marked() {
        assert_eq!(found_in("我在和田华信医院")[0].0, "和田华信医院");
        let got = found_in("92440106AB,天河李家公司(文三路店),李某");
        assert_eq!(got[0].0, "天河李家公司(文三路店)");
        assert_eq!(got[0].1.last().map(String::as_str), Some("field"));
    }
}
