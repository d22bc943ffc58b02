//! Romanised names (the twins of `boxguard.kinds.person.find_roman_names`,
//! `find_airline_names` and `find_sql_names`) and the pinyin test they share
//! (`is_pinyin`).
//!
//! Every regex, word list and syllable comes from `boxguard.kinds.person` at construction;
//! the scores and evidence are the finders' own (the differential tests compare them).

use rustc_hash::FxHashSet as HashSet;

use boxguard_regex::Regex;

use crate::engine::EngineError;
use crate::finders::{
    anchored_with, find_iter, found, group, groups_iter, python_regex, python_regex_with, whole,
    PyClasses, Span,
};
use crate::names::{named, NameShapes, Regexes};
use crate::text::Prepared;

/// Mandarin syllables (`_SYLLABLES`): whether a word splits into them.
pub struct Pinyin {
    syllables: HashSet<String>,
    longest: usize,
}

impl Pinyin {
    /// Index `syllables` (lowercase).
    #[must_use]
    pub fn new(syllables: Vec<String>) -> Self {
        let longest = syllables
            .iter()
            .map(|s| s.chars().count())
            .max()
            .unwrap_or(0);
        Self {
            syllables: syllables.into_iter().collect(),
            longest,
        }
    }

    /// `is_pinyin`: `word` (lowercased as Python's `str.lower`) splits into syllables.
    #[must_use]
    pub fn is_pinyin(&self, word: &str) -> bool {
        let w: Vec<char> = word.to_lowercase().chars().collect();
        let mut ok = vec![false; w.len() + 1];
        ok[0] = true;
        let mut piece = String::new();
        for i in 0..w.len() {
            if !ok[i] {
                continue;
            }
            for n in 1..=self.longest.min(w.len() - i) {
                piece.clear();
                piece.extend(&w[i..i + n]);
                if self.syllables.contains(&piece) {
                    ok[i + n] = true;
                }
            }
        }
        ok[w.len()]
    }
}

/// The Latin words of a value (`LATIN_WORD`) and what they say: all pinyin, a SQL word.
struct Latin {
    word: Regex,
    pinyin: Pinyin,
    code_words: HashSet<String>,
}

impl Latin {
    fn words<'v>(&self, value: &'v str) -> impl Iterator<Item = &'v str> {
        find_iter(&self.word, value.as_bytes())
            .into_iter()
            .map(move |(s, e)| &value[s..e])
    }

    /// Every Latin word of `value` is pinyin (`all(is_pinyin(w) for w in …)`).
    fn all_pinyin(&self, value: &str) -> bool {
        self.words(value).all(|w| self.pinyin.is_pinyin(w))
    }

    /// `code_words`: a word of `value`, uppercased, is a SQL word.
    fn code_words(&self, value: &str) -> bool {
        self.words(value)
            .any(|w| self.code_words.contains(&w.to_uppercase()))
    }
}

/// What [`RomanNames`] reads besides its regexes.
pub struct RomanWords {
    /// `_SYLLABLES`.
    pub syllables: Vec<String>,
    /// `_CODE_WORDS` (`boxguard.kinds._names`).
    pub code_words: Vec<String>,
    /// `_SEPS`: a record's field separators.
    pub seps: String,
}

/// Romanised names after a label, alone on an ID card's line, or in a record's field.
pub struct RomanNames {
    roman: Regex,
    roman_at: Regex,
    label: Regex,
    colon: usize,
    thing_name: Regex,
    field_end: Regex,
    verb_next: Regex,
    line: Regex,
    line_value: usize,
    field: Regex,
    field_value: usize,
    id_like: Regex,
    latin: Latin,
    seps: Vec<char>,
}

