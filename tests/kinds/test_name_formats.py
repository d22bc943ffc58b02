"""Name and organization formats of records written outside the project (classes, not examples)."""

from __future__ import annotations

import pytest

from boxguard import Scanner
from boxguard.kinds.person import is_bare_name

RULES = Scanner(kinds=["person_name", "organization"], models=())


def names(text: str) -> list[str]:
    return [f.value for f in RULES.scan(text) if f.kind == "person_name"]


def orgs(text: str) -> list[str]:
    return [f.value for f in RULES.scan(text) if f.kind == "organization"]


@pytest.mark.parametrize("name", ["王小明", "林潇雪", "周沐晨", "陆思语", "宋雨桐"])
def test_given_names_beyond_the_generators_characters(name: str) -> None:
    assert is_bare_name(name)
    assert names(f"收件人：{name} 电话13812345678") == [name]
    assert names(f"A-100231 | {name} | Mate 60 | 2025-01-02") == [name]


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("房东：师立伟 电话：13812345678", "师立伟"),
        ("出租方（甲方）：方刚  身份证号：略", "方刚"),
        ("接诊医生：申冬；就诊时间：上午", "申冬"),
        ("收款户名：臧沐；收款账号：略", "臧沐"),
        ("我叫王小明，住在这里", "王小明"),
        ("<guest><xm>尚竹</xm><xb>男</xb></guest>", "尚竹"),
        ("3. 宁立成 爸爸 虞博红 189 0000 1111", "虞博红"),
        ("姓名：黃冠宇  受理编号：略", "黃冠宇"),
        ("姓名：陳國偉", "陳國偉"),
    ],
)
def test_role_labels_and_traditional_names(text: str, name: str) -> None:
    assert name in names(text)


@pytest.mark.parametrize(
    "text",
    [
        "房东同意续租",  # a role word without a colon is part of a sentence
        "医生建议多喝水",
        "投保人：沈阳安捷供应链管理有限公司",  # a party that is a company
    ],
)
def test_role_words_without_a_name(text: str) -> None:
    assert names(text) == []


def test_a_verb_after_a_labelled_name_is_not_its_given_name() -> None:
    assert names("客户董怡来电询问账单") == ["董怡"]


@pytest.mark.parametrize(
    ("text", "span", "kept"),
    [
        ("引用李白的诗装文化人", "李白", False),  # a poet quoted in prose
        ("今天读了岳飞传记", "岳飞", False),
        ("南路829号海棠府3幢", "海棠", False),  # an estate after a house number
        ("auth ok user=13800000000", "auth ok user", False),  # words of a log line
        ("客户李白来了", "李白", True),
        ("Name: Wei Zhang", "Wei Zhang", True),
    ],
)
def test_model_spans_that_context_says_are_no_person(text: str, span: str, kept: bool) -> None:
    from boxguard.kinds.person import refine_person

    start = text.index(span)
    assert (refine_person(text, start, start + len(span)) is not None) is kept


def test_model_name_before_a_verb_is_trimmed() -> None:
    from boxguard.kinds.person import refine_person

    text = "客户董怡来电"
    assert refine_person(text, 2, 5) == (2, 4)


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("Remitter: GUO LINFENG\nSWIFT: XXXXHKHH", "GUO LINFENG"),
        ("Beneficiary: Linfeng Guo | Reference: 12", "Linfeng Guo"),
        ("Client: QIAN, Mingyu\nID No.: withheld", "QIAN, Mingyu"),
        ("Full name (as in passport): Mingyu Qian\nHost: none", "Mingyu Qian"),
        ("Customer Mingyu Qian\nPRC Resident ID", "Mingyu Qian"),
        ("收件人：Jia Guo\n邮编：100000", "Jia Guo"),
        ("寄件人: LUO MINGYU\n邮编: 100000", "LUO MINGYU"),
        ("香港永久性居民身份證\n李大文\nLEE, Tai Man\n出生日期", "LEE, Tai Man"),
        ("id,name,phone\n9683931,Luo Mingyu,13812345678", "Luo Mingyu"),
        ("1 | 王大明 | WANG DAMING | 男 | 20051114", "WANG DAMING"),
        # a surname in capitals, the given name not (passports' own order, a QA pass's 8 misses)
        ("Passenger: ZHANG San, mobile 13812345678", "ZHANG San"),
        ("Remitter: LI Wei\nSWIFT: XXXXHKHH", "LI Wei"),
        ("付款人：WANG Xiao Ming", "WANG Xiao Ming"),
        ("id,name,phone\n9683931,LUO Mingyu,13812345678", "LUO Mingyu"),
        (
            "2.QIAN/MINGYU\n 3.SSR DOCS CA HK1/P/CN/E12345678/CN/04JUN86/M/15NOV33/QIAN/MINGYU/P1",
            "QIAN/MINGYU",
        ),
    ],
)
def test_romanised_names_in_records(text: str, name: str) -> None:
    found = [f.value for f in RULES.scan(text) if f.kind == "person_name"]
    assert name in found
    if "SSR DOCS" in text:
        assert found.count(name) == 2


