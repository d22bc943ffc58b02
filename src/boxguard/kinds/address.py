"""Postal addresses down to road, number, building or room (rule-based, no model).

An address is found by its structure — administrative levels, then a road
or community, then a number, building, unit or room — and trimmed on the left
so that it starts at a real division name (python-stdnum's list of every
administrative division). A bare city or district is never an address.
"""

from __future__ import annotations

import random
import re
from collections.abc import Callable
from functools import cache, lru_cache

from boxguard.accel import native as _native
from boxguard.errors import ConfigError
from boxguard.kinds._lazy import LazyRegex, lazy_re
from boxguard.kinds._masks import run_twin
from boxguard.kinds._model import (
    Category,
    Coarsening,
    Generalization,
    Kind,
    Span,
    native_twin,
    triggered_by,
)


@lru_cache(maxsize=1)
def division_names() -> frozenset[str]:
    """Every division name, full (广东省, 南山区) and short (广东, 南山), past and present."""
    from importlib import resources  # python-stdnum's list, when first needed

    text = resources.files("stdnum.cn").joinpath("loc.dat").read_text(encoding="utf-8")
    quoted, note = re.compile(r'"([^"]+)"'), re.compile(r"\[[^\]]*\]")
    suffix = re.compile(r"(?:省|市|自治区|自治州|自治县|地区|区|县|盟|旗)$")
    names = {note.sub("", raw) for part in quoted.findall(text) for raw in part.split(",")}
    names = {n for n in names if len(n) >= 2} - {"市辖区", "县", "省直辖县级行政区划"}
    return frozenset(names | {short for n in names if len(short := suffix.sub("", n)) >= 2})


@lru_cache(maxsize=1)
def lengths_by_prefix() -> dict[str, tuple[int, ...]]:
    """First two characters of a division name → the lengths of such names, longest first."""
    out: dict[str, set[int]] = {}
    for name in division_names():
        out.setdefault(name[:2], set()).add(len(name))
    return {k: tuple(sorted(v, reverse=True)) for k, v in out.items()}


def starts_with_division(text: str, i: int) -> int:
    """Length of the longest division name at ``text[i:]`` (0 when none).

    >>> starts_with_division("住在呼和浩特市", 2), starts_with_division("住在", 0)
    (5, 0)
    """
    names = division_names()
    for n in lengths_by_prefix().get(text[i : i + 2], ()):
        if i + n <= len(text) and text[i : i + n] in names:
            return n
    return 0


_H = r"[\u4e00-\u9fff]"
_N = r"[0-9一二三四五六七八九十百零]"
ADMIN = (
    rf"(?:{_H}{{2,8}}?(?:省|自治区|特别行政区))?"
    rf"(?:{_H}{{1,12}}?(?:市|自治州|地区|盟))?"
    rf"(?:{_H}{{1,12}}?(?:区|县|旗|市))?"
)
_STREET = rf"(?:{_H}{{1,8}}?(?:街道|镇|乡))?"
_ROAD = rf"(?:{_H}[\u4e00-\u9fff0-9]{{0,10}}?(?:路|街|大道|大街|巷|胡同|弄|里|道))"
#: a number as forms and OCR space it too: 文三路 478 号
_NUMBER = rf"(?: ?{_N}{{1,5}} ?(?:号院|号|弄|栋|幢))"
_COMMUNITY = (
    rf"(?:{_H}[\u4e00-\u9fff0-9]{{0,10}}?"
    r"(?:小区|花园|苑|园|公寓|大厦|家园|花城|新村|社区|村|广场|中心|里|城))"
)
_BUILDING = (
    rf"(?:{_N}{{1,4}}(?:号楼|栋|幢|座|号院)|{_N}{{1,2}}单元|{_N}{{1,5}}(?:室|房|层|楼|号)"
    rf"|{_N}{{1,3}}组)"  # a village's group: 东湖村6组51号
)
#: a landmark the number is counted from: 朱集村村委会旁11号
_LANDMARK = rf"(?:{_H}{{1,5}}?(?:旁|对面|附近|隔壁|东侧|西侧|南侧|北侧))"
_ADDRESS_BODY = (
    rf"{ADMIN}{_STREET}(?:{_ROAD}(?:{_NUMBER}{_COMMUNITY}?|{_COMMUNITY})"
    rf"|{_COMMUNITY}{_LANDMARK}?{_BUILDING})"
    rf"(?:-?{_BUILDING}){{0,4}}"
)
#: A match starts with a Chinese character, and Chinese characters or digits lead from it
#: to the last character of its road or community. Checked first, this necessary condition
#: spares the lazy groups above their backtracking at most positions of ordinary prose
#: (3× faster, same matches: a property test compares both).
_GUARD = r"(?=[\u4e00-\u9fff][\u4e00-\u9fff0-9]*?[路街道巷同弄里区园苑寓厦城村场心])"
_ADDRESS = lazy_re(_GUARD + _ADDRESS_BODY)


