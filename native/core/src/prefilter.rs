//! Which patterns may match each text: one pass of the `regex` crate's lazy DFA over every
//! pattern at once (a `RegexSet`), then PCRE2 runs only the patterns it names.
//!
//! The patterns come from `boxguard.detect.prefilter` rewritten into the `regex` crate's
//! syntax so that each matches wherever its Python regex does, and maybe elsewhere:
//! lookarounds dropped, `$` read as multi-line, Python's ASCII classes spelt out. A pattern
//! that could not be rewritten (None) or that the crate refuses runs on every text, and so
//! does every pattern on a text where the DFA gives up (it would make a state for every
//! few bytes: slower than running the patterns).

use std::sync::Mutex;

use regex_automata::hybrid::dfa::{Cache, DFA};
use regex_automata::hybrid::LazyStateID;
use regex_automata::nfa::thompson;
use regex_automata::util::syntax;
use regex_automata::{Input, MatchKind};

/// A pattern's compiled size allowed (bytes).
const NFA_LIMIT: usize = 64 << 20;
/// The lazy DFA's cache, per scan running at once (bytes, filled as states are made):
/// dense records make ~25 MiB of states, random digits, letters and marks ~40.
const CACHE: usize = 64 << 20;

/// Where a pattern's matches may start in a text, in bytes: `from..=to` (every byte for a
/// pattern that always runs).
pub type Bounds = (usize, usize);

/// Everything, for a pattern the DFA does not bound.
pub const UNBOUNDED: Bounds = (0, usize::MAX);

/// The compiled prefilter of `n` patterns.
#[derive(Debug)]
pub struct Prefilter {
    dfa: Option<DFA>,
    /// The pattern id of each of the DFA's patterns.
    ids: Vec<usize>,
    /// The shortest and longest match (bytes; None: no bound) of each of the DFA's patterns.
    lengths: Vec<(usize, Option<usize>)>,
    /// Patterns that always run (ascending): not rewritten, or refused.
    always: Vec<usize>,
    n: usize,
    /// The caches of finished scans, for the next ones.
    caches: Mutex<Vec<Cache>>,
}

fn builder(cache: usize) -> regex_automata::hybrid::dfa::Builder {
    let mut b = DFA::builder();
    b.configure(
        // every pattern's matches, not the leftmost one; a search that makes states
        // faster than it reads text gives up (its text then runs every pattern)
        DFA::config()
            .match_kind(MatchKind::All)
            .cache_capacity(cache)
            .minimum_cache_clear_count(Some(3))
            .minimum_bytes_per_state(Some(10)),
    )
    .syntax(syntax::Config::new().utf8(false))
    .thompson(
        thompson::Config::new()
            .utf8(false)
            .nfa_size_limit(Some(NFA_LIMIT)),
    );
    b
}

/// The items of `v` whose flag in `fine` is set.
fn take_fine<T>(v: Vec<T>, fine: &[bool]) -> Vec<T> {
    v.into_iter()
        .zip(fine)
        .filter(|(_, &f)| f)
        .map(|(x, _)| x)
        .collect()
}

impl Prefilter {
    /// The prefilter of `patterns` (None: one that could not be rewritten).
    ///
    /// ```
    /// use boxguard_core::prefilter::Prefilter;
    /// let pf = Prefilter::new(&[Some(r"1[3-9][0-9]{9}"), None, Some(r"(")]);
    /// assert_eq!(pf.always(), &[1, 2]);
    /// assert_eq!(pf.one(Some("手机13812345678")), vec![0, 1, 2]);
    /// assert_eq!(pf.one(Some("无")), vec![1, 2]);
    /// assert_eq!(pf.one(None), vec![0, 1, 2]); // no UTF-8 (a lone surrogate): every one
    /// ```
    #[must_use]
    pub fn new(patterns: &[Option<&str>]) -> Self {
        let pairs: Vec<_> = patterns.iter().map(|p| p.map(|p| (p, p))).collect();
        Self::with_lengths(&pairs)
    }

    /// The prefilter of `patterns`, each with the pattern whose shortest match bounds its
    /// matches' length from below (`prefilter._for_core`: a look-behind that opens a match
    /// is read by the first, not by the second).
    #[must_use]
    pub fn with_lengths(patterns: &[Option<(&str, &str)>]) -> Self {
        Self::with_cache(patterns, CACHE)
    }

