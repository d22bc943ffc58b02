"""People's names: Chinese names, airline-style pinyin, Latin names.

``model_based``: the CRF name model (an adapter behind the ``EntityModel`` port)
finds names in free text. The rules here work without any model: names right after
a label (姓名：, 收件人, 旅客...), names filling a field of a leaked record,
airline-style pinyin (``ZHANG/SAN``), ``Mr. San Zhang``, names with ``·``.
Organizations are :mod:`boxguard.kinds.organization`; what both rules share is
:mod:`boxguard.kinds._names`.
"""

from __future__ import annotations

import random
from collections.abc import Callable
from functools import cache, lru_cache

from boxguard.accel import native as _native
from boxguard.kinds._classes import unicode_classes
from boxguard.kinds._lazy import lazy_re
from boxguard.kinds._lexicon import (
    GIVEN,
    MINORITY,
    TRADITIONAL_COMPOUND,
    TRADITIONAL_GIVEN,
    TRADITIONAL_SURNAMES,
    surnames,
)
from boxguard.kinds._masks import run_twin
from boxguard.kinds._model import (
    Category,
    Kind,
    Pattern,
    Span,
    native_regexes,
    native_twin,
    triggered_by,
)
from boxguard.kinds._names import _CODE_WORDS, LATIN_WORD, UNDECODED, code_words

_PERSON_LABELS = (
    "姓名|收件人|寄件人|收货人|联系人|客户|旅客|乘客|业主|同住人|配偶|户主|持卡人|机主|患者|住客|入住人"
    "|经办人|负责人|法定代表人|租客|买家|卖家|紧急联系人|监护人|父亲|母亲|丈夫|妻子|我叫|爸爸|妈妈|<xm>|联系|本人"
)
#: Roles that label a name only with a colon or a space after them (``房东：``,
#: ``经营者 于某``, ``出租方（甲方）：``): glued to the next word they are words of a
#: sentence (房东同意, 医生建议).
_ROLE_LABELS = (
    "借款人|买受人|出卖人|接诊医生|送检医生|主治医生|医生|医师|护士|派件员|快递员|配送员|骑手|房东"
    "|出租方|承租方|出租人|承租人|甲方|乙方|户名|开户名|住户|车主|就诊人|共有人|权利人|网格员"
    "|检验者|审核者|检验员|审核人|复核人|办税人|营业员|置业顾问|销售顾问|业务员|客户经理|班主任"
    "|老师|代理人|申请人|被保险人|投保人|受益人|担保人|法人|店主|经营者|签收人|取件人|收款人|付款人"
    "|汇款人|来访人|登记人|操作员|学生|家长|司机|驾驶员|被访人|保证人|共同借款人|承办人|验收人"
    "|领队|导游|经纪人|子女|儿子|女儿|购车人|购买人|买方|卖方|中文名|中文姓名|Chinese name"
    "|顾客|用户|真名|收餐人|订餐人|下单人"
)
#: Characters that end a name when they follow it (the next field or a particle).
_STOP_AFTER = frozenset(
    "电手身地性男女先的在于等和与说是已将从向到住入出生年月日号码证住址工单位，,。：: \t\n"
)
#: Characters common in given names (recognition only; wider than the generator's list).
_GIVEN_CHARS = frozenset(
    GIVEN
    + TRADITIONAL_GIVEN
    + "德福贵祥荣秋兰凤金银宝珍珠翠莲洁丹蓉琴慧巧美媛瑾璇妍婧薇曦晗昕玥祺琦彬淑贤良仁义礼"
    + "智信忠孝勤俭毅坤培卫红光耀德武斌兴旺富全发顺利胜利强军民生春夏秋冬梦婉柔雅若萱"
    # more characters common in given names (王小明, 林潇雪)
    + "筱槿屹楷韬铮珂凡甜馨蕊翊煊珺琇璘芊苒津"
    + "小玲芬莉诗语心月星辰皓煜铭哲瀚翔森越豪禄寿喜庆竹菊松柏杨柳桃荷芝蕙茜蓓蕊芸萌蔓菁"
    + "莹滢澜清溪潇湘沁沐淼润渊浚洪汉峻岩乾元亨贞廉才韵瑛琼瑜珊珮玮琛璟琰瑄昌盛达邦远恒"
    + "煌灿炜烨熙熠焕晖曜昱晟晋景聪锋锐钢锦绣纯素露霜冰虹彩碧蓝紫朗飘航舟畅弘宽仪姿娇娴"
    + "娅姗婕妮嫣妤姝娣峥嵘崇尚雄威壮奋跃鹤鸿雁莺棋墨馨茗苗禾穗丰惠慈善诚秉鼎泰隆裕益楠"
    + "桐桦枫榕樱槐梧杉彦旻昀晔暄暖曼茵茹菡蓁颐煦炫烁焱淳湛澄澈沛漪滨潮浪涌渝沅沣汐沫泓"
    + "洛炳焘坚卓奕弈骏驰骐骥麟麒凌霄翼羽翎琬瑗璋珏珂琨瑭璞玺"
)


@lru_cache(maxsize=1)
def _surnames() -> tuple[frozenset[str], frozenset[str]]:
    single, compound = surnames()
    return frozenset(single) | frozenset(TRADITIONAL_SURNAMES), frozenset(
        compound + TRADITIONAL_COMPOUND
    )


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
        if given >= 1 and text[j : j + 2] in _VERB_AFTER:
            break  # 客户董怡来电: 来电 is the verb
        j += 1
        given += 1
    if not given or not any(c in _GIVEN_CHARS for c in text[j - given : j]):
        return -1  # 客户包括, 姓名文化: no given-name character, not a name
    return j


