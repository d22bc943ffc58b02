"""Identity documents: resident ID, passports, permits, Hong Kong and Taiwan IDs."""

from __future__ import annotations

import random
import re

from boxguard.kinds._checks import (
    ChecksumError,
    ComponentError,
    FormatError,
    LengthError,
    birth_date,
    hk_check,
    mod11_2,
    region_codes,
    require,
    strip_separators,
    tw_check,
)
from boxguard.kinds._lazy import lazy_re
from boxguard.kinds._masks import keep_ends
from boxguard.kinds._model import (
    ALNUM_AFTER,
    ALNUM_BEFORE,
    Category,
    Kind,
    Pattern,
    Permute,
    Validator,
)

_ID_CONTEXT = (
    "身份证号",
    "身份证",
    "证件号",
    "证件号码",
    "公民身份号码",
    "身份号码",
    "sfz",
    "ID No",
    "ID card",
    "ID",
)
_NEGATIVE = ("订单号", "订单", "单号", "流水号", "交易号", "批次号", "编号")


def validate_cn_resident_id(value: str) -> str:
    """GB 11643-1999: region code that ever existed, birth date, MOD 11-2 check character.

    >>> validate_cn_resident_id("11010519491231002x")
    '11010519491231002X'
    >>> validate_cn_resident_id("110105194912310021")
    Traceback (most recent call last):
    ...
    boxguard.errors.ChecksumError: check character does not match
    """
    v = strip_separators(value).upper()
    require(len(v) == 18, LengthError, "a resident ID has 18 characters")
    require(v[:17].isdigit() and v[:17].isascii(), FormatError, "17 digits then a check character")
    require(v[17] in "0123456789X", FormatError, "the check character is a digit or X")
    require(v[:6] in region_codes(), ComponentError, "no such administrative region code")
    birth_date(v[6:14])
    require(mod11_2(v[:17]) == v[17], ChecksumError, "check character does not match")
    return v


def validate_cn_resident_id_15(value: str) -> str:
    """Legacy 15-digit ID: region + YYMMDD + 3 digits (issued before 1999).

    >>> validate_cn_resident_id_15("110105491231002")
    '110105491231002'
    """
    v = strip_separators(value)
    require(len(v) == 15 and v.isdigit() and v.isascii(), FormatError, "15 digits")
    require(v[:6] in region_codes(), ComponentError, "no such administrative region code")
    birth_date("19" + v[6:12])
    return v


def validate_any_resident_id(value: str) -> str:
    v = strip_separators(value)
    return validate_cn_resident_id_15(v) if len(v) == 15 else validate_cn_resident_id(v)


_REGIONS_SORTED: list[str] = []


def generate_cn_resident_id(rng: random.Random) -> str:
    """A synthetic ID with a real region code, a real birth date and the right check character."""
    if not _REGIONS_SORTED:
        _REGIONS_SORTED.extend(sorted(c for c in region_codes() if not c.endswith("00")))
    region = rng.choice(_REGIONS_SORTED)
    import datetime as dt  # here: datetime costs ~3 ms at start-up

    day = dt.date(1940, 1, 1) + dt.timedelta(days=rng.randrange(365 * 66))
    body = f"{region}{day:%Y%m%d}{rng.randrange(1000):03d}"
    return body + mod11_2(body)


def document_number(shape: str, what: str) -> Validator:
    """A validator for document numbers that have a shape but no check character.

    >>> passport = document_number(r"[EGDSP][0-9]{8}|E[A-HJ-NP-Z][0-9]{7}", "Chinese passport")
    >>> passport("e 12345678"), passport("EA1234567")
    ('E12345678', 'EA1234567')
    >>> passport("EI1234567")
    Traceback (most recent call last):
    ...
    boxguard.errors.FormatError: not a Chinese passport number
    """
    rx = lazy_re(shape, re.ASCII)  # compiled at the first value it checks

    def validate(value: str) -> str:
        v = strip_separators(value).upper()
        require(bool(rx.fullmatch(v)), FormatError, f"not a {what} number")
        return v

    return validate


#: E/G/D/S/P + 8 digits, or E + letter + 7 digits (no I or O as the letter).
validate_cn_passport = document_number(r"[EGDSP][0-9]{8}|E[A-HJ-NP-Z][0-9]{7}", "Chinese passport")
#: C + 8 digits, or C + letter + 7 digits.
validate_cn_hk_macau_permit = document_number(
    r"C[0-9]{8}|C[A-HJ-NP-Z][0-9]{7}", "Hong Kong / Macau permit"
)
#: L + 8 digits, or 8 digits (the latter only counts with context).
validate_cn_taiwan_permit = document_number(r"L?[0-9]{8}", "Taiwan permit")