    fn with_cache(patterns: &[Option<(&str, &str)>], cache: usize) -> Self {
        let (mut ids, mut kept, mut lengths) = (Vec::new(), Vec::new(), Vec::new());
        for (i, p) in patterns.iter().enumerate() {
            let Some((p, q)) = p else { continue };
            let Ok(longest) = syntax::parse(p) else {
                continue;
            };
            let shortest = if p == q {
                Ok(longest.clone())
            } else {
                syntax::parse(q)
            };
            let Ok(shortest) = shortest else { continue };
            ids.push(i);
            kept.push(*p);
            lengths.push((
                shortest.properties().minimum_len().unwrap_or(0),
                longest.properties().maximum_len(),
            ));
        }
        // all at once (one build: start-up), else without those the DFA refuses alone
        let mut dfa = builder(cache).build_many(&kept).ok();
        if dfa.is_none() {
            let fine: Vec<bool> = kept
                .iter()
                .map(|p| builder(cache).build(p).is_ok())
                .collect();
            ids = take_fine(ids, &fine);
            lengths = take_fine(lengths, &fine);
            kept = take_fine(kept, &fine);
            dfa = builder(cache).build_many(&kept).ok();
        }
        if dfa.is_none() {
            ids.clear(); // too large as a whole: every one runs
        }
        let always = (0..patterns.len()).filter(|i| !ids.contains(i)).collect();
        Self {
            dfa,
            ids,
            lengths,
            always,
            n: patterns.len(),
            caches: Mutex::new(Vec::new()),
        }
    }

    /// The patterns that run on every text, ascending.
    #[must_use]
    pub fn always(&self) -> &[usize] {
        &self.always
    }

    /// The ids of the patterns worth running on `text` (None: a text UTF-8 cannot hold:
    /// every pattern), ascending.
    #[must_use]
    pub fn one(&self, text: Option<&str>) -> Vec<usize> {
        self.many(&[text]).pop().unwrap_or_default()
    }

    /// [`Prefilter::one`] of each text.
    #[must_use]
    pub fn many(&self, texts: &[Option<&str>]) -> Vec<Vec<usize>> {
        self.bounded(texts).0
    }

    /// [`Prefilter::many`], and beside each id where that pattern's matches may start:
    /// every match of a pattern (with its edges, `prefilter._for_core`) ends at one of
    /// the DFA's match ends, so it starts no sooner than the first end less the pattern's
    /// longest match, and no later than the last end less its shortest.
    #[must_use]
    pub fn bounded(&self, texts: &[Option<&str>]) -> (Vec<Vec<usize>>, Vec<Vec<Bounds>>) {
        let Some(dfa) = &self.dfa else {
            let bounds = vec![UNBOUNDED; self.always.len()];
            return (
                vec![self.always.clone(); texts.len()],
                vec![bounds; texts.len()],
            );
        };
        let kept = self.caches.lock().ok().and_then(|mut c| c.pop());
        let mut cache = kept.unwrap_or_else(|| dfa.create_cache());
        // each pattern's first and last match end in the text
        let mut ends: Vec<Option<(usize, usize)>> = vec![None; dfa.pattern_len()];
        let mut matched = Vec::new();
        let (mut ids, mut bounds) = (Vec::new(), Vec::new());
        for text in texts {
            let found = text.map(|t| {
                matched.clear();
                Self::ends(dfa, &mut cache, t, &mut ends, &mut matched)
            });
            let mut hits: Vec<(usize, Bounds)> =
                Vec::with_capacity(self.always.len() + matched.len());
            hits.extend(self.always.iter().map(|&i| (i, UNBOUNDED)));
            match found {
                Some(Ok(())) => {
                    for &p in &matched {
                        let Some((first, last)) = ends[p].take() else {
                            continue;
                        };
                        let (shortest, longest) = self.lengths[p];
                        let from = longest.map_or(0, |l| first.saturating_sub(l));
                        hits.push((self.ids[p], (from, last.saturating_sub(shortest.max(1)))));
                    }
                }
                Some(Err(())) => {
                    cache.reset(dfa); // it gave up: a fresh cache for the next text
                    ends.iter_mut().for_each(|e| *e = None);
                    hits = (0..self.n).map(|i| (i, UNBOUNDED)).collect();
                }
                None => hits = (0..self.n).map(|i| (i, UNBOUNDED)).collect(),
            }
            hits.sort_unstable_by_key(|h| h.0);
            ids.push(hits.iter().map(|h| h.0).collect());
            bounds.push(hits.into_iter().map(|h| h.1).collect());
        }
        if let Ok(mut c) = self.caches.lock() {
            c.push(cache);
        }
        (ids, bounds)
    }

