"""Phone kinds: mainland mobiles, landlines and foreign numbers.

Validation uses Google's libphonenumber metadata (the ``phonenumbers``
package), which knows the allocated mainland segments.
"""

from __future__ import annotations

import random
import re
from collections.abc import Callable
from functools import cache, lru_cache
from typing import TYPE_CHECKING

from boxguard.accel import native as _native
from boxguard.errors import ComponentError, FormatError, LengthError, ValidationError
from boxguard.kinds._checks import draw_valid
from boxguard.kinds._lazy import lazy_re
from boxguard.kinds._masks import isdigit_ranges, keep_ends, run_twin
from boxguard.kinds._model import (
    ALNUM_AFTER,
    ALNUM_BEFORE,
    DIGIT_AFTER,
    Category,
    Kind,
    Pattern,
)

if TYPE_CHECKING:
    import phonenumbers

_NON_DIGITS = lazy_re(r"[\s\-().·]")


def validate_cn_mobile(value: str) -> str:
    """Return the 11-digit mobile number or raise.

    >>> validate_cn_mobile("+86 138-1234-5678"), validate_cn_mobile("149 2220 1418")
    ('13812345678', '14922201418')
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
    if not (_cn_number_is("mobile", digits) or digits.startswith(_SEGMENTS_AFTER_METADATA)):
        raise ComponentError("not an allocated mainland mobile segment")
    return digits


#: Segments MIIT allocated that libphonenumber's metadata does not list as mobile yet
#: (149: China Telecom, data and voice).
_SEGMENTS_AFTER_METADATA = ("149",)


@lru_cache(maxsize=2)
def _cn_desc(number_type: str) -> tuple[re.Pattern[str], re.Pattern[str]]:
    import phonenumbers  # ~15 ms: only when a number is validated in Python

    md = phonenumbers.PhoneMetadata.metadata_for_region("CN")
    if md is None or md.general_desc is None:  # pragma: no cover - shipped metadata
        raise ComponentError("libphonenumber has no CN metadata")
    desc = getattr(md, number_type)
    return (
        re.compile(md.general_desc.national_number_pattern or "(?!)"),
        re.compile(desc.national_number_pattern or "(?!)"),
    )


def _cn_number_is(number_type: str, national: str) -> bool:
    """Whether a mainland national number (no trunk 0) is valid and of ``number_type``.

    libphonenumber's own CN metadata, read once: the same answer as
    ``parse`` + ``is_valid_number`` + ``number_type`` (a test compares them on
    every 6-digit prefix), ~50× faster, and it never raises on carrier prefixes
    such as 179xx that make ``parse`` throw.

    >>> _cn_number_is("mobile", "13812345678"), _cn_number_is("fixed_line", "1065529988")
    (True, True)
    """
    general, specific = _cn_desc(number_type)
    return general.fullmatch(national) is not None and specific.fullmatch(national) is not None


_MOBILE_PREFIXES = ("133", "135", "136", "138", "139", "150", "158", "177", "186", "189", "199")


def generate_cn_mobile(rng: random.Random) -> str:
    """A synthetic mobile number in an allocated segment.

    >>> validate_cn_mobile(generate_cn_mobile(random.Random(1))) is not None
    True
    """
    return rng.choice(_MOBILE_PREFIXES) + "".join(rng.choice("0123456789") for _ in range(8))


_MOBILE = (
    ALNUM_BEFORE
    + r"(?:(?:\+|00)86[ -]?|\(\+?86\) ?|86-)?1[3-9]\d(?:[ -]?\d{4}){2}"
    + ALNUM_AFTER
    + r"(?!\.[0-9])"  # 13812345678.00 is an amount
)

_SERVICE = lazy_re(r"(?:400|800)\d{7}|95\d{3,6}|12\d{3}|100\d{2}|1[12]0|119|122")


def validate_cn_landline(value: str) -> str:
    """Area code + 7–8 digit local number (extension allowed); service numbers rejected.

    >>> validate_cn_landline("(010) 6552-9988"), validate_cn_landline("0755-86013388转123")
    ('01065529988', '075586013388')
    >>> validate_cn_landline("0571-87654321-8001")
    '057187654321'
    >>> validate_cn_landline("0755-8601338")  # a 7-digit number of Shenzhen's, as once written
    '07558601338'
    >>> validate_cn_landline("0301-8601338")
    Traceback (most recent call last):
    ...
    boxguard.errors.ComponentError: not a personal landline (service number or unknown area)
    """
    main = re.split(r"转|分机|ext\.?|x|#", value, maxsplit=1, flags=re.IGNORECASE)[0].strip()
    digits = _NON_DIGITS.sub("", main)
    dash_ext = re.search(r"-[0-9]{1,5}$", main)
    if dash_ext and len(digits) > 12:  # 0571-87654321-8001: the last group is an extension
        digits = _NON_DIGITS.sub("", main[: dash_ext.start()])
    if digits.startswith("+86"):
        digits = "0" + digits[3:]
    elif digits.startswith("0086"):
        digits = "0" + digits[4:]
    if not digits.isdigit() or not digits.isascii() or not digits.startswith("0"):
        raise FormatError("a landline starts with its area code 0xx(x)")
    if not 10 <= len(digits) <= 12:
        raise LengthError("area code + 7 or 8 digits")
    if _SERVICE.fullmatch(digits[1:]) or _SERVICE.fullmatch(digits):
        raise ComponentError("not a personal landline (service number or unknown area)")
    if digits[1] == "0" or not (_cn_number_is("fixed_line", digits[1:]) or _local_plan(digits[1:])):
        raise ComponentError("not a personal landline (service number or unknown area)")
    return digits


def _local_plan(national: str) -> bool:
    """A known area code, and a local number of 7 or 8 digits that starts 2–9.

    libphonenumber also knows which local ranges are allocated, and those move; so does
    the length of an area's numbers (Shenzhen's went from 7 to 8 digits, and many cities
    since), while old records, forms and leaks keep the length they were written with:
    a number of either length under a known area code is a landline to mask.

    >>> _local_plan("3514573903"), _local_plan("7558601338"), _local_plan("10123456")
    (True, True, False)
    >>> _local_plan("3018601338")  # no such area code
    False
    """
    cut = 2 if national[0] in "12" else 3
    area, local = national[:cut], national[cut:]
    return (
        local[:1] in tuple("23456789")
        and len(local) in (7, 8)
        and (_plan_has(area, 7) or _plan_has(area, 8))
    )


@lru_cache(maxsize=1024)
def _plan_has(area: str, length: int) -> bool:
    """Whether libphonenumber knows fixed lines of ``length`` local digits in this area."""
    if length not in (7, 8):
        return False
    return any(
        _cn_number_is("fixed_line", area + head + fill * (length - 2))
        for head in (f"{a}{b}" for a in "23456789" for b in "0123456789")
        for fill in "0518"
    )


def mask_cn_landline(value: str) -> str:
    """Keep the area code and the last four digits of the local number.

    >>> mask_cn_landline("010-65529988"), mask_cn_landline("(0755)86013388转123")
    ('010-****9988', '(0755)****3388转123')
    >>> mask_cn_landline("+86 10 6552 9988")
    '+86 10 **** 9988'
    """
    return run_twin(_native_landline(), value, mask_cn_landline_reference)


@cache
def _native_landline() -> Callable[[str], str] | None:
    """The native twin of :func:`mask_cn_landline`, with Python's ``str.isdigit`` table."""
    return None if _native is None else _native.NativeMask.cn_landline(list(isdigit_ranges())).mask


