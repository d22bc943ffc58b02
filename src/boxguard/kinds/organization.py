"""Organizations: employers, schools, hospitals, hotels, bank branches, police stations.

``model_based``: the CRF name model finds them in free text. The rules here work
without any model: an organization by its structure (…有限公司, …医院, …派出所),
trimmed after the last verb or particle before it, and never cut through a division
name. What the person-name rules share with these is :mod:`boxguard.kinds._names`.
"""

from __future__ import annotations

import random
import re

from boxguard.accel import native as _native
from boxguard.kinds._lazy import lazy_re
from boxguard.kinds._masks import run_twin
from boxguard.kinds._model import Category, Kind, Span, native_regexes, native_twin, triggered_by
from boxguard.kinds._names import LATIN_WORD, UNDECODED, code_words
from boxguard.kinds.address import (
    division_names,
    divisions,
    lengths_by_prefix,
    starts_with_division,
)
from boxguard.kinds.person import compound_surnames, is_bare_name

_ORG_SUFFIX = (
    "有限责任公司|股份有限公司|有限公司|集团公司|集团|公司|人民医院|中医院|医院|卫生院|诊所|大学|学院"
    "|中学|小学|幼儿园|学校|支行|分行|银行|派出所|公安局|分局|大酒店|酒店|宾馆|旅馆|招待所|研究院|研究所"
    "|事务所|委员会|居委会|村委会|街道办事处|办事处|合作社|俱乐部|服务中心|管理局|税务局|保健院"
    "|超市|餐馆|饭店|水果店|理发店|小吃店|五金店|便利店|药店|药房"
)
_ORG_END = lazy_re(rf"(?:{_ORG_SUFFIX})$")
#: How many characters of a name come before its suffix, at least and at most.
_ORG_MIN, _ORG_MAX = 2, 24
_ORG_RX = lazy_re(rf"[\u4e00-\u9fff（）()]{{{_ORG_MIN},{_ORG_MAX}}}(?:{_ORG_SUFFIX})")
#: Words that end the stretch before an organization name (verbs, particles, labels).
_ORG_STOP = lazy_re(
    r"入住|就职|任职|工作|就读|就诊|单位|住宿地|所属|来自|前往|位于|在|于|到|去|是|的|和|与|向|从|由"
)


_SUFFIX_RX = lazy_re(_ORG_SUFFIX)
_ORG_RUN = lazy_re(r"[\u4e00-\u9fff（）()]+")


def _suffix_starts(text: str) -> list[tuple[int, int]]:
    """(start, end) of the suffix the pattern would take at every position where one starts."""
    out = []
    for m in _SUFFIX_RX.finditer(text):
        out.append(m.span())
        for q in range(m.start() + 1, m.end()):  # suffixes inside a suffix (集团|团…, 中学校)
            inner = _SUFFIX_RX.match(text, q)
            if inner is not None:
                out.append(inner.span())
    return out


def _org_matches(text: str) -> list[tuple[int, int]]:
    """The spans of ``_ORG_RX.finditer(text)``, worked out from where suffixes start.

    The pattern is ``[Han or bracket]{2,24}`` then a suffix: run by the regex engine it
    backtracks through ~24 positions at every character. A match lies in one run of
    such characters; it starts at the leftmost position that has a suffix 2–24
    characters on, and greedily takes the last suffix within 24 characters of its start.
    """
    out: list[tuple[int, int]] = []
    suffixes = _suffix_starts(text)
    runs = _ORG_RUN.finditer(text)
    r0 = r1 = -1
    done = 0  # where the previous match ended: the next one starts at or after it
    for k, (q, _) in enumerate(suffixes):
        while r1 <= q:
            r0, r1 = next(runs).span()
        p = max(r0, q - _ORG_MAX, done)
        if p > q - _ORG_MIN:
            continue
        j = k
        while j + 1 < len(suffixes) and suffixes[j + 1][0] <= min(p + _ORG_MAX, r1 - 1):
            j += 1
        done = suffixes[j][1]
        out.append((p, done))
    return out


def _division_at(text: str, i: int) -> bool:
    """True when a division name (和田, 呼和浩特) covers position ``i``."""
    names, by_prefix = division_names(), lengths_by_prefix()
    for j in range(max(0, i - 4), i + 1):
        for n in by_prefix.get(text[j : j + 2], ()):
            if j + n > i and j + n <= len(text) and text[j : j + n] in names:
                return True
    return False


