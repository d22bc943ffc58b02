"""What is special about email, wechat_id and qq_number."""

from __future__ import annotations

import random
from collections.abc import Callable

import pytest
from hypothesis import given
from hypothesis import strategies as st

from boxguard import Scanner
from boxguard.errors import ValidationError
from boxguard.kinds import get_kind
from boxguard.kinds.network import validate_email, validate_qq_number, validate_wechat_id

NETWORK = Scanner(kinds=["email", "wechat_id", "qq_number"], models=())


def found(text: str, scanner: Scanner = NETWORK) -> set[tuple[str, str]]:
    return {(f.kind, f.value) for f in scanner.scan(text)}


# -- email ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("邮箱：123456@qq.com", "123456@qq.com"),
        ("mail: user@sub.domain.org, hi", "user@sub.domain.org"),
        ("发到zhang.san@example.com.cn。", "zhang.san@example.com.cn"),
        ("email li_wei+tag@163.com", "li_wei+tag@163.com"),
        ("邮箱：ｚｈａｎｇ＠ｑｑ．ｃｏｍ", "ｚｈａｎｇ＠ｑｑ．ｃｏｍ"),  # full-width
    ],
)
def test_email_found(text: str, value: str) -> None:
    assert ("email", value) in found(text)


@pytest.mark.parametrize(
    "text", ["foo@bar", "邮箱 zhang@qq.c0m", "@qq.com", "a..b@qq.com", "版本 v1.2@3.4", "x@y.z"]
)
def test_email_silent(text: str) -> None:
    assert "email" not in {k for k, _ in found(text)}


@pytest.mark.parametrize("text", ["QQ：123456@qq.com", "QQ号 2876543210@qq.com 联系"])
def test_qq_mail_is_one_email_not_a_qq_number(text: str) -> None:
    both = Scanner(kinds=["email", "qq_number"], models=())
    findings = both.scan(text)
    assert [f.kind for f in findings] == ["email"]
    assert findings[0].value.endswith("@qq.com")


def test_qq_mail_with_every_kind_enabled() -> None:
    findings = Scanner(models=()).scan("QQ号：123456789@qq.com")
    assert [(f.kind, f.value) for f in findings] == [("email", "123456789@qq.com")]


def test_email_mask() -> None:
    assert get_kind("email").mask("zhangsan@qq.com") == "z***@qq.com"
    assert get_kind("email").mask("123456@qq.com") == "1***@qq.com"


# -- wechat_id ------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("微信号：zhang_san88", "zhang_san88"),
        ("微信号zhangsan88", "zhangsan88"),
        ("加我微信 Lily2024 哦", "Lily2024"),
        ("vx：Lily_2024", "Lily_2024"),
        ("加V: Lily2024", "Lily2024"),
        ("V信 abcdef", "abcdef"),
        ("weixin: zhang-san88", "zhang-san88"),
        ("WeChat ID: Lily2024", "Lily2024"),
        ("wechat_id=Lily2024", "Lily2024"),
        ("对方 wxid_abc123xyz 已添加", "wxid_abc123xyz"),  # wxid_ needs no label
        ("微信：zhang_san88.", "zhang_san88"),
    ],
)
def test_wechat_found(text: str, value: str) -> None:
    assert ("wechat_id", value) in found(text)


@pytest.mark.parametrize(
    "text",
    [
        "zhang_san88",  # no WeChat context
        "I use wxWidgets library",  # wx glued to a word is not a label
        "微信 zhang",  # too short
        "微信 1abcdef",  # must start with a letter
        "wx: abc",
        "微信：13812345678",  # a number after 微信 is a phone, not an id
    ],
)
def test_wechat_silent(text: str) -> None:
    assert "wechat_id" not in {k for k, _ in found(text)}


def test_wechat_label_outside_span() -> None:
    text = "微信号：zhang_san88，备注"
    (f,) = NETWORK.scan(text)
    assert text[f.start : f.end] == "zhang_san88"


# -- qq_number ------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("QQ号：123456789", "123456789"),
        ("qq号码 123456789", "123456789"),
        ("扣扣 2876543210", "2876543210"),
        ("Q号:10001", "10001"),
        ("QQ:12345", "12345"),
        ("ＱＱ：１２３４５６７８９", "１２３４５６７８９"),
    ],
)
def test_qq_found(text: str, value: str) -> None:
    assert ("qq_number", value) in found(text)


@pytest.mark.parametrize(
    "text",
    [
        "123456789",  # no QQ context
        "QQ 01234",  # starts with 0
        "QQ 1234",  # too short
        "QQ 123456789012",  # too long
        "MQQ 123456",  # QQ inside a word
        "订单号 123456789",
    ],
)
def test_qq_silent(text: str) -> None:
    assert "qq_number" not in {k for k, _ in found(text)}


# -- properties -----------------------------------------------------------------


@pytest.mark.parametrize("validate", [validate_email, validate_wechat_id, validate_qq_number])
@given(text=st.text(max_size=40))
def test_validators_raise_only_validation_errors(validate: Callable[[str], str], text: str) -> None:
    try:
        out = validate(text)
    except ValidationError:
        return
    assert out


@given(
    user=st.from_regex(r"[a-z0-9][a-z0-9._]{0,10}[a-z0-9]", fullmatch=True),
    domain=st.sampled_from(["qq.com", "163.com", "example.com.cn", "gmail.com"]),
)
def test_email_shape_validates_and_is_found(user: str, domain: str) -> None:
    value = f"{user}@{domain}"
    if ".." in value:
        with pytest.raises(ValidationError):
            validate_email(value)
        return
    assert validate_email(value) == value
    assert ("email", value) in found(f"邮箱：{value}，谢谢")


@given(value=st.from_regex(r"[A-Za-z][A-Za-z0-9_-]{5,19}", fullmatch=True))
def test_wechat_shape_validates_and_is_found(value: str) -> None:
    assert validate_wechat_id(value) == value
    assert ("wechat_id", value) in found(f"微信号：{value} 谢谢")


@given(number=st.integers(min_value=10**4, max_value=10**11 - 1))
def test_qq_range(number: int) -> None:
    assert validate_qq_number(str(number)) == str(number)
    assert ("qq_number", str(number)) in found(f"QQ号：{number}")


@given(seed=st.integers(min_value=0, max_value=2**32))
def test_generated_values_validate(seed: int) -> None:
    rng = random.Random(seed)
    for kind_id in ("email", "wechat_id", "qq_number"):
        kind = get_kind(kind_id)
        assert kind.generate is not None
        assert kind.validate is not None
        kind.validate(kind.generate(rng))


def test_email_after_a_wechat_label_is_one_email() -> None:
    findings = Scanner(models=()).scan("微信：zhangsan88@qq.com")
    assert [(f.kind, f.value) for f in findings] == [("email", "zhangsan88@qq.com")]