def mask_cn_landline_reference(value: str) -> str:
    """The Python reference of :func:`mask_cn_landline` (the test oracle).

    >>> mask_cn_landline_reference("0571-87654321-8001")
    '0571-****4321-8001'
    """
    digits = [i for i, c in enumerate(value) if c.isdigit()]
    head = value.lstrip()
    skip = 2 if head.startswith("+86") else 4 if head.startswith("0086") else 0
    rest = digits[skip:]
    if not rest:
        return value
    lead = 1 if value[rest[0]] in "0０" else 0
    area = lead + (2 if len(rest) > lead and value[rest[lead]] in "12１２" else 3)
    main_end = len(re.split(r"转|分机|ext|x|#", value, maxsplit=1, flags=re.IGNORECASE)[0])
    local = [i for i in rest[area:] if i < main_end]
    dash_ext = re.search(r"-[0-9]{1,5}$", value[:main_end])
    if dash_ext and len(local) > 8:  # 0571-87654321-8001: the last group is an extension
        local = [i for i in local if i < dash_ext.start()]
    hidden = set(local[: max(len(local) - 4, 0)])
    return "".join("*" if i in hidden else c for i, c in enumerate(value))


_BIG_CITY_AREAS = ("010", "021", "020", "0755", "0571", "028")  # 8-digit local plans


def generate_cn_landline(rng: random.Random) -> str:
    """A synthetic landline in a big city's 8-digit plan, in one of three writings.

    >>> validate_cn_landline(generate_cn_landline(random.Random(3))).startswith("0")
    True
    """
    # a few local ranges (e.g. 8006 in Beijing) are not fixed lines: draw again
    return draw_valid(rng, _landline_candidate, _allocated_landline)


def _allocated_landline(value: str) -> str:
    """``validate_cn_landline`` restricted to libphonenumber's allocated fixed-line ranges."""
    digits = validate_cn_landline(value)
    if not _cn_number_is("fixed_line", digits[1:]):
        raise ComponentError("not in an allocated range")
    return digits


