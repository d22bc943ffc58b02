"""What is special about the name, organization and address rules."""

from __future__ import annotations

import functools

import pytest
from hypothesis import given
from hypothesis import strategies as st

from boxguard import Scanner

RULES = Scanner(kinds=["person_name", "organization", "address"], models=())


def spans(text: str) -> set[tuple[str, str]]:
    return {(f.kind, f.value) for f in RULES.scan(text)}


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("收件人：欧阳娜娜 电话", ("person_name", "欧阳娜娜")),
        ("旅客诸葛亮已登机", ("person_name", "诸葛亮")),
        ("同住人：阿不都·热合曼", ("person_name", "阿不都·热合曼")),
        ("PASSENGER ZHANG/SAN MR", ("person_name", "ZHANG/SAN")),
        ("OUYANG/XIAOMING MS 已值机", ("person_name", "OUYANG/XIAOMING")),
        ("旅客 SMITH/JOHN MR", ("person_name", "SMITH/JOHN")),  # not pinyin: by context
        ("Dear Mr. San Zhang,", ("person_name", "San Zhang")),
        ("工作单位：北京华信科技有限公司", ("organization", "北京华信科技有限公司")),
        ("他任职于朝阳区公安局东湖派出所", ("organization", "朝阳区公安局东湖派出所")),
        (
            "家住广东省深圳市南山区科技园南路18号3栋2单元1201室",
            ("address", "广东省深圳市南山区科技园南路18号3栋2单元1201室"),
        ),
        ("收货地址：和平里东街15号", ("address", "和平里东街15号")),
    ],
)
def test_found_whole(text: str, expected: tuple[str, str]) -> None:
    assert expected in spans(text)


@pytest.mark.parametrize(
    "text",
    [
        "我在深圳市南山区工作",  # a bare city and district is not an address
        "北京市朝阳区",
        "现金管理客户包括央企",  # 客户 + 包括 is not a name
        "《晋书·宣帝纪》记载",  # a title with · is not a name
        "5月1号放假",
        "TCP/IP 端口已开放",  # an acronym pair is no SURNAME/GIVEN
        "IMEI/SV 字段",
        "CPU/GPU 使用率",
    ],
)
def test_silent(text: str) -> None:
    assert spans(text) == set()


def test_masks_follow_chinese_practice() -> None:
    from boxguard.kinds import get_kind

    assert get_kind("person_name").mask("欧阳娜娜") == "欧阳*"
    assert get_kind("address").mask("北京市朝阳区建国路88号") == "北京市朝阳区******"
    assert get_kind("cn_resident_id").mask("11010519491231002X") == "110***********002X"
    assert get_kind("bank_card").mask("6222 0212 3456 7894") == "6222 **** **** 7894"
    assert get_kind("cn_license_plate").mask("京A12345") == "京A***45"
    assert get_kind("email").mask("zhangsan@qq.com") == "z***@qq.com"


@pytest.mark.parametrize(
    ("text", "span", "expected"),
    [
        ("路8号 车架号", " 车", None),  # one character after an address: not a name
        ("嫌疑人 张伟 已到案", " 张伟 ", "张伟"),  # whitespace trimmed off the span
        ("MAC地址", "MAC地址", None),
        ("ok \ufffd( broken", "ok \ufffd( broken", None),  # a byte not valid in the encoding
        ("合同编号 HT-2026-001", "HT-", None),  # a piece of a contract number
        ("用户名 zhangsan_13803911718", "zhangsan_", None),  # a piece of a user name
        ("用户名 zhangsan_13803911718", "zhangsan", None),  # cut out of a longer token
        ("Guest Jean-Pierre Dupont checked in", "Jean-Pierre Dupont", "Jean-Pierre Dupont"),
        ("Dear San Zhang,", "San Zhang", "San Zhang"),
        ("PASSENGER ZHANG/SAN", "ZHANG/SAN", "ZHANG/SAN"),
        ("VALUES (1,'张伟','138", "'张伟'", "张伟"),  # a dump's quotes are not the name's
        ("译者（李超）", "李超）", "李超"),
        ("INSERT INTO t VALUES (1,", "INSERT INTO t VALUES", None),  # SQL, not a person
        (") ENGINE=InnoDB DEFAULT", "InnoDB", None),
    ],
)
def test_model_name_spans_are_refined(text: str, span: str, expected: str | None) -> None:
    from boxguard.kinds.person import refine_person

    start = text.index(span)
    got = refine_person(text, start, start + len(span))
    assert (got and text[got[0] : got[1]]) == expected


@pytest.mark.parametrize(
    ("text", "span", "kept"),
    [
        ("MAC地址：00-11", "MAC地址", False),  # a field label
        ("QQ号码", "QQ号", False),
        ("他为Linden实验室工作", "Linden实验室", True),  # Latin letters, no field acronym
        ("组的ac米兰主场", "ac米兰", True),
        ("TCL集团", "TCL集团", True),
        ("INSERT INTO `t_user` VALUES (1,", "INSERT INTO `t_user` VALUES ", False),
    ],
)
def test_model_organization_spans_with_latin_letters(text: str, span: str, kept: bool) -> None:
    from boxguard.kinds.organization import refine_organization

    start = text.index(span)
    assert (refine_organization(text, start, start + len(span)) is not None) == kept