#: Function words and quantifiers that open a stretch before a suffix but never a name
#: (但渣打银行, 各商业银行, 全国农行, 一位公交公司).
_ORG_LEAD = lazy_re(
    r"(?:但|而|和|与|及|或|各|每|该|这|那|此|其|均|都|也|还|又|就|被|把|将|对|以及|除了"
    r"|一位|一家|一个|一所|一名|全国|国内|目前|当前|我们|你们|他们|针对"
    r"|部分|个别|多数|少数|其余|其他|其它|不同|某些|多家)+"
)


#: What a record puts right before an organization (入住|…酒店, 工作单位：|…): the rule's
#: guess is then anchored. In prose a bare guess is right about one time in nine (CLUENER
#: cross-validation: 49 of 423 that the model did not find), so a model overrules it.
_ORG_ANCHOR = lazy_re(
    r"((?:入住|就职|任职|就读|就诊|工作|来自|前往)[于在]?|位于|单位|住宿地|所属|[：:])\s*$"
)


#: What delimits a record's field (never the full-width comma, which prose uses).
_FIELD_SEPS = ",\t|;>\n"
_FIELD_AFTER = lazy_re(r"[ ]*(?:$|[,\t|;\n]|</)")
_RECORD_NUMBER = lazy_re(r"[0-9A-Z]{6}")
#: What only a record's line holds (a tab, a pipe, a tag).
_RECORD_MARKS = "\t|>"


def _fills_field(text: str, start: int, end: int) -> bool:
    """True when ``text[start:end]`` is a whole field of a delimited record or an XML tag's
    text (``…,天河李家超市,李某``, ``<ldmc>某酒店</ldmc>``): a record anchors it as a label does.

    >>> _fills_field("92440106,天河李家超市,李某", 9, 15), _fills_field("他在李家超市买", 2, 6)
    (True, False)
    >>> _fills_field("他说，李家超市，很好", 3, 7)
    False
    """
    j = start
    while j > 0 and text[j - 1] == " ":
        j -= 1
    if not (j == 0 or text[j - 1] in _FIELD_SEPS) or _FIELD_AFTER.match(text, end) is None:
        return False
    # a comma may be prose's (the scanner folds ， to ,): the line must look like a record
    line = text[text.rfind("\n", 0, start) + 1 : (text.find("\n", end) + 1 or len(text) + 1) - 1]
    return any(c in line for c in _RECORD_MARKS) or _RECORD_NUMBER.search(line) is not None


def _anchor(text: str, start: int) -> tuple[str, ...]:
    m = _ORG_ANCHOR.search(text, max(0, start - 5), start)
    return ("anchor:" + m.group(1),) if m else ()


def _organization_twin() -> _native.NativeFinder | None:
    """:func:`find_organizations` run by the native core, from the regexes, division names
    and characters declared here (None when the core is not built)."""
    if _native is None:
        return None
    rxs = {
        "_SUFFIX_RX": _SUFFIX_RX,
        "_ORG_RUN": _ORG_RUN,
        "_ORG_STOP": _ORG_STOP,
        "_ORG_LEAD": _ORG_LEAD,
        "_ORG_ANCHOR": _ORG_ANCHOR,
        "_FIELD_AFTER": _FIELD_AFTER,
        "_RECORD_NUMBER": _RECORD_NUMBER,
        "_BRANCH": _BRANCH,
    }
    return _native.NativeFinder.organizations(
        native_regexes(rxs),
        sorted(division_names()),
        (_ORG_MIN, _ORG_MAX),
        _FIELD_SEPS,
        _RECORD_MARKS,
    )