def _landline_candidate(rng: random.Random) -> str:
    area = rng.choice(_BIG_CITY_AREAS)
    local = rng.choice("2345678") + "".join(rng.choice("0123456789") for _ in range(7))
    return rng.choice([f"{area}-{local}", f"({area}){local}", f"{area}{local}"])


def validate_intl_phone(value: str) -> str:
    """A number with an explicit country code other than +86, valid for that country.

    >>> validate_intl_phone("+1 415-555-2671"), validate_intl_phone("+852 9123 4567")
    ('+14155552671', '+85291234567')
    """
    v = value.strip()
    if v.startswith("00"):
        v = "+" + v[2:]
    elif v.startswith("("):  # (852) 5355 4697
        v = "+" + v[1:].replace(")", " ", 1)
    if not v.startswith("+"):
        raise FormatError("an international number starts with + and its country code")
    import phonenumbers  # ~15 ms: only when a foreign number is validated

    try:
        num = phonenumbers.parse(v, None)
    except phonenumbers.NumberParseException:
        raise FormatError("not a phone number") from None
    if num.country_code == 86:
        raise ComponentError("mainland numbers are cn_mobile / cn_landline")
    # the plan first: it holds every number libphonenumber calls valid but a few, and
    # costs a third as much (185 synthetic foreign numbers: 0.42 vs 1.45 ms)
    if not (_in_plan(num) or phonenumbers.is_valid_number(num)):
        raise ComponentError("not a valid number for its country")
    return phonenumbers.format_number(num, phonenumbers.PhoneNumberFormat.E164)


def _in_plan(num: phonenumbers.PhoneNumber) -> bool:
    """Whether a number fits its country's numbering plan (libphonenumber's general pattern):
    an explicit country code and a national number the plan allows, in a range that may
    be newer than the library's list of allocated ones.

    >>> from phonenumbers import parse
    >>> _in_plan(parse("+852 9922 3774")), _in_plan(parse("+1 0123456789"))
    (True, False)
    """
    import phonenumbers

    code = num.country_code
    if code is None:
        return False
    region = phonenumbers.region_code_for_country_code(code)
    md = phonenumbers.PhoneMetadata.metadata_for_region_or_calling_code(code, region)
    if md is None or md.general_desc is None or not md.general_desc.national_number_pattern:
        return False
    national = str(num.national_number)
    if not re.fullmatch(md.general_desc.national_number_pattern, national):
        return False
    return phonenumbers.is_possible_number(num)


def mask_intl_phone(value: str) -> str:
    """Keep the country code and the last four digits.

    >>> mask_intl_phone("+1 415-555-0100"), mask_intl_phone("+852 9123 4567")
    ('+1 ***-***-0100', '+852 **** 4567')
    >>> mask_intl_phone("0044 7911 123456")
    '0044 **** **3456'
    """
    digits = [i for i, c in enumerate(value) if c.isdigit()]
    code = None if _native is None else _native.intl_plan_code(value)
    cc = len(str(code)) if code is not None else _code_digits(value)
    lead = 2 if value.lstrip().startswith(("00", "００")) else 0
    hidden = set(digits[lead + cc : max(len(digits) - 4, lead + cc)])
    if not hidden:
        return keep_ends(3, 2)(value)
    return "".join("*" if i in hidden else c for i, c in enumerate(value))


def _code_digits(value: str) -> int:
    """How many digits the country code of a valid foreign number has (0: not valid), by
    libphonenumber: what the core's ``intl_plan_code`` tells at once for the plain ones.

    >>> _code_digits("+852 9123 4567"), _code_digits("+1 415-555-0100"), _code_digits("x")
    (3, 1, 0)
    """
    import phonenumbers

    try:
        return len(str(phonenumbers.parse("+" + validate_intl_phone(value)[1:], None).country_code))
    except (ValidationError, phonenumbers.NumberParseException):
        return 0


def generate_intl_phone(rng: random.Random) -> str:
    """A synthetic foreign number that libphonenumber accepts (drawn until one is valid).

    >>> validate_intl_phone(generate_intl_phone(random.Random(5))).startswith("+")
    True
    """
    return draw_valid(rng, _intl_candidate, _allocated_intl)


def _allocated_intl(value: str) -> str:
    """``validate_intl_phone`` restricted to the ranges libphonenumber lists as allocated,
    so that synthetic values are the library's valid numbers."""
    import phonenumbers

    e164 = validate_intl_phone(value)
    if not phonenumbers.is_valid_number(phonenumbers.parse(e164, None)):
        raise ComponentError("not in an allocated range")
    return e164


