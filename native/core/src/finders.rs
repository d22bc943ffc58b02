//! Rule-based finders (the twins of finders in `boxguard.kinds`): spans found by a
//! structure, before validation and context.
//!
//! Their rules come from the Python declarations — the regexes as Python compiled them
//! (pattern and flags) and the lexicons — passed in at construction: one source of truth.
//! [`python_regex`] reads a regex written for Python's `re` in Unicode mode the way `re`
//! does, or refuses it (then the Python finder runs): PCRE2 and Python agree on
//! literals, classes, groups, lazy and bounded repetition and lookarounds, but `\d`,
//! `\w`, `\b` follow each one's own Unicode tables: they are spelt from Python's tables
//! when the finder hands them over ([`PyClasses`], [`python_regex_with`]) and refused
//! otherwise; `\s` is spelt out as Python's (`str.isspace`), `\uXXXX` as `\x{XXXX}`, a
//! scoped `(?i:…)` and `re.MULTILINE`'s `^` and `$` as Python reads them.

use rustc_hash::{FxHashMap as HashMap, FxHashSet as HashSet};

use aho_corasick::{AhoCorasick, AhoCorasickKind, Input, MatchKind};
use boxguard_regex::{Regex, RegexBuilder};

use crate::engine::{next_char, EngineError};
use crate::text::Prepared;

/// Python's `re.IGNORECASE`.
pub const IGNORECASE: u32 = 2;
/// Python's `re.UNICODE` (the default of a `str` pattern).
pub const UNICODE: u32 = 32;
/// Python's `re.ASCII`.
pub const ASCII: u32 = 256;
/// Python's `re.MULTILINE`.
pub const MULTILINE: u32 = 8;

/// The code points Python's `\s` matches in Unicode mode (`str.isspace`), as the inside
/// of a PCRE2 class; a test in `tests/unit/native` compares it with Python's.
pub const PY_SPACE: &str = r"\t-\r\x{1c}-\x{20}\x{85}\x{a0}\x{1680}\x{2000}-\x{200a}\x{2028}\x{2029}\x{202f}\x{205f}\x{3000}";

/// A span a finder found: `[start, end)` in code points, its base score and evidence.
#[derive(Debug, Clone, PartialEq)]
pub struct Span {
    /// Start (code points).
    pub start: usize,
    /// End (code points).
    pub end: usize,
    /// Base score.
    pub score: f64,
    /// Why it was found.
    pub evidence: Vec<String>,
}

/// The code points Python's `re` takes for `\d` and `\w` in Unicode mode (from Python's
/// own tables, as ranges), spelt as the inside of a PCRE2 class: with them [`translate`]
/// reads `\d`, `\D`, `\w`, `\W` and `\b` as Python does.
#[derive(Debug, Clone, Default)]
pub struct PyClasses {
    digit: Option<String>,
    word: Option<String>,
}

impl PyClasses {
    /// `digit`, `word`: the inclusive code-point ranges of Python's `\d` and `\w` (None:
    /// not given, the escape is refused). A surrogate (no UTF-8) is left out.
    ///
    /// # Errors
    /// A range past U+10FFFF or upside down.
    pub fn new(
        digit: Option<&[(u32, u32)]>,
        word: Option<&[(u32, u32)]>,
    ) -> Result<Self, EngineError> {
        Ok(Self {
            digit: digit.map(class_body).transpose()?,
            word: word.map(class_body).transpose()?,
        })
    }
}

/// Inclusive code-point ranges as the inside of a PCRE2 class, surrogates left out.
fn class_body(ranges: &[(u32, u32)]) -> Result<String, EngineError> {
    let mut out = String::new();
    let mut push = |lo: u32, hi: u32| {
        if lo == hi {
            out.push_str(&format!("\\x{{{lo:x}}}"));
        } else if lo < hi {
            out.push_str(&format!("\\x{{{lo:x}}}-\\x{{{hi:x}}}"));
        }
    };
    for &(lo, hi) in ranges {
        if lo > hi || hi > 0x10_FFFF {
            return Err(EngineError("a bad code-point range".into()));
        }
        if lo < 0xD800 && hi > 0xDFFF {
            push(lo, 0xD7FF);
            push(0xE000, hi);
        } else if lo < 0xD800 {
            push(lo, hi.min(0xD7FF));
        } else if hi > 0xDFFF {
            push(lo.max(0xE000), hi);
        }
    }
    if out.is_empty() {
        return Err(EngineError("an empty code-point class".into()));
    }
    Ok(out)
}

