//! People's names in the fields of a record (the twin of
//! `boxguard.kinds.person.find_record_names` and the name shapes it reads:
//! `is_bare_name`, `_loose_shape`).
//!
//! Every regex and word list comes from `boxguard.kinds.person` at construction.

use std::collections::{HashMap, HashSet};

use pcre2::bytes::Regex;

use crate::engine::EngineError;
use crate::finders::{found, python_regex, whole, PyRegex, Span};
use crate::text::Prepared;

fn han(c: char) -> bool {
    ('\u{4e00}'..='\u{9fff}').contains(&c)
}

/// The shapes of a Chinese name: surname + given characters, a ·-name, airline pinyin.
pub struct NameShapes {
    airline: Regex,
    minority: Regex,
    label_word: Regex,
    single: HashSet<String>,
    compound: HashSet<String>,
    given: HashSet<char>,
    no_name: HashSet<String>,
    not_last: Vec<char>,
}

/// What [`NameShapes`] is built from (the declarations of `boxguard.kinds.person`).
pub struct ShapeRules<'a> {
    /// `ZHANG/SAN` (matched whole).
    pub airline: PyRegex<'a>,
    /// A ·-name (matched whole).
    pub minority: PyRegex<'a>,
    /// A person label (matched whole: a label is no name).
    pub label_word: PyRegex<'a>,
    /// Single-character surnames.
    pub single: Vec<String>,
    /// Two-character surnames.
    pub compound: Vec<String>,
    /// Characters common in given names.
    pub given: String,
    /// Placeholders a name field holds (未知).
    pub no_name: Vec<String>,
    /// Characters a name never ends with (号码).
    pub not_last: String,
}

impl NameShapes {
    /// Compile the rules.
    ///
    /// # Errors
    /// A regex the core does not read as Python does.
    pub fn new(rules: ShapeRules<'_>) -> Result<Self, EngineError> {
        Ok(Self {
            airline: whole(rules.airline.0, rules.airline.1)?,
            minority: whole(rules.minority.0, rules.minority.1)?,
            label_word: whole(rules.label_word.0, rules.label_word.1)?,
            single: rules.single.into_iter().collect(),
            compound: rules.compound.into_iter().collect(),
            given: rules.given.chars().collect(),
            no_name: rules.no_name.into_iter().collect(),
            not_last: rules.not_last.chars().collect(),
        })
    }

    /// The given characters of a Chinese name value (after its surname), or "".
    fn given_part<'v>(&self, value: &'v str) -> &'v str {
        let mut it = value.char_indices();
        let second = it.nth(1).map_or(value.len(), |(b, _)| b);
        let third = it.next().map_or(value.len(), |(b, _)| b);
        if self.compound.contains(&value[..third]) {
            &value[third..]
        } else if self.single.contains(&value[..second]) {
            &value[second..]
        } else {
            ""
        }
    }

    fn chinese_shape(value: &str) -> bool {
        (2..=4).contains(&value.chars().count()) && value.chars().all(han)
    }

    /// `is_bare_name`: a whole value that is a name.
    #[must_use]
    pub fn is_bare_name(&self, value: &str) -> bool {
        let v = value.as_bytes();
        if found(&self.airline, v, 0) || found(&self.minority, v, 0) {
            return true;
        }
        if !Self::chinese_shape(value) {
            return false;
        }
        let given = self.given_part(value);
        (1..=2).contains(&given.chars().count()) && given.chars().all(|c| self.given.contains(&c))
    }

    /// `_loose_shape`: surname + 1–2 Chinese characters, any of them, not a placeholder or
    /// a label.
    #[must_use]
    pub fn loose_shape(&self, value: &str) -> bool {
        if !Self::chinese_shape(value) {
            return false;
        }
        if self.no_name.contains(value)
            || found(&self.label_word, value.as_bytes(), 0)
            || value
                .chars()
                .last()
                .is_some_and(|c| self.not_last.contains(&c))
        {
            return false;
        }
        (1..=2).contains(&self.given_part(value).chars().count())
    }
}

/// The regexes of [`RecordNames`], by their names in `boxguard.kinds.person`.
pub type Regexes<'a> = HashMap<String, PyRegex<'a>>;

/// Names filling a field of a record that also holds an ID or phone number.
pub struct RecordNames {
    shapes: NameShapes,
    id_like: Regex,
    field: Regex,
    header_word: Regex,
    name_column: Regex,
    thing_column: Regex,
    insert_columns: Regex,
    cols_group: usize,
    tuple: Regex,
    seps: Vec<char>,
    quotes: Vec<char>,
}

type Header = (char, Vec<usize>);

