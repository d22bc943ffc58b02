"""Audit events and the port of the log that keeps them.

>>> e = AuditEvent(action="reveal", actor="li.clerk", role="front_desk",
...                outcome="denied", rule="no grant", record="r-3f9a", fields=("cn_mobile",),
...                purpose="delivery")
>>> e.outcome, e.fields
('denied', ('cn_mobile',))
>>> AuditEvent(action="reveal", actor="a", outcome="maybe")
Traceback (most recent call last):
...
ValueError: unknown outcome 'maybe'
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime
from typing import Literal, Protocol, get_args

#: how an audited action ended
Outcome = Literal["ok", "denied", "error"]
_OUTCOMES = frozenset(get_args(Outcome))


@dataclass(frozen=True)
class AuditEvent:
    """One audited action, as the caller states it (the log adds sequence and time).

    ``record`` is a keyed pseudonymous id of the person or object, never a
    value; ``fields`` are kind ids or column names; ``rule`` names the rule
    that denied an action (or what failed).
    """

    action: str
    actor: str
    outcome: Outcome
    role: str | None = None
    record: str | None = None
    fields: tuple[str, ...] = ()
    purpose: str | None = None
    reference: str | None = None
    rule: str | None = None
    client: str | None = None

    def __post_init__(self) -> None:
        if self.outcome not in _OUTCOMES:
            raise ValueError(f"unknown outcome {self.outcome!r}")


@dataclass(frozen=True)
class RecordedEvent:
    """An event as the log holds it: its sequence number (from 0) and time.

    ``leaf_hash`` is the Merkle leaf hash the log stored for the event (32 bytes), or
    empty when not known; :mod:`boxguard.audit.verify` recomputes it and compares.
    """

    seq: int
    time: datetime
    event: AuditEvent
    leaf_hash: bytes = b""


@dataclass(frozen=True)
class PrunedEvent:
    """An event past its retention whose content was erased (``audit prune``): only its
    place in the log, its time and its leaf hash stay, so the tree and every signed head
    still verify (docs/audit.md, *Retention*)."""

    seq: int
    time: datetime
    leaf_hash: bytes


class AuditLog(Protocol):
    """Where events go. ``append`` raises :class:`boxguard.errors.StorageError` when the
    event was not stored; callers fail closed."""

    def append(self, event: AuditEvent) -> RecordedEvent: ...

    def events(
        self,
        start: int = 0,
        stop: int | None = None,
        *,
        actor: str | None = None,
        record: str | None = None,
    ) -> Iterator[RecordedEvent]: ...
