//! Which patterns may match each text of a batch: boxguard's prefilter
//! (`boxguard.detect.prefilter.Prefilter.candidates_many`, the oracle) over libhs.
//!
//! One text at a time, the patterns may be split into [`Part`]s: those spelt in ASCII in a
//! database compiled without UTF-8 mode, which scans the text [`compact`]ed (each other
//! character one byte), the rest in UTF-8 mode over the text itself. An ASCII pattern (`re.ASCII`) reads a
//! non-ASCII character only as one character of a negated class, `.`, `\S`, `\W` or `\D`,
//! all of which the byte 0x80 is too: the compacted text gives the same hits, over fewer
//! bytes (dense records: ~13 % fewer instructions in libhs, 2.5 ms of a 19 ms prefilter).

use crate::{Database, Scratch};

/// Texts per joined scan; matches per text above which a group goes text by text (a joined
/// scan reports every match, a single one each pattern's first only); matching patterns per
/// text below which joined scanning resumes. The same as the Python prefilter's.
pub const GROUP: usize = 64;
/// See [`GROUP`].
pub const DENSE: f64 = 8.0;
/// See [`GROUP`].
pub const SPARSE: f64 = 2.0;

/// One database of a prefilter, and whether it scans the [`compact`]ed text.
#[derive(Clone, Copy)]
pub struct Part<'a> {
    /// The compiled patterns.
    pub db: &'a Database,
    /// Compiled without UTF-8 mode, for the compacted text.
    pub compact: bool,
}

/// `text` with each non-ASCII character as the one byte 0x80, in `out` (`text` itself when
/// it is ASCII): offsets are then characters, as the ASCII patterns count them.
///
/// ```
/// let mut out = Vec::new();
/// assert_eq!(boxguard_hs::compact("手机13812345678".as_bytes(), &mut out), b"\x80\x8013812345678");
/// assert_eq!(boxguard_hs::compact(b"ascii", &mut out), b"ascii");
/// ```
pub fn compact<'t>(text: &'t [u8], out: &'t mut Vec<u8>) -> &'t [u8] {
    if text.is_ascii() {
        return text;
    }
    out.clear();
    // a character's first byte stands for it; continuation bytes (10xxxxxx) go
    out.extend(
        text.iter()
            .filter(|&&b| b & 0xC0 != 0x80)
            .map(|&b| if b < 0x80 { b } else { 0x80 }),
    );
    out
}

/// The compiled prefilter of `n` patterns.
pub struct Prefilter<'a> {
    /// Every usable pattern, `SINGLEMATCH`: one text at a time.
    pub single: &'a [Part<'a>],
    /// The unanchored ones reporting every match, for texts joined by newlines (None: none);
    /// in UTF-8 mode (a joined scan is of sparse texts, mostly not ASCII: compacting them
    /// cost more than it saved).
    pub batch: Option<&'a Database>,
    /// How many patterns there are (ids `0..n`).
    pub n: usize,
    /// Patterns that always run: those libhs cannot prefilter.
    pub always: &'a [usize],
    /// … and, for a joined scan, the anchored ones too.
    pub batch_always: &'a [usize],
}

