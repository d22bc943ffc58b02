"""``generalize``: keep only a coarser truth — a year, an age band, a district, 2 decimals.

>>> from boxguard.kinds._model import Category, Kind
>>> from boxguard.transform.base import Context
>>> k = lambda i: Kind(id=i, en=i, zh=i, category=Category.BASIC, sensitive=False)
>>> ctx = Context()
>>> Generalize().apply("1990-05-17", k("birth_date"), ctx)
'1990'
>>> Generalize(level="district").apply("北京市朝阳区建国路88号3号楼2单元1201室", k("address"), ctx)
'北京市朝阳区'
>>> Generalize().apply("39.908722,116.397499", k("geo_coordinate"), ctx)
'39.91,116.40'
>>> Generalize().apply("100020", k("postal_code"), ctx)
'100000'
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from typing import ClassVar

from boxguard.errors import ConfigError
from boxguard.kinds import Kind
from boxguard.transform._dates import parse_date
from boxguard.transform.base import Context

#: Address levels, coarse to fine, with the suffixes that end each.
_LEVELS: dict[str, str] = {
    "province": r"(?:省|自治区|特别行政区|北京市|天津市|上海市|重庆市)",
    "city": r"(?:市|自治州|地区|盟)",
    "district": r"(?:区|县|旗|市)",
    "street": r"(?:街道|镇|乡)",
    "community": r"(?:社区|村|小区|花园|苑|园|大厦)",
}
#: Where each level's search must stop: an administrative suffix after a road name
#: (金地市场) is not an administrative level.
_BOUNDS: dict[str, re.Pattern[str]] = {
    "province": re.compile(r"路|巷|弄|号|大道|大街"),
    "city": re.compile(r"路|巷|弄|号|大道|大街"),
    "district": re.compile(r"路|巷|弄|号|大道|大街"),
    "street": re.compile(r"号|弄|栋|幢|单元|室"),
    "community": re.compile(r"号楼|栋|幢|单元|室"),
}
_DECIMAL = re.compile(r"-?\d+\.\d+")


@dataclass(frozen=True)
class Generalize:
    #: birth_date: year | age_band | decade; address: province | city | district | street |
    #: community; geo_coordinate: decimals (see ``decimals``); postal_code: keep ``digits``.
    level: str | None = None
    decimals: int = 2
    digits: int = 3
    band: int = 10
    today: dt.date | None = None

    name: ClassVar[str] = "generalize"
    reversible: ClassVar[bool] = False

    def apply(self, value: str, kind: Kind, ctx: Context) -> str:
        if kind.id == "birth_date":
            return self._date(value)
        if kind.id == "address":
            return self._address(value, self.level or "district")
        if kind.id == "geo_coordinate":
            return _DECIMAL.sub(lambda m: f"{float(m.group()):.{self.decimals}f}", value)
        if kind.id == "postal_code":
            return value[: self.digits] + "0" * max(0, len(value) - self.digits)
        raise ConfigError(
            f"generalize is defined for birth_date, address, geo_coordinate, postal_code; "
            f"not {kind.id!r}"
        )

    def _date(self, value: str) -> str:
        parsed = parse_date(value)
        if parsed is None:
            return "*" * len(value)
        day = parsed[0]
        level = self.level or "year"
        if level == "year":
            return str(day.year)
        if level == "decade":
            return f"{day.year // 10 * 10}s"
        if level == "age_band":
            today = self.today or dt.date.today()
            age = today.year - day.year - ((today.month, today.day) < (day.month, day.day))
            lo = max(age, 0) // self.band * self.band
            return f"{lo}-{lo + self.band - 1}"
        raise ConfigError(f"birth_date levels are year, decade, age_band; not {level!r}")

    @staticmethod
    def _address(value: str, level: str) -> str:
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
