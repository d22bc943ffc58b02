//! One document of a batch, as far as the core can take it (the twin of
//! `Scanner._scan` without models): pattern candidates, finder twins,
//! threshold, tiers and overlap resolution. What only Python does — a finder without a
//! twin, `key=value` siblings — is handed back: the document's candidates so far and what
//! remains to run. (A document holding a record's cells never comes here: Python looks
//! for cells first and scans such a document whole.)

use std::collections::HashSet;

use crate::engine::{Candidate, Engine, Validate};
use crate::finders::Finder;
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
    /// `hits` are the prefilter's (patterns, then finders numbered after them), ascending.
    pub fn scan_doc(
        &self,
        plan: &Plan,
        slots: &[Slot<'_>],
        text: &Prepared,
        hits: &[usize],
        threshold: f64,
        outside: &mut dyn Validate,
    ) -> Outcome {
        let norm = text.as_str();
        if hits.is_empty() {
            return Outcome::Done(Vec::new()); // no candidate: Python never scans it either
        }
        let split = hits.partition_point(|&h| h < plan.n_patterns);
        let mut cands = if split > 0 {
            self.candidates(text, &hits[..split], &HashSet::new(), threshold, outside)
        } else {
            Vec::new()
        };
        let mut python = norm.contains('='); // siblings (`key=value`)
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
            python |= found.is_none();
            finders.push((j, found));
        }
        if python {
            return Outcome::Partial {
                patterns: cands,
                finders,
            };
        }
        for (_, found) in finders {
            cands.extend(found.unwrap_or_default());
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
