"""Property and finance: bank cards, unified social credit codes, property certificates."""

from __future__ import annotations

import random

from boxguard.accel import native as _native
from boxguard.kinds._checks import (
    ChecksumError,
    ComponentError,
    FormatError,
    LengthError,
    luhn_digit,
    luhn_ok,
    region_codes,
    require,
    strip_separators,
)
from boxguard.kinds._classes import unicode_classes
from boxguard.kinds._lazy import lazy_re
from boxguard.kinds._masks import keep_ends, run_twin
from boxguard.kinds._model import (
    ALNUM_BEFORE,
    DIGIT_AFTER,
    Category,
    Kind,
    Pattern,
    Span,
    native_twin,
    triggered_by,
)

#: Issuer prefixes that raise confidence (UnionPay, Visa, Mastercard, JCB, Amex, Diners).
_ISSUERS = ("62", "4", "51", "52", "53", "54", "55", "2", "35", "34", "37", "30", "36", "38", "60")


def validate_bank_card(value: str) -> str:
    """16–19 digits with a valid Luhn check digit; spaces and dashes allowed.

    >>> validate_bank_card("6222 0212 3456 7890 128")
    '6222021234567890128'
    """
    v = strip_separators(value)
    require(v.isdigit() and v.isascii(), FormatError, "a card number has only digits")
    require(16 <= len(v) <= 19, LengthError, "a card number has 16 to 19 digits")
    require(v.startswith(_ISSUERS), ComponentError, "no known issuer prefix")
    require(luhn_ok(v), ChecksumError, "Luhn check digit does not match")
    return v


def generate_bank_card(rng: random.Random) -> str:
    prefix = rng.choice(["622202", "621700", "622848", "623668", "436742", "524094"])
    body = prefix + "".join(rng.choice("0123456789") for _ in range(rng.choice([10, 12]) - 1))
    return body + luhn_digit(body)


_USCC_ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY"


def validate_cn_uscc(value: str) -> str:
    """GB 32100-2015: 18 characters, region code digits 3–8, check character (mod 31).

    >>> validate_cn_uscc("91350100M000100Y43")
    '91350100M000100Y43'
    """
    from stdnum.cn import uscc as _uscc  # at first use: python-stdnum is slow to import

    v = strip_separators(value).upper()
    require(len(v) == 18, LengthError, "a USCC has 18 characters")
    require(all(c in _USCC_ALPHABET for c in v), FormatError, "a USCC uses 0-9 and 21 letters")
    require(v[0] in "123456789ANY" and v[1] in "1234589", ComponentError, "unknown authority/type")
    require(v[2:8].isdigit(), FormatError, "characters 3-8 are a region code")
    require(
        _uscc.calc_check_digit(v[:17]) == v[17], ChecksumError, "check character does not match"
    )
    return v


def generate_cn_uscc(rng: random.Random) -> str:
    from stdnum.cn import uscc as _uscc

    region = rng.choice(sorted(c for c in region_codes() if not c.endswith("00")))
    org = "".join(rng.choice("0123456789ABCDEFGHJKLMNPQRTUWXY") for _ in range(9))
    body = rng.choice(["91", "92", "93", "12", "52"]) + region + org
    return body + _uscc.calc_check_digit(body)


_PROVINCE_ABBR = "京津沪渝冀豫云辽黑湘皖鲁新苏浙赣鄂桂甘晋蒙陕吉闽贵粤青藏川宁琼"
_PROPERTY = lazy_re(
    rf"[{_PROVINCE_ABBR}][(（]\d{{4}}[)）][一-龥]{{1,12}}不动产权第\d{{5,8}}号"
    rf"|[{_PROVINCE_ABBR}]?[一-龥]{{0,6}}房权证[一-龥]{{0,6}}字第\d{{4,10}}号"
    # the 房屋所有权证 before 2015: 苏房地玄字（1998）第482367号
    rf"|[{_PROVINCE_ABBR}]房地[一-龥]{{1,4}}字[(（]\d{{4}}[)）]第\d{{4,10}}号"
)


def validate_property_cert_no(value: str) -> str:
    """``省简称(年份)地名不动产权第N号`` or an older ``…房权证…字第N号`` number.

    >>> validate_property_cert_no("京(2019)朝阳区不动产权第0012345号")
    '京(2019)朝阳区不动产权第0012345号'
    """
    require(bool(_PROPERTY.fullmatch(value)), FormatError, "not a property certificate number")
    return value


def generate_property_cert_no(rng: random.Random) -> str:
    place = rng.choice(["朝阳区", "海淀区", "浦东新区", "南山区", "西湖区", "武侯区"])
    abbr = rng.choice("京沪粤浙川")
    year = rng.randrange(2015, 2026)
    lb, rb = rng.choice([("(", ")"), ("（", "）")])
    return f"{abbr}{lb}{year}{rb}{place}不动产权第{rng.randrange(10**7):07d}号"


#: A property certificate number's base score and evidence.
_PROPERTY_SCORE, _PROPERTY_EVIDENCE = 0.9, ("structure:不动产权",)