def validate_hk_id_card(value: str) -> str:
    """1–2 letters + 6 digits + check character (0-9 or A), parentheses optional.

    >>> validate_hk_id_card("A123456(3)"), validate_hk_id_card("AB987654（3）")
    ('A1234563', 'AB9876543')
    """
    v = strip_separators(value, " -()（）").upper()
    require(
        bool(re.fullmatch(r"[A-Z]{1,2}\d{6}[0-9A]", v)) and v.isascii(), FormatError, "not an HKID"
    )
    require(hk_check(v[:-1]) == v[-1], ChecksumError, "check character does not match")
    return v


def validate_tw_national_id(value: str) -> str:
    """Letter + 1/2 + 8 digits with the check digit.

    >>> validate_tw_national_id("A123456789")
    'A123456789'
    """
    v = strip_separators(value).upper()
    require(
        bool(re.fullmatch(r"[A-Z][12]\d{8}", v)) and v.isascii(), FormatError, "not a Taiwan ID"
    )
    require(tw_check(v[:9]) == v[9], ChecksumError, "check digit does not match")
    return v


def _gen_digits(rng: random.Random, n: int) -> str:
    return "".join(rng.choice("0123456789") for _ in range(n))


def generate_hk_id_card(rng: random.Random) -> str:
    body = rng.choice("ABCDEGHKMPRVYZ") + _gen_digits(rng, 6)
    return f"{body}({hk_check(body)})"


def generate_tw_national_id(rng: random.Random) -> str:
    body = rng.choice("ABCDEFGHJKLMNPQTUVXWZ") + rng.choice("12") + _gen_digits(rng, 7)
    return body + tw_check(body)


_ID18 = (
    ALNUM_BEFORE
    + r"\d{6}(?:19|20)\d{2}(?:0[1-9]|1[0-2])(?:0[1-9]|[12]\d|3[01])\d{3}[\dXx]"
    + ALNUM_AFTER
)
_ID18_SPACED = (
    ALNUM_BEFORE
    + r"\d{6}[ -](?:19|20)\d{2}(?:0[1-9]|1[0-2])(?:0[1-9]|[12]\d|3[01])[ -]\d{3}[\dXx]"
    + ALNUM_AFTER
)
#: As an ID card's OCR or a form groups it by four: ``4403 0519 5610 2670 99``.
_ID18_FOURS = ALNUM_BEFORE + r"\d{4}(?: \d{4}){3} \d[\dXx]" + ALNUM_AFTER
#: An airline's SSR FOID line: ``SSR FOID CA HK1 NI110101199001011234/P1`` (NI: national ID).
_ID18_FOID = r"\bFOID\b[^\n/]{0,24}?\bNI(?P<value>\d{17}[\dXx])" + ALNUM_AFTER
_ID15 = ALNUM_BEFORE + r"\d{6}\d{2}(?:0[1-9]|1[0-2])(?:0[1-9]|[12]\d|3[01])\d{3}" + ALNUM_AFTER

#: Resident IDs under ``encrypt_fpe``: the birth date and sequence are one number in a
#: fixed domain (1900-01-01 … 2025-12-31 × 000–999), so outputs are always real past dates.
_ID_DATE_SEQ = lazy_re(r"[0-9]{6}(?:19|20)[0-9]{6}[0-9]{3}[0-9Xx]")
_EPOCH = (1900, 1, 1)
#: Days from ``_EPOCH`` to 2025-12-31, both counted (datetime is imported when an ID is
#: encrypted, not at start-up; ``fpe_resident_id``'s doctest checks the count).
_DAYS = 46021
_DOMAIN = _DAYS * 1000  # 46,021,000 < 10**8


