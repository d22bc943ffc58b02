"""Shared fixtures of the trace tests: a code, a schema and synthetic people."""

from __future__ import annotations

import random

import pytest

from boxguard.crypto.keys import Keyset
from boxguard.kinds import get_kind
from boxguard.trace import Schema, TardosCode

SCHEMA = Schema(
    (
        ("姓名", "person_name"),
        ("手机", "cn_mobile"),
        ("身份证", "cn_resident_id"),
        ("出生日期", "birth_date"),
        ("地址", "address"),
        ("银行卡", "bank_card"),
    ),
    identity="身份证",
)


def person(rng: random.Random) -> dict[str, str]:
    """One synthetic person in SCHEMA's columns (the kinds' own generators)."""
    gen = {k: get_kind(k).generate for k in ("person_name", "cn_mobile", "cn_resident_id")}
    idn = gen["cn_resident_id"](rng)  # type: ignore[misc]
    return {
        "姓名": gen["person_name"](rng),  # type: ignore[misc]
        "手机": gen["cn_mobile"](rng),  # type: ignore[misc]
        "身份证": idn,
        "出生日期": f"{idn[6:10]}年{int(idn[10:12])}月{int(idn[12:14])}日",
        "地址": get_kind("address").generate(rng),  # type: ignore[misc]
        "银行卡": get_kind("bank_card").generate(rng),  # type: ignore[misc]
    }


def fixed_code(seed: int) -> TardosCode:
    """A code under a fixed test key, so that every run sees the same bits (no flakes)."""
    return TardosCode.from_keyset(Keyset({"test": bytes([seed]) * 32}, "test"))


@pytest.fixture(scope="session")
def code() -> TardosCode:
    return fixed_code(1)


@pytest.fixture(scope="session")
def people() -> list[dict[str, str]]:
    rng = random.Random(20261206)
    return [person(rng) for _ in range(400)]