@native_twin(_organization_twin)
@triggered_by(_ORG_SUFFIX)
def find_organizations(text: str) -> list[Span]:
    """Organization names by structure, trimmed after the last verb or particle before them;
    evidence ``anchor:WORD`` when a record's verb or label stands right before.

    >>> t = "他任职于北京华信科技有限公司，住在酒店，但渣打银行不同"
    >>> [(t[s.start:s.end], s.evidence[1:]) for s in find_organizations(t)]
    [('北京华信科技有限公司', ('anchor:任职于',)), ('渣打银行', ())]
    >>> [s.evidence for s in find_organizations("工作单位：华信科技有限公司")]
    [('structure:org-suffix', 'anchor:：')]
    """
    out: list[Span] = []
    for begin, end in _org_matches(text):
        start = begin  # after the last stop word that is not part of a division name
        for e in reversed([s.end() for s in _ORG_STOP.finditer(text, begin, end - 2)]):
            if not _division_at(text, e - 1):
                start = e
                break
        lead = _ORG_LEAD.match(text, start, end)
        if lead is not None and not _division_at(text, lead.end() - 1):
            start = lead.end()
        if end - start >= 4:
            stop = _branch_end(text, end)
            field = ("field",) if _fills_field(text, start, stop) else ()
            ev = ("structure:org-suffix", *_anchor(text, start), *field)
            out.append(Span(start, stop, 0.7, ev))
    return out


#: Latin acronyms that label a record's field, not an organization (MAC地址, IP, QQ号).
_FIELD_ACRONYMS = frozenset(
    {"MAC", "IP", "IMEI", "VIN", "QQ", "ID", "SMS", "PNR", "GPS", "WIFI", "APP", "URL", "SN"}
    | {"NO", "TEL", "IC", "PIN", "OTP", "ATM", "POS", "SIM", "USB"}
)
#: Words that name a line of business, not a company (科技有限公司 has no name in it).
_GENERIC_BUSINESS = frozenset(
    {"科技", "贸易", "物流", "房地产经纪", "实业", "投资", "网络", "信息", "电子", "商贸"}
    | {"置业", "传媒", "文化"}
)


def refine_organization(text: str, start: int, end: int) -> tuple[int, int] | None:
    """Keep a model's organization span, or take the structural rule's when the model's
    start is evidently wrong; strip a leading particle.

    The model's left edge is the better one in prose (记者拨打|招商银行); the rule's is
    better where the model cut through a word (入|住…, 自治|州…), left a company without
    its name (科技有限公司), or split a hierarchy (…公安局…分局|西城派出所).

    >>> t = "同住人：李薇，入住黔南布依族苗族自治州华信医院"
    >>> s, e = refine_organization(t, t.index("州华信"), len(t))
    >>> t[s:e]
    '黔南布依族苗族自治州华信医院'
    >>> t = "记者拨打招商银行的热线"
    >>> s, e = refine_organization(t, t.index("招商"), t.index("的"))
    >>> t[s:e]
    '招商银行'
    """
    start, end = _trim(text, start, end)
    value = text[start:end]
    if not value or UNDECODED in value or code_words(value):
        return None  # INSERT INTO `t_user` VALUES: a SQL dump's syntax, not a company
    if _not_an_organization(text, start, end):
        return None
    if value.isascii():
        # MAC, IP: field labels in a record; Valve, FTC, ESA: organizations in prose
        return None if value.upper() in _FIELD_ACRONYMS or len(value) < 2 else (start, end)
    latin = LATIN_WORD.findall(value)
    if latin and all(w.upper() in _FIELD_ACRONYMS for w in latin) and not _ORG_END.search(value):
        return None  # MAC地址, QQ号: a field's label; Linden实验室, ac米兰 are organizations
    end = _branch_end(text, end)
    rule = _rule_start(text, end)
    if rule is not None and _start_is_wrong(text, start, end, rule):
        return rule, end
    stop = _ORG_STOP.match(text, start, end)
    if stop is not None and not _division_at(text, stop.end() - 1):
        start = stop.end()
    return (start, end) if end - start >= 2 else None


#: What edges a model's span may carry off a record: spaces, a tag's end, quotes.
_EDGE = " \t\u3000'\"`“”‘’<>/"
#: A bare bank abbreviation (工行, 建行营业部): a bank named by its short form, no branch.
_BANK_SHORT = lazy_re(r"[\u4e00-\u9fff]行(?:营业部)?")
#: Words that label a field of a record (航班号, 通讯地址) or a currency, not an organization.
_FIELD_END = lazy_re(r"(?:号|码|址|编号|地址|日期|电话)$")
_LATIN_FIELD_WORDS = frozenset({"NAME", "PASSENGER", "CNY", "USD", "HKD", "RMB", "EUR", "KH"})
_HOUSE_NUMBER = lazy_re(r"[0-9０-９]\s*号\s*$")
_HAN_TAIL = lazy_re(r"[\u4e00-\u9fff]*")
#: What stands before a bank's short name: its field's label, or the card number it serves.
_BANK_CONTEXT = lazy_re(r"(?:银行|开户行|付款行|收款行|网点)\s*[:：]?\s*$|[0-9][\s（(]+$")
#: A branch written after a hotel's or a chain's name: ``悦途酒店(杭州文三路店)``.
_BRANCH = lazy_re(r"[（(][\u4e00-\u9fff]{2,16}店[）)]")