def _address_twin() -> _native.NativeFinder | None:
    """:func:`find_addresses` run by the native core, from the regexes and division names
    declared here (None when the core is not built)."""
    if _native is None:
        return None
    return _native.NativeFinder.address(
        (_ADDRESS.pattern, _ADDRESS.flags),
        (_LABELLED.pattern, _LABELLED.flags),
        (_ORG_AFTER.pattern, _ORG_AFTER.flags),
        sorted(division_names()),
    )


@native_twin(_address_twin)
@triggered_by(r"[0-9一二三四五六七八九十百零] ?(?:号|栋|幢|座|单元|室|房|弄|层|楼|组)")
def find_addresses(text: str) -> list[Span]:
    """Addresses with at least a road and number (or a community and building).

    >>> t = "家住广东省深圳市南山区科技园南路18号阳光花园3栋2单元1201室，电话"
    >>> [t[s.start:s.end] for s in find_addresses(t)]
    ['广东省深圳市南山区科技园南路18号阳光花园3栋2单元1201室']
    >>> find_addresses("我在深圳市南山区工作")
    []
    """
    out: list[Span] = []
    for m in _ADDRESS.finditer(text):
        start, end = m.start(), m.end()
        # trim on the left to the first known division name within the first characters
        for i in range(start, min(end - 4, start + 8)):
            if starts_with_division(text, i):
                start = i
                break
        else:
            # no division name: a road + number alone is an address only with a label
            if not _LABELLED.search(text, max(0, start - 8), start):
                continue
        if _ORG_AFTER.match(text, end):
            continue  # 南星街道社区卫生服务中心 is an organization's name, not an address
        if end - start >= 6:
            score = 0.85 if starts_with_division(text, start) else 0.7
            out.append(Span(start, end, score, ("structure:address",)))
    return out


_ORG_AFTER = lazy_re(r"卫生|服务中心|医院|学校|委员会|居委会|派出所|办事处")
_EN_WORD = r"[A-Z][A-Za-z']+"
_EN_UNIT = r"(?:Room|Flat|Unit|Apt\.?|Suite|Building|Bldg\.?|Block|Tower) [0-9A-Z][0-9A-Za-z-]*"
_EN_STREET = r"(?:Road|Street|Avenue|Lane|Boulevard|Highway|Alley|Rd|St|Ave)"
#: Room 703, Building 21, No. 695 Hesan Lane, Huangpu District, Shanghai 200001; a
#: place name is never followed by a colon (``, Mobile: …`` is the next field)
_EN_ADDRESS = lazy_re(
    rf"(?<![A-Za-z0-9])(?:{_EN_UNIT}, ){{0,3}}(?:No\. ?)?[0-9]{{1,5}}[A-Z]? "
    rf"(?:{_EN_WORD} ){{1,4}}{_EN_STREET}\.?(?![A-Za-z])"
    rf"(?:, {_EN_UNIT})?"
    rf"(?:,? {_EN_WORD}(?: {_EN_WORD}){{0,2}}(?![A-Za-z'])(?!\s*[:：])){{0,5}}"
    r"(?:,? [0-9]{6}(?![0-9]))?"
)


def _english_twin() -> _native.NativeFinder | None:
    """:func:`find_english_addresses` run by the native core, from its regex."""
    if _native is None:
        return None
    return _native.NativeFinder.regex(
        _EN_ADDRESS.pattern, _EN_ADDRESS.flags, 0.85, ["structure:address"]
    )


@native_twin(_english_twin)
@triggered_by(r"(?:Road|Street|Avenue|Lane|Boulevard|Highway|Alley|Rd|St|Ave)")
def find_english_addresses(text: str) -> list[Span]:
    """Addresses written in English: number, street, then district, city, country.

    >>> t = "Residential Address: Flat 15B, 14 Jinyuan Avenue, Fuzhou 350001；DOB"
    >>> [t[s.start:s.end] for s in find_english_addresses(t)]
    ['Flat 15B, 14 Jinyuan Avenue, Fuzhou 350001']
    >>> find_english_addresses("Avenue Q is a musical")
    []
    """
    return [
        Span(m.start(), m.end(), 0.85, ("structure:address",)) for m in _EN_ADDRESS.finditer(text)
    ]


_LABELLED = lazy_re(r"地址|住址|住所|收货|寄件|户籍|现住|家住|居住|送至|address", re.IGNORECASE)


def mask_address(value: str) -> str:
    """Keep down to the district: ``广东省深圳市南山区**********``.

    >>> mask_address("北京市朝阳区建国路88号")
    '北京市朝阳区******'
    """
    return run_twin(_native_address(), value, mask_address_reference)


@cache
def _native_address() -> Callable[[str], str] | None:
    """The native twin of :func:`mask_address`, given Python's ``ADMIN`` regex (built once)."""
    if _native is None:
        return None
    admin = re.compile(ADMIN)
    return _native.NativeMask.address((admin.pattern, int(admin.flags))).mask


