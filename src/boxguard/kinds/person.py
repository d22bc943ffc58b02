"""People and organizations: names and employer/school/hospital/hotel names.

Both are ``model_based``: the CRF name model (an adapter behind the
``EntityModel`` port) finds them in free text. The rules here work without
any model: names right after a label (姓名：, 收件人, 旅客...), airline-style
pinyin (``ZHANG/SAN``), ``Mr. San Zhang``, names with ``·``; organizations
by their structure (…有限公司, …医院, …派出所).
"""

from __future__ import annotations

import re
from functools import lru_cache

from boxguard.kinds._model import Category, Kind, Pattern, Span, triggered_by
from boxguard.synth import people

_PERSON_LABELS = (
    "姓名|收件人|寄件人|收货人|联系人|客户|旅客|乘客|业主|同住人|配偶|户主|持卡人|机主|患者|住客|入住人"
    "|经办人|负责人|法定代表人|租客|买家|卖家|紧急联系人|监护人|父亲|母亲|丈夫|妻子"
)
#: Characters that end a name when they follow it (the next field or a particle).
_STOP_AFTER = frozenset(
    "电手身地性男女先的在于等和与说是已将从向到住入出生年月日号码证住址工单位，,。：: \t\n"
)
#: Characters common in given names (recognition only; wider than the generator's list).
_GIVEN_CHARS = frozenset(
    people.GIVEN
    + "德福贵祥荣秋兰凤金银宝珍珠翠莲洁丹蓉琴慧巧美媛瑾璇妍婧薇曦晗昕玥祺琦彬淑贤良仁义礼"
    + "智信忠孝勤俭毅坤培卫红光耀德武斌兴旺富全发顺利胜利强军民生春夏秋冬梦婉柔雅若萱"
)


@lru_cache(maxsize=1)
def _surnames() -> tuple[frozenset[str], frozenset[str]]:
    single, compound = people.surnames()
    return frozenset(single), frozenset(compound)


def compound_surnames() -> frozenset[str]:
    """Two-character surnames (欧阳, 司马...), which a name mask keeps whole.

    >>> "欧阳" in compound_surnames()
    True
    """
    return _surnames()[1]


def _name_at(text: str, i: int) -> int:
    """End of a Chinese name starting at ``i`` (surname + 1–2 given characters), or -1."""
    single, compound = _surnames()
    if text[i : i + 2] in compound:
        j = i + 2
    elif i < len(text) and text[i] in single:
        j = i + 1
    else:
        return -1
    given = 0
    while j < len(text) and given < 2 and "\u4e00" <= text[j] <= "\u9fff":
        if given >= 1 and text[j] in _STOP_AFTER and text[j] not in _GIVEN_CHARS:
            break
        j += 1
        given += 1
    if not given or not any(c in _GIVEN_CHARS for c in text[j - given : j]):
        return -1  # 客户包括, 姓名文化: no given-name character, not a name
    return j


_LABEL_RX = re.compile(rf"(?:{_PERSON_LABELS})(?:姓名|名字)?[\"']?(?:是|为|:|：|\s)*[\"']?")


@triggered_by(_PERSON_LABELS)
def find_labelled_names(text: str) -> list[Span]:
    """Names right after a person label: ``收件人：张伟``, ``旅客欧阳娜娜``.

    >>> [(s.start, s.end) for s in find_labelled_names("收件人：欧阳娜娜 电话")]
    [(4, 8)]
    """
    out: list[Span] = []
    for m in _LABEL_RX.finditer(text):
        dotted = _MINORITY.match(text, m.end())
        end = dotted.end() if dotted is not None else _name_at(text, m.end())
        if end > 0:
            out.append(Span(m.end(), end, 0.85, ("label", "surname")))
    return out


