//! The display masks the kinds share (the twins of `boxguard.kinds._masks`).

/// Characters a separator-aware mask keeps in place.
pub const SEPARATORS: &[char] = &[' ', '-', '·', '.', ':', '/', '(', ')', '（', '）'];

/// Keep the first `first` and last `last` significant characters of `value`, hiding the
/// others with `hide`; separators stay in place when `sep_aware`. A value too short to
/// show both ends keeps only its first character.
///
/// ```
/// use boxguard_core::mask::keep_ends;
/// assert_eq!(keep_ends("13812345678", 3, 4, '*', true), "138****5678");
/// assert_eq!(keep_ends("138 1234 5678", 3, 4, '*', true), "138 **** 5678");
/// assert_eq!(keep_ends("张三", 1, 0, '*', true), "张*");
/// ```
#[must_use]
pub fn keep_ends(value: &str, first: usize, last: usize, hide: char, sep_aware: bool) -> String {
    let chars: Vec<char> = value.chars().collect();
    let positions: Vec<usize> = (0..chars.len())
        .filter(|&i| !(sep_aware && SEPARATORS.contains(&chars[i])))
        .collect();
    let n = positions.len();
    let mut keep_f = first.min(n);
    let mut keep_l = last.min(n.saturating_sub(keep_f));
    if keep_f + keep_l >= n {
        keep_f = if n > 1 { 1 } else { 0 };
        keep_l = 0;
    }
    let mut hidden = vec![false; chars.len()];
    for &i in &positions[keep_f..n - keep_l] {
        hidden[i] = true;
    }
    chars
        .iter()
        .zip(hidden)
        .map(|(&c, h)| if h { hide } else { c })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    proptest! {
        #[test]
        fn keeps_length_and_separators(s in "[0-9 \\-·a-z张]{0,30}", f in 0usize..6, l in 0usize..6) {
            let m = keep_ends(&s, f, l, '*', true);
            prop_assert_eq!(m.chars().count(), s.chars().count());
            for (a, b) in s.chars().zip(m.chars()) {
                if SEPARATORS.contains(&a) { prop_assert_eq!(a, b); }
            }
        }
    }

    #[test]
    fn a_short_value_keeps_one_end() {
        assert_eq!(keep_ends("1234", 3, 4, '*', true), "1***");
        assert_eq!(keep_ends("1", 3, 4, '*', true), "*");
        assert_eq!(keep_ends("", 3, 4, '*', true), "");
    }
}
