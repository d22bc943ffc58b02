//! People's names in the fields of a record (the twin of
//! `boxguard.kinds.person.find_record_names` and the name shapes it reads:
//! `is_bare_name`, `_loose_shape`).
//!
//! Every regex and word list comes from `boxguard.kinds.person` at construction.

use rustc_hash::{FxHashMap as HashMap, FxHashSet as HashSet};

use boxguard_regex::{CaptureLocations, Regex};

use crate::engine::{next_char, EngineError};
use crate::finders::{anchored, found, groups_iter, python_regex, whole, PyRegex, Span, Words};
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

/// The regex `name` of `regexes` (an error naming it when the finder's module has none).
pub(crate) fn named<'a>(regexes: &Regexes<'a>, name: &str) -> Result<PyRegex<'a>, EngineError> {
    regexes
        .get(name)
        .copied()
        .ok_or_else(|| EngineError(format!("no regex {name}")))
}

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
    /// `_FIELD` anchored, and where its matches can start, when its shape is known.
    field_at: Option<(Regex, FieldStart)>,
}

type Header = (char, Vec<usize>);

/// Where a match of `_FIELD` can start, read from the regex itself when it has this shape:
/// `(?<![^\n…])[ ]*([…]?)(A|B…)\1[ ]*(?=[…]|\n|$)`, each alternative a run of CJK
/// ideographs (`[\u4e00-\u9fff]{m,n}`), alone or followed by characters that are not
/// ideographs, and no ideograph in the classes after the group. Then a match starts at
/// a line's start or after one of `after`, then spaces, at most one of `quotes`, then a
/// run of ideographs whose length one of the alternatives' first `{m,n}` takes (the next
/// character is not one: the quantifier must take the whole run). PCRE2, searching along
/// the line, tries the lookbehind at every character; here only those starts are tried,
/// anchored.
struct FieldStart {
    after: Vec<char>,
    quotes: Vec<char>,
    /// The bytes that end one of `after`'s characters.
    ends: [bool; 256],
    /// The ideograph run lengths the alternatives take (`{m,n}` of each, merged).
    runs: Vec<(usize, usize)>,
}

/// The class every alternative of `_FIELD`'s name group begins with.
const IDEOGRAPH: &str = "[\\u4e00-\\u9fff]";

fn ideograph(c: char) -> bool {
    ('\u{4E00}'..='\u{9FFF}').contains(&c)
}

impl FieldStart {
    /// The start rule of `pattern`, when it has the shape above (None: it is searched
    /// everywhere, as any regex).
    fn of(pattern: &str) -> Option<Self> {
        let rest = pattern.strip_prefix("(?<![^")?;
        let (after, rest) = rest.split_once("])[ ]*([")?;
        let (quotes, rest) = rest.split_once("]?)(")?;
        let (names, tail) = rest.split_once(")\\1")?;
        let stops = tail.strip_prefix("[ ]*(?=[")?.strip_suffix("]|\\n|$)")?;
        // ideograph runs with counted repeats and `·` between them, nothing else
        if !names
            .replace(IDEOGRAPH, "")
            .chars()
            .all(|c| "{},0123456789|·".contains(c))
        {
            return None;
        }
        let mut runs = Vec::new();
        for alt in names.split('|') {
            // the first run, then nothing or a `·`: the run is the value's first ideographs
            let (m, n, rest) = Self::run(alt.strip_prefix(IDEOGRAPH)?)?;
            if !(rest.is_empty() || rest.starts_with('·')) {
                return None;
            }
            runs.push((m, n));
        }
        let (after, quotes) = (class(after)?, class(quotes)?);
        if class(stops)?
            .into_iter()
            .chain(quotes.iter().copied())
            .any(ideograph)
        {
            return None;
        }
        let mut ends = [false; 256];
        for c in &after {
            let mut buf = [0; 4];
            ends[usize::from(*c.encode_utf8(&mut buf).as_bytes().last().unwrap_or(&0))] = true;
        }
        Some(Self {
            after,
            quotes,
            ends,
            runs,
        })
    }

    /// `{m,n}` (or `{m}`) at the start of `s`, and what follows it.
    fn run(s: &str) -> Option<(usize, usize, &str)> {
        let (q, rest) = s.strip_prefix('{')?.split_once('}')?;
        let (m, n) = q.split_once(',').unwrap_or((q, q));
        Some((m.parse().ok()?, n.parse().ok()?, rest))
    }

