from __future__ import annotations

import contextlib

import pytest
from hypothesis import example, given
from hypothesis import strategies as st

from boxguard.errors import ConfigError
from boxguard.transform.policy import load_policy

FULL = """\
default: mask
kinds:
  cn_mobile: {op: mask, keep_first: 3, keep_last: 4}
columns:
  收件人电话: {kind: cn_mobile, op: tokenize}
roles:
  courier:
    cn_mobile: tag
"""


def test_precedence_role_then_column_then_kind_then_default() -> None:
    p = load_policy(FULL)
    assert p.decide("cn_mobile", column="收件人电话", role="courier").op == "tag"
    assert p.decide("cn_mobile", column="收件人电话").op == "tokenize"
    assert p.decide("cn_mobile").params == {"keep_first": 3, "keep_last": 4}
    assert p.decide("cn_mobile", column="other").op == "mask"
    assert p.columns["收件人电话"].kind == "cn_mobile"


def test_specs_build_working_operators() -> None:
    from boxguard.kinds import get_kind
    from boxguard.transform import Context

    op = load_policy(FULL).decide("cn_mobile").build()
    assert op.apply("13812345678", get_kind("cn_mobile"), Context()) == "138****5678"


@pytest.mark.parametrize(
    ("text", "line", "fragment"),
    [
        ("default: mask\nkinds:\n  cn_mobile: {op: scramble}\n", 3, "unknown operator 'scramble'"),
        ("default: mask\nkinds:\n  no_such_kind: mask\n", 2, "unknown kind 'no_such_kind'"),
        ("default: mask\nkinds:\n  cn_mobile: {op: mask, keep_firts: 3}\n", 3, "keep_first"),
        ("default: mask\nroles:\n  courier:\n    nope: mask\n", 2, "unknown kind 'nope'"),
        ("default: mask\ncolums: {}\n", 2, "Extra inputs"),
        ("default: [unclosed\n", 2, "not valid YAML"),
        ("- a list\n", 1, "a policy is a mapping"),
    ],
)
def test_bad_policies_name_line_and_problem(text: str, line: int, fragment: str) -> None:
    with pytest.raises(ConfigError) as err:
        load_policy(text, source="p.yaml")
    assert f"p.yaml line {line}" in str(err.value)
    assert fragment in str(err.value)


def test_unknown_role_is_a_config_error() -> None:
    with pytest.raises(ConfigError, match="role 'clerk'"):
        load_policy(FULL).decide("cn_mobile", role="clerk")


@given(st.text(max_size=200))
@example("0000-00-00")  # CI: a YAML date out of range was a ValueError
@example("a: 2024-13-45")
def test_arbitrary_text_is_a_policy_or_a_config_error(text: str) -> None:
    with contextlib.suppress(ConfigError):
        load_policy(text)
