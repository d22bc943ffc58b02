//! Candidates of every pattern kind, validated and scored by context (the twin of the
//! pattern loop and `_assess` of `boxguard.detect.scanner`).
//!
//! The kinds' rules (patterns, context words, windows, scores) come from the Python
//! declarations: one source of truth. PCRE2 runs the patterns with Python's `re.ASCII`
//! semantics: UTF mode without Unicode properties (`\d`, `\w`, `\s`, `\b` are ASCII) and
//! `(?r)`, so that a caseless ASCII letter never matches a non-ASCII one (`ſ`, `K`).

use std::collections::HashSet;

use boxguard_regex::{CaptureLocations, Regex, RegexBuilder};

use crate::context::{nearest, Automaton, WordList};
use crate::prefilter::{Bounds, UNBOUNDED};
use crate::text::Prepared;
use crate::validate;

/// Score added when a context word of the kind is near a candidate.
pub const CONTEXT_BOOST: f64 = 0.2;
/// Score removed when a negative context word precedes it.
pub const NEGATIVE_PENALTY: f64 = 0.45;
/// What assessing adds to a candidate's evidence at most: a check, a context word, a
/// negative one (room made for them at once).
const ASSESSED: usize = 3;
/// The rank of a candidate that no taken span can rule out.
const UNRANKED: i64 = 1 << 30;

/// A kind as the engine needs it.
#[derive(Debug, Clone)]
pub struct KindSpec {
    /// The kind's id (`cn_mobile`).
    pub id: String,
    /// Context words (case-insensitive).
    pub context: Vec<String>,
    /// Negative context words (case-insensitive).
    pub negative: Vec<String>,
    /// Characters before / after a candidate searched for context words.
    pub window: (usize, usize),
    /// Score of a candidate whose validator passed.
    pub validated_score: f64,
    /// Whether the kind has a validator at all.
    pub has_validator: bool,
    /// Tie-breaker in overlap resolution.
    pub priority: i64,
    /// Found by a statistical model.
    pub model_based: bool,
}

/// A candidate pattern of a kind.
#[derive(Debug, Clone)]
pub struct PatternSpec {
    /// Index of its kind in the engine's kinds.
    pub kind: usize,
    /// Its name, for the evidence (`pattern:NAME`).
    pub name: String,
    /// The regex, in Python's syntax (PCRE2 reads it the same way).
    pub regex: String,
    /// Base score.
    pub score: f64,
    /// Reported only with a context word near (unless the regex holds the label).
    pub context_required: bool,
}

/// A scored candidate: `[start, end)` in code points.
#[derive(Debug, Clone, PartialEq)]
pub struct Candidate {
    /// Start (code points).
    pub start: usize,
    /// End (code points).
    pub end: usize,
    /// Index of its kind.
    pub kind: usize,
    /// Score, rounded to 4 decimals as Python's `round` does.
    pub score: f64,
    /// Why it was found.
    pub evidence: Vec<String>,
}

/// Why an engine could not be built.
#[derive(Debug)]
pub struct EngineError(pub String);

impl std::fmt::Display for EngineError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for EngineError {}

struct Kind {
    spec: KindSpec,
    context: Option<WordList>,
    negative: Option<WordList>,
    /// its validator in this crate, when it has one
    native: Option<validate::Validator>,
}

struct Pattern {
    spec: PatternSpec,
    regex: Regex,
    value_group: Option<usize>,
    /// Its candidates' evidence: `pattern:NAME`, after `label` when the regex holds one.
    evidence: Vec<String>,
}

/// The validation of kinds without a native validator (custom kinds, `intl_phone` outside
/// the plain cases of [`validate::surely_valid`] and [`validate::surely_invalid`]):
/// `Some(evidence)` when `value` is valid as kind `kind`, else `None`.
pub trait Validate {
    /// Validate `value` as kind number `kind`.
    fn validate(&mut self, kind: usize, value: &str) -> Option<String>;
}

/// No outside validator: a kind without a native one never validates.
pub struct NoOutside;

impl Validate for NoOutside {
    fn validate(&mut self, _kind: usize, _value: &str) -> Option<String> {
        None
    }
}