    /// Where in `line` a match may start (bytes, ascending).
    fn starts(&self, line: &str) -> Vec<usize> {
        let b = line.as_bytes();
        let mut out = Vec::new();
        let mut consider = |p: usize| {
            let mut rest = line[p..].trim_start_matches(' ').chars().peekable();
            if rest.peek().is_some_and(|q| self.quotes.contains(q)) {
                rest.next();
            }
            let run = rest.take_while(|&c| ideograph(c)).count();
            if self.runs.iter().any(|&(m, n)| (m..=n).contains(&run)) {
                out.push(p);
            }
        };
        consider(0);
        for (i, &byte) in b.iter().enumerate() {
            // (an ASCII byte is its own character: no need to encode each of `after`)
            if self.ends[usize::from(byte)]
                && (byte < 0x80 && self.after.contains(&char::from(byte))
                    || self
                        .after
                        .iter()
                        .any(|c| b[..=i].ends_with(c.encode_utf8(&mut [0; 4]).as_bytes())))
            {
                consider(i + 1);
            }
        }
        out
    }
}

/// The characters of a regex class's body: characters, `\n`, escaped punctuation; no
/// range, no negation (None: another body).
fn class(body: &str) -> Option<Vec<char>> {
    let mut out = Vec::new();
    let mut it = body.chars();
    while let Some(c) = it.next() {
        out.push(match c {
            '\\' => match it.next()? {
                'n' => '\n',
                e if e.is_ascii_punctuation() => e,
                _ => return None,
            },
            '-' | '^' | '[' | ']' => return None,
            c => c,
        });
    }
    Some(out)
}

/// A line of a prepared text: code-point offsets within it, from the text's own maps.
struct InLine<'t> {
    text: &'t Prepared,
    /// the line's first byte in the text
    lb: usize,
    /// the line's first code point in the text
    pos: usize,
}