    /// The first and last match end of each pattern that matches `text` (in `ends`, those
    /// patterns in `matched`); `Err` when the DFA gave up.
    fn ends(
        dfa: &DFA,
        cache: &mut Cache,
        text: &str,
        ends: &mut [Option<(usize, usize)>],
        matched: &mut Vec<usize>,
    ) -> Result<(), ()> {
        // the DFA's overlapping search, byte by byte here: the crate's returns at every
        // match event (a dozen a record) and starts again, ~430 instructions each time.
        // Matches are delayed by a byte: a match state reached on the byte at `at` is a
        // match ending at `at`, and the end of the text has a transition of its own.
        let bytes = text.as_bytes();
        let mut record = |cache: &Cache, sid: LazyStateID, end: usize| {
            for i in 0..dfa.match_len(cache, sid) {
                let p = dfa.match_pattern(cache, sid, i).as_usize();
                match &mut ends[p] {
                    Some((_, last)) => *last = end, // ends come in order
                    none => {
                        *none = Some((end, end));
                        matched.push(p);
                    }
                }
            }
        };
        let mut sid = dfa
            .start_state_forward(cache, &Input::new(bytes))
            .map_err(|_| ())?;
        cache.search_start(0);
        let mut at = 0; // the next byte
        while at < bytes.len() {
            // through untagged states, a table lookup a byte; an unknown transition makes
            // its state, which may clear the cache, so the cache learns first how far the
            // search got (its rule for giving up counts the bytes searched per state made)
            let mut prev = sid;
            if sid.is_tagged() {
                cache.search_update(at);
                sid = dfa.next_state(cache, sid, bytes[at]).map_err(|_| ())?;
                at += 1;
            } else {
                while at < bytes.len() && !sid.is_tagged() {
                    prev = sid;
                    sid = dfa.next_state_untagged(cache, sid, bytes[at]);
                    at += 1;
                }
                if sid.is_unknown() {
                    cache.search_update(at - 1);
                    sid = dfa.next_state(cache, prev, bytes[at - 1]).map_err(|_| ())?;
                }
            }
            if sid.is_tagged() {
                if sid.is_match() {
                    record(cache, sid, at - 1);
                } else if sid.is_dead() {
                    cache.search_finish(at - 1);
                    return Ok(());
                } else if sid.is_quit() {
                    cache.search_finish(at - 1);
                    return Err(());
                }
            }
        }
        sid = dfa.next_eoi_state(cache, sid).map_err(|_| ())?;
        if sid.is_match() {
            record(cache, sid, bytes.len());
        }
        cache.search_finish(bytes.len());
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_pattern_is_reported_once_in_id_order() {
        let pf = Prefilter::new(&[Some("b"), Some("a"), None, Some("a+")]);
        assert_eq!(pf.one(Some("aaa b aaa")), vec![0, 1, 2, 3]);
        assert_eq!(pf.one(Some("aaa")), vec![1, 2, 3]);
        assert_eq!(pf.many(&[Some(""), None]), vec![vec![2], vec![0, 1, 2, 3]]);
    }

    #[test]
    fn a_pattern_the_crate_refuses_always_runs() {
        // a look-behind and a back-reference: the DFA has neither
        let pf = Prefilter::new(&[Some(r"(?<!x)a"), Some(r"(a)\1"), Some("z")]);
        assert_eq!(pf.always(), &[0, 1]);
        assert_eq!(pf.one(Some("z")), vec![0, 1, 2]);
    }

    #[test]
    fn a_text_that_makes_too_many_states_runs_every_pattern() {
        // a state for each of the 2^20 last 20 letters of a random text, in a 1 MiB cache:
        // the DFA gives up
        let pf = Prefilter::with_cache(&[Some(("a[ab]{20}c", "")), Some(("z", ""))], 1 << 20);
        let mut x: u32 = 7;
        let text: String = (0..200_000)
            .map(|_| {
                x = x.wrapping_mul(1_103_515_245).wrapping_add(12_345);
                if x >> 16 & 1 == 0 {
                    'a'
                } else {
                    'b'
                }
            })
            .collect();
        assert_eq!(pf.one(Some(&text)), vec![0, 1]);
        assert_eq!(pf.one(Some("z")), vec![1]); // and the next text starts afresh
    }

    #[test]
    fn matches_start_within_the_bounds() {
        let pf = Prefilter::new(&[Some("x"), Some("[0-9]{2,4}"), Some("a[0-9]*"), None]);
        let (ids, bounds) = pf.bounded(&[Some("ab 12 x 123456 a"), Some("none")]);
        assert_eq!(ids, vec![vec![0, 1, 2, 3], vec![3]]);
        // x: at 6 exactly; the digits: from the first end, 5 (12), less 4, to the last
        // end, 14, less 2; a: from 0 (no longest) to 15 (its last end, 16, less 1); None:
        // everywhere
        assert_eq!(bounds[0], vec![(6, 6), (1, 12), (0, 15), UNBOUNDED]);
        assert_eq!(bounds[1], vec![UNBOUNDED]);
    }

    #[test]
    fn the_shortest_match_comes_from_the_second_pattern() {
        // `(?<=tel)[0-9]{3}` read as `(?:tel)[0-9]{3}`: a match may be 3 bytes, not 6
        let pf = Prefilter::with_lengths(&[Some(("(?:tel)[0-9]{3}", "(?:)[0-9]{3}"))]);
        let (_, bounds) = pf.bounded(&[Some("tel123")]);
        assert_eq!(bounds[0], vec![(0, 3)]);
    }

    /// Every (pattern, end) the crate's own overlapping search reports, its first and last
    /// end per pattern: the oracle of [`Prefilter::ends`].
    fn crate_ends(pf: &Prefilter, text: &str) -> Vec<Option<(usize, usize)>> {
        let dfa = pf.dfa.as_ref().unwrap();
        let mut cache = dfa.create_cache();
        let mut out = vec![None; dfa.pattern_len()];
        let input = Input::new(text.as_bytes());
        let mut state = regex_automata::hybrid::dfa::OverlappingState::start();
        loop {
            dfa.try_search_overlapping_fwd(&mut cache, &input, &mut state)
                .unwrap();
            let Some(m) = state.get_match() else {
                return out;
            };
            let end = m.offset();
            let e: &mut Option<(usize, usize)> = &mut out[m.pattern().as_usize()];
            *e = Some(e.map_or((end, end), |(first, _)| (first, end)));
        }
    }

    proptest::proptest! {
        #[test]
        fn ends_are_those_of_the_crate_s_overlapping_search(text in "[ab1 \n张]{0,30}") {
            let pf = Prefilter::new(&[
                Some("a"), Some("ab+"), Some("[0-9]{1,2}"), Some(r"\bb"), Some("^a|张$"),
                Some("(?m)^1"), Some(r"[^\n]{3}"), Some("$"),
            ]);
            let dfa = pf.dfa.as_ref().unwrap();
            let mut cache = dfa.create_cache();
            let mut ends = vec![None; dfa.pattern_len()];
            let mut matched = Vec::new();
            Prefilter::ends(dfa, &mut cache, &text, &mut ends, &mut matched).unwrap();
            let want = crate_ends(&pf, &text);
            proptest::prop_assert_eq!(&ends, &want);
            let mut listed = matched.clone();
            listed.sort_unstable();
            let found: Vec<usize> = (0..want.len()).filter(|&p| want[p].is_some()).collect();
            proptest::prop_assert_eq!(listed, found);
        }
    }

    #[test]
    fn a_class_matches_a_whole_character() {
        // three characters of three bytes each: `[^\n]{3}` counts characters, not bytes
        let pf = Prefilter::new(&[Some(r"ab[^\n]{0,3}cd")]);
        assert_eq!(pf.one(Some("ab张三丰cd")), vec![0]);
        assert_eq!(pf.one(Some("ab张三丰李cd")), Vec::<usize>::new());
    }
}
