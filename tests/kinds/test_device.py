"""What is special about ip_address, mac_address and imei."""

from __future__ import annotations

import contextlib
import ipaddress
import random
from collections.abc import Callable

import pytest
from hypothesis import given
from hypothesis import strategies as st

from boxguard import Scanner
from boxguard.errors import ChecksumError, ValidationError
from boxguard.kinds import get_kind
from boxguard.kinds._checks import luhn_digit
from boxguard.kinds.device import (
    generate_imei,
    generate_ip_address,
    generate_mac_address,
    validate_imei,
    validate_ip_address,
    validate_mac_address,
)

DEVICE = Scanner(kinds=["ip_address", "mac_address", "imei"], models=())
ALL = Scanner(models=())


def found(text: str, scanner: Scanner = DEVICE) -> set[tuple[str, str]]:
    return {(f.kind, f.value) for f in scanner.scan(text)}


# -- ip_address -----------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("登录IP 202.96.128.86", "202.96.128.86"),
        ("http://202.96.128.86:8080/x", "202.96.128.86"),
        ("来源 192.168.1.1/24", "192.168.1.1"),
        ("server 10.0.0.1 down", "10.0.0.1"),  # 'ver' inside a word is not a version label
        ("IPv6 2001:db8:85a3::8a2e:370:7334", "2001:db8:85a3::8a2e:370:7334"),
        ("addr fe80::1%eth0", "fe80::1"),
        ("IP：２０２．９６．１２８．８６", "２０２．９６．１２８．８６"),  # full-width
    ],
)
def test_ip_found(text: str, value: str) -> None:
    assert ("ip_address", value) in found(text)


@pytest.mark.parametrize(
    "text",
    [
        "版本 1.2.3.4",
        "版本号：2.0.10.1",
        "v1.2.3.4",
        "version 10.0.0.1",
        "Ver 2.0.10.1",
        "ver.1.2.3.4",
        "固件 3.1.0.2",
        "Build 10.0.19041.1",
        "UA Mozilla/5.0 Chrome/120.0.0.0 Safari/537.36",  # product/version in a user agent
        "IP 1.2.3.4.5",  # part of a longer dotted number
        "OID 1.3.6.1.4.1",
        "ISBN 978.7.111.12",
        "256.1.1.1",
        "2024.11.25",
        "127.0.0.1",
        "::1",
        "12:34:56",
    ],
)
def test_ip_silent(text: str) -> None:
    assert "ip_address" not in {k for k, _ in found(text)}


def test_ip_mask_hides_host_part() -> None:
    mask = get_kind("ip_address").mask
    assert mask("202.96.128.86") == "202.96.*.*"
    assert "8000::1" not in mask("2408:8000::1")


# -- mac_address ----------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "compact"),
    [
        ("MAC 00:1A:2B:3C:4D:5E", "00:1a:2b:3c:4d:5e"),
        ("物理地址 a4-5e-60-c2-11-9f", "a4:5e:60:c2:11:9f"),
    ],
)
def test_mac_found(text: str, compact: str) -> None:
    ((kind, value),) = found(text)
    assert kind == "mac_address"
    assert validate_mac_address(value) == compact


@pytest.mark.parametrize(
    "text",
    [
        "MAC 00:1A-2B:3C:4D:5E",  # mixed separators
        "MAC 00:1A:2B:3C:4D:5E:6F",  # seven octets
        "MAC 00:1A:2B:3C:4D",
        "MAC 00:00:00:00:00:00",
        "MAC ff:ff:ff:ff:ff:ff",
        "MAC 0G:1A:2B:3C:4D:5E",
        "time 10:20:30:40:50:60",  # decimal-only octets need a MAC label
    ],
)
def test_mac_silent(text: str) -> None:
    assert found(text) == set()


def test_decimal_only_mac_found_with_label() -> None:
    assert found("MAC地址：00-11-22-33-44-55") == {("mac_address", "00-11-22-33-44-55")}


def test_mac_mask_keeps_vendor_prefix() -> None:
    assert get_kind("mac_address").mask("00:1A:2B:3C:4D:5E") == "00:1A:2B:**:**:**"


# -- imei -----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("IMEI 490154203237518", "490154203237518"),
        ("IMEI: 35-209900-176148-1", "35-209900-176148-1"),
        ("手机串号：356938035643809", "356938035643809"),
        ("IMEISV 4901542032375186", "4901542032375186"),
        ("串号 4901542032375186", "4901542032375186"),
    ],
)
def test_imei_found(text: str, value: str) -> None:
    assert ("imei", value) in found(text)


@pytest.mark.parametrize(
    "text",
    [
        "IMEI 490154203237519",  # Luhn fails
        "4901542032375186",  # IMEISV needs context
        "订单号：490154203237518",  # an order number, even if Luhn happens to pass
        "IMEI 4901542032375180000",  # inside a longer number
    ],
)
def test_imei_silent(text: str) -> None:
    assert "imei" not in {k for k, _ in found(text)}


def test_context_raises_imei_score() -> None:
    (bare,) = DEVICE.scan("490154203237518")
    (labelled,) = DEVICE.scan("IMEI 490154203237518")
    assert labelled.score > bare.score
    assert "context:IMEI" in labelled.evidence
    assert "checksum:Luhn" in labelled.evidence


