//! Linear-chain CRF decoding (the twin of `FastCrf._decode` in `boxguard.models.fastcrf`):
//! Viterbi paths, and for a path with a name in it the marginal probability of each chosen
//! label by scaled forward–backward. The emissions come from Python, computed from the
//! shipped model's weights; label 0 is `O` (no entity).

/// One segment's Viterbi labels and the marginal of each chosen label (1.0 throughout
/// when the path holds no entity).
pub type Decoded = (Vec<i64>, Vec<f64>);

/// The first index of the largest value (NumPy's `argmax`).
fn argmax(v: impl Iterator<Item = f64>) -> usize {
    let mut best = (0, f64::NEG_INFINITY);
    for (i, x) in v.enumerate() {
        if i == 0 || x > best.1 {
            best = (i, x);
        }
    }
    best.0
}

/// Decode each segment: `e` holds the emissions of all segments, row-major
/// `[position, label]`; segment `j` is rows `starts[j] .. starts[j] + lengths[j]`;
/// `trans` is `[from, to]`.
///
/// ```
/// use boxguard_core::crf::decode;
/// // two labels, one segment of two positions that prefers label 1 then 0
/// let (paths, margs): (Vec<_>, Vec<_>) =
///     decode(&[0.0, 2.0, 1.0, 0.0], 2, &[0.0, 0.0, 0.0, 0.0], &[0], &[2]).into_iter().unzip();
/// assert_eq!(paths[0], vec![1, 0]);
/// assert!(margs[0][0] > 0.5);
/// ```
#[must_use]
pub fn decode(
    e: &[f64],
    n_lab: usize,
    trans: &[f64],
    starts: &[usize],
    lengths: &[usize],
) -> Vec<Decoded> {
    starts
        .iter()
        .zip(lengths)
        .map(|(&s, &n)| {
            let em = e.get(s * n_lab..(s + n) * n_lab).unwrap_or(&[]);
            segment(em, n, n_lab, trans)
        })
        .collect()
}

fn segment(em: &[f64], n: usize, l: usize, trans: &[f64]) -> Decoded {
    if n == 0 || em.len() < n * l || trans.len() < l * l {
        return (Vec::new(), Vec::new());
    }
    let mut score: Vec<f64> = em[..l].to_vec();
    let mut back = vec![0_usize; n * l];
    let mut next = vec![0.0; l];
    for t in 1..n {
        for to in 0..l {
            let best = argmax((0..l).map(|from| score[from] + trans[from * l + to]));
            back[t * l + to] = best;
            next[to] = (score[best] + trans[best * l + to]) + em[t * l + to];
        }
        score.copy_from_slice(&next);
    }
    let mut path = vec![0_i64; n];
    let mut cur = argmax(score.iter().copied());
    for t in (0..n).rev() {
        path[t] = i64::try_from(cur).unwrap_or(0);
        if t > 0 {
            cur = back[t * l + cur];
        }
    }
    let marg = if path.iter().any(|&p| p != 0) {
        marginals(em, n, l, trans, &path)
    } else {
        vec![1.0; n]
    };
    (path, marg)
}

fn normalize(v: &mut [f64]) {
    let total: f64 = v.iter().sum();
    for x in v.iter_mut() {
        *x /= total;
    }
}