def is_bare_name(value: str) -> bool:
    """A whole value that is a name: surname + 1–2 characters, ``ZHANG/SAN`` or a ·-name.

    >>> is_bare_name("欧阳娜娜"), is_bare_name("易碎"), is_bare_name("ZHANG/SAN")
    (True, False, True)
    """
    if re.fullmatch(r"[A-Z]{2,12}/[A-Z]{2,12}", value) or _MINORITY.fullmatch(value):
        return True
    if not 2 <= len(value) <= 4 or not all("\u4e00" <= c <= "\u9fff" for c in value):
        return False
    single, compound = _surnames()
    given = value[2:] if value[:2] in compound else value[1:] if value[0] in single else ""
    return 1 <= len(given) <= 2 and all(c in _GIVEN_CHARS for c in given)


_MINORITY = re.compile(r"[\u4e00-\u9fff]{2,6}·[\u4e00-\u9fff]{2,8}")

_SEPS = ",，\t|;；"
#: a whole field of a delimited record (between separators or line ends), 2–4 characters,
#: bare or quoted, also in a SQL dump's tuples: ``(12,'张伟','138…')``
_FIELD = re.compile(
    rf"(?<![^\n{_SEPS}(])[ ]*(['\"`]?)([\u4e00-\u9fff]{{2,4}}|{_MINORITY.pattern})\1[ ]*"
    rf"(?=[{_SEPS})]|\n|$)"
)
_ID_LIKE = re.compile(r"[0-9]{6}")


@triggered_by(r"[0-9]{6}[^\n]*[,，\t|;；]|[,，\t|;；][^\n]*[0-9]{6}")
def find_record_names(text: str) -> list[Span]:
    """Names that fill a field of a record that also holds an ID or phone number.

    The leaked-dump shape ``黎萍洋,53252819…,138…``: no label, the name at the start
    of the line, where a sentence model has no context to go on.

    >>> [(s.start, s.end) for s in find_record_names("黎萍洋,532528195003070012,13812345678")]
    [(0, 3)]
    >>> find_record_names("王府,井口,大街")  # no identifier in the record: not a dump line
    []
    >>> t = "INSERT INTO t VALUES (1,'欧阳娜娜','13812345678'),('阿不都·热合曼',532528195003070012)"
    >>> [t[s.start:s.end] for s in find_record_names(t)]
    ['欧阳娜娜', '阿不都·热合曼']
    """
    out: list[Span] = []
    pos = 0
    for line in text.split("\n"):
        if _ID_LIKE.search(line) and any(c in line for c in _SEPS):
            for m in _FIELD.finditer(line):
                if is_bare_name(m.group(2)):
                    out.append(Span(pos + m.start(2), pos + m.end(2), 0.8, ("field", "surname")))
        pos += len(line) + 1
    return out


_INITIALS = ("zh", "ch", "sh", *"bpmfdtnlgkhjqxrzcsyw")
_FINALS = [
    "a",
    "o",
    "e",
    "i",
    "u",
    "v",
    "ai",
    "ei",
    "ui",
    "ao",
    "ou",
    "iu",
    "ie",
    "ue",
    "ve",
    "er",
    "an",
    "en",
    "in",
    "un",
    "vn",
    "ang",
    "eng",
    "ing",
    "ong",
    "ia",
    "iao",
    "ian",
    "iang",
    "iong",
    "ua",
    "uo",
    "uai",
    "uan",
    "uang",
]
#: Mandarin syllables as spelt in passports (a superset: every initial with every final).
_SYLLABLES = frozenset(
    [i + f for i in _INITIALS for f in _FINALS]
    + ["a", "o", "e", "ai", "ei", "ao", "ou", "an", "en", "ang", "eng", "er"]
)
_AIRLINE_NAME = re.compile(
    r"(?<![A-Za-z/])(?P<value>[A-Z]{2,12}/[A-Z]{2,12})(?:\s(?:MR|MS|MRS|MISS|MSTR))?(?![A-Za-z/])"
)


