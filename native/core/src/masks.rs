//! The kinds' own display masks (the twins of the `mask` functions in `boxguard.kinds`).
//!
//! Each function gives, character for character, what its Python reference gives on any
//! string: offsets count code points (Python slicing), and where the Python code reads a
//! Unicode class (`\d`, `str.isdigit`, `\s`) the class comes from Python's own table
//! (passed in at build time) or is Python's whitespace (`str.isspace`, stable across versions).
//! Regexes are Python's, compiled by [`crate::finders::python_regex`].

use rustc_hash::FxHashSet as HashSet;

use boxguard_regex::Regex;

use crate::engine::EngineError;
use crate::finders::{anchored, python_regex};
use crate::fold::{fold, fold_char};
use crate::mask::keep_ends;
use crate::validate::checks::{py_isspace, py_strip};
use crate::validate::device::{ipv4, ipv6};

/// The byte offset of code point `n` of `s` (its length past the end).
fn byte_at(s: &str, n: usize) -> usize {
    s.char_indices().nth(n).map_or(s.len(), |(i, _)| i)
}

/// `n` stars.
fn stars(n: usize) -> String {
    "*".repeat(n)
}

/// A hex digit, ASCII or full-width, as `*` (Python's `_HEX.sub("*", …)` in kinds/device.py).
fn hide_hex(c: char) -> char {
    if fold_char(c).is_ascii_hexdigit() {
        '*'
    } else {
        c
    }
}

/// `zhangsan@qq.com` → `z***@qq.com`; without a domain, [`keep_ends`]`(1, 0)`.
///
/// ```
/// use boxguard_core::masks::email;
/// assert_eq!(email("zhangsan@qq.com"), "z***@qq.com");
/// assert_eq!(email("a@b@c"), "a***@b@c");
/// assert_eq!(email("abc@"), "a***");
/// ```
#[must_use]
pub fn email(value: &str) -> String {
    match value.split_once('@') {
        Some((user, domain)) if !domain.is_empty() => {
            let mut out: String = user.chars().take(1).collect();
            out.push_str("***@");
            out.push_str(domain);
            out
        }
        _ => keep_ends(value, 1, 0, '*', true),
    }
}

/// One star per code point.
///
/// ```
/// assert_eq!(boxguard_core::masks::hide_all("张三ab"), "****");
/// ```
#[must_use]
pub fn hide_all(value: &str) -> String {
    stars(value.chars().count())
}

/// A MAC address: the first 8 characters, then each hex digit hidden.
///
/// ```
/// assert_eq!(boxguard_core::masks::mac_address("00:1A:2B:3C:4D:5E"), "00:1A:2B:**:**:**");
/// ```
#[must_use]
pub fn mac_address(value: &str) -> String {
    let (head, tail) = value.split_at(byte_at(value, 8));
    let mut out = String::with_capacity(value.len());
    out.push_str(head);
    out.extend(tail.chars().map(hide_hex));
    out
}

/// A property certificate number: `v[:8] + "*" * max(0, len(v) - 9) + v[-1:]` (a value
/// shorter than 9 repeats its last character, as Python's slices do).
///
/// ```
/// use boxguard_core::masks::property_cert_no;
/// assert_eq!(property_cert_no("京(2020)朝阳区不动产权第0012345号"), "京(2020)朝**************号");
/// assert_eq!(property_cert_no("abc"), "abcc");
/// ```
#[must_use]
pub fn property_cert_no(value: &str) -> String {
    let n = value.chars().count();
    let mut out = String::with_capacity(value.len() + 4);
    out.push_str(&value[..byte_at(value, 8)]);
    out.push_str(&stars(n.saturating_sub(9)));
    out.push_str(&value[byte_at(value, n.saturating_sub(1))..]);
    out
}

/// An organization: its first two and last four characters when longer than 6, else its
/// first.
///
/// ```
/// use boxguard_core::masks::organization;
/// assert_eq!(organization("北京字节跳动科技有限公司"), "北京******有限公司");
/// assert_eq!(organization("华为公司"), "华***");
/// ```
#[must_use]
pub fn organization(value: &str) -> String {
    let n = value.chars().count();
    let mut out = String::with_capacity(value.len());
    if n > 6 {
        out.push_str(&value[..byte_at(value, 2)]);
        out.push_str(&stars(n - 6));
        out.push_str(&value[byte_at(value, n - 4)..]);
    } else {
        out.push_str(&value[..byte_at(value, 1)]);
        out.push_str(&stars(n.saturating_sub(1)));
    }
    out
}