#: A label word (the regex engine skips fast to one), then what may follow it: quotes,
#: 是/为, a colon; a role word needs the colon (after an optional ``（甲方）``).
_LABEL_WORDS = lazy_re(rf"{_PERSON_LABELS}|{_ROLE_LABELS}")  # no group: sre skips fast
_ROLE_WORDS = frozenset(_ROLE_LABELS.split("|")) - frozenset(_PERSON_LABELS.split("|"))
_PLAIN_TAIL = lazy_re(r"(?:姓名|名字)?[\"']?(?:是|为|:|：|\s)*[\"']?")
_ROLE_TAIL = lazy_re(r"(?:姓名|名字)?(?:[（(][^）)\n]{1,6}[）)])?(?:\s*[:：]\s*|[ \t]+)")


#: A label that names the field a name (姓名：, 真名：): what fills it whole is a name even
#: without a surname from the list (Mongolian and Tibetan names: 其其格, 次仁卓玛).
_NAME_FIELD = lazy_re(r"(?:姓名|真名|名字|中文名)\s*[:：]\s*$")
_WHOLE_FIELD = lazy_re(r"([\u4e00-\u9fff]{2,4})(?=$|[\s|,，;；。/（(])")
_NO_NAME = frozenset({"未知", "不详", "匿名", "保密", "本人", "暂无", "未填", "其他"})


def _labels(text: str, start: int = 0, end: int | None = None) -> list[int]:
    """Where the value after each person label in ``text[start:end]`` begins.

    >>> _labels("房东：李四 房东同意 收件人 王五")
    [3, 15]
    """
    stop = len(text) if end is None else end
    out = []
    for m in _LABEL_WORDS.finditer(text, start, stop):
        tail = (_ROLE_TAIL if m.group() in _ROLE_WORDS else _PLAIN_TAIL).match(text, m.end(), stop)
        if tail is not None:
            out.append(tail.end())
    return out


_HAN_RUN = lazy_re(r"[\u4e00-\u9fff（）()]+")
#: Words that make a run of characters an organization, not a person (a party to a contract
#: or a policy may be either).
_ORG_WORD = lazy_re(
    r"公司|集团|医院|学校|大学|学院|银行|支行|超市|商店|门市|厂|中心|事务所|合作社|局"
)


#: Words that follow a name in a record (``2. 喻某 妈妈 项某``, ``【ETC】费某您好``,
#: ``凌某车主，您名下``): the name is the whole item before them.
_POST_LABEL = lazy_re(r"爸爸|妈妈|家长|您好|车主")  # a literal first: sre skips fast
_ITEM_START = frozenset("\n】 .、")
#: Of those words, the ones glued to the name (the others follow it after a space); the one
#: of them that a comma must follow (凌某车主，您名下), and those commas.
_GLUED = frozenset({"您好", "车主"})
_COMMA_WORD, _COMMAS = "车主", (",", "，")


def _names_before(text: str) -> list[Span]:
    """Names that a following word labels, each starting a list item, a line or after ``】``.

    >>> t = "2. 喻一瑾 妈妈 项健清\\n【ETC】费涵您好"
    >>> [t[s.start:s.end] for s in _names_before(t)]
    ['喻一瑾', '费涵']
    """
    out = []
    for m in _POST_LABEL.finditer(text):
        end, word, after = m.start(), m.group(), text[m.end() : m.end() + 1]
        if word in _GLUED:
            if word == _COMMA_WORD and after not in _COMMAS:
                continue
        elif after != " " or not text.endswith(" ", 0, end):
            continue
        while end > 0 and text[end - 1] == " ":
            end -= 1
        for start in range(end - 2, max(-1, end - 5), -1):
            if (start == 0 or text[start - 1] in _ITEM_START) and is_bare_name(text[start:end]):
                out.append(Span(start, end, 0.85, ("label", "surname")))
                break
    return out


def _shape_rules() -> tuple[list[str], list[str], str, list[str], str]:
    """The name shapes' word lists as the native core takes them."""
    single, compound = _surnames()
    return (
        sorted(single),
        sorted(compound),
        "".join(sorted(_GIVEN_CHARS)),
        sorted(_NO_NAME),
        _NOT_LAST,
    )


def _labelled_twin() -> _native.NativeFinder | None:
    """:func:`find_labelled_names` run by the native core, from the regexes, word lists and
    characters declared here (None when the core is not built)."""
    if _native is None:
        return None
    rxs = {
        "_LABEL_WORDS": _LABEL_WORDS,
        "_PLAIN_TAIL": _PLAIN_TAIL,
        "_ROLE_TAIL": _ROLE_TAIL,
        "_HAN_RUN": _HAN_RUN,
        "_ORG_WORD": _ORG_WORD,
        "_MINORITY": _MINORITY,
        "_STRONG_LABEL": _STRONG_LABEL,
        "_NAME_FIELD": _NAME_FIELD,
        "_WHOLE_FIELD": _WHOLE_FIELD,
        "_NAME_END": _NAME_END,
        "_POST_LABEL": _POST_LABEL,
        "_AIRLINE": _AIRLINE,
        "_LABEL_WORD": _LABEL_WORD,
    }
    words = {
        "_ROLE_WORDS": sorted(_ROLE_WORDS),
        "_TRANSLIT": sorted(_TRANSLIT),
        "_DOT_BEFORE": sorted(_DOT_BEFORE),
        "_DOT_AFTER": sorted(_DOT_AFTER),
        "_STOP_AFTER": sorted(_STOP_AFTER),
        "_VERB_AFTER": sorted(_VERB_AFTER),
        "_ITEM_START": sorted(_ITEM_START),
        "_GLUED": sorted(_GLUED),
        "_COMMA_WORD": [_COMMA_WORD],
        "_COMMAS": list(_COMMAS),
    }
    return _native.NativeFinder.labelled_names(native_regexes(rxs), *_shape_rules(), words)


