"""Verify an audit log: every event, its leaf hash, the tree, the head chain, the signature.

Input from any source (the database, an export file): events in ``seq`` order with the
leaf hashes the log stored, the signed heads in ``tree_size`` order (one per append), and
the public key(s). One pass recomputes every leaf and the root after every event and
compares them, with the head's time and its link to the head before it; then one Ed25519
signature -- the newest head's -- vouches for the whole chain. When something is wrong, a
binary search over the heads' signatures (O(log n) checks) finds the largest prefix of the
log a genuine signature still covers, and the result names the first event after it.

What the result can and cannot say (docs/audit.md): anyone with write access to the
database but without the signing key is caught, whatever they edit, delete, reorder or
insert; only cutting off the newest events together with their heads leaves a log that is
a genuine older log -- that is caught when the verifier passes a head it trusted earlier
(``trusted``: a head from an earlier verify or export).

Pure: reads no database and no file; never logs an event.

>>> from datetime import datetime, timezone
>>> from boxguard.audit.events import AuditEvent
>>> from boxguard.audit.memory import MemoryAuditLog
>>> from boxguard.crypto.keys import Keyset
>>> from boxguard.crypto.signing import SigningKey
>>> log = MemoryAuditLog(SigningKey.from_keyset(Keyset.generate()),
...                      lambda: datetime(2026, 1, 1, tzinfo=timezone.utc))
>>> for i in range(5):
...     _ = log.append(AuditEvent(action="reveal", actor=f"clerk{i}", outcome="ok"))
>>> verify_log(log.recorded, log.heads, log.public_key).ok
True
>>> log.recorded[2] = log.recorded[2].__class__(2, log.recorded[2].time,
...     AuditEvent(action="reveal", actor="someone.else", outcome="ok"), log.recorded[2].leaf_hash)
>>> r = verify_log(log.recorded, log.heads, log.public_key)
>>> r.ok, r.first_bad_seq
(False, 2)
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime
from itertools import zip_longest

from boxguard.audit.encoding import encode_event, from_us, to_us
from boxguard.audit.events import PrunedEvent, RecordedEvent
from boxguard.audit.heads import GENESIS, SignedTreeHead, head_payload
from boxguard.audit.merkle import CompactTree
from boxguard.crypto.signing import VerifyKey


@dataclass(frozen=True)
class VerifyResult:
    """What verification found.

    ``ok`` is true when every event is covered by a genuine signature and nothing is out
    of place. Otherwise ``first_bad_seq`` is the first seq that is not proven genuine (an
    edited, inserted or moved event, a missing one, or the event a bad head covers), and
    ``reason`` says what was seen there; ``first_bad_seq`` is None only when a trusted head
    disagrees with a log that is otherwise signed throughout (a fork: the whole history
    was replaced by someone holding the key, or restored from a backup and continued).
    ``events`` events passed the per-event checks; ``verified`` events (seq 0 ..
    verified-1) are proven genuine by ``head``, the newest genuine head (keep it: it is
    the ``trusted`` head of the next verification).
    """

    ok: bool
    events: int
    verified: int
    first_bad_seq: int | None
    reason: str
    head: SignedTreeHead | None


#: an event as verify reads it: seq, time in UTC microseconds, its canonical encoding
#: (the leaf data; None for a pruned event), and the leaf hash the log stored (empty if none)
LeafRow = tuple[int, int, bytes | None, bytes]
#: a signed head as verify reads it: tree_size, root_hash, timestamp_us, key_id, previous,
#: signature (the columns of the SQL table, in that order)
HeadRow = tuple[int, bytes, int, str, bytes, bytes]


def head_row(h: SignedTreeHead) -> HeadRow:
    return (h.tree_size, h.root_hash, to_us(h.timestamp), h.key_id, h.previous, h.signature)


def row_head(r: HeadRow) -> SignedTreeHead:
    return SignedTreeHead(r[0], r[1], from_us(r[2]), r[3], r[5], r[4])


class _Keys:
    def __init__(self, keys: VerifyKey | Iterable[VerifyKey]) -> None:
        self.map = (
            {keys.key_id: keys} if isinstance(keys, VerifyKey) else {k.key_id: k for k in keys}
        )

    def genuine(self, head: HeadRow | SignedTreeHead) -> bool:
        h = head if isinstance(head, SignedTreeHead) else row_head(head)
        key = self.map.get(h.key_id)
        return key is not None and h.verify(key)


def _prunable(n: int, pruned: int, time_us: int, stored: bytes, before: int | None) -> bool:
    """Whether event ``n`` may be pruned: every event before it is, it is older than
    ``before`` (now minus the retention), and its leaf hash is kept."""
    return n == pruned and before is not None and time_us < before and bool(stored)


def _scan(
    events: Iterable[LeafRow],
    heads: Iterable[HeadRow],
    keys: _Keys,
    pruned_before_us: int | None = None,
) -> tuple[list[HeadRow], str | None]:
    """Every cheap check; the heads that passed (sizes 1, 2, ...) and the first thing that
    did not, if any (it concerns seq ``len(chain)``).

    The first pass compares roots only at the end (the root after every event costs as
    much as the rest of the pass); when that or anything else fails, a second pass over
    the recomputed leaves finds the first head whose root differs.
    """
    tree = CompactTree()
    leaves: list[bytes] = []
    prev = GENESIS
    chain: list[HeadRow] = []
    anomaly: str | None = None
    pruned = 0
    sha = hashlib.sha256
    for event, head in zip_longest(events, heads):
        n = len(chain)
        if event is None:
            anomaly = (
                f"a signed head covers {head[0]} events but the log holds {n} "
                "(events deleted from the tail)"
            )
            break
        seq, time_us, data, stored = event
        if seq != n:
            anomaly = (
                f"event seq {n} is missing (deleted)"
                if seq > n
                else f"event seq {seq} appears again after seq {n - 1} (inserted or reordered)"
            )
            break
        # pruned (no data): only a prefix of the log, only past its retention
        if data is None and not _prunable(n, pruned, time_us, stored, pruned_before_us):
            anomaly = f"event seq {n} was emptied but is not past its retention (erased)"
            break
        lh = stored if data is None else sha(b"\x00" + data).digest()
        pruned += data is None
        if stored and stored != lh:
            anomaly = f"event seq {n} does not match its stored leaf hash (edited or moved)"
            break
        if head is None:
            anomaly = f"event seq {n} is covered by no signed head (added without the key)"
            break
        size, root, ts, kid, previous, sig = head
        if size != n + 1:
            anomaly = f"the signed head for tree size {n + 1} is missing (deleted or renumbered)"
            break
        if previous != prev:
            anomaly = f"the head for size {n + 1} does not chain to the one before (altered)"
            break
        if kid not in keys.map or len(root) != len(GENESIS):
            what = "names an unknown signing key" if kid not in keys.map else "has no 32-byte root"
            anomaly = f"the head for size {n + 1} {what} (altered)"
            break
        if ts != time_us:
            anomaly = _blame(head, n, "time", keys)
            break
        tree.append(lh)
        leaves.append(lh)
        prev = sha(head_payload(size, root, ts, previous, kid) + sig).digest()
        chain.append(head)
    if anomaly is None and (not chain or chain[-1][1] == tree.root()):
        return chain, None
    # roots: find the first head that does not match the tree as recomputed
    tree = CompactTree()
    for i, lh in enumerate(leaves):
        tree.append(lh)
        if chain[i][1] != tree.root():
            return chain[:i], _blame(chain[i], i, "root", keys)
    return chain, anomaly


def _blame(head: HeadRow, seq: int, what: str, keys: _Keys) -> str:
    """Whether the event or the head was changed, when they disagree."""
    if not keys.genuine(head):
        return f"the head for size {seq + 1} was altered (its signature does not hold)"
    return (
        f"event seq {seq} differs from what the head for size {seq + 1} signed ({what}): "
        "edited, moved or inserted"
    )


def _genuine_prefix(chain: Sequence[HeadRow], keys: _Keys) -> int:
    """The largest k such that chain[k-1] is genuine (0 if none). The chain makes "head k
    is genuine" monotone in k: a genuine head vouches for every older head byte for byte."""
    lo, hi = 0, len(chain)
    if hi and keys.genuine(chain[hi - 1]):
        return hi
    hi -= 1
    while lo < hi:
        mid = (lo + hi + 1) // 2
        if keys.genuine(chain[mid - 1]):
            lo = mid
        else:
            hi = mid - 1
    return lo