def is_pinyin(word: str) -> bool:
    """True when ``word`` splits into Mandarin syllables (ZHANG, SANFENG, OUYANG).

    >>> is_pinyin("ZHANG"), is_pinyin("XIAOMING"), is_pinyin("TCP"), is_pinyin("IMEI")
    (True, True, False, False)
    """
    w = word.lower()
    ok = [True] + [False] * len(w)  # ok[i]: w[:i] splits
    for i in range(len(w)):
        if ok[i]:
            for n in range(1, min(6, len(w) - i) + 1):
                if w[i : i + n] in _SYLLABLES:
                    ok[i + n] = True
    return ok[len(w)]


@triggered_by(r"[A-Z]{2}/[A-Z]{2}")
def find_airline_names(text: str) -> list[Span]:
    """``SURNAME/GIVEN`` as tickets and manifests write names. Pinyin on both sides is a
    name (0.75); other Latin words (SMITH/JOHN, but also TCP/IP, IMEI/SV) need a context
    word such as 旅客 or passenger to reach the threshold (0.45 + 0.2).

    >>> t = "ZHANG/SANFENG MR 与 TCP/IP"
    >>> [(t[s.start:s.end], s.score) for s in find_airline_names(t)]
    [('ZHANG/SANFENG', 0.75), ('TCP/IP', 0.45)]
    """
    out = []
    for m in _AIRLINE_NAME.finditer(text):
        sur, _, given = m.group("value").partition("/")
        pinyin = is_pinyin(sur) and is_pinyin(given)
        # the name field's own format: ranked with labelled values, as the pattern it was
        evidence = ("label", "pattern:pinyin_airline", *(("format:pinyin",) if pinyin else ()))
        out.append(Span(m.start("value"), m.end("value"), 0.75 if pinyin else 0.45, evidence))
    return out


@triggered_by("·")
def find_minority_names(text: str) -> list[Span]:
    """Names with a middle dot, without a label glued in front (``业主帕提古丽·吐尔逊``)."""
    out = []
    for m in _MINORITY.finditer(text):
        if (
            text[max(0, m.start() - 1) : m.start()] in ("《", "“", '"')
            or "》" in text[m.end() : m.end() + 1]
        ):
            continue  # a title (《晋书·宣帝纪》), not a name
        start = m.start()
        label = _LABEL_RX.match(text, start, m.end())
        if label is not None and label.end() < m.end() - 4:
            start = label.end()
        out.append(Span(start, m.end(), 0.6, ("structure:·",)))
    return out


def mask_name(value: str) -> str:
    """``张*``, ``欧阳*``, ``ZHANG/***``, ``San Z***``, ``z***``.

    >>> mask_name("张三"), mask_name("欧阳娜娜"), mask_name("ZHANG/SAN")
    ('张*', '欧阳*', 'ZHANG/***')
    >>> mask_name("San Zhang"), mask_name("zhangsan")
    ('San Z***', 'z***')
    """
    if "/" in value:
        sur, _, given = value.partition("/")
        return sur + "/" + "*" * len(given)
    if value.isascii():  # one token shows its first letter only, as a given name would
        first, _, rest = value.partition(" ")
        return first + " " + rest[:1] + "***" if rest else first[:1] + "***"
    if "·" in value:
        return value.split("·", maxsplit=1)[0] + "·*"
    keep = 2 if value[:2] in compound_surnames() else 1
    return value[:keep] + "*"


_ORG_SUFFIX = (
    "有限责任公司|股份有限公司|有限公司|集团公司|集团|公司|人民医院|中医院|医院|卫生院|诊所|大学|学院"
    "|中学|小学|幼儿园|学校|支行|分行|银行|派出所|公安局|分局|大酒店|酒店|宾馆|旅馆|招待所|研究院|研究所"
    "|事务所|委员会|居委会|村委会|街道办事处|办事处|合作社|俱乐部"
)
_ORG_END = re.compile(rf"(?:{_ORG_SUFFIX})$")
_ORG_RX = re.compile(rf"[\u4e00-\u9fff（）()]{{2,24}}(?:{_ORG_SUFFIX})")
#: Words that end the stretch before an organization name (verbs, particles, labels).
_ORG_STOP = re.compile(
    r"入住|就职|任职|工作|就读|就诊|单位|住宿地|所属|来自|前往|位于|在|于|到|去|是|的|和|与|向|从|由"
)


