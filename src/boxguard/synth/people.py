"""Synthetic people: names, organizations and addresses that look real and are not.

Deterministic for a given ``random.Random``. Surnames follow their real
frequency order (so 王/李/张 dominate), given names are drawn from common
given-name characters; organizations and addresses are assembled from real
administrative-division names and invented shop names.

>>> import random
>>> rng = random.Random(7)
>>> len(chinese_name(rng)) in (2, 3, 4)
True
"""

from __future__ import annotations

import random
from functools import lru_cache
from importlib import resources

GIVEN = (
    "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华玉萍红鹏飞建国文辉力斌宇浩凯健俊帆"
    "旭宁龙林欣怡佳琪晨雨婷雪梅琳子涵轩博睿泽诺思梓然依彤嘉宏志海波鑫晶晓东亮峰磊雷春燕"
    "蕾慧颖倩璐瑶昊天一鸣立新永成兵振家少伦晴悦乐安康正阳云岚宸逸瑞钰菲薇舒扬霖"
)
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
MINORITY = (
    "阿不都·热合曼",
    "买买提·艾力",
    "古丽·努尔",
    "帕提古丽·吐尔逊",
    "扎西·次仁",
    "艾克拜尔·吾拉木",
)
ORG_SUFFIX = (
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
ORG_STEMS = (
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
ROADS = (
    "建国路",
    "中山路",
    "人民路",
    "解放大街",
    "科技园南路",
    "文三路",
    "长江路",
    "延安西路",
    "南京东路",
    "和平里东街",
    "学院路",
    "滨江大道",
    "复兴门内大街",
    "天府大道",
)
COMMUNITIES = ("阳光花园", "金地小区", "碧桂园", "万科城", "翠苑", "幸福里", "锦绣家园", "滨江花城")


@lru_cache(maxsize=1)
def surnames() -> tuple[tuple[str, ...], tuple[str, ...]]:
    """(single, compound) surnames in frequency order, from the shipped list."""
    text = resources.files("boxguard.data").joinpath("names_surnames.txt").read_text("utf-8")
    names = [ln.strip() for ln in text.splitlines() if ln.strip() and not ln.startswith("#")]
    return tuple(n for n in names if len(n) == 1), tuple(n for n in names if len(n) == 2)


def surname(rng: random.Random) -> str:
    single, compound = surnames()
    if rng.random() < 0.03:
        return rng.choice(compound)
    # Zipf-like: the i-th surname has weight 1 / (i + 8)
    i = int(len(single) ** rng.random()) - 1
    return (
        single[min(max(i, 0), len(single) - 1)] if rng.random() < 0.7 else rng.choice(single[:100])
    )


def chinese_name(rng: random.Random) -> str:
    if rng.random() < 0.02:
        return rng.choice(MINORITY)
    given = "".join(rng.choice(GIVEN) for _ in range(1 if rng.random() < 0.3 else 2))
    return surname(rng) + given


def pinyin_name(rng: random.Random) -> str:
    sur = rng.choice(list(PINYIN.values()))
    given = rng.choice(GIVEN_PINYIN) + (rng.choice(GIVEN_PINYIN) if rng.random() < 0.5 else "")
    style = rng.randrange(3)
    if style == 0:
        return f"{sur}/{given}"
    if style == 1:
        return f"{given.title()} {sur.title()}"
    return f"{sur.title()} {given.title()}"


@lru_cache(maxsize=1)
def _divisions() -> tuple[tuple[str, str, str], ...]:
    """(province, city, district) names from python-stdnum's division list (current ones)."""
    text = resources.files("stdnum.cn").joinpath("loc.dat").read_text("utf-8")
    out: list[tuple[str, str, str]] = []
    prov = city = ""
    for line in text.splitlines():
        if not line or line.startswith("#"):
            continue
        name = line.split('"')[1] if '"' in line else ""
        if "[" in name or not name:
            continue
        if not line.startswith(" "):
            prov = name
            continue
        code = line.split()[0]
        if code.endswith("00"):
            city = name if name not in ("市辖区", "县", "省直辖县级行政区划") else prov
        elif name.endswith(("区", "县", "市", "旗")):
            out.append((prov, city or prov, name))
    return tuple(out)


def address(rng: random.Random) -> str:
    prov, city, district = rng.choice(_divisions())
    head = prov if prov == city else prov + city
    road = rng.choice(ROADS)
    num = rng.randrange(1, 999)
    building, unit = rng.randrange(1, 30), rng.randrange(1, 6)
    room = f"{rng.randrange(1, 33)}0{rng.randrange(1, 9)}"
    tail = rng.choice(
        [
            f"{num}号",
            f"{num}号{building}栋{unit}单元{room}室",
            f"{num}号{rng.choice(COMMUNITIES)}{building}号楼{room}室",
            f"{num}号院{unit}号楼",
        ]
    )
    return head + district + road + tail


def organization(rng: random.Random) -> str:
    _, city, district = rng.choice(_divisions())
    place = rng.choice([city.removesuffix("市"), district.removesuffix("区"), ""])
    suffix = rng.choice(ORG_SUFFIX)
    if suffix == "支行":
        return f"中国{rng.choice(['工商', '建设', '农业'])}银行{place or '城东'}支行"
    if suffix == "派出所":
        return f"{city}公安局{district}分局{rng.choice(['东湖', '西城', '南门', '新华'])}派出所"
    return f"{place}{rng.choice(ORG_STEMS)}{suffix}"
