//! Vehicles (the twins of `boxguard.kinds.vehicle`'s validators).

use super::checks::{py_strip, py_upper, vin_check, FullMatch};

const PROVINCES: &str = "京津沪渝冀豫云辽黑湘皖鲁新苏浙赣鄂桂甘晋蒙陕吉闽贵粤青藏川宁琼";

static PLATE: FullMatch = FullMatch::new(|| {
    let s = "[A-HJ-NP-Z0-9]";
    format!(
        "[{PROVINCES}][A-HJ-NP-Z][·• ]?\
         (?:[DF]{s}{{5}}|{s}{{5}}[DF]|{s}{{5}}|{s}{{4}}[使领警学挂港澳])"
    )
});

/// `validate_cn_license_plate`.
pub fn license_plate(value: &str) -> bool {
    PLATE.is_match(value)
}

static VIN: FullMatch = FullMatch::new(|| "[A-HJ-NPR-Z0-9]{17}".into());

/// `validate_vin`: 17 characters of the VIN alphabet, some letter, the check character.
pub fn vin(value: &str) -> bool {
    let v = py_upper(py_strip(value));
    VIN.is_match(&v)
        && !v.bytes().all(|b| b.is_ascii_digit())
        && vin_check(v.as_bytes()) == v.as_bytes()[8]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn vehicles() {
        assert!(
            license_plate("京A·12345") && license_plate("粤BD12345") && !license_plate("京I12345")
        );
        assert!(vin("1M8GDM9AXKP042788") && vin(" 1m8gdm9axkp042788 "));
        assert!(!vin("1M8GDM9A1KP042788") && !vin("11111111111111111"));
        // Python: "ſ".upper() == "S"
        assert_eq!(
            vin("1M8GDM9AXKP042788"),
            vin("1M8GDM9AXKP042788".replace('S', "ſ").as_str())
        );
    }
}
