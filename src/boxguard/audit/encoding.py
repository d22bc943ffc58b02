"""The canonical, versioned byte encoding of a recorded audit event (the Merkle leaf data).

An outside auditor recomputes a leaf hash from this spec alone (docs/audit.md), so the
encoding never changes within a version. Version 1 is one JSON object with exactly these
keys, in this (sorted) order, no whitespace, ASCII only::

    {"action":S,"actor":S,"client":S|null,"fields":[S,...],"outcome":S,"purpose":S|null,
     "record":S|null,"reference":S|null,"role":S|null,"rule":S|null,"seq":N,"time_us":N,"v":1}

``time_us`` is the event time in whole microseconds since 1970-01-01T00:00:00Z; ``seq``
and ``time_us`` are decimal integers. Strings are JSON strings where ``"`` and ``\\`` are
escaped with a backslash, ``\\b \\f \\n \\r \\t`` by their short escapes, and every other
character outside U+0020..U+007E by ``\\uXXXX`` (lowercase hex, UTF-16 code units, so a
character beyond U+FFFF is a surrogate pair) -- exactly Python's
``json.dumps(obj, sort_keys=True, separators=(",", ":"), ensure_ascii=True)``. Every
string is encodable (even a lone surrogate), so the encoding rejects no valid event.

This module never stores or logs anything; it holds no personal value of its own (events
carry ids and names, never values).

>>> from datetime import datetime, timezone
>>> e = AuditEvent(action="reveal", actor="li.clerk", outcome="ok", fields=("cn_mobile",))
>>> rec = RecordedEvent(0, datetime(2026, 1, 1, tzinfo=timezone.utc), e)
>>> encode_event(rec)[:60]
b'{"action":"reveal","actor":"li.clerk","client":null,"fields"'
>>> decode_event(encode_event(rec)) == rec
True
"""

from __future__ import annotations

import json
from datetime import datetime, timedelta, timezone
from typing import Any

from boxguard.audit.events import AuditEvent, Outcome, RecordedEvent
from boxguard.errors import InputError

#: the encoding version written in every leaf (``"v"``)
VERSION = 1

_EPOCH = datetime(1970, 1, 1, tzinfo=timezone.utc)
_US = timedelta(microseconds=1)
_OPTIONAL = ("client", "purpose", "record", "reference", "role", "rule")
_KEYS = frozenset(("action", "actor", "fields", "outcome", "seq", "time_us", "v", *_OPTIONAL))


def to_us(time: datetime) -> int:
    """Whole microseconds since the Unix epoch (UTC) of an aware datetime.

    >>> to_us(datetime(1970, 1, 1, 0, 0, 1, 5, tzinfo=timezone.utc))
    1000005
    """
    if time.tzinfo is None or time.utcoffset() is None:
        raise ValueError("audit times must be timezone-aware")
    return (time - _EPOCH) // _US


def from_us(us: int) -> datetime:
    """The UTC datetime of ``us`` microseconds since the Unix epoch (inverse of :func:`to_us`).

    >>> from_us(1000005).isoformat()
    '1970-01-01T00:00:01.000005+00:00'
    """
    return _EPOCH + timedelta(microseconds=us)


def event_object(rec: RecordedEvent) -> dict[str, Any]:
    """The JSON object of version 1 for ``rec`` (before serialization)."""
    e = rec.event
    return {
        "action": e.action,
        "actor": e.actor,
        "client": e.client,
        "fields": list(e.fields),
        "outcome": e.outcome,
        "purpose": e.purpose,
        "record": e.record,
        "reference": e.reference,
        "role": e.role,
        "rule": e.rule,
        "seq": rec.seq,
        "time_us": to_us(rec.time),
        "v": VERSION,
    }


def canonical(obj: dict[str, Any]) -> bytes:
    """Canonical serialization of an event object (sorted keys, no spaces, ASCII)."""
    return json.dumps(obj, sort_keys=True, separators=(",", ":"), ensure_ascii=True).encode("ascii")


def encode_event(rec: RecordedEvent) -> bytes:
    """The leaf data of ``rec``: deterministic, versioned, reproducible from the spec."""
    return canonical(event_object(rec))


def _opt_str(obj: dict[str, Any], key: str) -> str | None:
    v = obj[key]
    if v is not None and not isinstance(v, str):
        raise InputError(f"audit event field {key!r} must be a string or null")
    return v


def object_to_event(obj: object, leaf_hash: bytes = b"") -> RecordedEvent:
    """The recorded event of a version-1 event object; :class:`InputError` if malformed."""
    if not isinstance(obj, dict) or set(obj) != _KEYS:
        raise InputError("an audit event object must have exactly the version-1 keys")
    if obj["v"] != VERSION:
        raise InputError(f"unknown audit encoding version {obj['v']!r}")
    seq, us = obj["seq"], obj["time_us"]
    if type(seq) is not int or type(us) is not int or seq < 0:
        raise InputError("audit event seq and time_us must be integers (seq >= 0)")
    fields = obj["fields"]
    if not isinstance(fields, list) or not all(isinstance(f, str) for f in fields):
        raise InputError("audit event fields must be a list of strings")
    action, actor, outcome = obj["action"], obj["actor"], obj["outcome"]
    if not (isinstance(action, str) and isinstance(actor, str) and isinstance(outcome, str)):
        raise InputError("audit event action, actor and outcome must be strings")
    try:
        out: Outcome = outcome  # type: ignore[assignment]  # checked by AuditEvent
        event = AuditEvent(
            action=action,
            actor=actor,
            outcome=out,
            fields=tuple(fields),
            **{k: _opt_str(obj, k) for k in _OPTIONAL},
        )
        return RecordedEvent(seq, from_us(us), event, leaf_hash)
    except (ValueError, OverflowError) as err:
        raise InputError(f"malformed audit event: {err}") from None


def decode_event(data: bytes) -> RecordedEvent:
    """Parse leaf data back into a recorded event (strict: any other shape is an error)."""
    try:
        obj = json.loads(data)
    except ValueError:
        raise InputError("audit event data is not JSON") from None
    return object_to_event(obj)