fn marginals(em: &[f64], n: usize, l: usize, trans: &[f64], path: &[i64]) -> Vec<f64> {
    let a: Vec<f64> = trans.iter().map(|w| w.exp()).collect();
    let mut p = vec![0.0; n * l];
    for t in 0..n {
        let row = &em[t * l..(t + 1) * l];
        let top = row.iter().copied().fold(f64::NEG_INFINITY, f64::max);
        for j in 0..l {
            p[t * l + j] = (row[j] - top).exp();
        }
    }
    let mut alpha = vec![0.0; n * l];
    alpha[..l].copy_from_slice(&p[..l]);
    normalize(&mut alpha[..l]);
    for t in 1..n {
        for to in 0..l {
            let s: f64 = (0..l)
                .map(|from| alpha[(t - 1) * l + from] * a[from * l + to])
                .sum();
            alpha[t * l + to] = s * p[t * l + to];
        }
        normalize(&mut alpha[t * l..(t + 1) * l]);
    }
    let mut beta = vec![1.0; n * l];
    for t in (0..n.saturating_sub(1)).rev() {
        for from in 0..l {
            beta[t * l + from] = (0..l)
                .map(|to| p[(t + 1) * l + to] * beta[(t + 1) * l + to] * a[from * l + to])
                .sum();
        }
        normalize(&mut beta[t * l..(t + 1) * l]);
    }
    (0..n)
        .map(|t| {
            let post = |j: usize| alpha[t * l + j] * beta[t * l + j];
            // summed in label order from 0.0, as `iter().sum()` of the products did
            let total: f64 = (0..l).map(post).fold(0.0, |acc, x| acc + x);
            let chosen = usize::try_from(path[t]).unwrap_or(0).min(l - 1);
            post(chosen) / total
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    proptest! {
        #[test]
        fn marginals_are_probabilities(
            em in proptest::collection::vec(-5.0f64..5.0, 3 * 6),
            tr in proptest::collection::vec(-3.0f64..3.0, 9),
        ) {
            let out = decode(&em, 3, &tr, &[0], &[6]);
            let (path, marg) = &out[0];
            prop_assert_eq!(path.len(), 6);
            for m in marg {
                prop_assert!(*m > 0.0 && *m <= 1.0 + 1e-12);
            }
        }
    }

    /// Tables over code points 0..12 with 3 labels: every weight from `w`, cycled.
    fn tables(w: &[f64], keys: &[Vec<i64>]) -> Tables {
        let l = 3;
        let mut cycle = w.iter().copied().cycle();
        let mut take =
            |n: usize| -> Vec<f64> { (0..n).map(|_| cycle.next().unwrap_or(0.0)).collect() };
        let chars = 8; // char rows 1..=7 for code points 2..9, 0 for the rest
        let char_id = (0..12)
            .map(|c| if (2..9).contains(&c) { c - 1 } else { 0 })
            .collect();
        let bigram = [(-1, 0), (0, 1), (-2, -1), (1, 2)]
            .iter()
            .zip(keys)
            .map(|(&ab, k)| {
                let mut k = k.clone();
                k.sort_unstable();
                k.dedup();
                let mut rows = take(k.len() * l);
                rows.extend([0.0; 3]);
                (ab, k, rows)
            })
            .collect();
        Tables {
            n_lab: l,
            char_id,
            unigram: [0, -1, 1, -2, 2]
                .iter()
                .map(|&o| (o, take(chars * l)))
                .collect(),
            bigram,
            cluster: (0..12).map(|c| i16::try_from(c % 4).unwrap_or(0)).collect(),
            clusters: vec![(0, take(4 * l)), (-1, take(4 * l))],
            trigram: take(125 * l),
            flags: take(5 * l),
            single: vec![3, 5],
            compound: vec![3 * WIDE + 4, 6 * WIDE + 2],
            org: vec![5, 7],
        }
    }

    proptest! {
        #[test]
        fn packed_rows_give_the_same_sums_bit_for_bit(
            w in proptest::collection::vec(-3.0f64..3.0, 1..200),
            keys in proptest::collection::vec(
                proptest::collection::vec((0i64..12, 0i64..12).prop_map(|(a, b)| a * WIDE + b), 0..40),
                4,
            ),
            seg in proptest::collection::vec(0i64..12, 1..30),
        ) {
            let t = tables(&w, &keys);
            let packed = Packed::new(&t).expect("adjacent bigrams");
            let cp: Vec<i64> = [2, 2].into_iter().chain(seg.iter().copied()).chain([3, 3]).collect();
            let pos: Vec<i64> = (2..).take(seg.len()).collect();
            let cls: Vec<i64> = cp.iter().map(|c| c % 5).collect();
            let lab: Vec<bool> = seg.iter().map(|c| c % 3 == 0).collect();
            let want = t.emissions(&cp, &pos, &cls, &lab);
            let (mut chars, mut pairs, mut marks, mut got) = (Vec::new(), Vec::new(), Vec::new(), Vec::new());
            let rows = packed.segment(&t, &cp, &mut chars, &mut pairs, &mut marks);
            t.emissions_into(&rows, &cp, &pos, &cls, &lab, &mut got);
            prop_assert_eq!(
                got.iter().map(|x| x.to_bits()).collect::<Vec<_>>(),
                want.iter().map(|x| x.to_bits()).collect::<Vec<_>>()
            );
        }
    }

    #[test]
    fn an_empty_segment_decodes_to_nothing() {
        assert_eq!(
            decode(&[], 5, &[0.0; 25], &[0], &[0]),
            vec![(vec![], vec![])]
        );
    }
}

/// A bigram feature: its two offsets, its sorted keys, its rows (one zero row last).
pub type Bigram = ((i64, i64), Vec<i64>, Vec<f64>);

/// The shipped model's state weights as lookup tables (the twin of `FastCrf`'s `_Weights`
/// and its character tables); `n_lab` columns per row throughout.
#[derive(Debug, Clone, Default)]
pub struct Tables {
    /// Number of labels.
    pub n_lab: usize,
    /// Row of each code point in the unigram tables (0: never seen).
    pub char_id: Vec<i32>,
    /// (offset, rows): the unigram features, in the order they are added.
    pub unigram: Vec<(i64, Vec<f64>)>,
    /// ((a, b), sorted keys, rows with one zero row last): the bigram features.
    pub bigram: Vec<Bigram>,
    /// Cluster of each code point (`K` unknown).
    pub cluster: Vec<i16>,
    /// (offset, rows): the cluster features (none for a model without them).
    pub clusters: Vec<(i64, Vec<f64>)>,
    /// Weights of each character-class trigram (125 rows).
    pub trigram: Vec<f64>,
    /// Weights of the flags sn, sn2, psn, osx, lab (5 rows).
    pub flags: Vec<f64>,
    /// Sorted code points of single-character surnames.
    pub single: Vec<i64>,
    /// Sorted `first * 0x110000 + second` of two-character surnames.
    pub compound: Vec<i64>,
    /// Sorted code points that end an organization's name.
    pub org: Vec<i64>,
}

const WIDE: i64 = 0x11_0000;

fn add_row(e: &mut [f64], rows: &[f64], row: usize) {
    let n = e.len();
    if let Some(src) = rows.get(row * n..(row + 1) * n) {
        for (x, w) in e.iter_mut().zip(src) {
            *x += *w;
        }
    }
}

fn at(v: &[i64], i: usize, off: i64) -> i64 {
    i.checked_add_signed(isize::try_from(off).unwrap_or(0))
        .and_then(|j| v.get(j))
        .copied()
        .unwrap_or(0)
}

/// Where the character features' rows (unigrams, then bigrams) of a position come from.
pub trait CharRows {
    /// Add position `p`'s unigram rows, then its bigram rows, each in the tables' order.
    fn add(&self, tables: &Tables, cp: &[i64], p: usize, e: &mut [f64]);

    /// Whether the code point at `p` is a surname, starts a compound surname, follows a
    /// surname, ends an organization (the flags sn, sn2, psn, osx).
    fn flags(&self, tables: &Tables, cp: &[i64], p: usize) -> [bool; 4] {
        let c = at(cp, p, 0);
        [
            tables.single.binary_search(&c).is_ok(),
            tables
                .compound
                .binary_search(&(c * WIDE + at(cp, p, 1)))
                .is_ok(),
            tables.single.binary_search(&at(cp, p, -1)).is_ok(),
            tables.org.binary_search(&c).is_ok(),
        ]
    }
}

/// Straight from the tables, a bigram's row by binary search in its sorted keys (nothing
/// to build: one call, one batch).
pub struct Sorted;

impl CharRows for Sorted {
    fn add(&self, tables: &Tables, cp: &[i64], p: usize, e: &mut [f64]) {
        for (off, table) in &tables.unigram {
            add_row(e, table, tables.char_row(at(cp, p, *off)));
        }
        for ((a, b), keys, table) in &tables.bigram {
            let q = at(cp, p, *a) * WIDE + at(cp, p, *b);
            add_row(e, table, keys.binary_search(&q).unwrap_or(keys.len()));
        }
    }
}

/// A multiplicative hash of an integer key (FxHash's step): the bigram keys are
/// `first * 0x110000 + second`, spread by the multiply; no denial of service to fear
/// (the keys are the model's; queries only look up).
#[derive(Default, Clone, Copy)]
pub struct KeyHasher(u64);

impl std::hash::Hasher for KeyHasher {
    fn finish(&self) -> u64 {
        self.0
    }
    fn write(&mut self, bytes: &[u8]) {
        for &b in bytes {
            self.write_u64(u64::from(b));
        }
    }
    fn write_u64(&mut self, x: u64) {
        self.0 = (self.0.rotate_left(5) ^ x).wrapping_mul(0x51_7c_c1_b7_27_22_0a_95);
    }
    fn write_i64(&mut self, x: i64) {
        self.write_u64(x.cast_unsigned());
    }
}

type KeyMap = std::collections::HashMap<i64, usize, std::hash::BuildHasherDefault<KeyHasher>>;

/// The character features' weights laid out for a segment at a time, built once per model
/// when every bigram reads two neighbours (`b == a + 1`): a character's unigram rows side
/// by side (one block per character row), and a pair of neighbours' bigram rows side by
/// side (one block per pair the model knows, found by one hash lookup per pair instead of
/// one binary search per bigram and position). The same rows, added in the same order:
/// the same sums, bit for bit.
#[derive(Debug, Clone, Default)]
pub struct Packed {
    uni_offsets: Vec<i64>,
    /// `[char row][unigram][label]`
    uni: Vec<f64>,
    bi_first: Vec<i64>,
    pairs: KeyMap,
    /// `[pair block][bigram][label]`; block 0 is zeros (a pair the model never saw)
    bi: Vec<f64>,
    /// Code points that are a surname (bit 0), end an organization (bit 1), start a
    /// compound surname (bit 2).
    marks: std::collections::HashMap<i64, u8, std::hash::BuildHasherDefault<KeyHasher>>,
}

impl Packed {
    /// The packed rows of `tables`, or None when a bigram is not of two neighbours.
    #[must_use]
    pub fn new(tables: &Tables) -> Option<Self> {
        let l = tables.n_lab;
        if l == 0 || tables.bigram.iter().any(|((a, b), _, _)| *b != a + 1) {
            return None;
        }
        let n_uni = tables.unigram.len();
        let chars = tables.unigram.first().map_or(0, |(_, t)| t.len() / l);
        if tables.unigram.iter().any(|(_, t)| t.len() != chars * l) {
            return None;
        }
        let mut uni = vec![0.0; chars * n_uni * l];
        for (u, (_, table)) in tables.unigram.iter().enumerate() {
            for r in 0..chars {
                let at = (r * n_uni + u) * l;
                uni[at..at + l].copy_from_slice(&table[r * l..(r + 1) * l]);
            }
        }
        let n_bi = tables.bigram.len();
        let mut pairs = KeyMap::default();
        for (_, keys, _) in &tables.bigram {
            for &k in keys {
                let next = pairs.len() + 1;
                pairs.entry(k).or_insert(next);
            }
        }
        let mut bi = vec![0.0; (pairs.len() + 1) * n_bi * l];
        for (f, (_, keys, table)) in tables.bigram.iter().enumerate() {
            for (i, k) in keys.iter().enumerate() {
                let at = (pairs[k] * n_bi + f) * l;
                bi[at..at + l].copy_from_slice(table.get(i * l..(i + 1) * l)?);
            }
        }
        let mut marks: std::collections::HashMap<i64, u8, _> = std::collections::HashMap::default();
        for &c in &tables.single {
            *marks.entry(c).or_insert(0) |= 1;
        }
        for &c in &tables.org {
            *marks.entry(c).or_insert(0) |= 2;
        }
        for &k in &tables.compound {
            *marks.entry(k.div_euclid(WIDE)).or_insert(0) |= 4;
        }
        Some(Self {
            marks,
            uni_offsets: tables.unigram.iter().map(|(o, _)| *o).collect(),
            uni,
            bi_first: tables.bigram.iter().map(|((a, _), _, _)| *a).collect(),
            pairs,
            bi,
        })
    }

    /// The rows of one padded segment `cp`: each code point's character block and each
    /// pair's bigram block, looked up once (`chars`, `pairs`: reused buffers).
    pub fn segment<'a>(
        &'a self,
        tables: &Tables,
        cp: &[i64],
        chars: &'a mut Vec<usize>,
        pairs: &'a mut Vec<usize>,
        marks: &'a mut Vec<u8>,
    ) -> PackedSegment<'a> {
        marks.clear();
        marks.extend(cp.iter().map(|c| self.marks.get(c).copied().unwrap_or(0)));
        chars.clear();
        chars.extend(cp.iter().map(|&c| tables.char_row(c)));
        pairs.clear();
        pairs.extend(
            cp.windows(2)
                .map(|w| self.pairs.get(&(w[0] * WIDE + w[1])).copied().unwrap_or(0)),
        );
        PackedSegment {
            packed: self,
            chars,
            pairs,
            marks,
        }
    }
}

