"""Chat shorthand, long labels, OCR groupings, and numbers whose context says otherwise."""

from __future__ import annotations

import pytest

from boxguard import Scanner

ALL = Scanner(models=())


def found(text: str, kind: str) -> list[str]:
    return [f.value for f in ALL.scan(text) if f.kind == kind]


# -- QQ and SMS codes in chat ----------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("QQ 号 31415926", "31415926"),
        ("用户：Q: 2718281828", "2718281828"),
        ("加我 q：16180339", "16180339"),
    ],
)
def test_qq_shorthand(text: str, value: str) -> None:
    assert found(text, "qq_number") == [value]


def test_qq_export_message_header() -> None:
    text = "消息记录（我的QQ群）\n2022-03-01 19:13:08 小熊饼干(271828182)\n在吗\n"
    assert found(text, "qq_number") == ["271828182"]


def test_a_q_inside_a_word_or_a_timestamp_id_is_not_qq() -> None:
    assert found("FAQ: 12345678 条", "qq_number") == []
    assert found("2022-03-01 19:13:08 任务(271828182) 已完成", "qq_number") == []


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("yzm 4821 5分钟有效", "4821"),
        ("YZM:730214", "730214"),
        ("- 码 9035 手机尾号1234", "9035"),
        ("2021-09-08 11:12:28,+8613912345678,码 410114 ch=20", "410114"),
    ],
)
def test_sms_code_shorthand(text: str, value: str) -> None:
    assert found(text, "sms_code") == [value]


def test_phone_code_pair_line() -> None:
    text = "【群】\n> 13912345678 6048 到\n- 18612345678 53285 走了\n"
    assert found(text, "sms_code") == ["6048", "53285"]


def test_other_codes_are_not_sms_codes() -> None:
    assert found("取件码 812518，密码 4413", "sms_code") == []
    assert found("校验码：21832 36116 33069 86", "sms_code") == []


# -- permits with long labels and in police uploads -------------------------------------


def test_taiwan_permit_long_label_and_xml() -> None:
    assert found("台湾居民来往大陆通行证号码：62393531", "cn_taiwan_permit") == ["62393531"]
    xml = "<zjlx>台胞证</zjlx>\n    <zjhm>52400937</zjhm>"
    assert found(xml, "cn_taiwan_permit") == ["52400937"]


def test_hk_macau_permit_english_label() -> None:
    text = "Exit-Entry Permit (HK/Macau) No.: C85834827\nEmployer: x"
    assert found(text, "cn_hk_macau_permit") == ["C85834827"]


# -- resident IDs as OCR groups them and in SSR FOID --------------------------------------


def test_resident_id_grouped_by_four() -> None:
    text = "公民身份号码 1101 0519 4912 3100 2X\n置信度 0.95"
    assert found(text, "cn_resident_id") == ["1101 0519 4912 3100 2X"]
    assert found(text, "cn_landline") == []


def test_resident_id_in_ssr_foid() -> None:
    text = " 5.SSR FOID CA HK1 NI11010519491231002X/P1"
    assert found(text, "cn_resident_id") == ["11010519491231002X"]


# -- mobiles: context that says otherwise -------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "订单编号：13912345678",
        "金额 13812345678.00 元",
        "红包13812345678.00，查收",
        "SKU:13812345678",
        "单据号：13812345678",
        "GET /order/detail?orderId=13812345678&ts=1",
        "买家留言：别打电话\n单据号：13812345678",
    ],
)
def test_number_shaped_like_a_mobile_is_not_one(text: str) -> None:
    assert found(text, "cn_mobile") == []


def test_a_column_named_for_something_else_rules_a_cell_out() -> None:
    text = "收货人,联系电话,商品编码,金额\n王小明,13912345678,13812345678,12.00\n"
    assert found(text, "cn_mobile") == ["13912345678"]


def test_a_negative_word_in_another_field_does_not_reach() -> None:
    text = "收件人\t电话\t运单号\n王小明\t13912345678\t773412345678\n"
    assert found(text, "cn_mobile") == ["13912345678"]


def test_a_labelled_mobile_survives_a_negative_word_before_its_label() -> None:
    assert found("订单号 SO12345 手机：13912345678", "cn_mobile") == ["13912345678"]


def test_segment_149_and_gds_ctct() -> None:
    assert found("移动电话：149-2220-1418", "cn_mobile") == ["149-2220-1418"]
    assert found(" 8.OSI CA CTCT13912345678\n", "cn_mobile") == ["13912345678"]


# -- landlines ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("家庭电话: 0851-2212 249\n", "0851-2212 249"),
        ("电话：(0826)2255887", "(0826)2255887"),
        ("单位电话 (0755)8601 3388 转 806", "(0755)8601 3388 转 806"),
    ],
)
def test_landline_writings(text: str, value: str) -> None:
    assert found(text, "cn_landline") == [value]


def test_a_landline_shape_glued_after_letters_or_under_an_invoice_label_is_not_one() -> None:
    assert found("SN057746820890", "cn_landline") == []
    assert found("发票代码：051587568033", "cn_landline") == []


# -- speed: line-shaped patterns stay prefiltered ---------------------------------------


def test_line_shaped_patterns_are_prefiltered_not_run_on_every_text() -> None:
    # ^ and $ make a pattern run on every text of a batch; these use lookarounds instead
    pf = ALL._prefilter
    pf.candidates_many(["x"])
    always = {(ALL._compiled[i].kind.id, ALL._compiled[i].name) for i in pf._batch_always}
    line_shaped = {
        ("pnr_code", "pnr_gds_names"),
        ("pnr_code", "pnr_gds_rmk"),
        ("qq_number", "qq_export_header"),
        ("sms_code", "sms_phone_pair"),
    }
    assert not always & line_shaped