/// The compiled rules of a scanner's kinds.
pub struct Engine {
    kinds: Vec<Kind>,
    patterns: Vec<Pattern>,
    /// Every plain context and negative word, found once a text.
    words: Option<Automaton>,
}

/// Python's `round(x, 4)`: the nearest double to `x` correctly rounded to 4 decimals.
///
/// Away from a tie (and below 10⁸), `k = round(x × 10⁴)` is the right decimal (the
/// product's error is far smaller than the margin) and `k / 10⁴`, a correctly rounded
/// division of two exact doubles, is the double nearest to it; near a tie, the decimal
/// string decides.
#[must_use]
pub fn round4(x: f64) -> f64 {
    let scaled = x * 10_000.0;
    let k = scaled.round();
    if k.abs() < 1e12 && (scaled - k).abs() < 0.499 {
        return k / 10_000.0;
    }
    format!("{x:.4}").parse().unwrap_or(x)
}

impl Engine {
    /// Compile the kinds and patterns (patterns in the order the scanner numbers them).
    ///
    /// # Errors
    /// A pattern PCRE2 cannot compile, or a pattern naming a kind that is not given.
    pub fn new(kinds: Vec<KindSpec>, patterns: Vec<PatternSpec>) -> Result<Self, EngineError> {
        let mut ks = Vec::with_capacity(kinds.len());
        for spec in kinds {
            let native = validate::validator(&spec.id).filter(|_| spec.has_validator);
            ks.push(Kind {
                context: WordList::new(&spec.context)?,
                negative: WordList::new(&spec.negative)?,
                native,
                spec,
            });
        }
        let mut ps = Vec::with_capacity(patterns.len());
        for spec in patterns {
            if spec.kind >= ks.len() {
                return Err(EngineError(format!("pattern {} names no kind", spec.name)));
            }
            // UCP on, then `(?a)` takes \d \s \w \b and the POSIX classes back to ASCII
            // (Python's re.ASCII) and `(?r)` keeps caseless ASCII and non-ASCII apart. UCP is
            // here for what the pcre2 crate sets with it: PCRE2_MATCH_INVALID_UTF. Without it
            // PCRE2 checks the subject's UTF-8 from the start offset to the end at every
            // search, so a text with many matches cost time in its length times its matches.
            let regex = RegexBuilder::new()
                .utf(true)
                .ucp(true)
                .jit_if_available(true)
                .build(&format!("(?a)(?r){}", pcre2_anchors(&spec.regex)))
                .map_err(|e| EngineError(format!("pattern {}: {e}", spec.name)))?;
            let value_group = regex
                .capture_names()
                .iter()
                .position(|n| n.as_deref() == Some("value"));
            let named = format!("pattern:{}", spec.name);
            let evidence = if value_group.is_some() {
                vec!["label".to_string(), named]
            } else {
                vec![named]
            };
            ps.push(Pattern {
                spec,
                regex,
                value_group,
                evidence,
            });
        }
        let mut lists: Vec<&mut WordList> = ks
            .iter_mut()
            .flat_map(|k| k.context.iter_mut().chain(k.negative.iter_mut()))
            .collect();
        let words = Automaton::new(&mut lists)?;
        Ok(Self {
            kinds: ks,
            patterns: ps,
            words,
        })
    }

    /// The number of patterns.
    #[must_use]
    pub fn patterns(&self) -> usize {
        self.patterns.len()
    }

    /// Kind number `kind`'s priority and whether a statistical model finds it.
    #[must_use]
    pub fn rank_of(&self, kind: usize) -> (i64, bool) {
        self.kinds
            .get(kind)
            .map_or((0, false), |k| (k.spec.priority, k.spec.model_based))
    }

    /// Whether kind number `kind` has a validator at all.
    #[must_use]
    pub fn has_validator(&self, kind: usize) -> bool {
        self.kinds.get(kind).is_some_and(|k| k.spec.has_validator)
    }