/// [`Packed`] rows of one segment's positions.
pub struct PackedSegment<'a> {
    packed: &'a Packed,
    chars: &'a [usize],
    pairs: &'a [usize],
    marks: &'a [u8],
}

fn offset(p: usize, off: i64) -> Option<usize> {
    p.checked_add_signed(isize::try_from(off).ok()?)
}

impl CharRows for PackedSegment<'_> {
    fn flags(&self, tables: &Tables, cp: &[i64], p: usize) -> [bool; 4] {
        let (Some(&m), Some(&before)) = (
            self.marks.get(p),
            p.checked_sub(1).and_then(|q| self.marks.get(q)),
        ) else {
            return Sorted.flags(tables, cp, p);
        };
        // a compound surname only where its first character starts one (most never do)
        let sn2 = m & 4 != 0
            && tables
                .compound
                .binary_search(&(at(cp, p, 0) * WIDE + at(cp, p, 1)))
                .is_ok();
        [m & 1 != 0, sn2, before & 1 != 0, m & 2 != 0]
    }

    fn add(&self, tables: &Tables, cp: &[i64], p: usize, e: &mut [f64]) {
        let k = &self.packed;
        let n_uni = k.uni_offsets.len();
        for (u, off) in k.uni_offsets.iter().enumerate() {
            let r = offset(p, *off)
                .and_then(|j| self.chars.get(j).copied())
                .unwrap_or_else(|| tables.char_row(at(cp, p, *off)));
            add_row(e, &k.uni, r * n_uni + u);
        }
        let n_bi = k.bi_first.len();
        for (f, a) in k.bi_first.iter().enumerate() {
            let blk = offset(p, *a)
                .and_then(|j| self.pairs.get(j).copied())
                .unwrap_or_else(|| {
                    let q = at(cp, p, *a) * WIDE + at(cp, p, *a + 1);
                    k.pairs.get(&q).copied().unwrap_or(0)
                });
            add_row(e, &k.bi, blk * n_bi + f);
        }
    }
}

