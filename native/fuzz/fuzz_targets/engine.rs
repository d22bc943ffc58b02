//! The engine's whole pattern path on arbitrary text: every shipped kind's patterns,
//! validation, context and negative words (`Engine::candidates`), then overlap resolution.
//!
//! The engine is built once from `kinds_fixture.rs` (the shipped kinds' rules, written by
//! `scripts/fuzz-engine-fixture` from the Python declarations). The first input byte
//! chooses how the rest is read: bit 0 repeats the text into one line of up to 16 KiB (the
//! core has no streaming entry: the Python scanner windows long texts), bit 1 folds it
//! first (as the scanner always does; unfolded text exercises full-width input the
//! patterns never see in production but must not panic on).
//!
//! Invariants: no panic; every candidate lies within the text, non-empty, its offsets
//! are code points that map to char boundaries and back; its score is within [0, 1]
//! with a `pattern:` evidence; `assess` of any in-bounds span never panics; the
//! resolved spans are sorted by start and do not overlap; the prefilter (the patterns as
//! `prefilter._core_pair` rewrites them) passes every pattern that has a candidate, and
//! the patterns it passes, searched within its bounds, give the same candidates as every
//! pattern searched everywhere.
#![no_main]

#[rustfmt::skip] // generated: scripts/fuzz-engine-fixture
mod kinds_fixture;

use std::collections::HashSet;
use std::sync::OnceLock;

use boxguard_core::engine::{Engine, KindSpec, NoOutside, PatternSpec};
use boxguard_core::prefilter::Prefilter;
use boxguard_core::resolve::{resolve, Ranked};
use boxguard_core::text::Prepared;
use libfuzzer_sys::fuzz_target;

fn engine() -> &'static Engine {
    static ENGINE: OnceLock<Engine> = OnceLock::new();
    ENGINE.get_or_init(|| {
        let kinds = kinds_fixture::KINDS
            .iter()
            .map(
                |&(id, context, negative, window, score, validator, priority, model)| KindSpec {
                    id: id.into(),
                    context: context.iter().map(|w| (*w).to_string()).collect(),
                    negative: negative.iter().map(|w| (*w).to_string()).collect(),
                    window,
                    validated_score: score,
                    has_validator: validator,
                    priority,
                    model_based: model,
                },
            )
            .collect();
        let patterns = kinds_fixture::PATTERNS
            .iter()
            .map(
                |&(kind, name, regex, score, context_required, _)| PatternSpec {
                    kind,
                    name: name.into(),
                    regex: regex.into(),
                    score,
                    context_required,
                },
            )
            .collect();
        Engine::new(kinds, patterns).expect("the shipped patterns compile")
    })
}

fn prefilter() -> &'static Prefilter {
    static PREFILTER: OnceLock<Prefilter> = OnceLock::new();
    PREFILTER.get_or_init(|| {
        let core: Vec<Option<(&str, &str)>> = kinds_fixture::PATTERNS.iter().map(|p| p.5).collect();
        Prefilter::with_lengths(&core)
    })
}

fuzz_target!(|data: &[u8]| {
    let Some((&mode, rest)) = data.split_first() else {
        return;
    };
    let mut text = String::from_utf8_lossy(rest).into_owned();
    if mode & 1 == 1 && !text.is_empty() {
        let times = (16_384 / text.len()).max(1);
        text = text.repeat(times);
    }
    if mode & 2 == 2 {
        text = boxguard_core::fold::fold(&text);
    }
    let e = engine();
    let t = Prepared::new(text);
    let n = t.chars();
    let all: Vec<usize> = (0..e.patterns()).collect();
    let cands = e.candidates(&t, &all, &HashSet::new(), 0.5, &mut NoOutside);
    let (hits, bounds) = prefilter().bounded(&[Some(t.as_str())]);
    let within = e.candidates_within(
        &t,
        &hits[0],
        &bounds[0],
        &HashSet::new(),
        0.5,
        &mut NoOutside,
    );
    assert_eq!(
        within, cands,
        "prefiltered and bounded against every pattern everywhere"
    );
    for c in &cands {
        assert!(
            c.start < c.end && c.end <= n,
            "span {}..{} of {n}",
            c.start,
            c.end
        );
        for at in [c.start, c.end] {
            let b = t.byte(at);
            assert!(t.as_str().is_char_boundary(b), "offset {at} (byte {b})");
            assert_eq!(t.char_at(b), at);
        }
        assert!((0.0..=1.0).contains(&c.score), "score {}", c.score);
        assert!(c.kind < kinds_fixture::KINDS.len());
        assert!(
            c.evidence.iter().any(|x| x.starts_with("pattern:")),
            "{:?}",
            c.evidence
        );
    }
    // a finder's or a model's span, anywhere in the text, as any kind
    if n > 0 {
        let start = usize::from(mode) % n;
        let end = (start + 1 + rest.len() % 32).min(n);
        let kind = rest.len() % kinds_fixture::KINDS.len();
        if let Some(c) = e.assess(
            &t,
            kind,
            start,
            end,
            0.6,
            vec![],
            mode & 4 == 4,
            mode & 8 == 8,
            &mut NoOutside,
        ) {
            assert_eq!((c.start, c.end), (start, end));
            assert!((0.0..=1.0).contains(&c.score));
        }
    }
    let ranked: Vec<Ranked> = cands
        .iter()
        .map(|c| Ranked {
            start: c.start,
            end: c.end,
            tier: i64::from(c.evidence.len() > 1) * 2,
            priority: kinds_fixture::KINDS[c.kind].6,
            score: c.score,
        })
        .collect();
    let kept = resolve(&ranked);
    for pair in kept.windows(2) {
        let (a, b) = (&ranked[pair[0]], &ranked[pair[1]]);
        assert!(
            a.end <= b.start,
            "kept {}..{} and {}..{}",
            a.start,
            a.end,
            b.start,
            b.end
        );
    }
    let unique: HashSet<usize> = kept.iter().copied().collect();
    assert_eq!(unique.len(), kept.len());
});