@pytest.mark.parametrize(
    "text",
    [
        "Customer Due Diligence - Individual",  # English words that split into syllables
        "Dear customer service team,",
        "To Whom It May Concern",
        "id,product,qty\n1234567,Blue Widget,3",  # not pinyin: a product, not a name
    ],
)
def test_english_words_are_no_romanised_names(text: str) -> None:
    assert names(text) == []


@pytest.mark.parametrize(
    ("text", "span"),
    [
        ("配偶 郎靖思 4601", "配偶"),
        ("会员卡号：7384", "卡号"),
        ("旺旺(2315887548)", "旺旺"),
        ("转这张卡 6216", "张卡"),
    ],
)
def test_labels_nicknames_and_measure_words_from_a_model_are_dropped(text: str, span: str) -> None:
    from boxguard.kinds.person import refine_person

    start = text.index(span)
    assert refine_person(text, start, start + len(span)) is None


def _refined_org(text: str, span: str) -> str | None:
    from boxguard.kinds.organization import refine_organization

    start = text.index(span)
    got = refine_organization(text, start, start + len(span))
    return None if got is None else text[got[0] : got[1]]


@pytest.mark.parametrize(
    ("text", "span"),
    [
        ("贷款银行：工行\n邮编：100000", "工行"),  # a bank's short name in a record
        ("卡号6222 0000 0000 0000 建行的", "建行"),
        ("贷款银行：中信 | 通讯地址：略", "中信"),
        ("检测站：华信机动车检测有限公司", "检测站"),  # a field's label
        ("公司：华信机械有限公司", "公司"),
        ("台湾联系电话：+886 900 000 000", "台湾联"),
        ("台湾通行证号：L00000000", "台湾通行证号"),
        ("寄回地址：某市某区某路617号嘉禾华府A座", "嘉禾华府"),  # an estate
        ("联系西门立国拿钥匙", "西门立国"),  # a person
        ("中国联通 入网登记表", "中国联通 入网"),
        ("票价：CNY 3544.00", "CNY"),
    ],
)
def test_model_spans_that_a_record_says_are_no_organization(text: str, span: str) -> None:
    assert _refined_org(text, span) is None


@pytest.mark.parametrize(
    ("text", "span", "expected"),
    [
        ("酒店：云栖酒店(太原文二路店)  营业日期", "云栖酒店", "云栖酒店(太原文二路店)"),
        ("<ldmc>昆明华信宾馆</ldmc>", "ldmc>昆明华信宾馆", "昆明华信宾馆"),
        ("医疗机构：海口市人民医院  组织机构代码：1", "海口市人民医院  组织", "海口市人民医院"),
        ("海口市人民医院 检验科报告", "海口市人民医院 检验科", "海口市人民医院"),
        (
            "登记机关 广州市越秀区市场监督管理局",
            "越秀区市场监督管理局",
            "广州市越秀区市场监督管理局",
        ),
        (
            "Employer: 杭州市华信生物科技有限公司\n",
            " 杭州市华信生物科技有限公司",
            "杭州市华信生物科技有限公司",
        ),
        ("记者从工行获悉，", "工行", "工行"),  # in prose a bank's short name is the bank
    ],
)
def test_model_organization_spans_take_the_whole_name_as_written(
    text: str, span: str, expected: str
) -> None:
    assert _refined_org(text, span) == expected


@pytest.mark.parametrize(
    "name",
    [
        "海淀钱记水果店",
        "南山周氏理发店",
        "天河区某街道社区卫生服务中心",
        "西湖区市场监督管理局",
        "福田某家超市",
    ],
)
def test_shop_and_bureau_suffixes(name: str) -> None:
    assert orgs(f"名称：{name}\n类型：个体工商户") == [name]


def test_a_hotel_s_branch_in_brackets_is_part_of_its_name() -> None:
    assert orgs("入住悦来酒店(杭州文三路店)，房号1203") == ["悦来酒店(杭州文三路店)"]


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("类型 个体工商户\n经营者 于立宁\n经营场所 略", "于立宁"),  # a role, then a space
        ("团号：TD0001  领队：童立安  13800000000", "童立安"),
        ("家庭成员：\n  子女 涂翠玲 440102195205250000", "涂翠玲"),
        ("联系江轩宇签字", "江轩宇"),
        ("IT-250657 | 侯楷 | Mate 60 | 2025-01-01", "侯楷"),  # 楷: a given-name character
    ],
)
def test_roles_followed_by_a_space_and_more_given_characters(text: str, name: str) -> None:
    assert name in names(text)


