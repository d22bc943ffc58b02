//! Overlap resolution (the twin of `boxguard.detect.resolve`): each character belongs to
//! one finding.
//!
//! Candidates are ranked best first — higher tier, then higher priority, then the longer
//! span, then the higher score, then the earlier start, then input order — and each is kept
//! unless it overlaps one kept before it.

/// What ranking needs of a candidate.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Ranked {
    /// Start (code points).
    pub start: usize,
    /// End (code points).
    pub end: usize,
    /// 2: formats, checksums, labels; 1: model spans; 0: weak rules.
    pub tier: i64,
    /// The kind's priority.
    pub priority: i64,
    /// The candidate's score.
    pub score: f64,
}

/// The indices of the candidates kept, ordered by start.
///
/// ```
/// use boxguard_core::resolve::{resolve, Ranked};
/// let id = Ranked { start: 0, end: 18, tier: 2, priority: 0, score: 0.99 };
/// let mobile = Ranked { start: 3, end: 14, tier: 2, priority: 0, score: 0.99 };
/// assert_eq!(resolve(&[mobile, id]), vec![1]);
/// ```
#[must_use]
pub fn resolve(cands: &[Ranked]) -> Vec<usize> {
    let mut order: Vec<usize> = (0..cands.len()).collect();
    order.sort_by(|&a, &b| {
        let (x, y) = (&cands[a], &cands[b]);
        y.tier
            .cmp(&x.tier)
            .then(y.priority.cmp(&x.priority))
            .then((y.end.saturating_sub(y.start)).cmp(&(x.end.saturating_sub(x.start))))
            .then(
                y.score
                    .partial_cmp(&x.score)
                    .unwrap_or(std::cmp::Ordering::Equal),
            )
            .then(x.start.cmp(&y.start))
            .then(a.cmp(&b))
    });
    let mut kept: Vec<usize> = Vec::with_capacity(cands.len()); // sorted by start, as Python's bisect keeps them
    for i in order {
        let c = &cands[i];
        let at = kept.partition_point(|&k| cands[k].start <= c.start);
        if at > 0 && cands[kept[at - 1]].end > c.start {
            continue;
        }
        if at < kept.len() && cands[kept[at]].start < c.end {
            continue;
        }
        kept.insert(at, i);
    }
    kept
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn span(start: usize, end: usize, score: f64) -> Ranked {
        Ranked {
            start,
            end,
            tier: 2,
            priority: 0,
            score,
        }
    }

    #[test]
    fn the_longer_span_wins_then_the_higher_tier() {
        assert_eq!(resolve(&[span(3, 14, 0.99), span(0, 18, 0.5)]), vec![1]);
        let model = Ranked {
            tier: 1,
            ..span(0, 30, 0.99)
        };
        assert_eq!(resolve(&[model, span(3, 14, 0.6)]), vec![1]);
    }

    proptest! {
        #[test]
        fn kept_spans_never_overlap(raw in proptest::collection::vec((0usize..40, 0usize..8, 0i64..3, 0u8..4), 0..40)) {
            let cands: Vec<Ranked> = raw
                .iter()
                .map(|&(s, len, tier, sc)| Ranked { start: s, end: s + len, tier, priority: 0, score: f64::from(sc) / 4.0 })
                .collect();
            let kept = resolve(&cands);
            for w in kept.windows(2) {
                let (a, b) = (&cands[w[0]], &cands[w[1]]);
                prop_assert!(a.start <= b.start);
                prop_assert!(a.end <= b.start || a.start == a.end || b.start == b.end);
            }
        }
    }
}
