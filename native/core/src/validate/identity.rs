//! Identity documents (the twins of `boxguard.kinds.identity`'s validators).

use super::checks::{
    ascii_digits, birth_date_ok, hk_check, mod11_2, region_ok, strip_separators, tw_check,
    upper_stripped, FullMatch,
};

const DASH_SPACE: &[char] = &[' ', '-'];

/// `validate_cn_resident_id`: 18 characters, region, birth date, MOD 11-2.
fn resident_id_18(value: &str) -> bool {
    let v = upper_stripped(value, DASH_SPACE);
    if v.chars().count() != 18 {
        return false;
    }
    let b = v.as_bytes();
    // 17 ASCII digits then an ASCII check character: then v is 18 bytes
    if b.len() != 18 || !ascii_digits(&v[..17]) || !matches!(b[17], b'0'..=b'9' | b'X') {
        return false;
    }
    region_ok(&v[..6]) && birth_date_ok(&v[6..14], 1900) && mod11_2(&b[..17]) == b[17]
}

/// `validate_cn_resident_id_15`: 15 digits, region, birth date in the 1900s.
fn resident_id_15(value: &str) -> bool {
    let v = strip_separators(value, DASH_SPACE);
    v.len() == 15
        && ascii_digits(&v)
        && region_ok(&v[..6])
        && birth_date_ok(&format!("19{}", &v[6..12]), 1900)
}

/// `validate_any_resident_id`.
pub fn any_resident_id(value: &str) -> bool {
    let v = strip_separators(value, DASH_SPACE);
    if v.chars().count() == 15 {
        resident_id_15(&v)
    } else {
        resident_id_18(&v)
    }
}

/// `document_number(shape)`: separators out, upper-cased, the ASCII shape in full.
fn document_number(rx: &FullMatch, value: &str) -> bool {
    rx.is_match(&upper_stripped(value, DASH_SPACE))
}

static PASSPORT: FullMatch = FullMatch::new(|| "[EGDSP][0-9]{8}|E[A-HJ-NP-Z][0-9]{7}".into());
static HK_MACAU: FullMatch = FullMatch::new(|| "C[0-9]{8}|C[A-HJ-NP-Z][0-9]{7}".into());
static TAIWAN_PERMIT: FullMatch = FullMatch::new(|| "L?[0-9]{8}".into());

/// `validate_cn_passport`.
pub fn passport(value: &str) -> bool {
    document_number(&PASSPORT, value)
}

/// `validate_cn_hk_macau_permit`.
pub fn hk_macau_permit(value: &str) -> bool {
    document_number(&HK_MACAU, value)
}

/// `validate_cn_taiwan_permit`.
pub fn taiwan_permit(value: &str) -> bool {
    document_number(&TAIWAN_PERMIT, value)
}

static HKID: FullMatch = FullMatch::new(|| "[A-Z]{1,2}[0-9]{6}[0-9A]".into());

/// `validate_hk_id_card` (its `\d` then `isascii()`: ASCII digits).
pub fn hk_id_card(value: &str) -> bool {
    let v = upper_stripped(value, &[' ', '-', '(', ')', '（', '）']);
    if !HKID.is_match(&v) {
        return false;
    }
    let b = v.as_bytes();
    hk_check(&b[..b.len() - 1]) == b[b.len() - 1]
}

static TWID: FullMatch = FullMatch::new(|| "[A-Z][12][0-9]{8}".into());

/// `validate_tw_national_id`.
pub fn tw_national_id(value: &str) -> bool {
    let v = upper_stripped(value, DASH_SPACE);
    TWID.is_match(&v) && tw_check(&v.as_bytes()[..9]) == v.as_bytes()[9]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn resident_ids() {
        for ok in [
            "11010519491231002X",
            "11010519491231002x",
            "110105491231002",
        ] {
            assert!(any_resident_id(ok), "{ok}");
        }
        for bad in [
            "110105194912310021",
            "11010519491331002X",
            "99010519491231002X",
            "1101051949123100",
            "11010520991231002X",
            "",
            "١١٠١٠٥١٩٤٩١٢٣١٠٠٢X",
        ] {
            assert!(!any_resident_id(bad), "{bad}");
        }
    }

    #[test]
    fn documents() {
        assert!(passport("e 12345678") && passport("EA1234567") && passport("G12345678"));
        assert!(!passport("EI1234567") && !passport("E1234567") && !passport("X12345678"));
        assert!(hk_macau_permit("CA1234567") && !hk_macau_permit("D12345678"));
        assert!(taiwan_permit("12345678") && !taiwan_permit("M12345678"));
        assert!(hk_id_card("A123456(3)") && hk_id_card("AB987654（3）"));
        assert!(!hk_id_card("A123456(4)") && !hk_id_card("A12345(3)"));
        assert!(tw_national_id("A123456789") && tw_national_id("F131104093"));
        assert!(!tw_national_id("A123456780") && !tw_national_id("A323456789"));
    }

    #[test]
    fn upper_case_is_unicode_upper_case() {
        // Python: "ſ".upper() == "S" and "ı".upper() == "I"
        assert!(passport("ſ12345678"));
        assert!(!passport("ı12345678"));
    }
}
