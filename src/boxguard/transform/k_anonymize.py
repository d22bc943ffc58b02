"""Reach a target k by generalizing quasi-identifiers (global recoding, as ARX does).

Each quasi-identifier column gets a *ladder* of ever coarser ``generalize``
levels ending in ``*``, the one its kind declares (birth date → year → decade → *;
postal code → 5, 4, 3, 2 digits → *; address → community … province → *; any
other column → as is → *). :func:`search` tries the combinations of levels from the least
information lost to the most and returns the first that leaves every class
at least ``k`` records, allowing at most ``max_suppression`` of the records
to be suppressed (their quasi-identifiers replaced by ``*``). Pure: the
caller supplies the distinct quasi-identifier tuples with their counts.

>>> counts = {("1990-05-17", "男", "100020"): 3, ("1990-08-02", "男", "100021"): 2}
>>> ladders = [ladder("出生日期", "birth_date"), ladder("性别", None)]
>>> s = search(counts, [*ladders, ladder("邮编", "postal_code")], k=5)
>>> s.level_names, s.k, s.suppressed
({'出生日期': 'year', '性别': 'as is', '邮编': '5 digits'}, 5, 0)
"""

from __future__ import annotations

import itertools
from collections import Counter
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from functools import partial

from boxguard.kinds import get_kind, kind_ids
from boxguard.kinds._model import Coarsening

SUPPRESSED = "*"


@dataclass(frozen=True)
class Ladder:
    """Generalization levels of one column; level 0 keeps the value, the last is ``*``."""

    column: str
    names: tuple[str, ...]
    steps: tuple[Callable[[str], str], ...]


def _keep(value: str) -> str:
    return value


def _star(_value: str) -> str:
    return SUPPRESSED


def _coarsen(rule: Callable[[str, Coarsening], str], how: Coarsening, value: str) -> str:
    return rule(value, how)


def ladder(column: str, kind_id: str | None) -> Ladder:
    """The ladder for a column holding ``kind_id``: the kind's own (``Kind.generalize``)
    between ``as is`` and ``*``; a kind without one, or None: as is, then ``*``."""
    general = get_kind(kind_id).generalize if kind_id in kind_ids() else None
    levels = general.ladder if general is not None else ()
    names = ("as is", *(n for n, _ in levels), SUPPRESSED)
    middle: list[Callable[[str], str]] = [
        partial(_coarsen, general.rule, how) for _, how in levels if general is not None
    ]
    steps = (_keep, *middle, _star)
    return Ladder(column, names, steps)


@dataclass(frozen=True)
class Solution:
    levels: dict[str, int]
    level_names: dict[str, str]
    #: the smallest class kept; None without records
    k: int | None
    records: int
    suppressed: int
    #: False when even ``*`` everywhere leaves fewer than k records (a table smaller than k);
    #: True for a table without records (no class is below k)
    reached: bool
    #: (ladder index, value) → generalized value, for every distinct value seen
    mapping: dict[tuple[int, str], str]

    def apply(self, values: Sequence[str]) -> tuple[str, ...]:
        """Generalize one record's quasi-identifiers (suppression is the caller's: class size)."""
        return tuple(self.mapping[(i, v)] for i, v in enumerate(values))


def search(
    counts: Mapping[tuple[str, ...], int],
    ladders: Sequence[Ladder],
    k: int,
    max_suppression: float = 0.0,
) -> Solution:
    """The least generalization reaching ``k`` with at most ``max_suppression`` suppressed."""
    records = sum(counts.values())
    allowed = int(max_suppression * records)
    columns = [sorted({t[i] for t in counts}) for i in range(len(ladders))]
    cache: dict[tuple[int, int, str], str] = {}

    def gen(i: int, level: int, value: str) -> str:
        key = (i, level, value)
        if key not in cache:
            cache[key] = ladders[i].steps[level](value)
        return cache[key]

    combos = sorted(
        itertools.product(*(range(len(lad.steps)) for lad in ladders)),
        key=lambda c: (
            sum(lv / (len(lad.steps) - 1) for lv, lad in zip(c, ladders, strict=True)),
            c,
        ),
    )
    for combo in combos:
        classes: Counter[tuple[str, ...]] = Counter()
        for t, n in counts.items():
            pairs = enumerate(zip(combo, t, strict=True))
            classes[tuple(gen(i, lv, v) for i, (lv, v) in pairs)] += n
        small = sum(n for n in classes.values() if n < k)
        reached = small <= allowed and (small < records or records == 0)
        if reached or records == 0 or combo == combos[-1]:
            kept = [n for n in classes.values() if n >= k] or list(classes.values())
            return Solution(
                levels={lad.column: lv for lad, lv in zip(ladders, combo, strict=True)},
                level_names={
                    lad.column: lad.names[lv] for lad, lv in zip(ladders, combo, strict=True)
                },
                k=min(kept, default=None),
                records=records,
                suppressed=small if reached else 0,
                reached=reached,
                mapping={
                    (i, v): gen(i, combo[i], v) for i, values in enumerate(columns) for v in values
                },
            )
    raise AssertionError("unreachable: the loop returns at the last combination")
