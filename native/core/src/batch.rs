//! One document of a batch, as far as the core can take it (the twin of
//! `Scanner._scan` without models): pattern candidates, finder twins, `key=value`
//! siblings, threshold, tiers and overlap resolution. What only Python does — a finder
//! without a twin, siblings whose values are not all ASCII — is handed back: the
//! document's candidates so far and what remains to run. (A document holding a record's
//! cells never comes here: Python looks for cells first and scans such a document whole.)

use std::collections::HashSet;

use crate::engine::{round4, Candidate, Engine, Validate, NEGATIVE_PENALTY};
use crate::finders::Finder;
use crate::prefilter::Bounds;
use crate::resolve::{resolve, Ranked};
use crate::text::Prepared;

/// A finder of the scanner, in its order: its twin (None: the Python finder runs) and
/// its kind's index.
#[derive(Clone, Copy)]
pub struct Slot<'a> {
    /// The native twin, if the finder has one.
    pub finder: Option<&'a Finder>,
    /// The kind it finds.
    pub kind: usize,
}

/// What the core made of one document.
#[derive(Debug)]
pub enum Outcome {
    /// The findings, resolved, ordered by start.
    Done(Vec<Candidate>),
    /// Python completes it: the pattern candidates, then each finder the prefilter
    /// selected, in order, with its twin's candidates (None: Python runs the finder).
    Partial {
        /// The assessed candidates of the patterns.
        patterns: Vec<Candidate>,
        /// (finder index, its candidates when it has a twin).
        finders: Vec<(usize, Option<Vec<Candidate>>)>,
    },
}

/// The plan of a batch.
pub struct Plan {
    /// How many patterns there are (a prefilter hit past them is a finder's trigger).
    pub n_patterns: usize,
}

impl Engine {
    /// Scan one folded, prepared document as `Scanner._scan` does with no model;
    /// `hits` are the prefilter's (patterns, then finders numbered after them), ascending,
    /// and `bounds` where their matches may start (beside them; empty: anywhere).
    #[allow(clippy::too_many_arguments)]
    pub fn scan_doc(
        &self,
        plan: &Plan,
        slots: &[Slot<'_>],
        text: &Prepared,
        hits: &[usize],
        bounds: &[Bounds],
        threshold: f64,
        outside: &mut dyn Validate,
    ) -> Outcome {
        let norm = text.as_str();
        if hits.is_empty() {
            return Outcome::Done(Vec::new()); // no candidate: Python never scans it either
        }
        let split = hits.partition_point(|&h| h < plan.n_patterns);
        let mut cands = if split > 0 {
            let bounds = bounds.get(..split).unwrap_or_default();
            let none = HashSet::new();
            self.candidates_within(text, &hits[..split], bounds, &none, threshold, outside)
        } else {
            Vec::new()
        };
        let mut finders = Vec::new();
        for &h in &hits[split..] {
            let j = h - plan.n_patterns;
            let Some(slot) = slots.get(j) else { continue };
            let found = slot.finder.map(|f| {
                f.find(text)
                    .into_iter()
                    .filter_map(|s| {
                        self.assess(
                            text, slot.kind, s.start, s.end, s.score, s.evidence, false, false,
                            outside,
                        )
                    })
                    .collect::<Vec<_>>()
            });
            finders.push((j, found));
        }
        let penalized = if finders.iter().any(|(_, found)| found.is_none()) {
            None
        } else if norm.contains('=') {
            let all = cands
                .iter()
                .chain(finders.iter().flat_map(|(_, f)| f.iter().flatten()));
            self.siblings(text, &all.collect::<Vec<_>>(), outside)
        } else {
            Some(Vec::new())
        };
        let Some(penalized) = penalized else {
            return Outcome::Partial {
                patterns: cands,
                finders,
            };
        };
        for (_, found) in finders {
            cands.extend(found.unwrap_or_default());
        }
        for i in penalized {
            let c = &mut cands[i];
            c.score = round4((c.score - NEGATIVE_PENALTY).max(0.0));
            c.evidence.push("negative:sibling".to_string());
        }
        cands.retain(|c| c.score >= threshold);
        if cands.len() < 2 {
            return Outcome::Done(cands);
        }
        let ranked: Vec<Ranked> = cands
            .iter()
            .map(|c| {
                let (priority, model_based) = self.rank_of(c.kind);
                // `Scanner._tier` with no model: a model kind's rule guess is tier 1
                let tier = if model_based && !c.evidence.iter().any(|e| e == "label") {
                    1
                } else {
                    2
                };
                Ranked {
                    start: c.start,
                    end: c.end,
                    tier,
                    priority,
                    score: c.score,
                }
            })
            .collect();
        let keep = resolve(&ranked);
        let mut slots: Vec<Option<Candidate>> = cands.into_iter().map(Some).collect();
        Outcome::Done(keep.into_iter().filter_map(|i| slots[i].take()).collect())
    }
}

/// A byte of a `key` (`[A-Za-z0-9_]`).
fn word(b: u8) -> bool {
    b.is_ascii_alphanumeric() || b == b'_'
}

/// The key of a `key=` that ends at byte `eq` (the `=`), as `_KEY_BEFORE` finds it: 1 to
/// 24 word bytes, led by a letter or `_`, not glued to a word byte before.
fn key_before(bytes: &[u8], eq: usize) -> Option<&[u8]> {
    let mut s = eq;
    while s > 0 && word(bytes[s - 1]) {
        s -= 1;
    }
    (1..=24)
        .contains(&(eq - s))
        .then_some(&bytes[s..eq])
        .filter(|k| !k[0].is_ascii_digit())
}

/// The values of `key=` in `norm`, as `re.finditer(_VALUE_AFTER)` gives them: not glued to
/// a word byte before, a value up to whitespace, `,`, `;`, `&` or a quote (`\s` of Python
/// on ASCII; a non-ASCII byte is kept in the value, which then goes to Python).
fn values_of<'a>(norm: &'a [u8], key: &[u8]) -> Vec<&'a [u8]> {
    let stop =
        |b: u8| matches!(b, b'\t'..=b'\r' | 0x1c..=0x1f | b' ' | b',' | b';' | b'&' | b'\'' | b'"');
    let mut out = Vec::new();
    let mut pos = 0;
    while let Some(off) = norm[pos..]
        .windows(key.len() + 1)
        .position(|w| w[..key.len()] == *key && w[key.len()] == b'=')
    {
        let at = pos + off;
        let from = at + key.len() + 1;
        let len = norm[from..]
            .iter()
            .position(|&b| stop(b))
            .unwrap_or(norm.len() - from);
        if (at == 0 || !word(norm[at - 1])) && len > 0 {
            out.push(&norm[from..from + len]);
            pos = from + len;
        } else {
            pos = at + 1;
        }
    }
    out
}