/// `pattern` (Python's syntax, Python's `re` flags) rewritten for PCRE2.
///
/// # Errors
/// A construct whose meaning differs between the engines (`\d`, `\w`, `\b` in Unicode
/// mode, `\S` inside a class, `\N{…}`) or a flag other than IGNORECASE, MULTILINE,
/// UNICODE, ASCII.
///
/// ```
/// use boxguard_core::finders::{translate, UNICODE};
/// assert_eq!(translate(r"[\u4e00-\u9fff]号", UNICODE).unwrap(), r"[\x{4e00}-\x{9fff}]号");
/// assert!(translate(r"\d+", UNICODE).is_err());
/// ```
pub fn translate(pattern: &str, flags: u32) -> Result<String, EngineError> {
    translate_with(pattern, flags, &PyClasses::default())
}

/// [`translate`], `\d`, `\D`, `\w`, `\W` and `\b` spelt from Python's tables (`classes`;
/// an escape whose table is not given is refused).
///
/// # Errors
/// See [`translate`].
///
/// ```
/// use boxguard_core::finders::{translate_with, PyClasses, UNICODE};
/// let digits = PyClasses::new(Some(&[(0x30, 0x39), (0x660, 0x669)]), None).unwrap();
/// assert_eq!(translate_with(r"\d", UNICODE, &digits).unwrap(), r"[\x{30}-\x{39}\x{660}-\x{669}]");
/// assert!(translate_with(r"\w", UNICODE, &digits).is_err());
/// ```
#[allow(clippy::too_many_lines)]
pub fn translate_with(
    pattern: &str,
    flags: u32,
    classes: &PyClasses,
) -> Result<String, EngineError> {
    if flags & !(IGNORECASE | MULTILINE | UNICODE | ASCII) != 0 {
        return Err(EngineError(format!(
            "flags {flags:#x} are not read natively"
        )));
    }
    let ascii = flags & ASCII != 0;
    let multiline = flags & MULTILINE != 0;
    // Python's Unicode IGNORECASE also takes İ (U+0130) and ı (U+0131) for i and I;
    // PCRE2 does not: they are spelt out wherever an i or I is matched caselessly (the
    // whole pattern, or a scoped `(?i:…)`: `scopes` holds each open group's caselessness)
    let mut scopes: Vec<bool> = Vec::new();
    let global = flags & IGNORECASE != 0;
    let caseless = |scopes: &Vec<bool>| scopes.last().copied().unwrap_or(global);
    let refuse = |what: &str| Err(EngineError(format!("{what} in a Unicode-mode pattern")));
    let mut out = String::with_capacity(pattern.len() + 16);
    let mut chars = pattern.chars().peekable();
    let mut in_class = false;
    let mut class_start = false; // just after `[` or `[^`: a `]` here is a literal
    let mut class_i = false; // the class holds i or I
    let mut last: Option<char> = None; // the class's last literal (a range may start there)
    let mut range = false; // after `-` that follows a literal in a class
    let covers = |lo: char, hi: char| (lo..=hi).contains(&'i') || (lo..=hi).contains(&'I');
    while let Some(c) = chars.next() {
        let dotted = caseless(&scopes) && !ascii;
        match c {
            '\\' => {
                let Some(e) = chars.next() else {
                    return Err(EngineError("a trailing backslash".into()));
                };
                if in_class && dotted && (range || chars.peek() == Some(&'-')) {
                    return refuse("a caseless range ending in an escape");
                }
                match e {
                    'u' | 'U' => {
                        let n = if e == 'u' { 4 } else { 8 };
                        let hex: String = (0..n).filter_map(|_| chars.next()).collect();
                        if hex.len() != n || !hex.chars().all(|h| h.is_ascii_hexdigit()) {
                            return Err(EngineError(format!("a bad \\{e} escape")));
                        }
                        out.push_str(&format!("\\x{{{hex}}}"));
                    }
                    's' | 'S' if !ascii => {
                        if in_class && e == 'S' {
                            return refuse("\\S in a class");
                        }
                        if in_class {
                            out.push_str(PY_SPACE);
                        } else {
                            out.push_str(if e == 's' { "[" } else { "[^" });
                            out.push_str(PY_SPACE);
                            out.push(']');
                        }
                    }
                    'd' | 'D' | 'w' | 'W' if !ascii => {
                        let table = if e.eq_ignore_ascii_case(&'d') {
                            &classes.digit
                        } else {
                            &classes.word
                        };
                        let Some(body) = table else {
                            return refuse("\\d or \\w without Python's table");
                        };
                        let negated = e.is_ascii_uppercase();
                        if caseless(&scopes) {
                            // a caseless class takes its members' case variants too
                            // (U+0345 for ι); Python's \w never does
                            return refuse("a caseless \\d or \\w");
                        }
                        if in_class && negated {
                            return refuse("\\D or \\W in a class");
                        }
                        if in_class {
                            out.push_str(body);
                        } else {
                            // a class, not a group: PCRE2 repeats it without a frame each
                            out.push_str(if negated { "[^" } else { "[" });
                            out.push_str(body);
                            out.push(']');
                        }
                    }
                    'b' if !ascii && !in_class => {
                        // Python: the characters on either side differ in being a word
                        // character (none before the start or after the end)
                        let Some(w) = &classes.word else {
                            return refuse("\\b without Python's table");
                        };
                        out.push_str(&format!("(?-i:(?<=[{w}])(?![{w}])|(?<![{w}])(?=[{w}]))"));
                    }
                    'B' if !ascii => return refuse("\\B"),
                    'N' => return refuse("\\N"),
                    'Z' => out.push_str("\\z"),
                    _ => {
                        out.push('\\');
                        out.push(e);
                    }
                }
                class_start = false;
                last = None;
            }
            '[' if !in_class => {
                in_class = true;
                class_start = true;
                class_i = false;
                last = None;
                range = false;
                out.push('[');
                if chars.peek() == Some(&'^') {
                    chars.next();
                    out.push('^');
                }
            }
            ']' if in_class && !class_start => {
                in_class = false;
                if range {
                    out.push('-'); // a `-` before `]` is a literal
                }
                if dotted && class_i {
                    out.push_str("\\x{130}\\x{131}");
                }
                out.push(']');
            }
            '-' if in_class && last.is_some() && !range && chars.peek() != Some(&']') => {
                range = true;
            }
            _ if in_class => {
                class_start = false;
                if range {
                    let lo = last.unwrap_or(c);
                    if lo > c {
                        return Err(EngineError("a bad range".into()));
                    }
                    class_i |= covers(lo, c);
                    out.push('-');
                    range = false;
                    last = None;
                } else {
                    class_i |= covers(c, c);
                    last = Some(c);
                }
                if dotted && matches!(c, '\u{130}' | '\u{131}') {
                    return refuse("a caseless İ or ı");
                }
                out.push(c);
            }
            '(' if chars.peek() == Some(&'?') => {
                // a group's extension is syntax, never a letter to match: copied as is
                chars.next();
                out.push_str("(?");
                let upto = |chars: &mut std::iter::Peekable<std::str::Chars<'_>>,
                            out: &mut String,
                            end: char| {
                    for h in chars.by_ref() {
                        out.push(h);
                        if h == end {
                            break;
                        }
                    }
                };
                let inherit = caseless(&scopes);
                match chars.next() {
                    Some(n @ (':' | '=' | '!')) => {
                        out.push(n);
                        scopes.push(inherit);
                    }
                    Some('<') => {
                        out.push('<');
                        match chars.peek() {
                            Some(&m @ ('=' | '!')) => {
                                chars.next();
                                out.push(m);
                            }
                            _ => upto(&mut chars, &mut out, '>'),
                        }
                        scopes.push(inherit);
                    }
                    Some('P') => {
                        out.push('P');
                        let named = chars.peek() == Some(&'<');
                        upto(&mut chars, &mut out, if named { '>' } else { ')' });
                        if named {
                            scopes.push(inherit);
                        }
                    }
                    Some('#') => {
                        out.push('#');
                        upto(&mut chars, &mut out, ')');
                    }
                    Some(f) if f.is_ascii_alphabetic() || f == '-' => {
                        let mut head = String::from(f);
                        for h in chars.by_ref() {
                            head.push(h);
                            if h == ':' || h == ')' {
                                break;
                            }
                        }
                        if head.ends_with(':') {
                            // a scoped flag group: only (?i:…), (?-i:…) are read here
                            match head.as_str() {
                                "i:" => scopes.push(true),
                                "-i:" => scopes.push(false),
                                _ if ascii => scopes.push(inherit),
                                _ => return refuse("a scoped flag other than i"),
                            }
                        }
                        out.push_str(&head);
                    }
                    _ => return refuse("a conditional group"),
                }
            }
            '(' => {
                scopes.push(caseless(&scopes));
                out.push('(');
            }
            ')' => {
                scopes.pop();
                out.push(')');
            }
            // Python's MULTILINE: `^` at the start and after every `\n` (PCRE2's not after
            // a `\n` that ends the subject), `$` before every `\n` and at the end
            '^' if multiline => out.push_str("(?<![^\\n])"),
            '$' if multiline => out.push_str("(?=\\n|\\z)"),
            'i' | 'I' if dotted => {
                out.push_str(if c == 'i' {
                    "[i\\x{130}\\x{131}]"
                } else {
                    "[I\\x{130}\\x{131}]"
                });
            }
            '\u{130}' | '\u{131}' if dotted => return refuse("a caseless İ or ı"),
            _ => out.push(c),
        }
    }
    Ok(out)
}

