//! Python's string semantics and the check-character algorithms the kinds share
//! (the twins of `boxguard.kinds._checks` and of the python-stdnum functions it calls).

use std::borrow::Cow;
use std::sync::OnceLock;
use std::time::{SystemTime, UNIX_EPOCH};

use boxguard_regex::{Captures, Regex, RegexBuilder};

use super::data;

/// Python's whitespace (`str.isspace`, `str.strip()`, `re`'s `\s` without re.ASCII).
pub fn py_isspace(c: char) -> bool {
    matches!(
        c,
        '\t'..='\r'
            | '\x1c'..='\x20'
            | '\u{85}'
            | '\u{a0}'
            | '\u{1680}'
            | '\u{2000}'..='\u{200a}'
            | '\u{2028}'
            | '\u{2029}'
            | '\u{202f}'
            | '\u{205f}'
            | '\u{3000}'
    )
}

/// The PCRE2 class of [`py_isspace`], for patterns whose Python twin says `\s`.
pub const PY_SPACE: &str = r"[\t-\r\x{1c}-\x{20}\x{85}\x{a0}\x{1680}\x{2000}-\x{200a}\x{2028}\x{2029}\x{202f}\x{205f}\x{3000}]";

/// Python's `s.strip()`.
pub fn py_strip(s: &str) -> &str {
    s.trim_matches(py_isspace)
}

/// `value` without the characters in `allowed` (`_checks.strip_separators`).
pub fn strip_separators<'v>(value: &'v str, allowed: &[char]) -> Cow<'v, str> {
    if value.contains(allowed) {
        Cow::Owned(value.chars().filter(|c| !allowed.contains(c)).collect())
    } else {
        Cow::Borrowed(value) // the usual case: nothing to take out, nothing to copy
    }
}

/// Python's `str.upper()` (full case mapping: `ß` becomes `SS`).
pub fn py_upper(s: &str) -> Cow<'_, str> {
    if s.bytes().all(|b| b.is_ascii() && !b.is_ascii_lowercase()) {
        Cow::Borrowed(s) // ASCII without a lower-case letter: upper-cased already
    } else {
        Cow::Owned(s.to_uppercase())
    }
}

/// `upper_stripped(value, allowed)`, borrowing `value` where neither changes it.
pub fn upper_stripped<'v>(value: &'v str, allowed: &[char]) -> Cow<'v, str> {
    match strip_separators(value, allowed) {
        Cow::Borrowed(v) => py_upper(v),
        Cow::Owned(v) => Cow::Owned(py_upper(&v).into_owned()),
    }
}

/// `s.isdigit() and s.isascii()` (false for the empty string).
pub fn ascii_digits(s: &str) -> bool {
    !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit())
}

/// A lazily compiled PCRE2 pattern that must match the whole subject (`re.fullmatch`).
pub struct FullMatch {
    pattern: fn() -> String,
    cell: OnceLock<Regex>,
}

impl FullMatch {
    /// A full match of the pattern `pattern()` returns (UTF mode, no UCP: spell Unicode
    /// classes out, as [`PY_SPACE`] and [`data::PY_DIGIT`] do).
    pub const fn new(pattern: fn() -> String) -> Self {
        FullMatch {
            pattern,
            cell: OnceLock::new(),
        }
    }

    fn regex(&self) -> &Regex {
        self.cell.get_or_init(|| {
            let source = format!(r"\A(?:{})\z", (self.pattern)());
            RegexBuilder::new()
                .utf(true)
                .jit_if_available(true)
                .build(&source)
                .unwrap_or_else(|e| panic!("a validator's pattern does not compile: {e}"))
        })
    }

    /// Whether the whole of `s` matches.
    pub fn is_match(&self, s: &str) -> bool {
        self.regex().is_match(s.as_bytes()).unwrap_or(false)
    }

    /// The groups of a whole match of `s`.
    pub fn captures<'s>(&self, s: &'s str) -> Option<Captures<'s>> {
        self.regex().captures(s.as_bytes()).ok().flatten()
    }
}

/// The text of the named group `name` of `caps`, if it took part in the match.
pub fn group<'s>(caps: &Captures<'s>, name: &str) -> Option<&'s str> {
    caps.name(name)
        .and_then(|m| std::str::from_utf8(m.as_bytes()).ok())
}

/// GB 11643 / ISO 7064 MOD 11-2 check character of 17 ASCII digits (stdnum's
/// `ric.calc_check_digit(first17 + "0")`: `(1 - 2 * int(first17, 13)) % 11`).
pub fn mod11_2(first17: &[u8]) -> u8 {
    let n = first17
        .iter()
        .fold(0u32, |n, &d| (n * 13 + u32::from(d - b'0')) % 11);
    let r = (1 + 22 - 2 * n) % 11;
    if r == 10 {
        b'X'
    } else {
        b'0' + r as u8
    }
}