    /// Whether `value` passes kind number `kind`'s validator (`Kind.is_valid`): the native
    /// one, or the outside one.
    pub fn valid(&self, kind: usize, value: &str, outside: &mut dyn Validate) -> bool {
        self.kinds
            .get(kind)
            .filter(|k| k.spec.has_validator)
            .is_some_and(|k| Self::checked(k, kind, value, outside).is_some())
    }

    /// The evidence of `value` valid as `kind` (number `index`), a kind with a validator:
    /// its native validator's, else what this crate surely knows of a kind validated in
    /// Python, else the outside validator's; `None` when invalid.
    fn checked(
        kind: &Kind,
        index: usize,
        value: &str,
        outside: &mut dyn Validate,
    ) -> Option<String> {
        if let Some(v) = kind.native {
            (v.valid)(value).then(|| v.check(value))
        } else if validate::surely_valid(&kind.spec.id, value) {
            validate::check_for(&kind.spec.id, value)
        } else if validate::surely_invalid(&kind.spec.id, value) {
            None
        } else {
            outside.validate(index, value)
        }
    }

    /// Whether kind number `kind` is validated natively.
    #[must_use]
    pub fn is_native(&self, kind: usize) -> bool {
        self.kinds.get(kind).is_some_and(|k| k.native.is_some())
    }

    /// The candidates of the patterns numbered in `hits` (ascending; others are skipped),
    /// assessed; `in_cell` holds the spans that fill a record's cell.
    ///
    /// A span that a validated kind took (score ≥ `threshold`) is not assessed again as a
    /// kind of lower priority.
    pub fn candidates(
        &self,
        text: &Prepared,
        hits: &[usize],
        in_cell: &HashSet<(usize, usize)>,
        threshold: f64,
        outside: &mut dyn Validate,
    ) -> Vec<Candidate> {
        self.candidates_within(text, hits, &[], in_cell, threshold, outside)
    }

    /// [`Engine::candidates`], each pattern searched only where the prefilter says its
    /// matches may start (`bounds`, beside `hits`: bytes, `from..=to`; none: everywhere).
    /// No match starts elsewhere, so the matches are the same: the search starts later
    /// and stops sooner (a text's last search, which finds nothing, mostly not run).
    pub fn candidates_within(
        &self,
        text: &Prepared,
        hits: &[usize],
        bounds: &[Bounds],
        in_cell: &HashSet<(usize, usize)>,
        threshold: f64,
        outside: &mut dyn Validate,
    ) -> Vec<Candidate> {
        let mut out = Vec::with_capacity(hits.len());
        // (start, end, highest rank that took it): a text has few, a scan beats hashing
        let mut taken: Vec<(usize, usize, i64)> = Vec::with_capacity(hits.len());
        let bytes = text.as_str().as_bytes();
        for (k, &i) in hits.iter().enumerate() {
            let Some(p) = self.patterns.get(i) else {
                continue;
            };
            let (from, to) = bounds.get(k).copied().unwrap_or(UNBOUNDED);
            let kind = &self.kinds[p.spec.kind];
            let rank = if kind.spec.model_based {
                UNRANKED
            } else {
                kind.spec.priority
            };
            let labelled = p.value_group.is_some();
            // the match data of a labelled pattern's groups (others take the regex's own)
            let mut locs: Option<CaptureLocations> = None;
            let mut pos = from.min(bytes.len());
            while pos > 0 && bytes.get(pos).is_some_and(|b| b & 0xC0 == 0x80) {
                pos -= 1; // a character's first byte
            }
            while pos <= bytes.len() && pos <= to {
                let (ms, me, span) = match p.value_group {
                    Some(g) => {
                        let locs = locs.get_or_insert_with(|| p.regex.capture_locations());
                        let Ok(Some(m)) = p.regex.captures_read_at(locs, bytes, pos) else {
                            break;
                        };
                        (m.start(), m.end(), locs.get(g))
                    }
                    None => {
                        let Ok(Some(m)) = p.regex.find_at(bytes, pos) else {
                            break;
                        };
                        (m.start(), m.end(), Some((m.start(), m.end())))
                    }
                };
                pos = if me > ms { me } else { next_char(bytes, me) };
                let Some((bs, be)) = span else { continue };
                let (start, end) = (text.char_at(bs), text.char_at(be));
                let took = taken.iter().position(|t| (t.0, t.1) == (start, end));
                if start == end || took.is_some_and(|at| taken[at].2 > rank) {
                    continue;
                }
                let mut evidence = Vec::with_capacity(p.evidence.len() + ASSESSED);
                evidence.extend_from_slice(&p.evidence);
                let cell = !in_cell.is_empty() && in_cell.contains(&(start, end));
                if let Some(c) = self.assess(
                    text,
                    p.spec.kind,
                    start,
                    end,
                    p.spec.score,
                    evidence,
                    p.spec.context_required && !labelled,
                    cell,
                    outside,
                ) {
                    if rank != UNRANKED && c.score >= threshold {
                        match took {
                            Some(at) => taken[at].2 = taken[at].2.max(rank),
                            None => taken.push((start, end, rank)),
                        }
                    }
                    out.push(c);
                }
            }
        }
        out
    }