/// A regex written for Python's `re` (pattern, flags), compiled by PCRE2 to match the same.
///
/// # Errors
/// What [`translate`] refuses, or a pattern PCRE2 cannot compile.
pub fn python_regex(pattern: &str, flags: u32) -> Result<Regex, EngineError> {
    python_regex_with(pattern, flags, &PyClasses::default())
}

/// [`python_regex`] with Python's `\d` and `\w` tables (see [`translate_with`]).
///
/// # Errors
/// See [`python_regex`].
pub fn python_regex_with(
    pattern: &str,
    flags: u32,
    classes: &PyClasses,
) -> Result<Regex, EngineError> {
    let body = translate_with(pattern, flags, classes)?;
    let caseless = flags & IGNORECASE != 0;
    // (?r): in ASCII mode a caseless ASCII letter never matches a non-ASCII one. UCP is on
    // for what the pcre2 crate sets with it, PCRE2_MATCH_INVALID_UTF (no UTF-8 check of
    // the subject at every search), and `(?a)` keeps \d \w \b \s and the POSIX classes
    // ASCII: in ASCII mode as Python's re.ASCII; a Unicode-mode pattern holds none of them
    // (`translate` spells \s, \d, \w, \b out from Python's tables or refuses them)
    let body = if flags & ASCII != 0 {
        format!("(?a)(?r){body}")
    } else {
        format!("(?a){body}")
    };
    RegexBuilder::new()
        .utf(true)
        .ucp(true)
        .caseless(caseless)
        .jit_if_available(true)
        .build(&body)
        .map_err(|e| EngineError(format!("a finder's regex: {e}")))
}