impl RomanNames {
    /// `regexes`: `_ROMAN_RX`, `_ROMAN_LABEL` (group `colon`), `_THING_NAME`, `_FIELD_END`,
    /// `_VERB_NEXT`, `_ROMAN_LINE` and `_ROMAN_FIELD` (group `value`), `_ID_LIKE`,
    /// `LATIN_WORD`; `classes`: Python's `\w` (for `\b`).
    ///
    /// # Errors
    /// A missing regex or group, or a regex the core does not read as Python does.
    pub fn new(
        regexes: &Regexes<'_>,
        words: RomanWords,
        classes: &PyClasses,
    ) -> Result<Self, EngineError> {
        let get = |name: &str| named(regexes, name);
        let rx = |name: &str| get(name).and_then(|(p, f)| python_regex_with(p, f, classes));
        let at = |name: &str| get(name).and_then(|(p, f)| anchored_with(p, f, classes));
        let (label, line, field) = (rx("_ROMAN_LABEL")?, rx("_ROMAN_LINE")?, rx("_ROMAN_FIELD")?);
        Ok(Self {
            roman: rx("_ROMAN_RX")?,
            roman_at: at("_ROMAN_RX")?,
            colon: group(&label, "colon")?,
            label,
            thing_name: rx("_THING_NAME")?,
            field_end: at("_FIELD_END")?,
            verb_next: at("_VERB_NEXT")?,
            line_value: group(&line, "value")?,
            line,
            field_value: group(&field, "value")?,
            field,
            id_like: rx("_ID_LIKE")?,
            latin: Latin {
                word: rx("LATIN_WORD")?,
                pinyin: Pinyin::new(words.syllables),
                code_words: words.code_words.into_iter().collect(),
            },
            seps: words.seps.chars().collect(),
        })
    }

    /// `_ROMAN_LABEL.search(text, max(0, start - 40), start)`: the label's span and its
    /// `colon` group's (bytes).
    fn label_before<'t>(
        &self,
        text: &'t Prepared,
        start: usize,
    ) -> Option<((usize, usize), &'t str)> {
        let b = text.as_str().as_bytes();
        let from = text.byte(text.char_at(start).saturating_sub(40));
        let mut locs = self.label.capture_locations();
        let m = self
            .label
            .captures_read_at(&mut locs, &b[..start], from)
            .ok()??;
        let (cs, ce) = locs.get(self.colon)?;
        Some(((m.start(), m.end()), &text.as_str()[cs..ce]))
    }

    /// The romanised names of `text`.
    #[must_use]
    pub fn find(&self, text: &Prepared) -> Vec<Span> {
        let s = text.as_str();
        let b = s.as_bytes();
        let mut out = Vec::new();
        for (fs, fe) in find_iter(&self.roman, b) {
            let (mut ms, mut me) = (fs, fe);
            let mut label = self.label_before(text, ms);
            if label.is_none() {
                if let Some(space) = s[ms..me].find(' ') {
                    // Customer Mingyu Qian: the label is a word of the match
                    if let Ok(Some(m)) = self.roman_at.find_at(&b[..me], ms + space + 1) {
                        (ms, me) = (m.start(), m.end());
                    }
                    label = self.label_before(text, ms);
                }
            }
            let Some(((ls, le), colon)) = label else {
                continue;
            };
            // a thing's name (file name, product_name)
            let at = text.char_at(ls);
            let hi = text.byte(at + 4);
            if found(&self.thing_name, &b[..hi], text.byte(at.saturating_sub(2))) {
                continue;
            }
            let value = &s[ms..me];
            let pinyin = self.latin.all_pinyin(value);
            let head: String = s[ls..le]
                .chars()
                .take(2)
                .flat_map(char::to_lowercase)
                .collect();
            let weak = colon == " " || head == "to" || head == "fr";
            if weak && !(pinyin && (found(&self.field_end, b, me) || found(&self.verb_next, b, me)))
            {
                continue; // To Whom, Customer Due Diligence: words, not a name
            }
            if self.latin.code_words(value) {
                continue;
            }
            out.push(Span {
                start: text.char_at(ms),
                end: text.char_at(me),
                score: 0.85,
                evidence: vec!["label".into(), "roman".into()],
            });
        }
        for g in groups_iter(&self.line, b, 0, &[self.line_value]) {
            if let Some((vs, ve)) = g[0] {
                out.push(Span {
                    start: text.char_at(vs),
                    end: text.char_at(ve),
                    score: 0.8,
                    evidence: vec!["field".into(), "roman".into()],
                });
            }
        }
        let mut at = 0;
        for line in s.split('\n') {
            let lb = line.as_bytes();
            if found(&self.id_like, lb, 0) && self.seps.iter().any(|&c| line.contains(c)) {
                for g in groups_iter(&self.field, lb, 0, &[self.field_value]) {
                    if let Some((vs, ve)) = g[0] {
                        if self.latin.all_pinyin(&line[vs..ve]) {
                            out.push(Span {
                                start: text.char_at(at + vs),
                                end: text.char_at(at + ve),
                                score: 0.8,
                                evidence: vec!["field".into(), "roman".into()],
                            });
                        }
                    }
                }
            }
            at += line.len() + 1;
        }
        out
    }
}