def _intl_candidate(rng: random.Random) -> str:
    return rng.choice(
        [
            f"+852 {rng.choice('5679')}{rng.randrange(10**6, 10**7)}",
            f"+1 415-{rng.randrange(200, 999)}-{rng.randrange(1000, 9999)}",
            f"+44 7911 {rng.randrange(100000, 999999)}",
            f"+81 90-{rng.randrange(1000, 9999)}-{rng.randrange(1000, 9999)}",
            f"+886 912 {rng.randrange(100, 999)} {rng.randrange(100, 999)}",
        ]
    )


_LANDLINE = (
    # not glued after a letter (SN0577…, a serial), unless after a Tel label
    r"(?:(?<![0-9A-Za-z])|(?<=[Tt][Ee][Ll]))"
    + r"(?:(?:\+86|0086)[ -]?(?:\(0?\d{2,3}\)|0?[1-9]\d{1,2})|\(0[1-9]\d{1,2}\)|0[1-9]\d{1,2})"
    # the local number as written: 8765 4321, 87654321, 876 5432, 8765 432
    + r"[ -]?(?:[2-9]\d{2,3}[ -]?\d{4}|[2-9]\d{3}[ -]\d{3})"
    + r"(?: ?(?:转分机|转|分机|[Ee][Xx][Tt]\.?) ?\d{1,5}|-\d{1,5})?"
    + DIGIT_AFTER
)
_INTL = (
    ALNUM_BEFORE
    + r"(?:(?:\+|00)(?!86)[1-9]\d{0,2}[ -]?(?:\(\d{1,4}\)[ -]?)?"
    # Hong Kong, Macau and Taiwan codes in brackets, as mainland forms write them
    + r"|\((?:852|853|886)\) ?)"
    + r"\d{1,4}(?:[ -]?\d{2,4}){1,4}"
    + DIGIT_AFTER
)

KINDS = (
    Kind(
        id="cn_mobile",
        en="mainland mobile number",
        zh="手机号",
        category=Category.BASIC,
        sensitive=False,
        patterns=(
            Pattern("mobile", _MOBILE, 0.6),
            # an airline's OSI contact line glues the number to its code: OSI CA CTCT138…
            Pattern("mobile_ctct", r"\bCTCT(?P<value>(?:86)?1[3-9][0-9]{9})" + DIGIT_AFTER, 0.8),
        ),
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
        negative_context=(
            "订单号",
            "订单编号",
            "单号",
            "单据号",
            "编号",
            "编码",
            "流水",
            "时间戳",
            "timestamp",
            "SKU",
            "order_no",
            "orderId",
            "order_id",
            "金额",
            "余额",
            "amount",
        ),
        column_hints=("手机", "电话", "mobile", "phone", "tel", "联系方式"),
        mask=keep_ends(3, 4),
        examples=("13812345678", "+86 138 1234 5678", "(+86)199-1234-5678", "008617712345678"),
        counterexamples=("12012345678", "1381234567", "10086", "23812345678"),
        validated_score=0.85,
        fpe_keep_first=3,
    ),
    Kind(
        id="cn_landline",
        en="mainland landline number",
        zh="固定电话",
        category=Category.BASIC,
        sensitive=False,
        patterns=(Pattern("landline", _LANDLINE, 0.45),),
        validate=validate_cn_landline,
        check="area-code",
        context=("电话", "座机", "固话", "联系电话", "办公电话", "tel", "phone", "telephone"),
        negative_context=(
            "客服",
            "热线",
            "服务电话",
            "投诉",
            "hotline",
            "订单号",
            "单号",
            "发票代码",
            "发票号码",
            "编号",
            "代码",
        ),
        column_hints=("座机", "固话", "电话", "tel", "telephone", "landline"),
        mask=mask_cn_landline,
        generate=generate_cn_landline,
        examples=("010-65529988", "(0755)86013388", "021 6212 3456", "0571-87654321转8001"),
        counterexamples=("400-810-8888", "95588", "10086", "001-12345678"),
        validated_score=0.75,
        fpe_keep_first=3,
    ),
    Kind(
        id="intl_phone",
        en="foreign phone number",
        zh="境外电话",
        category=Category.BASIC,
        sensitive=False,
        patterns=(Pattern("intl", _INTL, 0.5),),
        validate=validate_intl_phone,
        check="country-plan",
        context=("电话", "手机", "联系电话", "phone", "tel", "mobile", "WhatsApp"),
        column_hints=("境外电话", "海外电话", "电话", "phone", "tel", "mobile", "international"),
        mask=mask_intl_phone,
        generate=generate_intl_phone,
        examples=("+1 415-555-2671", "+852 9123 4567", "+44 7911 123456", "+886 912 345 678"),
        counterexamples=("+86 138 1234 5678", "+1 000-000-0000", "4155552671"),
        validated_score=0.85,
    ),
)
