"""What is special about credential: a value assigned to a password label, never prose."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from boxguard import Scanner

#: One scanner per kind, so that no other kind takes a span from the one tested.
SCANNERS = {kind: Scanner(kinds=[kind], models=()) for kind in ("credential", "sms_code")}


def values(kind: str, text: str) -> list[str]:
    return [f.value for f in SCANNERS[kind].scan(text)]


def credentials(text: str) -> list[str]:
    return values("credential", text)


def sms_codes(text: str) -> list[str]:
    return values("sms_code", text)


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("密码：Abc12345", "Abc12345"),
        ("password=S3cret!", "S3cret!"),
        ("pwd: hunter2", "hunter2"),
        ("登录密码是qwe123456。", "qwe123456"),
        ("账号 zhangsan 密码 Abc@12345 谢谢", "Abc@12345"),  # a Chinese label needs no colon
        ("Password: secret", "secret"),  # with a separator a plain word is the value
        ("db_password=Xy9#kL", "Xy9#kL"),
        ("pwd hunter2", "hunter2"),  # no separator: a token with a digit is a value
        ("my password is P@ssw0rd, sorry", "P@ssw0rd"),
    ],
)
def test_assigned_secrets_are_found(text: str, value: str) -> None:
    assert credentials(text) == [value]


@pytest.mark.parametrize(
    "text",
    [
        "Password reset link sent",
        "password expired, please update",
        "Password is required",
        "Your password has been changed.",
        "pwd hello.",
        "bypass=true",  # 'pass' inside a word is not a label
        "compass: 1234",
    ],
)
def test_prose_after_password_is_not_a_secret(text: str) -> None:
    assert credentials(text) == []


@given(
    word=st.from_regex(r"[A-Za-z]{4,12}", fullmatch=True),
    label=st.sampled_from(["password", "Password", "PASSWORD", "pwd", "passwd", "pass"]),
    tail=st.sampled_from(["", ".", ",", " link sent", ", please update"]),
)
def test_a_plain_word_after_a_bare_english_label_is_prose(word: str, label: str, tail: str) -> None:
    assert credentials(f"{label} {word}{tail}") == []
    assert credentials(f"{label} is {word}{tail}") == []


@given(
    secret=st.from_regex(r"[A-Za-z0-9@#!_]{4,20}", fullmatch=True),
    form=st.sampled_from(
        ["password: {}", "password={}", "pwd：{}", "密码：{}", "密码 {}", "口令是{}"]
    ),
)
def test_a_secret_after_a_separator_or_chinese_label_is_found(secret: str, form: str) -> None:
    if secret.strip("xX") == "" or secret.lower() in {"none", "null"}:
        return  # placeholders are not secrets
    assert credentials(form.format(secret) + " ") == [secret]


# -- sms_code: "code" is a verification code alone or after a verification word ----------


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("验证码：385920", "385920"),
        ("【某行】验证码385920，5分钟内有效", "385920"),
        ("code: 385920", "385920"),
        ("SMS code 8841", "8841"),
        ("verify_code=771203", "771203"),
        ("Your verification code is 385920.", "385920"),
        ("OTP 12345678", "12345678"),
    ],
)
def test_verification_codes_are_found(text: str, value: str) -> None:
    assert sms_codes(text) == [value]


@given(
    word=st.sampled_from(["Error", "product", "postal", "area", "dept", "region", "item", "zip"]),
    sep=st.sampled_from([" ", "_", "-"]),
    digits=st.from_regex(r"[0-9]{4,8}", fullmatch=True),
    colon=st.sampled_from(["", ":", "：", " :"]),
)
def test_another_things_code_is_not_a_verification_code(
    word: str, sep: str, digits: str, colon: str
) -> None:
    assert sms_codes(f"{word}{sep}code{colon} {digits}") == []
    assert sms_codes(f"{word}code{colon} {digits}") == []  # barcode, zipcode
