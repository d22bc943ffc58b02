//! Travel (the twins of `boxguard.kinds.travel`'s validators).

use super::checks::{py_upper, s10_check, FullMatch};

static PNR: FullMatch = FullMatch::new(|| "[A-Z0-9]{6}".into());

/// `validate_pnr_code`: 6 letters/digits, not all digits.
pub fn pnr_code(value: &str) -> bool {
    let v = py_upper(value);
    PNR.is_match(&v) && !v.bytes().all(|b| b.is_ascii_digit())
}

/// `validate_air_ticket_no`: 13 digits, dashes and spaces out, no code 000.
pub fn air_ticket_no(value: &str) -> bool {
    let v: String = value.chars().filter(|&c| c != '-' && c != ' ').collect();
    v.len() == 13 && v.bytes().all(|b| b.is_ascii_digit()) && !v.starts_with("000")
}

static S10: FullMatch = FullMatch::new(|| "[A-Z]{2}[0-9]{9}[A-Z]{2}".into());
static CARRIER: FullMatch = FullMatch::new(|| {
    "SF[0-9]{12,15}|YT[0-9]{13,15}|JD[VX]?[0-9A-Z]{10,15}|JT[0-9]{13}|DPK[0-9]{12}|[0-9]{10,15}"
        .into()
});

/// `validate_waybill_no`: an S10 number with its check digit, a carrier's, or digits.
pub fn waybill_no(value: &str) -> bool {
    let v = py_upper(value).replace(' ', "");
    if S10.is_match(&v) {
        return s10_check(&v.as_bytes()[2..10]) == v.as_bytes()[10];
    }
    CARRIER.is_match(&v)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn travel_values() {
        assert!(pnr_code("HX4K9P") && pnr_code("hx4k9p") && !pnr_code("123456"));
        assert!(air_ticket_no("999-1234567890") && !air_ticket_no("000-1234567890"));
        assert!(waybill_no("EA123456785CN") && waybill_no("SF1234567890123"));
        assert!(!waybill_no("EA123456784CN") && !waybill_no("SF12"));
    }
}
