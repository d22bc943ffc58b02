//! Mainland phone numbers (the twins of `boxguard.kinds.phone`'s validators); the CN
//! patterns are libphonenumber's, generated into [`super::data`]. Foreign numbers: the
//! common case of `validate_intl_phone` ([`intl_plan_code`]); the rest is Python's.

use std::sync::OnceLock;

use boxguard_regex::{Regex, RegexBuilder};

use super::checks::{ascii_digits, py_isspace, py_strip, FullMatch};
use super::data;

/// `_NON_DIGITS`: `[\s\-().·]`, Python's `\s`.
fn is_non_digit(c: char) -> bool {
    py_isspace(c) || matches!(c, '-' | '(' | ')' | '.' | '·')
}

fn without_separators(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    out.extend(s.chars().filter(|&c| !is_non_digit(c)));
    out
}

static GENERAL: FullMatch = FullMatch::new(|| data::CN_GENERAL.into());
static MOBILE: FullMatch = FullMatch::new(|| data::CN_MOBILE.into());
static FIXED_LINE: FullMatch = FullMatch::new(|| data::CN_FIXED_LINE.into());

/// `_cn_number_is`: the general and the type's national number pattern both match.
fn cn_number_is(specific: &FullMatch, national: &str) -> bool {
    GENERAL.is_match(national) && specific.is_match(national)
}

/// `validate_cn_mobile`.
pub fn mobile(value: &str) -> bool {
    let mut digits = without_separators(value);
    for prefix in ["+86", "0086", "86"] {
        if digits.starts_with(prefix) && digits.chars().count() == prefix.len() + 11 {
            digits = digits[prefix.len()..].to_owned();
            break;
        }
    }
    ascii_digits(&digits)
        && digits.len() == 11
        && (cn_number_is(&MOBILE, &digits) || digits.starts_with("149"))
}

static SERVICE: FullMatch = FullMatch::new(|| {
    r"(?:400|800)[0-9]{7}|95[0-9]{3,6}|12[0-9]{3}|100[0-9]{2}|1[12]0|119|122".into()
});

/// Where `re.split(r"转|分机|ext\.?|x|#", value, maxsplit=1, flags=re.IGNORECASE)` cuts.
fn extension_cut(value: &str) -> usize {
    for (i, c) in value.char_indices() {
        let rest = &value[i..];
        let ext = rest.len() >= 3 && rest.as_bytes()[..3].eq_ignore_ascii_case(b"ext");
        if matches!(c, '转' | 'x' | 'X' | '#') || rest.starts_with("分机") || ext {
            return i;
        }
    }
    value.len()
}

/// The start of `re.search(r"-[0-9]{1,5}$", main)` (main is stripped: no final newline).
fn dash_extension(main: &str) -> Option<usize> {
    let b = main.as_bytes();
    let tail = b.iter().rev().take_while(|c| c.is_ascii_digit()).count();
    let dash = b.len().checked_sub(tail + 1)?;
    ((1..=5).contains(&tail) && b[dash] == b'-').then_some(dash)
}

/// `validate_cn_landline`.
pub fn landline(value: &str) -> bool {
    let main = py_strip(&value[..extension_cut(value)]);
    let mut digits = without_separators(main);
    if let Some(dash) = dash_extension(main) {
        if digits.chars().count() > 12 {
            digits = without_separators(&main[..dash]);
        }
    }
    if let Some(rest) = digits.strip_prefix("+86") {
        digits = format!("0{rest}");
    } else if let Some(rest) = digits.strip_prefix("0086") {
        digits = format!("0{rest}");
    }
    if !ascii_digits(&digits) || !digits.starts_with('0') {
        return false;
    }
    if !(10..=12).contains(&digits.len()) {
        return false;
    }
    let national = &digits[1..];
    if SERVICE.is_match(national) || SERVICE.is_match(&digits) {
        return false;
    }
    national.as_bytes()[0] != b'0' && (cn_number_is(&FIXED_LINE, national) || local_plan(national))
}

/// `_local_plan`: an area code the metadata knows and a 7- or 8-digit local number.
fn local_plan(national: &str) -> bool {
    let cut = if matches!(national.as_bytes()[0], b'1' | b'2') {
        2
    } else {
        3
    };
    let (area, local) = national.split_at(cut);
    matches!(local.as_bytes().first(), Some(b'2'..=b'9'))
        && matches!(local.len(), 7 | 8)
        && data::LANDLINE_PLAN_AREAS.binary_search(&area).is_ok()
}

