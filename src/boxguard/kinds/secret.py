"""Secrets: passwords and SMS verification codes (the 'phone + code' pairs sold on)."""

from __future__ import annotations

import random
import re

from boxguard.kinds._checks import FormatError, require
from boxguard.kinds._masks import hide_all
from boxguard.kinds._model import Category, Kind, Pattern


def validate_credential(value: str) -> str:
    """A secret of 4–64 visible characters that is not a placeholder.

    >>> validate_credential("Abc@12345")
    'Abc@12345'
    """
    require(
        4 <= len(value) <= 64 and not any(c.isspace() for c in value), FormatError, "not a secret"
    )
    require(value.strip("*•·xX") != "", FormatError, "a masked placeholder is not a secret")
    require(value.lower() not in {"none", "null", "****", "空", "无"}, FormatError, "placeholder")
    return value


def validate_sms_code(value: str) -> str:
    """4–8 digits.

    >>> validate_sms_code("385920")
    '385920'
    """
    require(bool(re.fullmatch(r"[0-9]{4,8}", value)), FormatError, "an SMS code has 4 to 8 digits")
    return value


def generate_credential(rng: random.Random) -> str:
    chars = "abcdefghijkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789@#!_"
    return "".join(rng.choice(chars) for _ in range(rng.randrange(8, 14)))


_ZH_LABEL = r"(?:登录密码|支付密码|密码|口令)"
_EN_LABEL = r"(?<![A-Za-z])(?i:password|passwd|pwd|pass)(?![A-Za-z])(?:\s+is)?"
#: A credential is a value assigned to a label: after a separator (``password: X``,
#: ``密码=X``) or a Chinese label (``密码 X``, ``密码是X``: ASCII after Chinese is not
#: prose) any token; after a bare English label only a token with a digit or a symbol,
#: as in ``password reset link sent``, ``password expired`` the next word is prose.
_ASSIGNED = (
    rf"(?:{_ZH_LABEL}(?:是|为)?\s*[:=：]?|{_EN_LABEL}\s*[:=：])\s*"
    r"(?P<value>[!-~]{4,64})(?<![,.;，。])"
)
_AFTER_WORD = (
    rf"{_EN_LABEL}\s+(?P<value>(?=[!-~]{{4}})[A-Za-z]*[0-9!@#$%^&*_+=?~][!-~]*)(?<![,.;，。])"
)

#: ``code`` labels a verification code alone or after a verification word (``SMS code``,
#: ``verify_code``, ``your code is``); after another word it is that thing's code
#: (``Error code: 1234``, ``postal code 518000``, ``product code``).
_EN_CODE_LABEL = (
    r"(?<![A-Za-z0-9_])(?i:(?:verification|verify|sms|security|login|auth|one[ -]time|your)"
    r"[ _-]?code|(?<![A-Za-z0-9][ _-])code|otp)(?![A-Za-z])(?:\s+is)?"
)


KINDS = (
    Kind(
        id="credential",
        en="password or passphrase",
        zh="账号口令",
        category=Category.NETWORK_IDENTITY,
        sensitive=True,
        patterns=(
            Pattern("password_labelled", _ASSIGNED, 0.85),
            Pattern("password_word", _AFTER_WORD, 0.85),
        ),
        validate=validate_credential,
        check="label:password",
        context=("密码", "口令", "password", "pwd", "passwd"),
        column_hints=("密码", "口令", "password", "passwd", "pwd", "secret"),
        mask=hide_all,
        generate=generate_credential,
        examples=("Abc@12345", "qwe123456", "P@ssw0rd!2024"),
        counterexamples=("abc", "********", "has space"),
    ),
    Kind(
        id="sms_code",
        en="SMS verification code",
        zh="短信验证码",
        category=Category.COMMUNICATION,
        sensitive=True,
        patterns=(
            Pattern(
                "sms_labelled",
                rf"(?:(?:验证码|校验码|动态码|动态密码|短信码)(?:是|为)?|{_EN_CODE_LABEL}"
                # chat shorthand: yzm (验证码's initials), a bare 码 (not 取件码, 密码, 号码)
                r"|(?<![A-Za-z])(?i:yzm)(?![A-Za-z])|[\s>*:：,，;；|\-]码)\s*[:=：]?\s*"
                # not the first group of a spaced digit run (an invoice's 20-digit 校验码)
                r"(?P<value>[0-9]{4,8})(?![0-9]| [0-9]{3,})",
                0.85,
            ),
            # the resale pair line: a mobile, then its code (``> 13912345678 4821 ok``)
            Pattern(
                "sms_phone_pair",
                r"(?<![^\n])[>\-*]?[ \t]*(?:\+?86)?1[3-9][0-9]{9}[ \t]+(?P<value>[0-9]{4,6})"
                r"(?=[ \t]+[^\s0-9]|[ \t]*(?![^\n]))",
                0.75,
            ),
        ),
        validate=validate_sms_code,
        check="label:code",
        context=("验证码", "校验码", "动态码", "code", "yzm"),
        # "code" alone names the column; product_code, area_code are someone else's code
        column_hints=(
            "验证码",
            "校验码",
            "动态码",
            "code",
            "sms_code",
            "verify_code",
            "verification_code",
            "vcode",
            "otp",
            "captcha",
        ),
        mask=hide_all,
        generate=lambda rng: f"{rng.randrange(10**5, 10**6)}",
        examples=("385920", "8841", "12345678"),
        counterexamples=("123", "123456789", "12ab"),
        priority=1,
    ),
)
