from __future__ import annotations

import math
import pickle

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from boxguard.crypto.keys import Keyset
from boxguard.errors import ConfigError
from boxguard.trace import TardosCode, record_tag
from conftest import fixed_code

RNG = np.random.default_rng(7)
TAGS = RNG.integers(0, 2**63, 20_000, dtype=np.uint64)
SLOTS = RNG.integers(0, 96, 20_000).astype(np.uint16)


def test_biases_follow_the_cut_off_arcsine_density(code: TardosCode) -> None:
    p = code.biases(TAGS, SLOTS)
    t = code.cutoff
    assert p.min() >= t - 1e-4
    assert p.max() <= 1 - t + 1e-4
    lo = math.asin(math.sqrt(t))
    for x in (0.05, 0.2, 0.5, 0.8):  # CDF of sin²(U) with U uniform on [lo, π/2 − lo]
        expected = (math.asin(math.sqrt(x)) - lo) / (math.pi / 2 - 2 * lo)
        assert abs((p < x).mean() - expected) < 0.015


def test_codeword_bits_have_the_positions_bias(code: TardosCode) -> None:
    p = code.biases(TAGS, SLOTS)
    x = code.codewords(np.arange(16), TAGS, SLOTS)
    low, high = p < 0.2, p > 0.8
    assert abs(x[:, low].mean() - p[low].mean()) < 0.01
    assert abs(x[:, high].mean() - p[high].mean()) < 0.01


@given(st.lists(st.integers(0, 5000), min_size=1, max_size=12, unique=True))
@settings(max_examples=30, deadline=None)
def test_on_demand_bits_agree_with_batches(recipients: list[int]) -> None:
    code = _CODE
    batch = code.codewords(recipients, TAGS[:50], SLOTS[:50])
    for i, j in enumerate(recipients):
        assert (code.codewords([j], TAGS[:50], SLOTS[:50])[0] == batch[i]).all()
    assert code.codeword(recipients[0], int(TAGS[3]), int(SLOTS[3])) == int(batch[0, 3])


_CODE = fixed_code(3)


def test_a_different_key_gives_uncorrelated_codewords(code: TardosCode) -> None:
    other = fixed_code(4)
    a = code.codewords([3], TAGS, SLOTS)[0].astype(float)
    b = other.codewords([3], TAGS, SLOTS)[0].astype(float)
    assert abs(np.corrcoef(a, b)[0, 1]) < 0.03
    pa, pb = code.biases(TAGS, SLOTS), other.biases(TAGS, SLOTS)
    assert abs(np.corrcoef(pa, pb)[0, 1]) < 0.03
    # and recipients under one key are uncorrelated with each other
    c = code.codewords([4], TAGS, SLOTS)[0].astype(float)
    resid_a, resid_c = a - code.biases(TAGS, SLOTS), c - code.biases(TAGS, SLOTS)
    assert abs(np.corrcoef(resid_a, resid_c)[0, 1]) < 0.03


def test_same_keyset_same_code_and_tags() -> None:
    ks = Keyset.generate()
    one, two = TardosCode.from_keyset(ks), TardosCode.from_keyset(Keyset.from_json(ks.to_json()))
    assert (
        one.codewords([9], TAGS[:100], SLOTS[:100]) == two.codewords([9], TAGS[:100], SLOTS[:100])
    ).all()
    assert record_tag(one, "cn_mobile", "13812345678") == record_tag(
        two, "cn_mobile", "13812345678"
    )
    assert record_tag(one, "cn_mobile", "13812345678") != record_tag(
        one, "cn_mobile", "13812345679"
    )


def test_keys_are_never_shown_nor_pickled(code: TardosCode) -> None:
    assert "key" not in repr(code).replace("cutoff", "")
    with pytest.raises(TypeError):
        pickle.dumps(code)


@pytest.mark.parametrize("cutoff", [0.0, 0.3, -1.0])
def test_bad_cutoff_is_a_config_error(cutoff: float) -> None:
    with pytest.raises(ConfigError):
        TardosCode.from_keyset(Keyset.generate(), cutoff=cutoff)


def test_negative_recipient_is_a_config_error(code: TardosCode) -> None:
    with pytest.raises(ConfigError):
        code.codewords([-1], TAGS[:2], SLOTS[:2])


def test_whole_groups_of_recipients_agree_with_one_by_one(code: TardosCode) -> None:
    batch = code.codewords(np.arange(8, 32), TAGS[:40], SLOTS[:40])  # the fast path
    one_by_one = np.stack([code.codewords([j], TAGS[:40], SLOTS[:40])[0] for j in range(8, 32)])
    assert (batch == one_by_one).all()
    assert 0.2 < batch.mean() < 0.8
