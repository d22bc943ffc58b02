"""verify_log on an in-memory log: every kind of tampering at every position is caught and
the first bad seq is named; the export file verifies with the public key alone."""

from __future__ import annotations

import dataclasses
import json
import random
from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest

from boxguard.audit.encoding import encode_event
from boxguard.audit.events import AuditEvent, RecordedEvent
from boxguard.audit.export import verify_export, write_export
from boxguard.audit.heads import GENESIS, SignedTreeHead
from boxguard.audit.memory import MemoryAuditLog
from boxguard.audit.merkle import CompactTree, leaf_hash
from boxguard.audit.verify import verify_log
from boxguard.crypto.keys import Keyset
from boxguard.crypto.signing import SigningKey
from boxguard.errors import InputError

N = 60
KS = Keyset.generate()
SIGNER = SigningKey.from_keyset(KS)
PUB = SIGNER.public_key


class _Clock:
    def __init__(self) -> None:
        self.t = datetime(2026, 1, 1, tzinfo=timezone.utc)

    def __call__(self) -> datetime:
        self.t += timedelta(milliseconds=7)
        return self.t


def _log(n: int = N, actor: str = "clerk") -> tuple[list[RecordedEvent], list[SignedTreeHead]]:
    log = MemoryAuditLog(SIGNER, _Clock())
    for i in range(n):
        log.append(
            AuditEvent(
                action="reveal" if i % 3 else "show",
                actor=f"{actor}{i % 7}",
                outcome="denied" if i % 5 == 0 else "ok",
                role="front_desk",
                record=f"r-{i:04x}",
                fields=("cn_mobile",),
                purpose="delivery",
            )
        )
    return list(log.recorded), list(log.heads)


def _edit(rec: RecordedEvent, *, rehash: bool) -> RecordedEvent:
    e = dataclasses.replace(rec.event, actor="mallory")
    new = RecordedEvent(rec.seq, rec.time, e, rec.leaf_hash)
    if rehash:
        new = dataclasses.replace(new, leaf_hash=leaf_hash(encode_event(new)))
    return new


def _rechain(events: list[RecordedEvent], heads: list[SignedTreeHead], start: int) -> None:
    """What a thorough attacker without the key does: recompute every root and link from
    head ``start`` (index) on, keeping the old signatures (they cannot make new ones)."""
    tree = CompactTree()
    for rec in events[:start]:
        tree.append(leaf_hash(encode_event(rec)))
    prev = heads[start - 1].hash() if start else GENESIS
    for i in range(start, len(heads)):
        tree.append(leaf_hash(encode_event(events[i])))
        heads[i] = dataclasses.replace(heads[i], root_hash=tree.root(), previous=prev)
        prev = heads[i].hash()


def _first_bad(
    events: list[RecordedEvent], heads: list[SignedTreeHead], **kw: object
) -> int | None:
    r = verify_log(events, heads, PUB, **kw)  # type: ignore[arg-type]
    assert not r.ok
    assert r.reason
    assert r.verified == r.first_bad_seq or r.first_bad_seq is None
    return r.first_bad_seq


def test_an_untouched_log_verifies_and_every_head_is_genuine() -> None:
    events, heads = _log()
    r = verify_log(events, heads, PUB)
    assert r.ok
    assert r.events == r.verified == N
    assert r.first_bad_seq is None
    assert r.head == heads[-1]
    assert all(h.verify(PUB) for h in heads)
    assert verify_log([], [], PUB).ok


def test_the_wrong_public_key_fails() -> None:
    events, heads = _log(5)
    r = verify_log(events, heads, SigningKey.from_keyset(Keyset.generate()).public_key)
    assert not r.ok
    assert r.first_bad_seq == 0


@pytest.mark.parametrize("rehash", [False, True])
def test_an_edited_event_is_named(rehash: bool) -> None:
    base_events, heads = _log()
    for p in range(N):
        events = list(base_events)
        events[p] = _edit(events[p], rehash=rehash)
        assert _first_bad(events, heads) == p


def test_an_edit_with_every_hash_and_link_rewritten_is_found_by_the_signatures() -> None:
    base_events, base_heads = _log()
    for p in range(N):
        events, heads = list(base_events), list(base_heads)
        events[p] = _edit(events[p], rehash=True)
        _rechain(events, heads, p)
        assert _first_bad(events, heads) == p


def test_a_deleted_event_is_named() -> None:
    events, heads = _log()
    for p in range(N):
        assert _first_bad(events[:p] + events[p + 1 :], heads) == p


def test_reordered_events_are_named() -> None:
    events, heads = _log()
    rng = random.Random(7)
    for _ in range(60):
        p, q = sorted(rng.sample(range(N), 2))
        swapped = list(events)
        # swap the seq of two rows, as an UPDATE would; storage order follows seq
        swapped[p] = dataclasses.replace(events[q], seq=p)
        swapped[q] = dataclasses.replace(events[p], seq=q)
        assert _first_bad(swapped, heads) == p
        # the same with the rows' contents swapped and every hash recomputed
        swapped = [*events]
        swapped[p] = dataclasses.replace(events[q], seq=p)
        swapped[q] = dataclasses.replace(events[p], seq=q)
        swapped = [dataclasses.replace(r, leaf_hash=leaf_hash(encode_event(r))) for r in swapped]
        hs = list(heads)
        _rechain(swapped, hs, p)
        assert _first_bad(swapped, hs) == p


