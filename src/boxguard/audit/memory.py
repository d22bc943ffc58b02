"""An in-memory audit log (tests, examples, dry runs): the same leaves and heads as the SQL log.

Never persists anything; a process that ends loses it.

>>> from datetime import datetime, timezone
>>> from boxguard.crypto.keys import Keyset
>>> from boxguard.crypto.signing import SigningKey
>>> log = MemoryAuditLog(SigningKey.from_keyset(Keyset.generate()),
...                      lambda: datetime(2026, 1, 1, tzinfo=timezone.utc))
>>> log.append(AuditEvent(action="reveal", actor="a", outcome="ok")).seq
0
>>> [e.seq for e in log.events(actor="a")]
[0]
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from datetime import datetime

from boxguard.audit.encoding import encode_event
from boxguard.audit.events import AuditEvent, RecordedEvent
from boxguard.audit.heads import GENESIS, SignedTreeHead, sign_head
from boxguard.audit.merkle import CompactTree, leaf_hash
from boxguard.crypto.provider import Signer
from boxguard.crypto.signing import VerifyKey


class MemoryAuditLog:
    """An in-memory audit log for tests and examples: the same leaves and heads as the SQL one."""

    def __init__(self, signer: Signer, now: Callable[[], datetime]) -> None:
        self._signer = signer
        self._now = now
        self._tree = CompactTree()
        self.recorded: list[RecordedEvent] = []
        self.heads: list[SignedTreeHead] = []

    @property
    def public_key(self) -> VerifyKey:
        return self._signer.public_key

    def append(self, event: AuditEvent) -> RecordedEvent:
        rec = RecordedEvent(len(self.recorded), self._now(), event)
        lh = leaf_hash(encode_event(rec))
        self._tree.append(lh)
        prev = self.heads[-1].hash() if self.heads else GENESIS
        self.heads.append(
            sign_head(self._signer, self._tree.size, self._tree.root(), rec.time, prev)
        )
        rec = RecordedEvent(rec.seq, rec.time, event, lh)
        self.recorded.append(rec)
        return rec

    def events(
        self,
        start: int = 0,
        stop: int | None = None,
        *,
        actor: str | None = None,
        record: str | None = None,
    ) -> Iterator[RecordedEvent]:
        for rec in self.recorded[start:stop]:
            if (actor is None or rec.event.actor == actor) and (
                record is None or rec.event.record == record
            ):
                yield rec