impl RecordNames {
    /// `regexes`: `_ID_LIKE`, `_FIELD`, `_HEADER_WORD`, `_NAME_COLUMN`, `_THING_COLUMN`,
    /// `_INSERT_COLUMNS`, `_TUPLE`; `seps`: `_SEPS`; `quotes`: `_QUOTES`.
    ///
    /// # Errors
    /// A missing regex, or one the core does not read as Python does.
    pub fn new(
        shapes: NameShapes,
        regexes: &Regexes<'_>,
        seps: &str,
        quotes: &str,
    ) -> Result<Self, EngineError> {
        let get = |name: &str| {
            regexes
                .get(name)
                .copied()
                .ok_or_else(|| EngineError(format!("no regex {name}")))
        };
        let rx = |name: &str| get(name).and_then(|(p, f)| python_regex(p, f));
        let insert_columns = rx("_INSERT_COLUMNS")?;
        let cols_group = insert_columns
            .capture_names()
            .iter()
            .position(|n| n.as_deref() == Some("cols"))
            .ok_or_else(|| EngineError("_INSERT_COLUMNS has no group cols".into()))?;
        Ok(Self {
            shapes,
            id_like: rx("_ID_LIKE")?,
            field: rx("_FIELD")?,
            header_word: rx("_HEADER_WORD")?,
            name_column: get("_NAME_COLUMN").and_then(|(p, f)| whole(p, f))?,
            thing_column: get("_THING_COLUMN").and_then(|(p, f)| whole(p, f))?,
            insert_columns,
            cols_group,
            tuple: rx("_TUPLE")?,
            seps: seps.chars().collect(),
            quotes: quotes.chars().collect(),
        })
    }

    /// The name shapes.
    #[must_use]
    pub fn shapes(&self) -> &NameShapes {
        &self.shapes
    }