/// The same regex anchored where a search starts (Python's `pattern.match(text, pos)`).
pub(crate) fn anchored(pattern: &str, flags: u32) -> Result<Regex, EngineError> {
    python_regex(&format!("\\G(?:{pattern})"), flags)
}

/// [`anchored`] with Python's `\d` and `\w` tables.
pub(crate) fn anchored_with(
    pattern: &str,
    flags: u32,
    classes: &PyClasses,
) -> Result<Regex, EngineError> {
    python_regex_with(&format!("\\G(?:{pattern})"), flags, classes)
}

/// The same regex matching a whole subject (Python's `pattern.fullmatch(value)`).
pub(crate) fn whole(pattern: &str, flags: u32) -> Result<Regex, EngineError> {
    python_regex(&format!("\\A(?:{pattern})\\z"), flags)
}

/// The index of the group `name` of `rx` (an error naming it when there is none).
pub(crate) fn group(rx: &Regex, name: &str) -> Result<usize, EngineError> {
    rx.capture_names()
        .iter()
        .position(|n| n.as_deref() == Some(name))
        .ok_or_else(|| EngineError(format!("a regex has no group {name}")))
}

/// The spans of groups `groups` of every match of `rx` in `bytes` from byte `pos` on, as
/// Python's `finditer(text, pos)` gives them (bytes; None: the group did not take part).
pub(crate) fn groups_iter(
    rx: &Regex,
    bytes: &[u8],
    mut pos: usize,
    groups: &[usize],
) -> Vec<Vec<Option<(usize, usize)>>> {
    let mut out = Vec::new();
    let mut locs = rx.capture_locations();
    while pos <= bytes.len() {
        let Ok(Some(m)) = rx.captures_read_at(&mut locs, bytes, pos) else {
            break;
        };
        out.push(groups.iter().map(|&g| locs.get(g)).collect());
        pos = if m.end() > m.start() {
            m.end()
        } else {
            next_char(bytes, m.end())
        };
    }
    out
}

/// Whether `rx` matches somewhere in `subject` (at or after byte `from`).
pub(crate) fn found(rx: &Regex, subject: &[u8], from: usize) -> bool {
    matches!(rx.find_at(subject, from), Ok(Some(_)))
}