_SUFFIX_RX = re.compile(_ORG_SUFFIX)
_ORG_RUN = re.compile(r"[\u4e00-\u9fff（）()]+")


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
        p = max(r0, q - 24, done)
        if p > q - 2:
            continue
        j = k
        while j + 1 < len(suffixes) and suffixes[j + 1][0] <= min(p + 24, r1 - 1):
            j += 1
        done = suffixes[j][1]
        out.append((p, done))
    return out


def _division_at(text: str, i: int) -> bool:
    """True when a division name (和田, 呼和浩特) covers position ``i``."""
    from boxguard.kinds.address import division_names, lengths_by_prefix

    names, by_prefix = division_names(), lengths_by_prefix()
    for j in range(max(0, i - 4), i + 1):
        for n in by_prefix.get(text[j : j + 2], ()):
            if j + n > i and j + n <= len(text) and text[j : j + n] in names:
                return True
    return False


#: Function words and quantifiers that open a stretch before a suffix but never a name
#: (但渣打银行, 各商业银行, 全国农行, 一位公交公司).
_ORG_LEAD = re.compile(
    r"(?:但|而|和|与|及|或|各|每|该|这|那|此|其|均|都|也|还|又|就|被|把|将|对|以及|除了"
    r"|一位|一家|一个|一所|一名|全国|国内|目前|当前|我们|你们|他们|针对"
    r"|部分|个别|多数|少数|其余|其他|其它|不同|某些|多家)+"
)


#: What a record puts right before an organization (入住|…酒店, 工作单位：|…): the rule's
#: guess is then anchored. In prose a bare guess is right about one time in nine (CLUENER
#: cross-validation: 49 of 423 that the model did not find), so a model overrules it.
_ORG_ANCHOR = re.compile(
    r"((?:入住|就职|任职|就读|就诊|工作|来自|前往)[于在]?|位于|单位|住宿地|所属|[：:])\s*$"
)


def _anchor(text: str, start: int) -> tuple[str, ...]:
    m = _ORG_ANCHOR.search(text, max(0, start - 5), start)
    return ("anchor:" + m.group(1),) if m else ()


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
            out.append(Span(start, end, 0.7, ("structure:org-suffix", *_anchor(text, start))))
    return out


#: What a byte that was not valid in the text's encoding was read as: never in a name.
_UNDECODED = "\ufffd"


#: A Latin name: words of letters, joined inside by a hyphen, apostrophe, dot or the
#: airline slash (``Jean-Pierre``, ``O'Brien``, ``J. Smith``, ``ZHANG/SAN``), never a digit
#: or an underscore.
_LATIN_NAME = re.compile(r"[A-Za-z]+(?:(?:[-'./]|\.? +)[A-Za-z]+)*\.?")
_TOKEN_CHAR = re.compile(r"[0-9A-Za-z_\-]")


def _latin_is_name(text: str, start: int, end: int) -> bool:
    """True when ``text[start:end]`` (all ASCII) is shaped like a name and a whole token.

    >>> _latin_is_name("Jean-Pierre", 0, 11), _latin_is_name("合同编号 HT-2026-001", 5, 8)
    (True, False)
    >>> _latin_is_name("用户名 zhangsan_13803911718", 4, 13)
    False
    """
    if not _LATIN_NAME.fullmatch(text, start, end):
        return False  # HT-, zhangsan_, user01: an identifier, not a name
    cuts = (start > 0 and _TOKEN_CHAR.match(text[start - 1])) or (
        end < len(text) and _TOKEN_CHAR.match(text[end])
    )
    return not cuts  # zhangsan|_1380…: a piece of a longer identifier