/// A licence plate: province and authority, then the last two characters.
///
/// ```
/// use boxguard_core::masks::plate;
/// assert_eq!(plate("京A12345"), "京A***45");
/// assert_eq!(plate("京A1"), "京**");
/// ```
#[must_use]
pub fn plate(value: &str) -> String {
    let n = value.chars().count();
    let mut out = String::with_capacity(value.len());
    if n < 5 {
        out.push_str(&value[..byte_at(value, 1)]);
        out.push_str(&stars(n.saturating_sub(1)));
        return out;
    }
    let (a, b) = (byte_at(value, 2), byte_at(value, n - 2));
    out.push_str(&value[..a]);
    out.extend(value[a..b].chars().map(|c| {
        if c.is_ascii_uppercase() || c.is_ascii_digit() {
            '*'
        } else {
            c
        }
    }));
    out.push_str(&value[b..]);
    out
}

/// IPv4 keeps its /16, IPv6 its /48; anything else its first two characters, the hex
/// digits after them hidden. None for an IPv6 address with a scope (`fe80::1%eth0`, a
/// table's cell: the pattern never takes one), left to Python's reference.
///
/// ```
/// use boxguard_core::masks::ip_address;
/// assert_eq!(ip_address("202.96.128.86").unwrap(), "202.96.*.*");
/// assert_eq!(ip_address("240e:f285:2dbc::9d85").unwrap(), "240e:f285:2dbc:*:*:*:*:*");
/// assert_eq!(ip_address("1.2.3").unwrap(), "1.*.*");
/// assert_eq!(ip_address("fe80::1%eth0"), None);
/// assert_eq!(ip_address("１９２．１６８．１．１").unwrap(), "192.168.*.*");
/// assert_eq!(ip_address("１．２．３").unwrap(), "１．*．*");
/// ```
#[must_use]
pub fn ip_address(value: &str) -> Option<String> {
    let folded = fold(value); // a full-width address is an address too
    let s = py_strip(&folded);
    if let Some(v4) = ipv4(s) {
        return Some(format!("{}.{}.*.*", v4 >> 24, (v4 >> 16) & 0xFF));
    }
    if let Some(v6) = ipv6(s) {
        if s.contains('%') {
            return None;
        }
        let g = |i: u32| (v6 >> (112 - 16 * i)) & 0xFFFF;
        return Some(format!("{:x}:{:x}:{:x}:*:*:*:*:*", g(0), g(1), g(2)));
    }
    let (head, tail) = value.split_at(byte_at(value, 2));
    let mut out = String::with_capacity(value.len());
    out.push_str(head);
    out.extend(tail.chars().map(hide_hex));
    Some(out)
}

/// A set of code points as sorted inclusive ranges (one of Python's tables).
#[derive(Debug, Clone)]
pub struct CodeClass {
    ranges: Vec<(u32, u32)>,
    /// The ASCII members, one bit each.
    ascii: u128,
}

impl CodeClass {
    /// The class of `ranges` (inclusive, any order).
    #[must_use]
    pub fn new(mut ranges: Vec<(u32, u32)>) -> Self {
        ranges.sort_unstable();
        let ascii = (0..128u32)
            .filter(|&c| ranges.iter().any(|&(lo, hi)| lo <= c && c <= hi))
            .fold(0u128, |bits, c| bits | (1u128 << c));
        Self { ranges, ascii }
    }

    /// Whether `c` is in the class.
    #[must_use]
    pub fn contains(&self, c: char) -> bool {
        let c = u32::from(c);
        if c < 128 {
            return self.ascii >> c & 1 == 1;
        }
        let i = self.ranges.partition_point(|&(lo, _)| lo <= c);
        i > 0 && self.ranges[i - 1].1 >= c
    }
}

