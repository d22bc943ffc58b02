"""Resolve overlapping candidates once, so each character belongs to one finding.

Rules, in order: a higher ``tier`` wins (validated formats before model
guesses); then a higher ``priority``; then the longer span (a QQ number
inside an email is the email; a mobile inside an ID number is the ID); then
the higher score. Candidates below the threshold never compete.

>>> from boxguard.detect.finding import Finding
>>> a = Finding(0, 18, "cn_resident_id", 0.99, (), "x" * 18)
>>> b = Finding(3, 14, "cn_mobile", 0.99, (), "x" * 11)
>>> [f.kind for f in resolve([b, a], {})]
['cn_resident_id']
"""

from __future__ import annotations

import bisect
from collections.abc import Callable, Iterable, Mapping

from boxguard.detect.finding import Finding


def resolve(
    candidates: Iterable[Finding],
    priority: Mapping[str, int],
    tier: Callable[[Finding], int] = lambda _f: 0,
) -> list[Finding]:
    """Keep a non-overlapping subset of ``candidates``, ordered by start."""
    if isinstance(candidates, list) and len(candidates) < 2:
        return candidates  # most texts: nothing to rank
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
