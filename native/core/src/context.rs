//! Context words near a candidate (the twin of `Scanner._near`): each kind's context and
//! negative words as one caseless regex ([`WordList`]), and every list's words in one
//! Aho-Corasick automaton ([`Automaton`]) run once a text, so that a candidate's words are
//! looked up among the text's occurrences instead of searched for again in its window.
//!
//! Both find the same words. The regex is an alternation of literal words, longest first:
//! from where a search starts, it matches at the first position where a word matches, and
//! there the first word of the alternation that does, within the searched stretch. The
//! automaton reports every occurrence of every word, so the same choice is made among
//! them ([`first`]). Caselessly, an ASCII letter also matches `K` (U+212A) and `ſ`
//! (U+017F), which the automaton's ASCII caselessness does not: a text holding either takes
//! the regexes, and so does a list with a character outside ASCII and the CJK blocks
//! (whose characters have no case).

use std::sync::atomic::{AtomicU64, Ordering};

use aho_corasick::automaton::Automaton as _;
use aho_corasick::dfa::DFA;
use aho_corasick::{Anchored, MatchKind};
use boxguard_regex::{Regex, RegexBuilder};

use crate::engine::{next_char, EngineError};
use crate::text::{Occurrence, Occurrences, Prepared};

/// A list's place for a word of the automaton that it does not hold.
const ABSENT: u32 = u32::MAX;

/// A kind's context (or negative) words as one caseless regex, with the fewest code
/// points a word has: a stretch of fewer holds none (a caseless match has as many code
/// points as its word), so it is not searched.
pub(crate) struct WordList {
    rx: Regex,
    shortest: usize,
    /// The words in the alternation's order.
    words: Vec<String>,
    /// Each of the automaton's words' place in `words` ([`ABSENT`]: not one of them);
    /// empty when the list is searched by its regex alone.
    places: Vec<u32>,
}

impl WordList {
    /// The list of `words` (None when it has none).
    ///
    /// # Errors
    /// A word PCRE2 refuses (none does: they are escaped).
    pub(crate) fn new(words: &[String]) -> Result<Option<Self>, EngineError> {
        let mut alts: Vec<&String> = words.iter().filter(|w| !w.is_empty()).collect();
        alts.sort();
        alts.dedup();
        // longest first, as Python's sorted(set, key=len, reverse=True) (stable on the set's
        // order; equal lengths never change which alternative matches at a position)
        alts.sort_by_key(|w| std::cmp::Reverse(w.chars().count()));
        if alts.is_empty() {
            return Ok(None);
        }
        let pattern = alts.iter().map(|w| escape(w)).collect::<Vec<_>>().join("|");
        let shortest = alts.iter().map(|w| w.chars().count()).min().unwrap_or(1);
        let rx = RegexBuilder::new()
            .utf(true)
            .ucp(true)
            .caseless(true)
            .jit_if_available(true)
            .build(&pattern)
            .map_err(|e| EngineError(format!("context words: {e}")))?;
        Ok(Some(Self {
            rx,
            shortest,
            words: alts.into_iter().cloned().collect(),
            places: Vec::new(),
        }))
    }

    /// Whether the automaton finds the same words as the regex: each character ASCII or
    /// of the CJK blocks (U+2E80–U+9FFF), none of which has a case.
    fn plain(&self) -> bool {
        self.words
            .iter()
            .flat_map(|w| w.chars())
            .all(|c| c.is_ascii() || ('\u{2E80}'..='\u{9FFF}').contains(&c))
    }
}

fn escape(word: &str) -> String {
    let mut out = String::with_capacity(word.len() + 4);
    for c in word.chars() {
        if c.is_ascii_punctuation() || c == ' ' {
            out.push('\\');
        }
        out.push(c);
    }
    out
}

/// The words of an engine's plain lists in one automaton.
pub(crate) struct Automaton {
    dfa: DFA,
    /// Which engine's (a text's occurrences are kept for one).
    id: u64,
}