/// Keep the year (the first `19xx`/`20xx` in ASCII digits), hide every other `\d` of
/// `digits` (Python's `\d` table).
///
/// ```
/// use boxguard_core::masks::{birth_date, CodeClass};
/// let d = CodeClass::new(vec![(0x30, 0x39), (0xff10, 0xff19)]);
/// assert_eq!(birth_date("1990年1月2日", &d), "1990年*月*日");
/// assert_eq!(birth_date("02/01/1990", &d), "**/**/1990");
/// assert_eq!(birth_date("１９９０年１月２日", &d), "****年*月*日");
/// ```
#[must_use]
pub fn birth_date(value: &str, digits: &CodeClass) -> String {
    // the year is ASCII: found on bytes, kept by byte offset
    let year = value.as_bytes().windows(4).position(|w| {
        matches!((w[0], w[1]), (b'1', b'9') | (b'2', b'0'))
            && w[2].is_ascii_digit()
            && w[3].is_ascii_digit()
    });
    let mut out = String::with_capacity(value.len());
    out.extend(value.char_indices().map(|(i, c)| {
        let kept = year.is_some_and(|y| (y..y + 4).contains(&i));
        if !kept && digits.contains(c) {
            '*'
        } else {
            c
        }
    }));
    out
}

/// Where the main number ends: the first `转`, `分机`, `ext`, `x` or `#` (any case).
fn main_end(chars: &[char]) -> usize {
    (0..chars.len())
        .find(|&i| match chars[i] {
            '转' | '#' | 'x' | 'X' => true,
            '分' => chars.get(i + 1) == Some(&'机'),
            'e' | 'E' => {
                matches!(chars.get(i + 1), Some('x' | 'X'))
                    && matches!(chars.get(i + 2), Some('t' | 'T'))
            }
            _ => false,
        })
        .unwrap_or(chars.len())
}

/// The start of a dash extension ending `chars` (Python's `re.search(r"-[0-9]{1,5}$", …)`).
fn dash_ext(chars: &[char]) -> Option<usize> {
    let mut end = chars.len();
    let run = |end: usize| -> Option<usize> {
        let digits = chars[..end]
            .iter()
            .rev()
            .take_while(|c| c.is_ascii_digit())
            .count();
        let start = end - digits;
        ((1..=5).contains(&digits) && start > 0 && chars[start - 1] == '-').then(|| start - 1)
    };
    if end > 0 && chars[end - 1] == '\n' {
        // `$` also matches before a final newline; the leftmost match wins
        end -= 1;
        return run(end).or_else(|| run(end + 1));
    }
    run(end)
}

/// A Chinese landline: the area code and the last four digits of the local number kept;
/// `isdigit` is Python's `str.isdigit` table.
///
/// ```
/// use boxguard_core::masks::{cn_landline, CodeClass};
/// let d = CodeClass::new(vec![(0x30, 0x39), (0xff10, 0xff19)]);
/// assert_eq!(cn_landline("010-65529988", &d), "010-****9988");
/// assert_eq!(cn_landline("(0755)86013388转123", &d), "(0755)****3388转123");
/// assert_eq!(cn_landline("+86 10 6552 9988", &d), "+86 10 **** 9988");
/// ```
#[must_use]
pub fn cn_landline(value: &str, isdigit: &CodeClass) -> String {
    let chars: Vec<char> = value.chars().collect();
    let digits: Vec<usize> = (0..chars.len())
        .filter(|&i| isdigit.contains(chars[i]))
        .collect();
    let head = value.trim_start_matches(py_isspace);
    let skip = if head.starts_with("+86") {
        2
    } else if head.starts_with("0086") {
        4
    } else {
        0
    };
    let rest = digits.get(skip..).unwrap_or(&[]);
    if rest.is_empty() {
        return value.to_owned();
    }
    let lead = usize::from(matches!(chars[rest[0]], '0' | '０'));
    let area = lead
        + if rest.len() > lead && matches!(chars[rest[lead]], '1' | '2' | '１' | '２') {
            2
        } else {
            3
        };
    let end = main_end(&chars);
    let mut local: Vec<usize> = rest
        .get(area..)
        .unwrap_or(&[])
        .iter()
        .copied()
        .filter(|&i| i < end)
        .collect();
    if local.len() > 8 {
        if let Some(ext) = dash_ext(&chars[..end]) {
            local.retain(|&i| i < ext);
        }
    }
    let hidden = local.len().saturating_sub(4);
    let mut out: Vec<char> = chars;
    for &i in &local[..hidden] {
        out[i] = '*';
    }
    out.into_iter().collect()
}

/// The name mask: `张*`, `欧阳*`, `ZHANG/***`, `San Z***`, `z***`; `compound` holds the
/// two-character surnames kept whole.
#[derive(Debug, Clone)]
pub struct NameMask {
    compound: HashSet<String>,
}