def test_inserted_events_are_named() -> None:
    events, heads = _log()
    forged = RecordedEvent(N, events[-1].time, dataclasses.replace(events[0].event, actor="m"))
    forged = dataclasses.replace(forged, leaf_hash=leaf_hash(encode_event(forged)))
    assert _first_bad([*events, forged], heads) == N
    # ... with a head of their own making (right root and link, no valid signature)
    tree = CompactTree()
    for r in [*events, forged]:
        tree.append(r.leaf_hash)
    fake = SignedTreeHead(
        N + 1, tree.root(), forged.time, heads[-1].key_id, bytes(64), heads[-1].hash()
    )
    assert _first_bad([*events, forged], [*heads, fake]) == N
    # ... in the middle, the later events moved up one seq
    for p in range(N):
        shifted = [
            *events[:p],
            dataclasses.replace(forged, seq=p),
            *(dataclasses.replace(r, seq=r.seq + 1) for r in events[p:]),
        ]
        assert _first_bad(shifted, heads) == p
    # ... or a duplicate seq
    assert _first_bad([*events[:10], events[9], *events[10:]], heads) == 10


@pytest.mark.parametrize(
    "change",
    [
        lambda _: {"root_hash": bytes(32)},
        lambda h: {"timestamp": h.timestamp + timedelta(seconds=1)},
        lambda h: {"signature": bytes([h.signature[0] ^ 4]) + h.signature[1:]},
        lambda _: {"previous": b"\x01" * 32},
        lambda _: {"key_id": "0123456789abcdef"},
        lambda h: {"tree_size": h.tree_size + 1000},
    ],
    ids=["root", "timestamp", "signature", "previous", "key_id", "tree_size"],
)
def test_an_edited_head_is_named(change: object) -> None:
    events, base = _log()
    for k in range(1, N + 1):  # the head for size k covers seq k-1
        heads = list(base)
        heads[k - 1] = dataclasses.replace(heads[k - 1], **change(heads[k - 1]))  # type: ignore[operator]
        if heads[k - 1].tree_size != k:
            heads.sort(key=lambda h: h.tree_size)
        assert _first_bad(events, heads) == k - 1, k


def test_a_deleted_head_is_named() -> None:
    events, heads = _log()
    for k in range(1, N + 1):
        assert _first_bad(events, heads[: k - 1] + heads[k:]) == k - 1


def test_a_cut_tail_is_caught() -> None:
    events, heads = _log()
    for t in range(1, N):
        # events deleted, their heads left: caught from the log alone
        assert _first_bad(events[: N - t], heads) == N - t
        # events and heads deleted: the log is a genuine older log; only a head the
        # verifier kept earlier catches it
        assert verify_log(events[: N - t], heads[: N - t], PUB).ok
        assert _first_bad(events[: N - t], heads[: N - t], trusted=heads[-1]) == N - t


def test_a_trusted_head_from_another_history_is_a_fork() -> None:
    events, heads = _log()
    r = verify_log(events, heads, PUB, trusted=heads[20])
    assert r.ok
    _, other_heads = _log(30, actor="nurse")  # same key, another history
    r = verify_log(events, heads, PUB, trusted=other_heads[20])
    assert not r.ok
    assert r.first_bad_seq is None
    assert "fork" in r.reason
    unsigned = dataclasses.replace(heads[20], signature=bytes(64))
    assert not verify_log(events, heads, PUB, trusted=unsigned).ok


def test_signatures_checked_are_logarithmic(monkeypatch: pytest.MonkeyPatch) -> None:
    events, heads = _log()
    calls = []
    real = SignedTreeHead.verify

    def counting(self: SignedTreeHead, key: object) -> bool:
        calls.append(self.tree_size)
        return real(self, key)  # type: ignore[arg-type]

    monkeypatch.setattr(SignedTreeHead, "verify", counting)
    assert verify_log(events, heads, PUB).ok
    assert calls == [N]
    calls.clear()
    events[3] = _edit(events[3], rehash=True)
    _rechain(events, heads, 3)
    assert verify_log(events, heads, PUB).first_bad_seq == 3
    assert len(calls) <= 2 + N.bit_length()


def test_export_verifies_with_the_public_key_alone(tmp_path: Path) -> None:
    events, heads = _log()
    path = tmp_path / "audit.jsonl"
    assert write_export(path, events, heads, [PUB]) == N
    r = verify_export(path, PUB)
    assert r.ok
    assert r.verified == N
    header = json.loads(path.read_text().splitlines()[0])
    assert header["public_keys"] == {PUB.key_id: PUB.base64()}
    other = SigningKey.from_keyset(Keyset.generate()).public_key
    assert not verify_export(path, other).ok
    # an edited line in the file is named
    lines = path.read_text().splitlines()
    obj = json.loads(lines[1 + 17])
    obj["event"]["purpose"] = "marketing"
    lines[1 + 17] = json.dumps(obj)
    path.write_text("\n".join(lines) + "\n")
    assert verify_export(path, PUB).first_bad_seq == 17


def test_a_file_that_is_not_an_export_is_an_input_error(tmp_path: Path) -> None:
    path = tmp_path / "x.jsonl"
    path.write_text('{"format": "something else"}\n')
    with pytest.raises(InputError, match="not a boxguard audit export"):
        verify_export(path, PUB)
    path.write_text("not json\n")
    with pytest.raises(InputError, match="not a JSON line"):
        verify_export(path, PUB)
    with pytest.raises(InputError, match="cannot read"):
        verify_export(tmp_path / "missing.jsonl", PUB)