/// Every match of `rx` in `text` as Python's `finditer` gives them: (start, end) bytes.
pub(crate) fn find_iter(rx: &Regex, bytes: &[u8]) -> Vec<(usize, usize)> {
    find_iter_from(rx, bytes, 0)
}

/// [`find_iter`] from byte `pos` on (Python's `finditer(text, pos)`).
pub(crate) fn find_iter_from(rx: &Regex, bytes: &[u8], mut pos: usize) -> Vec<(usize, usize)> {
    let mut out = Vec::new();
    while pos <= bytes.len() {
        let Ok(Some(m)) = rx.find_at(bytes, pos) else {
            break;
        };
        out.push((m.start(), m.end()));
        pos = if m.end() > m.start() {
            m.end()
        } else {
            next_char(bytes, m.end())
        };
    }
    out
}

/// A regex with a fast search when it is an alternation of plain words (`姓名|收件人|…`):
/// PCRE2 tries every word at every position of a Chinese text (their first bytes are
/// shared by all Chinese characters), so plain words are searched by an Aho-Corasick
/// automaton instead, leftmost-first: at the leftmost position where a word matches, the
/// first word in the alternation's order, as the regex's backtracking takes it.
pub enum Words {
    /// plain words
    Plain(AhoCorasick),
    /// anything else
    Regex(Regex),
}

impl Words {
    /// Compile `pattern` (Python's syntax and flags).
    ///
    /// # Errors
    /// See [`python_regex`].
    pub fn new(pattern: &str, flags: u32) -> Result<Self, EngineError> {
        // literal words under flags that `python_regex` reads and that leave literals as
        // they are (caseless ones go to PCRE2, as any flag it refuses)
        let plain = flags & !(MULTILINE | UNICODE | ASCII) == 0
            && !pattern.is_empty()
            && !pattern.contains(|c: char| "\\.^$*+?{}[]()".contains(c))
            && pattern.split('|').all(|w| !w.is_empty());
        if !plain {
            return Ok(Self::Regex(python_regex(pattern, flags)?));
        }
        AhoCorasick::builder()
            .match_kind(MatchKind::LeftmostFirst)
            // a DFA: ~2.8k instructions a search of a record line in the default NFA
            .kind(Some(AhoCorasickKind::DFA))
            .build(pattern.split('|'))
            .map(Self::Plain)
            .map_err(|e| EngineError(format!("words: {e}")))
    }

    /// Every match in `text` from byte `pos` on, as Python's `finditer(text, pos)`.
    #[must_use]
    pub fn find_iter_from(&self, text: &str, pos: usize) -> Vec<(usize, usize)> {
        match self {
            Self::Plain(ac) => ac
                .find_iter(Input::new(text).span(pos.min(text.len())..text.len()))
                .map(|m| (m.start(), m.end()))
                .collect(),
            Self::Regex(rx) => find_iter_from(rx, text.as_bytes(), pos),
        }
    }
}

/// A regex whose every match is a span (`find_english_addresses`).
pub struct RegexFinder {
    regex: Regex,
    score: f64,
    evidence: Vec<String>,
}

impl RegexFinder {
    /// Compile `pattern` (Python's syntax and flags).
    ///
    /// # Errors
    /// See [`python_regex`].
    pub fn new(
        pattern: &str,
        flags: u32,
        score: f64,
        evidence: Vec<String>,
    ) -> Result<Self, EngineError> {
        Ok(Self {
            regex: python_regex(pattern, flags)?,
            score,
            evidence,
        })
    }

    /// [`RegexFinder::new`] with Python's `\d` and `\w` tables (see [`translate_with`]).
    ///
    /// # Errors
    /// See [`python_regex`].
    pub fn with_classes(
        pattern: &str,
        flags: u32,
        classes: &PyClasses,
        score: f64,
        evidence: Vec<String>,
    ) -> Result<Self, EngineError> {
        Ok(Self {
            regex: python_regex_with(pattern, flags, classes)?,
            score,
            evidence,
        })
    }

    /// The spans of `text`.
    #[must_use]
    pub fn find(&self, text: &Prepared) -> Vec<Span> {
        find_iter(&self.regex, text.as_str().as_bytes())
            .into_iter()
            .map(|(s, e)| Span {
                start: text.char_at(s),
                end: text.char_at(e),
                score: self.score,
                evidence: self.evidence.clone(),
            })
            .collect()
    }
}