def mask_address_reference(value: str) -> str:
    """The Python reference of :func:`mask_address` (the test oracle).

    >>> mask_address_reference("建国路88号")
    '建国****'
    """
    m = re.match(rf"{ADMIN}", value)
    keep = m.end() if m and m.end() else min(2, len(value))
    return value[:keep] + "*" * (len(value) - keep)


#: Address levels for ``generalize``, coarse to fine, with the suffixes that end each.
_LEVELS: dict[str, str] = {
    "province": r"(?:省|自治区|特别行政区|北京市|天津市|上海市|重庆市)",
    "city": r"(?:市|自治州|地区|盟)",
    "district": r"(?:区|县|旗|市)",
    "street": r"(?:街道|镇|乡)",
    "community": r"(?:社区|村|小区|花园|苑|园|大厦)",
}
#: Where each level's search must stop: an administrative suffix after a road name
#: (金地市场) is not an administrative level.
_BOUNDS: dict[str, LazyRegex] = {
    "province": lazy_re(r"路|巷|弄|号|大道|大街"),
    "city": lazy_re(r"路|巷|弄|号|大道|大街"),
    "district": lazy_re(r"路|巷|弄|号|大道|大街"),
    "street": lazy_re(r"号|弄|栋|幢|单元|室"),
    "community": lazy_re(r"号楼|栋|幢|单元|室"),
}


def generalize_address(value: str, how: Coarsening) -> str:
    """Keep down to ``level``: province, city, district (default), street or community.

    >>> generalize_address("北京市朝阳区建国路88号3号楼2单元1201室", Coarsening())
    '北京市朝阳区'
    >>> generalize_address("上海市浦东新区张江镇碧波花园12栋", Coarsening(level="street"))
    '上海市浦东新区张江镇'
    """
    level = how.level or "district"
    if level not in _LEVELS:
        raise ConfigError(f"address levels are {', '.join(_LEVELS)}; not {level!r}")
    order = list(_LEVELS)
    best = 0
    for name in order[: order.index(level) + 1]:
        stop = _BOUNDS[name].search(value, best)
        m = re.compile(_LEVELS[name]).search(value, best, stop.start() if stop else len(value))
        if m is not None:
            best = m.end()
    return value[:best] if best else value[:2] + "*" * max(0, len(value) - 2)


@lru_cache(maxsize=1)
def divisions() -> tuple[tuple[str, str, str], ...]:
    """(province, city, district) names from python-stdnum's division list (current ones)."""
    from importlib import resources  # python-stdnum's list, when first needed

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


#: Roads and communities the generator puts in an address.
_ROADS = (
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
_COMMUNITIES = (
    "阳光花园",
    "金地小区",
    "碧桂园",
    "万科城",
    "翠苑",
    "幸福里",
    "锦绣家园",
    "滨江花城",
)


def generate_address(rng: random.Random) -> str:
    """A fictitious address in a real province, city and district.

    >>> addr = generate_address(random.Random(7))
    >>> [s.end for s in find_addresses(addr)] == [len(addr)]
    True
    """
    prov, city, district = rng.choice(divisions())
    head = prov if prov == city else prov + city
    road = rng.choice(_ROADS)
    num = rng.randrange(1, 999)
    building, unit = rng.randrange(1, 30), rng.randrange(1, 6)
    room = f"{rng.randrange(1, 33)}0{rng.randrange(1, 9)}"
    tail = rng.choice(
        [
            f"{num}号",
            f"{num}号{building}栋{unit}单元{room}室",
            f"{num}号{rng.choice(_COMMUNITIES)}{building}号楼{room}室",
            f"{num}号院{unit}号楼",
        ]
    )
    return head + district + road + tail


KINDS = (
    Kind(
        id="address",
        en="postal address",
        zh="详细地址",
        category=Category.BASIC,
        sensitive=False,
        check="structure",
        context=("地址", "住址", "收货地址", "家庭住址", "户籍地址", "address"),
        column_hints=("地址", "住址", "收货地址", "家庭住址", "户籍地址", "address", "addr"),
        mask=mask_address,
        generate=generate_address,
        generalize=Generalization(
            generalize_address,
            tuple(
                (level, Coarsening(level=level))
                for level in ("community", "street", "district", "city", "province")
            ),
        ),
        finders=(find_addresses, find_english_addresses),
        cell_shape=lambda v: any(
            s.end - s.start >= len(v) - 2 for s in find_addresses("地址：" + v)
        ),
        examples=(
            "北京市朝阳区建国路88号",
            "广东省深圳市南山区科技园南路18号阳光花园3栋2单元1201室",
            "浙江省杭州市西湖区文三路90号",
            "上海市浦东新区张江镇碧波路690号",
        ),
    ),
)