def refine_person(text: str, start: int, end: int) -> tuple[int, int] | None:
    """Trim whitespace off a model's name span; drop it when it mixes Latin letters and
    Chinese (``MAC地址``), is one character (`` 车`` after an address: 2 of CLUENER's
    3,661 names are one character), holds an undecodable byte (U+FFFD), or is Latin but
    not a name's shape or a whole token (``HT-`` of ``HT-2026-001``, ``zhangsan_`` of a
    user name with digits).

    >>> refine_person("MAC地址", 0, 5) is None, refine_person("张伟", 0, 2)
    (True, (0, 2))
    >>> refine_person("路8号 车架号", 3, 5) is None, refine_person(" 张伟 ", 0, 4)
    (True, (1, 3))
    >>> refine_person("合同编号 HT-2026-001", 5, 8) is None
    True
    >>> refine_person("VALUES ('张伟','138", 9, 12), refine_person("INSERT INTO t VALUES", 0, 20)
    ((9, 11), None)
    """
    value = text[start:end]
    start = start + len(value) - len(value.lstrip(_EDGES))
    end = end - len(value) + len(value.rstrip(_EDGES))
    value = text[start:end]
    latin = any(c.isascii() and c.isalpha() for c in value)
    han = any("\u4e00" <= c <= "\u9fff" for c in value)
    junk = len(value) < 2 or (latin and han) or _UNDECODED in value
    if not junk and value.isascii() and not _latin_is_name(text, start, end):
        junk = True
    if not junk and latin and _code_words(value):
        junk = True  # INSERT INTO t VALUES: a one-line SQL dump, not a person
    return None if junk else (start, end)


#: What a name never starts or ends with: space, quotes and brackets ('张伟' in a dump).
_EDGES = " \t\u3000'\"`“”‘’「」『』《》()（）[]【】<>"


def _code_words(value: str) -> bool:
    """Whether ``value`` holds a SQL word (a model trained on news reads INSERT INTO… as
    a foreign name or a company)."""
    return any(w.upper() in _CODE_WORDS for w in _LATIN_WORD.findall(value))


#: SQL and dump words that a model trained on news may read as a foreign name.
_CODE_WORDS = frozenset(
    {"INSERT", "INTO", "VALUES", "SELECT", "FROM", "WHERE", "UPDATE", "DELETE", "CREATE"}
    | {"TABLE", "NULL", "DEFAULT", "PRIMARY", "KEY", "VARCHAR", "CHAR", "INT", "INTEGER"}
    | {"BIGINT", "TEXT", "DATETIME", "ENGINE", "CHARSET", "LOCK", "UNLOCK", "TABLES", "DROP"}
    | {"EXISTS", "UNIQUE", "INDEX", "COMMENT", "AUTO_INCREMENT", "SET", "COMMIT", "BEGIN"}
    | {"INNODB", "MYISAM", "UTF8", "UTF8MB4", "COLLATE", "ROW_FORMAT", "DYNAMIC", "COPY"}
)


#: Latin acronyms that label a record's field, not an organization (MAC地址, IP, QQ号).
_FIELD_ACRONYMS = frozenset(
    {"MAC", "IP", "IMEI", "VIN", "QQ", "ID", "SMS", "PNR", "GPS", "WIFI", "APP", "URL", "SN"}
    | {"NO", "TEL", "IC", "PIN", "OTP", "ATM", "POS", "SIM", "USB"}
)
_LATIN_WORD = re.compile(r"[A-Za-z]+")
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
    value = text[start:end]
    if _UNDECODED in value or _code_words(value):
        return None  # INSERT INTO `t_user` VALUES: a SQL dump's syntax, not a company
    if value.isascii():
        # MAC, IP: field labels in a record; Valve, FTC, ESA: organizations in prose
        return None if value.upper() in _FIELD_ACRONYMS or len(value) < 2 else (start, end)
    latin = _LATIN_WORD.findall(value)
    if latin and all(w.upper() in _FIELD_ACRONYMS for w in latin) and not _ORG_END.search(value):
        return None  # MAC地址, QQ号: a field's label; Linden实验室, ac米兰 are organizations
    rule = _rule_start(text, end)
    if rule is not None and _start_is_wrong(text, start, end, rule):
        return rule, end
    stop = _ORG_STOP.match(text, start, end)
    if stop is not None and not _division_at(text, stop.end() - 1):
        start = stop.end()
    return (start, end) if end - start >= 2 else None


