"""Devices: IP addresses, MAC addresses, IMEIs."""

from __future__ import annotations

import ipaddress
import random
import re

from boxguard.accel import native as _native
from boxguard.kinds._checks import ChecksumError, FormatError, luhn_digit, luhn_ok, require
from boxguard.kinds._masks import keep_ends, run_twin
from boxguard.kinds._model import (
    ALNUM_BEFORE,
    DIGIT_AFTER,
    DIGIT_BEFORE,
    Category,
    Kind,
    Pattern,
)
from boxguard.text import fold


def validate_ip_address(value: str) -> str:
    """An IPv4 or IPv6 address (``ipaddress``), not a loopback/unspecified one.

    >>> validate_ip_address("202.96.128.86"), validate_ip_address("2408:8000::1")
    ('202.96.128.86', '2408:8000::1')
    """
    try:
        ip = ipaddress.ip_address(value.strip())
    except ValueError:
        raise FormatError("not an IP address") from None
    require(not (ip.is_unspecified or ip.is_loopback), FormatError, "not a personal address")
    return str(ip)


def generate_ip_address(rng: random.Random) -> str:
    """A synthetic public address: mostly IPv4 in Chinese carrier blocks, some IPv6.

    >>> validate_ip_address(generate_ip_address(random.Random(4))) != ""
    True
    """
    if rng.random() < 0.8:
        first = rng.choice([36, 58, 101, 111, 117, 183, 202, 223])
        return f"{first}.{rng.randrange(256)}.{rng.randrange(256)}.{rng.randrange(1, 255)}"
    return (
        f"240e:{rng.randrange(0x10000):x}:{rng.randrange(0x10000):x}::{rng.randrange(1, 0x10000):x}"
    )


def validate_mac_address(value: str) -> str:
    """Six hex octets separated consistently by ``:`` or ``-``.

    >>> validate_mac_address("00-1A-2B-3C-4D-5E")
    '00:1a:2b:3c:4d:5e'
    """
    ok = bool(re.fullmatch(r"[0-9A-Fa-f]{2}([:-])(?:[0-9A-Fa-f]{2}\1){4}[0-9A-Fa-f]{2}", value))
    require(ok, FormatError, "not a MAC address")
    require(
        value.replace("-", ":").lower() not in ("00:00:00:00:00:00", "ff:ff:ff:ff:ff:ff"),
        FormatError,
        "not a device address",
    )
    return value.replace("-", ":").lower()


def generate_mac_address(rng: random.Random) -> str:
    """A synthetic MAC address, colon-separated lower-case hex.

    >>> validate_mac_address(generate_mac_address(random.Random(1))) != ""
    True
    """
    while True:
        value = ":".join(f"{rng.randrange(256):02x}" for _ in range(6))
        if value not in ("00:00:00:00:00:00", "ff:ff:ff:ff:ff:ff"):
            return value


def validate_imei(value: str) -> str:
    """15 digits with a Luhn check digit, or a 16-digit IMEISV (which has none).

    >>> validate_imei("490154203237518")
    '490154203237518'
    """
    v = value.replace(" ", "").replace("-", "")
    require(
        v.isdigit() and v.isascii() and len(v) in (15, 16), FormatError, "an IMEI has 15 digits"
    )
    if len(v) == 15:
        require(luhn_ok(v), ChecksumError, "Luhn check digit does not match")
    else:
        from stdnum import imei as _imei  # at first use: python-stdnum is slow to import

        require(_imei.is_valid(v), FormatError, "not an IMEISV")
    return v


def imei_check(value: str) -> str:
    """What validating an IMEI checked: its Luhn digit, or for an IMEISV (14 digits and a
    2-digit software version, no check digit) only its format.

    >>> imei_check("35-209900-176148-1"), imei_check("3532110912345673")
    ('checksum:Luhn', 'format:imeisv')
    """
    return (
        "checksum:Luhn" if len(value.replace(" ", "").replace("-", "")) == 15 else "format:imeisv"
    )


def generate_imei(rng: random.Random) -> str:
    """A synthetic 15-digit IMEI (TAC + serial + Luhn digit).

    >>> len(validate_imei(generate_imei(random.Random(6))))
    15
    """
    tac = rng.choice(["35", "86", "49", "01"]) + "".join(rng.choice("0123456789") for _ in range(6))
    body = tac + "".join(rng.choice("0123456789") for _ in range(6))
    return body + luhn_digit(body)


