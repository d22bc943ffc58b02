"""What is special about cn_mobile, cn_landline and intl_phone."""

from __future__ import annotations

import contextlib
import random
from collections.abc import Callable

import pytest
from hypothesis import given
from hypothesis import strategies as st

from boxguard import Scanner
from boxguard.errors import ValidationError
from boxguard.kinds import get_kind
from boxguard.kinds.phone import (
    generate_cn_landline,
    generate_cn_mobile,
    generate_intl_phone,
    validate_cn_landline,
    validate_cn_mobile,
    validate_intl_phone,
)

PHONES = Scanner(kinds=["cn_mobile", "cn_landline", "intl_phone"], models=())
ALL = Scanner(models=())


def found(text: str, scanner: Scanner = PHONES) -> set[tuple[str, str]]:
    return {(f.kind, f.value) for f in scanner.scan(text)}


# -- cn_mobile ------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("手机：１３８１２３４５６７８", "１３８１２３４５６７８"),  # full-width digits
        ("电话 138 1234 5678 谢谢", "138 1234 5678"),
        ("联系 +86-138-1234-5678", "+86-138-1234-5678"),
        ("mobile (+86)13812345678", "(+86)13812345678"),
        ("手机 (+86) 138-1234-5678", "(+86) 138-1234-5678"),
        ("tel 008613812345678", "008613812345678"),
        ("0086 13812345678", "0086 13812345678"),
        ("手机\t13812345678\t备注", "13812345678"),
        ("13812345678", "13812345678"),
    ],
)
def test_mobile_found_whole(text: str, value: str) -> None:
    assert ("cn_mobile", value) in found(text)


@pytest.mark.parametrize(
    "text",
    [
        "时间戳1700000000000",  # a 13-digit millisecond timestamp
        "ts=1731234567890",
        "订单号 2023138123456789",  # a mobile-shaped run inside a longer number
        "流水 9138123456781",
        "身份证110105199003071234",  # 18 digits: never a mobile inside
        "12012345678",  # 120 is not an allocated segment
        "SN13812345678X",  # glued to letters
    ],
)
def test_mobile_silent(text: str) -> None:
    assert not {k for k, _ in found(text)} & {"cn_mobile"}


def test_mobile_in_resident_id_is_the_id() -> None:
    text = "身份证号 11010519491231002X 手机 13812345678"
    kinds = found(text, ALL)
    assert ("cn_resident_id", "11010519491231002X") in kinds
    assert ("cn_mobile", "13812345678") in kinds
    assert len([k for k, _ in kinds if k == "cn_mobile"]) == 1


def test_mobile_offsets_exclude_label() -> None:
    text = "手机：+86 138 1234 5678。"
    (f,) = PHONES.scan(text)
    assert text[f.start : f.end] == "+86 138 1234 5678"
    assert "segment" in f.evidence
    assert "context:手机" in f.evidence


def test_mobile_mask() -> None:
    assert get_kind("cn_mobile").mask("13812345678") == "138****5678"


# -- cn_landline ----------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "value", "compact"),
    [
        ("电话 010-65529988", "010-65529988", "01065529988"),
        ("电话(010)65529988", "(010)65529988", "01065529988"),
        ("座机：021 6212 3456", "021 6212 3456", "02162123456"),
        ("办公电话 0755-86013388转123", "0755-86013388转123", "075586013388"),
        ("tel 0571 8765 4321 ext 88", "0571 8765 4321 ext 88", "057187654321"),
        ("电话 0571-87654321-8001", "0571-87654321-8001", "057187654321"),
        ("电话 0571-87654321 分机 12", "0571-87654321 分机 12", "057187654321"),
        ("固话 0898-66123456", "0898-66123456", "089866123456"),
        ("座机：+86 10 6552 9988", "+86 10 6552 9988", "01065529988"),
        ("电话 0086-10-65529988", "0086-10-65529988", "01065529988"),
        # a local number of the length its area once had (Shenzhen's were 7 digits)
        ("电话 0755-8601338", "0755-8601338", "07558601338"),
        ("单位电话：(0351)45739033", "(0351)45739033", "035145739033"),
    ],
)
def test_landline_found(text: str, value: str, compact: str) -> None:
    assert ("cn_landline", value) in found(text)
    assert validate_cn_landline(value) == compact


@pytest.mark.parametrize(
    "text",
    [
        "客服电话 400-810-8888",
        "热线4008108888",
        "免费电话 800-820-8820",
        "拨打95588查询",
        "工行客服 95588，招行 95555",
        "政务热线12345",
        "12306订票",
        "移动10086，联通10010",
        "报警110，急救120，火警119",
        "客服 +86 400 810 8888",
        "热线 0086-4008108888",
        "电话 0301-86013388",  # no such area code
        "电话 010 12345678",  # local numbers do not start with 1
        "电话 001-12345678",
    ],
)
def test_service_numbers_and_bad_area_codes_are_silent(text: str) -> None:
    assert found(text) == set()


@pytest.mark.parametrize("value", ["400-810-8888", "4008108888", "95588", "12345", "10086", "110"])
def test_service_numbers_do_not_validate(value: str) -> None:
    with pytest.raises(ValidationError):
        validate_cn_landline(value)


@pytest.mark.parametrize(
    ("value", "masked"),
    [
        ("010-65529988", "010-****9988"),
        ("(0755)86013388转123", "(0755)****3388转123"),
        ("0571-8765432-12", "0571-***5432-12"),
        ("+86 10 6552 9988", "+86 10 **** 9988"),
    ],
)
def test_landline_mask_keeps_area_code_and_last_four(value: str, masked: str) -> None:
    assert get_kind("cn_landline").mask(value) == masked