def _rule_start(text: str, end: int) -> int | None:
    """Start of the structural rule's organization ending at ``end``, if there is one."""
    lo = max(0, end - 40)
    for rule in find_organizations(text[lo:end]):
        if rule.end == end - lo:
            return lo + rule.start
    return None


def _start_is_wrong(text: str, start: int, end: int, rule: int) -> bool:
    """The model's ``start`` cuts a word, leaves a company nameless, or splits a hierarchy."""
    from boxguard.kinds.address import starts_with_division

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
    return rule < start and _ORG_END.search(text, rule, start) is not None  # …分局|西城派出所


#: ``name`` labels a person's name alone or after a person word (``Full name``,
#: ``customer_name``, ``your name``); after another word it is that thing's name
#: (``product_name``, ``file name``, ``filename``).
_EN_NAME_LABEL = (
    r"(?<![A-Za-z0-9_])(?i:(?:full|first|last|given|family|middle|real|legal|customer|contact"
    r"|passenger|guest|recipient|receiver|sender|consignee|your|my|his|her|their)[ _-]?name"
    r"|(?<![A-Za-z0-9][ _-])name|passenger|guest|recipient|consignee)"
)

KINDS = (
    Kind(
        id="person_name",
        en="person name",
        zh="姓名",
        category=Category.BASIC,
        sensitive=False,
        patterns=(
            Pattern(
                "english_title",
                r"(?:Mr|Ms|Mrs|Miss|Dr)\.?\s+(?P<value>[A-Z][a-z]+(?:\s[A-Z][a-z]+){0,2})(?![A-Za-z])",
                0.8,
            ),
            Pattern(
                "english_label",
                _EN_NAME_LABEL + r"\s*[:：]\s*"
                r"(?P<value>[A-Z][a-z]+(?:\s[A-Z][a-z]+){1,2}|[A-Z]{2,12}/[A-Z]{2,12})(?![A-Za-z])",
                0.85,
            ),
        ),
        check="surname",
        context=(
            "姓名",
            "收件人",
            "客户",
            "旅客",
            "业主",
            "同住人",
            "配偶",
            "联系人",
            "name",
            "Mr.",
            "Ms.",
        ),
        column_hints=(
            "姓名",
            "名字",
            "收件人",
            "寄件人",
            "联系人",
            "客户",
            "旅客",
            # "name" alone names the column; product_name, file_name are a thing's name
            "name",
            "full_name",
            "first_name",
            "last_name",
            "given_name",
            "family_name",
            "surname",
            "real_name",
            "customer_name",
            "contact_name",
            "recipient_name",
            "receiver_name",
            "passenger_name",
            "guest_name",
        ),
        mask=mask_name,
        generate=people.chinese_name,
        finders=(
            find_labelled_names,
            find_minority_names,
            find_record_names,
            find_airline_names,
        ),
        cell_shape=is_bare_name,
        refine=refine_person,
        model_based=True,
        examples=("张伟", "欧阳娜娜", "ZHANG/SAN", "阿不都·热合曼"),
    ),
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
        mask=lambda v: (
            v[:2] + "*" * max(1, len(v) - 6) + v[-4:] if len(v) > 6 else v[:1] + "*" * (len(v) - 1)
        ),
        generate=people.organization,
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