    /// Validate, then score by context; `None` when the candidate is dropped
    /// (the twin of `Scanner._assess`).
    #[allow(clippy::too_many_arguments)]
    pub fn assess(
        &self,
        text: &Prepared,
        kind_index: usize,
        start: usize,
        end: usize,
        score: f64,
        mut evidence: Vec<String>,
        context_required: bool,
        in_cell: bool,
        outside: &mut dyn Validate,
    ) -> Option<Candidate> {
        let kind = self.kinds.get(kind_index)?;
        evidence.reserve(ASSESSED); // (a finder's span: one growth at most)
        let mut score = score;
        if kind.spec.has_validator {
            let value = text.slice(start, end);
            evidence.push(Self::checked(kind, kind_index, value, outside)?);
            score = score.max(kind.spec.validated_score);
        }
        let (before, after) = kind.spec.window;
        let found = if kind.context.is_some() || kind.negative.is_some() {
            self.words.as_ref().and_then(|w| w.of(text))
        } else {
            None
        };
        let mut near = kind
            .context
            .as_ref()
            .and_then(|list| nearest(list, found, text, start, end, before, after));
        let mut neg = None;
        if let (Some(list), false) = (&kind.negative, in_cell) {
            neg = nearest(list, found, text, start, end, before, 0);
            if let Some((_, neg_end)) = &neg {
                // a negative word names the value of its own field, never one past a tab or |
                let between = text.slice(usize::try_from(*neg_end).unwrap_or(start), start);
                if between.contains('\t') || between.contains('|') {
                    neg = None;
                }
            }
        }
        if let (Some((_, near_end)), Some((_, neg_end))) = (&near, &neg) {
            if neg_end > near_end && !evidence.iter().any(|e| e == "label") {
                near = None;
            }
        }
        if let Some((word, _)) = near {
            evidence.push(tagged("context:", word));
            score += CONTEXT_BOOST;
        } else if context_required {
            return None;
        }
        if let Some((word, _)) = neg {
            evidence.push(tagged("negative:", word));
            score -= NEGATIVE_PENALTY;
        }
        let score = round4(score.clamp(0.0, 1.0));
        Some(Candidate {
            start,
            end,
            kind: kind_index,
            score,
            evidence,
        })
    }
}

/// `tag` followed by `word` (`context:手机`), without `format!`'s machinery.
fn tagged(tag: &str, word: &str) -> String {
    let mut out = String::with_capacity(tag.len() + word.len());
    out.push_str(tag);
    out.push_str(word);
    out
}

/// `pattern` with Python's `\Z` (the very end) spelt as PCRE2's `\z`: PCRE2's `\Z`, like
/// Python's `$`, also matches before a final newline.
fn pcre2_anchors(pattern: &str) -> String {
    let mut out = String::with_capacity(pattern.len());
    let mut chars = pattern.chars();
    while let Some(c) = chars.next() {
        if c != '\\' {
            out.push(c);
            continue;
        }
        match chars.next() {
            Some('Z') => out.push_str("\\z"),
            Some(n) => {
                out.push(c);
                out.push(n);
            }
            None => out.push(c),
        }
    }
    out
}

