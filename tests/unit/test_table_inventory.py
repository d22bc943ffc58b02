from __future__ import annotations

import functools

import pytest
from hypothesis import given
from hypothesis import strategies as st

from boxguard.detect.scanner import Scanner
from boxguard.detect.table import GENERIC_HINTS, ColumnStats, classify_sample, hinted_kinds
from boxguard.inventory import Inventory
from boxguard.io.decode import sniff
from boxguard.kinds import all_kinds


def test_hints_match_column_names() -> None:
    assert "cn_mobile" in hinted_kinds("收件人电话")
    assert "cn_resident_id" in hinted_kinds("身份证号")
    assert "email" in hinted_kinds("E-mail")
    assert hinted_kinds("备注") == set()


@pytest.mark.parametrize(
    ("column", "kinds"),
    [
        ("客户编号", set()),  # a customer's number, not a customer's name
        ("客户类型", set()),
        ("收件人电话", {"cn_mobile", "cn_landline", "intl_phone"}),  # not person_name
        ("单位电话", {"cn_mobile", "cn_landline", "intl_phone"}),  # not organization
        ("联系人手机", {"cn_mobile"}),
        ("客户姓名", {"person_name"}),
        ("身份证号码", {"cn_resident_id"}),
    ],
)
def test_a_chinese_hint_followed_by_another_attribute_names_its_owner(
    column: str, kinds: set[str]
) -> None:
    assert hinted_kinds(column) == kinds


def test_free_text_column_is_not_a_kind_but_counts_findings() -> None:
    c = ColumnStats("备注")
    for _ in range(8):
        c.add(30, [("cn_mobile", 11)])  # a phone inside a longer note
    r = c.classify()
    assert r.kind is None
    assert r.cells_with_findings == 8


def test_minority_share_needs_a_hint() -> None:
    c = ColumnStats("x")
    for i in range(10):
        c.add(11, [("cn_mobile", 11)] if i < 3 else [])
    assert c.classify().kind is None
    h = ColumnStats("手机")
    for i in range(10):
        h.add(11, [("cn_mobile", 11)] if i < 3 else [])
    assert h.classify().kind == "cn_mobile"


def test_inventory_groups_by_category_and_counts_sensitive() -> None:
    inv = Inventory()
    inv.add("a.csv", "cn_resident_id", "证件号")
    inv.add("a.csv", "cn_mobile", "手机")
    inv.add("b.txt", "cn_mobile")
    doc = inv.to_dict()
    assert doc["sensitive_findings"] == 1
    assert doc["categories"]["basic"]["kinds"]["cn_mobile"]["count"] == 2
    md = inv.to_markdown()
    assert "个人身份信息" in md
    assert "a.csv [证件号] ×1" in md


def test_sniff_encodings() -> None:
    text = "收件人：张伟"
    assert sniff(text.encode("utf-16")) == "utf-16"
    assert sniff(text.encode("utf-8")) == "utf-8"
    assert sniff(text.encode("gbk")) == "gb18030"
    assert sniff(b"\x00\x00\x00binary") is None


def test_ascii_hints_match_whole_words_only() -> None:
    assert "ip_address" not in hinted_kinds("recipient")
    assert "ip_address" not in hinted_kinds("zip")
    assert "cn_landline" not in hinted_kinds("hotel")
    assert "ip_address" in hinted_kinds("client_ip")
    assert "email" in hinted_kinds("Email Address")


# -- generic hints (code, name) match only the whole column name ----------------------


@functools.cache
def _scanner() -> Scanner:
    return Scanner(models=())


@pytest.mark.parametrize(
    "column",
    ["product_code", "dept_code", "region_code", "item_code", "area_code", "ProductCode"],
)
def test_a_things_code_is_not_an_sms_code(column: str) -> None:
    assert "sms_code" not in hinted_kinds(column)


@pytest.mark.parametrize(
    "column",
    [
        "code",
        "Code",
        "sms_code",
        "verify_code",
        "verifyCode",
        "Verification Code",
        "otp",
        "captcha",
    ],
)
def test_verification_code_columns_hint_sms_code(column: str) -> None:
    assert "sms_code" in hinted_kinds(column)


@pytest.mark.parametrize("column", ["product_name", "file_name", "fileName", "item name"])
def test_a_things_name_is_not_a_person_name(column: str) -> None:
    assert "person_name" not in hinted_kinds(column)


@pytest.mark.parametrize(
    "column",
    ["name", "Name", "full_name", "firstName", "Last Name", "real_name", "customer_name", "姓名"],
)
def test_person_name_columns_hint_person_name(column: str) -> None:
    assert "person_name" in hinted_kinds(column)


@given(word=st.from_regex(r"[a-z]{2,10}", fullmatch=True), sep=st.sampled_from(["_", "-", " "]))
def test_a_generic_hint_after_another_word_hints_nothing(word: str, sep: str) -> None:
    for kind in all_kinds():
        for generic in GENERIC_HINTS & set(kind.column_hints):  # code, name
            if kind.id in hinted_kinds(word) or f"{word}_{generic}" in kind.column_hints:
                continue  # otp_code, full_name: the word itself is a declared hint
            assert kind.id not in hinted_kinds(f"{word}{sep}{generic}"), word


def test_code_columns_are_not_classified_as_sms_codes() -> None:
    sample = {
        "product_code": ["100233", "100234", "100871"],
        "dept_code": ["1001", "1002", "2001"],
        "region_code": ["440305", "110105", "310115"],
        "verify_code": ["385920", "8841", "771203"],
    }
    classes = {c.column: c for c in classify_sample(_scanner().scan_cell, sample)}
    for column in ("product_code", "dept_code", "region_code"):
        assert classes[column].kind is None, column
        assert classes[column].cells_with_findings == 0, column
    assert classes["verify_code"].kind == "sms_code"
    assert classes["verify_code"].hint


def test_product_name_cells_are_not_names() -> None:
    scanner = _scanner()
    for value in ("毛巾", "高洁", "王者"):  # 高洁, 王者 are shaped like names
        assert scanner.scan_cell(value, frozenset(hinted_kinds("product_name"))) == []
    assert [f.kind for f in scanner.scan_cell("高洁", frozenset(hinted_kinds("name")))] == [
        "person_name"
    ]


def test_a_things_code_gets_no_hint_confidence() -> None:
    c = ColumnStats("item_code")
    for _ in range(10):
        c.add(6, [("sms_code", 6)])
    r = c.classify()
    assert (r.kind, r.hint, r.confidence) == ("sms_code", False, 0.8)
