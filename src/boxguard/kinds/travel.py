"""Travel and trajectory: booking records, e-ticket numbers, parcel waybills."""

from __future__ import annotations

import random
import re

from boxguard.kinds._checks import ChecksumError, FormatError, require, s10_check
from boxguard.kinds._lazy import lazy_re
from boxguard.kinds._masks import keep_ends
from boxguard.kinds._model import (
    ALNUM_AFTER,
    ALNUM_BEFORE,
    DIGIT_AFTER,
    DIGIT_BEFORE,
    Category,
    Kind,
    Pattern,
)

_PNR_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"


def validate_pnr_code(value: str) -> str:
    """6 letters/digits with at least one letter (a record locator).

    >>> validate_pnr_code("HX4K9P")
    'HX4K9P'
    """
    v = value.upper()
    require(bool(re.fullmatch(r"[A-Z0-9]{6}", v)) and not v.isdigit(), FormatError, "not a PNR")
    return v


def validate_air_ticket_no(value: str) -> str:
    """3-digit airline accounting code + 10 digits, dash optional.

    >>> validate_air_ticket_no("999-1234567890")
    '9991234567890'
    """
    v = value.replace("-", "").replace(" ", "")
    require(bool(re.fullmatch(r"[0-9]{13}", v)), FormatError, "a ticket number has 13 digits")
    require(v[:3] != "000", FormatError, "no airline has accounting code 000")
    return v


_S10 = lazy_re(r"[A-Z]{2}[0-9]{9}[A-Z]{2}")
_CARRIER = lazy_re(r"SF[0-9]{12,15}|YT[0-9]{13,15}|JD[VX]?[0-9A-Z]{10,15}|JT[0-9]{13}|DPK[0-9]{12}")


def validate_waybill_no(value: str) -> str:
    """A carrier waybill (SF/YT/JD/JT/DPK…), a UPU S10 number with its check digit, or digits.

    >>> validate_waybill_no("EA123456785CN"), validate_waybill_no("SF1234567890123")
    ('EA123456785CN', 'SF1234567890123')
    """
    v = value.upper().replace(" ", "")
    if _S10.fullmatch(v):
        require(s10_check(v[2:10]) == v[10], ChecksumError, "S10 check digit does not match")
        return v
    require(
        bool(_CARRIER.fullmatch(v) or re.fullmatch(r"[0-9]{10,15}", v)),
        FormatError,
        "not a waybill",
    )
    return v


def generate_waybill_no(rng: random.Random) -> str:
    kind = rng.randrange(4)
    if kind == 0:
        return "SF" + "".join(rng.choice("0123456789") for _ in range(13))
    if kind == 1:
        return "YT" + "".join(rng.choice("0123456789") for _ in range(13))
    if kind == 2:
        return "JD" + "".join(rng.choice("0123456789") for _ in range(13))
    serial = "".join(rng.choice("0123456789") for _ in range(8))
    return rng.choice(["EA", "EB", "RR", "CP"]) + serial + s10_check(serial) + "CN"


_WAYBILL_CONTEXT = (
    "运单号",
    "快递单号",
    "单号",
    "快递",
    "运单",
    "物流单号",
    "物流",
    "面单",
    "waybill",
    "tracking",
)