/// A country's plan compiled: its general national number pattern (full match) and its
/// national prefix for parsing (matched at the start), as `_in_plan` and `parse` use them.
struct Plan {
    general: Regex,
    prefix: Option<Regex>,
}

fn compiled(pattern: &str) -> Option<Regex> {
    RegexBuilder::new()
        .utf(true)
        .jit_if_available(true)
        .build(pattern)
        .ok()
}

/// [`data::INTL_PLANS`]'s entry `i` compiled at its first use (None: no general pattern,
/// or one PCRE2 does not take: Python decides).
fn plan(i: usize) -> Option<&'static Plan> {
    static PLANS: OnceLock<Vec<OnceLock<Option<Plan>>>> = OnceLock::new();
    let cells = PLANS.get_or_init(|| data::INTL_PLANS.iter().map(|_| OnceLock::new()).collect());
    cells
        .get(i)?
        .get_or_init(|| {
            let (_, general, _, prefix) = data::INTL_PLANS.get(i)?;
            if general.is_empty() {
                return None;
            }
            Some(Plan {
                general: compiled(&format!(r"\A(?:{general})\z"))?,
                prefix: if prefix.is_empty() {
                    None
                } else {
                    Some(compiled(&format!(r"\A(?:{prefix})"))?)
                },
            })
        })
        .as_ref()
}

/// The country calling code of `value` when `validate_intl_phone` surely accepts it
/// through its first test, the country's plan (`_in_plan`): an explicit country code
/// other than 86 and a national number its general pattern and possible lengths take.
/// None means "not known here", not "invalid": the caller asks Python, which also tries
/// libphonenumber's `is_valid_number`.
///
/// Only the forms whose `phonenumbers.parse` is plain are decided: `+`, `00` or `(` first,
/// then ASCII digits, spaces, `-` and brackets, a digit last (no whitespace to strip, no
/// extension, no second `+`), and a national number that does not start with 0 nor with
/// the country's national prefix for parsing (which `parse` may strip).
///
/// ```
/// use boxguard_core::validate::intl_plan_code;
/// assert_eq!(intl_plan_code("+1 415-555-2671"), Some(1));
/// assert_eq!(intl_plan_code("(852) 9123 4567"), Some(852));
/// assert_eq!(intl_plan_code("+44 07911 123456"), None);
/// ```
#[must_use]
pub fn intl_plan_code(value: &str) -> Option<u16> {
    let (code, at, national) = country_code(&plain_digits(value)?)?;
    if code == 86 {
        return None;
    }
    let plan = kept_national(at, &national)?;
    let lengths = data::INTL_PLANS[at].2;
    let len = u8::try_from(national.len()).unwrap_or(u8::MAX);
    (lengths.contains(&len) && plan.general.is_match(&national).unwrap_or(false)).then_some(code)
}

/// Whether `validate_intl_phone` surely rejects `value`, in the plain forms
/// [`intl_plan_code`] reads: `parse` fails (no known country calling code in its first
/// digits, or fewer than 2 national digits), a mainland number (+86), or a code of one
/// region whose general pattern does not take the national number (then `_in_plan`
/// fails, and so does `is_valid_number`, which reads the same general pattern before any
/// other; a code several regions share, [`data::SHARED_CODES`], is validated against the
/// region the number fits: never decided here). False means "not known here".
///
/// ```
/// use boxguard_core::validate::intl_surely_invalid;
/// assert!(intl_surely_invalid("0082735") && intl_surely_invalid("+86 138 1234 5678"));
/// assert!(intl_surely_invalid("0083783") && intl_surely_invalid("005072")); // +837…, +507 2
/// assert!(!intl_surely_invalid("+82 2 312 3456") && !intl_surely_invalid("+1 123"));
/// ```
#[must_use]
pub fn intl_surely_invalid(value: &str) -> bool {
    let Some(digits) = plain_digits(value) else {
        return false;
    };
    match country_code(&digits) {
        None => true, // `_extract_country_code` finds none: INVALID_COUNTRY_CODE
        Some((86, _, _)) => true,
        Some((_, _, national)) if national.len() < 2 => true, // TOO_SHORT_NSN
        Some((code, at, national)) => {
            data::SHARED_CODES.binary_search(&code).is_err()
                && kept_national(at, &national)
                    .is_some_and(|plan| !plan.general.is_match(&national).unwrap_or(true))
        }
    }
}

