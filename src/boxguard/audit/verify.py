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

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from boxguard.audit.encoding import encode_event
from boxguard.audit.events import RecordedEvent
from boxguard.audit.heads import GENESIS, SignedTreeHead
from boxguard.audit.merkle import CompactTree, leaf_hash
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
    ``verified`` events (seq 0 .. verified-1) are proven genuine by ``head``.
    """

    ok: bool
    events: int
    verified: int
    first_bad_seq: int | None
    reason: str
    head: SignedTreeHead | None


class _Keys:
    def __init__(self, keys: VerifyKey | Iterable[VerifyKey]) -> None:
        self.map = (
            {keys.key_id: keys} if isinstance(keys, VerifyKey) else {k.key_id: k for k in keys}
        )

    def genuine(self, head: SignedTreeHead) -> bool:
        key = self.map.get(head.key_id)
        return key is not None and head.verify(key)


def _scan(
    events: Iterable[RecordedEvent], heads: Iterable[SignedTreeHead], keys: _Keys
) -> tuple[list[SignedTreeHead], str | None]:
    """One pass of every cheap check; the heads that passed (sizes 1, 2, ...) and the
    first thing that did not, if any (it concerns seq ``len(chain)``)."""
    head_it = iter(heads)
    tree = CompactTree()
    prev = GENESIS
    chain: list[SignedTreeHead] = []
    for ev in events:
        n = len(chain)
        if ev.seq != n:
            if ev.seq > n:
                return chain, f"event seq {n} is missing (deleted)"
            return (
                chain,
                f"event seq {ev.seq} appears again after seq {n - 1} (inserted or reordered)",
            )
        lh = leaf_hash(encode_event(ev))
        if ev.leaf_hash and ev.leaf_hash != lh:
            return chain, f"event seq {n} does not match its stored leaf hash (edited or moved)"
        tree.append(lh)
        head = next(head_it, None)
        if head is None:
            return chain, f"event seq {n} is covered by no signed head (added without the key)"
        if head.tree_size != n + 1:
            return (
                chain,
                f"the signed head for tree size {n + 1} is missing (deleted or renumbered)",
            )
        if head.previous != prev:
            return chain, f"the head for size {n + 1} does not chain to the one before (altered)"
        if head.key_id not in keys.map:
            return chain, f"the head for size {n + 1} names an unknown signing key"
        root = tree.root()
        if head.root_hash != root or head.timestamp != ev.time:
            if not keys.genuine(head):
                return chain, f"the head for size {n + 1} was altered (its signature does not hold)"
            what = "root" if head.root_hash != root else "time"
            return chain, (
                f"event seq {n} differs from what the head for size {n + 1} signed ({what}): "
                "edited, moved or inserted"
            )
        prev = head.hash()
        chain.append(head)
    extra = next(head_it, None)
    if extra is not None:
        return chain, (
            f"a signed head covers {extra.tree_size} events but the log holds {len(chain)} "
            "(events deleted from the tail)"
        )
    return chain, None


def _genuine_prefix(chain: Sequence[SignedTreeHead], keys: _Keys) -> int:
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
    events: Iterable[RecordedEvent],
    heads: Iterable[SignedTreeHead],
    keys: VerifyKey | Iterable[VerifyKey],
    *,
    trusted: SignedTreeHead | None = None,
) -> VerifyResult:
    """Check ``events`` (seq order) against ``heads`` (tree_size order) and the public ``keys``.

    ``trusted`` is a head the verifier kept from earlier (a previous verify or export); a
    log shorter than it, or whose history differs from it, fails.
    """
    k = _Keys(keys)
    chain, anomaly = _scan(events, heads, k)
    n = len(chain)
    if anomaly is None and trusted is not None and trusted.tree_size > n:
        anomaly = (
            f"a trusted head covers {trusted.tree_size} events but the log holds {n} "
            "(events and heads cut from the tail)"
        )
    good = _genuine_prefix(chain, k)
    best = chain[good - 1] if good else None
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
        if t and chain[t - 1].root_hash != trusted.root_hash:
            reason = f"the log's history differs from the trusted head for size {t} (a fork)"
            return VerifyResult(False, n, n, None, reason, best)
    return VerifyResult(True, n, n, None, "ok", best)
