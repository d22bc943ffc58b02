"""Accusation: who among the recipients produced a leak, and how sure we may be.

Škorić's symmetric Tardos score: at an observed position with bias ``p`` and observed
bit ``y``, recipient ``j`` holding ``x`` earns ``+√((1−p)/p)`` / ``−√(p/(1−p))`` when
``y = 1`` and ``x = 1`` / ``0``, and the mirror image when ``y = 0``. An *innocent*
recipient's bits are independent of the leak (they never reached it), so, given the
observed biases and bits, the innocent's score is a sum of independent, bounded,
zero-mean terms of variance 1 whose exact distribution is known: each term is
``√((1−q)/q)`` with probability ``q`` and ``−√(q/(1−q))`` otherwise, ``q`` being ``p``
when ``y = 1`` and ``1 − p`` when ``y = 0``. The bound on a score ``s``

    P(S ≥ s | innocent) ≤ min over λ>0 of exp(−λs) · Π E[exp(λ·term)]

is the exact Chernoff bound (computed on a grid of λ: any λ gives a valid bound, so
the grid only makes it more conservative). A verdict multiplies it by the number of
recipients scored (union bound): that is the probability that *some* innocent reaches
the score. It never depends on how the leak was made, so a leak of data never released,
a leak with no known records, or data fingerprinted with another key, comes out
inconclusive with probability at least ``1 − threshold``.

This module computes scores and bounds only; it never sees a personal value.

>>> from boxguard.crypto.keys import Keyset
>>> from boxguard.trace.code import TardosCode
>>> code = TardosCode.from_keyset(Keyset.generate())
>>> rng = np.random.default_rng(1)
>>> tags = rng.integers(0, 2**63, 200, dtype=np.uint64); slots = np.zeros(200, np.uint16)
>>> leak = Observations(tags, slots, code.codewords([7], tags, slots)[0].astype(np.uint8))
>>> v = accuse(code, leak, recipients=range(1000))
>>> v.status, v.named
('named', (7,))
>>> accuse(code, Observations.empty(), recipients=range(1000)).status
'inconclusive'
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Literal

import numpy as np
import numpy.typing as npt

from boxguard.errors import ConfigError
from boxguard.trace.code import F64, U16, U64, TardosCode

#: List-wide false-accusation probability at or below which a recipient is named.
NAME_AT = 1e-6
#: ... and at or below which a recipient is only suspected.
SUSPECT_AT = 1e-2

#: The λ grid of the Chernoff bound (log-spaced; terms are at most √((1−t)/t)).
LAMBDAS = np.geomspace(1e-3, 4.0, 160)

Status = Literal["named", "suspected", "inconclusive"]


@dataclass(frozen=True)
class Observations:
    """The bits read from a leak: one entry per distinct position (tag, slot).

    Build it with :meth:`collect`, which drops a position seen with both bits (that
    position's terms would sum to zero for every recipient anyway).
    """

    tags: U64
    slots: U16
    bits: npt.NDArray[np.uint8]

    @classmethod
    def empty(cls) -> Observations:
        return cls(np.zeros(0, np.uint64), np.zeros(0, np.uint16), np.zeros(0, np.uint8))

    @classmethod
    def collect(cls, seen: Iterable[tuple[int, int, int]]) -> Observations:
        """From (tag, slot, bit) triples, duplicates merged, conflicting positions dropped.

        >>> Observations.collect([(5, 0, 1), (5, 0, 1), (5, 1, 0), (5, 1, 1), (6, 0, 0)]).bits
        array([1, 0], dtype=uint8)
        """
        found: dict[tuple[int, int], int] = {}
        for tag, slot, bit in seen:
            key = (tag, slot)
            found[key] = bit if found.get(key, bit) == bit else -1
        kept = [(k, b) for k, b in found.items() if b >= 0]
        return cls(
            np.array([k[0] for k, _ in kept], dtype=np.uint64),
            np.array([k[1] for k, _ in kept], dtype=np.uint16),
            np.array([b for _, b in kept], dtype=np.uint8),
        )

    def __len__(self) -> int:
        return len(self.tags)


def term_values(p: F64, y: npt.NDArray[np.uint8]) -> tuple[F64, F64]:
    """Per position, the score for holding 1 and for holding 0 (symmetric Tardos)."""
    up = np.sqrt((1 - p) / p)
    down = np.sqrt(p / (1 - p))
    one = np.where(y == 1, up, -up)
    zero = np.where(y == 1, -down, down)
    return one, zero


def scores(code: TardosCode, leak: Observations, recipients: Iterable[int]) -> F64:
    """The symmetric Tardos score of each recipient (in the order given)."""
    rec = np.fromiter(recipients, dtype=np.int64)
    if len(leak) == 0:
        return np.zeros(len(rec))
    one, zero = term_values(code.biases(leak.tags, leak.slots), leak.bits)
    out = np.empty(len(rec))
    for start in range(0, len(rec), 256):  # bounded memory: 256 recipients at a time
        x = code.codewords(rec[start : start + 256], leak.tags, leak.slots)
        out[start : start + 256] = np.where(x, one, zero).sum(axis=1)
    return out


def log_mgf(q: F64, lambdas: F64 = LAMBDAS) -> F64:
    """log E[exp(λ S)] of an innocent's score, per λ (``q``: probability of the + term)."""
    a = np.sqrt((1 - q) / q)
    b = np.sqrt(q / (1 - q))
    lam = lambdas[:, None]
    terms = np.logaddexp(np.log(q) + lam * a, np.log1p(-q) - lam * b)
    return np.asarray(terms.sum(axis=1), dtype=np.float64)


def innocent_q(code: TardosCode, leak: Observations) -> F64:
    """Per observed position, the probability that an innocent's term is the + one."""
    p = code.biases(leak.tags, leak.slots)
    return np.where(leak.bits == 1, p, 1 - p)


def tail_bound(q: F64, s: npt.ArrayLike) -> F64:
    """Chernoff bound on P(innocent's score ≥ s), for each s.

    >>> q = np.full(100, 0.5)
    >>> float(tail_bound(q, [0.0])[0]), float(tail_bound(q, [40.0])[0]) < 1e-3
    (1.0, True)
    """
    s_arr = np.atleast_1d(np.asarray(s, dtype=np.float64))
    if len(q) == 0:
        return np.ones_like(s_arr)
    lm = log_mgf(q)
    logb = (lm[None, :] - LAMBDAS[None, :] * s_arr[:, None]).min(axis=1)
    return np.asarray(np.exp(np.minimum(logb, 0.0)), dtype=np.float64)


def threshold(q: F64, alpha: float) -> float:
    """The least score whose Chernoff bound (on the grid) is ≤ ``alpha``."""
    if not 0 < alpha < 1:
        raise ConfigError("alpha must be in (0, 1)")
    if len(q) == 0:
        return float("inf")
    return float(((log_mgf(q) - np.log(alpha)) / LAMBDAS).min())


@dataclass(frozen=True)
class Accused:
    """One recipient's line in a verdict."""

    recipient: int
    score: float
    #: Bound on an innocent reaching this score (one recipient).
    p_innocent: float
    #: ``p_innocent`` × recipients scored: bound on *any* innocent reaching it.
    p_list: float


@dataclass(frozen=True)
class Verdict:
    """The outcome of an accusation; ``ranking`` is every recipient, highest score first."""

    status: Status
    named: tuple[int, ...]
    suspected: tuple[int, ...]
    positions: int
    ranking: tuple[Accused, ...]
    name_at: float = NAME_AT
    suspect_at: float = SUSPECT_AT


def accuse(
    code: TardosCode,
    leak: Observations,
    recipients: Iterable[int],
    name_at: float = NAME_AT,
    suspect_at: float = SUSPECT_AT,
) -> Verdict:
    """Score every recipient and name those an innocent reaches with list-wide ≤ ``name_at``."""
    if not 0 < name_at <= suspect_at < 1:
        raise ConfigError("thresholds must satisfy 0 < name_at <= suspect_at < 1")
    rec = np.fromiter(recipients, dtype=np.int64)
    if len(np.unique(rec)) != len(rec):
        raise ConfigError("recipients must be distinct")
    sc = scores(code, leak, rec)
    p_one = tail_bound(innocent_q(code, leak), sc)
    p_list = np.minimum(p_one * max(len(rec), 1), 1.0)
    order = np.argsort(-sc, kind="stable")
    ranking = tuple(
        Accused(int(rec[i]), float(sc[i]), float(p_one[i]), float(p_list[i])) for i in order
    )
    named = tuple(a.recipient for a in ranking if a.p_list <= name_at)
    suspected = tuple(a.recipient for a in ranking if name_at < a.p_list <= suspect_at)
    status: Status = "named" if named else "suspected" if suspected else "inconclusive"
    return Verdict(status, named, suspected, len(leak), ranking, name_at, suspect_at)
