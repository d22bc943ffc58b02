from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from boxguard.crypto.keys import Keyset
from boxguard.errors import ConfigError
from boxguard.kinds import Kind, get_kind
from boxguard.kinds._dates import parse_date, render_date
from boxguard.transform import Context
from boxguard.transform.date_shift import DateShift
from boxguard.transform.generalize import Generalize


def _k(kind_id: str) -> Kind:
    """The shipped kind: its generalization is its own (Kind.generalize), not its id's."""
    return get_kind(kind_id)


@pytest.mark.parametrize(
    ("address", "level", "expected"),
    [
        ("广东省深圳市南山区科技园南路18号", "district", "广东省深圳市南山区"),
        ("广东省深圳市南山区科技园南路18号", "city", "广东省深圳市"),
        ("广东省深圳市南山区科技园南路18号", "province", "广东省"),
        ("北京市朝阳区建国路金地市场3号", "district", "北京市朝阳区"),
        ("浙江省杭州市西湖区西溪街道文三路90号", "street", "浙江省杭州市西湖区西溪街道"),
        ("上海市浦东新区张江镇碧波花园12栋3单元501室", "community", "上海市浦东新区张江镇碧波花园"),
    ],
)
def test_address_levels(address: str, level: str, expected: str) -> None:
    assert Generalize(level=level).apply(address, _k("address"), Context()) == expected


def test_age_band_uses_today() -> None:
    g = Generalize(level="age_band", today=dt.date(2026, 11, 25))
    assert g.apply("1990-11-26", _k("birth_date"), Context()) == "30-39"
    assert g.apply("1986-11-25", _k("birth_date"), Context()) == "40-49"


def test_unsupported_kind_and_level_are_config_errors() -> None:
    with pytest.raises(ConfigError):
        Generalize().apply("13812345678", _k("cn_mobile"), Context())
    with pytest.raises(ConfigError):
        Generalize(level="planet").apply("北京市朝阳区", _k("address"), Context())


dates = st.dates(min_value=dt.date(1900, 1, 1), max_value=dt.date(2099, 12, 31))
formats = st.sampled_from(["%Y-%m-%d", "%Y/%m/%d", "%Y%m%d", "%Y年%m月%d日", "%d/%m/%Y"])


@given(dates, formats)
def test_dates_parse_and_render_back_identically(day: dt.date, fmt: str) -> None:
    text = day.strftime(fmt)
    parsed = parse_date(text)
    assert parsed is not None
    assert parsed[0] == day
    assert render_date(*parsed) == text


@given(dates, dates, formats)
def test_date_shift_keeps_intervals_for_one_subject(a: dt.date, b: dt.date, fmt: str) -> None:
    ctx = Context(keyset=Keyset.generate(), subject="person-1")
    op, k = DateShift(), _k("birth_date")
    sa, sb = op.apply(a.strftime(fmt), k, ctx), op.apply(b.strftime(fmt), k, ctx)
    pa, pb = parse_date(sa), parse_date(sb)
    assert pa is not None
    assert pb is not None
    if dt.date(1901, 1, 1) < a < dt.date(2099, 1, 1) and dt.date(1901, 1, 1) < b < dt.date(
        2099, 1, 1
    ):
        assert (pb[0] - pa[0]) == (b - a)
        assert pa[0] != a
