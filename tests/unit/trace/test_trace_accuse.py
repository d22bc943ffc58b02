from __future__ import annotations

import numpy as np
import pytest

from boxguard.errors import ConfigError
from boxguard.trace import Observations, TardosCode, accuse
from boxguard.trace.accuse import innocent_q, scores, tail_bound, threshold
from conftest import fixed_code

RECIPIENTS = range(1000)


def _positions(rng: np.random.Generator, m: int) -> tuple[np.ndarray, np.ndarray]:
    return rng.integers(0, 2**63, m, dtype=np.uint64), rng.integers(0, 96, m).astype(np.uint16)


def test_a_single_leaker_is_named_from_few_positions(code: TardosCode) -> None:
    rng = np.random.default_rng(1)
    named_at = []
    for trial in range(20):
        leaker = int(rng.integers(0, 1000))
        tags, slots = _positions(rng, 150)
        bits = code.codewords([leaker], tags, slots)[0].astype(np.uint8)
        for m in range(30, 151, 15):
            v = accuse(code, Observations(tags[:m], slots[:m], bits[:m]), RECIPIENTS)
            if v.status == "named":
                assert v.named == (leaker,), trial
                named_at.append(m)
                break
    assert len(named_at) == 20
    assert np.median(named_at) <= 75


def test_three_colluders_by_majority_name_one_of_them(code: TardosCode) -> None:
    rng = np.random.default_rng(2)
    colluders = [11, 500, 999]
    tags, slots = _positions(rng, 1500)
    x = code.codewords(colluders, tags, slots)
    y = (x.sum(axis=0) >= 2).astype(np.uint8)
    v = accuse(code, Observations(tags, slots, y), RECIPIENTS)
    assert v.status == "named"
    assert set(v.named) <= set(colluders)
    assert v.ranking[0].recipient in colluders


def test_no_innocent_is_named_across_many_random_leaks(code: TardosCode) -> None:
    """Leaks independent of every codeword (never released, another key): never named."""
    rng = np.random.default_rng(3)
    other = fixed_code(3)
    least = 1.0
    for trial in range(60):
        tags, slots = _positions(rng, 300)
        if trial % 2:  # data fingerprinted for recipient 5 under another key
            y = other.codewords([5], tags, slots)[0].astype(np.uint8)
        else:  # bits nobody was given
            y = rng.integers(0, 2, 300).astype(np.uint8)
        v = accuse(code, Observations(tags, slots, y), RECIPIENTS)
        assert v.status != "named"
        least = min(least, v.ranking[0].p_list)
    assert least > 1e-6


def test_chernoff_bound_holds_against_simulated_innocents(code: TardosCode) -> None:
    """Empirical tail of 20,000 innocent scores ≤ the bound at every threshold."""
    rng = np.random.default_rng(4)
    tags, slots = _positions(rng, 120)
    y = code.codewords([0], tags, slots)[0].astype(np.uint8)
    leak = Observations(tags, slots, y)
    sims = scores(code, leak, range(1, 20_001))  # recipients 1..20000: none holds the leak
    q = innocent_q(code, leak)
    for s in np.linspace(0, sims.max(), 12):
        assert (sims >= s).mean() <= tail_bound(q, [s])[0] + 3e-3
    # and the bound is not vacuous: near the tail it is within a small factor of the truth
    s = np.quantile(sims, 0.999)
    assert tail_bound(q, [s])[0] < 0.05
    assert threshold(q, 1e-3) >= np.quantile(sims, 0.999)


def test_empty_leak_is_inconclusive(code: TardosCode) -> None:
    v = accuse(code, Observations.empty(), RECIPIENTS)
    assert (v.status, v.named, v.positions) == ("inconclusive", (), 0)
    assert all(a.p_list == 1.0 for a in v.ranking)


def test_conflicting_positions_are_dropped() -> None:
    obs = Observations.collect([(1, 2, 1), (1, 2, 0), (1, 3, 1), (4, 0, 0), (4, 0, 0)])
    assert len(obs) == 2
    assert sorted(zip(obs.tags.tolist(), obs.slots.tolist(), obs.bits.tolist(), strict=False)) == [
        (1, 3, 1),
        (4, 0, 0),
    ]


def test_thresholds_and_recipients_are_checked(code: TardosCode) -> None:
    with pytest.raises(ConfigError):
        accuse(code, Observations.empty(), RECIPIENTS, name_at=0.1, suspect_at=0.01)
    with pytest.raises(ConfigError):
        accuse(code, Observations.empty(), [1, 1])
