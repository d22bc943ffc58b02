"""The native core's finder twins find exactly what the Python finders find (issue 19).

Each finder that declares a native twin (``native_twin``: the address finders, the
record-name, labelled-name, organization, romanised-name, airline-name, SQL-name and
·-name finders, the property certificate's) is run both ways on the same folded
text — the Python finder is the oracle — and the spans (offsets, scores, evidence) must
be equal: on both synthetic corpora, the blind held-out corpus, CLUENER's held-out split,
a one-line dump, and hypothesis-generated address-like, record-like, labelled,
organization-like, romanised-name-like, SQL-like, ·-name-like and property-number-like
text. Python's ``\\d``, ``\\w`` and ``\\b`` (spelt by the core from Python's tables) are
compared with Python's ``re`` over every code point. The scanner's own differential tests
(test_native_engine.py) cover the findings the twins lead to.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterable, Sequence

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from tests.corpus_support import BLIND, CLUENER

from boxguard.accel import native
from boxguard.detect.scanner import _twin
from boxguard.kinds import Span, all_kinds
from boxguard.kinds._classes import unicode_classes
from boxguard.kinds._lexicon import MINORITY
from boxguard.kinds.address import division_names, find_addresses, find_english_addresses
from boxguard.kinds.finance import _find_property
from boxguard.kinds.organization import _ORG_SUFFIX
from boxguard.kinds.person import (
    _PERSON_LABELS,
    _ROLE_LABELS,
    _SYLLABLES,
    find_airline_names,
    find_minority_names,
    find_roman_names,
    find_sql_names,
)
from boxguard.models.cluener import split
from boxguard.synth.corpus import corpus
from boxguard.text import fold, replace_surrogates

pytestmark = pytest.mark.skipif(native is None, reason="the native core is not built")


Finder = Callable[[str], Iterable[Span]]
TWINNED: list[Finder] = [
    f for k in all_kinds() for f in k.finders if getattr(f, "native_twin", None) is not None
]


def _spans(finder: Finder, norm: str) -> list[tuple[int, int, float, tuple[str, ...]]]:
    return [(s.start, s.end, s.score, s.evidence) for s in finder(norm)]


def assert_same(texts: Sequence[str], finders: Sequence[Finder] = TWINNED) -> int:
    """Run each twinned finder both ways on each folded text; return the spans compared."""
    n = 0
    for finder in finders:
        twin = _twin(finder)
        assert twin is not None, f"{finder.__name__}'s twin was not built"
        for text in texts:
            norm = replace_surrogates(fold(text))[0]
            want = _spans(finder, norm)
            assert twin.find(native.Text(norm)) == want, f"{finder.__name__} differs"
            n += len(want)
    return n


def test_the_address_finders_have_twins() -> None:
    assert {f.__name__ for f in TWINNED} >= {
        "find_addresses",
        "find_english_addresses",
        "find_record_names",
        "find_labelled_names",
        "find_organizations",
        "find_roman_names",
        "find_airline_names",
        "find_sql_names",
        "find_minority_names",
        "_find_property",
    }


def _counts(texts: Sequence[str]) -> dict[str, int]:
    return {
        f.__name__: sum(len(list(f(replace_surrogates(fold(t))[0]))) for t in texts) for f in _NEW
    }


_NEW: list[Finder] = [
    find_roman_names,
    find_airline_names,
    find_sql_names,
    find_minority_names,
    _find_property,
]


@pytest.mark.parametrize("seed", [20261125, 20261206])
def test_the_synthetic_corpora(seed: int) -> None:
    assert assert_same([d.text for d in corpus(1500, seed)]) > 300


def test_the_blind_held_out_corpus() -> None:
    texts = [json.loads(line)["text"] for line in BLIND.read_text("utf-8").splitlines()]
    assert assert_same(texts) > 50


@pytest.mark.skipif(not CLUENER.exists(), reason="CLUENER2020 is not beside the repository")
def test_the_cluener_held_out_split() -> None:
    _train, heldout = split(CLUENER)
    assert assert_same([r.text for r in heldout]) >= 10  # news: few addresses


def test_a_one_line_dump() -> None:
    line = "','".join(d.text.replace("\n", " ") for d in corpus(2000, 11))
    assert assert_same([line]) > 100


_DIVISIONS = sorted(division_names())
_WORDS = (
    "地址： 住址: 家住 收货 address ADDRESS addreſs 省 市 区 县 镇 街道 乡 路 街 大道 巷 弄 里 "
    "道 胡同 号 号院 栋 幢 座 单元 室 房 层 楼 组 小区 花园 苑 园 公寓 大厦 村 社区 广场 中心 城 "
    "旁 对面 东侧 医院 卫生 服务中心 派出所 居委会 - , ， 。 一 二 十 百 零 Room Flat No. Road "
    "Street Ave Rd. St Lane Building Unit : ： Fuzhou Jinyuan Haidian Beijing 100020 350001 15B"
)
_PIECES = st.sampled_from([*_WORDS.split(" "), "\n", "\t", " "])
_DIGITS = st.text(alphabet="0123456789", min_size=1, max_size=6)
_HAN = st.text(alphabet=st.characters(min_codepoint=0x4E00, max_codepoint=0x9FFF), max_size=4)


_ONE = st.sampled_from
#: an address's parts in order; each is sometimes noise instead
_ADDRESS_PARTS = [
    _ONE(["", "地址：", "家住", "address:", "收货 ", "他在"]),
    _ONE(_DIVISIONS),
    _ONE(["", *_DIVISIONS[::7]]),
    _HAN,
    _ONE(["路", "街", "大道", "巷", "弄", "里", "镇", "街道", "村", ""]),
    _ONE(["", " "]),
    _DIGITS,
    _ONE(["号", "号院", "弄", "栋", " 号", "", "组"]),
    _ONE(["", "阳光花园", "金地小区", "翠苑", "幸福里", "旁"]),
    _ONE(["", "3栋", "2单元", "1201室", "5层", "-2号楼", "医院", "卫生服务中心"]),
    _ONE(["", "，电话", "\n", "Road", " No. 12 Jinyuan Avenue, Fuzhou 350001"]),
]


@st.composite
def _address_like(draw: st.DrawFn) -> str:
    noise = st.text(max_size=2)
    return "".join(draw(p if draw(st.integers(0, 9)) else noise) for p in _ADDRESS_PARTS)


@settings(max_examples=1500, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    st.lists(st.one_of(_address_like(), _PIECES, _DIGITS, _HAN, st.text(max_size=3)), max_size=6)
)
def test_generated_address_like_text(parts: list[str]) -> None:
    assert_same(["".join(parts)])


_FIELD_WORDS = (
    "王伟 李娜 张芳 欧阳娜娜 王二狗 李铁柱 未知 卡号 张号码 阿不都·热合曼 ZHANG/SAN "
    "532528195003070012 13812345678 100020 1 2 散客 姓名 客户"
)
_HEADER_WORDS = (
    "姓名 name NAME customer_name product_name file_name fıle_name xm 联系人 编号 电话 id tel "
    "XİNGMİNG"
)
_FIELDS = _ONE(_FIELD_WORDS.split(" "))
_HEADERS = _ONE(_HEADER_WORDS.split(" "))


@st.composite
def _record_like(draw: st.DrawFn) -> str:
    sep = draw(_ONE([",", "，", "\t", "|", ";", "；", ", "]))
    quote = draw(_ONE(["", "", "'", '"', "`"]))
    width = draw(st.integers(1, 4))

    def row(fields: st.SearchStrategy[str], sep: str = sep) -> str:
        cells = [draw(st.one_of(fields, fields, _HAN, st.text(max_size=2))) for _ in range(width)]
        if fields is _FIELDS:  # a record holds an ID or phone number
            cells.insert(draw(st.integers(0, width)), draw(_ONE(["13812345678", "100020"])))
        return sep.join(f"{quote}{c}{quote}" for c in cells)

    lines = [row(_HEADERS)] if draw(st.booleans()) else []
    lines += [row(_FIELDS) for _ in range(draw(st.integers(1, 3)))]
    if draw(st.integers(0, 3)) == 0:  # a SQL dump's line
        cols = ", ".join(draw(_HEADERS) for _ in range(width))
        values = ",".join(f"({row(_FIELDS, ',')})" for _ in range(2))
        lines.append(f"INSERT INTO t ({cols}) VALUES {values}")
    return draw(_ONE(["\n", "\n\n", "\r\n"])).join(lines)


_NOISE = st.sampled_from(["\n", " ", ",", "','", "说明", "532528195003070012", "İNTO", "nAMı"])


@settings(max_examples=1500, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.one_of(_record_like(), _NOISE, st.text(max_size=2)), max_size=4))
def test_generated_record_like_text(parts: list[str]) -> None:
    assert_same(["".join(parts)])


_LABELS = _ONE(
    [*_PERSON_LABELS.split("|")[::3], *_ROLE_LABELS.split("|")[::4], "姓名：", "我叫", "名叫"]
)
_AFTER_LABEL = _ONE(["", "：", ":", " ", "（甲方）：", "是", "为'", "\t", "姓名：", '"'])
_NAME_WORDS = (
    "王伟 李娜 欧阳娜娜 王二狗 李铁柱 张来电 董怡来电 其其格 次仁卓玛 未知 本人 阿卜杜·热合曼 "
    "和买买提·艾力说 扎西·次仁的 华信科技有限公司 人民医院 张 王小"
)
_NAME_LIKE = _ONE(_NAME_WORDS.split(" "))
_AFTER_NAME = _ONE(["", "，电话", " 妈妈 ", "您好", "车主，", "车主", "\n", "的", "说", "。", "1"])


@st.composite
def _labelled_like(draw: st.DrawFn) -> str:
    noise = st.text(max_size=2)
    parts = [_ONE(["", "\n", "2. ", "【ETC】", "客户"]), _LABELS, _AFTER_LABEL, _NAME_LIKE]
    parts.append(_AFTER_NAME)
    return "".join(draw(p if draw(st.integers(0, 9)) else noise) for p in parts)


@settings(max_examples=1500, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.one_of(_labelled_like(), _HAN, st.text(max_size=2)), max_size=5))
def test_generated_labelled_text(parts: list[str]) -> None:
    assert_same(["".join(parts)])


_ORG_PARTS = [
    _ONE(["", "\n", "92440106AB,", "<ldmc>", "\t", "|", "工作单位：", "入住", "任职于", "他说，"]),
    _ONE(["", "但", "各", "一家", "全国", "我们在", "和", "的"]),
    _ONE(["", *_DIVISIONS[::11]]),
    _HAN,
    _ONE(["", "（", "(", "）", ")"]),
    _ONE(_ORG_SUFFIX.split("|")),
    _ONE(["", "(杭州文三路店)", "（南山店）", "集团", "医院"]),
    _ONE(["", ",", "</ldmc>", "  组织机构代码", "，", "\n", ",李某", " "]),
]


@st.composite
def _organization_like(draw: st.DrawFn) -> str:
    noise = st.text(max_size=2)
    return "".join(draw(p if draw(st.integers(0, 9)) else noise) for p in _ORG_PARTS)


@settings(max_examples=1500, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.one_of(_organization_like(), _HAN, st.text(max_size=2)), max_size=5))
def test_generated_organization_like_text(parts: list[str]) -> None:
    assert_same(["".join(parts)])


def test_python_whitespace_is_read_as_python_reads_it() -> None:
    """``\\s`` in a Unicode-mode pattern: every code point Python's ``re`` takes for a space,
    and no other (the core spells the class out)."""
    every = "".join(chr(c) for c in range(0x110000) if not 0xD800 <= c <= 0xDFFF)
    twin = native.NativeFinder.regex(r"\s", re.UNICODE, 1.0, [])
    got = [s for s, _e, _sc, _ev in twin.find(native.Text(every))]
    assert got == [m.start() for m in re.finditer(r"\s", every)]
    assert len(got) == 29


@pytest.mark.parametrize(
    "pattern", ["(?i)[a-z]", "(?i)[^a-z_]", "(?i)i", "(?i)[h-j]", "(?i)name|XM", "(?i)[A-Z]-", "k"]
)
def test_python_caseless_letters_are_read_as_python_reads_them(pattern: str) -> None:
    """Python's Unicode IGNORECASE takes İ and ı for i (PCRE2 does not, unless told), ſ for
    s, K for k: every code point matches both ways alike."""
    every = "".join(chr(c) for c in range(0x110000) if not 0xD800 <= c <= 0xDFFF)
    rx = re.compile(pattern)
    twin = native.NativeFinder.regex(pattern, rx.flags, 1.0, [])
    got = [(s, e) for s, e, _sc, _ev in twin.find(native.Text(every))]
    assert got == [m.span() for m in rx.finditer(every)]


@pytest.mark.parametrize("pattern", [r"\d", r"\w+", r"\bx", r"[\S]", r"\N{DIGIT ONE}"])
def test_what_the_engines_read_differently_is_refused(pattern: str) -> None:
    with pytest.raises(ValueError, match="Unicode-mode"):
        native.NativeFinder.regex(pattern, re.UNICODE, 1.0, [])
    assert native.NativeFinder.regex(pattern.replace("\\N{DIGIT ONE}", "1"), re.ASCII, 1.0, [])


def test_a_refused_twin_leaves_the_python_finder() -> None:
    def finder(text: str) -> list[Span]:
        return [Span(0, len(text), 1.0)]

    finder.native_twin = lambda: native.NativeFinder.regex(r"\d", re.UNICODE, 1.0, [])  # type: ignore[attr-defined]
    assert _twin(finder) is None
    assert _twin(find_addresses) is not None
    assert _twin(find_english_addresses) is not None


_EVERY = "".join(chr(c) for c in range(0x110000) if not 0xD800 <= c <= 0xDFFF)


def _both_ways(pattern: str, text: str, classes: bool = True) -> None:
    rx = re.compile(pattern)
    twin = native.NativeFinder.regex(
        pattern, rx.flags, 1.0, [], unicode_classes("d", "w") if classes else None
    )
    got = [(s, e) for s, e, _sc, _ev in twin.find(native.Text(text))]
    assert got == [m.span() for m in rx.finditer(text)]


@pytest.mark.parametrize(
    "pattern",
    [r"\d", r"\D+", r"\w+", r"\W+", r"\b", r"[\d_]", r"[x\w]+", r"(?i)\bk", r"x\b"],
)
def test_python_digits_and_word_characters_are_read_as_python_reads_them(pattern: str) -> None:
    """``\\d``, ``\\w`` and ``\\b`` in a Unicode-mode pattern, spelt from Python's tables
    (``kinds._classes``): every code point matches both ways alike (a caseless ``\\b`` takes
    no case variant of a word character: U+0345 is none), long runs too."""
    _both_ways(pattern, _EVERY)


def test_the_tables_hold_what_python_reads() -> None:
    digits = unicode_classes("d")["d"]
    assert sum(hi - lo + 1 for lo, hi in digits) == sum(c.isdecimal() for c in _EVERY)
    words = unicode_classes("w")["w"]
    assert sum(hi - lo + 1 for lo, hi in words) == sum(c.isalnum() or c == "_" for c in _EVERY)


@pytest.mark.parametrize(
    "pattern",
    ["(?i:[a-z])", "(?i:i)", "(?i:[^a-z])", "(?i:k)|s", "(?i)(?-i:i)", "(?i)(?-i:[a-z])|K"],
)
def test_a_scoped_caseless_group_is_read_as_python_reads_it(pattern: str) -> None:
    """``(?i:…)`` (and ``(?-i:…)`` in a caseless pattern): İ and ı for i inside the scope
    only, ſ for s, K for k, every code point alike."""
    _both_ways(pattern, _EVERY, classes=False)


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet="xy \n\r", max_size=12), st.sampled_from(["(?m)^x|y$", "(?m)^ |y$"]))
def test_multiline_anchors_are_read_as_python_reads_them(text: str, pattern: str) -> None:
    """``re.MULTILINE``: ``^`` after every ``\\n`` (a last one too), ``$`` before each."""
    _both_ways(pattern, text, classes=False)


@pytest.mark.parametrize(
    "pattern", [r"\B", r"[\D]", r"[\W]", "(?m:x)", "(?s:.)", r"(?i)[\w]", r"(?i:\d)", r"(?i)\w"]
)
def test_what_the_tables_do_not_spell_is_refused(pattern: str) -> None:
    with pytest.raises(ValueError, match="Unicode-mode"):
        native.NativeFinder.regex(pattern, re.compile(pattern).flags, 1.0, [], unicode_classes("w"))


_ROMAN_NAMES = (
    "Zhang Wei|ZHANG WEI|Li Na|LI NA|Xiaoming WANG|Mingyu Qian|CHAN, Tai Man|Tai Man|Luo Jian"
    "|Ou Yang|SANFENG|Whom It|Smith John|Due Diligence|Insert Into|VALUES Li|Zhang Weiß|Li Nan Feng"
)
_ROMAN_LABELS = (
    "Name: |name:|Full Name (as in passport): |Remitter: |Customer |customer:|To |From |To: "
    "|Passenger |收件人：|客户 |File name: |product_name: |NAME：|Cardholder:|ACCOUNT HOLDER "
    "|ſender: |İnsured: |Chinese name: |Dear |Contact Name (Mr) : |1 |Manager "
)
_ROMAN_AFTER = "|\n|,|，| can| is| isé| at| MR| of٣|  |;| and|。|\\|| 电话|x|_1| fromage"


@st.composite
def _roman_like(draw: st.DrawFn) -> str:
    noise = st.text(max_size=2)
    name = _ONE(_ROMAN_NAMES.split("|"))
    parts = [
        _ONE(["", "\n", "汇款信息 ", "a-", "9683939,", "(7,'", "','"]),
        _ONE(_ROMAN_LABELS.split("|")),
        name,
        _ONE(["", "", " Li", " WANG", " Na"]),
        _ONE([*_ROMAN_AFTER.split("|"), ",13812345678", "','13812345678')", "\n"]),
    ]
    return "".join(draw(p if draw(st.integers(0, 9)) else noise) for p in parts)


_AIRLINE_WORDS = (
    "ZHANG/SANFENG|ZHANG/SANFENG MR|TCP/IP|SMITH/JOHN|LI/NA MS|OUYANG/XIAO MSTR|A/B|X/Y/Z"
    "|ZHANG/SAN/LI|zhang/SAN|/M/15NOV33/XI/HONGJUN/P1|/FI/01JAN30/WANG/WEI|IMEI/SV|XI/A٣"
)
_SQL_COLUMNS = (
    "name|real_name|NAME|Name|file_name|user_name|xm|XM|xingming|姓名|nick_name|product_name"
    "|fİle_name|ProductName|customer_name|nAme|2name|a_b_name"
)
_SQL_VALUES = (
    "王二狗|欧阳立伟|李铁柱|Zhang Wei|Tom Jones|ZHANG WEI|未知|张|李号码|阿卜杜·热合曼|ZHANG/SAN"
    "|Li Na Wang|ab|姓名|王伟|Xiaoming|WANG, Wei|ZHANG WEI INTO"
)


@st.composite
def _sql_like(draw: st.DrawFn) -> str:
    noise = st.text(max_size=2)
    quote = draw(_ONE(["'", '"']))
    parts = [
        _ONE(["", "UPDATE t SET ", "WHERE ", '{"', "'", " OR ", "x"]),
        _ONE(_SQL_COLUMNS.split("|")),
        _ONE(["=", " = ", "`=", "` =", '": ', "':", '":', " :"]),
        _ONE([quote, quote, "'", '"', ""]),
        _ONE(_SQL_VALUES.split("|")),
        _ONE([quote, quote, "'", '"', "\n"]),
        _ONE(["", ",", "}", " AND ", ";"]),
    ]
    return "".join(draw(p if draw(st.integers(0, 9)) else noise) for p in parts)


@settings(max_examples=1500, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    st.lists(
        st.one_of(
            _roman_like(),
            _sql_like(),
            _ONE(_AIRLINE_WORDS.split("|")),
            _ONE([*_ROMAN_NAMES.split("|"), " ", "\n", ",", "123456"]),
            st.text(max_size=3),
        ),
        max_size=5,
    )
)
def test_generated_romanised_airline_and_sql_text(parts: list[str]) -> None:
    assert_same(["".join(parts)], _NEW[:3])


_SYLLABLE_LIST = sorted(_SYLLABLES)


@settings(max_examples=500, deadline=None)
@given(
    st.lists(st.sampled_from(_SYLLABLE_LIST), min_size=1, max_size=4),
    st.lists(st.sampled_from(_SYLLABLE_LIST), min_size=1, max_size=3),
    st.sampled_from(["", "x", "q", "v", "ng"]),
    st.sampled_from(["Name: ", "Customer ", "收件人：", "9683939,", "To "]),
)
def test_generated_pinyin(sur: list[str], given_: list[str], odd: str, label: str) -> None:
    """Pinyin names of every syllable, upper and title case, now and then an odd letter."""
    s, g = "".join(sur), "".join(given_) + odd
    text = (
        f"{label}{s.title()[:12]} {g.title()[:12]},13812345678 {s.upper()[:12]}/{g.upper()[:12]}"
        f" name='{g.title()[:12]} {s.title()[:12]}'\n{s.upper()[:12]}, {g.title()[:12]}\n"
    )
    assert_same([text], _NEW[:3])


_DOT_NAMES = ["阿卜杜·热合曼", "买买提·艾力", "晋书·宣帝纪", "帕提古丽·吐尔逊", "迪丽·热巴"]
_DOT_NAMES += ["扎西·次仁", "阿·热", "阿卜·热合曼说的"]
_DOT_BEFORE_WORDS = (
    '|《|“|"|业主|客户|房东：|房东|姓名|我的同事|和|昨天和|姓名是|出租方（甲方）：|的'
)


@st.composite
def _dotted_like(draw: st.DrawFn) -> str:
    noise = st.text(max_size=2)
    parts = [
        _ONE(_DOT_BEFORE_WORDS.split("|")),
        _ONE([*_DOT_NAMES, *MINORITY]),
        _ONE(["", "》", "说", "的", "今天来上班了", "说好了", "，电话", "·", "是"]),
    ]
    return "".join(draw(p if draw(st.integers(0, 9)) else noise) for p in parts)


@settings(max_examples=1000, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.one_of(_dotted_like(), _HAN, _ONE(["·", "》", "《"]), st.text(max_size=2))))
def test_generated_dotted_names(parts: list[str]) -> None:
    assert_same(["".join(parts)], [find_minority_names])


#: digits of every kind: ASCII, full-width (folded), Arabic-Indic, Gurmukhi, N'Ko, math
#: bold, any decimal digit; 〇 and 一 are none
_DIGIT = st.one_of(
    st.sampled_from("0123456789"),
    st.sampled_from("０１２３٣٤੩߀𝟘〇一"),
    st.characters(categories=("Nd",)),
)


def _digits(lo: int, hi: int) -> st.SearchStrategy[str]:
    return st.integers(lo, hi).flatmap(lambda n: st.text(alphabet=_DIGIT, min_size=n, max_size=n))


def _often(valid: list[str], odd: list[str]) -> st.SearchStrategy[str]:
    """One of ``valid`` three times in four, else one of ``odd``."""
    return st.one_of(_ONE(valid), _ONE(valid), _ONE(valid), _ONE(odd))


_OPEN, _CLOSE = _often(["(", "（"], ["[", ""]), _often([")", "）"], ["]", ""])
_PLACE = _often(["朝阳区", "浦东新区", "玄", "海", "西湖区"], ["", "一二三四五六七八九十一二三"])
_YEAR = st.one_of(_digits(4, 4), _digits(4, 4), _digits(3, 5))
_NUMBER = st.one_of(_digits(5, 8), _digits(5, 8), _digits(3, 11))
#: the three forms of a number, in order, each part sometimes noise
_PROPERTY_FORMS = [
    [
        *(_often(list("京沪粤苏"), ["X", ""]), _OPEN, _YEAR, _CLOSE, _PLACE),
        *(_often(["不动产权第"], ["不动产权"]), _NUMBER, _often(["号"], [""])),
    ],
    [
        *(_often(["", "京", "苏"], ["X"]), _PLACE, _often(["房权证"], ["房权"]), _PLACE),
        *(_often(["字第"], ["第"]), _NUMBER, _often(["号"], [""])),
    ],
    [
        *(_often(list("苏京"), ["X"]), _often(["房地"], ["房"]), _PLACE, _often(["字"], [""])),
        *(_OPEN, _YEAR, _CLOSE, _often(["第"], [""]), _NUMBER, _often(["号"], [""])),
    ],
]


@st.composite
def _property_like(draw: st.DrawFn) -> str:
    noise = st.text(max_size=2)
    form = draw(_ONE(_PROPERTY_FORMS))
    return "".join(draw(p if draw(st.integers(0, 19)) else noise) for p in form)


@settings(max_examples=1500, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    st.lists(
        st.one_of(
            _property_like(), _digits(1, 6), _ONE(["证号：", "，", "\n"]), st.text(max_size=2)
        ),
        max_size=4,
    )
)
def test_generated_property_numbers(parts: list[str]) -> None:
    assert_same(["".join(parts)], [_find_property])