/// The digits of a plain `value` after its `+`, `00` or `(`, as `parse` normalizes them
/// (None: not a plain form). The plain forms: `+`, `00` or `(` first, then ASCII digits,
/// spaces, `-` and brackets, a digit last (no whitespace to strip, no extension, no
/// second `+`).
fn plain_digits(value: &str) -> Option<Vec<u8>> {
    let b = value.as_bytes();
    let rest = match b {
        [b'0', b'0', rest @ ..] | [b'+' | b'(', rest @ ..] => rest,
        _ => return None,
    };
    let plain = |c: &u8| c.is_ascii_digit() || matches!(c, b' ' | b'-' | b'(' | b')');
    if b.len() > 64 || !rest.iter().all(plain) || !b.last().is_some_and(u8::is_ascii_digit) {
        return None;
    }
    Some(rest.iter().copied().filter(u8::is_ascii_digit).collect())
}

/// `_extract_country_code` of `digits`: the shortest leading 1 to 3 digits that are a
/// known code (none after a leading 0), its entry in [`data::INTL_PLANS`], and the digits
/// after it.
fn country_code(digits: &[u8]) -> Option<(u16, usize, Vec<u8>)> {
    if digits.first() == Some(&b'0') {
        return None;
    }
    (1..=digits.len().min(3)).find_map(|n| {
        let code = digits[..n]
            .iter()
            .fold(0u16, |acc, d| acc * 10 + u16::from(d - b'0'));
        let at = data::INTL_PLANS.binary_search_by_key(&code, |p| p.0).ok()?;
        Some((code, at, digits[n..].to_vec()))
    })
}

/// The plan of entry `at` when `parse` keeps `national` as it is: 2 to 17 digits, no
/// leading 0, and not starting with the country's national prefix for parsing (which
/// `parse` may strip). None: Python decides.
fn kept_national(at: usize, national: &[u8]) -> Option<&'static Plan> {
    if !(2..=17).contains(&national.len()) || national[0] == b'0' {
        return None;
    }
    let plan = plan(at)?;
    let strippable = plan
        .prefix
        .as_ref()
        .is_some_and(|p| p.is_match(national).unwrap_or(true));
    (!strippable).then_some(plan)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn foreign_numbers_in_plan() {
        for ok in [
            "+1 415-555-2671",
            "+44 7911 764102",
            "(852) 5355 4697",
            "0044 7911 123456",
            "+81 90-9008-7171",
            "+886 912 311 339",
        ] {
            assert!(intl_plan_code(ok).is_some(), "{ok}");
        }
        for unknown in [
            "+86 138 1234 5678",
            "+44 07911 123456",
            "+1 1415 555 2671",
            "+0 123 456",
            "+999 1234 5678",
            "+1 415-555-2671 ",
            "+1 415+555 2671",
            "+1",
            "",
            "1 415 555 2671",
        ] {
            assert_eq!(intl_plan_code(unknown), None, "{unknown}");
        }
    }

    #[test]
    fn intl_plans_are_sorted() {
        assert!(data::INTL_PLANS.windows(2).all(|w| w[0].0 < w[1].0));
    }

    #[test]
    fn mobiles() {
        assert!(mobile("+86 138-1234-5678") && mobile("149 2220 1418") && mobile("13812345678"));
        assert!(!mobile("12012345678") && !mobile("1381234567") && !mobile(""));
    }

    #[test]
    fn landlines() {
        for ok in [
            "(010) 6552-9988",
            "0755-86013388转123",
            "0571-87654321-8001",
            "0755-8601338",
            "+86 10 6552 9988",
        ] {
            assert!(landline(ok), "{ok}");
        }
        for bad in ["0301-8601338", "4008123456", "010-12345", "", "x", "-1"] {
            assert!(!landline(bad), "{bad}");
        }
    }

    #[test]
    fn plan_areas_are_sorted() {
        assert!(data::LANDLINE_PLAN_AREAS.windows(2).all(|w| w[0] < w[1]));
        assert!(data::REGION_CODES.windows(2).all(|w| w[0] < w[1]));
    }
}