/// stdnum's `luhn.is_valid` on ASCII digits, after `_checks.luhn_ok`'s digit test.
pub fn luhn_ok(digits: &str) -> bool {
    if !ascii_digits(digits) {
        return false;
    }
    let mut total = 0u32;
    for (i, b) in digits.bytes().rev().enumerate() {
        let v = u32::from(b - b'0');
        total += if i % 2 == 1 {
            let d = v * 2;
            d / 10 + d % 10
        } else {
            v
        };
    }
    total.is_multiple_of(10)
}

/// ISO 3779 check character (position 9) of a 17-character VIN of `[A-HJ-NPR-Z0-9]`.
pub fn vin_check(vin: &[u8]) -> u8 {
    const WEIGHTS: [u32; 17] = [8, 7, 6, 5, 4, 3, 2, 10, 0, 9, 8, 7, 6, 5, 4, 3, 2];
    let value = |c: u8| -> u32 {
        match c {
            b'0'..=b'9' => u32::from(c - b'0'),
            b'A'..=b'H' => u32::from(c - b'A') + 1,
            b'J'..=b'N' => u32::from(c - b'J') + 1,
            b'P' => 7,
            b'R' => 9,
            b'S'..=b'Z' => u32::from(c - b'S') + 2,
            _ => 0,
        }
    };
    let total: u32 = vin.iter().zip(WEIGHTS).map(|(&c, w)| value(c) * w).sum();
    let r = total % 11;
    if r == 10 {
        b'X'
    } else {
        b'0' + r as u8
    }
}

/// Hong Kong identity card check character of 1-2 letters + 6 digits (ASCII).
pub fn hk_check(body: &[u8]) -> u8 {
    let pad: &[u8] = if body.len() == 8 { b"" } else { b" " };
    let total: u32 = pad
        .iter()
        .chain(body)
        .zip((2..=9u32).rev())
        .map(|(&c, w)| {
            let v = match c {
                b' ' => 36,
                b'A'..=b'Z' => u32::from(c) - 55,
                _ => u32::from(c - b'0'),
            };
            v * w
        })
        .sum();
    let r = (11 - total % 11) % 11;
    if r == 10 {
        b'A'
    } else {
        b'0' + r as u8
    }
}

/// Taiwan national ID check digit of an ASCII letter + 8 digits.
pub fn tw_check(body: &[u8]) -> u8 {
    const LETTERS: &[u8] = b"ABCDEFGHJKLMNPQRSTUVXYWZIO";
    let n = LETTERS.iter().position(|&c| c == body[0]).unwrap_or(0) as u32 + 10;
    let digits = [n / 10, n % 10]
        .into_iter()
        .chain(body[1..].iter().map(|&c| u32::from(c - b'0')));
    let total: u32 = digits
        .zip([1, 9, 8, 7, 6, 5, 4, 3, 2, 1])
        .map(|(d, w)| d * w)
        .sum();
    b'0' + ((10 - total % 10) % 10) as u8
}

/// UPU S10 check digit of an 8-digit ASCII serial.
pub fn s10_check(serial: &[u8]) -> u8 {
    let total: u32 = serial
        .iter()
        .zip([8, 6, 4, 2, 3, 5, 9, 7])
        .map(|(&d, w)| u32::from(d - b'0') * w)
        .sum();
    match 11 - total % 11 {
        11 => b'5',
        10 => b'0',
        c => b'0' + c as u8,
    }
}

/// Whether the 6 ASCII digits `code` are an administrative division code stdnum knows.
pub fn region_ok(code: &str) -> bool {
    ascii_digits(code)
        && code.len() == 6
        && code
            .parse::<u32>()
            .is_ok_and(|c| data::REGION_CODES.binary_search(&c).is_ok())
}

/// A calendar date in Python's `datetime.date` range (years 1–9999).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub struct Date {
    /// The year, 1–9999.
    pub year: i64,
    /// The month, 1–12.
    pub month: i64,
    /// The day of the month.
    pub day: i64,
}

