from __future__ import annotations

import itertools

from hypothesis import given
from hypothesis import strategies as st

from boxguard.detect import resolve as resolve_mod
from boxguard.detect.finding import Finding
from boxguard.detect.resolve import resolve


def _f(start: int, end: int, kind: str = "k", score: float = 0.9) -> Finding:
    return Finding(start, end, kind, score, (), "x" * (end - start))


def test_longer_span_wins_containment() -> None:
    kept = resolve([_f(5, 10, "qq_number", 0.99), _f(0, 15, "email", 0.9)], {})
    assert [f.kind for f in kept] == ["email"]


def test_priority_beats_length() -> None:
    kept = resolve([_f(0, 20, "a"), _f(2, 8, "b")], {"b": 5})
    assert [f.kind for f in kept] == ["b"]


def test_same_span_higher_score_wins() -> None:
    kept = resolve([_f(0, 15, "imei", 0.7), _f(0, 15, "cn_resident_id", 0.9)], {})
    assert [f.kind for f in kept] == ["cn_resident_id"]


def test_disjoint_spans_all_kept_in_order() -> None:
    kept = resolve([_f(10, 12), _f(0, 3), _f(3, 5)], {})
    assert [(f.start, f.end) for f in kept] == [(0, 3), (3, 5), (10, 12)]


spans = st.lists(
    st.tuples(st.integers(0, 50), st.integers(1, 10), st.floats(0, 1)), max_size=30
).map(lambda xs: [_f(s, s + n, score=sc) for s, n, sc in xs])


@given(spans)
def test_resolved_never_overlap_and_cover_every_dropped(cands: list[Finding]) -> None:
    kept = resolve(cands, {})
    for a, b in itertools.pairwise(kept):
        assert a.end <= b.start
    for c in cands:
        if c not in kept:
            assert any(k.start < c.end and c.start < k.end for k in kept), (
                "dropped only for overlap"
            )


def _one_ranking(cands: list[Finding], priority: dict[str, int]) -> list[Finding]:
    """The definition: every candidate ranked together, each kept unless it overlaps one
    kept before it (what ``resolve`` did before it cut candidates into chains)."""
    ranked = sorted(
        cands, key=lambda f: (-priority.get(f.kind, 0), -(f.end - f.start), -f.score, f.start)
    )
    kept: list[Finding] = []
    for c in ranked:
        if not any(
            (k.start <= c.start and k.end > c.start) or (c.start < k.start < c.end) for k in kept
        ):
            kept.append(c)
    return sorted(kept, key=lambda f: f.start)


ranked_spans = st.lists(
    st.tuples(
        st.integers(0, 40),
        st.integers(0, 8),  # empty spans too
        st.sampled_from("abc"),
        st.sampled_from([0.5, 0.7, 0.9]),  # ties on score
    ),
    max_size=40,
).map(lambda xs: [_f(s, s + n, kind, sc) for s, n, kind, sc in xs])


@given(ranked_spans, st.dictionaries(st.sampled_from("abc"), st.integers(0, 3)))
def test_chains_give_the_same_findings_as_one_ranking(
    cands: list[Finding], priority: dict[str, int]
) -> None:
    saved = resolve_mod._ONE_RANKING
    resolve_mod._ONE_RANKING = 0  # cut into chains however few the candidates
    try:
        by_chains = resolve(cands, priority)
    finally:
        resolve_mod._ONE_RANKING = saved
    assert by_chains == _one_ranking(cands, priority)
    assert resolve(cands, priority) == by_chains


def test_many_findings_on_one_line_resolve_in_start_order() -> None:
    cands = [_f(i * 20 + d, i * 20 + d + 12, "k") for i in range(50_000) for d in (0, 4)]
    kept = resolve(cands, {})
    assert [f.start for f in kept] == [i * 20 for i in range(50_000)]