impl NameMask {
    /// The mask with these compound surnames.
    #[must_use]
    pub fn new(compound: impl IntoIterator<Item = String>) -> Self {
        Self {
            compound: compound.into_iter().collect(),
        }
    }

    /// `value` masked.
    ///
    /// ```
    /// use boxguard_core::masks::NameMask;
    /// let m = NameMask::new(["欧阳".to_owned()]);
    /// assert_eq!(m.mask("张三"), "张*");
    /// assert_eq!(m.mask("欧阳娜娜"), "欧阳*");
    /// assert_eq!(m.mask("ZHANG/SAN"), "ZHANG/***");
    /// assert_eq!(m.mask("San Zhang"), "San Z***");
    /// assert_eq!(m.mask("zhangsan"), "z***");
    /// ```
    #[must_use]
    pub fn mask(&self, value: &str) -> String {
        if let Some((sur, given)) = value.split_once('/') {
            return format!("{sur}/{}", stars(given.chars().count()));
        }
        if value.is_ascii() {
            return match value.split_once(' ') {
                Some((first, rest)) if !rest.is_empty() => format!("{first} {}***", &rest[..1]),
                _ => {
                    let first = value.split(' ').next().unwrap_or("");
                    format!("{}***", first.get(..1).unwrap_or(""))
                }
            };
        }
        if let Some((head, _)) = value.split_once('·') {
            return format!("{head}·*");
        }
        let two = byte_at(value, 2);
        let keep = if self.compound.contains(&value[..two]) {
            two
        } else {
            byte_at(value, 1)
        };
        let mut out = String::with_capacity(keep + 1);
        out.push_str(&value[..keep]);
        out.push('*');
        out
    }
}

/// Code points in `s[..byte]`.
fn chars_before(s: &str, byte: usize) -> usize {
    s[..byte].chars().count()
}

/// The address mask: down to the district (Python's `ADMIN` regex, matched at the start),
/// else the first two characters.
#[derive(Debug)]
pub struct AddressMask {
    admin: Regex,
}

impl AddressMask {
    /// The mask with `admin` (Python's pattern and flags).
    ///
    /// # Errors
    /// A pattern the native regex cannot read as Python does.
    pub fn new(admin: &str, flags: u32) -> Result<Self, EngineError> {
        Ok(Self {
            admin: anchored(admin, flags)?,
        })
    }

    /// `value` masked.
    ///
    /// ```
    /// use boxguard_core::masks::AddressMask;
    /// let m = AddressMask::new("(?:[\\u4e00-\\u9fff]{1,12}?(?:市|区))?", 0).unwrap();
    /// assert_eq!(m.mask("北京市朝阳区建国路88号"), "北京市*********");
    /// ```
    #[must_use]
    pub fn mask(&self, value: &str) -> String {
        let end = match self.admin.find(value.as_bytes()) {
            Ok(Some(m)) if m.start() == 0 && m.end() > 0 => Some(chars_before(value, m.end())),
            _ => None,
        };
        let n = value.chars().count();
        let keep = end.unwrap_or(2.min(n));
        let mut out: String = value.chars().take(keep).collect();
        out.push_str(&stars(n.saturating_sub(keep)));
        out
    }
}

/// The geo-coordinate mask: Python's three regexes (seconds, decimal minutes, decimal
/// degrees), each match rewritten as its Python `sub` does.
#[derive(Debug)]
pub struct GeoMask {
    seconds: Regex,
    minutes: Regex,
    degrees: Regex,
}

/// `re.sub(rx, f, s)` for a regex whose matches are never empty.
fn sub(rx: &Regex, s: &str, f: impl Fn(&[Option<&str>]) -> String) -> String {
    let mut out = String::with_capacity(s.len());
    let mut last = 0;
    for caps in rx.captures_iter(s.as_bytes()).map_while(Result::ok) {
        let Some(m) = caps.get(0) else { continue };
        let groups: Vec<Option<&str>> = (1..caps.len())
            .map(|g| caps.get(g).map(|x| &s[x.start()..x.end()]))
            .collect();
        out.push_str(&s[last..m.start()]);
        out.push_str(&f(&groups));
        last = m.end();
    }
    out.push_str(&s[last..]);
    out
}

/// Group `i` (from 0 for group 1) of a match, `""` when it did not take part.
fn g<'s>(groups: &[Option<&'s str>], i: usize) -> &'s str {
    groups.get(i).copied().flatten().unwrap_or("")
}