@native_twin(_labelled_twin)
@triggered_by(_PERSON_LABELS + "|" + _ROLE_LABELS + "|您好|车主|家长")
def find_labelled_names(text: str) -> list[Span]:
    """Names right after a person label: ``收件人：张伟``, ``旅客欧阳娜娜``.

    >>> [(s.start, s.end) for s in find_labelled_names("收件人：欧阳娜娜 电话")]
    [(4, 8)]
    """
    out: list[Span] = []
    for value_start in _labels(text):
        run = _HAN_RUN.match(text, value_start)
        if run is not None and _ORG_WORD.search(run.group()):
            continue  # 投保人：沈阳安捷供应链管理有限公司: the party is a company
        dotted = _MINORITY.match(text, value_start)
        bounds = None if dotted is None else _dotted(text, value_start, dotted.end())
        # the label ends the name's left side: only its right side may run on
        end = bounds[1] if bounds is not None else _name_at(text, value_start)
        if end < 0 and _STRONG_LABEL.search(text, max(0, value_start - 4), value_start):
            end = _loose_name_at(text, value_start)  # 我叫李二狗, 联系人：王大锤
        if end < 0 and _NAME_FIELD.search(text, max(0, value_start - 6), value_start):
            whole = _WHOLE_FIELD.match(text, value_start)  # 姓名：其其格: no surname to go on
            if whole is not None and whole.group(1) not in _NO_NAME:
                end = whole.end(1)
        if end > 0:
            out.append(Span(value_start, end, 0.85, ("label", "surname")))
    return out + _names_before(text)


#: What before a value makes it a name whatever its given characters: a colon after the
#: label (姓名：, 联系人: "), or a self-introduction (我叫, 名叫).
_STRONG_LABEL = lazy_re(r"(?:[:：][ \t]*[\"']?|我叫|名叫)$")
#: What may follow a name whose given characters say nothing: the end of its field.
_NAME_END = lazy_re(r"$|[^\u4e00-\u9fff]|[电手身性男女先住的在于等和与说是已将从向到]")


def _loose_name_at(text: str, i: int) -> int:
    """End of a surname + 1–2 Chinese characters at ``i`` that end a field (a label said it
    is a name: its given characters need not be common ones, 二狗), or -1.

    >>> _loose_name_at("李二狗，电话", 0), _loose_name_at("李二狗电话", 0)
    (3, 3)
    >>> _loose_name_at("包括以下各项", 0), _loose_name_at("本人", 0)
    (-1, -1)
    """
    for n in (4, 3, 2):
        if _NAME_END.match(text, i + n) and loose_name(text[i : i + n]):
            return i + n
    return -1


def loose_name(value: str) -> bool:
    """A value that a name field holds: surname + 1–2 Chinese characters, any of them
    (王二狗, 李铁柱), not a placeholder (未知) or a label.

    >>> loose_name("李二狗"), loose_name("欧阳铁柱"), loose_name("未知"), loose_name("张")
    (True, True, False, False)
    """
    return is_bare_name(value) or _loose_shape(value)


def _loose_shape(value: str) -> bool:
    """:func:`loose_name` for a value that :func:`is_bare_name` did not take."""
    if not 2 <= len(value) <= 4 or not all("\u4e00" <= c <= "\u9fff" for c in value):
        return False
    if value in _NO_NAME or _LABEL_WORD.fullmatch(value) or value[-1] in _NOT_LAST:
        return False
    single, compound = _surnames()
    given = value[2:] if value[:2] in compound else value[1:] if value[0] in single else ""
    return 1 <= len(given) <= 2


def is_bare_name(value: str) -> bool:
    """A whole value that is a name: surname + 1–2 characters, ``ZHANG/SAN`` or a ·-name.

    >>> is_bare_name("欧阳娜娜"), is_bare_name("易碎"), is_bare_name("ZHANG/SAN")
    (True, False, True)
    """
    if _AIRLINE.fullmatch(value) or _MINORITY.fullmatch(value):
        return True
    if not 2 <= len(value) <= 4 or not all("\u4e00" <= c <= "\u9fff" for c in value):
        return False
    single, compound = _surnames()
    given = value[2:] if value[:2] in compound else value[1:] if value[0] in single else ""
    return 1 <= len(given) <= 2 and all(c in _GIVEN_CHARS for c in given)


_MINORITY = lazy_re(r"[\u4e00-\u9fff]{2,6}·[\u4e00-\u9fff]{2,8}")
#: Airline-style pinyin, surname first (``ZHANG/SAN``).
_AIRLINE = lazy_re(r"[A-Z]{2,12}/[A-Z]{2,12}")
#: What a name never ends with (卡号, 手机号码: the label of a number).
_NOT_LAST = "号码"
#: Characters that transliterate Uyghur, Kazakh, Tibetan, Mongolian and foreign names
#: (阿卜杜·热合曼, 迪丽·热巴, 扎西·次仁): a ·-name is a run of them on both sides of the
#: dot, and a character of prose (的同事, 今天来上班) ends it.
_TRANSLIT = frozenset(
    "阿埃艾爱安昂奥巴拜班邦贝本比彼毕宾波伯博布卜查察达大代丹道德登迪蒂底丁东都杜顿多厄俄额恩"
    "尔法凡范菲费芬丰弗福夫伏盖甘冈高戈格根贡古瓜圭哈海汉罕汗豪赫亨洪胡华霍基吉加贾杰金居喀卡"
    "凯坎康科克肯库夸奎昆拉莱赖兰朗劳勒雷里利莉丽力连廉林琳列卢鲁路伦罗洛马玛麦迈曼芒毛梅门蒙"
    "孟米密敏明莫默姆木穆纳娜奈南内尼妮涅宁纽努诺欧帕潘庞佩彭皮普奇齐契恰钦琼丘曲热茹若瑞萨塞"
    "赛桑瑟森沙莎山尚绍舍申圣施什史舒斯丝松苏索塔泰坦汤唐陶特藤提廷通图托瓦娃旺威韦维温文沃乌"
    "吾伍武西希锡席夏谢辛休修许雅亚扬耶叶伊依因尤于玉约扎詹珍朱卓孜佐买逊吐合次仁措央旦增平白"
    "其乐宝音敖包干和日那呼楞嘎尕堆强群培才让司义肉守甫再托素江姑拜迪娅莲兹芙茨黛蕾塞缪尔兰"
    "琪瑟洁牙衣则不朝乎荪祖菲顺敦琴嘉仓边赤土益"
)
#: Words of prose glued to a ·-name's ends (和阿卜杜·热合曼, 热合曼说): never part of it.
_DOT_BEFORE = frozenset("的和与跟同对把被叫是在给向让请找见问由及或将从")
_DOT_AFTER = frozenset("说的在和也是等了")


