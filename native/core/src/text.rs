//! A text prepared for matching: its UTF-8 bytes and the maps between byte and
//! code-point offsets (Python counts code points; PCRE2 counts bytes).

use std::sync::OnceLock;

/// A folded text with its offset maps. For ASCII text both maps are the identity
/// and are not built.
///
/// ```
/// let t = boxguard_core::text::Prepared::new("手机138".to_string());
/// assert_eq!((t.byte(2), t.char_at(6)), (6, 2));
/// assert_eq!(t.chars(), 5);
/// ```
#[derive(Debug, Clone)]
pub struct Prepared {
    text: String,
    /// byte offset of each code point, and of the end (len = chars + 1); empty when ASCII
    char_to_byte: Vec<usize>,
    /// code-point offset of each byte that starts a code point (others unused); empty when ASCII
    byte_to_char: Vec<u32>,
    /// Where an engine's context words occur, found at the first candidate that looks
    /// for them (`context::Automaton::of`): the engine's number, and the occurrences
    /// (None: the text is searched by the regexes).
    pub(crate) context: OnceLock<(u64, Option<Occurrences>)>,
}

/// An occurrence of a word: start and end byte, word number.
pub type Occurrence = (usize, usize, u32);

/// Occurrences of words, by start.
pub type Occurrences = Vec<Occurrence>;

impl Prepared {
    /// Prepare `text` (already folded).
    #[must_use]
    pub fn new(text: String) -> Self {
        if text.is_ascii() {
            return Self {
                text,
                char_to_byte: Vec::new(),
                byte_to_char: Vec::new(),
                context: OnceLock::new(),
            };
        }
        let mut char_to_byte = Vec::with_capacity(text.len() + 1);
        let mut byte_to_char = vec![0_u32; text.len() + 1];
        let mut n = 0_u32;
        // a code point starts at every byte that is not a continuation byte (10xxxxxx):
        // no decoding needed
        for (b, &byte) in text.as_bytes().iter().enumerate() {
            if byte & 0xC0 != 0x80 {
                char_to_byte.push(b);
                byte_to_char[b] = n;
                n = n.saturating_add(1);
            }
        }
        char_to_byte.push(text.len());
        byte_to_char[text.len()] = n;
        Self {
            text,
            char_to_byte,
            byte_to_char,
            context: OnceLock::new(),
        }
    }

    /// The text.
    #[must_use]
    pub fn as_str(&self) -> &str {
        &self.text
    }

    /// Its number of code points.
    #[must_use]
    pub fn chars(&self) -> usize {
        if self.char_to_byte.is_empty() {
            self.text.len()
        } else {
            self.char_to_byte.len() - 1
        }
    }

    /// The byte offset of code point `i` (clamped to the end).
    #[must_use]
    pub fn byte(&self, i: usize) -> usize {
        if self.char_to_byte.is_empty() {
            i.min(self.text.len())
        } else {
            self.char_to_byte[i.min(self.char_to_byte.len() - 1)]
        }
    }

    /// The code-point offset of byte `b`, which starts a code point (or is the end).
    #[must_use]
    pub fn char_at(&self, b: usize) -> usize {
        if self.byte_to_char.is_empty() {
            b
        } else {
            self.byte_to_char[b] as usize
        }
    }

    /// The code points `[start, end)` as a string slice.
    #[must_use]
    pub fn slice(&self, start: usize, end: usize) -> &str {
        &self.text[self.byte(start)..self.byte(end.max(start))]
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    proptest! {
        #[test]
        fn maps_agree_with_char_indices(s in "\\PC{0,40}") {
            let t = Prepared::new(s.clone());
            prop_assert_eq!(t.chars(), s.chars().count());
            for (i, (b, _)) in s.char_indices().enumerate() {
                prop_assert_eq!(t.byte(i), b);
                prop_assert_eq!(t.char_at(b), i);
            }
            prop_assert_eq!(t.byte(t.chars()), s.len());
        }
    }
}
