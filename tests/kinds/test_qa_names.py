"""Names the last QA pass of issue 15 left open, with the model on and with ``--no-model``:
·-names in SQL lines and in prose, romanised names beside a phone in a dump row, and
given names outside the rules' character list where the context says it is a name."""

from __future__ import annotations

from functools import lru_cache

import pytest

from boxguard import Scanner, services

MODES = ["model", "no-model"]


@lru_cache(maxsize=2)
def _scanner(mode: str) -> Scanner:
    models = services.default_models() if mode == "model" else ()
    return Scanner(kinds=["person_name", "organization", "cn_mobile"], models=models)


def names(text: str, mode: str) -> list[str]:
    return [f.value for f in _scanner(mode).scan(text) if f.kind == "person_name"]


@pytest.mark.parametrize("mode", MODES)
@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("UPDATE customer SET name='阿卜杜·热合曼' WHERE id=12;", "阿卜杜·热合曼"),
        ("UPDATE customer SET name = '迪丽·热巴', mobile='13812345678' WHERE id=3;", "迪丽·热巴"),
        ("SELECT * FROM customer WHERE name = '迪丽·热巴';", "迪丽·热巴"),
        ('DELETE FROM t WHERE `real_name`="帕提古丽·吐尔逊";', "帕提古丽·吐尔逊"),
    ],
)
def test_dotted_names_in_sql_lines(text: str, name: str, mode: str) -> None:
    assert name in names(text, mode)


@pytest.mark.parametrize("mode", MODES)
@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("我的同事阿卜杜·热合曼今天来上班了，他说明天去北京开会。", "阿卜杜·热合曼"),
        ("昨天买买提·艾力说他会晚点到。", "买买提·艾力"),
        ("会议由迪丽·热巴主持，大家都到了。", "迪丽·热巴"),
        ("联系人扎西·次仁今天不在", "扎西·次仁"),
    ],
)
def test_a_dotted_name_does_not_run_on_into_prose(text: str, name: str, mode: str) -> None:
    found = [n for n in names(text, mode) if "·" in n]
    assert found == [name]


@pytest.mark.parametrize("mode", MODES)
@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("INSERT INTO t VALUES (1,'ZHANG Wei','13812345678');", "ZHANG Wei"),
        ("INSERT INTO t VALUES (2,'Wei ZHANG','13812345678');", "Wei ZHANG"),
        ("Zhang Wei,13812345678,北京市", "Zhang Wei"),
        ("10086\tOUYANG Nana\t13912345678", "OUYANG Nana"),
        ("(3,'Li Na','13912345678'),", "Li Na"),
    ],
)
def test_romanised_names_beside_a_phone_in_a_dump_row(text: str, name: str, mode: str) -> None:
    assert name in names(text, mode)


@pytest.mark.parametrize("mode", MODES)
@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("我叫李二狗，今年三十岁", "李二狗"),
        ("联系人：王大锤 电话13812345678", "王大锤"),
        ("姓名：赵铁柱", "赵铁柱"),
        ('{"name": "孙二娘", "tel": "13812345678"}', "孙二娘"),
        ("UPDATE t SET name='钱串子' WHERE id=1;", "钱串子"),
        ("INSERT INTO t (id, name, tel) VALUES (1,'周大狗','13812345678');", "周大狗"),
        ("姓名,电话\n吴老二,13812345678\n", "吴老二"),
    ],
)
def test_given_names_outside_the_list_where_the_context_says_name(
    text: str, name: str, mode: str
) -> None:
    assert name in names(text, mode)


@pytest.mark.parametrize(
    "text",
    [
        "客户包括以下各项",
        "联系人：未知",
        "INSERT INTO t (id, product_name, tel) VALUES (1,'张飞牛肉','13812345678');",
        '{"file_name": "王者荣耀", "size": 138123}',
        "类别,电话\n高中,13812345678\n",
    ],
)
def test_no_name_where_the_context_says_otherwise(text: str) -> None:
    assert names(text, "no-model") == []


def test_a_name_column_cell_takes_any_given_characters() -> None:
    scanner = _scanner("no-model")
    assert [f.value for f in scanner.scan_cell("李二狗", frozenset({"person_name"}))] == ["李二狗"]
    assert scanner.scan_cell("未知", frozenset({"person_name"})) == []
