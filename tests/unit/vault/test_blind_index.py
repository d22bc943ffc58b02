from __future__ import annotations

import pickle
import random

import pytest
from hypothesis import given
from hypothesis import strategies as st

from boxguard.crypto.keys import Keyset
from boxguard.kinds import get_kind
from boxguard.vault.blind_index import INDEX_BYTES, BlindIndex, index_form

KS = Keyset.generate()
BI = BlindIndex(KS)


@pytest.mark.parametrize(
    ("kind", "variants"),
    [
        (
            "cn_mobile",
            ["13812345678", "138 1234 5678", "１３８１２３４５６７８", " 138-1234-5678 "],
        ),
        ("cn_resident_id", ["11010519491231002X", "11010519491231002x", "110105 19491231 002X"]),
        (None, ["张 伟", "  张  伟 ", "张\u3000伟"]),
    ],
)
def test_formatting_variants_share_an_index(kind: str | None, variants: list[str]) -> None:
    assert len({BI.compute(kind, v) for v in variants}) == 1
    assert len({index_form(kind, v) for v in variants}) == 1


def test_keyed_per_kind_and_truncated() -> None:
    mac = BI.compute("cn_mobile", "13812345678")
    assert len(mac) == INDEX_BYTES == 16
    assert mac != BlindIndex(Keyset.generate()).compute("cn_mobile", "13812345678")
    assert mac != BI.compute("qq_number", "13812345678")
    assert mac != BI.compute(None, "13812345678")
    assert b"13812345678" not in mac


@given(st.integers(0, 2**32))
def test_distinct_valid_values_get_distinct_indexes(seed: int) -> None:
    gen = get_kind("cn_mobile").generate
    assert gen is not None
    rng = random.Random(seed)
    values = {gen(rng) for _ in range(50)}
    assert len({BI.compute("cn_mobile", v) for v in values}) == len(values)


def test_candidates_cover_every_key_primary_first() -> None:
    rotated = KS.rotate()
    cands = BlindIndex(rotated).candidates("email", "a.b@example.com")
    assert cands[0] == BlindIndex(rotated).compute("email", "a.b@example.com")
    assert BI.compute("email", "a.b@example.com") in cands
    assert len(cands) == 2


def test_no_keys_shown_or_pickled() -> None:
    assert repr(BI) == f"BlindIndex(primary_id={KS.primary_id!r})"
    assert KS.keys[KS.primary_id].hex() not in repr(BI)
    with pytest.raises(TypeError):
        pickle.dumps(BI)