    fn strip<'v>(&self, s: &'v str) -> &'v str {
        s.trim_matches(|c| self.quotes.contains(&c))
    }

    fn name_columns<'c>(&self, columns: impl Iterator<Item = &'c str>) -> Vec<usize> {
        columns
            .enumerate()
            .filter(|(_, c)| {
                let c = self.strip(c).as_bytes();
                found(&self.name_column, c, 0) && !found(&self.thing_column, c, 0)
            })
            .map(|(i, _)| i)
            .collect()
    }

    fn header(&self, line: &str) -> Option<Header> {
        if !found(&self.header_word, line.as_bytes(), 0) {
            return None;
        }
        let sep = *self.seps.iter().find(|&&c| line.contains(c))?;
        let cols = self.name_columns(line.split(sep));
        (!cols.is_empty()).then_some((sep, cols))
    }

    fn named_fields(
        &self,
        line: &str,
        lp: &Prepared,
        pos: usize,
        header: Option<&Header>,
        out: &mut Vec<Span>,
    ) {
        let b = line.as_bytes();
        let mut rows: Vec<(usize, &str, char, Vec<usize>)> = Vec::new();
        let mut locs = self.insert_columns.capture_locations();
        let insert = if line.contains("INTO") || line.contains("into") {
            self.insert_columns
                .captures_read_at(&mut locs, b, 0)
                .ok()
                .flatten()
                .map(|m| m.end())
        } else {
            None
        };
        if let Some(ins_end) = insert {
            let (cs, ce) = locs.get(self.cols_group).unwrap_or((0, 0));
            let cols = self.name_columns(line[cs..ce].split(','));
            if !cols.is_empty() {
                let mut tl = self.tuple.capture_locations();
                let mut at = ins_end;
                while at <= b.len() {
                    let Ok(Some(m)) = self.tuple.captures_read_at(&mut tl, b, at) else {
                        break;
                    };
                    at = if m.end() > m.start() {
                        m.end()
                    } else {
                        line[m.end()..]
                            .chars()
                            .next()
                            .map_or(b.len() + 1, |c| m.end() + c.len_utf8())
                    };
                    if let Some((s, e)) = tl.get(1) {
                        rows.push((lp.char_at(s), &line[s..e], ',', cols.clone()));
                    }
                }
            }
        } else if let Some((sep, cols)) = header {
            rows.push((0, line, *sep, cols.clone()));
        }
        for (offset, row, sep, cols) in rows {
            let mut at = offset;
            let last = cols.iter().copied().max().unwrap_or(0);
            for (i, field) in row.splitn(last + 2, sep).take(last + 1).enumerate() {
                let value = self.strip(field);
                if cols.contains(&i)
                    && !value.is_empty()
                    && self.shapes.loose_shape(value)
                    && !self.shapes.is_bare_name(value)
                {
                    let lead = field.chars().count()
                        - field
                            .trim_start_matches(|c| self.quotes.contains(&c))
                            .chars()
                            .count();
                    let start = pos + at + lead;
                    out.push(Span {
                        start,
                        end: start + value.chars().count(),
                        score: 0.8,
                        evidence: vec!["field".into(), "column".into()],
                    });
                }
                at += field.chars().count() + 1;
            }
        }
    }

    /// The names of `text`'s records.
    #[must_use]
    pub fn find(&self, text: &Prepared) -> Vec<Span> {
        let mut out = Vec::new();
        let mut pos = 0;
        let mut header: Option<Header> = None;
        let (mut prev, mut in_rows) = ("", false);
        for line in text.as_str().split('\n') {
            let b = line.as_bytes();
            if found(&self.id_like, b, 0) && self.seps.iter().any(|&c| line.contains(c)) {
                let lp = Prepared::new(line.to_string());
                let mut locs = self.field.capture_locations();
                let mut at = 0;
                while at <= b.len() {
                    let Ok(Some(m)) = self.field.captures_read_at(&mut locs, b, at) else {
                        break;
                    };
                    at = if m.end() > m.start() {
                        m.end()
                    } else {
                        line[m.end()..]
                            .chars()
                            .next()
                            .map_or(b.len() + 1, |c| m.end() + c.len_utf8())
                    };
                    if let Some((s, e)) = locs.get(2) {
                        if self.shapes.is_bare_name(&line[s..e]) {
                            out.push(Span {
                                start: pos + lp.char_at(s),
                                end: pos + lp.char_at(e),
                                score: 0.8,
                                evidence: vec!["field".into(), "surname".into()],
                            });
                        }
                    }
                }
                if !in_rows {
                    // the first record of a block: the line above may be its header
                    if let Some(h) = self.header(prev) {
                        header = Some(h);
                    }
                }
                if header.is_some() || line.contains("INTO") || line.contains("into") {
                    self.named_fields(line, &lp, pos, header.as_ref(), &mut out);
                }
                in_rows = true;
            } else {
                in_rows = false;
            }
            prev = line;
            pos += line.chars().count() + 1;
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::finders::{IGNORECASE, UNICODE};

    fn finder() -> RecordNames {
        let shapes = NameShapes::new(ShapeRules {
            airline: ("[A-Z]{2,12}/[A-Z]{2,12}", UNICODE),
            minority: (r"[\u4e00-\u9fff]{2,6}·[\u4e00-\u9fff]{2,8}", UNICODE),
            label_word: ("姓名|客户", UNICODE),
            single: vec!["王".into(), "李".into(), "张".into()],
            compound: vec!["欧阳".into()],
            given: "伟娜芳".into(),
            no_name: vec!["未知".into()],
            not_last: "号码".into(),
        })
        .unwrap();
        let field = r#"(?<![^\n,|(])[ ]*(['"`]?)([\u4e00-\u9fff]{2,4})\1[ ]*(?=[,|)]|\n|$)"#;
        let rx: Regexes<'_> = [
            ("_ID_LIKE", ("[0-9]{6}", UNICODE)),
            ("_FIELD", (field, UNICODE)),
            ("_HEADER_WORD", ("姓名|[Nn]ame", UNICODE)),
            (
                "_NAME_COLUMN",
                ("(?i)(?:[a-z]+_)?name|姓名", UNICODE | IGNORECASE),
            ),
            (
                "_THING_COLUMN",
                ("(?i)(?:file|product)_?name", UNICODE | IGNORECASE),
            ),
            (
                "_INSERT_COLUMNS",
                (
                    r"(?i)INSERT\s+INTO\s+[^\s(]+\s*\((?P<cols>[^()]*)\)\s*VALUES",
                    UNICODE | IGNORECASE,
                ),
            ),
            ("_TUPLE", (r"\(([^()]*)\)", UNICODE)),
        ]
        .into_iter()
        .map(|(k, v)| (k.to_string(), v))
        .collect();
        RecordNames::new(shapes, &rx, ",|", " `'\"[]").unwrap()
    }

    fn names(f: &RecordNames, s: &str) -> Vec<String> {
        let t = Prepared::new(s.to_string());
        f.find(&t)
            .into_iter()
            .map(|sp| t.slice(sp.start, sp.end).to_string())
            .collect()
    }

    #[test]
    fn a_name_of_common_characters_fills_a_field() {
        let f = finder();
        assert_eq!(names(&f, "说明\n王伟,532528195003070012"), vec!["王伟"]);
        assert!(names(&f, "王伟,张三").is_empty()); // no identifier: not a record
    }

    #[test]
    fn a_header_names_the_column_of_any_name() {
        let f = finder();
        let t = "编号,姓名,电话\n1,王二狗,13812345678\n2,'欧阳娜娜',13912345678";
        assert_eq!(names(&f, t), vec!["王二狗", "欧阳娜娜"]);
        let t = "INSERT INTO t (id, name) VALUES (1,'李铁柱'),(2,'未知') 138123456789";
        assert_eq!(names(&f, t), vec!["李铁柱"]);
    }

    #[test]
    fn shapes() {
        let f = finder();
        let s = f.shapes();
        assert!(s.is_bare_name("欧阳娜娜") && s.is_bare_name("ZHANG/SAN"));
        assert!(!s.is_bare_name("王二狗") && s.loose_shape("王二狗"));
        assert!(!s.loose_shape("姓名") && !s.loose_shape("王号码") && !s.loose_shape("未知"));
    }
}
