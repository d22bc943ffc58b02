"""Character features for the name/organization CRF.

Features are ±2 characters, their bigrams, character classes, the clusters
(:mod:`boxguard.models.clusters`) of the character and its two neighbours, and three
dictionary signals (surname, compound surname, organization suffix) plus a
"a person label precedes" flag (姓名：, 收件人, 旅客...).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from functools import lru_cache

from boxguard.kinds._lexicon import surnames
from boxguard.models.clusters import K, shipped

ORG_SUFFIXES = (
    "公司",
    "集团",
    "医院",
    "学校",
    "大学",
    "学院",
    "中学",
    "小学",
    "银行",
    "支行",
    "分行",
    "酒店",
    "宾馆",
    "派出所",
    "公安局",
    "分局",
    "研究所",
    "研究院",
    "委员会",
    "协会",
    "基金会",
    "俱乐部",
    "中心",
    "事务所",
    "法院",
    "检察院",
    "政府",
    "部",
    "局",
    "队",
    "社",
    "厂",
    "店",
)
PERSON_LABELS = (
    "姓名",
    "收件人",
    "寄件人",
    "收货人",
    "联系人",
    "客户",
    "旅客",
    "乘客",
    "业主",
    "同住人",
    "配偶",
    "户主",
    "持卡人",
    "机主",
    "患者",
    "住客",
    "入住人",
    "经办人",
    "负责人",
    "法人",
    "租客",
    "买家",
)
_LABEL_RX = re.compile("|".join(PERSON_LABELS))


@lru_cache(maxsize=1)
def _dicts() -> tuple[frozenset[str], frozenset[str], frozenset[str]]:
    single, compound = surnames()
    return frozenset(single), frozenset(compound), frozenset(s[-1] for s in ORG_SUFFIXES)


def _cls(c: str) -> str:
    if "\u4e00" <= c <= "\u9fff":
        return "H"
    if c.isdigit():
        return "D"
    if c.isascii() and c.isalpha():
        return "L"
    if c.isspace():
        return "S"
    return "P"


def sentence_features(text: str, clusters: bool = True) -> list[list[str]]:
    """One feature list per character of ``text``; ``clusters=False``: no cluster features
    (the ``--accurate`` model learnt without them; a model ignores features it never saw).

    >>> sentence_features("张伟")[0][0], sentence_features("张伟")[0][2]
    ('c=张', 'n1=伟')
    >>> [f for f in sentence_features("张伟")[0] if f.startswith("k")][1]  # left pad: unknown
    'kp1=200'
    """
    single, compound, org_last = _dicts()
    n = len(text)
    padded = "\x02\x02" + text + "\x03\x03"
    cls = [_cls(ch) for ch in padded]
    table, unknown = shipped(), str(K)
    cl = [str(table[ch]) if ch in table else unknown for ch in padded] if clusters else []
    labelled = [False] * n
    for m in _LABEL_RX.finditer(text):
        for j in range(m.end(), min(n, m.end() + 6)):
            labelled[j] = True
    feats: list[list[str]] = []
    append = feats.append
    for i in range(n):
        a = padded[i]
        b = padded[i + 1]
        c = padded[i + 2]
        d = padded[i + 3]
        e = padded[i + 4]
        bc = b + c
        cd = c + d
        f = [
            "c=" + c,
            "p1=" + b,
            "n1=" + d,
            "p2=" + a,
            "n2=" + e,
            "bp=" + bc,
            "bn=" + cd,
            "bpp=" + a + b,
            "bnn=" + d + e,
            "t=" + cls[i + 1] + cls[i + 2] + cls[i + 3],
        ]
        if clusters:
            f += ("k=" + cl[i + 2], "kp1=" + cl[i + 1], "kn1=" + cl[i + 3])
        if c in single:
            f.append("sn")
        if cd in compound:
            f.append("sn2")
        if b in single:
            f.append("psn")
        if c in org_last:
            f.append("osx")
        if labelled[i]:
            f.append("lab")
        append(f)
    return feats


def word_tag_features(tags: Sequence[str]) -> list[tuple[str, str, str]]:
    """Each character's word-tag attributes: its tag, previous|tag, tag|next.

    >>> word_tag_features(["B-PER", "I-PER"])[1]
    ('l=I-PER', 'lp=B-PER|I-PER', 'ln=I-PER|EOS')
    """
    n = len(tags)
    out = []
    for i, tag in enumerate(tags):
        prev = tags[i - 1] if i else "BOS"
        nxt = tags[i + 1] if i + 1 < n else "EOS"
        out.append(("l=" + tag, "lp=" + prev + "|" + tag, "ln=" + tag + "|" + nxt))
    return out


def with_word_tags(feats: list[list[str]], tags: Sequence[str]) -> list[list[str]]:
    """Add a tagger's per-character word tags (LAC's) and their neighbours to ``feats``.

    >>> with_word_tags([["c=张"], ["c=伟"]], ["B-PER", "I-PER"])[1]
    ['c=伟', 'l=I-PER', 'lp=B-PER|I-PER', 'ln=I-PER|EOS']
    """
    for f, extra in zip(feats, word_tag_features(tags), strict=True):
        f.extend(extra)
    return feats