def _dotted(text: str, start: int, end: int) -> tuple[int, int] | None:
    """The ·-name inside a :data:`_MINORITY` match ``text[start:end]``: the run of
    transliterating characters on each side of the dot, prose words at its ends left out;
    None when a side keeps fewer than two characters.

    >>> t = "我的同事阿卜杜·热合曼今天来上班了"
    >>> m = _MINORITY.search(t)
    >>> s, e = _dotted(t, m.start(), m.end())
    >>> t[s:e]
    '阿卜杜·热合曼'
    >>> t = "昨天和买买提·艾力说好了"
    >>> s, e = _dotted(t, 0, len(t) - 2)
    >>> t[s:e]
    '买买提·艾力'
    """
    dot = text.index("·", start, end)
    lo = dot
    while lo > start and text[lo - 1] in _TRANSLIT:
        lo -= 1
    while dot - lo > 2 and text[lo] in _DOT_BEFORE:
        lo += 1
    hi = dot + 1
    while hi < end and text[hi] in _TRANSLIT:
        hi += 1
    while hi - dot - 1 > 2 and text[hi - 1] in _DOT_AFTER:
        hi -= 1
    if dot - lo < 2 or hi - dot - 1 < 2:
        return None
    return lo, hi


_SEPS = ",，\t|;；"
#: a whole field of a delimited record (between separators or line ends), 2–4 characters,
#: bare or quoted, also in a SQL dump's tuples: ``(12,'张伟','138…')``
_FIELD = lazy_re(
    rf"(?<![^\n{_SEPS}(])[ ]*(['\"`]?)([\u4e00-\u9fff]{{2,4}}|{_MINORITY.pattern})\1[ ]*"
    rf"(?=[{_SEPS})]|\n|$)"
)
_ID_LIKE = lazy_re(r"[0-9]{6}")


def _record_twin() -> _native.NativeFinder | None:
    """:func:`find_record_names` run by the native core, from the regexes, word lists and
    characters declared here (None when the core is not built)."""
    if _native is None:
        return None
    rxs = {
        "_ID_LIKE": _ID_LIKE,
        "_FIELD": _FIELD,
        "_HEADER_WORD": _HEADER_WORD,
        "_NAME_COLUMN": _NAME_COLUMN,
        "_THING_COLUMN": _THING_COLUMN,
        "_INSERT_COLUMNS": _INSERT_COLUMNS,
        "_TUPLE": _TUPLE,
        "_AIRLINE": _AIRLINE,
        "_MINORITY": _MINORITY,
        "_LABEL_WORD": _LABEL_WORD,
    }
    return _native.NativeFinder.record_names(native_regexes(rxs), *_shape_rules(), _SEPS, _QUOTES)


#: a six-digit run and a separator on one line, either first; spelt so that the prefilter's
#: DFA sees one match end per run or field, not one per digit (62 % of its match events on
#: dense records; `_RECORD_TRIGGER_PLAIN` is what it means, a property test holds them equal)
_RECORD_TRIGGER = r"[0-9]{6}[^,，\t|;；\n]*[,，\t|;；]|[,，\t|;；](?:[^\n]*[^0-9\n])?[0-9]{6}"
_RECORD_TRIGGER_PLAIN = r"[0-9]{6}[^\n]*[,，\t|;；]|[,，\t|;；][^\n]*[0-9]{6}"


@native_twin(_record_twin)
@triggered_by(_RECORD_TRIGGER)
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
    header: tuple[str, frozenset[int]] | None = None  # a header line's separator, name columns
    prev, in_rows = "", False  # the line before; whether it was a record
    for line in text.split("\n"):
        if _ID_LIKE.search(line) and any(c in line for c in _SEPS):
            for m in _FIELD.finditer(line):
                if is_bare_name(m.group(2)):
                    out.append(Span(pos + m.start(2), pos + m.end(2), 0.8, ("field", "surname")))
            if not in_rows:  # the first record of a block: the line above may be its header
                header = _header(prev) or header
            if header is not None or "INTO" in line or "into" in line:
                out += _named_fields(line, pos, header)
            in_rows = True
        else:
            in_rows = False
        prev = line
        pos += len(line) + 1
    return out


def _header(line: str) -> tuple[str, frozenset[int]] | None:
    """A header line's separator and the columns of it that hold names, or None.

    >>> _header("编号,姓名,手机"), _header("编号,商品,手机")
    ((',', frozenset({1})), None)
    """
    if not _HEADER_WORD.search(line):
        return None
    sep = next((c for c in _SEPS if c in line), None)
    cols = _name_columns(line.split(sep)) if sep else frozenset()
    return (sep, cols) if sep and cols else None