_V4 = r"(?:25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9]?[0-9])"
#: "Ver 2.0.10.1" / "ver.1.2.3.4" are versions; "server 10.0.0.1" is an address.
_NOT_VERSION = "".join(rf"(?<!(?<![A-Za-z])[Vv]er{sep})" for sep in (" ", r"\.", r"\. ", ": ", ":"))
_IPV4 = (
    rf"(?<![0-9A-Za-z.])(?<![A-Za-z]/){_NOT_VERSION}{_V4}(?:\.{_V4}){{3}}(?![0-9A-Za-z]|\.[0-9])"
)
_H = r"[0-9A-Fa-f]{1,4}"
_IPV6 = (
    rf"(?<![0-9A-Za-z])(?<![0-9A-Fa-f]:)(?:::(?:[Ff]{{4}}:)?{_V4}(?:\.{_V4}){{3}}(?!\.[0-9])"
    rf"|(?:{_H}:){{7}}{_H}|(?:{_H}:){{1,7}}:|(?:{_H}:){{1,6}}:{_H}"
    rf"|(?:{_H}:){{1,5}}(?::{_H}){{1,2}}|(?:{_H}:){{1,4}}(?::{_H}){{1,3}}"
    rf"|(?:{_H}:){{1,3}}(?::{_H}){{1,4}}|(?:{_H}:){{1,2}}(?::{_H}){{1,5}}|{_H}:(?::{_H}){{1,6}}|:(?::{_H}){{1,7}})"
    r"(?![0-9A-Za-z]|:[0-9A-Fa-f])"
)

#: not inside a longer run of octets; ``MAC:`` (a word ending in hex letters) is a label
_MAC_EDGE = r"(?<![0-9A-Za-z])(?<!(?<![A-Za-z])[0-9A-Fa-f]{2}[:-])"
#: six octets with one separator throughout; spelt without a back-reference (``([:-])…\1``),
#: which Hyperscan's prefilter can only approximate by "anything", so it would flag every text
_MAC = r"[0-9A-Fa-f]{2}(?:(?::[0-9A-Fa-f]{2}){5}|(?:-[0-9A-Fa-f]{2}){5})"
_MAC_END = r"(?![0-9A-Za-z]|[:-][0-9A-Fa-f])"


#: A hex digit, ASCII or full-width (what a mask hides of an address it cannot parse).
_HEX = re.compile("[0-9A-Fa-f０-９Ａ-Ｆａ-ｆ]")


def mask_ip_address(value: str) -> str:
    """IPv4 keeps its /16, IPv6 its /48 (what analytics IP anonymization keeps).

    >>> mask_ip_address("202.96.128.86"), mask_ip_address("240e:f285:2dbc::9d85")
    ('202.96.*.*', '240e:f285:2dbc:*:*:*:*:*')
    """
    if _native is not None:
        try:
            out = _native.mask_ip_address(value)
        except UnicodeEncodeError:  # a lone surrogate: not UTF-8
            out = None
        if out is not None:  # None: a scoped IPv6 address, left to the reference
            return out
    return mask_ip_address_reference(value)


def mask_ip_address_reference(value: str) -> str:
    """The Python reference of :func:`mask_ip_address` (the test oracle).

    >>> mask_ip_address_reference("1.2.3"), mask_ip_address_reference("::ffff:1.2.3.4")
    ('1.*.*', '0:0:0:*:*:*:*:*')
    >>> mask_ip_address_reference("１９２．１６８．１．１"), mask_ip_address_reference("１．２．３")
    ('192.168.*.*', '１．*．*')
    >>> mask_ip_address_reference("fe80::1%eth0")  # the scope (an interface) goes too
    'fe80:0:0:*:*:*:*:*'
    """
    try:  # read folded: a full-width address (１９２．１６８．１．１) is an address too
        ip = ipaddress.ip_address(fold(value).strip())
    except ValueError:
        return value[:2] + _HEX.sub("*", value[2:])
    if ip.version == 4:
        return ".".join([*str(ip).split(".")[:2], "*", "*"])
    exploded = ipaddress.IPv6Address(int(ip)).exploded  # without its scope, which it refuses
    return ":".join([*(f"{int(g, 16):x}" for g in exploded.split(":")[:3]), *["*"] * 5])