def _trim(text: str, start: int, end: int) -> tuple[int, int]:
    """Cut what a record puts around a name: spaces, ``ldmc>`` of a tag, and what follows
    a space after a suffix (``海南省人民医院  组织机构代码``, ``…医院 检验科报告``).

    >>> t = "<ldmc>昆明华信宾馆</ldmc>"
    >>> s, e = _trim(t, 1, 12); t[s:e]
    '昆明华信宾馆'
    """
    value = text[start:end]
    if ">" in value:
        start += value.rindex(">") + 1
    gap = re.search(r"\s", text[start:end])
    if gap is not None and _ORG_END.search(text, start, start + gap.start()):
        end = start + gap.start()
    while start < end and text[start] in _EDGE:
        start += 1
    if text.startswith("号", start) and _HOUSE_NUMBER.search(text, max(0, start - 6), start + 1):
        start += 1  # 29|号嘉禾华府: the house number's 号 is not the estate's
    while end > start and text[end - 1] in _EDGE:
        end -= 1
    return start, end


def _not_an_organization(text: str, start: int, end: int) -> bool:
    """A bank's abbreviation (工行, 交行营业部), a field's label (台湾通行证号, 检测站：, 公司：),
    a residential estate after a house number (号嘉禾华府), or a Latin field word (CNY).

    >>> _not_an_organization("贷款银行：工行", 5, 7), _not_an_organization("公司：华信", 0, 2)
    (True, True)
    >>> _not_an_organization("路74号嘉禾华府23幢", 4, 8), _not_an_organization("工商银行", 0, 4)
    (True, False)
    """
    value = text[start:end]
    if _FIELD_END.search(value):
        return True
    if _BANK_SHORT.fullmatch(value) and _BANK_CONTEXT.search(text, max(0, start - 8), start):
        return True  # 贷款银行：工行, 6222… 工行的: a record's bank abbreviation, not an employer
    if any(w.upper() in _LATIN_FIELD_WORDS for w in LATIN_WORD.findall(value)):
        return True
    generic = _SUFFIX_RX.fullmatch(value) is not None or value.endswith("站")
    if generic and re.match(r"\s*[:：]", text[end : end + 3]):
        return True  # 检测站：, 公司：: the label of the field that follows
    label = _HAN_TAIL.match(text, end)
    stop = end if label is None else label.end()
    if _FIELD_END.search(text, start, stop) and re.match(r"\s*[:：+0-9]", text[stop : stop + 3]):
        return True  # 台湾联|系电话：: the model stopped inside a field's label
    if _ORG_END.search(value) is not None:
        return False
    if value[:2] in compound_surnames() and is_bare_name(value):
        return True  # 西门国俊: a person with a two-character surname
    if len(value) == 2 and _BANK_CONTEXT.search(text, max(0, start - 8), start):
        return True  # 贷款银行：中信: a bank's short name in a record
    if " " in value.strip():
        return True  # 中国联通 入网: a brand and the next word of a header
    return _HOUSE_NUMBER.search(text, max(0, start - 6), start) is not None


def _branch_end(text: str, end: int) -> int:
    """``end`` moved past a branch in brackets after a name (``酒店|(杭州文三路店)``)."""
    m = _BRANCH.match(text, end)
    return m.end() if m is not None else end


def _rule_start(text: str, end: int) -> int | None:
    """Start of the structural rule's organization ending at ``end``, if there is one."""
    lo = max(0, end - 40)
    for rule in find_organizations(text[lo:end]):
        if rule.end == end - lo:
            return lo + rule.start
    return None


