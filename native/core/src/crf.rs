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