/// `SURNAME/GIVEN` as tickets and manifests write names, and the names of an SSR DOCS line.
pub struct AirlineNames {
    name: Regex,
    name_value: usize,
    docs: Regex,
    docs_value: usize,
    pinyin: Pinyin,
}

impl AirlineNames {
    /// `regexes`: `_AIRLINE_NAME`, `_DOCS_NAME` (each with a group `value`); `syllables`:
    /// `_SYLLABLES`.
    ///
    /// # Errors
    /// A missing regex or group, or a regex the core does not read as Python does.
    pub fn new(regexes: &Regexes<'_>, syllables: Vec<String>) -> Result<Self, EngineError> {
        let rx = |name: &str| named(regexes, name).and_then(|(p, f)| python_regex(p, f));
        let (name, docs) = (rx("_AIRLINE_NAME")?, rx("_DOCS_NAME")?);
        Ok(Self {
            name_value: group(&name, "value")?,
            name,
            docs_value: group(&docs, "value")?,
            docs,
            pinyin: Pinyin::new(syllables),
        })
    }

    /// The airline-style names of `text`.
    #[must_use]
    pub fn find(&self, text: &Prepared) -> Vec<Span> {
        let s = text.as_str();
        let b = s.as_bytes();
        let mut out = Vec::new();
        for g in groups_iter(&self.name, b, 0, &[self.name_value]) {
            let Some((vs, ve)) = g[0] else { continue };
            let value = &s[vs..ve];
            let (sur, given) = value.split_once('/').unwrap_or((value, ""));
            let pinyin = self.pinyin.is_pinyin(sur) && self.pinyin.is_pinyin(given);
            let mut evidence = vec!["label".to_string(), "pattern:pinyin_airline".into()];
            if pinyin {
                evidence.push("format:pinyin".into());
            }
            out.push(Span {
                start: text.char_at(vs),
                end: text.char_at(ve),
                score: if pinyin { 0.75 } else { 0.45 },
                evidence,
            });
        }
        for g in groups_iter(&self.docs, b, 0, &[self.docs_value]) {
            if let Some((vs, ve)) = g[0] {
                out.push(Span {
                    start: text.char_at(vs),
                    end: text.char_at(ve),
                    score: 0.85,
                    evidence: vec!["label".into(), "field:ssr-docs".into()],
                });
            }
        }
        out
    }
}

/// Names a SQL statement compares or assigns to a name column, or a JSON object holds
/// under a name key.
pub struct SqlNames {
    shapes: NameShapes,
    sql: Regex,
    column: usize,
    value: usize,
    thing_column: Regex,
    roman: Regex,
    latin: Latin,
}

impl SqlNames {
    /// `regexes`: `_SQL_NAME` (groups `column`, `value`), `_THING_COLUMN`, `_ROMAN_WHOLE`
    /// (matched whole), `LATIN_WORD`; `syllables`: `_SYLLABLES`.
    ///
    /// # Errors
    /// A missing regex or group, or a regex the core does not read as Python does.
    pub fn new(
        shapes: NameShapes,
        regexes: &Regexes<'_>,
        syllables: Vec<String>,
    ) -> Result<Self, EngineError> {
        let get = |name: &str| named(regexes, name);
        let sql = get("_SQL_NAME").and_then(|(p, f)| python_regex(p, f))?;
        Ok(Self {
            shapes,
            column: group(&sql, "column")?,
            value: group(&sql, "value")?,
            sql,
            thing_column: get("_THING_COLUMN").and_then(|(p, f)| whole(p, f))?,
            roman: get("_ROMAN_WHOLE").and_then(|(p, f)| whole(p, f))?,
            latin: Latin {
                word: get("LATIN_WORD").and_then(|(p, f)| python_regex(p, f))?,
                pinyin: Pinyin::new(syllables),
                code_words: HashSet::default(),
            },
        })
    }