impl GeoMask {
    /// The mask with Python's three patterns (pattern, flags).
    ///
    /// # Errors
    /// A pattern the native regex cannot read as Python does.
    pub fn new(
        seconds: (&str, u32),
        minutes: (&str, u32),
        degrees: (&str, u32),
    ) -> Result<Self, EngineError> {
        Ok(Self {
            seconds: python_regex(seconds.0, seconds.1)?,
            minutes: python_regex(minutes.0, minutes.1)?,
            degrees: python_regex(degrees.0, degrees.1)?,
        })
    }

    /// `value` masked.
    #[must_use]
    pub fn mask(&self, value: &str) -> String {
        let out = sub(&self.seconds, value, |m| {
            format!("{}**{}", g(m, 0), g(m, 1))
        });
        let out = sub(&self.minutes, &out, |m| {
            format!("{}.**{}", g(m, 0), g(m, 1))
        });
        if out != value {
            return out;
        }
        sub(&self.degrees, value, |m| format!("{}**", g(m, 0)))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    const SECONDS: &str = r#"([0-9]+\s*['′]\s*)[0-9]+(?:\.[0-9]+)?(\s*["″]|\s*'')"#;
    const MINUTES: &str = r"([°º]\s*[0-9]+)\.[0-9]+(\s*['′])";
    const DEGREES: &str = r"(\.[0-9]{2})[0-9]+";

    fn ascii_digits() -> CodeClass {
        CodeClass::new(vec![(0x30, 0x39), (0xff10, 0xff19)])
    }

    #[test]
    fn geo_keeps_about_a_kilometre() {
        let m = GeoMask::new((SECONDS, 0), (MINUTES, 0), (DEGREES, 0)).unwrap();
        assert_eq!(m.mask("39.908722,116.397499"), "39.90**,116.39**");
        assert_eq!(
            m.mask("31°12′30.3″N 121°30′56.3″E"),
            "31°12′**″N 121°30′**″E"
        );
        assert_eq!(m.mask("N31°12.512' E121°30.941'"), "N31°12.**' E121°30.**'");
    }

    #[test]
    fn ip_reads_as_python_ipaddress() {
        let ip = |v: &str| ip_address(v).unwrap_or_default();
        assert_eq!(ip(" 10.0.0.1 "), "10.0.*.*");
        assert_eq!(ip("01.2.3.4"), "01.*.*.*");
        assert_eq!(ip("::ffff:1.2.3.4"), "0:0:0:*:*:*:*:*");
        assert_eq!(ip_address("fe80::1%eth0"), None);
        assert_eq!(ip("fe80::1%"), "fe**::*%");
        assert_eq!(ip("1:2:3:4:5:6:7::"), "1:2:3:*:*:*:*:*");
        assert_eq!(ip("1:2:3:4:5:6:7:8:9"), "1:*:*:*:*:*:*:*:*");
    }

    #[test]
    fn landline_extensions() {
        let d = ascii_digits();
        assert_eq!(cn_landline("0571-87654321-8001", &d), "0571-****4321-8001");
        assert_eq!(
            cn_landline("0571-87654321-8001\n", &d),
            "0571-****4321-8001\n"
        );
        assert_eq!(cn_landline("no digits", &d), "no digits");
        assert_eq!(
            cn_landline("010-65529988 EXT 12", &d),
            "010-****9988 EXT 12"
        );
    }

    #[test]
    fn short_values_follow_python_slices() {
        assert_eq!(property_cert_no(""), "");
        assert_eq!(organization(""), "");
        assert_eq!(plate(""), "");
        assert_eq!(email(""), "");
        assert_eq!(NameMask::new([]).mask(""), "***");
        assert_eq!(NameMask::new([]).mask(" x"), " x***");
        assert_eq!(NameMask::new([]).mask("ab "), "a***");
    }

    proptest! {
        #[test]
        fn masks_keep_the_length(s in "[0-9A-Za-z 京·\\-:.@]{0,24}") {
            let n = s.chars().count();
            prop_assert_eq!(hide_all(&s).chars().count(), n);
            prop_assert_eq!(mac_address(&s).chars().count(), n);
            prop_assert_eq!(plate(&s).chars().count(), n);
            prop_assert_eq!(birth_date(&s, &ascii_digits()).chars().count(), n);
            prop_assert_eq!(cn_landline(&s, &ascii_digits()).chars().count(), n);
        }
    }
}
