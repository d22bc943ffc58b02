//! Full-width folding, one code point for one code point (the twin of `boxguard.text.fold`).
//!
//! Offsets into the folded text are offsets into the original: the fold never
//! changes the number of code points.

/// The folded form of one character: full-width ASCII to ASCII, odd spaces and
/// dashes to their ASCII forms; any other character as is.
///
/// ```
/// assert_eq!(boxguard_core::fold::fold_char('１'), '1');
/// assert_eq!(boxguard_core::fold::fold_char('\u{3000}'), ' ');
/// assert_eq!(boxguard_core::fold::fold_char('号'), '号');
/// ```
#[must_use]
pub fn fold_char(c: char) -> char {
    let cp = c as u32;
    let folded = match cp {
        0xFF01..=0xFF5E => cp - 0xFEE0,
        0x3000 | 0x00A0 => 0x20,
        0x2014 | 0x2013 | 0x2212 => 0x2D,
        _ => return c,
    };
    char::from_u32(folded).unwrap_or(c)
}

/// `text` folded; the same number of code points.
///
/// ```
/// assert_eq!(boxguard_core::fold::fold("手机：１３８"), "手机:138");
/// ```
#[must_use]
pub fn fold(text: &str) -> String {
    text.chars().map(fold_char).collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    proptest! {
        #[test]
        fn keeps_the_number_of_code_points(s in "\\PC*") {
            prop_assert_eq!(fold(&s).chars().count(), s.chars().count());
        }

        #[test]
        fn is_idempotent(s in "\\PC*") {
            let once = fold(&s);
            prop_assert_eq!(fold(&once), once);
        }
    }

    #[test]
    fn folds_full_width_digits_and_letters() {
        assert_eq!(fold("ＡＢＣ　１－２"), "ABC 1-2");
    }
}
