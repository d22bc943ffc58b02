from __future__ import annotations

import random
import re
import unicodedata

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from boxguard.errors import ConfigError
from boxguard.trace import (
    TardosCode,
    baseline_row,
    parse_text,
    read_row,
    release_row,
    release_rows,
)
from boxguard.trace.embed import CHANNELS, Schema, positions, render_row
from conftest import SCHEMA, fixed_code, person

PEOPLE = st.integers(0, 2**32).map(lambda seed: person(random.Random(seed)))
COLUMNS = dict(SCHEMA.columns)


def _bits(draw: st.DrawFn, row: dict[str, str]) -> dict[str, tuple[int, ...]]:
    base = baseline_row(SCHEMA, row)
    return {
        c: tuple(draw(st.integers(0, 1)) for _ in range(CHANNELS[k].width(base[c])))
        for c, k in SCHEMA.columns
    }


@st.composite
def rendered(draw: st.DrawFn) -> tuple[dict[str, str], dict[str, tuple[int, ...]]]:
    row = draw(PEOPLE)
    return row, _bits(draw, row)


@given(rendered())
@settings(max_examples=150, deadline=None)
def test_every_bit_reads_back_from_an_intact_row(case: tuple[dict, dict]) -> None:
    row, bits = case
    out = render_row(SCHEMA, row, bits)
    assert read_row(SCHEMA, out, baseline_row(SCHEMA, row)) == bits


@given(rendered())
@settings(max_examples=150, deadline=None)
def test_no_variant_shows_more_than_the_default_mask(case: tuple[dict, dict]) -> None:
    row, bits = case
    out, base = render_row(SCHEMA, row, bits), baseline_row(SCHEMA, row)
    for column in ("手机", "身份证", "银行卡"):
        shown = re.sub(r"[ -]", "", out[column])
        assert len(shown) == len(base[column])
        assert all(c == "*" or (c == b != "*") for c, b in zip(shown, base[column], strict=True))
    assert out["出生日期"][:3] == base["出生日期"][:3]  # the year at most
    assert set(out["姓名"][1:]) <= {"*", "某"}
    assert out["姓名"][0] == row["姓名"][0]
    assert out["地址"].rstrip("*") in base["地址"]  # a part of the kept districts


@given(rendered())
@settings(max_examples=100, deadline=None)
def test_attacks_erase_bits_and_never_flip_them(case: tuple[dict, dict]) -> None:
    row, bits = case
    out, base = render_row(SCHEMA, row, bits), baseline_row(SCHEMA, row)
    squeezed = {
        c: re.sub(r"[\s\-·./]", "", unicodedata.normalize("NFKC", v)) for c, v in out.items()
    }
    got = read_row(SCHEMA, squeezed, base)
    assert got["手机"] == (*bits["手机"][:2], None)  # the separator bit is erased
    assert got["银行卡"] == (*bits["银行卡"][:2], None)
    assert got["身份证"] == bits["身份证"]
    assert got["姓名"] == bits["姓名"]
    assert got["出生日期"][0] == bits["出生日期"][0]
    assert got["出生日期"][1] in (None, bits["出生日期"][1])  # 年月日 survives, / does not
    retyped = dict(out, 出生日期=re.sub(r"^(\d{3}[\d*]).*", r"\1-**-**", out["出生日期"]))
    assert read_row(SCHEMA, retyped, base)["出生日期"] == (bits["出生日期"][0], None)
    dropped = {c: v for c, v in out.items() if c in ("姓名", "手机")}
    got = read_row(SCHEMA, dropped, base)
    assert got["身份证"] == (None, None, None)
    assert got["手机"] == bits["手机"]


def _case(seed: int) -> tuple[dict[str, str], dict[str, tuple[int, ...]]]:
    """A row and bits drawn from ``seed`` alone (an explicit example)."""
    rng = random.Random(seed)
    row = person(rng)
    base = baseline_row(SCHEMA, row)
    return row, {
        c: tuple(rng.randint(0, 1) for _ in range(CHANNELS[k].width(base[c])))
        for c, k in SCHEMA.columns
    }


#: A person of 湖北省林区 (the address generator's name for the province-run counties):
#: with the province omitted the address renders as the two characters 林区******, which
#: the chat reader's shape (two or more characters before the level) used to miss — one
#: example in ~350, so 100 random examples failed about one run in four.
_SHORT_ADDRESS = next(
    s for s in range(10_000) if render_row(SCHEMA, *_case(s))["地址"].startswith("林区")
)