/// The classes of an ASCII value (`_shape`): digits, letters, and each other byte.
fn shape(value: &[u8]) -> u128 {
    value.iter().fold(0, |acc, &b| {
        acc | 1
            << match b {
                b'0'..=b'9' => b'd',
                b'a'..=b'z' | b'A'..=b'Z' => b'a',
                _ => b & 0x7f,
            }
    })
}

impl Engine {
    /// The twin of `_siblings`: which of `cands` (by index) a `key=value` sibling marks
    /// down — the same key holds, elsewhere in the text, a value of the same shape that is
    /// not valid as the kind — or None when a value involved is not ASCII (Python decides).
    fn siblings(
        &self,
        text: &Prepared,
        cands: &[&Candidate],
        outside: &mut dyn Validate,
    ) -> Option<Vec<usize>> {
        let norm = text.as_str().as_bytes();
        let mut verdict: Vec<(&[u8], usize, bool)> = Vec::new();
        let mut out = Vec::new();
        for (i, c) in cands.iter().enumerate() {
            let at = text.byte(c.start);
            if at == 0 || norm[at - 1] != b'=' || c.evidence.iter().any(|e| e == "label") {
                continue;
            }
            let Some(key) = key_before(norm, at - 1) else {
                continue;
            };
            let known = verdict.iter().find(|v| v.0 == key && v.1 == c.kind);
            let marked = match known {
                Some(v) => v.2,
                None => {
                    let value = &norm[at..text.byte(c.end)];
                    let siblings = values_of(norm, key);
                    if !value.is_ascii() || siblings.iter().any(|v| !v.is_ascii()) {
                        return None;
                    }
                    let want = shape(value);
                    let marked = self.has_validator(c.kind)
                        && siblings.iter().any(|v| {
                            shape(v) == want
                                && !self.valid(
                                    c.kind,
                                    std::str::from_utf8(v).unwrap_or(""),
                                    outside,
                                )
                        });
                    verdict.push((key, c.kind, marked));
                    marked
                }
            };
            if marked {
                out.push(i);
            }
        }
        Some(out)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_key_is_a_word_of_1_to_24_led_by_a_letter() {
        let key = |t: &str| key_before(t.as_bytes(), t.len() - 1).map(|k| k.to_vec());
        assert_eq!(key("x ap="), Some(b"ap".to_vec()));
        assert_eq!(key("_k="), Some(b"_k".to_vec()));
        assert_eq!(key(&format!("{}=", "a".repeat(24))), Some(vec![b'a'; 24]));
        assert_eq!(key(&format!("{}=", "a".repeat(25))), None);
        assert_eq!(key("1ip="), None);
        assert_eq!(key(" ="), None);
        assert_eq!(key("张ip="), Some(b"ip".to_vec())); // a non-ASCII byte is no word byte
    }

    #[test]
    fn values_follow_the_key_not_glued_and_never_overlap() {
        let vals = |t: &str, k: &str| {
            values_of(t.as_bytes(), k.as_bytes())
                .into_iter()
                .map(|v| String::from_utf8_lossy(v).into_owned())
                .collect::<Vec<_>>()
        };
        assert_eq!(
            vals("ip=1.2.3.4&ip=5;xip=6 ip=a=ip=7", "ip"),
            ["1.2.3.4", "5", "a=ip=7"]
        );
        assert_eq!(vals("ip=,ip='8'\x1cip=9", "ip"), ["9"]);
        assert_eq!(vals("ip=张 x", "ip"), ["张"]);
    }

    #[test]
    fn a_shape_is_digits_letters_and_each_other_byte() {
        assert_eq!(shape(b"10.0.1.2"), shape(b"9.9"));
        assert_ne!(shape(b"a1-b"), shape(b"a1b"));
        assert_eq!(shape(b"d"), shape(b"a"));
        assert_ne!(shape(b"d"), shape(b"1"));
    }
}
