"""Phone kinds: mainland mobiles, landlines and foreign numbers.

Validation uses Google's libphonenumber metadata (the ``phonenumbers``
package), which knows the allocated mainland segments.
"""

from __future__ import annotations

import random
import re

import phonenumbers

from boxguard.errors import ComponentError, FormatError, LengthError
from boxguard.kinds._masks import keep_ends
from boxguard.kinds._model import ALNUM_AFTER, ALNUM_BEFORE, Category, Kind, Pattern

_MOBILE_TYPES = frozenset(
    {phonenumbers.PhoneNumberType.MOBILE, phonenumbers.PhoneNumberType.FIXED_LINE_OR_MOBILE}
)
_NON_DIGITS = re.compile(r"[\s\-().·]")


def validate_cn_mobile(value: str) -> str:
    """Return the 11-digit mobile number or raise.

    >>> validate_cn_mobile("+86 138-1234-5678")
    '13812345678'
    >>> validate_cn_mobile("12012345678")
    Traceback (most recent call last):
    ...
    boxguard.errors.ComponentError: not an allocated mainland mobile segment
    """
    digits = _NON_DIGITS.sub("", value)
    for prefix in ("+86", "0086", "86"):
        if digits.startswith(prefix) and len(digits) == len(prefix) + 11:
            digits = digits[len(prefix) :]
            break
    if not digits.isdigit() or not digits.isascii():
        raise FormatError("a mobile number has only digits")
    if len(digits) != 11:
        raise LengthError("a mainland mobile number has 11 digits")
    num = phonenumbers.parse(digits, "CN")
    if not phonenumbers.is_valid_number(num) or phonenumbers.number_type(num) not in _MOBILE_TYPES:
        raise ComponentError("not an allocated mainland mobile segment")
    return digits


_MOBILE_PREFIXES = ("133", "135", "136", "138", "139", "150", "158", "177", "186", "189", "199")


def generate_cn_mobile(rng: random.Random) -> str:
    """A synthetic mobile number in an allocated segment.

    >>> validate_cn_mobile(generate_cn_mobile(random.Random(1))) is not None
    True
    """
    return rng.choice(_MOBILE_PREFIXES) + "".join(rng.choice("0123456789") for _ in range(8))


_MOBILE = (
    ALNUM_BEFORE + r"(?:(?:\+|00)86[ -]?|\(\+?86\) ?|86-)?1[3-9]\d(?:[ -]?\d{4}){2}" + ALNUM_AFTER
)

KINDS = (
    Kind(
        id="cn_mobile",
        en="mainland mobile number",
        zh="手机号",
        category=Category.BASIC,
        sensitive=False,
        patterns=(Pattern("mobile", _MOBILE, 0.6),),
        validate=validate_cn_mobile,
        check="segment",
        generate=generate_cn_mobile,
        context=(
            "手机",
            "电话",
            "联系方式",
            "mobile",
            "phone",
            "tel",
            "cell",
            "手机号",
            "号码",
            "致电",
        ),
        negative_context=("订单号", "单号", "流水号", "时间戳", "timestamp"),
        column_hints=("手机", "电话", "mobile", "phone", "tel", "联系方式"),
        mask=keep_ends(3, 4),
        examples=("13812345678", "+86 138 1234 5678", "(+86)199-1234-5678", "008617712345678"),
        counterexamples=("12012345678", "1381234567", "10086", "23812345678"),
        validated_score=0.85,
    ),
)
