from __future__ import annotations

import itertools

from hypothesis import given
from hypothesis import strategies as st

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
