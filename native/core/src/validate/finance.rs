//! Property and finance (the twins of `boxguard.kinds.finance`'s validators).

use super::checks::{ascii_digits, luhn_ok, strip_separators, upper_stripped, FullMatch};
use super::data;

const ISSUERS: [&str; 15] = [
    "62", "4", "51", "52", "53", "54", "55", "2", "35", "34", "37", "30", "36", "38", "60",
];

/// `validate_bank_card`: 16–19 ASCII digits, a known issuer prefix, the Luhn digit.
pub fn bank_card(value: &str) -> bool {
    let v = strip_separators(value, &[' ', '-']);
    ascii_digits(&v)
        && (16..=19).contains(&v.len())
        && ISSUERS.iter().any(|p| v.starts_with(p))
        && luhn_ok(&v)
}

const USCC_ALPHABET: &[u8] = b"0123456789ABCDEFGHJKLMNPQRTUWXY";

/// `validate_cn_uscc`: GB 32100-2015 (stdnum's `uscc.calc_check_digit`).
pub fn uscc(value: &str) -> bool {
    let v = upper_stripped(value, &[' ', '-']);
    let b = v.as_bytes();
    if v.chars().count() != 18 || !b.iter().all(|c| USCC_ALPHABET.contains(c)) {
        return false;
    }
    if !b"123456789ANY".contains(&b[0]) || !b"1234589".contains(&b[1]) {
        return false;
    }
    if !ascii_digits(&v[2..8]) {
        return false;
    }
    const WEIGHTS: [usize; 17] = [
        1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28,
    ];
    let index = |c: &u8| USCC_ALPHABET.iter().position(|a| a == c).unwrap_or(0);
    let total: usize = b[..17].iter().zip(WEIGHTS).map(|(c, w)| index(c) * w).sum();
    USCC_ALPHABET[(31 - total % 31) % 31] == b[17]
}

const PROVINCE_ABBR: &str = "京津沪渝冀豫云辽黑湘皖鲁新苏浙赣鄂桂甘晋蒙陕吉闽贵粤青藏川宁琼";

static PROPERTY: FullMatch = FullMatch::new(|| {
    let (p, d) = (PROVINCE_ABBR, data::PY_DIGIT);
    format!(
        "[{p}][(（]{d}{{4}}[)）][一-龥]{{1,12}}不动产权第{d}{{5,8}}号\
         |[{p}]?[一-龥]{{0,6}}房权证[一-龥]{{0,6}}字第{d}{{4,10}}号\
         |[{p}]房地[一-龥]{{1,4}}字[(（]{d}{{4}}[)）]第{d}{{4,10}}号"
    )
});

/// `validate_property_cert_no` (its `\d` is Python's Unicode `\d`).
pub fn property_cert_no(value: &str) -> bool {
    PROPERTY.is_match(value)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cards_codes_certificates() {
        assert!(bank_card("6222 0212 3456 7890 128"));
        assert!(!bank_card("6222 0212 3456 7890 129") && !bank_card("1111111111111111"));
        assert!(uscc("91350100M000100Y43") && !uscc("91350100M000100Y44"));
        assert!(property_cert_no("京(2019)朝阳区不动产权第0012345号"));
        assert!(property_cert_no("京(２019)朝阳区不动产权第0012345号"));
        assert!(property_cert_no("京(٢019)朝阳区不动产权第0012345号"));
        assert!(!property_cert_no("京(2019)朝阳区不动产权第0012号"));
    }
}
