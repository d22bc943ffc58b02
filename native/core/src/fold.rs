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
    // every foldable character's UTF-8 starts with one of these bytes (U+00A0; U+2013,
    // U+2014, U+2212; U+3000; U+FF01–U+FF5E), which never continue a character: memchr
    // finds them, and the runs between them are copied as they are
    let bytes = text.as_bytes();
    let end = bytes.len();
    let three =
        |from: usize| memchr::memchr3(0xE2, 0xE3, 0xEF, &bytes[from..]).map_or(end, |i| from + i);
    let one = |from: usize| memchr::memchr(0xC2, &bytes[from..]).map_or(end, |i| from + i);
    let mut out = String::with_capacity(end);
    let (mut at, mut next3, mut next1) = (0, three(0), one(0));
    while next3.min(next1) < end {
        let start = next3.min(next1);
        let c = text[start..].chars().next().unwrap_or_default();
        let after = start + c.len_utf8();
        let folded = fold_char(c);
        if folded != c {
            out.push_str(&text[at..start]);
            out.push(folded);
            at = after;
        }
        if next3 == start {
            next3 = three(after);
        }
        if next1 == start {
            next1 = one(after);
        }
    }
    out.push_str(&text[at..]);
    out
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
        fn folds_each_character_as_fold_char(s in "\\PC*") {
            let by_char: String = s.chars().map(fold_char).collect();
            prop_assert_eq!(fold(&s), by_char);
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

    #[test]
    fn every_foldable_character_starts_with_a_lead_byte() {
        // fold's runs skip every character whose first byte is not one of its four
        for c in (0..=0x10FFFF).filter_map(char::from_u32) {
            let first = c.to_string().as_bytes()[0];
            if fold_char(c) != c {
                assert!(matches!(first, 0xC2 | 0xE2 | 0xE3 | 0xEF), "{c:?}");
            }
        }
        assert_eq!(fold("a\u{a0}b—c−d　e～"), "a b-c-d e~");
    }
}