def mask_mac_address(value: str) -> str:
    """The first three octets kept, the other hex digits hidden.

    >>> mask_mac_address("00:1A:2B:3C:4D:5E")
    '00:1A:2B:**:**:**'
    """
    return run_twin(
        None if _native is None else _native.mask_mac_address, value, mask_mac_address_reference
    )


def mask_mac_address_reference(value: str) -> str:
    """The Python reference of :func:`mask_mac_address` (the test oracle).

    >>> mask_mac_address_reference("a4-5e-60-c2-11-9f")
    'a4-5e-60-**-**-**'
    >>> mask_mac_address_reference("０Ａ:１Ａ:２Ｂ:３Ｃ")  # full-width hex digits too
    '０Ａ:１Ａ:２Ｂ:**'
    """
    return value[:8] + _HEX.sub("*", value[8:])


KINDS = (
    Kind(
        id="ip_address",
        en="IP address",
        zh="IP 地址",
        category=Category.DEVICE,
        sensitive=False,
        patterns=(Pattern("ipv4", _IPV4, 0.6), Pattern("ipv6", _IPV6, 0.6)),
        validate=validate_ip_address,
        check="format:ip",
        context=("IP地址", "IP", "登录IP", "ip addr", "address", "来源"),
        negative_context=(
            "版本",
            "版本号",
            "version",
            "ver.",
            "_ver",
            "固件",
            "firmware",
            "build",
            "引擎",  # 识别引擎 5.13.87.104: an OCR engine's version
        ),
        window=(12, 4),
        column_hints=("ip", "ip地址", "ip_address", "client_ip", "登录ip"),
        mask=mask_ip_address,
        generate=generate_ip_address,
        examples=("202.96.128.86", "183.14.22.9", "2408:8000::1", "240e:3a1:4c2:1f::8"),
        counterexamples=("256.1.1.1", "1.2.3", "127.0.0.1", "::"),
        validated_score=0.7,
    ),
    Kind(
        id="mac_address",
        en="MAC address",
        zh="MAC 地址",
        category=Category.DEVICE,
        sensitive=False,
        patterns=(
            # with a hex letter somewhere: clearly a MAC
            Pattern("mac", _MAC_EDGE + r"(?=[0-9:-]{0,16}[A-Fa-f])" + _MAC + _MAC_END, 0.8),
            # decimal-only octets look like times (10:20:30:40:50:60): only with a label
            Pattern(
                "mac_decimal",
                _MAC_EDGE + r"[0-9]{2}(?:(?::[0-9]{2}){5}|(?:-[0-9]{2}){5})" + _MAC_END,
                0.8,
                context_required=True,
            ),
        ),
        validate=validate_mac_address,
        check="format:mac",
        context=("MAC地址", "MAC", "物理地址", "网卡"),
        column_hints=("mac", "mac地址", "mac_address", "物理地址"),
        mask=mask_mac_address,
        generate=generate_mac_address,
        examples=("00:1A:2B:3C:4D:5E", "a4-5e-60-c2-11-9f"),
        counterexamples=("00:1A:2B:3C:4D", "00:1A-2B:3C:4D:5E", "00:00:00:00:00:00"),
    ),
    Kind(
        id="imei",
        en="IMEI",
        zh="IMEI",
        category=Category.DEVICE,
        sensitive=False,
        patterns=(
            # not glued after letters: TXN392134074274310 is a transaction number
            Pattern("imei", ALNUM_BEFORE + r"[0-9]{15}" + DIGIT_AFTER, 0.35),
            Pattern(
                "imei_spaced",
                DIGIT_BEFORE + r"[0-9]{2}[ -][0-9]{6}[ -][0-9]{6}[ -][0-9]" + DIGIT_AFTER,
                0.5,
            ),
            Pattern(
                "imeisv", DIGIT_BEFORE + r"[0-9]{16}" + DIGIT_AFTER, 0.3, context_required=True
            ),
        ),
        validate=validate_imei,
        check="checksum:Luhn",
        form_check=imei_check,
        context=("IMEI", "串号", "设备号", "IMEISV", "手机串号", "MEID"),
        negative_context=("订单号", "单号", "流水号", "卡号", "银行卡"),
        column_hints=("imei", "串号", "设备号", "device_id"),
        mask=keep_ends(8, 0),
        generate=generate_imei,
        examples=("490154203237518", "35-209900-176148-1", "356938035643809"),
        counterexamples=("490154203237519", "49015420323751"),
        validated_score=0.55,
        fpe_keep_first=8,
        fpe_check_last=True,
    ),
)