impl InLine<'_> {
    /// The code-point offset within the line of its byte `b`.
    fn char_at(&self, b: usize) -> usize {
        self.text.char_at(self.lb + b) - self.pos
    }
}

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
        let get = |name: &str| named(regexes, name);
        let rx = |name: &str| get(name).and_then(|(p, f)| python_regex(p, f));
        let insert_columns = rx("_INSERT_COLUMNS")?;
        let field = get("_FIELD")?;
        let field_at = match FieldStart::of(field.0) {
            Some(start) => Some((anchored(field.0, field.1)?, start)),
            None => None,
        };
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
            field_at,
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
        lp: &InLine<'_>,
        pos: usize,
        header: Option<&Header>,
        out: &mut Vec<Span>,
    ) {
        let b = line.as_bytes();
        let mut rows: Vec<(usize, &str, char, Vec<usize>)> = Vec::new();
        let insert = if line.contains("INTO") || line.contains("into") {
            let mut locs = self.insert_columns.capture_locations();
            self.insert_columns
                .captures_read_at(&mut locs, b, 0)
                .ok()
                .flatten()
                .map(|m| (m.end(), locs))
        } else {
            None
        };
        if let Some((ins_end, locs)) = insert {
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
                        next_char(b, m.end())
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

    /// The name group (bytes) of each match of `_FIELD` in `line`, as `finditer` gives them
    /// (`locs`: the anchored regex's, made at the first call that needs them).
    fn fields(&self, line: &str, locs: &mut Option<CaptureLocations>) -> Vec<(usize, usize)> {
        let b = line.as_bytes();
        let Some((anchored, start)) = &self.field_at else {
            return groups_iter(&self.field, b, 0, &[2])
                .into_iter()
                .filter_map(|g| g[0])
                .collect();
        };
        let locs = locs.get_or_insert_with(|| anchored.capture_locations());
        let mut out = Vec::new();
        // a match is never empty (its name group has ideographs): the next search starts
        // at its end
        let mut at = 0;
        for p in start.starts(line) {
            if p >= at {
                if let Ok(Some(m)) = anchored.captures_read_at(locs, b, p) {
                    at = m.end();
                    out.extend(locs.get(2));
                }
            }
        }
        out
    }

    /// The names of `text`'s records.
    #[must_use]
    pub fn find(&self, text: &Prepared) -> Vec<Span> {
        let mut out = Vec::new();
        let mut lb = 0; // the line's first byte in the text
        let mut header: Option<Header> = None;
        let (mut prev, mut in_rows) = ("", false);
        let mut field_locs = None; // made once, at the first record line
        for line in text.as_str().split('\n') {
            let b = line.as_bytes();
            let pos = text.char_at(lb);
            if found(&self.id_like, b, 0) && self.seps.iter().any(|&c| line.contains(c)) {
                let lp = InLine { text, lb, pos };
                for (s, e) in self.fields(line, &mut field_locs) {
                    if self.shapes.is_bare_name(&line[s..e]) {
                        out.push(Span {
                            start: pos + lp.char_at(s),
                            end: pos + lp.char_at(e),
                            score: 0.8,
                            evidence: vec!["field".into(), "surname".into()],
                        });
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
            lb += line.len() + 1;
        }
        out
    }
}

/// What [`LabelledNames`] reads besides its regexes (the declarations of
/// `boxguard.kinds.person`).
pub struct LabelWords {
    /// `_ROLE_WORDS`: labels that need a colon or a space after them.
    pub role_words: Vec<String>,
    /// `_TRANSLIT`: characters of a ·-name.
    pub translit: String,
    /// `_DOT_BEFORE`, `_DOT_AFTER`: prose glued to a ·-name's ends.
    pub dot_before: String,
    /// See `dot_before`.
    pub dot_after: String,
    /// `_STOP_AFTER`: characters that end a name after it.
    pub stop_after: String,
    /// `_VERB_AFTER`: a name's last character with the next one that forms a verb.
    pub verb_after: Vec<String>,
    /// `_ITEM_START`: what starts a list item.
    pub item_start: String,
    /// `_GLUED`: post-label words glued to the name.
    pub glued: Vec<String>,
    /// `_COMMA_WORD`, `_COMMAS`: the glued word a comma must follow, and those commas.
    pub comma_word: String,
    /// See `comma_word`.
    pub commas: Vec<String>,
}

/// Names right after a person label (the twin of `find_labelled_names`).
pub struct LabelledNames {
    shapes: NameShapes,
    label_words: Words,
    plain_tail: Regex,
    role_tail: Regex,
    han_run: Regex,
    org_word: Regex,
    minority: Regex,
    strong_label: Regex,
    name_field: Regex,
    whole_field: Regex,
    name_end: Regex,
    post_label: Words,
    role_words: HashSet<String>,
    dotted: Dotted,
    stop_after: HashSet<char>,
    verb_after: HashSet<String>,
    item_start: HashSet<char>,
    glued: HashSet<String>,
    comma_word: String,
    commas: Vec<String>,
}

/// The text as code points, with its byte offsets.
struct Chars<'t> {
    text: &'t Prepared,
    c: Vec<char>,
}

impl Chars<'_> {
    fn slice(&self, a: usize, b: usize) -> String {
        let b = b.min(self.c.len());
        self.c[a.min(b)..b].iter().collect()
    }
    fn at(&self, i: usize) -> Option<char> {
        self.c.get(i).copied()
    }
    /// Where `rx` (anchored) matches at code point `pos` (clamped, as Python clamps it):
    /// the end of the match and of group 1 (code points).
    fn match_at(&self, rx: &Regex, pos: usize) -> Option<(usize, Option<usize>)> {
        let b = self.text.as_str().as_bytes();
        let mut locs = rx.capture_locations();
        let m = rx
            .captures_read_at(&mut locs, b, self.text.byte(pos.min(self.c.len())))
            .ok()??;
        let g1 = locs.get(1).map(|(_, e)| self.text.char_at(e));
        Some((self.text.char_at(m.end()), g1))
    }
    /// Whether `rx` matches within `[pos, endpos)` (Python's `rx.search(text, pos, endpos)`).
    fn search(&self, rx: &Regex, pos: usize, endpos: usize) -> bool {
        let b = self.text.as_str().as_bytes();
        let hi = self.text.byte(endpos);
        found(rx, &b[..hi], self.text.byte(pos).min(hi))
    }
}

impl LabelledNames {
    /// `regexes`: `_LABEL_WORDS`, `_PLAIN_TAIL`, `_ROLE_TAIL`, `_HAN_RUN`, `_ORG_WORD`,
    /// `_MINORITY`, `_STRONG_LABEL`, `_NAME_FIELD`, `_WHOLE_FIELD`, `_NAME_END`, `_POST_LABEL`.
    ///
    /// # Errors
    /// A missing regex, or one the core does not read as Python does.
    pub fn new(
        shapes: NameShapes,
        regexes: &Regexes<'_>,
        words: LabelWords,
    ) -> Result<Self, EngineError> {
        let get = |name: &str| named(regexes, name);
        let rx = |name: &str| get(name).and_then(|(p, f)| python_regex(p, f));
        let at = |name: &str| get(name).and_then(|(p, f)| anchored(p, f));
        let words_of = |name: &str| get(name).and_then(|(p, f)| Words::new(p, f));
        let set = |s: &str| s.chars().collect::<HashSet<char>>();
        Ok(Self {
            shapes,
            label_words: words_of("_LABEL_WORDS")?,
            plain_tail: at("_PLAIN_TAIL")?,
            role_tail: at("_ROLE_TAIL")?,
            han_run: at("_HAN_RUN")?,
            org_word: rx("_ORG_WORD")?,
            minority: at("_MINORITY")?,
            strong_label: rx("_STRONG_LABEL")?,
            name_field: rx("_NAME_FIELD")?,
            whole_field: at("_WHOLE_FIELD")?,
            name_end: at("_NAME_END")?,
            post_label: words_of("_POST_LABEL")?,
            role_words: words.role_words.into_iter().collect(),
            dotted: Dotted::new(&words.translit, &words.dot_before, &words.dot_after),
            stop_after: set(&words.stop_after),
            verb_after: words.verb_after.into_iter().collect(),
            item_start: set(&words.item_start),
            glued: words.glued.into_iter().collect(),
            comma_word: words.comma_word,
            commas: words.commas,
        })
    }

    /// `_labels`: where the value after each label begins.
    fn labels(&self, t: &Chars<'_>) -> Vec<usize> {
        let b = t.text.as_str().as_bytes();
        let mut out = Vec::new();
        for (s, e) in self.label_words.find_iter_from(t.text.as_str(), 0) {
            let word = &t.text.as_str()[s..e];
            let tail = if self.role_words.contains(word) {
                &self.role_tail
            } else {
                &self.plain_tail
            };
            if let Ok(Some(m)) = tail.find_at(b, e) {
                out.push(t.text.char_at(m.end()));
            }
        }
        out
    }

    /// `_name_at`: the end of a Chinese name starting at `i`.
    fn name_at(&self, t: &Chars<'_>, i: usize) -> Option<usize> {
        let sh = &self.shapes;
        let mut j = if sh.compound.contains(&t.slice(i, i + 2)) {
            i + 2
        } else if t.at(i).is_some_and(|c| sh.single.contains(&c.to_string())) {
            i + 1
        } else {
            return None;
        };
        let mut given = 0;
        while given < 2 {
            let Some(c) = t.at(j).filter(|&c| han(c)) else {
                break;
            };
            if given >= 1 && self.stop_after.contains(&c) && !sh.given.contains(&c) {
                break;
            }
            if given >= 1 && self.verb_after.contains(&t.slice(j, j + 2)) {
                break;
            }
            j += 1;
            given += 1;
        }
        if given == 0 || !t.c[j - given..j].iter().any(|c| sh.given.contains(c)) {
            return None;
        }
        Some(j)
    }

    /// `_loose_name_at`.
    fn loose_name_at(&self, t: &Chars<'_>, i: usize) -> Option<usize> {
        [4, 3, 2].into_iter().find_map(|n| {
            let v = t.slice(i, i + n);
            let fits = t.match_at(&self.name_end, i + n).is_some()
                && (self.shapes.is_bare_name(&v) || self.shapes.loose_shape(&v));
            fits.then_some(i + n)
        })
    }

    /// `_names_before`: names a following word labels.
    fn names_before(&self, t: &Chars<'_>, out: &mut Vec<Span>) {
        let s = t.text.as_str();
        for (bs, be) in self.post_label.find_iter_from(s, 0) {
            let word = &s[bs..be];
            let (mut end, after) = (t.text.char_at(bs), t.text.char_at(be));
            let after = t.slice(after, after + 1);
            if self.glued.contains(word) {
                if word == self.comma_word && !self.commas.contains(&after) {
                    continue;
                }
            } else if after != " " || end == 0 || t.c[end - 1] != ' ' {
                continue;
            }
            while end > 0 && t.c[end - 1] == ' ' {
                end -= 1;
            }
            let lowest = end.saturating_sub(4);
            for start in (lowest..end.saturating_sub(1)).rev() {
                if end < 2 {
                    break;
                }
                let item = start == 0 || self.item_start.contains(&t.c[start - 1]);
                if item && self.shapes.is_bare_name(&t.slice(start, end)) {
                    out.push(Span {
                        start,
                        end,
                        score: 0.85,
                        evidence: vec!["label".into(), "surname".into()],
                    });
                    break;
                }
            }
        }
    }

    /// The labelled names of `text`.
    #[must_use]
    pub fn find(&self, text: &Prepared) -> Vec<Span> {
        let t = Chars {
            text,
            c: text.as_str().chars().collect(),
        };
        let b = text.as_str().as_bytes();
        let mut out = Vec::new();
        for vs in self.labels(&t) {
            if let Ok(Some(run)) = self.han_run.find_at(b, text.byte(vs)) {
                if found(&self.org_word, run.as_bytes(), 0) {
                    continue; // the party is a company
                }
            }
            let bounds = t
                .match_at(&self.minority, vs)
                .and_then(|(e, _)| self.dotted.bounds(&t.c, vs, e));
            let mut end = match bounds {
                Some((_, hi)) => Some(hi),
                None => self.name_at(&t, vs),
            };
            if end.is_none() && t.search(&self.strong_label, vs.saturating_sub(4), vs) {
                end = self.loose_name_at(&t, vs);
            }
            if end.is_none() && t.search(&self.name_field, vs.saturating_sub(6), vs) {
                if let Some((_, Some(g1))) = t.match_at(&self.whole_field, vs) {
                    if !self.shapes.no_name.contains(&t.slice(vs, g1)) {
                        end = Some(g1);
                    }
                }
            }
            if let Some(end) = end.filter(|&e| e > 0) {
                out.push(Span {
                    start: vs,
                    end,
                    score: 0.85,
                    evidence: vec!["label".into(), "surname".into()],
                });
            }
        }
        self.names_before(&t, &mut out);
        out
    }
}

/// A ·-name's bounds (`_dotted`): the run of transliterating characters on each side of
/// the dot, prose words at its ends left out.
pub struct Dotted {
    translit: HashSet<char>,
    dot_before: HashSet<char>,
    dot_after: HashSet<char>,
}

impl Dotted {
    /// `translit`: `_TRANSLIT`; `dot_before`, `dot_after`: `_DOT_BEFORE`, `_DOT_AFTER`.
    #[must_use]
    pub fn new(translit: &str, dot_before: &str, dot_after: &str) -> Self {
        Self {
            translit: translit.chars().collect(),
            dot_before: dot_before.chars().collect(),
            dot_after: dot_after.chars().collect(),
        }
    }

    /// The ·-name inside the code points `c[start..end]`, or None (no dot, or a side
    /// keeps fewer than two characters).
    #[must_use]
    pub fn bounds(&self, c: &[char], start: usize, end: usize) -> Option<(usize, usize)> {
        let dot = start + c[start..end].iter().position(|&c| c == '·')?;
        let mut lo = dot;
        while lo > start && self.translit.contains(&c[lo - 1]) {
            lo -= 1;
        }
        while dot - lo > 2 && self.dot_before.contains(&c[lo]) {
            lo += 1;
        }
        let mut hi = dot + 1;
        while hi < end && self.translit.contains(&c[hi]) {
            hi += 1;
        }
        while hi - dot - 1 > 2 && self.dot_after.contains(&c[hi - 1]) {
            hi -= 1;
        }
        (dot - lo >= 2 && hi - dot > 2).then_some((lo, hi))
    }
}

/// What [`MinorityNames`] reads besides its regexes.
pub struct MinorityWords {
    /// `_ROLE_WORDS`: labels that take `_ROLE_TAIL`.
    pub role_words: Vec<String>,
    /// `_TRANSLIT`, `_DOT_BEFORE`, `_DOT_AFTER`: see [`Dotted`].
    pub translit: String,
    /// See `translit`.
    pub dot_before: String,
    /// See `translit`.
    pub dot_after: String,
    /// `_TITLE_OPEN`: what before a match makes it a title (《晋书·宣帝纪》).
    pub title_open: Vec<String>,
    /// `_TITLE_CLOSE`: what right after a match makes it a title.
    pub title_close: String,
}

/// Names with a middle dot, without a label glued in front (the twin of
/// `find_minority_names`).
pub struct MinorityNames {
    minority: Regex,
    label_at: Regex,
    plain_tail: Regex,
    role_tail: Regex,
    role_words: HashSet<String>,
    dotted: Dotted,
    title_open: HashSet<String>,
    title_close: String,
}

impl MinorityNames {
    /// `regexes`: `_MINORITY`, `_LABEL_WORDS`, `_PLAIN_TAIL`, `_ROLE_TAIL`.
    ///
    /// # Errors
    /// A missing regex, or one the core does not read as Python does.
    pub fn new(regexes: &Regexes<'_>, words: MinorityWords) -> Result<Self, EngineError> {
        let get = |name: &str| named(regexes, name);
        let at = |name: &str| get(name).and_then(|(p, f)| anchored(p, f));
        Ok(Self {
            minority: get("_MINORITY").and_then(|(p, f)| python_regex(p, f))?,
            label_at: at("_LABEL_WORDS")?,
            plain_tail: at("_PLAIN_TAIL")?,
            role_tail: at("_ROLE_TAIL")?,
            role_words: words.role_words.into_iter().collect(),
            dotted: Dotted::new(&words.translit, &words.dot_before, &words.dot_after),
            title_open: words.title_open.into_iter().collect(),
            title_close: words.title_close,
        })
    }

    /// The ·-names of `text`.
    #[must_use]
    pub fn find(&self, text: &Prepared) -> Vec<Span> {
        let s = text.as_str();
        let b = s.as_bytes();
        let mut c: Option<Vec<char>> = None;
        let mut out = Vec::new();
        for (ms, me) in crate::finders::find_iter(&self.minority, b) {
            let (cs, ce) = (text.char_at(ms), text.char_at(me));
            let before = text.slice(cs.saturating_sub(1), cs);
            // Python: `text[start - 1:start] in (…)`, `"》" in text[end:end + 1]`
            if self.title_open.contains(before)
                || text.slice(ce, ce + 1).contains(self.title_close.as_str())
            {
                continue; // a title, not a name
            }
            let mut start = cs;
            let sub = &b[..me];
            if let Ok(Some(word)) = self.label_at.find_at(sub, ms) {
                let tail = if self.role_words.contains(&s[word.start()..word.end()]) {
                    &self.role_tail
                } else {
                    &self.plain_tail
                };
                if let Ok(Some(t)) = tail.find_at(sub, word.end()) {
                    let te = text.char_at(t.end());
                    if te + 4 < ce {
                        start = te;
                    }
                }
            }
            let c = c.get_or_insert_with(|| s.chars().collect());
            if let Some((lo, hi)) = self.dotted.bounds(c, start, ce) {
                out.push(Span {
                    start: lo,
                    end: hi,
                    score: 0.6,
                    evidence: vec!["structure:·".into()],
                });
            }
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::finders::{IGNORECASE, UNICODE};

    fn finder() -> RecordNames {
        finder_with(r#"(?<![^\n,|(])[ ]*(['"`]?)([\u4e00-\u9fff]{2,4})\1[ ]*(?=[,|)]|\n|$)"#)
    }

    fn finder_with(field: &str) -> RecordNames {
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

    /// `_FIELD` as `boxguard.kinds.person` declares it.
    const FIELD: &str = "(?<![^\\n,，\t|;；(])[ ]*(['\\\"`]?)([\\u4e00-\\u9fff]{2,4}|[\\u4e00-\\u9fff]{2,6}·[\\u4e00-\\u9fff]{2,8})\\1[ ]*(?=[,，\t|;；)]|\\n|$)";

    #[test]
    fn where_a_field_may_start_is_read_from_the_regex() {
        let start = FieldStart::of(FIELD).unwrap();
        assert_eq!(
            start.after,
            vec!['\n', ',', '，', '\t', '|', ';', '；', '(']
        );
        assert_eq!(start.quotes, vec!['\'', '"', '`']);
        assert_eq!(start.runs, vec![(2, 4), (2, 6)]);
        assert!(finder_with(FIELD).field_at.is_some() && finder().field_at.is_some());
        // other shapes: searched everywhere
        for other in [
            "(?<![^\\n,(])[ ]*(['\"]?)([a-z]{2,4})\\1[ ]*(?=[,]|\\n|$)",
            "(?<![^a-z])[ ]*(['\"]?)([\\u4e00-\\u9fff]{2})\\1[ ]*(?=[,]|\\n|$)",
            "(?<![^\\n,])[ ]*(['\"]?)([\\u4e00-\\u9fff]{2}[\\u4e00-\\u9fff])\\1[ ]*(?=[,]|\\n|$)",
            "(?<![^\\n,])[ ]*(['\"]?)([\\u4e00-\\u9fff]{2})\\1[ ]*(?=[,王]|\\n|$)",
            "(?<![^\\n,])[ ]*(['\"]?)([\\u4e00-\\u9fff]{2})\\1",
        ] {
            assert!(FieldStart::of(other).is_none(), "{other}");
        }
    }

    proptest::proptest! {
        #[test]
        fn fields_searched_at_their_starts_are_those_searched_everywhere(
            line in "[王李·欧阳娜北乛 ,，\t|;；()'\"`0-9a]{0,40}",
        ) {
            let fast = finder_with(FIELD);
            let mut slow = finder_with(FIELD);
            slow.field_at = None;
            proptest::prop_assert_eq!(fast.fields(&line, &mut None), slow.fields(&line, &mut None));
        }
    }

    #[test]
    fn shapes() {
        let f = finder();
        let s = f.shapes();
        assert!(s.is_bare_name("欧阳娜娜") && s.is_bare_name("ZHANG/SAN"));
        assert!(!s.is_bare_name("王二狗") && s.loose_shape("王二狗"));
        assert!(!s.loose_shape("姓名") && !s.loose_shape("王号码") && !s.loose_shape("未知"));
    }

    fn labelled() -> LabelledNames {
        let shapes = NameShapes::new(ShapeRules {
            airline: ("[A-Z]{2,12}/[A-Z]{2,12}", UNICODE),
            minority: (r"[\u4e00-\u9fff]{2,6}·[\u4e00-\u9fff]{2,8}", UNICODE),
            label_word: ("姓名|客户|房东", UNICODE),
            single: vec!["王".into(), "李".into(), "董".into()],
            compound: vec!["欧阳".into()],
            given: "伟娜怡".into(),
            no_name: vec!["未知".into()],
            not_last: "号码".into(),
        })
        .unwrap();
        let rx: Regexes<'_> = [
            ("_LABEL_WORDS", ("姓名|客户|房东", UNICODE)),
            ("_PLAIN_TAIL", (r#"["']?(?:是|为|:|：|\s)*["']?"#, UNICODE)),
            ("_ROLE_TAIL", (r"(?:\s*[:：]\s*|[ \t]+)", UNICODE)),
            ("_HAN_RUN", (r"[\u4e00-\u9fff（）()]+", UNICODE)),
            ("_ORG_WORD", ("公司|医院", UNICODE)),
            (
                "_MINORITY",
                (r"[\u4e00-\u9fff]{2,6}·[\u4e00-\u9fff]{2,8}", UNICODE),
            ),
            ("_STRONG_LABEL", (r"(?:[:：][ \t]*)$", UNICODE)),
            ("_NAME_FIELD", (r"姓名\s*[:：]\s*$", UNICODE)),
            (
                "_WHOLE_FIELD",
                (r"([\u4e00-\u9fff]{2,4})(?=$|[\s,])", UNICODE),
            ),
            ("_NAME_END", (r"$|[^\u4e00-\u9fff]|[电手]", UNICODE)),
            ("_POST_LABEL", ("妈妈|您好|车主", UNICODE)),
        ]
        .into_iter()
        .map(|(k, v)| (k.to_string(), v))
        .collect();
        let words = LabelWords {
            role_words: vec!["房东".into()],
            translit: "阿卜杜热合曼".into(),
            dot_before: "和".into(),
            dot_after: "说".into(),
            stop_after: "电手".into(),
            verb_after: vec!["来电".into()],
            item_start: "\n】 ".into(),
            glued: vec!["您好".into(), "车主".into()],
            comma_word: "车主".into(),
            commas: vec![",".into(), "，".into()],
        };
        LabelledNames::new(shapes, &rx, words).unwrap()
    }

    fn labelled_in(s: &str) -> Vec<String> {
        let t = Prepared::new(s.to_string());
        labelled()
            .find(&t)
            .into_iter()
            .map(|sp| t.slice(sp.start, sp.end).to_string())
            .collect()
    }

    #[test]
    fn a_name_after_a_label() {
        assert_eq!(
            labelled_in("客户董怡来电 姓名：欧阳娜娜"),
            vec!["董怡", "欧阳娜娜"]
        );
        assert_eq!(labelled_in("房东同意 房东：李二狗，电话"), vec!["李二狗"]);
        assert_eq!(labelled_in("姓名：其其格"), vec!["其其格"]);
        assert_eq!(labelled_in("客户华信公司"), Vec::<String>::new());
        // the label fixes the start; the ·-name only where it ends
        assert_eq!(
            labelled_in("客户和阿卜杜·热合曼说"),
            vec!["和阿卜杜·热合曼"]
        );
    }

    #[test]
    fn a_name_before_a_post_label() {
        assert_eq!(
            labelled_in("2. 王伟 妈妈 \n【ETC】李娜您好"),
            vec!["王伟", "李娜"]
        );
        assert_eq!(labelled_in("李娜车主，您名下 王伟车主"), vec!["李娜"]);
    }

    fn minority() -> MinorityNames {
        let rx: Regexes<'_> = [
            (
                "_MINORITY",
                (r"[\u4e00-\u9fff]{2,6}·[\u4e00-\u9fff]{2,8}", UNICODE),
            ),
            ("_LABEL_WORDS", ("业主|房东|客户", UNICODE)),
            ("_PLAIN_TAIL", (r#"["']?(?:是|为|:|：|\s)*["']?"#, UNICODE)),
            ("_ROLE_TAIL", (r"(?:\s*[:：]\s*|[ \t]+)", UNICODE)),
        ]
        .into_iter()
        .map(|(k, v)| (k.to_string(), v))
        .collect();
        MinorityNames::new(
            &rx,
            MinorityWords {
                role_words: vec!["房东".into()],
                translit: "阿卜杜热合曼帕提古丽吐尔逊买提艾力".into(),
                dot_before: "和".into(),
                dot_after: "说".into(),
                title_open: vec!["《".into(), "\"".into()],
                title_close: "》".into(),
            },
        )
        .unwrap()
    }

    fn dotted_in(s: &str) -> Vec<(String, f64)> {
        let t = Prepared::new(s.to_string());
        minority()
            .find(&t)
            .into_iter()
            .map(|sp| (t.slice(sp.start, sp.end).to_string(), sp.score))
            .collect()
    }

    #[test]
    fn a_dotted_name_without_its_label_or_the_prose_around_it() {
        assert_eq!(
            dotted_in("业主帕提古丽·吐尔逊"),
            vec![("帕提古丽·吐尔逊".to_string(), 0.6)]
        );
        assert_eq!(
            dotted_in("昨天和阿卜杜·热合曼说好"),
            vec![("阿卜杜·热合曼".to_string(), 0.6)]
        );
        // a title, not a name
        assert!(dotted_in("《阿卜杜·热合曼》").is_empty());
        assert!(dotted_in("读\"阿卜杜·热合曼").is_empty());
        // a side keeps fewer than two transliterating characters
        assert!(dotted_in("我们·热合曼").is_empty());
    }

    #[test]
    fn dotted_bounds_trim_prose_words() {
        let d = Dotted::new("阿卜杜热合曼和说", "和", "说");
        let c: Vec<char> = "和阿卜杜·热合曼说".chars().collect();
        assert_eq!(d.bounds(&c, 0, c.len()), Some((1, 8)));
        assert_eq!(d.bounds(&c, 0, 3), None); // no dot
    }
}
