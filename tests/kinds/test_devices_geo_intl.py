"""Versions and order numbers that look like IPs, cards and VINs; MAC labels; coordinate
notations; foreign numbers in their plans; passports in long labels and GDS lines."""

from __future__ import annotations

import pytest

from boxguard import Scanner
from boxguard.errors import ValidationError
from boxguard.kinds.phone import validate_intl_phone
from boxguard.kinds.place import validate_geo_coordinate

ALL = Scanner(models=())


def found(text: str, kind: str) -> list[str]:
    return [f.value for f in ALL.scan(text) if f.kind == kind]


# -- IP addresses: versions ------------------------------------------------------------


def test_a_key_that_holds_versions_elsewhere_holds_a_version() -> None:
    log = "user=a ip=61.135.169.121 ap=3.12.40.19\nuser=b ip=61.135.169.125 ap=10.0.20716.2838\n"
    assert found(log, "ip_address") == ["61.135.169.121", "61.135.169.125"]


def test_a_key_with_only_addresses_keeps_them() -> None:
    log = "ap=61.135.169.121\nap=61.135.169.125\n"
    assert found(log, "ip_address") == ["61.135.169.121", "61.135.169.125"]


def test_engine_and_app_version_columns_are_versions() -> None:
    assert found("识别引擎 5.13.87.104\n", "ip_address") == []
    sql = "INSERT INTO d (uid, last_ip, app_ver) VALUES (1, '61.135.169.121', '7.19.81.127');"
    assert found(sql, "ip_address") == ["61.135.169.121"]


# -- order numbers are not cards, VINs, IMEIs, passports -----------------------------


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        ("单据号：4111111111111111", "bank_card"),
        ("单据号：DD4111111111111111", "bank_card"),
        ("合同编号 4111111111111111", "bank_card"),
        ("单据号：1M8GDM9AXKP042788", "vin"),
        ("Reference: TXN490154203237518", "imei"),
        ("发动机号：EA8530905", "cn_passport"),
    ],
)
def test_numbers_named_for_something_else(text: str, kind: str) -> None:
    assert found(text, kind) == []


def test_an_order_column_in_a_dump_is_not_a_card() -> None:
    sql = "INSERT INTO o (`order_no`,`card`) VALUES ('4111111111111111','6222021234567890128');"
    assert found(sql, "bank_card") == ["6222021234567890128"]


# -- MAC addresses after a label ending in hex letters ------------------------------------


@pytest.mark.parametrize(
    "text", ["ONU MAC：5c-02-ed-4d-73-31；", "光猫MAC:74:08:46:53:c1:97\n", "MAC:74:08:46:53:c1:97"]
)
def test_mac_after_mac_label(text: str) -> None:
    assert len(found(text, "mac_address")) == 1


def test_seven_octets_are_not_a_mac() -> None:
    assert found("aa:bb:cc:dd:ee:ff:11", "mac_address") == []


# -- coordinates -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("坐标：N31.249966° E121.591616°\n", "N31.249966° E121.591616°"),
        ("定位: 29°49'29.8\"N 121°34'02.5\"E\n", "29°49'29.8\"N 121°34'02.5\"E"),
    ],
)
def test_coordinate_notations(text: str, value: str) -> None:
    assert found(text, "geo_coordinate") == [value]


def test_sexagesimal_value() -> None:
    assert validate_geo_coordinate("30°16'26.7\"N 120°09'18.3\"E") == "30.274083,120.155083"


# -- foreign numbers ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("Recipient tel：+853-6073-9657\n", "+853-6073-9657"),
        ("电话 +852 9922 3774", "+852 9922 3774"),
        ("Host tel: (852) 5355 4697\n", "(852) 5355 4697"),
    ],
)
def test_foreign_numbers_in_their_plans(text: str, value: str) -> None:
    assert found(text, "intl_phone") == [value]


def test_a_number_outside_its_plan_is_still_refused() -> None:
    with pytest.raises(ValidationError):
        validate_intl_phone("+1 012-345-6789")


# -- passports -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("Travel document number: D22296637\n", "D22296637"),
        ("Remitter ID: S71058850\n", "S71058850"),
        ("<zjlx>护照</zjlx>\n    <zjhm>D48982547</zjhm>", "D48982547"),
        (" 6.SSR DOCS MF HK1 P/CN/D39137921/CN/20AUG84/M/14FEB30/TANG/TAO/P1", "D39137921"),
    ],
)
def test_passport_labels(text: str, value: str) -> None:
    assert found(text, "cn_passport") == [value]


# -- property certificates, WeChat shorthand, face-sheet waybills ----------------------------


def test_pre_2015_house_ownership_certificate() -> None:
    assert found("产权证号：苏房地玄字（2003）第482361号。", "property_cert_no") == [
        "苏房地玄字（2003）第482361号"
    ]


def test_wechat_after_a_bare_v_colon() -> None:
    assert found("- v: mumu1986 价格私聊", "wechat_id") == ["mumu1986"]
    assert found("v2: abcdef12", "wechat_id") == []


def test_face_sheet_waybill_under_a_carrier_header() -> None:
    assert found("京东物流\nNo.7715791830811\n寄件电话", "waybill_no") == ["7715791830811"]
    assert found("顺丰速运 电子面单\nNo.7709966858447\n", "waybill_no") == ["7709966858447"]


def test_siblings_never_rule_out_a_kind_without_a_validator() -> None:
    from boxguard.detect.finding import Finding
    from boxguard.detect.scanner import _siblings

    text = "name=张伟\nname=客服小王"
    f = Finding(5, 7, "person_name", 0.8, (), "张伟")
    assert _siblings(text, [f]) == [f]


@pytest.mark.parametrize(
    ("value", "masked"),
    [
        ("31°12'30.3\"N 121°30'56.3\"E", "31°12'**\"N 121°30'**\"E"),
        ("43°45′40.0″N 87°35′08.1″E", "43°45′**″N 87°35′**″E"),
        ("N31°12.512' E121°30.941'", "N31°12.**' E121°30.**'"),
        ("39.908722,116.397499", "39.90**,116.39**"),
    ],
)
def test_a_coordinate_mask_hides_its_precise_part_in_every_notation(
    value: str, masked: str
) -> None:
    """The mask of degrees-minutes-seconds kept every digit (it only cut decimal degrees)."""
    from boxguard.kinds import get_kind

    assert get_kind("geo_coordinate").mask(value) == masked