def verify_log(
    events: Iterable[RecordedEvent | PrunedEvent],
    heads: Iterable[SignedTreeHead],
    keys: VerifyKey | Iterable[VerifyKey],
    *,
    trusted: SignedTreeHead | None = None,
    pruned_before: datetime | None = None,
) -> VerifyResult:
    """Check ``events`` (seq order) against ``heads`` (tree_size order) and the public ``keys``.

    ``trusted`` is a head the verifier kept from earlier (a previous verify or export); a
    log shorter than it, or whose history differs from it, fails. Pruned events pass only
    as a prefix of the log and only older than ``pruned_before`` (now minus the
    retention); without it, a pruned event fails.
    """
    rows = (
        (e.seq, to_us(e.time), None, e.leaf_hash)
        if isinstance(e, PrunedEvent)
        else (e.seq, to_us(e.time), encode_event(e), e.leaf_hash)
        for e in events
    )
    return verify_rows(
        rows, (head_row(h) for h in heads), keys, trusted=trusted, pruned_before=pruned_before
    )


def verify_rows(
    events: Iterable[LeafRow],
    heads: Iterable[HeadRow],
    keys: VerifyKey | Iterable[VerifyKey],
    *,
    trusted: SignedTreeHead | None = None,
    pruned_before: datetime | None = None,
) -> VerifyResult:
    """:func:`verify_log` over rows as a store reads them (no event objects built)."""
    k = _Keys(keys)
    before = None if pruned_before is None else to_us(pruned_before)
    chain, anomaly = _scan(events, heads, k, before)
    n = len(chain)
    if anomaly is None and trusted is not None and trusted.tree_size > n:
        anomaly = (
            f"a trusted head covers {trusted.tree_size} events but the log holds {n} "
            "(events and heads cut from the tail)"
        )
    good = _genuine_prefix(chain, k)
    best = row_head(chain[good - 1]) if good else None
    if good < n:
        anomaly = (
            f"the head for size {good + 1} has no valid signature by a known key: events from "
            f"seq {good} on, or their heads, were rewritten without the signing key"
        )
    if anomaly is not None:
        return VerifyResult(False, n, good, good, anomaly, best)
    if trusted is not None:
        t = trusted.tree_size
        if not k.genuine(trusted):
            return VerifyResult(False, n, n, None, "the trusted head has no valid signature", best)
        if t and chain[t - 1][1] != trusted.root_hash:
            reason = f"the log's history differs from the trusted head for size {t} (a fork)"
            return VerifyResult(False, n, n, None, reason, best)
    return VerifyResult(True, n, n, None, "ok", best)