/// Every administrative division name (`boxguard.kinds.address.division_names`), looked up
/// by its first two characters.
pub struct Divisions {
    names: HashSet<String>,
    /// first two characters of a division name → the lengths of such names, longest first
    lengths: HashMap<String, Vec<usize>>,
}

impl Divisions {
    /// Index `names`.
    #[must_use]
    pub fn new(names: Vec<String>) -> Self {
        let mut lengths: HashMap<String, Vec<usize>> = HashMap::default();
        for name in &names {
            let n = name.chars().count();
            let prefix: String = name.chars().take(2).collect();
            let v = lengths.entry(prefix).or_default();
            if !v.contains(&n) {
                v.push(n);
            }
        }
        for v in lengths.values_mut() {
            v.sort_unstable_by(|a, b| b.cmp(a));
        }
        Self {
            names: names.into_iter().collect(),
            lengths,
        }
    }

    /// Length of the longest division name at code point `i` (0 when none):
    /// `starts_with_division`.
    #[must_use]
    pub fn at(&self, text: &Prepared, i: usize) -> usize {
        let Some(lengths) = self.lengths.get(text.slice(i, i + 2)) else {
            return 0;
        };
        for &n in lengths {
            if i + n <= text.chars() && self.names.contains(text.slice(i, i + n)) {
                return n;
            }
        }
        0
    }

    /// Whether a division name covers code point `i` (`organization._division_at`).
    #[must_use]
    pub fn covers(&self, text: &Prepared, i: usize) -> bool {
        (i.saturating_sub(4)..=i).any(|j| {
            self.lengths.get(text.slice(j, j + 2)).is_some_and(|ns| {
                ns.iter().any(|&n| {
                    j + n > i && j + n <= text.chars() && self.names.contains(text.slice(j, j + n))
                })
            })
        })
    }
}

/// Postal addresses by structure (the twin of `boxguard.kinds.address.find_addresses`).
pub struct AddressFinder {
    address: Regex,
    labelled: Regex,
    org_after: Regex,
    divisions: Divisions,
}

/// A regex and its Python flags.
pub type PyRegex<'a> = (&'a str, u32);

impl AddressFinder {
    /// `address`: the structure; `labelled`: a label that makes a road + number an address
    /// without a division name; `org_after`: what after it makes it an organization's name;
    /// `names`: every division name (full and short).
    ///
    /// # Errors
    /// See [`python_regex`].
    pub fn new(
        address: PyRegex<'_>,
        labelled: PyRegex<'_>,
        org_after: PyRegex<'_>,
        names: Vec<String>,
    ) -> Result<Self, EngineError> {
        Ok(Self {
            address: python_regex(address.0, address.1)?,
            labelled: python_regex(labelled.0, labelled.1)?,
            org_after: anchored(org_after.0, org_after.1)?,
            divisions: Divisions::new(names),
        })
    }

    /// Length of the longest division name at code point `i` (0 when none).
    #[must_use]
    pub fn division_at(&self, text: &Prepared, i: usize) -> usize {
        self.divisions.at(text, i)
    }

    /// The addresses of `text`.
    #[must_use]
    pub fn find(&self, text: &Prepared) -> Vec<Span> {
        let bytes = text.as_str().as_bytes();
        let mut out = Vec::new();
        for (bs, be) in find_iter(&self.address, bytes) {
            let (mut start, end) = (text.char_at(bs), text.char_at(be));
            // trim on the left to the first known division name within the first characters
            let stop = end.saturating_sub(4).min(start + 8);
            match (start..stop).find(|&i| self.division_at(text, i) > 0) {
                Some(i) => start = i,
                None => {
                    // no division name: a road + number alone is an address only with a label
                    let from = text.byte(start.saturating_sub(8));
                    let window = &bytes[..text.byte(start)];
                    if !found(&self.labelled, window, from) {
                        continue;
                    }
                }
            }
            if found(&self.org_after, bytes, be) {
                continue;
            }
            if end >= start + 6 {
                let score = if self.division_at(text, start) > 0 {
                    0.85
                } else {
                    0.7
                };
                out.push(Span {
                    start,
                    end,
                    score,
                    evidence: vec!["structure:address".into()],
                });
            }
        }
        out
    }
}