    /// The names of `text`'s SQL conditions and assignments.
    #[must_use]
    pub fn find(&self, text: &Prepared) -> Vec<Span> {
        let s = text.as_str();
        let b = s.as_bytes();
        let mut out = Vec::new();
        for g in groups_iter(&self.sql, b, 0, &[self.column, self.value]) {
            let (Some((cs, ce)), Some((vs, ve))) = (g[0], g[1]) else {
                continue;
            };
            if found(&self.thing_column, &b[cs..ce], 0) {
                continue; // file_name='…', user_name='…'
            }
            let value = &s[vs..ve];
            let roman = found(&self.roman, value.as_bytes(), 0) && self.latin.all_pinyin(value);
            if self.shapes.is_bare_name(value) || self.shapes.loose_shape(value) || roman {
                out.push(Span {
                    start: text.char_at(vs),
                    end: text.char_at(ve),
                    score: 0.85,
                    evidence: vec!["label".into(), "field:sql".into()],
                });
            }
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::finders::{IGNORECASE, MULTILINE, UNICODE};

    fn pinyin() -> Pinyin {
        Pinyin::new(
            [
                "zhang", "san", "feng", "wei", "xiao", "ming", "li", "na", "ou", "yang", "a",
            ]
            .map(String::from)
            .to_vec(),
        )
    }

    #[test]
    fn pinyin_splits_into_syllables() {
        let p = pinyin();
        assert!(p.is_pinyin("ZHANG") && p.is_pinyin("SanFeng") && p.is_pinyin("OUYANG"));
        assert!(!p.is_pinyin("TCP") && !p.is_pinyin("zhan") && p.is_pinyin(""));
    }

    fn rxs(pairs: &[(&'static str, &'static str, u32)]) -> Regexes<'static> {
        pairs
            .iter()
            .map(|&(k, p, f)| (k.to_string(), (p, f)))
            .collect()
    }

    fn spans(found: &[Span], s: &str) -> Vec<(String, f64)> {
        let t = Prepared::new(s.to_string());
        found
            .iter()
            .map(|sp| (t.slice(sp.start, sp.end).to_string(), sp.score))
            .collect()
    }

    #[test]
    fn airline_names_are_scored_by_their_pinyin() {
        let f = AirlineNames::new(
            &rxs(&[
                (
                    "_AIRLINE_NAME",
                    r"(?<![A-Za-z/])(?P<value>[A-Z]{2,12}/[A-Z]{2,12})(?![A-Za-z/])",
                    UNICODE,
                ),
                (
                    "_DOCS_NAME",
                    r"/M/(?P<value>[A-Z]{2,12}/[A-Z]{2,12})",
                    UNICODE,
                ),
            ]),
            pinyin().syllables.into_iter().collect(),
        )
        .unwrap();
        let s = "旅客ZHANG/SANFENG与TCP/IP /M/LI/NA";
        let got = f.find(&Prepared::new(s.into()));
        assert_eq!(
            spans(&got, s),
            vec![
                ("ZHANG/SANFENG".into(), 0.75),
                ("TCP/IP".into(), 0.45),
                ("LI/NA".into(), 0.85)
            ]
        );
        assert_eq!(got[0].evidence.len(), 3);
    }

    fn roman() -> RomanNames {
        let word = PyClasses::new(
            None,
            Some(&[
                (0x30, 0x39),
                (0x41, 0x5a),
                (0x5f, 0x5f),
                (0x61, 0x7a),
                (0xe0, 0xff),
            ]),
        )
        .unwrap();
        RomanNames::new(
            &rxs(&[
                (
                    "_ROMAN_RX",
                    r"(?<![A-Za-z])[A-Z][a-z]{1,11}(?: [A-Z][a-z]{1,11}){1,2}(?![A-Za-z])",
                    UNICODE,
                ),
                (
                    "_ROMAN_LABEL",
                    r"(?:(?<![A-Za-z])(?i:name|customer|to)|姓名)(?P<colon>\s*[:：]\s*| )$",
                    UNICODE,
                ),
                ("_THING_NAME", r"[A-Za-z0-9][ _-](?i:name)", UNICODE),
                ("_FIELD_END", r"[ \t]*(?:$|\n|[,])", UNICODE),
                ("_VERB_NEXT", r" (?:can|is)\b", UNICODE),
                (
                    "_ROMAN_LINE",
                    r"(?m)^(?P<value>[A-Z]{2,12}, [A-Z][a-z]{1,11})$",
                    UNICODE | MULTILINE,
                ),
                (
                    "_ROMAN_FIELD",
                    r"(?<![^\n,])(?P<value>[A-Z][a-z]{1,11} [A-Z][a-z]{1,11})(?=[,]|$)",
                    UNICODE,
                ),
                ("_ID_LIKE", "[0-9]{6}", UNICODE),
                ("LATIN_WORD", "[A-Za-z]+", UNICODE),
            ]),
            RomanWords {
                syllables: pinyin().syllables.into_iter().collect(),
                code_words: vec!["INTO".into()],
                seps: ",".into(),
            },
            &word,
        )
        .unwrap()
    }

    fn roman_in(s: &str) -> Vec<String> {
        let got = roman().find(&Prepared::new(s.into()));
        spans(&got, s).into_iter().map(|(v, _)| v).collect()
    }

    #[test]
    fn a_roman_name_needs_a_label() {
        assert_eq!(roman_in("Name: Xiao Ming"), vec!["Xiao Ming"]);
        assert_eq!(roman_in("Dear Xiao Ming"), Vec::<String>::new());
        // an unpunctuated label only before pinyin that ends a field or meets a verb
        assert_eq!(roman_in("Customer Li Na is here"), vec!["Li Na"]);
        assert_eq!(roman_in("Customer Li Nax"), Vec::<String>::new());
        assert_eq!(roman_in("Customer Li Na isé"), Vec::<String>::new());
        assert_eq!(roman_in("To Whom It"), Vec::<String>::new());
        assert_eq!(roman_in("File name: Xiao Ming"), Vec::<String>::new());
        assert_eq!(roman_in("姓名：Into Ming"), Vec::<String>::new());
    }

    #[test]
    fn a_roman_name_alone_on_a_line_or_in_a_field() {
        assert_eq!(roman_in("x\nCHAN, Tai\n"), vec!["CHAN, Tai"]);
        assert_eq!(roman_in("说明\n123456,Li Na,x"), vec!["Li Na"]);
        assert_eq!(roman_in("123456,Tom Jones"), Vec::<String>::new());
    }

    #[test]
    fn sql_names_read_their_column() {
        let shapes = NameShapes::new(crate::names::ShapeRules {
            airline: ("[A-Z]{2,12}/[A-Z]{2,12}", UNICODE),
            minority: (r"[\u4e00-\u9fff]{2,6}·[\u4e00-\u9fff]{2,8}", UNICODE),
            label_word: ("姓名|客户", UNICODE),
            single: vec!["王".into()],
            compound: vec!["欧阳".into()],
            given: "伟".into(),
            no_name: vec!["未知".into()],
            not_last: "号码".into(),
        })
        .unwrap();
        let f = SqlNames::new(
            shapes,
            &rxs(&[
                (
                    "_SQL_NAME",
                    r#"(?P<column>(?:[A-Za-z]+_)?name)\s*=\s*(['"])(?P<value>[^'"\n]{2,24})\2"#,
                    UNICODE,
                ),
                ("_THING_COLUMN", "(?i)(?:file)_?name", UNICODE | IGNORECASE),
                (
                    "_ROMAN_WHOLE",
                    "[A-Z][a-z]{1,11}(?: [A-Z][a-z]{1,11}){1,2}",
                    UNICODE,
                ),
                ("LATIN_WORD", "[A-Za-z]+", UNICODE),
            ]),
            pinyin().syllables.into_iter().collect(),
        )
        .unwrap();
        let s = "SET name='王二狗', real_name = \"Li Na\", FİLE_NAME='王伟', name='Tom Jones'";
        let got = f.find(&Prepared::new(s.into()));
        assert_eq!(
            spans(&got, s)
                .into_iter()
                .map(|(v, _)| v)
                .collect::<Vec<_>>(),
            vec!["王二狗", "Li Na"]
        );
    }
}
