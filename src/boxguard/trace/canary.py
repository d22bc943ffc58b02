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
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
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


def canary_cell(
    code: TardosCode,
    recipient: int,
    index: int,
    column: str,
    kind: str | None,
    template: str,
    real: Sequence[str],
) -> str:
    """The value of canary ``index`` of ``recipient`` in a column the fingerprint leaves alone.

    ``template`` is the cell of a real row picked for the canary (its emptiness is kept,
    so a mostly empty column stays mostly empty), ``real`` the column's real cells.
    Never one of ``real`` when the column identifies (a kind, or values mostly distinct):

    - a kind the canary holds: the canary's own value (its ID, mobile, card…);
    - another kind with a generator: a keyed value of that kind (valid check digits);
    - a column of repeated values (a city, a gender, a level): a keyed choice among the
      values at least two real rows share — nobody's own;
    - an identifying column of text with digits (a customer number ``C100023``): the
      template with its last number redrawn within or just past the column's range;
    - anything else (free text only one person wrote): empty.

    >>> from boxguard.crypto.keys import Keyset
    >>> code = TardosCode.from_keyset(Keyset.generate())
    >>> ids = [f"C{100000 + i}" for i in range(50)]
    >>> v = canary_cell(code, 3, 0, "编号", None, ids[7], ids)
    >>> v[:5], len(v), v in ids
    ('C1000', 7, False)
    >>> levels = ["金卡", "金卡", "金卡", "银卡", "银卡", "钻石"]
    >>> canary_cell(code, 3, 0, "等级", None, "钻石", levels) in ("金卡", "银卡")
    True
    """
    if not template.strip():
        return ""
    person = canary(code, recipient, index)
    if kind in person:
        return person[kind]
    s = _Stream(code.canary_key, f"cell:{recipient}:{index}:{column}:".encode())
    taken = {_visible(v) for v in real if v.strip()}
    gen = get_kind(kind).generate if kind is not None else None
    if gen is None:
        counts = Counter(v for v in real if v.strip())
        if len(counts) <= len(real) / 2:  # values repeat: a category, nobody's own
            shared = sorted(v for v in real if counts.get(v, 0) >= 2)
            return shared[s.below(len(shared))] if shared else ""
    for attempt in range(32):
        value = (
            gen(random.Random(s.below(1 << 62)))
            if gen is not None
            else _serial(s, template, real, wide=attempt > 16)
        )
        if value is None:
            return ""
        if _visible(value) not in taken:
            return value
    return ""


def _serial(s: _Stream, template: str, real: Sequence[str], *, wide: bool) -> str | None:
    """``template`` with its last number redrawn: in the span the column's numbers of the
    same shape cover, or as far beyond it (a customer added later), else (``wide``) any
    number of its width; ``None`` when the template has no digits."""
    runs = list(re.finditer(r"\d+", template))
    if not runs:
        return None
    last = runs[-1]
    head, tail, width = template[: last.start()], template[last.end() :], len(last.group())
    peers = [
        int(mid)
        for v in real
        if v.startswith(head) and v.endswith(tail)
        for mid in [v[len(head) : len(v) - len(tail)]]
        if len(mid) == width and mid.isdigit()
    ]
    lo, hi = min(peers, default=0), max(peers, default=0)
    n = lo + s.below(2 * (hi - lo + 1))
    if wide or n >= 10**width:
        n = s.below(10**width)
    return f"{head}{n:0{width}d}{tail}"


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


def full_chance(value: str) -> float:
    """Probability, over the key, that one canary number equals ``value``: only its keyed
    draws count (mobile: the 1740[0-5] digit and 6 digits; ID: region, birth day and the
    order code's last digit; card: 13 digits).

    >>> full_chance("17403436218") == 1 / 6e6, full_chance("6212345678901234") == 1e-13
    (True, True)
    """
    if len(value) == 11:
        return 1 / 6e6
    if len(value) == 18:
        return 1 / (len(_regions()) * _DAYS * 4)
    return 1e-13


def full_bound(values: Iterable[str], positions: int, canaries: int) -> float:
    """Bound on P(a text not derived from one canary shows these of its numbers in full):
    a union over the ``canaries`` a list holds and, per number, over the ``positions`` it
    could start at in the text (the key is drawn independently of the text).

    >>> full_bound(["17403436218"], 11, 60) == 11 * 60 / 6e6
    True
    """
    p = float(canaries)
    for v in values:
        p *= positions * full_chance(v)
    return min(1.0, p)


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
