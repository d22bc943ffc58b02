"""Synthetic people: names, organizations and addresses that look real and are not.

The Chinese names, organizations and addresses are the kinds' own generators
(``Kind.generate`` of person_name, organization, address), re-exported here; this
module adds the pinyin names of tickets and manifests. Deterministic for a given
``random.Random``. The core never imports this package: it imports the kinds.

>>> import random
>>> rng = random.Random(7)
>>> len(chinese_name(rng)) in (2, 3, 4)
True
"""

from __future__ import annotations

import random

from boxguard.kinds.address import generate_address as address
from boxguard.kinds.organization import generate_organization as organization
from boxguard.kinds.person import generate_person_name as chinese_name

__all__ = ["GIVEN_PINYIN", "PINYIN", "address", "chinese_name", "organization", "pinyin_name"]

PINYIN = {
    "王": "WANG",
    "李": "LI",
    "张": "ZHANG",
    "刘": "LIU",
    "陈": "CHEN",
    "杨": "YANG",
    "黄": "HUANG",
    "赵": "ZHAO",
    "吴": "WU",
    "周": "ZHOU",
    "徐": "XU",
    "孙": "SUN",
    "马": "MA",
    "朱": "ZHU",
    "胡": "HU",
    "郭": "GUO",
    "何": "HE",
    "高": "GAO",
    "林": "LIN",
    "罗": "LUO",
    "欧阳": "OUYANG",
    "诸葛": "ZHUGE",
    "司马": "SIMA",
    "上官": "SHANGGUAN",
}
GIVEN_PINYIN = (
    "WEI",
    "FANG",
    "NA",
    "MIN",
    "JING",
    "LI",
    "QIANG",
    "LEI",
    "JUN",
    "YANG",
    "YONG",
    "JIE",
    "TAO",
    "MING",
    "CHAO",
    "XIA",
    "PING",
    "HUA",
    "YU",
    "HONG",
    "PENG",
    "FEI",
)


def pinyin_name(rng: random.Random) -> str:
    sur = rng.choice(list(PINYIN.values()))
    given = rng.choice(GIVEN_PINYIN) + (rng.choice(GIVEN_PINYIN) if rng.random() < 0.5 else "")
    style = rng.randrange(3)
    if style == 0:
        return f"{sur}/{given}"
    if style == 1:
        return f"{given.title()} {sur.title()}"
    return f"{sur.title()} {given.title()}"
