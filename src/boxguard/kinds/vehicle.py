"""Vehicles: licence plates and VINs."""

from __future__ import annotations

import random
import re

from boxguard.accel import native as _native
from boxguard.kinds._checks import ChecksumError, FormatError, require, vin_check
from boxguard.kinds._lazy import lazy_re
from boxguard.kinds._masks import keep_ends, run_twin
from boxguard.kinds._model import ALNUM_AFTER, ALNUM_BEFORE, Category, Kind, Pattern

_PROVINCES = "京津沪渝冀豫云辽黑湘皖鲁新苏浙赣鄂桂甘晋蒙陕吉闽贵粤青藏川宁琼"
_LETTERS = "ABCDEFGHJKLMNPQRSTUVWXYZ"  # no I, O
_SERIAL = "[A-HJ-NP-Z0-9]"
_PLATE = lazy_re(
    rf"[{_PROVINCES}][A-HJ-NP-Z][·• ]?"
    rf"(?:[DF]{_SERIAL}{{5}}|{_SERIAL}{{5}}[DF]|{_SERIAL}{{5}}|{_SERIAL}{{4}}[使领警学挂港澳])"
)


def validate_cn_license_plate(value: str) -> str:
    """Province + letter + 5 (new energy: 6) characters, optional ``·``, special suffixes.

    >>> validate_cn_license_plate("京A·12345"), validate_cn_license_plate("粤BD12345")
    ('京A12345', '粤BD12345')
    """
    require(bool(_PLATE.fullmatch(value)), FormatError, "not a mainland licence plate")
    return re.sub(r"[·• ]", "", value)


def generate_cn_license_plate(rng: random.Random) -> str:
    serial = "".join(rng.choice("ABCDEFGHJKLMNPQRSTUVWXYZ0123456789") for _ in range(5))
    if rng.random() < 0.2:
        serial = rng.choice("DF") + serial
    return rng.choice(_PROVINCES) + rng.choice(_LETTERS) + serial


def validate_vin(value: str) -> str:
    """17 characters without I, O, Q, with the ISO 3779 check character in position 9.

    >>> validate_vin("1M8GDM9AXKP042788")
    '1M8GDM9AXKP042788'
    """
    v = value.strip().upper()
    require(bool(re.fullmatch(r"[A-HJ-NPR-Z0-9]{17}", v)), FormatError, "not a VIN")
    require(not v.isdigit(), FormatError, "a VIN has letters")
    require(vin_check(v) == v[8], ChecksumError, "check character does not match")
    return v


def generate_vin(rng: random.Random) -> str:
    wmi = rng.choice(["LSV", "LFV", "LVS", "LGW", "LHG", "LBV"])
    chars = "ABCDEFGHJKLMNPRSTUVWXYZ0123456789"
    vds = "".join(rng.choice(chars) for _ in range(5))
    vis = rng.choice("ABCDEFGHJKLMNPRSTVWXY123456789") + "".join(
        rng.choice(chars) for _ in range(7)
    )
    draft = wmi + vds + "0" + vis
    return draft[:8] + vin_check(draft) + draft[9:]


def mask_plate(value: str) -> str:
    """Keep the province and authority letters and the last two characters.

    >>> mask_plate("京A12345"), mask_plate("粤BD12345"), mask_plate("京A1")
    ('京A***45', '粤B****45', '京**')
    """
    return run_twin(None if _native is None else _native.mask_plate, value, mask_plate_reference)


def mask_plate_reference(value: str) -> str:
    """The Python reference of :func:`mask_plate` (the test oracle).

    >>> mask_plate_reference("京A·12345")
    '京A·***45'
    """
    if len(value) < 5:  # not a plate's shape: show one character
        return value[:1] + "*" * (len(value) - 1)
    return value[:2] + re.sub(r"[A-Z0-9]", "*", value[2:-2]) + value[-2:]


KINDS = (
    Kind(
        id="cn_license_plate",
        en="licence plate number",
        zh="车牌号",
        category=Category.PROPERTY,
        sensitive=False,
        patterns=(Pattern("plate", _PLATE.pattern + ALNUM_AFTER, 0.75),),
        validate=validate_cn_license_plate,
        check="format:GA36",
        context=("车牌号", "车牌", "号牌", "车号", "plate", "license plate"),
        column_hints=("车牌", "车牌号", "号牌", "plate", "plate_no"),
        mask=mask_plate,
        generate=generate_cn_license_plate,
        examples=("京A·12345", "粤BD12345", "沪A1234警", "浙A 9X8Y7"),
        counterexamples=("京I12345", "A12345", "京A1234"),
        validated_score=0.75,
    ),
    Kind(
        id="vin",
        en="vehicle identification number",
        zh="车辆识别代号（车架号）",
        category=Category.PROPERTY,
        sensitive=False,
        patterns=(Pattern("vin", ALNUM_BEFORE + r"[A-HJ-NPR-Z0-9]{17}" + ALNUM_AFTER, 0.3),),
        validate=validate_vin,
        check="checksum:ISO3779",
        context=("车架号", "车辆识别代号", "VIN", "识别代码", "底盘号"),
        negative_context=("单据号", "订单", "单号", "order", "流水", "编号"),
        column_hints=("车架号", "vin", "车辆识别代号"),
        mask=keep_ends(3, 4),
        generate=generate_vin,
        examples=("1M8GDM9AXKP042788", "LSVAM4187C2184847"),
        counterexamples=("1M8GDM9A1KP042788", "1M8GDM9AXKP04278", "IM8GDM9AXKP042788"),
        validated_score=0.85,
    ),
)
