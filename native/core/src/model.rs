//! The default name model end to end (the twin of `CrfEntityModel.find_many` with
//! `FastCrf` in `boxguard.models`): cut each text into segments, keep those with a Chinese
//! character, compute each segment's features and state scores ([`crate::crf::Tables`]),
//! decode them ([`crate::crf::decode`]), read the label path as BIO spans, drop a span with
//! a digit or punctuation in it and score the rest by their mean marginal.
//!
//! Every rule's data (split and break characters, the class of each character, the person
//! labels, the characters a name never holds) comes from the Python declarations; this
//! module holds none of its own. Offsets are code points.

use crate::crf::{decode, Packed, Sorted, Tables};

/// Where segments are cut: the twin of `boxguard.models.crf._SEGMENT`.
#[derive(Debug, Clone, Default)]
pub struct Segmenter {
    /// Characters that end a segment (and are not part of one).
    pub stops: Vec<char>,
    /// Characters after which a run longer than `max` may be cut.
    pub breaks: Vec<char>,
    /// The longest segment, in code points.
    pub max: usize,
    /// The code point range that makes a segment worth tagging (Chinese characters).
    pub han: (u32, u32),
}

impl Segmenter {
    /// The `(start, end)` code point ranges of `text`'s segments holding a character in
    /// `han`, in order.
    ///
    /// A run of characters that are not stops is one segment when it has at most `max`
    /// characters; a longer run is cut right after its last break character among its
    /// first `max` (at offset 1 to `max` − 1), else after `max` characters.
    ///
    /// ```
    /// use boxguard_core::model::Segmenter;
    /// let s = Segmenter { stops: vec!['。'], breaks: vec![','], max: 4, han: (0x4e00, 0x9fff) };
    /// let text: Vec<char> = "张三。ab,cdef李".chars().collect();
    /// assert_eq!(s.segments(&text), vec![(0, 2), (10, 11)]);
    /// ```
    #[must_use]
    pub fn segments(&self, text: &[char]) -> Vec<(usize, usize)> {
        let mut out = Vec::new();
        let mut i = 0;
        let n = text.len();
        while i < n {
            if self.stops.contains(&text[i]) {
                i += 1;
                continue;
            }
            let limit = n.min(i + self.max + 1);
            let run = text[i..limit]
                .iter()
                .position(|c| self.stops.contains(c))
                .unwrap_or(limit - i);
            let end = if run <= self.max {
                i + run
            } else {
                // longer than max: after the last break at offset 1..max-1, else max
                (1..self.max)
                    .rev()
                    .find(|&k| self.breaks.contains(&text[i + k]))
                    .map_or(i + self.max, |k| i + k + 1)
            };
            if end == i {
                // max == 0: no segment can be cut; stop rather than loop
                break;
            }
            if text[i..end].iter().any(|&c| self.is_han(c)) {
                out.push((i, end));
            }
            i = end;
        }
        out
    }

    fn is_han(&self, c: char) -> bool {
        (self.han.0..=self.han.1).contains(&u32::from(c))
    }
}

/// A found span: `(start, end, label, score)`, offsets in code points of the text, `label`
/// the label id at its first position.
pub type Found = (usize, usize, usize, f64);

/// Buffers reused from one segment to the next.
#[derive(Default)]
struct Scratch {
    cp: Vec<i64>,
    cls: Vec<i64>,
    pos: Vec<i64>,
    e: Vec<f64>,
    chars: Vec<usize>,
    pairs: Vec<usize>,
    marks: Vec<u8>,
}

/// The default model: its weights, transitions and the rules around them.
#[derive(Debug, Clone, Default)]
pub struct NameModel {
    /// The state weights.
    pub tables: Tables,
    /// The same weights laid out by character and pair ([`Packed::new`] of `tables`).
    pub packed: Option<Packed>,
    /// Transition weights `[from, to]`.
    pub trans: Vec<f64>,
    /// Each label's name (`O` first, then `B-PER`, `I-ORG`...).
    pub labels: Vec<String>,
    /// How texts are cut into segments.
    pub segmenter: Segmenter,
    /// The class of each code point (index), as the features read it: Chinese 0, digit 1,
    /// ASCII letter 2, space 3, other 4; a code point past the end is 4.
    pub classes: Vec<u8>,
    /// Words after which the next six characters carry the "label" flag, in the order
    /// the alternation tries them.
    pub person_labels: Vec<Vec<char>>,
    /// Characters a name never holds: a span with one is dropped.
    pub not_name: Vec<char>,
    /// The left and right padding characters of a segment.
    pub pad: (char, char),
}

