//! Birth dates (the twin of `boxguard.kinds.dates.validate_birth_date`).

use super::checks::{group, py_strip, py_upper, Date, FullMatch};

const MONTHS: [&str; 12] = [
    "JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP", "OCT", "NOV", "DEC",
];

/// `word` as Python's `(?i:word)` matches it: each letter in either case, and the
/// letters whose Unicode simple case mapping meets ASCII (`ı`, `İ`, `ſ`, the Kelvin sign).
fn caseless(word: &str) -> String {
    word.chars()
        .map(|c| match c {
            'i' => "[iIİı]".to_owned(),
            's' => "[sSſ]".to_owned(),
            'k' => "[kK\u{212a}]".to_owned(),
            c if c.is_ascii_lowercase() => format!("[{c}{}]", c.to_ascii_uppercase()),
            c => c.to_string(),
        })
        .collect()
}

/// `_MON`: an English month, abbreviated or in full, any case.
fn month_pattern() -> String {
    let c = caseless;
    let alternatives = [
        format!("{}(?:{})?", c("jan"), c("uary")),
        format!("{}(?:{})?", c("feb"), c("ruary")),
        format!("{}(?:{})?", c("mar"), c("ch")),
        format!("{}(?:{})?", c("apr"), c("il")),
        c("may"),
        format!("{}{}?", c("jun"), c("e")),
        format!("{}{}?", c("jul"), c("y")),
        format!("{}(?:{})?", c("aug"), c("ust")),
        format!("{}(?:{}(?:{})?)?", c("sep"), c("t"), c("ember")),
        format!("{}(?:{})?", c("oct"), c("ober")),
        format!("{}(?:{})?", c("nov"), c("ember")),
        format!("{}(?:{})?", c("dec"), c("ember")),
    ];
    format!("(?P<mon>(?:{}))\\.?", alternatives.join("|"))
}

const YEAR: &str = "(?P<y>(?:19|20)[0-9]{2})";

static FORMS: [FullMatch; 8] = [
    FullMatch::new(|| format!("{YEAR}[-/.](?P<m>[0-9]{{1,2}})[-/.](?P<d>[0-9]{{1,2}})")),
    FullMatch::new(|| {
        format!("{YEAR} ?年 ?(?P<m>[0-9]{{1,2}}) ?月 ?(?P<d>[0-9]{{1,2}})(?: ?[日号])?")
    }),
    FullMatch::new(|| format!("{YEAR}(?P<m>[01][0-9])(?P<d>[0-3][0-9])")),
    FullMatch::new(|| format!("(?P<d>[0-9]{{1,2}})[-/.](?P<m>[0-9]{{1,2}})[-/.]{YEAR}")),
    FullMatch::new(|| {
        "(?:民國|民国) ?(?P<roc>[0-9]{1,3}) ?年 ?(?P<m>[0-9]{1,2}) ?月 ?(?P<d>[0-9]{1,2}) ?日?"
            .into()
    }),
    FullMatch::new(|| {
        format!(
            "(?P<d>[0-9]{{1,2}})(?:st|nd|rd|th)?[ -]{}[ -,]+{YEAR}",
            month_pattern()
        )
    }),
    FullMatch::new(|| {
        format!(
            "{} (?P<d>[0-9]{{1,2}})(?:st|nd|rd|th)?,? {YEAR}",
            month_pattern()
        )
    }),
    FullMatch::new(|| {
        "(?P<d>[0-3][0-9])(?P<mon>JAN|FEB|MAR|APR|MAY|JUN|JUL|AUG|SEP|OCT|NOV|DEC)(?P<yy>[0-9]{2})"
            .into()
    }),
];

fn int(s: Option<&str>) -> Option<i64> {
    s?.parse().ok()
}

/// `validate_birth_date`: the first form that matches decides; a real date from 1900
/// to today.
pub fn birth_date(value: &str) -> bool {
    let v = py_strip(value);
    for form in &FORMS {
        let Some(caps) = form.captures(v) else {
            continue;
        };
        let today = Date::today();
        let year = if let Some(roc) = int(group(&caps, "roc")) {
            1911 + roc
        } else if let Some(yy) = int(group(&caps, "yy")) {
            let year = 2000 + yy;
            year - if year > today.year { 100 } else { 0 }
        } else {
            match int(group(&caps, "y")) {
                Some(y) => y,
                None => return false,
            }
        };
        let month = match group(&caps, "mon") {
            Some(mon) => {
                let head: String = mon.chars().take(3).collect();
                let up = py_upper(&head);
                match MONTHS.iter().position(|m| *m == up) {
                    Some(i) => i as i64 + 1,
                    None => return false,
                }
            }
            None => match int(group(&caps, "m")) {
                Some(m) => m,
                None => return false,
            },
        };
        let Some(day) = int(group(&caps, "d")) else {
            return false;
        };
        return Date::new(year, month, day).is_some_and(|d| d.year >= 1900 && d <= today);
    }
    false
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_as_people_write_them() {
        for ok in [
            "1990年1月2日",
            "02/01/1990",
            "民國79年3月27日",
            "2 March 1990",
            "02MAR90",
            "15JUN05",
            "March 2, 1990",
            "1990-01-02",
            "19900102",
            "2 ſept 1990",
            "2 Aprıl 1990",
        ] {
            assert!(birth_date(ok), "{ok}");
        }
        for bad in [
            "1990-02-30",
            "1899-12-31",
            "2990-01-01",
            "02XYZ90",
            "",
            "1990",
        ] {
            assert!(!birth_date(bad), "{bad}");
        }
    }
}
