//! Places (the twins of `boxguard.kinds.place`'s validators).

use super::checks::{group, py_strip, FullMatch, PY_SPACE};

/// `validate_postal_code`: 6 digits, a postal province 01–86.
pub fn postal_code(value: &str) -> bool {
    value.len() == 6
        && value.bytes().all(|b| b.is_ascii_digit())
        && value[..2]
            .parse::<u32>()
            .is_ok_and(|p| (1..=86).contains(&p))
}

const NUM: &str = r"[-+]?[0-9]{1,3}\.[0-9]{4,}";

static PAIR: FullMatch = FullMatch::new(|| {
    let s = PY_SPACE;
    format!("(?P<a>{NUM}){s}*[,，/ ]{s}*(?P<b>{NUM})")
});
static DMS: FullMatch = FullMatch::new(|| {
    let s = PY_SPACE;
    format!(
        "(?P<a>[0-9]{{1,2}}\\.[0-9]{{4,}}){s}*°?{s}*(?P<ah>[NS北南]){s}*[,，/ ]?{s}*\
         (?P<b>[0-9]{{1,3}}\\.[0-9]{{4,}}){s}*°?{s}*(?P<bh>[EW东西])"
    )
});
static HEMI_FIRST: FullMatch = FullMatch::new(|| {
    let s = PY_SPACE;
    format!(
        "(?P<ah>[NS]){s}?(?P<a>[0-9]{{1,2}}\\.[0-9]{{4,}}){s}*°?{s}*[,，/ ]?{s}*\
         (?P<bh>[EW]){s}?(?P<b>[0-9]{{1,3}}\\.[0-9]{{4,}}){s}*°?"
    )
});
static SEXAGESIMAL: FullMatch = FullMatch::new(|| {
    let s = PY_SPACE;
    format!(
        "(?P<ad>[0-9]{{1,2}})°{s}?(?P<am>[0-5]?[0-9])['′]{s}?(?P<as>[0-5]?[0-9](?:\\.[0-9]+)?)[\"″]{s}?\
         (?P<ah>[NS]){s}*[,，/ ]?{s}*\
         (?P<bd>[0-9]{{1,3}})°{s}?(?P<bm>[0-5]?[0-9])['′]{s}?(?P<bs>[0-5]?[0-9](?:\\.[0-9]+)?)[\"″]{s}?\
         (?P<bh>[EW])"
    )
});

fn float(s: Option<&str>) -> f64 {
    s.and_then(|s| s.parse::<f64>().ok()).unwrap_or(f64::NAN)
}

fn sign(hemisphere: Option<&str>, negative: &[&str]) -> f64 {
    if hemisphere.is_some_and(|h| negative.contains(&h)) {
        -1.0
    } else {
        1.0
    }
}

/// `validate_geo_coordinate`: a pair with ≥ 4 decimals (or to the second), in range,
/// not (0, 0) unless written sexagesimally.
pub fn geo_coordinate(value: &str) -> bool {
    let v = py_strip(value);
    let m = DMS.captures(v).or_else(|| HEMI_FIRST.captures(v));
    let (lat, lng) = if let Some(m) = m {
        (
            float(group(&m, "a")) * sign(group(&m, "ah"), &["S", "南"]),
            float(group(&m, "b")) * sign(group(&m, "bh"), &["W", "西"]),
        )
    } else if let Some(x) = SEXAGESIMAL.captures(v) {
        let part = |d: &str, m: &str, s: &str| {
            float(group(&x, d)) + float(group(&x, m)) / 60.0 + float(group(&x, s)) / 3600.0
        };
        let lat = part("ad", "am", "as") * sign(group(&x, "ah"), &["S"]);
        let lng = part("bd", "bm", "bs") * sign(group(&x, "bh"), &["W"]);
        return lat.abs() <= 90.0 && lng.abs() <= 180.0;
    } else if let Some(p) = PAIR.captures(v) {
        let (lat, lng) = (float(group(&p, "a")), float(group(&p, "b")));
        if lat.abs() > 90.0 && 90.0 >= lng.abs() {
            (lng, lat)
        } else {
            (lat, lng)
        }
    } else {
        return false;
    };
    lat.abs() <= 90.0 && lng.abs() <= 180.0 && !(lat == 0.0 && lng == 0.0)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn postal_codes() {
        assert!(postal_code("100020") && !postal_code("870000") && !postal_code("000000"));
        assert!(!postal_code("10002") && !postal_code("１00020"));
    }

    #[test]
    fn coordinates() {
        for ok in [
            "39.9087, 116.3975",
            "116.3975, 39.9087",
            "39.9087°N, 116.3975°E",
            "N39.9087° E116.3975°",
            "39°54′31.3″N 116°23′51.0″E",
            "0°0′0″N 0°0′0″E",
            "\u{1c}39.9087,116.3975",
        ] {
            assert!(geo_coordinate(ok), "{ok}");
        }
        for bad in [
            "0.0000,0.0000",
            "39.908,116.397",
            "95.0000,95.0000",
            "",
            "39.9087",
        ] {
            assert!(!geo_coordinate(bad), "{bad}");
        }
    }
}