impl Prefilter<'_> {
    /// The ids of the patterns worth running on `text` (None: no UTF-8, a lone surrogate:
    /// every pattern), ascending; `scratch`: one for each of [`Prefilter::single`].
    ///
    /// # Errors
    /// A libhs failure.
    pub fn one(&self, text: Option<&[u8]>, scratch: &mut [Scratch]) -> Result<Vec<usize>, String> {
        self.one_with(text, scratch, &mut Vec::new())
    }

    fn one_with(
        &self,
        text: Option<&[u8]>,
        scratch: &mut [Scratch],
        buffer: &mut Vec<u8>,
    ) -> Result<Vec<usize>, String> {
        let Some(text) = text else {
            return Ok((0..self.n).collect());
        };
        let mut hits = self.always.to_vec();
        for (part, s) in self.single.iter().zip(scratch.iter_mut()) {
            let data = if part.compact {
                compact(text, buffer)
            } else {
                text
            };
            part.db.scan(data, s, &mut |id, _| hits.push(id as usize))?;
        }
        hits.sort_unstable();
        hits.dedup();
        Ok(hits)
    }

    /// [`Prefilter::one`] of each text, sparse texts joined in groups of [`GROUP`] (see
    /// `candidates_many`'s docstring); `batch_scratch` is for [`Prefilter::batch`].
    ///
    /// # Errors
    /// A libhs failure.
    pub fn many(
        &self,
        texts: &[Option<&[u8]>],
        scratch: &mut [Scratch],
        batch_scratch: Option<&mut Scratch>,
    ) -> Result<Vec<Vec<usize>>, String> {
        let mut buffer = Vec::new();
        let (Some(batch), Some(batch_scratch)) = (self.batch, batch_scratch) else {
            return texts
                .iter()
                .map(|t| self.one_with(*t, scratch, &mut buffer))
                .collect();
        };
        let mut out = Vec::with_capacity(texts.len());
        let mut joined = true;
        for group in texts.chunks(GROUP) {
            let size = group.len() as f64;
            if joined {
                let matches = self.joined(batch, group, batch_scratch, &mut buffer, &mut out)?;
                joined = matches as f64 <= DENSE * size;
            } else {
                let mut found = 0;
                for t in group {
                    let hits = self.one_with(*t, scratch, &mut buffer)?;
                    found += hits.len();
                    out.push(hits);
                }
                joined = found as f64 <= SPARSE * size;
            }
        }
        Ok(out)
    }

    /// One scan of `group` joined by newlines: each match goes to the text its end falls in
    /// (one straddling two texts, to the later: a spare candidate, never a lost one).
    /// Returns how many matches there were.
    fn joined(
        &self,
        batch: &Database,
        group: &[Option<&[u8]>],
        scratch: &mut Scratch,
        buffer: &mut Vec<u8>,
        out: &mut Vec<Vec<usize>>,
    ) -> Result<usize, String> {
        buffer.clear();
        let mut ends = Vec::with_capacity(group.len()); // the offset just past each text
        for t in group {
            buffer.extend_from_slice(t.unwrap_or_default());
            ends.push(buffer.len() as u64);
            buffer.push(b'\n');
        }
        buffer.pop();
        let mut found: Vec<(usize, usize)> = Vec::new();
        batch.scan(buffer, scratch, &mut |id, to| {
            found.push((ends.partition_point(|&e| e < to), id as usize));
        })?;
        let first = out.len();
        out.extend(group.iter().map(|t| match t {
            Some(_) => self.batch_always.to_vec(),
            None => (0..self.n).collect(),
        }));
        for &(row, id) in &found {
            if group[row].is_some() {
                out[first + row].push(id);
            }
        }
        for hits in &mut out[first..] {
            hits.sort_unstable();
            hits.dedup();
        }
        Ok(found.len())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ffi::tests::loaded;

    const SINGLE: u32 = 8 | 32 | 128;
    const UTF8: u32 = 32;

    fn utf8(db: &Database) -> [Part<'_>; 1] {
        [Part { db, compact: false }]
    }

    fn scratches(parts: &[Part<'_>]) -> Vec<Scratch> {
        parts.iter().map(|p| p.db.scratch().unwrap()).collect()
    }

    #[test]
    fn a_compacted_text_counts_characters() {
        if !loaded() {
            return;
        }
        // three characters between the labels: nine bytes in UTF-8, three compacted
        let exprs: [&[u8]; 2] = [b"ab[^\\n]{0,3}cd", b"\\b\\d{3}\\b"];
        let whole = Database::compile(&exprs, &[SINGLE; 2], &[0, 1]).unwrap();
        let ascii = Database::compile(&exprs, &[SINGLE & !UTF8; 2], &[0, 1]).unwrap();
        let (whole, raw) = (
            utf8(&whole),
            [Part {
                db: &ascii,
                compact: false,
            }],
        );
        let ascii = [Part {
            db: &ascii,
            compact: true,
        }];
        let texts: Vec<Option<&[u8]>> = [
            "ab张三丰cd",
            "ab张三丰李cd",
            "号123号",
            "1234",
            "ab\ncd",
            "",
        ]
        .iter()
        .map(|t| Some(t.as_bytes()))
        .collect();
        let hits = |parts: &[Part<'_>]| {
            let pf = Prefilter {
                single: parts,
                batch: None,
                n: 2,
                always: &[],
                batch_always: &[],
            };
            let many = pf.many(&texts, &mut scratches(parts), None).unwrap();
            let one: Vec<Vec<usize>> = texts
                .iter()
                .map(|t| pf.one(*t, &mut scratches(parts)).unwrap())
                .collect();
            assert_eq!(many, one);
            one
        };
        let one = hits(&ascii);
        assert_eq!(one, [vec![0], vec![], vec![1], vec![], vec![], vec![]]);
        // the hits of UTF-8 mode over the text itself …
        assert_eq!(hits(&whole), one);
        // … which that database over the raw bytes misses: 张三丰 is nine bytes
        assert_eq!(hits(&raw)[0], Vec::<usize>::new());
    }

    #[test]
    fn joined_and_one_by_one_agree() {
        if !loaded() {
            return;
        }
        let exprs: [&[u8]; 3] = [b"1[3-9]\\d{9}", b"@qq\\.com", b"ab"];
        let single = Database::compile(&exprs, &[SINGLE; 3], &[0, 1, 2]).unwrap();
        let batch = Database::compile(&exprs, &[SINGLE & !8; 3], &[0, 1, 2]).unwrap();
        let always = [4];
        let single = utf8(&single);
        let pf = Prefilter {
            single: &single,
            batch: Some(&batch),
            n: 5,
            always: &always,
            batch_always: &always,
        };
        let texts: Vec<Option<&[u8]>> = vec![
            Some("手机13812345678".as_bytes()),
            Some(b"none"),
            None,
            Some(b"x@qq.com ab"),
            Some(b"a"),
            Some(b"b"),
        ];
        let (mut s1, mut s2) = (scratches(&single), batch.scratch().unwrap());
        let many = pf.many(&texts, &mut s1, Some(&mut s2)).unwrap();
        // "a\nb" is no match of "ab": the newline keeps texts apart
        assert_eq!(
            many,
            [
                vec![0, 4],
                vec![4],
                vec![0, 1, 2, 3, 4],
                vec![1, 2, 4],
                vec![4],
                vec![4]
            ]
        );
        let one: Vec<Vec<usize>> = texts.iter().map(|t| pf.one(*t, &mut s1).unwrap()).collect();
        assert_eq!(many, one);
    }

    #[test]
    fn a_dense_group_sends_the_next_one_text_by_text() {
        if !loaded() {
            return;
        }
        let single = Database::compile(&[b"\\d"], &[SINGLE], &[0]).unwrap();
        let batch = Database::compile(&[b"\\d"], &[SINGLE & !8], &[0]).unwrap();
        let single = utf8(&single);
        let pf = Prefilter {
            single: &single,
            batch: Some(&batch),
            n: 1,
            always: &[],
            batch_always: &[],
        };
        let dense = "1234567890".as_bytes();
        let texts: Vec<Option<&[u8]>> = vec![Some(dense); GROUP * 3];
        let (mut s1, mut s2) = (scratches(&single), batch.scratch().unwrap());
        let many = pf.many(&texts, &mut s1, Some(&mut s2)).unwrap();
        assert!(many.iter().all(|h| h == &[0]));
        assert_eq!(many.len(), GROUP * 3);
    }
}