KINDS = (
    Kind(
        id="pnr_code",
        en="booking record locator (PNR)",
        zh="订座记录编号",
        category=Category.LOCATION,
        sensitive=True,
        patterns=(
            Pattern(
                "pnr_labelled",
                r"(?i:PNR|订座记录(?:编号|编码)?|记录编号|订座编码|预订编码|"
                r"(?:booking|reservation|confirmation) (?:ref(?:erence)?|code|number|no\.?)|"
                r"record locator)"
                r"(?:号)?\s*[:：]?\s*"
                r"(?P<value>[A-Z0-9]{6})(?![A-Za-z0-9])",
                0.8,
            ),
            # a GDS display (>RT): the locator closes the passenger-name line,
            # `` 1.ZHANG/WEI MR 2.LI/NA MS HX4K9P``; and RMK CA/HX4K9P names the airline's copy
            Pattern(
                "pnr_gds_names",
                r"(?<![A-Za-z0-9])[0-9]{1,2}\."
                r"(?:[A-Z]+/[A-Z]+(?: (?:MR|MRS|MS|MSTR|MISS|CHD|INF))?|[一-龥·]{2,12})"
                r" (?P<value>[A-Z0-9]{6})[ \t]*(?![^\n])",
                0.8,
            ),
            Pattern(
                "pnr_gds_rmk",
                r"\bRMK [A-Z0-9]{2}/(?P<value>[A-Z0-9]{6})[ \t]*(?![^\n])",
                0.8,
            ),
        ),
        validate=validate_pnr_code,
        check="label:pnr",
        context=("PNR", "订座记录", "记录编号", "booking ref"),
        column_hints=("pnr", "订座记录", "记录编号", "booking_ref"),
        mask=keep_ends(1, 1),
        generate=lambda rng: (
            "".join(rng.choice(_PNR_ALPHABET) for _ in range(5)) + rng.choice("ABCDEFGHJK")
        ),
        examples=("HX4K9P", "MZ2Q7A"),
        counterexamples=("123456", "HX4K9", "HX4K9P1"),
    ),
    Kind(
        id="air_ticket_no",
        en="e-ticket number",
        zh="电子客票号",
        category=Category.LOCATION,
        sensitive=True,
        patterns=(
            Pattern("ticket_dash", DIGIT_BEFORE + r"[0-9]{3}-[0-9]{10}" + DIGIT_AFTER, 0.7),
            # GDS and itinerary labels: SSR TKNE ... 7812345678901/1, TN/…, DETR:TN/…,
            # ETKT 781 2345678901 (the coupon /1 and the label stay outside the value)
            Pattern(
                "ticket_gds",
                r"(?:\bTKNE\b[^\n]{0,60}?|(?<![A-Za-z])TN/|\bE?TKT(?: ?NO\.?)?[ :：]*)"
                r"(?<![0-9])(?P<value>[0-9]{3}[- ]?[0-9]{10})" + DIGIT_AFTER,
                0.8,
            ),
            Pattern(
                "ticket_plain",
                DIGIT_BEFORE + r"[0-9]{13}" + DIGIT_AFTER,
                0.3,
                context_required=True,
            ),
        ),
        validate=validate_air_ticket_no,
        check="format:ticket",
        context=("票号", "客票号", "电子客票", "客票", "ticket", "e-ticket", "TKT", "ETKT", "TKNE"),
        negative_context=("时间戳", "timestamp", "订单号", "单号"),
        column_hints=("票号", "客票号", "ticket_no", "eticket"),
        mask=keep_ends(3, 4),
        generate=lambda rng: (
            f"{rng.choice(['999', '781', '479', '880', '731'])}-{rng.randrange(10**9, 10**10)}"
        ),
        examples=("999-1234567890", "7812345678901"),
        validated_score=0.6,
        counterexamples=("999-123456789", "000-1234567890"),
        fpe_keep_first=3,
    ),
    Kind(
        id="waybill_no",
        en="parcel waybill number",
        zh="快递运单号",
        category=Category.LOCATION,
        sensitive=True,
        patterns=(
            Pattern("carrier", ALNUM_BEFORE + r"(?:" + _CARRIER.pattern + r")" + ALNUM_AFTER, 0.75),
            Pattern("s10", ALNUM_BEFORE + _S10.pattern + ALNUM_AFTER, 0.5),
            Pattern(
                # not glued after letters: SN519070353539 is a ticket's or a work order's id
                "numeric",
                ALNUM_BEFORE + r"[0-9]{12,15}" + DIGIT_AFTER,
                0.3,
                context_required=True,
            ),
        ),
        validate=validate_waybill_no,
        check="format:waybill",
        context=_WAYBILL_CONTEXT,
        negative_context=(
            "订单号",
            "订单",
            "交易号",
            "流水号",
            "工单号",
            "投诉单号",
            "航班",
            "flight",
        ),
        window=(10, 0),
        column_hints=("运单号", "快递单号", "waybill", "tracking_no", "物流单号"),
        mask=keep_ends(4, 4),
        generate=generate_waybill_no,
        examples=("SF1234567890123", "YT7412589630147", "EA123456785CN", "JD0012345678901"),
        # the validator checks format (and S10's digit): it must not lift a bare digit run
        validated_score=0.5,
        counterexamples=("EA123456789CN", "CA1234", "MU5101"),
    ),
)
