"""The canonical event encoding: reproducible from its written spec, injective, total."""

from __future__ import annotations

import json
from datetime import datetime, timedelta, timezone

import pytest
from hypothesis import given
from hypothesis import strategies as st

from boxguard.audit.encoding import (
    decode_event,
    encode_event,
    event_object,
    from_us,
    object_to_event,
    to_us,
)
from boxguard.audit.events import AuditEvent, RecordedEvent
from boxguard.errors import InputError

ANY_TEXT = st.text(st.characters(exclude_categories=()), max_size=20)  # surrogates too
OPT = st.none() | ANY_TEXT
TIMES = st.datetimes(
    min_value=datetime(1900, 1, 1), max_value=datetime(2200, 1, 1), timezones=st.just(timezone.utc)
)
EVENTS = st.builds(
    AuditEvent,
    action=ANY_TEXT,
    actor=ANY_TEXT,
    outcome=st.sampled_from(["ok", "denied", "error"]),
    role=OPT,
    record=OPT,
    fields=st.lists(ANY_TEXT, max_size=4).map(tuple),
    purpose=OPT,
    reference=OPT,
    rule=OPT,
    client=OPT,
)
RECORDS = st.builds(RecordedEvent, st.integers(0, 2**62), TIMES, EVENTS)


def _spec_string(s: str) -> str:
    """The string rule of docs/audit.md, written independently of the json module."""
    short = {
        '"': '\\"',
        "\\": "\\\\",
        "\b": "\\b",
        "\f": "\\f",
        "\n": "\\n",
        "\r": "\\r",
        "\t": "\\t",
    }
    out = []
    for ch in s:
        if ch in short:
            out.append(short[ch])
        elif " " <= ch <= "~":
            out.append(ch)
        else:
            units = ch.encode("utf-16-be", "surrogatepass")
            out += [f"\\u{units[i]:02x}{units[i + 1]:02x}" for i in range(0, len(units), 2)]
    return '"' + "".join(out) + '"'


def _spec_encode(rec: RecordedEvent) -> bytes:
    """The whole version-1 encoding as the spec states it (keys in sorted order)."""
    e = rec.event

    def val(v: object) -> str:
        if v is None:
            return "null"
        if isinstance(v, str):
            return _spec_string(v)
        if isinstance(v, int):
            return str(v)
        assert isinstance(v, tuple)
        return "[" + ",".join(_spec_string(x) for x in v) + "]"

    pairs = {
        "action": e.action, "actor": e.actor, "client": e.client, "fields": e.fields,
        "outcome": e.outcome, "purpose": e.purpose, "record": e.record,
        "reference": e.reference, "role": e.role, "rule": e.rule, "seq": rec.seq,
        "time_us": to_us(rec.time), "v": 1,
    }  # fmt: skip
    body = ",".join(f'"{k}":{val(pairs[k])}' for k in sorted(pairs))
    return ("{" + body + "}").encode("ascii")


def test_a_worked_example_byte_for_byte() -> None:
    rec = RecordedEvent(
        7,
        datetime(2026, 3, 1, 8, 30, 0, 123456, tzinfo=timezone(timedelta(hours=8))),
        AuditEvent(
            action="reveal", actor="李.clerk", role="front_desk", outcome="ok",
            record="r-3f9a", fields=("cn_mobile", "name"), purpose="delivery",
        ),
    )  # fmt: skip
    assert encode_event(rec) == (
        b'{"action":"reveal","actor":"\\u674e.clerk","client":null,'
        b'"fields":["cn_mobile","name"],"outcome":"ok","purpose":"delivery",'
        b'"record":"r-3f9a","reference":null,"role":"front_desk","rule":null,'
        b'"seq":7,"time_us":1772325000123456,"v":1}'
    )


@given(RECORDS)
def test_the_written_spec_reproduces_the_encoding(rec: RecordedEvent) -> None:
    assert encode_event(rec) == _spec_encode(rec)


@given(RECORDS)
def test_round_trip_and_ascii(rec: RecordedEvent) -> None:
    data = encode_event(rec)
    assert data.isascii()
    assert decode_event(data) == rec
    assert object_to_event(json.loads(data), b"x") == RecordedEvent(
        rec.seq, rec.time, rec.event, b"x"
    )


@given(RECORDS, RECORDS)
def test_different_events_encode_differently(a: RecordedEvent, b: RecordedEvent) -> None:
    assert (encode_event(a) == encode_event(b)) == (a == b)


def test_the_stored_leaf_hash_is_not_part_of_the_encoding() -> None:
    t = datetime(2026, 1, 1, tzinfo=timezone.utc)
    e = AuditEvent(action="a", actor="b", outcome="ok")
    assert encode_event(RecordedEvent(1, t, e)) == encode_event(RecordedEvent(1, t, e, b"h" * 32))


def test_times_are_utc_microseconds_and_must_be_aware() -> None:
    t = datetime(2026, 1, 1, 8, tzinfo=timezone(timedelta(hours=8)))
    assert to_us(t) == to_us(datetime(2026, 1, 1, tzinfo=timezone.utc))
    assert from_us(to_us(t)) == t
    assert to_us(datetime(1969, 12, 31, 23, 59, 59, 999999, tzinfo=timezone.utc)) == -1
    with pytest.raises(ValueError, match="timezone-aware"):
        to_us(datetime(2026, 1, 1))


@pytest.mark.parametrize(
    "change",
    [
        {"v": 2},
        {"seq": -1},
        {"seq": "1"},
        {"seq": True},
        {"time_us": 1.5},
        {"fields": "cn_mobile"},
        {"fields": [1]},
        {"actor": None},
        {"role": 3},
        {"outcome": "maybe"},
        {"extra": 1},
    ],
)
def test_malformed_objects_are_refused(change: dict[str, object]) -> None:
    rec = RecordedEvent(0, from_us(0), AuditEvent(action="a", actor="b", outcome="ok"))
    obj = {**event_object(rec), **change}
    with pytest.raises(InputError):
        object_to_event(obj)


def test_missing_keys_and_non_json_are_refused() -> None:
    rec = RecordedEvent(0, from_us(0), AuditEvent(action="a", actor="b", outcome="ok"))
    obj = event_object(rec)
    del obj["client"]
    with pytest.raises(InputError):
        object_to_event(obj)
    with pytest.raises(InputError, match="not JSON"):
        decode_event(b"{")
    with pytest.raises(InputError):
        object_to_event([1, 2])
