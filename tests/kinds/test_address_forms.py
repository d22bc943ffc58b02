"""Addresses as forms, OCR and English records write them."""

from __future__ import annotations

import pytest

from boxguard import Scanner

ALL = Scanner(models=())


def found(text: str) -> list[str]:
    return [f.value for f in ALL.scan(text) if f.kind == "address"]


@pytest.mark.parametrize(
    ("text", "value"),
    [
        (
            "现住址：浙江省杭州市西湖区文三路 478 号华星大厦5栋1201室\n",
            "浙江省杭州市西湖区文三路 478 号华星大厦5栋1201室",
        ),
        ("住 址 江苏省宿迁市泗阳县高庙乡东湖村6组51号\n", "江苏省宿迁市泗阳县高庙乡东湖村6组51号"),
        (
            "户籍地址：河南省南阳市方城县长安镇朱集村村委会旁11号  电话",
            "河南省南阳市方城县长安镇朱集村村委会旁11号",
        ),
    ],
)
def test_chinese_address_forms(text: str, value: str) -> None:
    assert found(text) == [value]


@pytest.mark.parametrize(
    ("text", "value"),
    [
        (
            "Residential Address: No. 52 Wenchuan Avenue, Apt 954, Heping District, Tianjin, "
            "China\nMobile: 1",
            "No. 52 Wenchuan Avenue, Apt 954, Heping District, Tianjin, China",
        ),
        (
            "address Room 703, Building 21, No. 695 Hesan Lane, Huangpu District, Shanghai. "
            "Your card",
            "Room 703, Building 21, No. 695 Hesan Lane, Huangpu District, Shanghai",
        ),
        (
            "Home address: Flat 7A, 469 Baosan Lane, Hangzhou 310051 | E-mail",
            "Flat 7A, 469 Baosan Lane, Hangzhou 310051",
        ),
    ],
)
def test_english_addresses(text: str, value: str) -> None:
    assert found(text) == [value]


def test_an_english_address_stops_before_the_next_field() -> None:
    text = "Address: 12 Xinhua Road, Nanjing, Mobile: +86 138 1234 5678"
    assert found(text) == ["12 Xinhua Road, Nanjing"]


def test_a_community_health_centre_is_not_an_address() -> None:
    assert found("工作单位：浦东新区南星街道社区卫生服务中心\n") == []
