"""Generalizing quasi-identifiers to a target k."""

from __future__ import annotations

from collections import Counter

from hypothesis import given, settings
from hypothesis import strategies as st

from boxguard.transform.k_anonymize import SUPPRESSED, ladder, search

DATES = st.dates().map(lambda d: d.isoformat())
ZIPS = st.from_regex(r"[1-8][0-9]{5}", fullmatch=True)
SEX = st.sampled_from(["男", "女"])


@settings(max_examples=60, deadline=None)
@given(
    rows=st.lists(st.tuples(DATES, SEX, ZIPS), min_size=1, max_size=60),
    k=st.integers(min_value=2, max_value=8),
    suppression=st.sampled_from([0.0, 0.1, 0.3]),
)
def test_every_released_class_has_k_records(
    rows: list[tuple[str, str, str]], k: int, suppression: float
) -> None:
    counts = Counter(rows)
    ladders = [ladder("d", "birth_date"), ladder("s", None), ladder("z", "postal_code")]
    sol = search(counts, ladders, k, suppression)
    classes = Counter(sol.apply(r) for r in rows)
    small = sum(n for n in classes.values() if n < k)
    if sol.reached:
        assert small == sol.suppressed <= int(suppression * len(rows))
        assert sol.k >= k
    else:
        assert len(rows) < k, "only a table smaller than k cannot reach it"
        assert set(sol.level_names.values()) == {SUPPRESSED}


def test_least_generalization_is_chosen() -> None:
    rows = [("1990-05-17", "100020")] * 3 + [("1990-08-02", "100021")] * 2
    sol = search(Counter(rows), [ladder("d", "birth_date"), ladder("z", "postal_code")], 5)
    # year + 5 postal digits merge the two groups; decade or * would lose more
    assert sol.level_names == {"d": "year", "z": "5 digits"}
    assert sol.apply(rows[0]) == ("1990", "100020")


def test_address_ladder_climbs_divisions() -> None:
    rows = [
        ("北京市朝阳区建国路88号",),
        ("北京市朝阳区光华路1号",),
        ("北京市海淀区中关村大街1号",),
    ]
    sol = search(Counter(rows), [ladder("a", "address")], 3)
    assert sol.level_names["a"] in {"city", "province"}
    assert {sol.apply(r)[0] for r in rows} == {"北京市"}