def test_a_romanised_name_before_an_english_verb() -> None:
    assert names("our relationship manager Minglu Qian can be reached at 0") == ["Minglu Qian"]
    assert names("our account manager Service Desk can be reached") == []


@pytest.mark.parametrize(
    ("text", "org"),
    [
        ("92440106L0000000X0,天河李家超市,李立敏,天河区某路1号", "天河李家超市"),
        (
            "消费\t¥4732.00\t南昌华信机械制造集团有限公司\tCUST291677042",
            "南昌华信机械制造集团有限公司",
        ),
        ("<ldmc>维景酒店(太原兴华路店)</ldmc>", "维景酒店(太原兴华路店)"),
    ],
)
def test_an_organization_filling_a_record_s_field_holds_against_the_model(
    text: str, org: str
) -> None:
    from boxguard import services

    found = Scanner(kinds=["organization"], models=services.default_models()).scan(text)
    assert org in [f.value for f in found]
    ev = [f.evidence for f in RULES.scan(text) if f.value == org]
    assert ev
    assert "field" in ev[0]


def test_an_organization_in_prose_is_no_field() -> None:
    ev = [f.evidence for f in RULES.scan("他说，李家超市，很好") if f.kind == "organization"]
    assert all("field" not in e for e in ev)


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("1. 费立云 妈妈 17600000000\n2. 喻一瑾 妈妈 项健清 155-0000-0000", "喻一瑾"),
        ("4. 南宫颖澜 家长 焦珠 197 0000 0000", "南宫颖澜"),
        ("【ETC】费涵您好，您的车辆已通行", "费涵"),
        ("【车管所】凌瑜惠车主，您名下车辆", "凌瑜惠"),
        ("Chinese name: 任祥菊\nApplication", "任祥菊"),
        ("购车人：荣晋澜\n发动机号：略", "荣晋澜"),
    ],
)
def test_names_labelled_by_what_follows_them(text: str, name: str) -> None:
    assert name in names(text)


def test_a_romanised_name_before_a_title() -> None:
    assert names("Customer LANG, Feng MR\n港澳通行证号: 略") == ["LANG, Feng"]


@pytest.mark.parametrize("text", ["同学们好，大家您好", "请联系家长 确认", "车主，您好"])
def test_words_before_a_greeting_are_no_name(text: str) -> None:
    assert names(text) == []


@pytest.mark.parametrize(
    ("text", "span"),
    [
        ("租金打入甲方账户：6222 0000 0000 0000（浦发）。", "浦发"),  # after a card number
        ("贷款银行 中行\n认购房号 1-2-3", "中行"),  # a label and a space
        ("如有疑问请致电。网点：建行营业部\n", "建行营业部"),
        ("台湾联系电话 +886 900 000 000", "台湾联"),  # a label followed by its number
        ("望塘巷 11 号文澜华府9-1-901", "号文澜华府"),  # the house number's 号, then an estate
    ],
)
def test_bank_short_names_labels_and_estates_in_records(text: str, span: str) -> None:
    assert _refined_org(text, span) is None


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("UPDATE t_user SET name='欧阳立伟' WHERE id=3;", "欧阳立伟"),
        ("SELECT * FROM u WHERE name = '王小明';", "王小明"),
        ("UPDATE users SET real_name = 'Zhang Wei' WHERE id = 9", "Zhang Wei"),
        ("本人王小明承诺以上信息属实", "王小明"),
    ],
)
def test_sql_name_columns_and_self_introductions(text: str, name: str) -> None:
    assert names(text) == [name]


@pytest.mark.parametrize(
    "text",
    ["UPDATE p SET file_name='张伟' WHERE id=1", "本人承诺以上信息属实", "本人同意"],
)
def test_a_things_column_or_a_pledge_is_no_name(text: str) -> None:
    assert names(text) == []


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("姓名：其其格\n身份证：略", "其其格"),  # a name field filled whole, no listed surname
        ("学生姓名:尚安 | 父亲姓名:巴特尔 | 父亲工作单位:略", "巴特尔"),
        ("顾客：龙津欣\n手机：略", "龙津欣"),
        ("收餐人: 时健骏\n合计: 1.00", "时健骏"),
        ("真名：齐冬雅  QQ：略", "齐冬雅"),
    ],
)
def test_name_fields_and_customer_labels(text: str, name: str) -> None:
    assert name in names(text)


@pytest.mark.parametrize("text", ["姓名：不详\n", "姓名：未知 电话：略", "用户同意协议"])
def test_placeholders_in_a_name_field_are_no_name(text: str) -> None:
    assert names(text) == []