impl Automaton {
    /// The automaton of the plain ones of `lists`, whose places it sets (None when no list
    /// is plain).
    ///
    /// # Errors
    /// The automaton could not be built (too large).
    pub(crate) fn new(lists: &mut [&mut WordList]) -> Result<Option<Self>, EngineError> {
        let mut words: Vec<&str> = Vec::new();
        let mut number = std::collections::HashMap::new();
        let plain: Vec<bool> = lists.iter().map(|l| l.plain()).collect();
        for (list, _) in lists.iter().zip(&plain).filter(|(_, &p)| p) {
            for w in &list.words {
                number.entry(w.clone()).or_insert_with(|| {
                    words.push(w);
                    words.len() - 1
                });
            }
        }
        if words.is_empty() {
            return Ok(None);
        }
        let dfa = DFA::builder()
            .ascii_case_insensitive(true)
            .match_kind(MatchKind::Standard)
            .prefilter(false)
            .build(&words)
            .map_err(|e| EngineError(format!("context words: {e}")))?;
        for (list, _) in lists.iter_mut().zip(&plain).filter(|(_, &p)| p) {
            let mut places = vec![ABSENT; number.len()];
            for (place, w) in list.words.iter().enumerate() {
                places[number[w]] = u32::try_from(place).unwrap_or(ABSENT);
            }
            list.places = places;
        }
        static ENGINES: AtomicU64 = AtomicU64::new(0);
        Ok(Some(Self {
            dfa,
            id: ENGINES.fetch_add(1, Ordering::Relaxed),
        }))
    }

    /// Every occurrence of every word in `text`, by start (None: a text the regexes read).
    fn occurrences(&self, text: &str) -> Option<Occurrences> {
        if text.contains('\u{212A}') || text.contains('\u{17F}') {
            return None;
        }
        // the automaton's own overlapping search, byte by byte: every word ending at a
        // byte is a match of the state it reaches there (standard semantics)
        let dfa = &self.dfa;
        let mut found = Occurrences::new();
        let mut sid = dfa.start_state(Anchored::No).ok()?;
        for (at, &byte) in text.as_bytes().iter().enumerate() {
            sid = dfa.next_state(Anchored::No, sid, byte);
            if dfa.is_match(sid) {
                self.ending(sid, at + 1, &mut found);
            }
        }
        found.sort_unstable();
        Some(found)
    }

    /// The words that state `sid`, reached at byte `end`, matches (kept out of the byte
    /// loop, which then holds its state in registers).
    #[inline(never)]
    fn ending(&self, sid: aho_corasick::automaton::StateID, end: usize, found: &mut Occurrences) {
        for i in 0..self.dfa.match_len(sid) {
            let word = self.dfa.match_pattern(sid, i);
            found.push((end - self.dfa.pattern_len(word), end, word.as_u32()));
        }
    }

    /// `text`'s occurrences, found at the first call (None: its words are searched by the
    /// regexes).
    pub(crate) fn of<'t>(&self, text: &'t Prepared) -> Option<&'t [Occurrence]> {
        let (id, found) = text
            .context
            .get_or_init(|| (self.id, self.occurrences(text.as_str())));
        if *id == self.id {
            found.as_deref()
        } else {
            None // kept for another engine's words
        }
    }
}

/// Where the list's regex, searched in bytes `[from, to)`, matches first: among the
/// occurrences starting there at the first start with one of its words ending by `to`,
/// the word first in its alternation.
fn first(list: &WordList, found: &[Occurrence], from: usize, to: usize) -> Option<(usize, usize)> {
    let mut best: Option<(u32, usize, usize)> = None;
    for &(s, e, w) in &found[found.partition_point(|o| o.0 < from)..] {
        if s >= to || best.is_some_and(|b| b.1 != s) {
            break;
        }
        let place = list.places[w as usize];
        if place != ABSENT && e <= to && best.is_none_or(|b| place < b.0) {
            best = Some((place, s, e));
        }
    }
    best.map(|(_, s, e)| (s, e))
}