impl NameModel {
    /// The spans found in each text, or None when the segments to tag hold fewer than
    /// `min_chars` characters in all (the caller then uses another tagger).
    #[must_use]
    pub fn find_many(&self, texts: &[Vec<char>], min_chars: usize) -> Option<Vec<Vec<Found>>> {
        let segs: Vec<Vec<(usize, usize)>> =
            texts.iter().map(|t| self.segmenter.segments(t)).collect();
        let total: usize = segs.iter().flatten().map(|(s, e)| e - s).sum();
        if total < min_chars {
            return None;
        }
        let mut scratch = Scratch::default();
        Some(
            texts
                .iter()
                .zip(&segs)
                .map(|(text, ranges)| {
                    let mut found = Vec::new();
                    for &(s, e) in ranges {
                        self.segment(&text[s..e], &mut scratch, |(a, b, lab, score)| {
                            found.push((a + s, b + s, lab, score));
                        });
                    }
                    found
                })
                .collect(),
        )
    }

    fn class(&self, c: char) -> i64 {
        let cp = usize::try_from(u32::from(c)).unwrap_or(usize::MAX);
        i64::from(self.classes.get(cp).copied().unwrap_or(4))
    }

    /// Positions of `seg` that follow a person label by at most six characters (the label
    /// alternation's matches, leftmost first, each from the end of the last).
    fn labelled(&self, seg: &[char]) -> Vec<bool> {
        let n = seg.len();
        let mut lab = vec![false; n];
        let mut i = 0;
        while i < n {
            let c = seg[i];
            let hit = self
                .person_labels
                .iter()
                .find(|w| w.first() == Some(&c) && seg[i..].starts_with(w));
            if let Some(w) = hit {
                let end = i + w.len();
                for flag in lab.iter_mut().take(n.min(end + 6)).skip(end) {
                    *flag = true;
                }
                i = end;
            } else {
                i += 1;
            }
        }
        lab
    }

    /// The spans of one segment, each handed to `emit`.
    fn segment(&self, seg: &[char], scratch: &mut Scratch, mut emit: impl FnMut(Found)) {
        let n = seg.len();
        let l = self.tables.n_lab;
        if n == 0 || l == 0 {
            return;
        }
        let padded = || {
            [self.pad.0, self.pad.0]
                .into_iter()
                .chain(seg.iter().copied())
                .chain([self.pad.1, self.pad.1])
        };
        scratch.cp.clear();
        scratch.cp.extend(padded().map(|c| i64::from(u32::from(c))));
        scratch.cls.clear();
        scratch.cls.extend(padded().map(|c| self.class(c)));
        scratch.pos.clear();
        scratch.pos.extend((2..).take(n));
        let lab = self.labelled(seg);
        if let Some(packed) = &self.packed {
            let rows = packed.segment(
                &self.tables,
                &scratch.cp,
                &mut scratch.chars,
                &mut scratch.pairs,
                &mut scratch.marks,
            );
            let (cp, pos, cls) = (&scratch.cp, &scratch.pos, &scratch.cls);
            self.tables
                .emissions_into(&rows, cp, pos, cls, &lab, &mut scratch.e);
        } else {
            let (cp, pos, cls) = (&scratch.cp, &scratch.pos, &scratch.cls);
            self.tables
                .emissions_into(&Sorted, cp, pos, cls, &lab, &mut scratch.e);
        }
        let Some((path, marg)) = decode(&scratch.e, l, &self.trans, &[0], &[n])
            .into_iter()
            .next()
        else {
            return;
        };
        for (start, end, label) in self.spans(&path) {
            if seg[start..end].iter().any(|c| self.not_name.contains(c)) {
                continue;
            }
            // the mean marginal of the chosen labels: summed in order, as Python's sum()
            let conf = marg[start..end].iter().fold(0.0, |acc, m| acc + m);
            #[allow(clippy::cast_precision_loss)] // a segment is at most a few hundred long
            let score = (0.3 + 0.7 * conf / (end - start) as f64).min(1.0);
            emit((start, end, label, score));
        }
    }

