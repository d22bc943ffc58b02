"""Check-character algorithms and reference data shared by kinds.

Where python-stdnum has the algorithm we call it; where it does not (VIN,
Hong Kong and Taiwan IDs, UPU S10) it is written here from the standard.

>>> mod11_2("11010519491231002")
'X'
>>> luhn_ok("4111111111111111"), luhn_ok("4111111111111112")
(True, False)
>>> vin_check("1M8GDM9A_KP042788".replace("_", "X"))
'X'
>>> hk_check("A123456"), tw_check("A12345678")
('3', '9')
>>> s10_check("RR12345678")
'5'
"""

from __future__ import annotations

import functools
import random
from collections.abc import Callable
from functools import lru_cache
from typing import TYPE_CHECKING

from boxguard.errors import ChecksumError, ComponentError, FormatError, LengthError, ValidationError

if TYPE_CHECKING:
    import datetime as dt


def mod11_2(first17: str) -> str:
    """GB 11643 / ISO 7064 MOD 11-2 check character of the first 17 digits."""
    from stdnum.cn import ric  # python-stdnum costs ~10 ms to import: at first use

    return str(ric.calc_check_digit(first17 + "0"))


def luhn_ok(digits: str) -> bool:
    from stdnum import luhn

    return digits.isdigit() and digits.isascii() and luhn.is_valid(digits)


def luhn_digit(digits: str) -> str:
    from stdnum import luhn

    return str(luhn.calc_check_digit(digits))


_VIN_VALUES = {
    **{str(d): d for d in range(10)},
    **dict(zip("ABCDEFGH", range(1, 9), strict=True)),
    **dict(zip("JKLMN", range(1, 6), strict=True)),
    "P": 7,
    "R": 9,
    **dict(zip("STUVWXYZ", range(2, 10), strict=True)),
}
_VIN_WEIGHTS = (8, 7, 6, 5, 4, 3, 2, 10, 0, 9, 8, 7, 6, 5, 4, 3, 2)


def vin_check(vin: str) -> str:
    """ISO 3779 / 49 CFR 565 check character (position 9) of a 17-character VIN."""
    total = sum(_VIN_VALUES[c] * w for c, w in zip(vin, _VIN_WEIGHTS, strict=True))
    r = total % 11
    return "X" if r == 10 else str(r)


def hk_check(body: str) -> str:
    """Hong Kong identity card check character of 1-2 letters + 6 digits."""
    padded = body if len(body) == 8 else " " + body
    values = [36 if c == " " else (ord(c) - 55 if c.isalpha() else int(c)) for c in padded]
    total = sum(v * w for v, w in zip(values, range(9, 1, -1), strict=True))
    r = (11 - total % 11) % 11
    return "A" if r == 10 else str(r)


_TW_LETTERS = "ABCDEFGHJKLMNPQRSTUVXYWZIO"


def tw_check(body: str) -> str:
    """Taiwan national ID check digit of letter + 8 digits."""
    n = _TW_LETTERS.index(body[0]) + 10
    digits = [n // 10, n % 10] + [int(c) for c in body[1:]]
    total = sum(d * w for d, w in zip(digits, (1, 9, 8, 7, 6, 5, 4, 3, 2, 1), strict=True))
    return str((10 - total % 10) % 10)


def s10_check(serial: str) -> str:
    """UPU S10 check digit of the 8-digit serial (the 2 service letters are ignored)."""
    digits = serial[-8:]
    total = sum(int(d) * w for d, w in zip(digits, (8, 6, 4, 2, 3, 5, 9, 7), strict=True))
    c = 11 - total % 11
    return "5" if c == 11 else ("0" if c == 10 else str(c))


@lru_cache(maxsize=1)
def region_codes() -> frozenset[str]:
    """Every 6-digit administrative division code python-stdnum knows, past and present.

    A resident ID carries the code of the place where it was *issued*, which
    may be newer than the holder's birth; codes later abolished stay valid.
    """
    from importlib import resources  # python-stdnum's list, when first needed

    text = resources.files("stdnum.cn").joinpath("loc.dat").read_text(encoding="utf-8")
    codes: set[str] = set()
    province = ""
    for line in text.splitlines():
        if not line or line.startswith("#"):
            continue
        if not line.startswith(" "):
            province = line.split()[0]
        else:
            codes.add(province + line.split()[0])
    return frozenset(c for c in codes if len(c) == 6 and c.isdigit())


def birth_date(yyyymmdd: str, *, earliest: int = 1900) -> dt.date:
    """A real calendar date, not in the future, not before ``earliest``."""
    import datetime as dt  # here: a scan that checks no date never imports it

    try:
        day = dt.date(int(yyyymmdd[:4]), int(yyyymmdd[4:6]), int(yyyymmdd[6:8]))
    except ValueError:
        raise ComponentError("not a calendar date") from None
    if not earliest <= day.year or day > dt.date.today():
        raise ComponentError("birth date out of range")
    return day


def draw_valid(
    rng: random.Random, make: Callable[[random.Random], str], validate: Callable[[str], str]
) -> str:
    """Draw candidates from ``make`` until ``validate`` accepts one (for sparse valid ranges).

    >>> def only_seven(v: str) -> str:
    ...     require(v == "7", FormatError, "not 7")
    ...     return v
    >>> draw_valid(random.Random(1), lambda r: str(r.randrange(10)), only_seven)
    '7'
    """
    while True:
        candidate = make(rng)
        try:
            validate(candidate)
        except ValidationError:
            continue
        return candidate


def strip_separators(value: str, allowed: str = " -") -> str:
    """``value`` without the separator characters in ``allowed``.

    >>> strip_separators("6222 0212-3456")
    '622202123456'
    """
    return value.translate(_deletions(allowed))


@functools.lru_cache(maxsize=32)
def _deletions(chars: str) -> dict[int, None]:
    return dict.fromkeys(map(ord, chars))


def require(cond: bool, error: type[Exception], message: str) -> None:
    if not cond:
        raise error(message)


__all__ = [
    "ChecksumError",
    "ComponentError",
    "FormatError",
    "LengthError",
    "birth_date",
    "draw_valid",
    "hk_check",
    "luhn_digit",
    "luhn_ok",
    "mod11_2",
    "region_codes",
    "require",
    "s10_check",
    "strip_separators",
    "tw_check",
    "vin_check",
]