impl Date {
    /// `datetime.date(year, month, day)`, or None where Python raises ValueError.
    ///
    /// ```
    /// use boxguard_core::validate::Date;
    /// assert!(Date::new(2000, 2, 29).is_some());
    /// assert!(Date::new(1900, 2, 29).is_none());
    /// assert!(Date::new(0, 1, 1).is_none());
    /// ```
    #[must_use]
    pub fn new(year: i64, month: i64, day: i64) -> Option<Date> {
        if !(1..=9999).contains(&year) || !(1..=12).contains(&month) {
            return None;
        }
        let leap = year % 4 == 0 && (year % 100 != 0 || year % 400 == 0);
        let days = match month {
            2 if leap => 29,
            2 => 28,
            4 | 6 | 9 | 11 => 30,
            _ => 31,
        };
        (1..=days)
            .contains(&day)
            .then_some(Date { year, month, day })
    }

    /// Today's date (UTC; Python's `date.today()` is local time, UTC on the project's
    /// machines).
    ///
    /// ```
    /// assert!(boxguard_core::validate::Date::today().year >= 2026);
    /// ```
    #[must_use]
    pub fn today() -> Date {
        let secs = SystemTime::now()
            .duration_since(UNIX_EPOCH)
            .map_or(0, |d| d.as_secs());
        Date::from_days(i64::try_from(secs / 86_400).unwrap_or(0))
    }

    /// The civil date `days` after 1970-01-01 (Howard Hinnant's algorithm).
    fn from_days(days: i64) -> Date {
        let z = days + 719_468;
        let era = z.div_euclid(146_097);
        let doe = z.rem_euclid(146_097);
        let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
        let mp = (5 * doy + 2) / 153;
        let day = doy - (153 * mp + 2) / 5 + 1;
        let month = if mp < 10 { mp + 3 } else { mp - 9 };
        let year = yoe + era * 400 + i64::from(month <= 2);
        Date { year, month, day }
    }
}

/// The date `days` after January 1st of `year` (synthetic values in tests).
#[cfg(test)]
pub fn date_after(year: i64, days: i64) -> Date {
    // days from 1970-01-01 to year-01-01, by counting whole years
    let mut offset = 0i64;
    for y in 1970..year {
        offset += if Date::new(y, 2, 29).is_some() {
            366
        } else {
            365
        };
    }
    for y in year..1970 {
        offset -= if Date::new(y, 2, 29).is_some() {
            366
        } else {
            365
        };
    }
    Date::from_days(offset + days)
}

/// `_checks.birth_date`: 8 ASCII digits `yyyymmdd` that are a real date from
/// `earliest` to today.
pub fn birth_date_ok(yyyymmdd: &str, earliest: i64) -> bool {
    let part = |a: usize, b: usize| yyyymmdd.get(a..b).and_then(|s| s.parse::<i64>().ok());
    let (Some(y), Some(m), Some(d)) = (part(0, 4), part(4, 6), part(6, 8)) else {
        return false;
    };
    Date::new(y, m, d).is_some_and(|day| earliest <= day.year && day <= Date::today())
}

#[cfg(test)]
mod tests {
    use super::*;

    proptest::proptest! {
        #[test]
        fn borrowing_shortcuts_give_what_copying_gives(s in "[aAzZ09 ß\\-（）é]{0,12}") {
            let seps = [' ', '-', '（'];
            let stripped: String = s.chars().filter(|c| !seps.contains(c)).collect();
            proptest::prop_assert_eq!(strip_separators(&s, &seps).into_owned(), stripped.clone());
            proptest::prop_assert_eq!(py_upper(&s).into_owned(), s.to_uppercase());
            proptest::prop_assert_eq!(
                upper_stripped(&s, &seps).into_owned(),
                stripped.to_uppercase()
            );
        }
    }

    #[test]
    fn check_characters_match_the_python_doctests() {
        assert_eq!(mod11_2(b"11010519491231002"), b'X');
        assert!(luhn_ok("4111111111111111"));
        assert!(!luhn_ok("4111111111111112"));
        assert_eq!(vin_check(b"1M8GDM9AXKP042788"), b'X');
        assert_eq!(hk_check(b"A123456"), b'3');
        assert_eq!(tw_check(b"A12345678"), b'9');
        assert_eq!(s10_check(b"12345678"), b'5');
    }

    #[test]
    fn days_since_the_epoch_are_civil_dates() {
        assert_eq!(Date::from_days(0), Date::new(1970, 1, 1).unwrap());
        assert_eq!(Date::from_days(11_016), Date::new(2000, 2, 29).unwrap());
        assert_eq!(Date::from_days(20_793), Date::new(2026, 12, 6).unwrap());
    }

    #[test]
    fn python_strip_uses_python_whitespace() {
        assert_eq!(py_strip("\x1c a \u{3000}"), "a");
        assert_eq!(py_strip("\u{200b}a"), "\u{200b}a");
    }
}
