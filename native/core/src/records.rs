//! Which texts may hold a record's cells under a header (the prefilter of
//! `boxguard.detect.records.record_cells`, which Python then runs on what is left).

use crate::validate::checks::{py_isspace, py_strip};

/// The delimiters a header line is split on, in the order Python tries them
/// (`records._DELIMITERS`).
pub const DELIMITERS: [char; 5] = ['\t', '|', ',', '，', ';'];

/// The names every line of `text` but its last would give as a header
/// (`records._header`'s split: the first delimiter the line holds twice, each name
/// stripped of spaces, then of quotes), without `_header`'s check of the names: a
/// superset of the header names Python finds, each spelt as Python spells it.
///
/// ```
/// use boxguard_core::records::header_names;
/// let t = "序号 | \"姓名\" | 手机\n1 | 张伟 | 138";
/// assert_eq!(header_names(t).collect::<Vec<_>>(), ["序号", "姓名", "手机"]);
/// assert_eq!(header_names("a,b,c").count(), 0); // a last line heads no row
/// ```
pub fn header_names(text: &str) -> impl Iterator<Item = &str> {
    let mut lines = text.split('\n').peekable();
    std::iter::from_fn(move || {
        let line = lines.next()?;
        lines.peek()?; // the last line has no row under it
        Some(line)
    })
    .filter_map(|line| {
        let sep = DELIMITERS
            .into_iter()
            .find(|&d| line.matches(d).nth(1).is_some())?;
        Some(
            line.split(sep)
                .map(|name| py_strip(name).trim_matches(|c| matches!(c, '`' | '"' | '\''))),
        )
    })
    .flatten()
}

/// Whether `c` is `want` (an ASCII lower-case letter) to Python's case-insensitive
/// matching in Unicode: either case, and the four letters beyond ASCII it pairs with them.
fn ci(c: char, want: char) -> bool {
    c.to_ascii_lowercase() == want
        || matches!(
            (want, c),
            ('i', '\u{130}' | '\u{131}') | ('s', '\u{17f}') | ('k', '\u{212a}')
        )
}

/// `word` (ASCII lower case) at the start of `s`, case-insensitively: the rest of `s`.
fn word<'s>(s: &'s str, word: &str) -> Option<&'s str> {
    let mut chars = s.char_indices();
    for want in word.chars() {
        let (_, c) = chars.next()?;
        if !ci(c, want) {
            return None;
        }
    }
    Some(chars.next().map_or("", |(i, _)| &s[i..]))
}

/// The column names of each SQL `INSERT INTO t (a, b) VALUES` in `text`, as
/// `records._sql` reads them (split on commas, stripped of spaces, then of quotes and
/// brackets), wherever `records._INSERT` matches, and maybe elsewhere: its `\b` before
/// `INSERT` is not checked.
///
/// ```
/// use boxguard_core::records::sql_columns;
/// let t = "x; insert  INTO `u` (`id`, \"pwd\") VALUES (1,'a')";
/// assert_eq!(sql_columns(t).collect::<Vec<_>>(), ["id", "pwd"]);
/// assert_eq!(sql_columns("INSERT INTO `u` VALUES (1,'a')").count(), 0);
/// ```
pub fn sql_columns(text: &str) -> impl Iterator<Item = &str> {
    text.char_indices()
        .filter(|&(_, c)| ci(c, 'i'))
        .filter_map(|(at, _)| insert_columns(&text[at..]))
        .flat_map(|cols| {
            cols.split(',')
                .map(|c| py_strip(c).trim_matches(|c| matches!(c, '`' | '"' | '[' | ']')))
        })
}

/// `_INSERT`'s `cols` group where it matches at the start of `s`:
/// `INSERT\s+INTO\s+[^\s(]+\s*\((?P<cols>[^()]{1,2000})\)\s*VALUES`, case-insensitive.
fn insert_columns(s: &str) -> Option<&str> {
    fn spaces(s: &str) -> &str {
        s.trim_start_matches(py_isspace)
    }
    let s = word(s, "insert")?;
    let after = spaces(s);
    if after.len() == s.len() {
        return None; // \s+
    }
    let s = word(after, "into")?;
    let after = spaces(s);
    if after.len() == s.len() {
        return None;
    }
    let name = after.find(|c: char| py_isspace(c) || c == '(')?;
    if name == 0 {
        return None; // [^\s(]+
    }
    let s = spaces(&after[name..]).strip_prefix('(')?;
    let close = s.find(['(', ')'])?;
    let cols = &s[..close];
    if !s[close..].starts_with(')') || cols.is_empty() || cols.chars().nth(2000).is_some() {
        return None;
    }
    word(spaces(&s[close + 1..]), "values").map(|_| cols)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_line_is_split_on_the_first_delimiter_it_holds_twice() {
        let t = "a,b;c;d\n1|2|3\nx\tTel\t'邮编'\u{3000}\nlast,line,x";
        assert_eq!(
            header_names(t).collect::<Vec<_>>(),
            ["a,b", "c", "d", "1", "2", "3", "x", "Tel", "邮编"]
        );
        assert_eq!(header_names("").count(), 0);
        assert_eq!(header_names("a,b\n").count(), 0); // one comma: no header
    }

    #[test]
    fn an_insert_is_read_as_python_reads_it() {
        fn cols(t: &str) -> Vec<&str> {
            sql_columns(t).collect()
        }
        assert_eq!(cols("İnſert\tinto t(a , [b])values(1,2)"), ["a", "b"]);
        assert_eq!(cols("INSERT INTO t (a) (b) VALUES"), Vec::<&str>::new());
        assert_eq!(cols("INSERTINTO t (a) VALUES"), Vec::<&str>::new());
        assert_eq!(cols("INSERT INTO (a) VALUES"), Vec::<&str>::new());
        assert_eq!(cols("INSERT INTO t () VALUES"), Vec::<&str>::new());
        assert_eq!(
            cols("insert into t (x) values; INSERT INTO u (y) VALUES"),
            ["x", "y"]
        );
    }
}