def fpe_resident_id(value: str, permute: Permute) -> str | None:
    """Permute (day index × sequence) with cycle-walking into the fixed domain; the region
    is kept and the check character left as ``0`` for ``encrypt_fpe`` to recompute.

    None when ``value`` is no 18-character ID with a date in the domain.

    >>> reverse = lambda digits, tweak: digits[::-1]  # a stand-in for FF1
    >>> fpe_resident_id("11010519491231002X", reverse), fpe_resident_id("1101051949", reverse)
    ('110105195410212810', None)
    >>> import datetime as dt
    >>> (dt.date(2025, 12, 31) - dt.date(*_EPOCH)).days + 1 == _DAYS
    True
    """
    if not _ID_DATE_SEQ.fullmatch(value):
        return None
    import datetime as dt

    epoch = dt.date(*_EPOCH)
    try:
        day = dt.date(int(value[6:10]), int(value[10:12]), int(value[12:14]))
    except ValueError:
        return None
    n = (day - epoch).days * 1000 + int(value[14:17])
    if not 0 <= n < _DOMAIN:
        return None
    digits = f"{n:08d}"
    while True:  # expected 10**8 / _DOMAIN ≈ 2.2 steps
        digits = permute(digits, b"cn_resident_id:date-seq")
        if int(digits) < _DOMAIN:
            break
    n = int(digits)
    body = value[:6] + (epoch + dt.timedelta(days=n // 1000)).strftime("%Y%m%d") + f"{n % 1000:03d}"
    return body + "0"


KINDS = (
    Kind(
        id="cn_resident_id",
        en="resident identity card number",
        zh="居民身份证号",
        category=Category.IDENTITY,
        sensitive=True,
        patterns=(
            Pattern("id18", _ID18, 0.5),
            Pattern("id18_spaced", _ID18_SPACED, 0.5),
            Pattern("id18_fours", _ID18_FOURS, 0.5),
            Pattern("id18_foid", _ID18_FOID, 0.8),
            Pattern("id15", _ID15, 0.3, context_required=True),
        ),
        validate=validate_any_resident_id,
        check="checksum:GB11643",
        context=_ID_CONTEXT,
        negative_context=_NEGATIVE,
        column_hints=(
            "身份证",
            "身份证号",
            "证件号",
            "证件号码",
            "sfz",
            "id_card",
            "idcard",
            "id_no",
        ),
        mask=keep_ends(3, 4),
        generate=generate_cn_resident_id,
        fpe_keep_first=6,
        fpe_check_last=True,
        fpe_special=fpe_resident_id,
        examples=(
            "11010519491231002X",
            "44030519900101123X",  # its check character: mod11_2, written out (start-up)
            "110105491231002",
        ),
        counterexamples=(
            "110105194912310021",
            "11010519491331002X",
            "99010519491231002X",
            "1101051949123100",
            "11010520991231002X",
        ),
        priority=1,
        validated_score=0.9,
    ),
    Kind(
        id="cn_passport",
        en="PRC passport number",
        zh="护照号",
        category=Category.IDENTITY,
        sensitive=True,
        patterns=(
            Pattern(
                "passport_e", ALNUM_BEFORE + r"E(?:\d{8}|[A-HJ-NP-Z]\d{7})" + ALNUM_AFTER, 0.45
            ),
            # labels longer than the window (Travel document number:, Remitter ID:), a police
            # upload's document type (<zjlx>护照</zjlx><zjhm>), SSR DOCS P/CN/E12345678/
            Pattern(
                "passport_labelled",
                r"(?:(?i:travel document (?:number|no\.?)|passport (?:number|no\.?)|remitter id)"
                r"\s*[:：]|<zjlx>护照</zjlx>\s*<zjhm>"
                r"|\bDOCS [A-Z0-9]{2} [A-Z]{2}[0-9] P/[A-Z]{2,3}/)"
                r"\s*(?P<value>(?:E[A-HJ-NP-Z0-9]|[GDSP][0-9])[0-9]{7})" + ALNUM_AFTER,
                0.8,
            ),
            Pattern(
                "passport_other",
                ALNUM_BEFORE + r"[GDSP]\d{8}" + ALNUM_AFTER,
                0.3,
                context_required=True,
            ),
        ),
        validate=validate_cn_passport,
        check="format:passport",
        context=("护照号", "护照", "passport", "Passport No", "证件号码", "证件号"),
        negative_context=(*_NEGATIVE, "发动机号", "发动机", "engine"),
        column_hints=("护照", "护照号", "passport", "passport_no"),
        mask=keep_ends(1, 3),
        generate=lambda rng: rng.choice(["E", "G"]) + _gen_digits(rng, 8),
        examples=("E12345678", "EA1234567", "G12345678"),
        counterexamples=("E1234567", "X12345678", "EI1234567"),
        validated_score=0.5,
    ),
    Kind(
        id="cn_hk_macau_permit",
        en="Mainland travel permit for Hong Kong and Macau",
        zh="往来港澳通行证号",
        category=Category.IDENTITY,
        sensitive=True,
        patterns=(
            Pattern(
                "permit_c",
                ALNUM_BEFORE + r"C(?:\d{8}|[A-HJ-NP-Z]\d{7})" + ALNUM_AFTER,
                0.3,
                context_required=True,
            ),
            # a label longer than the context window: ``Exit-Entry Permit (HK/Macau) No.:``,
            # and a police upload's document type beside the number (<zjlx>…</zjlx><zjhm>)
            Pattern(
                "permit_c_labelled",
                r"(?:(?i:permit)[^\n:：]{0,24}[:：]|往来港澳通行证(?:号码|号)?[:：]?"
                r"|<zjlx>港澳通行证</zjlx>\s*<zjhm>)\s*"
                r"(?P<value>C(?:\d{8}|[A-HJ-NP-Z]\d{7}))" + ALNUM_AFTER,
                0.8,
            ),
        ),
        validate=validate_cn_hk_macau_permit,
        check="format:permit",
        context=("港澳通行证", "通行证号", "通行证", "往来港澳", "permit"),
        column_hints=("港澳通行证", "通行证号"),
        mask=keep_ends(1, 3),
        generate=lambda rng: "C" + _gen_digits(rng, 8),
        examples=("C12345678", "CA1234567"),
        counterexamples=("C1234567", "D12345678"),
        validated_score=0.5,
    ),
    Kind(
        id="cn_taiwan_permit",
        en="Mainland travel permit for Taiwan residents / Taiwan permit",
        zh="往来台湾通行证 / 台胞证号",
        category=Category.IDENTITY,
        sensitive=True,
        patterns=(
            Pattern("permit_l", ALNUM_BEFORE + r"L\d{8}" + ALNUM_AFTER, 0.3, context_required=True),
            Pattern("permit_8", ALNUM_BEFORE + r"\d{8}" + ALNUM_AFTER, 0.3, context_required=True),
            # labels longer than the context window (台湾居民来往大陆通行证号码：), and a police
            # upload's document type beside the number (<zjlx>台胞证</zjlx><zjhm>…)
            Pattern(
                "permit_labelled",
                r"(?:(?:台湾居民来往大陆通行证|往来台湾通行证|台湾通行证|台胞证)(?:号码|号)?"
                r"\s*[:：]?|<zjlx>台胞证</zjlx>\s*<zjhm>)\s*"
                r"(?P<value>L?\d{8})" + ALNUM_AFTER,
                0.8,
            ),
        ),
        validate=validate_cn_taiwan_permit,
        check="format:permit",
        context=("台胞证", "台胞证号", "台湾通行证", "往来台湾", "台湾居民来往大陆通行证"),
        window=(10, 0),
        column_hints=("台胞证", "台湾通行证", "通行证号"),
        mask=keep_ends(1, 2),
        generate=lambda rng: "L" + _gen_digits(rng, 8),
        examples=("L12345678", "12345678"),
        counterexamples=("L1234567", "M12345678"),
        validated_score=0.5,
    ),
    Kind(
        id="hk_id_card",
        en="Hong Kong identity card number",
        zh="香港身份证号",
        category=Category.IDENTITY,
        sensitive=True,
        patterns=(
            Pattern("hkid", ALNUM_BEFORE + r"[A-Z]{1,2}\d{6} ?[(（][0-9A][)）]", 0.6),
            Pattern(
                "hkid_bare",
                ALNUM_BEFORE + r"[A-Z]{1,2}\d{6}[0-9A]" + ALNUM_AFTER,
                0.3,
                context_required=True,
            ),
        ),
        validate=validate_hk_id_card,
        check="checksum:HKID",
        context=("香港身份证", "身份证", "HKID", "HK ID", "identity card"),
        column_hints=("香港身份证", "hkid"),
        mask=keep_ends(1, 0),
        generate=generate_hk_id_card,
        examples=("A123456(3)", "AB987654(3)"),
        counterexamples=("A123456(4)", "A12345(3)"),
        validated_score=0.9,
    ),
    Kind(
        id="tw_national_id",
        en="Taiwan national identification number",
        zh="台湾身分证字号",
        category=Category.IDENTITY,
        sensitive=True,
        patterns=(Pattern("twid", ALNUM_BEFORE + r"[A-Z][12]\d{8}" + ALNUM_AFTER, 0.5),),
        validate=validate_tw_national_id,
        check="checksum:TWID",
        context=("身分证字号", "身分证", "身份证", "統一編號", "國民身分證"),
        column_hints=("身分证", "身分證"),
        mask=keep_ends(2, 2),
        generate=generate_tw_national_id,
        examples=("A123456789", "F131104093"),
        counterexamples=("A123456780", "A323456789"),
        validated_score=0.85,
    ),
)