/// The byte after the character at `at` (`at + 1` at the end): where a search resumes
/// after an empty match, as Python's `finditer` does.
pub(crate) fn next_char(bytes: &[u8], at: usize) -> usize {
    let mut i = at + 1;
    while i < bytes.len() && (bytes[i] & 0xC0) == 0x80 {
        i += 1;
    }
    i
}

#[cfg(test)]
mod tests {
    use super::*;

    fn mobile() -> Engine {
        Engine::new(
            vec![KindSpec {
                id: "demo".into(),
                context: vec!["手机".into(), "phone".into()],
                negative: vec!["订单号".into()],
                window: (16, 6),
                validated_score: 0.95,
                has_validator: false,
                priority: 0,
                model_based: false,
            }],
            vec![PatternSpec {
                kind: 0,
                name: "m".into(),
                regex: r"(?<![0-9])1[3-9][0-9]{9}(?![0-9])".into(),
                score: 0.6,
                context_required: false,
            }],
        )
        .unwrap()
    }

    #[test]
    fn finds_scores_and_offsets_in_code_points() {
        let e = mobile();
        let t = Prepared::new("手机:13812345678".into());
        let c = e.candidates(&t, &[0], &HashSet::new(), 0.5, &mut NoOutside);
        assert_eq!(c.len(), 1);
        assert_eq!((c[0].start, c[0].end, c[0].score), (3, 14, 0.8));
        assert_eq!(c[0].evidence, vec!["pattern:m", "context:手机"]);
    }

    #[test]
    fn a_negative_word_nearer_than_the_context_wins() {
        let e = mobile();
        let t = Prepared::new("手机 订单号:13812345678".into());
        let c = e.candidates(&t, &[0], &HashSet::new(), 0.5, &mut NoOutside);
        assert_eq!(c[0].score, 0.15);
        assert_eq!(c[0].evidence, vec!["pattern:m", "negative:订单号"]);
    }

    #[test]
    fn context_is_caseless_and_a_longer_number_is_not_a_mobile() {
        let e = mobile();
        let t = Prepared::new("PHONE 13812345678 x 138123456789".into());
        let c = e.candidates(&t, &[0], &HashSet::new(), 0.5, &mut NoOutside);
        assert_eq!(c.len(), 1);
        assert_eq!(c[0].evidence[1], "context:PHONE");
    }

    #[test]
    fn python_s_end_of_text_is_not_before_a_final_newline() {
        assert_eq!(pcre2_anchors(r"a\Z|\\Z|[\]]$"), r"a\z|\\Z|[\]]$");
        let e = Engine::new(
            mobile().kinds.into_iter().map(|k| k.spec).collect(),
            vec![PatternSpec {
                kind: 0,
                name: "end".into(),
                regex: r"[0-9]\Z".into(),
                score: 0.6,
                context_required: false,
            }],
        )
        .unwrap();
        let found = |t: &str| {
            let t = Prepared::new(t.into());
            e.candidates(&t, &[0], &HashSet::new(), 0.0, &mut NoOutside)
                .len()
        };
        assert_eq!((found("11"), found("11\n")), (1, 0));
    }

    #[test]
    fn round4_rounds_as_python() {
        assert_eq!(round4(0.15000000000000002), 0.15);
        assert_eq!(round4(0.8), 0.8);
        assert_eq!(round4(1.0 / 3.0), 0.3333);
        assert_eq!(round4(0.00005), 0.0001); // near a tie: the decimal string decides
        assert_eq!(round4(-0.45 + 0.95), 0.5);
    }

    proptest::proptest! {
        #[test]
        fn round4_is_the_decimal_rounding(a in 0u32..20_000, b in 0u32..20_000, c in -1.0f64..2.0) {
            for x in [f64::from(a) / 10_000.0 + f64::from(b) / 100_000.0, c, f64::from(a) * 0.05 - 0.45] {
                let want: f64 = format!("{x:.4}").parse().unwrap();
                proptest::prop_assert_eq!(round4(x), want);
            }
        }
    }
}