#: A column that holds people's names (``姓名``, ``name``, ``customer_name``, ``xm``).
_NAME_COLUMN = lazy_re(
    r"(?i)(?:[a-z]+_)?name|姓名|名字|真实姓名|客户姓名|联系人|收件人|收货人|寄件人|xm|xingming"
)
_HEADER_WORD = lazy_re(r"[Nn]ame|NAME|姓名|名字|联系人|收件人|收货人|寄件人|xm|xingming")
_INSERT_COLUMNS = lazy_re(r"(?i)INSERT\s+INTO\s+[^\s(]+\s*\((?P<cols>[^()]*)\)\s*VALUES")
_TUPLE = lazy_re(r"\(([^()]*)\)")
_QUOTES = " `'\"[]"


def _name_columns(columns: list[str]) -> frozenset[int]:
    """Which of a header's columns hold names (not ``product_name``, ``file_name``)."""
    return frozenset(
        i
        for i, c in enumerate(columns)
        if _NAME_COLUMN.fullmatch(c.strip(_QUOTES))
        and not _THING_COLUMN.fullmatch(c.strip(_QUOTES))
    )


def _named_fields(line: str, pos: int, header: tuple[str, frozenset[int]] | None) -> list[Span]:
    """Names in the fields of ``line`` that a column list says hold names, whatever their
    given characters (``王二狗``): an ``INSERT INTO t (id, name, …) VALUES`` on the line, or
    the last header line above it.

    >>> t = "INSERT INTO t (id, name, tel) VALUES (1,'王二狗','13812345678'),(2,'散客','139')"
    >>> [t[s.start:s.end] for s in _named_fields(t, 0, None)]
    ['王二狗']
    >>> [s.start for s in _named_fields("7,李铁柱,13812345678", 0, (",", frozenset({1})))]
    [2]
    """
    rows: list[tuple[int, str, str, frozenset[int]]] = []  # (offset, row, separator, columns)
    insert = _INSERT_COLUMNS.search(line) if "INTO" in line or "into" in line else None
    if insert is not None:
        cols = _name_columns(insert.group("cols").split(","))
        if cols:
            for m in _TUPLE.finditer(line, insert.end()):
                rows.append((m.start(1), m.group(1), ",", cols))
    elif header is not None:
        rows.append((0, line, header[0], header[1]))
    out = []
    for offset, row, sep, cols in rows:
        at, last = offset, max(cols)
        for i, field in enumerate(row.split(sep, last + 1)[: last + 1]):
            value = field.strip(_QUOTES)
            # a name of common characters is the field rule's (find_record_names)
            if i in cols and value and _loose_shape(value) and not is_bare_name(value):
                start = at + field.index(value)
                out.append(Span(pos + start, pos + start + len(value), 0.8, ("field", "column")))
            at += len(field) + 1
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
_AIRLINE_NAME = lazy_re(
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


def _airline_twin() -> _native.NativeFinder | None:
    """:func:`find_airline_names` run by the native core, from its regexes and syllables."""
    if _native is None:
        return None
    rxs = {"_AIRLINE_NAME": _AIRLINE_NAME, "_DOCS_NAME": _DOCS_NAME}
    return _native.NativeFinder.airline_names(native_regexes(rxs), sorted(_SYLLABLES))


@native_twin(_airline_twin)
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
    for m in _DOCS_NAME.finditer(text):
        out.append(Span(m.start("value"), m.end("value"), 0.85, ("label", "field:ssr-docs")))
    return out


#: A romanised name: ``Wei Zhang``, ``ZHANG WEI``, ``ZHANG Wei``, ``ZHANG, Wei``, ``CHAN, Tai Man``.
_ROMAN = (
    r"[A-Z][a-z]{1,11}(?: [A-Z][a-z]{1,11}){1,2}|[A-Z]{2,12}(?: [A-Z]{2,12}){1,2}"
    r"|[A-Z]{2,12}(?: [A-Z][a-z]{1,11}){1,2}"  # ZHANG San, WANG Xiao Ming: surname in capitals
    r"|[A-Z]{2,12}, [A-Z][a-z]{1,11}(?: [A-Z][a-z]{1,11})?"
)
#: Labels that a romanised name follows: English (``Remitter:``, ``Customer``) and Chinese
#: (``收件人：``); ``To``/``From`` and unpunctuated ones only before pinyin.
_ROMAN_LABEL = lazy_re(
    r"(?:(?<![A-Za-z])(?i:(?:full |chinese |english |account |customer |contact )?name"
    r"(?: \([^)\n]{1,30}\))?|remitter|beneficiary|client|applicant|customer|cardholder"
    r"|account holder|holder|payer|payee|tenant|landlord|employee|insured|policyholder"
    r"|patient|guardian|passenger|guest|recipient|sender|consignee|manager|to|from)"
    rf"|{_PERSON_LABELS}|{_ROLE_LABELS})(?P<colon>\s*[:：]\s*| )$"
)
#: Found first, then the label before it is looked for (a regex led by ~100 label words
#: and a case-insensitive part would try them all at every character).
_THING_NAME = lazy_re(r"[A-Za-z0-9][ _-](?i:name)")
_ROMAN_RX = lazy_re(rf"(?<![A-Za-z])(?:{_ROMAN})(?![A-Za-z])")
_ROMAN_LINE = lazy_re(
    r"(?m)^[ \t]*(?P<value>[A-Z]{2,12}, [A-Z][a-z]{1,11}(?: [A-Z][a-z]{1,11})?)[ \t]*$"
)
#: A romanised name that fills a field of a record (``9683939,Luo Jian,156…``).
_ROMAN_WORD = r"(?:[A-Z][a-z]{1,11}|[A-Z]{2,12})"
_ROMAN_FIELD = lazy_re(
    rf"(?<![^\n{_SEPS}(])[ ]*(['\"`]?)(?P<value>{_ROMAN_WORD}(?: {_ROMAN_WORD}){{1,2}})"
    rf"\1[ ]*(?=[{_SEPS})]|\n|$)"
)


#: What ends a field after a name: the line, a separator, or a wide gap.
_FIELD_END = lazy_re(r"[ \t]*(?:$|\n|[|;；，,。]|[ \t]{2})")


#: A lowercase verb after a name in an English sentence (``manager Li Na can be reached``).
_VERB_NEXT = lazy_re(r" (?:can|will|is|was|has|at|on|from|of|MR|MS|MRS|MISS|MSTR)\b")


def _roman_words(value: str) -> list[str]:
    return LATIN_WORD.findall(value)


def _roman_twin() -> _native.NativeFinder | None:
    """:func:`find_roman_names` run by the native core, from the regexes, syllables and words
    declared here and Python's ``\\w`` (for ``\\b``): None when the core is not built."""
    if _native is None:
        return None
    rxs = {
        "_ROMAN_RX": _ROMAN_RX,
        "_ROMAN_LABEL": _ROMAN_LABEL,
        "_THING_NAME": _THING_NAME,
        "_FIELD_END": _FIELD_END,
        "_VERB_NEXT": _VERB_NEXT,
        "_ROMAN_LINE": _ROMAN_LINE,
        "_ROMAN_FIELD": _ROMAN_FIELD,
        "_ID_LIKE": _ID_LIKE,
        "LATIN_WORD": LATIN_WORD,
    }
    words = {
        "_SYLLABLES": sorted(_SYLLABLES),
        "_CODE_WORDS": sorted(_CODE_WORDS),
        "_SEPS": list(_SEPS),
    }
    return _native.NativeFinder.roman_names(native_regexes(rxs), words, unicode_classes("w"))


@native_twin(_roman_twin)
@triggered_by(r"[A-Za-z]{2}[ ,]+[A-Z]")
def find_roman_names(text: str) -> list[Span]:
    """Romanised names after a label, alone on an ID card's line, or in a record's field.

    >>> t = "Remitter: GUO RUIYI\\nCHAN, Tai Man\\n9683939,Luo Jian,13812345678"
    >>> [t[s.start:s.end] for s in find_roman_names(t)]
    ['GUO RUIYI', 'CHAN, Tai Man', 'Luo Jian']
    >>> t = "(7,'ZHANG Wei','13812345678'),(8,'Xiaoming WANG','13912345678')"
    >>> [t[s.start:s.end] for s in find_roman_names(t)]
    ['ZHANG Wei', 'Xiaoming WANG']
    >>> find_roman_names("Dear customer service team")
    []
    """
    out: list[Span] = []
    for found in _ROMAN_RX.finditer(text):
        m = found
        label = _ROMAN_LABEL.search(text, max(0, m.start() - 40), m.start())
        if label is None and " " in m.group():  # Customer Mingyu Qian: the label is a word
            cut = m.start() + m.group().index(" ") + 1
            m = _ROMAN_RX.match(text, cut, m.end()) or m
            label = _ROMAN_LABEL.search(text, max(0, m.start() - 40), m.start())
        if label is None or _THING_NAME.search(text, max(0, label.start() - 2), label.start() + 4):
            continue  # no label, or a thing's name (file name, product_name)
        value = m.group()
        pinyin = all(is_pinyin(w) for w in _roman_words(value))
        weak = label.group("colon") == " " or label.group(0)[:2].lower() in ("to", "fr")
        if weak and not (
            pinyin and (_FIELD_END.match(text, m.end()) or _VERB_NEXT.match(text, m.end()))
        ):
            continue  # To Whom, Customer Due Diligence - Individual: words, not a name
        if code_words(value):
            continue
        out.append(Span(m.start(), m.end(), 0.85, ("label", "roman")))
    for m in _ROMAN_LINE.finditer(text):
        out.append(Span(m.start("value"), m.end("value"), 0.8, ("field", "roman")))
    pos = 0
    for line in text.split("\n"):
        if _ID_LIKE.search(line) and any(c in line for c in _SEPS):
            for m in _ROMAN_FIELD.finditer(line):
                if all(is_pinyin(w) for w in _roman_words(m.group("value"))):
                    s0, e0 = m.span("value")
                    out.append(Span(pos + s0, pos + e0, 0.8, ("field", "roman")))
        pos += len(line) + 1
    return out


#: A name in a SQL statement's condition or assignment (``SET name='张伟'``,
#: ``WHERE real_name = 'Wei Zhang'``): the column says what the string is.
_SQL_NAME = lazy_re(
    r"(?<![A-Za-z0-9])(?P<column>(?:[A-Za-z]+_)?(?:[Nn]ame|NAME|xm|XM|xingming|姓名))"
    r"(?:`?\s*=|[\"']\s*:)\s*(['\"])(?P<value>[^'\"\n]{2,24})\2"
)
_THING_COLUMN = lazy_re(r"(?i)(?:product|file|user|nick|host|table|company|org|shop|item)_?name")
#: :data:`_ROMAN` matched whole (``re.fullmatch(_ROMAN, value)``).
_ROMAN_WHOLE = lazy_re(_ROMAN)


def _sql_twin() -> _native.NativeFinder | None:
    """:func:`find_sql_names` run by the native core, from its regexes, the name shapes'
    word lists and the syllables."""
    if _native is None:
        return None
    rxs = {
        "_SQL_NAME": _SQL_NAME,
        "_THING_COLUMN": _THING_COLUMN,
        "_ROMAN_WHOLE": _ROMAN_WHOLE,
        "LATIN_WORD": LATIN_WORD,
        "_AIRLINE": _AIRLINE,
        "_MINORITY": _MINORITY,
        "_LABEL_WORD": _LABEL_WORD,
    }
    return _native.NativeFinder.sql_names(
        native_regexes(rxs),
        *_shape_rules(),
        sorted(_SYLLABLES),
    )


@native_twin(_sql_twin)
@triggered_by(
    r"[Nn][Aa][Mm][Ee](?:`?\s*=|[\"']\s*:)\s*['\"]|(?:xm|XM|xingming|姓名)(?:`?\s*=|[\"']\s*:)"
)
def find_sql_names(text: str) -> list[Span]:
    """Names that a SQL statement compares or assigns to a name column, or that a JSON
    object holds under a name key: the column says it is a name, so its given characters
    need not be common ones (``王二狗``).

    >>> t = "UPDATE t SET name='欧阳立伟' WHERE real_name = 'Zhang Wei' OR file_name='张伟'"
    >>> [t[s.start:s.end] for s in find_sql_names(t)]
    ['欧阳立伟', 'Zhang Wei']
    >>> t = '{"name": "王二狗", "product_name": "张飞牛肉"}'
    >>> [t[s.start:s.end] for s in find_sql_names(t)]
    ['王二狗']
    """
    out: list[Span] = []
    for m in _SQL_NAME.finditer(text):
        if _THING_COLUMN.fullmatch(m.group("column")):
            continue  # file_name='…', user_name='…': a thing's or an account's name
        value = m.group("value")
        roman = _ROMAN_WHOLE.fullmatch(value) is not None and all(
            is_pinyin(w) for w in _roman_words(value)
        )
        if loose_name(value) or roman:
            out.append(Span(m.start("value"), m.end("value"), 0.85, ("label", "field:sql")))
    return out


#: Names in an airline's SSR DOCS line, after the passport's expiry date
#: (``/M/15NOV33/XI/HONGJUN/P1``).
_DOCS_NAME = lazy_re(r"/[MF]I?/[0-9]{2}[A-Z]{3}[0-9]{2}/(?P<value>[A-Z]{2,12}/[A-Z]{2,12})")


#: What before a ·-name makes it a title (《晋书·宣帝纪》), and what right after it.
_TITLE_OPEN, _TITLE_CLOSE = ("《", "“", '"'), "》"


def _minority_twin() -> _native.NativeFinder | None:
    """:func:`find_minority_names` run by the native core, from its regexes and words."""
    if _native is None:
        return None
    rxs = {
        "_MINORITY": _MINORITY,
        "_LABEL_WORDS": _LABEL_WORDS,
        "_PLAIN_TAIL": _PLAIN_TAIL,
        "_ROLE_TAIL": _ROLE_TAIL,
    }
    words = {
        "_ROLE_WORDS": sorted(_ROLE_WORDS),
        "_TRANSLIT": sorted(_TRANSLIT),
        "_DOT_BEFORE": sorted(_DOT_BEFORE),
        "_DOT_AFTER": sorted(_DOT_AFTER),
        "_TITLE_OPEN": list(_TITLE_OPEN),
        "_TITLE_CLOSE": [_TITLE_CLOSE],
    }
    return _native.NativeFinder.minority_names(native_regexes(rxs), words)


@native_twin(_minority_twin)
@triggered_by("·")
def find_minority_names(text: str) -> list[Span]:
    """Names with a middle dot, without a label glued in front (``业主帕提古丽·吐尔逊``)."""
    out = []
    for m in _MINORITY.finditer(text):
        if (
            text[max(0, m.start() - 1) : m.start()] in _TITLE_OPEN
            or _TITLE_CLOSE in text[m.end() : m.end() + 1]
        ):
            continue  # a title (《晋书·宣帝纪》), not a name
        start = m.start()
        word = _LABEL_WORDS.match(text, start, m.end())
        tail = None
        if word is not None:
            rx = _ROLE_TAIL if word.group() in _ROLE_WORDS else _PLAIN_TAIL
            tail = rx.match(text, word.end(), m.end())
        if tail is not None and tail.end() < m.end() - 4:
            start = tail.end()
        bounds = _dotted(text, start, m.end())
        if bounds is not None:
            out.append(Span(*bounds, 0.6, ("structure:·",)))
    return out


def mask_name(value: str) -> str:
    """``张*``, ``欧阳*``, ``ZHANG/***``, ``San Z***``, ``z***``.

    >>> mask_name("张三"), mask_name("欧阳娜娜"), mask_name("ZHANG/SAN")
    ('张*', '欧阳*', 'ZHANG/***')
    >>> mask_name("San Zhang"), mask_name("zhangsan")
    ('San Z***', 'z***')
    """
    return run_twin(_native_name(), value, mask_name_reference)


@cache
def _native_name() -> Callable[[str], str] | None:
    """The native twin of :func:`mask_name`, given the compound surnames (built once)."""
    return None if _native is None else _native.NativeMask.name(sorted(compound_surnames())).mask


def mask_name_reference(value: str) -> str:
    """The Python reference of :func:`mask_name` (the test oracle).

    >>> mask_name_reference("阿依古丽·买买提"), mask_name_reference("司马光")
    ('阿依古丽·*', '司马*')
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


#: A Latin name: words of letters, joined inside by a hyphen, apostrophe, dot or the
#: airline slash (``Jean-Pierre``, ``O'Brien``, ``J. Smith``, ``ZHANG/SAN``), never a digit
#: or an underscore.
_LATIN_NAME = lazy_re(r"[A-Za-z]+(?:(?:[-'./]|\.? +)[A-Za-z]+)*\.?")
_TOKEN_CHAR = lazy_re(r"[0-9A-Za-z_\-]")


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
    3,661 names are one character), holds an undecodable byte (U+FFFD) or a mask's ``*``
    (``张*`` of a masked file is no longer a name: a masked copy scans clean), or is Latin
    but not a name's shape or a whole token (``HT-`` of ``HT-2026-001``, ``zhangsan_`` of a
    user name with digits).

    >>> refine_person("MAC地址", 0, 5) is None, refine_person("张伟", 0, 2)
    (True, (0, 2))
    >>> refine_person("路8号 车架号", 3, 5) is None, refine_person(" 张伟 ", 0, 4)
    (True, (1, 3))
    >>> refine_person("合同编号 HT-2026-001", 5, 8) is None, refine_person("欧阳*,139", 0, 3)
    (True, None)
    >>> refine_person("VALUES ('张伟','138", 9, 12), refine_person("INSERT INTO t VALUES", 0, 20)
    ((9, 11), None)
    """
    value = text[start:end]
    start = start + len(value) - len(value.lstrip(_EDGES))
    end = end - len(value) + len(value.rstrip(_EDGES))
    value = text[start:end]
    latin = any(c.isascii() and c.isalpha() for c in value)
    han = any("\u4e00" <= c <= "\u9fff" for c in value)
    junk = len(value) < 2 or (latin and han) or UNDECODED in value or _MASKED in value
    if not junk and value.isascii() and not _latin_is_name(text, start, end):
        junk = True
    if not junk and latin and code_words(value):
        junk = True  # INSERT INTO t VALUES: a one-line SQL dump, not a person
    if not junk and value.isascii() and " " in value and not _LATIN_CASED.fullmatch(value):
        junk = True  # auth ok user, WiFi auth log: words of a log line, not a name
    quoted = text.endswith("引用", 0, start)  # 引用李白的话
    if not junk and han and _not_a_name(text, start, end):
        junk = True
    if (
        not junk
        and han
        and (_after_house_number(text, start) or _LITERARY.match(text, end) or quoted)
    ):
        junk = True  # 829号海棠府: an estate; 引用李白的诗: a poet, not a person in the record
    if not junk and han and end - start == 3 and text[end - 1 : end + 1] in _VERB_AFTER:
        end -= 1  # 客户董怡来电: the name is 董怡
    return None if junk else (start, end)


#: What a display mask hides a name's characters with (``张*``).
_MASKED = "*"
#: A Latin name's words each start with a capital (``Wei Zhang``, ``ZHANG WEI``, ``van Dijk``
#: aside): a run of lowercase words is prose or a log line.
_LATIN_CASED = lazy_re(r"[A-Z][A-Za-z'.-]*(?:[ ]+[A-Z][A-Za-z'.-]*)+")
#: What follows a writer, poet or figure of a book when prose quotes them (李白的诗, 岳飞传记).
#: (``的作品`` is not here: news names living artists by their works.)
_LITERARY = lazy_re(r"的(?:诗|词|文章|名句|名言|诗句)|传记|诗集|全集|语录")
#: A name's last character with the next one that forms a verb (董怡|来电, 王伟|来访).
_VERB_AFTER = frozenset({"来电", "来访", "来信", "来店", "来院", "去电", "致电", "反映", "投诉"})
_HOUSE_NUMBER = lazy_re(r"[0-9０-９]\s*号\s*$")


_LABEL_WORD = lazy_re(rf"(?:{_PERSON_LABELS}|{_ROLE_LABELS}|子女|儿子|女儿|本人)")


def _not_a_name(text: str, start: int, end: int) -> bool:
    """A label (配偶, 卡号), a nickname of one character twice (旺旺), or a measure word
    read as a surname (转这|张卡).

    >>> _not_a_name("配偶 郎靖思", 0, 2), _not_a_name("会员卡号：", 2, 4)
    (True, True)
    >>> _not_a_name("旺旺(12345)", 0, 2), _not_a_name("转这张卡", 2, 4), _not_a_name("张卡", 0, 2)
    (True, True, False)
    """
    value = text[start:end]
    if _LABEL_WORD.fullmatch(value) or value[-1] in _NOT_LAST:
        return True
    if len(value) == 2 and value[0] == value[1]:
        return True
    return value[0] == "张" and text[start - 1 : start] in tuple("这那一两几每哪整")


def _after_house_number(text: str, start: int) -> bool:
    """True when ``start`` follows a house number (``829号|海棠府``): an estate's name."""
    return _HOUSE_NUMBER.search(text, max(0, start - 6), start) is not None


#: What a name never starts or ends with: space, quotes and brackets ('张伟' in a dump).
_EDGES = " \t\u3000'\"`“”‘’「」『』《》()（）[]【】<>"


#: ``name`` labels a person's name alone or after a person word (``Full name``,
#: ``customer_name``, ``your name``); after another word it is that thing's name
#: (``product_name``, ``file name``, ``filename``).
_EN_NAME_LABEL = (
    r"(?<![A-Za-z0-9_])(?i:(?:full|first|last|given|family|middle|real|legal|customer|contact"
    r"|passenger|guest|recipient|receiver|sender|consignee|your|my|his|her|their)[ _-]?name"
    r"|(?<![A-Za-z0-9][ _-])name|passenger|guest|recipient|consignee)"
)


def _surname(rng: random.Random) -> str:
    single, compound = surnames()
    if rng.random() < 0.03:
        return rng.choice(compound)
    # Zipf-like: the i-th surname has weight 1 / (i + 8)
    i = int(len(single) ** rng.random()) - 1
    return (
        single[min(max(i, 0), len(single) - 1)] if rng.random() < 0.7 else rng.choice(single[:100])
    )


def generate_person_name(rng: random.Random) -> str:
    """A fictitious Chinese name: a surname by its real frequency, 1–2 given characters.

    >>> name = generate_person_name(random.Random(7))
    >>> is_bare_name(name)
    True
    """
    if rng.random() < 0.02:
        return rng.choice(MINORITY)
    given = "".join(rng.choice(GIVEN) for _ in range(1 if rng.random() < 0.3 else 2))
    return _surname(rng) + given


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
        generate=generate_person_name,
        finders=(
            find_labelled_names,
            find_minority_names,
            find_record_names,
            find_airline_names,
            find_roman_names,
            find_sql_names,
        ),
        cell_shape=loose_name,
        refine=refine_person,
        model_based=True,
        examples=("张伟", "欧阳娜娜", "ZHANG/SAN", "阿不都·热合曼"),
    ),
)