def test_imei_is_not_a_bank_card() -> None:
    findings = ALL.scan("IMEI 490154203237518")
    assert [(f.kind, f.value) for f in findings] == [("imei", "490154203237518")]
    assert "bank_card" not in {f.kind for f in ALL.scan("手机串号 356938035643809")}


def test_bad_luhn_is_a_checksum_error() -> None:
    with pytest.raises(ChecksumError):
        validate_imei("490154203237519")


def test_imei_mask() -> None:
    assert get_kind("imei").mask("490154203237518") == "49015420*******"


# -- properties -----------------------------------------------------------------


@pytest.mark.parametrize("validate", [validate_ip_address, validate_mac_address, validate_imei])
@given(text=st.text(max_size=48))
def test_validators_raise_only_validation_errors(validate: Callable[[str], str], text: str) -> None:
    try:
        out = validate(text)
    except ValidationError:
        return
    assert out


@given(text=st.text(alphabet="0123456789abcdefABCDEF:.-% ", max_size=48))
def test_address_shaped_text_raises_only_validation_errors(text: str) -> None:
    for validate in (validate_ip_address, validate_mac_address, validate_imei):
        with contextlib.suppress(ValidationError):
            validate(text)


@given(ip=st.ip_addresses(v=4))
def test_public_ipv4_found(ip: ipaddress.IPv4Address) -> None:
    if ip.is_loopback or ip.is_unspecified:
        return
    assert validate_ip_address(str(ip)) == str(ip)
    assert ("ip_address", str(ip)) in found(f"登录IP：{ip}，时间")


@given(ip=st.ip_addresses(v=6))
def test_ipv6_validates_to_compressed_form(ip: ipaddress.IPv6Address) -> None:
    if ip.is_loopback or ip.is_unspecified:
        return
    assert validate_ip_address(ip.exploded) == str(ip)
    assert ("ip_address", str(ip)) in found(f"IPv6 {ip} 登录")


@given(octets=st.lists(st.integers(0, 255), min_size=6, max_size=6), sep=st.sampled_from(":-"))
def test_mac_shape(octets: list[int], sep: str) -> None:
    value = sep.join(f"{o:02X}" for o in octets)
    if value.replace(sep, "") in ("000000000000", "FFFFFFFFFFFF"):
        return
    assert validate_mac_address(value) == value.replace("-", ":").lower()


@given(body=st.from_regex(r"[0-9]{14}", fullmatch=True), wrong=st.integers(1, 9))
def test_imei_luhn(body: str, wrong: int) -> None:
    good = body + luhn_digit(body)
    assert validate_imei(good) == good
    bad = body + str((int(luhn_digit(body)) + wrong) % 10)
    with pytest.raises(ChecksumError):
        validate_imei(bad)


@given(seed=st.integers(min_value=0, max_value=2**32))
def test_generated_values_validate(seed: int) -> None:
    rng = random.Random(seed)
    assert validate_imei(generate_imei(rng))
    assert validate_ip_address(generate_ip_address(rng))
    assert validate_mac_address(generate_mac_address(rng))


def test_luhn_valid_0086_mobile_is_a_mobile_not_an_imei() -> None:
    value = "008613812345603"
    assert get_kind("imei").is_valid(value)  # the shape alone is ambiguous
    findings = ALL.scan(f"联系 {value}")
    assert [(f.kind, f.value) for f in findings] == [("cn_mobile", value)]


# -- IMEISV: an IMEI's 14 digits and a 2-digit software version, no check digit ----------


def _luhn_valid_imeisv() -> str:
    """A synthetic 16-digit IMEISV with a 35 (card-like) prefix that happens to pass Luhn."""
    body = "35321109" + "123456" + "7"
    return body + luhn_digit(body)


@pytest.mark.parametrize("label", ["IMEISV：", "IMEI SV: ", "imeisv ", "手机串号 "])
def test_a_labelled_imeisv_is_an_imei_not_a_bank_card(label: str) -> None:
    value = _luhn_valid_imeisv()
    assert get_kind("bank_card").is_valid(value)  # the shape alone is ambiguous
    assert [(f.kind, f.value) for f in ALL.scan(label + value)] == [("imei", value)]


def test_an_unlabelled_luhn_valid_16_digits_is_still_a_bank_card() -> None:
    assert ("bank_card", _luhn_valid_imeisv()) in found(_luhn_valid_imeisv(), ALL)


@given(
    body=st.from_regex(r"[0-9]{14}", fullmatch=True), sv=st.from_regex(r"[0-9]{2}", fullmatch=True)
)
def test_imei_evidence_names_the_check_that_ran(body: str, sv: str) -> None:
    imei = get_kind("imei")
    assert imei.check_for(body + luhn_digit(body)) == "checksum:Luhn"
    assert imei.check_for(body[:2] + "-" + body[2:8] + "-" + body[8:] + "-" + luhn_digit(body)) == (
        "checksum:Luhn"
    )
    assert validate_imei(body + sv) == body + sv  # an IMEISV validates by its format only
    assert imei.check_for(body + sv) == "format:imeisv"


def test_a_luhn_invalid_imeisv_claims_no_luhn_check() -> None:
    body = "86123456789012"
    value = body + "35"
    (f,) = DEVICE.scan(f"IMEISV：{value}")
    assert (f.kind, f.value) == ("imei", value)
    assert "checksum:Luhn" not in f.evidence
    assert "format:imeisv" in f.evidence
