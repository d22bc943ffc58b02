from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from boxguard.kinds import get_kind
from boxguard.synth.corpus import corpus, hard_negative
from boxguard.synth.people import address, chinese_name, organization


@settings(max_examples=25)
@given(st.integers(0, 2**31))
def test_gold_spans_validate_and_never_overlap(seed: int) -> None:
    for doc in corpus(20, seed):
        last = 0
        for start, end, kind in sorted(doc.spans):
            assert start >= last
            last = end
            value = doc.text[start:end]
            k = get_kind(kind)
            if k.validate is not None:
                assert k.is_valid(value), (kind, value)


def test_deterministic_by_seed() -> None:
    assert [d.text for d in corpus(30, 7)] == [d.text for d in corpus(30, 7)]
    assert [d.text for d in corpus(30, 7)] != [d.text for d in corpus(30, 8)]


def test_hard_negatives_hold_no_gold_and_stay_silent() -> None:
    import random

    from boxguard import Scanner

    scanner = Scanner(models=())
    rng = random.Random(3)
    for _ in range(200):
        parts = hard_negative(rng)
        assert all(kind is None for _, kind in parts)
        text = "".join(p for p, _ in parts)
        assert scanner.scan(text) == [], text


def test_people_are_plausible() -> None:
    import random

    rng = random.Random(5)
    names = [chinese_name(rng) for _ in range(500)]
    assert all(2 <= len(n) <= 4 or "·" in n for n in names)
    assert sum(n[0] in "王李张刘陈" for n in names) > 50, "common surnames dominate"
    assert all(a.endswith(("号", "室", "楼")) for a in (address(rng) for _ in range(100)))
    assert len({organization(rng) for _ in range(100)}) > 50