/// A finder the core runs.
pub enum Finder {
    /// [`crate::names::RecordNames`].
    RecordNames(Box<crate::names::RecordNames>),
    /// [`crate::names::LabelledNames`].
    LabelledNames(Box<crate::names::LabelledNames>),
    /// [`crate::orgs::Organizations`].
    Organizations(Box<crate::orgs::Organizations>),
    /// [`crate::names::MinorityNames`].
    MinorityNames(Box<crate::names::MinorityNames>),
    /// [`crate::roman::RomanNames`].
    RomanNames(Box<crate::roman::RomanNames>),
    /// [`crate::roman::AirlineNames`].
    AirlineNames(Box<crate::roman::AirlineNames>),
    /// [`crate::roman::SqlNames`].
    SqlNames(Box<crate::roman::SqlNames>),
    /// [`AddressFinder`].
    Address(Box<AddressFinder>),
    /// [`RegexFinder`].
    Regex(RegexFinder),
}

impl Finder {
    /// The spans of `text`.
    #[must_use]
    pub fn find(&self, text: &Prepared) -> Vec<Span> {
        match self {
            Self::Address(f) => f.find(text),
            Self::Regex(f) => f.find(text),
            Self::RecordNames(f) => f.find(text),
            Self::LabelledNames(f) => f.find(text),
            Self::Organizations(f) => f.find(text),
            Self::MinorityNames(f) => f.find(text),
            Self::RomanNames(f) => f.find(text),
            Self::AirlineNames(f) => f.find(text),
            Self::SqlNames(f) => f.find(text),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const H: &str = r"[\u4e00-\u9fff]";

    fn finder() -> AddressFinder {
        // a reduced structure, in the Python declarations' syntax
        let address = format!(
            r"(?=[\u4e00-\u9fff]){H}{{0,12}}?(?:市|区){H}{{1,8}}?路[0-9]{{1,5}}号(?:[0-9]{{1,4}}室)?"
        );
        AddressFinder::new(
            (&address, UNICODE),
            ("地址|address", UNICODE | IGNORECASE),
            ("医院|卫生", UNICODE),
            vec![
                "深圳市".into(),
                "深圳".into(),
                "南山区".into(),
                "南山".into(),
            ],
        )
        .unwrap()
    }

    fn found(f: &AddressFinder, s: &str) -> Vec<(String, f64)> {
        let t = Prepared::new(s.to_string());
        f.find(&t)
            .into_iter()
            .map(|sp| (t.slice(sp.start, sp.end).to_string(), sp.score))
            .collect()
    }

    #[test]
    fn an_address_is_trimmed_to_its_division_name() {
        let f = finder();
        assert_eq!(
            found(&f, "家住在深圳市南山区科技路18号1201室，电话"),
            vec![("深圳市南山区科技路18号1201室".to_string(), 0.85)]
        );
    }

    #[test]
    fn without_a_division_name_it_needs_a_label() {
        let f = finder();
        assert!(found(&f, "他去了东城区科技路18号").is_empty());
        assert_eq!(found(&f, "ADDRESS:东城区科技路18号").len(), 1);
        // Python's IGNORECASE: ſ is a caseless s
        assert_eq!(found(&f, "addreſs东城区科技路18号").len(), 1);
    }

    #[test]
    fn an_organization_after_it_is_not_an_address() {
        let f = finder();
        assert!(found(&f, "深圳市南山区科技路18号医院").is_empty());
    }

    #[test]
    fn division_names_are_looked_up_by_code_point() {
        let f = finder();
        let t = Prepared::new("去深圳南山".to_string());
        assert_eq!(
            (
                f.division_at(&t, 1),
                f.division_at(&t, 3),
                f.division_at(&t, 4)
            ),
            (2, 2, 0)
        );
    }

    #[test]
    fn translation_refuses_what_the_engines_read_differently() {
        assert!(translate(r"\w", UNICODE).is_err());
        assert!(translate(r"[\S]", UNICODE).is_err());
        assert!(translate(r"\d", ASCII).is_ok());
        assert_eq!(translate(r"a\Z", UNICODE).unwrap(), r"a\z");
        assert_eq!(
            translate(r"[]\s]", UNICODE).unwrap(),
            format!("[]{PY_SPACE}]")
        );
        assert_eq!(translate(r"\\u", UNICODE).unwrap(), r"\\u");
        assert!(translate("a", 16).is_err()); // re.DOTALL
        assert_eq!(
            translate("(?i:i)i", UNICODE).unwrap(),
            r"(?i:[i\x{130}\x{131}])i"
        );
        assert!(translate("(?m:a)", UNICODE).is_err());
        assert_eq!(
            translate("(?m)^a$", UNICODE | MULTILINE).unwrap(),
            r"(?m)(?<![^\n])a(?=\n|\z)"
        );
    }

    #[test]
    fn python_tables_are_spelt_as_classes_without_surrogates() {
        assert_eq!(
            class_body(&[(0x41, 0x41), (0xD700, 0xE001)]).unwrap(),
            r"\x{41}\x{d700}-\x{d7ff}\x{e000}-\x{e001}"
        );
        assert_eq!(
            class_body(&[(0xD800, 0xDFFF), (0x30, 0x39)]).unwrap(),
            r"\x{30}-\x{39}"
        );
        assert!(class_body(&[(0x39, 0x30)]).is_err());
        assert!(class_body(&[(0x30, 0x11_0000)]).is_err());
        assert!(class_body(&[]).is_err());
        let word = PyClasses::new(None, Some(&[(0x30, 0x39), (0x41, 0x5a), (0xe9, 0xe9)])).unwrap();
        let rx = python_regex_with(r"A\b", UNICODE, &word).unwrap();
        assert_eq!(
            find_iter(&rx, "A AA Aé A9 A".as_bytes()),
            vec![(0, 1), (3, 4), (12, 13)]
        );
        let rx = python_regex_with(r"\W+", UNICODE, &word).unwrap();
        assert_eq!(find_iter(&rx, "Aé, 9".as_bytes()), vec![(3, 5)]);
        assert!(python_regex_with(r"\d", UNICODE, &word).is_err()); // no table for \d
    }

    #[test]
    fn groups_are_read_per_match() {
        let rx = python_regex(r"(?P<k>[a-z]+)=(?P<v>[0-9]*)", UNICODE).unwrap();
        let (k, v) = (group(&rx, "k").unwrap(), group(&rx, "v").unwrap());
        assert!(group(&rx, "x").is_err());
        assert_eq!(
            groups_iter(&rx, b"a=1 bc= d=22", 0, &[k, v]),
            vec![
                vec![Some((0, 1)), Some((2, 3))],
                vec![Some((4, 6)), Some((7, 7))],
                vec![Some((8, 9)), Some((10, 12))]
            ]
        );
    }

    #[test]
    fn python_caseless_i_takes_the_dotted_and_dotless_i() {
        let ci = UNICODE | IGNORECASE;
        assert_eq!(
            translate("(?i)(?P<cols>x)i", ci).unwrap(),
            r"(?i)(?P<cols>x)[i\x{130}\x{131}]"
        );
        assert_eq!(translate("[a-z_]", ci).unwrap(), r"[a-z_\x{130}\x{131}]");
        assert_eq!(translate("[a-h]", ci).unwrap(), "[a-h]");
        assert_eq!(translate("(?<![A-Z])i", UNICODE).unwrap(), "(?<![A-Z])i");
        let rx = python_regex("(?i)name|xingming", ci).unwrap();
        assert!(super::found(&rx, "XİNGMİNG".as_bytes(), 0));
        assert!(super::found(&rx, "naMe".as_bytes(), 0));
    }

    #[test]
    fn a_regex_finder_gives_code_point_spans() {
        let f = RegexFinder::new(r"No\. [0-9]+\s*Road", UNICODE, 0.85, vec!["s".into()]).unwrap();
        let t = Prepared::new("地址No. 12\u{3000}Road".to_string());
        let got = f.find(&t);
        assert_eq!((got[0].start, got[0].end), (2, 13));
    }

    proptest::proptest! {
        #[test]
        fn words_find_what_the_regex_finds(text in "[张王收件人姓名公司集团 ,a]{0,40}", pos in 0usize..4) {
            let pattern = "收件人|收件|姓名|张|公司|集团公司|团公|a b";
            let w = Words::new(pattern, UNICODE).unwrap();
            let rx = python_regex(pattern, UNICODE).unwrap();
            let pos = text.char_indices().nth(pos).map_or(text.len(), |(b, _)| b);
            proptest::prop_assert!(matches!(w, Words::Plain(_)));
            proptest::prop_assert_eq!(
                w.find_iter_from(&text, pos),
                find_iter_from(&rx, text.as_bytes(), pos)
            );
        }
    }

    #[test]
    fn words_with_syntax_search_as_the_regex_does() {
        for (pattern, flags) in [
            ("a|b+", UNICODE),
            ("a|b", UNICODE | IGNORECASE),
            ("a||b", UNICODE),
        ] {
            assert!(matches!(
                Words::new(pattern, flags).unwrap(),
                Words::Regex(_)
            ));
        }
    }
}
