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
            let post: Vec<f64> = (0..l).map(|j| alpha[t * l + j] * beta[t * l + j]).collect();
            let total: f64 = post.iter().sum();
            let chosen = usize::try_from(path[t]).unwrap_or(0);
            post[chosen] / total
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

impl Tables {
    /// The state scores `[position, label]` of the positions `pos` of the padded code
    /// points `cp`, given each code point's class `cls` and each position's label flag `lab`
    /// (the twin of `FastCrf.emissions` before the word tags).
    #[must_use]
    pub fn emissions(&self, cp: &[i64], pos: &[i64], cls: &[i64], lab: &[bool]) -> Vec<f64> {
        let l = self.n_lab;
        let mut out = vec![0.0; pos.len() * l];
        let char_row = |c: i64| -> usize {
            usize::try_from(c)
                .ok()
                .and_then(|c| self.char_id.get(c))
                .map_or(0, |&r| usize::try_from(r).unwrap_or(0))
        };
        let cluster_row = |c: i64| -> usize {
            usize::try_from(c)
                .ok()
                .and_then(|c| self.cluster.get(c))
                .map_or(0, |&r| usize::try_from(r).unwrap_or(0))
        };
        for (k, &p) in pos.iter().enumerate() {
            let p = usize::try_from(p).unwrap_or(0);
            let e = &mut out[k * l..(k + 1) * l];
            for (off, rows) in &self.unigram {
                add_row(e, rows, char_row(at(cp, p, *off)));
            }
            for ((a, b), keys, rows) in &self.bigram {
                let q = at(cp, p, *a) * WIDE + at(cp, p, *b);
                let row = keys.binary_search(&q).unwrap_or(keys.len());
                add_row(e, rows, row);
            }
            for (off, rows) in &self.clusters {
                add_row(e, rows, cluster_row(at(cp, p, *off)));
            }
            let c3 = at(cls, p, -1) * 25 + at(cls, p, 0) * 5 + at(cls, p, 1);
            add_row(e, &self.trigram, usize::try_from(c3).unwrap_or(0));
            let c = at(cp, p, 0);
            let flags = [
                self.single.binary_search(&c).is_ok(),
                self.compound
                    .binary_search(&(c * WIDE + at(cp, p, 1)))
                    .is_ok(),
                self.single.binary_search(&at(cp, p, -1)).is_ok(),
                self.org.binary_search(&c).is_ok(),
                lab.get(k).copied().unwrap_or(false),
            ];
            for (f, on) in flags.into_iter().enumerate() {
                if on {
                    add_row(e, &self.flags, f);
                }
            }
        }
        out
    }
}