def _property_twin() -> _native.NativeFinder | None:
    """:func:`_find_property` run by the native core, from its regex (Unicode ``\\d``:
    Python's table of it goes along)."""
    if _native is None:
        return None
    return _native.NativeFinder.regex(
        _PROPERTY.pattern,
        _PROPERTY.flags,
        _PROPERTY_SCORE,
        list(_PROPERTY_EVIDENCE),
        unicode_classes("d"),
    )


@native_twin(_property_twin)
@triggered_by("不动产权|房权证|房地")
def _find_property(text: str) -> list[Span]:
    """Property certificate numbers (``\\d`` is Unicode: ``京(٢٠١٩)…`` too).

    >>> [(s.start, s.end) for s in _find_property("证号：京(2019)朝阳区不动产权第0012345号")]
    [(3, 26)]
    >>> [(s.start, s.end) for s in _find_property("京(٢٠١٩)朝阳区不动产权第0012345号")]
    [(0, 23)]
    """
    return [
        Span(m.start(), m.end(), _PROPERTY_SCORE, _PROPERTY_EVIDENCE)
        for m in _PROPERTY.finditer(text)
    ]


_CARD = (
    ALNUM_BEFORE  # not glued after letters: DD5315…, an order number's prefix
    + r"(?:\d{4}[ -]\d{4}[ -]\d{4}[ -]\d{4}(?:[ -]?\d{1,3})?|\d{6}[ -]\d{10,13}|\d{16,19})"
    + DIGIT_AFTER
)


def mask_property_cert_no(value: str) -> str:
    """The first eight characters and the last kept.

    >>> mask_property_cert_no("京(2020)朝阳区不动产权第0012345号")
    '京(2020)朝**************号'
    """
    twin = None if _native is None else _native.mask_property_cert_no
    return run_twin(twin, value, mask_property_cert_no_reference)


def mask_property_cert_no_reference(value: str) -> str:
    """The Python reference of :func:`mask_property_cert_no` (the test oracle; a value
    shorter than nine characters repeats its last one, as it always has).

    >>> mask_property_cert_no_reference("abc")
    'abcc'
    """
    return value[:8] + "*" * max(0, len(value) - 9) + value[-1:]


KINDS = (
    Kind(
        id="bank_card",
        en="bank card number",
        zh="银行卡号",
        category=Category.PROPERTY,
        sensitive=True,
        patterns=(Pattern("card", _CARD, 0.4),),
        validate=validate_bank_card,
        check="checksum:Luhn",
        context=(
            "银行卡号",
            "银行卡",
            "卡号",
            "账号",
            "储蓄卡",
            "信用卡",
            "card no",
            "card number",
            "account",
        ),
        negative_context=(
            "订单号",
            "单号",
            "单据号",
            "编号",
            "订单",
            "order",
            "合同",
            "流水号",
            "交易号",
            "运单号",
            "快递单号",
            "物流单号",
            "身份证",
            "证件号",
            # a 16-digit IMEISV (35… TAC) may pass Luhn: an IMEI is not a bank card
            "IMEI",
            "MEID",
            "串号",
            "设备号",
        ),
        column_hints=("银行卡", "卡号", "账号", "card", "card_no", "account_no", "bank_account"),
        mask=keep_ends(4, 4),
        generate=generate_bank_card,
        examples=("6222021234567890128", "6222 0212 3456 7894", "4111111111111111"),
        counterexamples=("6222021234567890129", "411111111111111", "9999999999999999"),
        validated_score=0.75,
        fpe_keep_first=6,
        fpe_check_last=True,
    ),
    Kind(
        id="cn_uscc",
        en="unified social credit code",
        zh="统一社会信用代码",
        category=Category.PROPERTY,
        sensitive=False,
        patterns=(
            Pattern(
                "uscc",
                r"(?<![0-9A-Za-z])[1-9ANY][1-9][0-9]{6}[0-9A-HJ-NPQRTUWXY]{10}(?![0-9A-Za-z])",
                0.4,
            ),
        ),
        validate=validate_cn_uscc,
        check="checksum:GB32100",
        context=("统一社会信用代码", "信用代码", "社会信用代码", "税号", "纳税人识别号", "USCC"),
        negative_context=("身份证", "证件号", "卡号", "手机", "订单号"),
        column_hints=("统一社会信用代码", "信用代码", "税号", "uscc", "credit_code"),
        mask=keep_ends(2, 2),
        generate=generate_cn_uscc,
        examples=("91350100M000100Y43", "911101085923662400"),
        counterexamples=("91350100M000100Y44", "9135010M000100Y43"),
        validated_score=0.9,
        priority=0,
        fpe_check_last=True,
    ),
    Kind(
        id="property_cert_no",
        en="real estate title certificate number",
        zh="不动产权证号",
        category=Category.PROPERTY,
        sensitive=True,
        validate=validate_property_cert_no,
        check="structure:property",
        context=("不动产权证", "产权证号", "房产证", "房产证号", "证书号"),
        column_hints=("不动产权证", "产权证", "房产证"),
        mask=mask_property_cert_no,
        generate=generate_property_cert_no,
        finders=(_find_property,),
        examples=(
            "京(2019)朝阳区不动产权第0012345号",
            "沪（2021）浦东新区不动产权第1234567号",
            "京房权证海字第123456号",
        ),
        counterexamples=("京(2019)朝阳区", "不动产权第12号"),
    ),
)