    /// `(start, end, label id)` of a label path read as BIO (`FastCrf.spans`): a span
    /// ends at an `O`, at a `B-` label, or where the entity changes.
    fn spans(&self, path: &[i64]) -> Vec<(usize, usize, usize)> {
        let mut out = Vec::new();
        let mut open: Option<(usize, usize)> = None; // (start, label id)
        let name = |k: usize| self.labels.get(k).map_or("", String::as_str);
        for (i, &k) in path.iter().enumerate() {
            let k = usize::try_from(k).unwrap_or(0);
            if let Some((start, first)) = open {
                let (now, was) = (name(k), name(first));
                if k == 0 || now.starts_with('B') || now.get(2..) != was.get(2..) {
                    out.push((start, i, first));
                    open = None;
                }
            }
            if k != 0 && open.is_none() {
                open = Some((i, k));
            }
        }
        if let Some((start, first)) = open {
            out.push((start, path.len(), first));
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn segmenter() -> Segmenter {
        Segmenter {
            stops: "\n。;".chars().collect(),
            breaks: ", ".chars().collect(),
            max: 5,
            han: (0x4e00, 0x9fff),
        }
    }

    fn chars(s: &str) -> Vec<char> {
        s.chars().collect()
    }

    #[test]
    fn a_long_run_is_cut_after_its_last_break_within_max() {
        let s = segmenter();
        // a run of 8 > 5: its last break at offset 1..=4 is the ',' at 4, cut after it
        assert_eq!(s.segments(&chars("张a,b,cd李")), vec![(0, 5), (5, 8)]);
        // no break: cut at max
        assert_eq!(s.segments(&chars("张张张张张张张")), vec![(0, 5), (5, 7)]);
        // a break at offset 0 does not count
        assert_eq!(s.segments(&chars(",张张张张张张")), vec![(0, 5), (5, 7)]);
        // exactly max before a stop: one segment
        assert_eq!(s.segments(&chars("张张张张张。张")), vec![(0, 5), (6, 7)]);
    }

    #[test]
    fn segments_without_a_chinese_character_are_skipped() {
        assert_eq!(segmenter().segments(&chars("ab\n张\n\ncd")), vec![(3, 4)]);
    }

    fn model() -> NameModel {
        NameModel {
            labels: ["O", "B-PER", "I-PER", "B-ORG", "I-ORG"]
                .iter()
                .map(|s| (*s).to_string())
                .collect(),
            person_labels: vec![chars("姓名"), chars("姓")],
            ..NameModel::default()
        }
    }

    #[test]
    fn bio_paths_read_as_spans() {
        let m = model();
        assert_eq!(m.spans(&[0, 1, 2, 0, 4]), vec![(1, 3, 1), (4, 5, 4)]);
        assert_eq!(
            m.spans(&[1, 1, 2, 4, 3]),
            vec![(0, 1, 1), (1, 3, 1), (3, 4, 4), (4, 5, 3)]
        );
        assert_eq!(m.spans(&[2, 2]), vec![(0, 2, 2)]);
        assert!(m.spans(&[0, 0]).is_empty());
    }

    #[test]
    fn labels_flag_the_next_six_characters() {
        let m = model();
        let lab = m.labelled(&chars("姓名张三丰李四五六"));
        assert_eq!(
            lab,
            vec![false, false, true, true, true, true, true, true, false]
        );
    }

    proptest! {
        #[test]
        fn segments_are_ordered_in_bounds_and_short(text in "[张a,。 \n]{0,40}") {
            let s = segmenter();
            let t = chars(&text);
            let mut last = 0;
            for (a, b) in s.segments(&t) {
                prop_assert!(last <= a && a < b && b <= t.len() && b - a <= s.max);
                prop_assert!(t[a..b].iter().all(|c| !s.stops.contains(c)));
                last = b;
            }
        }
    }
}
