"""Canary people: keyed, per-recipient records that look real and name whoever leaks them.

Each recipient's release carries a few fictitious people drawn from a keyed stream
(HMAC-SHA-256 of the canary key, the recipient's code index and the canary's number),
so the releaser can recompute every canary from the key alone and nobody else can tell
one from a real row. Every value validates as its kind:

- mobile: the satellite segment 1740[0-5] (valid for libphonenumber, rarely held by a
  person) + 6 keyed digits;
- resident ID: a real region code, a birth date from 1950–2004 and an order code in
  996–999 — the range GB 11643 reserves for centenarians, so never issued to a person
  born after 1926 — with its MOD 11-2 check character;
- bank card: a 16-digit UnionPay number (``62`` + 13 keyed digits + Luhn digit);
- birth date: the one inside the ID; name and address: the kinds' own generators seeded
  by the keyed stream.

A canary is *evidence*, and its weight is honest: :func:`chance` bounds the probability
that a row *not* derived from the canary shows the same characters, counting only the
characters drawn uniformly from the keyed stream (a region code or a surname, whose real
frequencies are unknown, counts for nothing).

This module never stores canaries: they are recomputed on demand.

>>> from boxguard.crypto.keys import Keyset
>>> from boxguard.trace.code import TardosCode
>>> code = TardosCode.from_keyset(Keyset.generate())
>>> a = canary(code, recipient=3, index=0)
>>> a == canary(code, 3, 0) != canary(code, 4, 0)
True
>>> from boxguard.kinds import get_kind
>>> checked = ("cn_mobile", "cn_resident_id", "bank_card", "birth_date")
>>> all(get_kind(k).is_valid(a[k]) for k in checked)
True
"""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import random
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from functools import lru_cache

from boxguard.kinds import get_kind
from boxguard.kinds._checks import luhn_digit, mod11_2, region_codes
from boxguard.trace.code import TardosCode
from boxguard.trace.embed import normalize

#: The kinds a canary holds, keyed by kind id.
CANARY_KINDS = ("person_name", "cn_mobile", "cn_resident_id", "bank_card", "birth_date", "address")
_FIRST_DAY = dt.date(1950, 1, 1)
_DAYS = (dt.date(2004, 12, 31) - _FIRST_DAY).days + 1
_YEARS = 2004 - 1950 + 1


class _Stream:
    """Keyed uniform integers (HMAC-SHA-256 in counter mode, rejection sampling)."""

    def __init__(self, key: bytes, label: bytes) -> None:
        self._key, self._label, self._n = key, label, 0

    def below(self, bound: int) -> int:
        limit = (1 << 64) - (1 << 64) % bound
        while True:
            self._n += 1
            block = hmac.new(
                self._key, self._label + self._n.to_bytes(8, "big"), hashlib.sha256
            ).digest()
            v = int.from_bytes(block[:8], "big")
            if v < limit:
                return v % bound

    def digits(self, n: int) -> str:
        return "".join(str(self.below(10)) for _ in range(n))


@lru_cache(maxsize=1)
def _regions() -> tuple[str, ...]:
    return tuple(sorted(c for c in region_codes() if not c.endswith("00")))


def canary(code: TardosCode, recipient: int, index: int) -> dict[str, str]:
    """Canary ``index`` of ``recipient``: unmasked values by kind id (render them as any row)."""
    s = _Stream(code.canary_key, f"canary:{recipient}:{index}:".encode())
    day = _FIRST_DAY + dt.timedelta(days=s.below(_DAYS))
    body = f"{_regions()[s.below(len(_regions()))]}{day:%Y%m%d}99{6 + s.below(4)}"
    card = "62" + s.digits(13)
    seeded = random.Random(s.below(1 << 62))  # names and addresses: the kinds' generators
    name_gen, addr_gen = get_kind("person_name").generate, get_kind("address").generate
    if name_gen is None or addr_gen is None:  # pragma: no cover - shipped kinds generate
        raise RuntimeError("the person_name and address kinds must have generators")
    return {
        "person_name": name_gen(seeded),
        "cn_mobile": f"1740{s.below(6)}{s.digits(6)}",
        "cn_resident_id": body + mod11_2(body),
        "bank_card": card + luhn_digit(card),
        "birth_date": day.isoformat(),
        "address": addr_gen(seeded),
    }


def canary_row(
    code: TardosCode, columns: Iterable[tuple[str, str]], recipient: int, index: int
) -> dict[str, str]:
    """A canary laid out in a release's columns ((column, kind id) pairs)."""
    person = canary(code, recipient, index)
    return {column: person[kind] for column, kind in columns if kind in person}


def _visible(text: str) -> str:
    return re.sub(r"[\s\-·./]", "", normalize(text)).upper()


def chance(leaked: Mapping[str, str], kinds: Mapping[str, str]) -> float:
    """Bound on P(a row not derived from a canary shows the canary's characters).

    ``leaked``: column → leaked text (already found compatible with the canary);
    ``kinds``: column → kind id. Only keyed-uniform characters count.

    >>> chance({"m": "174****5678", "c": "622*********1234"}, {"m": "cn_mobile", "c": "bank_card"})
    1e-09
    >>> chance({"n": "张*"}, {"n": "person_name"})
    1.0
    """
    p = 1.0
    for column, text in leaked.items():
        kind, t = kinds.get(column), _visible(text)
        m = re.fullmatch(r"([0-9X]*)\*+([0-9X]*)", t)
        if kind == "cn_mobile" and m and len(t) == 11:
            p *= 10.0 ** -min(len(m[2]), 6)
        elif kind == "bank_card" and m:
            p *= 10.0 ** -(max(len(m[1]) - 2, 0) + len(m[2]))
        elif kind == "cn_resident_id" and m and len(t) == 18 and len(m[2]) >= 2:
            p *= 0.25  # the last digit of the order code 996–999
        elif kind == "birth_date":
            y = re.match(r"(\d{3})([\d*])", t)
            p *= (1.0 / _YEARS) if y and y[2] != "*" else (10.0 / _YEARS) if y else 1.0
    return p


@dataclass(frozen=True)
class CanaryHit:
    """A leaked row that matched a canary of ``recipient``: record ``index`` of the release."""

    recipient: int
    index: int
    #: Bound on the probability that any of the leak's rows matched any canary by chance.
    p_list: float


def weigh(
    recipient: int,
    index: int,
    leaked: Mapping[str, str],
    kinds: Mapping[str, str],
    rows: int,
    canaries: int,
) -> CanaryHit:
    """A hit's weight: ``rows`` leaked × ``canaries`` released × :func:`chance` (union bound)."""
    return CanaryHit(recipient, index, min(1.0, rows * canaries * chance(leaked, kinds)))


def full_values(
    code: TardosCode, recipients: Iterable[int], per_recipient: int
) -> dict[str, tuple[int, int]]:
    """Every canary's unmasked mobile, ID and card number → (recipient, index).

    For a canary seen *unmasked* anywhere (a spam list, a scraped page): look its
    compact value up here. A number two canaries happen to share (birthday collisions
    of keyed draws) is left out: it could name either, so it names neither.
    """
    out: dict[str, tuple[int, int]] = {}
    shared: set[str] = set()
    for j in recipients:
        for i in range(per_recipient):
            c = canary(code, j, i)
            for kind in ("cn_mobile", "cn_resident_id", "bank_card"):
                value = c[kind]
                if value in out and out[value][0] != j:
                    shared.add(value)
                out.setdefault(value, (j, i))
    return {v: owner for v, owner in out.items() if v not in shared}
