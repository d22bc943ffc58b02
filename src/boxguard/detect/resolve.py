"""Resolve overlapping candidates once, so each character belongs to one finding.

Rules, in order: a higher ``tier`` wins (validated formats before model
guesses); then a higher ``priority``; then the longer span (a QQ number
inside an email is the email; a mobile inside an ID number is the ID); then
the higher score. Candidates below the threshold never compete.

The ranking is greedy: candidates are taken best first, each kept unless it
overlaps one kept before it. Two candidates can only affect each other through
a chain of overlaps, so the candidates are first cut into such chains (sorted
by start, a chain ends where the next one starts past every end so far) and
each chain is ranked alone: the same result as one global ranking, in
``O(n log n)`` for a text with hundreds of thousands of findings (a single-line
SQL dump) instead of a list insert per finding.

>>> from boxguard.detect.finding import Finding
>>> a = Finding(0, 18, "cn_resident_id", 0.99, (), "x" * 18)
>>> b = Finding(3, 14, "cn_mobile", 0.99, (), "x" * 11)
>>> [f.kind for f in resolve([b, a], {})]
['cn_resident_id']
"""

from __future__ import annotations

import bisect
from collections.abc import Callable, Iterable, Iterator, Mapping

from boxguard.detect.finding import Finding

Tier = Callable[[Finding], int]


def resolve(
    candidates: Iterable[Finding],
    priority: Mapping[str, int],
    tier: Tier = lambda _f: 0,
) -> list[Finding]:
    """Keep a non-overlapping subset of ``candidates``, ordered by start."""
    cands = candidates if isinstance(candidates, list) else list(candidates)
    if len(cands) <= _ONE_RANKING:
        return resolve_chain(cands, priority, tier)  # a record's few: one ranking is cheaper
    kept: list[Finding] = []
    for chain in overlap_chains(sorted(cands, key=lambda f: (f.start, f.end))):
        kept.extend(resolve_chain(chain, priority, tier))
    return kept


#: Up to this many candidates are ranked together (the same result, less bookkeeping).
_ONE_RANKING = 256


def overlap_chains(by_start: Iterable[Finding]) -> Iterator[list[Finding]]:
    """Cut candidates sorted by start into runs that no overlap connects to each other.

    A span ``(s, e)`` reaches ``max(e, s + 1)``: an empty span at the start of another
    counts as inside it, as the greedy check does.

    >>> from boxguard.detect.finding import Finding
    >>> fs = [Finding(s, e, "k", 1.0, (), "") for s, e in [(0, 4), (2, 6), (6, 8), (9, 9)]]
    >>> [[(f.start, f.end) for f in c] for c in overlap_chains(fs)]
    [[(0, 4), (2, 6)], [(6, 8)], [(9, 9)]]
    """
    chain: list[Finding] = []
    reach = 0
    for f in by_start:
        if chain and f.start >= reach:
            yield chain
            chain = []
        reach = max(reach, f.end, f.start + 1) if chain else max(f.end, f.start + 1)
        chain.append(f)
    if chain:
        yield chain


def resolve_chain(
    candidates: list[Finding], priority: Mapping[str, int], tier: Tier
) -> list[Finding]:
    """One chain of :func:`overlap_chains` ranked best first, each kept unless it overlaps one
    kept before it; ordered by start."""
    if len(candidates) < 2:
        return candidates
    ranked = sorted(
        candidates,
        key=lambda f: (-tier(f), -priority.get(f.kind, 0), -(f.end - f.start), -f.score, f.start),
    )
    starts: list[int] = []
    kept: list[Finding] = []
    for cand in ranked:
        i = bisect.bisect_right(starts, cand.start)
        if i > 0 and kept[i - 1].end > cand.start:
            continue
        if i < len(kept) and kept[i].start < cand.end:
            continue
        starts.insert(i, cand.start)
        kept.insert(i, cand)
    return kept