@given(rendered(), st.sampled_from(["  ", "，", "\t", " | ", "；"]))
@example(_case(_SHORT_ADDRESS), "  ")
@settings(max_examples=300, deadline=None, derandomize=True)
def test_a_row_pasted_into_a_chat_reads_back(case: tuple[dict, dict], sep: str) -> None:
    row, bits = case
    out = render_row(SCHEMA, row, bits)
    line = sep.join(out[c] for c, _ in SCHEMA.columns)
    assert parse_text(SCHEMA, line) == out
    assert read_row(SCHEMA, parse_text(SCHEMA, line), baseline_row(SCHEMA, row)) == bits


_LABELS = st.text(alphabet="住址联系人收件客户地在家", max_size=4)


@given(rendered(), _LABELS, st.sampled_from(["", "  ", "，"]))
@settings(max_examples=300, deadline=None)
def test_an_address_glued_to_a_name_or_label_reads_back(
    case: tuple[dict, dict], label: str, sep: str
) -> None:
    """Chat text often has no separator before an address: 张某浙江省杭州市……"""
    row, bits = case
    out = render_row(SCHEMA, row, bits)
    line = out["手机"] + sep + out["姓名"] + label + out["地址"] + sep + out["出生日期"]
    got = parse_text(SCHEMA, line)
    assert got["地址"] == out["地址"]
    assert got["姓名"] == out["姓名"]
    assert read_row(SCHEMA, got, baseline_row(SCHEMA, row))["地址"] == bits["地址"]


def test_an_address_glued_to_an_unmasked_name() -> None:
    schema = Schema((("姓名", "person_name"), ("地址", "address")), identity="地址")
    got = parse_text(schema, "张三浙江省杭州市西湖区******，王某某住深圳市南山区****")
    assert got == {"地址": "浙江省杭州市西湖区******", "姓名": "王某某"}


@given(PEOPLE, st.integers(0, 999))
@settings(max_examples=40, deadline=None)
def test_release_renders_the_recipients_codeword(row: dict[str, str], recipient: int) -> None:
    code = _CODE
    tag, out = release_row(code, SCHEMA, row, recipient)
    base = baseline_row(SCHEMA, row)
    got = read_row(SCHEMA, out, base)
    for column, slots in positions(SCHEMA, base).items():
        assert got[column] == tuple(code.codeword(recipient, tag, s) for s in slots)


_CODE = fixed_code(9)


def test_foreign_renderings_read_as_erasures() -> None:
    ch = CHANNELS["cn_mobile"]
    base = ch.baseline("13812345678")
    assert ch.read("13812345678", base) == (None, None, None)  # not masked: no variant
    assert not ch.compatible("139****5678", base)  # another number
    assert not ch.compatible("1381***5678", base)  # shows a digit the default mask hides
    assert CHANNELS["birth_date"].read("一九九〇年", "1990-**-**") == (None, None)
    assert CHANNELS["person_name"].read("***", "张*") == (None, None)


def test_schema_is_checked() -> None:
    with pytest.raises(ConfigError):
        Schema((("a", "cn_mobile"), ("a", "cn_mobile")), identity="a")
    with pytest.raises(ConfigError):
        Schema((("a", "cn_mobile"),), identity="b")
    with pytest.raises(ConfigError):
        Schema((("a", "no_such_kind"),), identity="a")


def test_an_invalid_or_missing_value_carries_no_bits(code: TardosCode) -> None:
    row = {"姓名": "张三", "手机": "12345", "身份证": "11010519491231002X", "出生日期": "不详"}
    base = baseline_row(SCHEMA, row)
    assert base["手机"] == ""
    assert base["出生日期"] == ""
    assert base["银行卡"] == ""
    slots = positions(SCHEMA, base)
    assert slots["手机"] == ()
    assert slots["出生日期"] == ()
    assert len(slots["身份证"]) == 3
    _tag, out = release_row(code, SCHEMA, row, 3)
    assert out["手机"] == "1****"  # the kind's default mask, untraced
    got = read_row(SCHEMA, out, base)
    assert got["手机"] == ()
    assert got["身份证"] != (None, None, None)


@given(st.lists(PEOPLE, min_size=1, max_size=6), st.integers(0, 5000))
@settings(max_examples=25, deadline=None)
def test_batch_release_equals_row_by_row(rows: list[dict[str, str]], recipient: int) -> None:
    tags, outs = release_rows(_CODE, SCHEMA, rows, recipient)
    assert [release_row(_CODE, SCHEMA, r, recipient) for r in rows] == list(
        zip(tags, outs, strict=True)
    )
