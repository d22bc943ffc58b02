from __future__ import annotations

from collections import Counter

from hypothesis import given
from hypothesis import strategies as st

from boxguard.risk import assess

rows = st.lists(
    st.tuples(st.sampled_from("AB"), st.sampled_from("xyz"), st.sampled_from("123")), min_size=1
)


@given(rows, st.integers(2, 6))
def test_metrics_match_a_brute_force_count(table: list[tuple[str, str, str]], k: int) -> None:
    classes = Counter((a, b) for a, b, _ in table)
    sens = {key: len({s for a, b, s in table if (a, b) == key}) for key in classes}
    keys = list(classes)
    r = assess([classes[c] for c in keys], [sens[c] for c in keys], k_target=k)
    assert r.records == len(table)
    assert r.k == min(classes.values())
    assert r.records_below_k == sum(1 for a, b, _ in table if classes[(a, b)] < k)
    assert r.l == min(sens.values())
    assert 0.0 <= r.share_below_k <= 1.0