@pytest.mark.parametrize("text", ["部分银行对短信通知收费", "个别银行还对金卡", "不同分行的利率"])
def test_quantifier_before_a_suffix_is_no_organization(text: str) -> None:
    assert not any(kind == "organization" for kind, _ in spans(text))


@pytest.mark.parametrize(
    "text",
    [
        "黎萍洋,532528195003070012,13812345678",
        "532528195003070012\t黎萍洋",
        "序号|姓名\n1|黎萍洋|13812345678",
    ],
)
def test_dump_field_names_pass_the_prefilter_trigger(text: str) -> None:
    assert ("person_name", "黎萍洋") in spans(text)


@given(
    head=st.from_regex(r"[A-Za-z]{1,8}", fullmatch=True),
    joint=st.sampled_from(["_", "-", "0", "_1", "-2026-", "9"]),
    tail=st.from_regex(r"[A-Za-z0-9]{0,8}", fullmatch=True),
)
def test_a_latin_token_with_digits_or_joints_is_never_a_name(
    head: str, joint: str, tail: str
) -> None:
    from boxguard.kinds.person import refine_person

    token = head + joint + tail
    if joint == "-" and tail.isalpha():
        return  # Jean-Pierre: a hyphen between letters is a name's
    text = f"用户名 {token} 已登录"
    start = text.index(token)
    for end in range(start + 2, start + len(token) + 1):  # the whole token and its prefixes
        assert refine_person(text, start, end) is None, text[start:end]


@given(token=st.from_regex(r"[A-Za-z][A-Za-z0-9_-]{1,15}", fullmatch=True))
def test_one_latin_token_masks_all_but_its_first_letter(token: str) -> None:
    from boxguard.kinds.person import mask_name

    assert mask_name(token) == token[0] + "***"


def test_latin_name_masks() -> None:
    from boxguard.kinds.person import mask_name

    assert mask_name("zhangsan") == "z***"
    assert mask_name("San Zhang") == "San Z***"
    assert mask_name("ZHANG/SAN") == "ZHANG/***"


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("Name: San Zhang", "San Zhang"),
        ("Full name: San Zhang", "San Zhang"),
        ("customer_name: San Zhang", "San Zhang"),
        ("Passenger: ZHANG/SAN", "ZHANG/SAN"),
    ],
)
def test_english_name_labels(text: str, value: str) -> None:
    assert ("person_name", value) in spans(text)


@pytest.mark.parametrize(
    "text",
    ["product_name: Hand Towel", "filename: Annual Report", "file name: Annual Report"],
)
def test_a_things_name_label_is_not_a_person(text: str) -> None:
    assert spans(text) == set()


@functools.cache
def _with_model() -> Scanner:
    from boxguard import services

    return Scanner(kinds=["person_name", "organization"], models=services.default_models())


@pytest.mark.parametrize(
    "text", ["合同编号 HT-2026-001", "客户编号 HT-2026-001", "用户名 zhangsan_13803911718"]
)
def test_identifiers_after_a_label_are_not_names_even_to_the_model(text: str) -> None:
    assert [f for f in _with_model().scan(text) if f.kind == "person_name"] == []


@pytest.mark.parametrize("text", ["合同编号 HT-2026-001", "用户名 zhangsan_13803911718"])
def test_number_and_account_labels_are_not_person_labels(text: str) -> None:
    from boxguard.kinds.person import find_labelled_names

    assert find_labelled_names(text) == []


_SYLLABLE = st.sampled_from(["zhang", "san", "ou", "yang", "xiao", "ming", "li", "na", "er"])


@given(st.lists(_SYLLABLE, min_size=1, max_size=4).map("".join))
def test_joined_syllables_are_pinyin_in_any_case(word: str) -> None:
    from boxguard.kinds.person import is_pinyin

    assert is_pinyin(word)
    assert is_pinyin(word.upper())


@given(st.text(min_size=1, max_size=12))
def test_a_word_with_a_consonant_cluster_or_other_letters_is_not_pinyin(word: str) -> None:
    from boxguard.kinds.person import is_pinyin

    if is_pinyin(word):  # then every letter is a-z and no syllable breaks the split
        assert word.isascii()
        assert word.isalpha()
    assert not is_pinyin(word + "tcp")


def test_a_sql_dump_s_names_are_found_whole_with_and_without_the_model() -> None:
    import random

    from boxguard import services
    from boxguard.synth import people

    rng = random.Random(5)
    names = [people.chinese_name(rng) for _ in range(300)] + ["阿不都·热合曼"]
    rows = ",".join(f"({i},'{n}','1390000{i:04d}',NULL)" for i, n in enumerate(names))
    dump = f"INSERT INTO `t_user` VALUES {rows};"
    for models in ((), services.default_models()):
        found = Scanner(kinds=["person_name", "organization"], models=models).scan(dump)
        assert [f.value for f in found] == names


def test_a_json_dump_s_label_names_the_value_after_its_quotes() -> None:
    found = Scanner(kinds=["person_name"], models=()).scan('{"姓名":"张伟","手机":"13812345678"}')
    assert [f.value for f in found] == ["张伟"]
