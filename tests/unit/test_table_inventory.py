from __future__ import annotations

from boxguard.detect.table import ColumnStats, hinted_kinds
from boxguard.inventory import Inventory
from boxguard.io.decode import sniff


def test_hints_match_column_names() -> None:
    assert "cn_mobile" in hinted_kinds("收件人电话")
    assert "cn_resident_id" in hinted_kinds("身份证号")
    assert "email" in hinted_kinds("E-mail")
    assert hinted_kinds("备注") == set()


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