impl Tables {
    fn char_row(&self, c: i64) -> usize {
        usize::try_from(c)
            .ok()
            .and_then(|c| self.char_id.get(c))
            .map_or(0, |&r| usize::try_from(r).unwrap_or(0))
    }

    /// The state scores `[position, label]` of the positions `pos` of the padded code
    /// points `cp`, given each code point's class `cls` and each position's label flag `lab`
    /// (the twin of `FastCrf.emissions` before the word tags).
    #[must_use]
    pub fn emissions(&self, cp: &[i64], pos: &[i64], cls: &[i64], lab: &[bool]) -> Vec<f64> {
        let mut out = Vec::new();
        self.emissions_into(&Sorted, cp, pos, cls, lab, &mut out);
        out
    }

    /// [`Tables::emissions`] into `out` (cleared first), the character features' rows
    /// from `rows`.
    pub fn emissions_into(
        &self,
        rows: &impl CharRows,
        cp: &[i64],
        pos: &[i64],
        cls: &[i64],
        lab: &[bool],
        out: &mut Vec<f64>,
    ) {
        let l = self.n_lab;
        out.clear();
        out.resize(pos.len() * l, 0.0);
        let cluster_row = |c: i64| -> usize {
            usize::try_from(c)
                .ok()
                .and_then(|c| self.cluster.get(c))
                .map_or(0, |&r| usize::try_from(r).unwrap_or(0))
        };
        for (k, &p) in pos.iter().enumerate() {
            let p = usize::try_from(p).unwrap_or(0);
            let e = &mut out[k * l..(k + 1) * l];
            rows.add(self, cp, p, e);
            for (off, table) in &self.clusters {
                add_row(e, table, cluster_row(at(cp, p, *off)));
            }
            let c3 = at(cls, p, -1) * 25 + at(cls, p, 0) * 5 + at(cls, p, 1);
            add_row(e, &self.trigram, usize::try_from(c3).unwrap_or(0));
            let [sn, sn2, psn, osx] = rows.flags(self, cp, p);
            let flags = [sn, sn2, psn, osx, lab.get(k).copied().unwrap_or(false)];
            for (f, on) in flags.into_iter().enumerate() {
                if on {
                    add_row(e, &self.flags, f);
                }
            }
        }
    }
}
