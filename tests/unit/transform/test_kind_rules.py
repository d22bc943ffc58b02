"""The operators read a kind's own rules (``Kind.fpe_*``, ``Kind.generalize``), not its id."""

from __future__ import annotations

import dataclasses

import pytest
from hypothesis import given
from hypothesis import strategies as st

from boxguard.crypto.keys import Keyset
from boxguard.errors import ConfigError
from boxguard.kinds import Kind, all_kinds, get_kind
from boxguard.kinds._checks import luhn_ok
from boxguard.kinds._model import Category, Coarsening, Generalization, Permute
from boxguard.transform.base import Context
from boxguard.transform.fpe import EncryptFPE
from boxguard.transform.generalize import Generalize
from boxguard.transform.k_anonymize import ladder

CTX = Context(keyset=Keyset.generate())


def _kind(**rules: object) -> Kind:
    base = Kind(
        id="test_no", en="test number", zh="测试号", category=Category.BASIC, sensitive=False
    )
    return dataclasses.replace(base, **rules)  # type: ignore[arg-type]


#: What ciphertexts already written depend on: a kind that lost its declaration would
#: encrypt differently, and files masked before could no longer be unmasked.
FPE_RULES = {
    "cn_mobile": (3, False),
    "bank_card": (6, True),
    "imei": (8, True),
    "cn_resident_id": (6, True),
    "cn_landline": (3, False),
    "air_ticket_no": (3, False),
    "cn_uscc": (0, True),
}


def test_the_shipped_kinds_declare_their_fpe_rules() -> None:
    declared = {
        k.id: (k.fpe_keep_first, k.fpe_check_last)
        for k in all_kinds()
        if k.fpe_keep_first or k.fpe_check_last
    }
    assert declared == FPE_RULES
    assert [k.id for k in all_kinds() if k.fpe_special is not None] == ["cn_resident_id"]


@given(st.text("0123456789", min_size=10, max_size=16), st.integers(0, 4))
def test_fpe_keeps_the_digits_the_kind_keeps(value: str, keep: int) -> None:
    kind = _kind(fpe_keep_first=keep)
    out = EncryptFPE().apply(value, kind, CTX)
    assert out[:keep] == value[:keep]
    assert EncryptFPE().reverse(out, kind, CTX) == value


def _luhn(value: str) -> str:
    if not luhn_ok(value):
        raise ValueError("Luhn")
    return value


def test_fpe_recomputes_the_check_character_the_kind_declares() -> None:
    value = "4111111111111111"
    with_check = _kind(validate=_luhn, fpe_check_last=True)
    out = EncryptFPE().apply(value, with_check, CTX)
    assert luhn_ok(out)
    assert out != value
    assert EncryptFPE().reverse(out, with_check, CTX) == value
    # without the declaration the whole number is encrypted and walked until valid
    walked = EncryptFPE().apply(value, _kind(validate=_luhn), CTX)
    assert luhn_ok(walked)
    assert walked != out


def test_fpe_tries_the_kinds_own_encryption_first() -> None:
    seen: list[str] = []

    def special(value: str, permute: Permute) -> str | None:
        seen.append(value)
        return None if value.startswith("0") else value[:2] + permute(value[2:], b"t")

    kind = _kind(fpe_special=special)
    out = EncryptFPE().apply("1234567890", kind, CTX)
    assert out[:2] == "12"
    assert out != "1234567890"
    assert EncryptFPE().reverse(out, kind, CTX) == "1234567890"
    generic = EncryptFPE().apply("0234567890", kind, CTX)  # None: the generic digit path
    assert generic == EncryptFPE().apply("0234567890", _kind(), CTX)
    assert seen == ["1234567890", out, "0234567890"]


def test_generalize_applies_the_kinds_rule_with_the_operators_parameters() -> None:
    rule = Generalization(lambda v, how: v[: how.digits], (("two", Coarsening(digits=2)),))
    kind = _kind(generalize=rule)
    assert Generalize(digits=4).apply("ABCDEFG", kind, Context()) == "ABCD"
    lad = ladder("c", get_kind("postal_code").id)
    assert lad.names == ("as is", "5 digits", "4 digits", "3 digits", "2 digits", "*")
    assert [step("100020") for step in lad.steps] == [
        "100020",
        "100020",
        "100000",
        "100000",
        "100000",
        "*",
    ]


def test_a_kind_without_a_generalization_is_a_config_error_naming_those_with_one() -> None:
    with pytest.raises(ConfigError, match="address, birth_date, geo_coordinate, postal_code"):
        Generalize().apply("x", _kind(), Context())
    assert ladder("c", "cn_mobile").names == ("as is", "*")
    assert ladder("c", "not_a_kind").names == ("as is", "*")