def _start_is_wrong(text: str, start: int, end: int, rule: int) -> bool:
    """The model's ``start`` cuts a word, leaves a company nameless, or splits a hierarchy."""
    if any(
        m.start() < start < m.end() for m in _ORG_STOP.finditer(text, max(0, start - 2), start + 2)
    ):
        return True  # 入|住嘉禾集团
    if any(j + starts_with_division(text, j) > start for j in range(max(0, start - 12), start)):
        return True  # 黔东南苗族侗族自|治州宏达集团
    for suffix in ("有限责任公司", "有限公司"):
        if text.endswith(suffix, start, end):
            name = text[start : end - len(suffix)]
            if len(name) <= 1 or name in _GENERIC_BUSINESS:
                return True  # 科技有限公司, 纪有限公司
            break
    if rule < start and _divisions_only(text, rule, start):
        return True  # 广州市|越秀区市场监督管理局: the city prefix is part of the name
    return rule < start and _ORG_END.search(text, rule, start) is not None  # …分局|西城派出所


def _divisions_only(text: str, i: int, stop: int) -> bool:
    """True when ``text[i:stop]`` is one or more division names (广州市, 广州市越秀区)."""
    while i < stop:
        n = starts_with_division(text, i)
        if n <= 0:
            return False
        i += n
    return i == stop


#: The suffixes and name stems the generator makes organizations from.
_MADE_SUFFIXES = (
    "有限公司",
    "科技有限公司",
    "贸易有限公司",
    "集团有限公司",
    "医院",
    "人民医院",
    "中学",
    "大学",
    "酒店",
    "大酒店",
    "宾馆",
    "支行",
    "派出所",
    "物流有限公司",
    "房地产经纪有限公司",
)
_MADE_STEMS = (
    "华信",
    "恒通",
    "鑫源",
    "宏达",
    "新世纪",
    "博远",
    "天成",
    "瑞丰",
    "金桥",
    "顺安",
    "远航",
    "中诚",
    "海纳",
    "嘉禾",
    "永盛",
    "云帆",
    "启明",
    "安泰",
    "汇通",
    "卓越",
)


def generate_organization(rng: random.Random) -> str:
    """A fictitious organization in a real city or district.

    >>> org = generate_organization(random.Random(7))
    >>> [s.end for s in find_organizations(org)] == [len(org)]
    True
    """
    _, city, district = rng.choice(divisions())
    place = rng.choice([city.removesuffix("市"), district.removesuffix("区"), ""])
    suffix = rng.choice(_MADE_SUFFIXES)
    if suffix == "支行":
        return f"中国{rng.choice(['工商', '建设', '农业'])}银行{place or '城东'}支行"
    if suffix == "派出所":
        return f"{city}公安局{district}分局{rng.choice(['东湖', '西城', '南门', '新华'])}派出所"
    return f"{place}{rng.choice(_MADE_STEMS)}{suffix}"


def mask_organization(value: str) -> str:
    """The first two and last four characters of a long name, else its first.

    >>> mask_organization("北京字节跳动科技有限公司"), mask_organization("华为公司")
    ('北京******有限公司', '华***')
    """
    return run_twin(
        None if _native is None else _native.mask_organization, value, mask_organization_reference
    )


def mask_organization_reference(value: str) -> str:
    """The Python reference of :func:`mask_organization` (the test oracle).

    >>> mask_organization_reference("某某公司")
    '某***'
    """
    if len(value) > 6:
        return value[:2] + "*" * max(1, len(value) - 6) + value[-4:]
    return value[:1] + "*" * (len(value) - 1)


KINDS = (
    Kind(
        id="organization",
        en="organization (employer, school, hospital, hotel)",
        zh="工作单位 / 住宿地",
        category=Category.EDUCATION_WORK,
        sensitive=False,
        check="structure",
        context=(
            "工作单位",
            "单位",
            "任职于",
            "就职于",
            "入住",
            "住宿地",
            "学校",
            "公司",
            "employer",
        ),
        column_hints=(
            "工作单位",
            "单位",
            "公司",
            "学校",
            "酒店",
            "employer",
            "company",
            "organization",
        ),
        mask=mask_organization,
        generate=generate_organization,
        finders=(find_organizations,),
        cell_shape=lambda v: bool(_ORG_RX.fullmatch(v)),
        refine=refine_organization,
        model_based=True,
        examples=(
            "北京华信科技有限公司",
            "杭州市第一人民医院",
            "中国工商银行城东支行",
            "朝阳区公安局东湖派出所",
        ),
    ),
)