/// The nearest word of `list` before `[start, end)` within `before` code points (and
/// where it ends), else the first one within `after` code points after it (ending at -1);
/// looked up in `found`, the text's occurrences, when the list is in the automaton.
pub(crate) fn nearest<'t>(
    list: &WordList,
    found: Option<&[Occurrence]>,
    text: &'t Prepared,
    start: usize,
    end: usize,
    before: usize,
    after: usize,
) -> Option<(&'t str, i64)> {
    let found = found.filter(|_| !list.places.is_empty());
    let search = |from: usize, to: usize| match found {
        Some(found) => first(list, found, from, to),
        None => list
            .rx
            .find_at(&text.as_str().as_bytes()[..to], from)
            .ok()
            .flatten()
            .map(|m| (m.start(), m.end())),
    };
    let shortest = list.shortest;
    let lo = text.byte(start.saturating_sub(before));
    let hi = text.byte(start);
    let mut pos = lo;
    let mut best = None;
    // (a search from `pos` starts on a code point: the window's or a match's end)
    while pos <= hi && start - text.char_at(pos) >= shortest {
        let Some((s, e)) = search(pos, hi) else {
            break;
        };
        best = Some((s, e));
        pos = if e > s {
            e
        } else {
            next_char(text.as_str().as_bytes(), e)
        };
    }
    // (PCRE2 in UTF mode: a match starts and ends on a character's first byte)
    let word = |s: usize, e: usize| text.as_str().get(s..e).unwrap_or_default();
    if let Some((s, e)) = best {
        return Some((
            word(s, e),
            i64::try_from(text.char_at(e)).unwrap_or(i64::MAX),
        ));
    }
    let last = (end + after).min(text.chars());
    if after > 0 && last >= end + shortest {
        let (s, e) = search(text.byte(end), text.byte(last))?;
        return Some((word(s, e), -1));
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn list(words: &[&str]) -> (WordList, Option<Automaton>) {
        let words: Vec<String> = words.iter().map(|w| (*w).to_string()).collect();
        let mut list = WordList::new(&words).unwrap().unwrap();
        let ac = Automaton::new(&mut [&mut list]).unwrap();
        (list, ac)
    }

    #[test]
    fn the_longest_word_at_the_first_position_within_the_window() {
        let (l, ac) = list(&["号码", "电话号码", "tel"]);
        let ac = ac.unwrap();
        let t = Prepared::new("TEL 电话号码:1".into());
        let found = ac.of(&t);
        assert!(found.is_some());
        assert_eq!(nearest(&l, found, &t, 9, 10, 20, 0), Some(("电话号码", 8)));
        // the window cuts 电话 off: 号码 is what the regex finds in it
        assert_eq!(nearest(&l, found, &t, 9, 10, 3, 0), Some(("号码", 8)));
        assert_eq!(nearest(&l, found, &t, 0, 1, 0, 9), Some(("电话号码", -1)));
    }

    #[test]
    fn a_text_with_a_kelvin_sign_or_a_long_s_takes_the_regex() {
        let (l, ac) = list(&["sk"]);
        let t = Prepared::new("\u{17F}\u{212A}:1".into());
        assert_eq!(ac.unwrap().of(&t), None);
        assert_eq!(
            nearest(&l, None, &t, 3, 4, 5, 0),
            Some(("\u{17F}\u{212A}", 2))
        );
    }

    #[test]
    fn a_list_with_cased_letters_beyond_ascii_is_searched_by_its_regex() {
        let (l, ac) = list(&["ärztin"]);
        assert!(ac.is_none() && l.places.is_empty());
    }

    fn word() -> impl Strategy<Value = String> {
        proptest::string::string_regex("[aAbB号码电]{1,4}").unwrap()
    }

    proptest! {
        #[test]
        fn the_automaton_finds_what_the_regex_finds(
            words in proptest::collection::vec(word(), 1..6),
            text in "[aAbB号码电 :1\u{17F}]{0,30}",
            start in 0usize..32, len in 0usize..4, before in 0usize..20, after in 0usize..8,
        ) {
            let (l, ac) = list(&words.iter().map(String::as_str).collect::<Vec<_>>());
            let t = Prepared::new(text);
            let start = start.min(t.chars());
            let end = (start + len).min(t.chars());
            let found = ac.as_ref().and_then(|a| a.of(&t));
            prop_assert_eq!(
                nearest(&l, found, &t, start, end, before, after),
                nearest(&l, None, &t, start, end, before, after)
            );
        }
    }
}
