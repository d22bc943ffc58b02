from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from boxguard import Scanner
from boxguard.crypto.keys import Keyset
from boxguard.errors import ConfigError
from boxguard.kinds import all_kinds, get_kind
from boxguard.transform import Context, apply_to_text, make_operator, operator_names

MOBILE = get_kind("cn_mobile")
GENERATED = [k for k in all_kinds() if k.generate is not None]


def test_every_operator_is_buildable_without_parameters() -> None:
    for name in operator_names():
        assert make_operator(name).name == name


def test_unknown_parameter_is_a_config_error_naming_the_good_ones() -> None:
    with pytest.raises(ConfigError, match="keep_first"):
        make_operator("mask", keep_firts=3)


def test_keyed_operators_need_a_key() -> None:
    for name in ("pseudonymize", "surrogate"):
        with pytest.raises(ConfigError, match="needs a keyset"):
            make_operator(name).apply("13812345678", MOBILE, Context())


@pytest.mark.parametrize("kind", GENERATED, ids=lambda k: k.id)
@given(seed=st.integers(0, 2**32))
def test_surrogates_validate_and_are_consistent_per_key(kind, seed: int) -> None:  # type: ignore[no-untyped-def]
    import random

    value = kind.generate(random.Random(seed))
    ks = Keyset.generate()
    a = make_operator("surrogate").apply(value, kind, Context(keyset=ks))
    b = make_operator("surrogate").apply(value, kind, Context(keyset=ks))
    assert a == b
    if kind.validate is not None:
        assert kind.is_valid(a)


def test_pseudonyms_differ_across_keys_and_values() -> None:
    k1, k2 = Context(keyset=Keyset.generate()), Context(keyset=Keyset.generate())
    op = make_operator("pseudonymize")
    assert op.apply("13812345678", MOBILE, k1) != op.apply("13812345678", MOBILE, k2)
    assert op.apply("13812345678", MOBILE, k1) != op.apply("13912345678", MOBILE, k1)


@given(st.lists(st.sampled_from(["13812345678", "13912345678", "13312345678"]), max_size=20))
def test_tokens_round_trip_through_the_store(values: list[str]) -> None:
    ctx = Context()
    op = make_operator("tokenize")
    tokens = [op.apply(v, MOBILE, ctx) for v in values]
    assert [ctx.tokens.value_of(t) for t in tokens] == values
    assert len(set(tokens)) == len(set(values))


def test_apply_to_text_changes_only_the_spans() -> None:
    text = "订单A-7 客户手机：13812345678，备用 139 1234 5678。谢谢"
    found = Scanner(kinds=["cn_mobile"]).scan(text)
    out = apply_to_text(text, found, lambda _f: make_operator("tag"), Context())
    assert out == "订单A-7 客户手机：[手机号1]，备用 [手机号2]。谢谢"


@given(seed=st.integers(0, 2**32))
def test_fpe_round_trips_and_stays_valid_for_mobiles(seed: int) -> None:
    import random

    value = MOBILE.generate(random.Random(seed))
    ctx = Context(keyset=Keyset.generate())
    op = make_operator("encrypt_fpe")
    ct = op.apply(value, MOBILE, ctx)
    assert MOBILE.is_valid(ct)
    assert ct[:3] == value[:3]
    assert op.reverse(ct, MOBILE, ctx) == value  # type: ignore[attr-defined]


def test_fpe_with_the_wrong_key_does_not_give_the_value_back() -> None:
    op = make_operator("encrypt_fpe")
    ct = op.apply("13812345678", MOBILE, Context(keyset=Keyset.generate()))
    assert op.reverse(ct, MOBILE, Context(keyset=Keyset.generate())) != "13812345678"  # type: ignore[attr-defined]


@given(seed=st.integers(0, 2**32))
def test_fpe_resident_ids_round_trip_and_stay_valid(seed: int) -> None:
    import random

    kind = get_kind("cn_resident_id")
    value = kind.generate(random.Random(seed))
    ctx = Context(keyset=Keyset.generate())
    op = make_operator("encrypt_fpe")
    ct = op.apply(value, kind, ctx)
    assert kind.is_valid(ct)
    assert ct[:6] == value[:6], "the region code is kept"
    assert op.reverse(ct, kind, ctx) == value  # type: ignore[attr-defined]


@pytest.mark.parametrize(
    ("name", "value", "kind"),
    [
        ("pseudonymize", "13812345678", "cn_mobile"),
        ("surrogate", "13812345678", "cn_mobile"),
        ("date_shift", "1990-05-17", "birth_date"),
    ],
)
def test_rotation_changes_keyed_outputs_unless_the_old_key_is_pinned(
    name: str, value: str, kind: str
) -> None:
    # fixed keys: with random ones a 1-in-731 date shift could coincide by chance
    old = Keyset({"k1": bytes(32)}, "k1")
    new = Keyset({"k1": bytes(32), "k2": b"\x01" * 32}, "k2")
    before = make_operator(name).apply(value, get_kind(kind), Context(keyset=old))
    after = make_operator(name).apply(value, get_kind(kind), Context(keyset=new))
    pinned = make_operator(name, key_id=old.primary_id).apply(
        value, get_kind(kind), Context(keyset=new)
    )
    assert after != before, "a new primary key gives new outputs (unlinkable epochs)"
    assert pinned == before, "pinning the old key id keeps the old outputs"
