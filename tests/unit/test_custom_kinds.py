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
