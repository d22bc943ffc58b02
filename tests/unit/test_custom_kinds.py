"""An organization's own kinds ([[kind]] in boxguard.toml, custom_kind in Python)."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from hypothesis import given
from hypothesis import strategies as st
from stdnum import luhn

from boxguard import Scanner
from boxguard.errors import ConfigError
from boxguard.kinds import custom_kind, get_kind, kind_ids, register_kind, unregister_kind

MEMBER = {
    "id": "member_card",
    "zh": "会员卡号",
    "pattern": r"(?<![0-9])[0-9]{12}(?![0-9])",
    "context": ["会员卡"],
    "context_required": True,
    "check": "luhn",
    "sensitive": True,
    "category": "property",
}
EMPLOYEE = {"id": "employee_no", "pattern": [r"EMP[0-9]{6}", r"YG-[0-9]{4}"], "context": ["工号"]}


@pytest.fixture(scope="module")
def scanner() -> Iterator[Scanner]:
    for spec in (MEMBER, EMPLOYEE):
        register_kind(custom_kind(spec))
    try:
        yield Scanner(kinds=["member_card", "employee_no", "bank_card"], models=())
    finally:
        unregister_kind("member_card")
        unregister_kind("employee_no")


def test_found_with_its_context_and_shown_masked(scanner: Scanner) -> None:
    (f,) = scanner.scan("员工工号：EMP204817 已登记")
    assert (f.kind, f.value, f.preview) == ("employee_no", "EMP204817", "EM*****17")
    assert f.evidence == ("pattern:custom_0", "context:工号")
    assert f.score == pytest.approx(0.8)  # 0.6 + the context word
    (g,) = scanner.scan("换卡 YG-0042")  # a second pattern, no context word
    assert (g.kind, g.score) == ("employee_no", 0.6)
    assert "employee_no" in kind_ids()


@given(st.text(alphabet="0123456789", min_size=11, max_size=11))
def test_a_check_digit_decides_and_context_is_required(scanner: Scanner, body: str) -> None:
    good = body + luhn.calc_check_digit(body)
    bad = body + str((int(luhn.calc_check_digit(body)) + 1) % 10)
    (f,) = scanner.scan(f"会员卡：{good}")
    assert (f.kind, f.evidence[-2:]) == ("member_card", ("checksum:Luhn", "context:会员卡"))
    assert scanner.scan(f"会员卡：{bad}") == []
    assert scanner.scan(f"流水 {good}") == []  # no context word: not reported


def test_a_custom_kind_never_replaces_a_shipped_one() -> None:
    with pytest.raises(ConfigError, match="exists already"):
        register_kind(custom_kind({"id": "cn_mobile", "pattern": "1[0-9]{10}"}))
    with pytest.raises(ConfigError, match="shipped"):
        unregister_kind("cn_mobile")
    assert get_kind("cn_mobile").zh == "手机号"


@pytest.mark.parametrize(
    ("spec", "says"),
    [
        ({"id": "Bad Id", "pattern": "x"}, "id: String should match pattern"),
        ({"id": "ok_id", "pattern": "(x"}, "pattern: Value error, pattern does not compile"),
        ({"id": "ok_id", "pattern": "x", "colour": "red"}, "colour: Extra inputs"),
        ({"id": "ok_id", "pattern": "x", "score": 1.5}, "score: Input should be less than"),
        ({"id": "ok_id", "pattern": "x", "check": "md5"}, "check: Input should be 'luhn'"),
        ({"id": "ok_id", "pattern": []}, "pattern: List should have at least 1 item"),
        ({"id": "ok_id", "pattern": "x", "category": "misc"}, "category: Input should be"),
        ({"pattern": "x"}, "id: Field required"),
    ],
)
def test_a_bad_spec_is_one_config_error(spec: dict, says: str) -> None:  # type: ignore[type-arg]
    with pytest.raises(ConfigError) as err:
        custom_kind(spec)
    assert str(err.value).startswith(says)


@pytest.mark.parametrize(
    ("pattern", "says"),
    [
        (r"tok_[A-Za-z0-9]{100,5000}", "may match up to 5004 characters; at most 256"),
        (r"tok_[A-Za-z0-9]+", "may match any number of characters"),
        (r"x*", "matches the empty string"),
        ("", "matches the empty string"),
    ],
)
def test_a_pattern_must_fit_the_scanner_s_margin(pattern: str, says: str) -> None:
    """A window reads 512 characters past its edge: a longer value would be cut there."""
    with pytest.raises(ConfigError, match="pattern") as err:
        custom_kind({"id": "api_token", "pattern": pattern})
    assert says in str(err.value)


def test_a_kind_that_could_never_fire_is_refused() -> None:
    with pytest.raises(ConfigError, match="context_required needs context words"):
        custom_kind({"id": "member_no", "pattern": "M[0-9]{8}", "context_required": True})
    spec = {"id": "member_no", "pattern": "M[0-9]{8}", "context_required": True, "context": [""]}
    with pytest.raises(ConfigError, match=r"context\.0: String should have at least 1"):
        custom_kind(spec)  # an empty word would be found everywhere
    with pytest.raises(ConfigError, match="keep"):
        custom_kind({"id": "member_no", "pattern": "M[0-9]{8}", "keep": [-1, 100]})


def test_luhn_reads_the_digits_of_a_prefixed_number() -> None:
    kind = custom_kind({"id": "member_card", "pattern": r"MC[0-9]{16}", "check": "luhn"})
    body = "123456789012345"
    good = "MC" + body + luhn.calc_check_digit(body)
    assert kind.is_valid(good)
    assert not kind.is_valid(good[:-1] + str((int(good[-1]) + 1) % 10))


def test_a_hinted_column_is_context_for_a_custom_kind() -> None:
    spec = {
        "id": "member_no",
        "pattern": r"M[0-9]{8}",
        "context": ["会员号"],
        "context_required": True,
        "column_hints": ["会员号", "member_no"],
    }
    register_kind(custom_kind(spec))
    try:
        s = Scanner(kinds=["member_no"], models=())
        assert s.scan("M20240001") == []  # bare: no context
        (f,) = s.scan_cell("M20240001", frozenset({"member_no"}))
        assert (f.kind, f.evidence) == ("member_no", ("column-hint", "shape"))
        assert s.scan_cell("M2024000", frozenset({"member_no"})) == []  # not the shape
    finally:
        unregister_kind("member_no")


def test_column_hints_of_a_kind_registered_later_are_seen() -> None:
    """``hinted_kinds`` keeps each column's answer; registering or removing a kind renews
    it (a wide table asks for a column's hints at every row)."""
    from boxguard.detect.table import hinted_kinds
    from boxguard.kinds import custom_kind, register_kind, unregister_kind

    assert "member_no" not in hinted_kinds("会员卡号")
    register_kind(
        custom_kind({"id": "member_no", "pattern": r"VIP\d{8}", "column_hints": ["会员卡号"]})
    )
    try:
        assert "member_no" in hinted_kinds("会员卡号")
    finally:
        unregister_kind("member_no")
    assert "member_no" not in hinted_kinds("会员卡号")


@given(st.text(alphabet="0123456789", min_size=11, max_size=11))
def test_fpe_of_a_custom_kind_keeps_what_its_pattern_fixes(body: str) -> None:
    """QA: FPE of 8888… lost the 8888, so the pattern no longer matched the ciphertext and
    unmask restored nothing (exit 0). The fixed digits stay, the walk stays in the class."""
    from boxguard.crypto.keys import Keyset
    from boxguard.transform.base import Context
    from boxguard.transform.fpe import EncryptFPE

    kind = custom_kind(
        {"id": "member_card", "pattern": r"\b8888\d{12}\b", "check": "luhn", "keep": [4, 4]}
    )
    value = "8888" + body + luhn.calc_check_digit("8888" + body)
    ctx = Context(keyset=Keyset.generate())
    ct = EncryptFPE().apply(value, kind, ctx)
    assert ct.startswith("8888")
    assert kind.is_valid(ct)
    assert kind.fpe_shape is not None
    assert kind.fpe_shape(ct) == 4
    assert EncryptFPE().reverse(ct, kind, ctx) == value


def test_a_cell_holding_a_custom_value_in_text_is_encrypted_where_the_value_is() -> None:
    """QA: 卡8888… passed Luhn as a whole cell, so FPE took the whole cell (the 8888 lost);
    a custom kind's cell is one value only when its pattern matches it whole."""
    from boxguard.crypto.keys import Keyset
    from boxguard.transform.base import Context
    from boxguard.transform.engine import Desensitizer
    from boxguard.transform.policy import load_policy

    register_kind(custom_kind({"id": "club_card", "pattern": r"\b8888\d{12}\b", "check": "luhn"}))
    try:
        policy = load_policy("default: mask\nkinds:\n  club_card: encrypt_fpe")
        engine = Desensitizer(
            Scanner(kinds=["club_card"], models=()), policy, Context(keyset=Keyset.generate())
        )
        value = "8888123456789015"
        out = engine.whole_cell("club_card", "备注")("卡" + value)
        assert out.startswith("卡8888")
        assert out != "卡" + value
        assert [f.kind for f in engine.scanner.scan(out)] == ["club_card"]
    finally:
        unregister_kind("club_card")


def test_a_pattern_too_large_for_the_core_is_a_config_error() -> None:
    """QA: 5,000 alternatives passed the spec's checks, then stopped scan with an internal
    error (PCRE2: regular expression is too large)."""
    words = "|".join(f"w{i:05d}" for i in range(5000))
    register_kind(custom_kind({"id": "huge_list", "pattern": words}))
    try:
        with pytest.raises(ConfigError, match="too large"):
            Scanner(kinds=["huge_list"], models=(), native=True)
    finally:
        unregister_kind("huge_list")