# -- intl_phone -----------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "value", "e164"),
    [
        ("US office +1 415 555 0100", "+1 415 555 0100", "+14155550100"),
        ("香港电话 +852 9123 4567", "+852 9123 4567", "+85291234567"),
        ("台湾手机 +886 912 345 678", "+886 912 345 678", "+886912345678"),
        ("UK mobile +44 7911 123456", "+44 7911 123456", "+447911123456"),
        ("Tel 00852 9123 4567", "00852 9123 4567", "+85291234567"),
    ],
)
def test_intl_found(text: str, value: str, e164: str) -> None:
    assert ("intl_phone", value) in found(text)
    assert validate_intl_phone(value) == e164


@pytest.mark.parametrize("text", ["+86 138 1234 5678", "+86-10-65529988", "0086 13812345678"])
def test_mainland_numbers_are_not_intl(text: str) -> None:
    assert "intl_phone" not in {k for k, _ in found(text)}
    assert found(text)  # but they are found as a mainland kind


def test_intl_needs_a_valid_number_for_its_country() -> None:
    assert found("电话 +1 000-000-0000") == set()
    with pytest.raises(ValidationError):
        validate_intl_phone("+86 138 1234 5678")
    with pytest.raises(ValidationError):
        validate_intl_phone("4155550100")  # no country code


@pytest.mark.parametrize(
    ("value", "masked"),
    [
        ("+1 415-555-0100", "+1 ***-***-0100"),
        ("+852 9123 4567", "+852 **** 4567"),
        ("+6591234567", "+65****4567"),
        ("0044 7911 123456", "0044 **** **3456"),
    ],
)
def test_intl_mask_keeps_country_code_and_last_four(value: str, masked: str) -> None:
    assert get_kind("intl_phone").mask(value) == masked


# -- properties -----------------------------------------------------------------

VALIDATORS = [validate_cn_mobile, validate_cn_landline, validate_intl_phone]


@pytest.mark.parametrize("validate", VALIDATORS)
@given(text=st.text(max_size=40))
def test_validators_raise_only_validation_errors(validate: Callable[[str], str], text: str) -> None:
    try:
        out = validate(text)
    except ValidationError:
        return
    assert isinstance(out, str)
    assert out


@given(text=st.text(alphabet="0123456789+-() 转ext86", max_size=30))
def test_phone_shaped_text_raises_only_validation_errors(text: str) -> None:
    for validate in VALIDATORS:
        with contextlib.suppress(ValidationError):
            validate(text)


@given(seed=st.integers(min_value=0, max_value=2**32))
def test_generated_values_validate(seed: int) -> None:
    rng = random.Random(seed)
    mobile = generate_cn_mobile(rng)
    assert validate_cn_mobile(mobile) == mobile
    landline = generate_cn_landline(rng)
    assert validate_cn_landline(landline).startswith("0")
    assert validate_intl_phone(generate_intl_phone(rng)).startswith("+")


@given(seed=st.integers(min_value=0, max_value=2**32))
def test_mobile_compact_form_is_stable(seed: int) -> None:
    mobile = generate_cn_mobile(random.Random(seed))
    spaced = f"+86 {mobile[:3]} {mobile[3:7]} {mobile[7:]}"
    assert validate_cn_mobile(spaced) == mobile
    assert validate_cn_mobile(validate_cn_mobile(spaced)) == mobile


# -- the metadata fast path agrees with libphonenumber's own parse ------------------


def _library_says(digits: str, types: tuple[object, ...]) -> bool:
    import phonenumbers

    try:
        num = phonenumbers.parse(digits, "CN")
    except phonenumbers.NumberParseException:
        return False
    return phonenumbers.is_valid_number(num) and phonenumbers.number_type(num) in types


def _accepts(validate: Callable[[str], str], value: str) -> bool:
    try:
        validate(value)
    except ValidationError:
        return False
    return True


def test_mobile_check_equals_libphonenumber_on_every_5_digit_prefix() -> None:
    import phonenumbers

    types = (phonenumbers.PhoneNumberType.MOBILE, phonenumbers.PhoneNumberType.FIXED_LINE_OR_MOBILE)
    rng = random.Random(5)
    later = validate_cn_mobile.__globals__["_SEGMENTS_AFTER_METADATA"]
    for prefix in range(13000, 20000):
        digits = f"{prefix}{rng.randrange(10**6):06d}"
        # a segment MIIT allocated after the library's metadata is the one difference
        expected = _library_says(digits, types) or digits.startswith(later)
        assert _accepts(validate_cn_mobile, digits) == expected, digits


@given(st.from_regex(r"0[1-9][0-9]{8,10}", fullmatch=True))
def test_landline_check_equals_libphonenumber(digits: str) -> None:
    import phonenumbers

    types = (
        phonenumbers.PhoneNumberType.FIXED_LINE,
        phonenumbers.PhoneNumberType.FIXED_LINE_OR_MOBILE,
    )
    service = validate_cn_landline.__globals__["_SERVICE"]
    if service.fullmatch(digits[1:]) or service.fullmatch(digits):
        return  # service numbers are refused before the library is asked
    # the library's numbers, and numbers of its local plans beyond its allocated ranges
    local_plan = validate_cn_landline.__globals__["_local_plan"]
    expected = _library_says(digits, types) or (digits[1] != "0" and local_plan(digits[1:]))
    assert _accepts(validate_cn_landline, digits) == expected


def test_carrier_prefix_179_is_silent_not_a_crash() -> None:
    # libphonenumber's parse raises on 179xx (a carrier-selection prefix)
    assert found("电话17913006975") == set()
