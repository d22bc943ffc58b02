"""SqlAuditLog on SQLite and PostgreSQL: round trips, fail-closed appends, several writers,
proofs, export, and tamper trials made directly in the database with SQL."""

from __future__ import annotations

import dataclasses
import json
import os
import subprocess
import sys
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest
from sqlalchemy import Engine, inspect, text

from boxguard.audit import AuditEvent, RecordedEvent
from boxguard.audit.encoding import encode_event
from boxguard.audit.export import verify_export
from boxguard.audit.heads import GENESIS
from boxguard.audit.merkle import CompactTree, leaf_hash, verify_consistency, verify_inclusion
from boxguard.clock import FixedClock
from boxguard.crypto.keys import Keyset
from boxguard.errors import StorageError
from boxguard.storage import connect, migrate
from boxguard.storage.audit import SqlAuditLog

N = 60
KS = Keyset.generate()


class _StepClock(FixedClock):
    def now(self) -> datetime:
        self.at += timedelta(microseconds=1234)
        return self.at


def _event(i: int) -> AuditEvent:
    return AuditEvent(
        action="reveal" if i % 3 else "show",
        actor=f"clerk{i % 7}",
        outcome="denied" if i % 5 == 0 else "ok",
        role="front_desk",
        record=f"r-{i:04x}",
        fields=("cn_mobile", "name") if i % 2 else (),
        purpose="delivery" if i % 4 else None,
        reference=f"order-{i}",
        client="cli",
    )


@pytest.fixture
def engine(db_url: str) -> Iterator[Engine]:
    eng = connect(db_url)
    migrate(eng)
    yield eng
    eng.dispose()


@pytest.fixture
def log(engine: Engine) -> SqlAuditLog:
    return SqlAuditLog(engine, KS, clock=_StepClock(datetime(2026, 1, 1, tzinfo=timezone.utc)))


def test_migration_creates_the_tables(engine: Engine) -> None:
    names = inspect(engine).get_table_names()
    assert {"bg_audit_events", "bg_audit_heads", "bg_tokens"} <= set(names)
    migrate(engine)  # idempotent


def test_append_and_read_round_trip(log: SqlAuditLog) -> None:
    written = [log.append(_event(i)) for i in range(12)]
    assert [r.seq for r in written] == list(range(12))
    assert list(log.events()) == written
    assert list(log.events(3, 5)) == written[3:5]
    assert [r.seq for r in log.events(actor="clerk2")] == [2, 9]
    assert [r.seq for r in log.events(record="r-000a")] == [10]
    assert all(r.leaf_hash == leaf_hash(encode_event(r)) for r in written)
    assert log.size() == 12
    assert log.head() == log.head(12)
    assert log.verify().ok


def test_rows_hold_only_what_the_caller_passed(log: SqlAuditLog, engine: Engine) -> None:
    rec = log.append(_event(1))
    with engine.connect() as conn:
        row = conn.execute(text("SELECT * FROM bg_audit_events")).mappings().one()
    hashes = {"leaf_hash", "node"}
    assert set(row) - hashes == {
        "seq", "time_us", "action", "actor", "outcome", "role", "record", "fields",
        "purpose", "reference", "rule", "client",
    }  # fmt: skip
    e = rec.event
    assert [row[k] for k in ("action", "actor", "role", "record", "purpose")] == [
        e.action, e.actor, e.role, e.record, e.purpose,
    ]  # fmt: skip
    assert json.loads(row["fields"]) == list(e.fields)


def test_reading_with_many_pages(log: SqlAuditLog, monkeypatch: pytest.MonkeyPatch) -> None:
    import boxguard.storage.audit as mod

    monkeypatch.setattr(mod, "_PAGE", 7)
    for i in range(30):
        log.append(_event(i))
    assert [r.seq for r in log.events()] == list(range(30))
    assert [h.tree_size for h in log.heads()] == list(range(1, 31))
    assert log.verify().ok


def _count(engine: Engine) -> tuple[int, int]:
    with engine.connect() as conn:
        return (
            int(conn.execute(text("SELECT count(*) FROM bg_audit_events")).scalar_one()),
            int(conn.execute(text("SELECT count(*) FROM bg_audit_heads")).scalar_one()),
        )


def test_a_failed_append_writes_nothing(
    log: SqlAuditLog, engine: Engine, monkeypatch: pytest.MonkeyPatch
) -> None:
    for i in range(3):
        log.append(_event(i))
    # the head insert fails after the event insert ran: the event must not stay (both
    # ways of appending: under the lock, and PostgreSQL's one statement after a known head)
    monkeypatch.setattr(log, "_sql_head", "INSERT INTO no_such_table VALUES (1)")
    monkeypatch.setattr(
        log, "_sql_known", log._sql_known.replace("bg_audit_heads", "no_such_table")
    )
    with pytest.raises(StorageError, match="audit append failed"):
        log.append(_event(3))
    assert _count(engine) == (3, 3)
    monkeypatch.undo()
    assert log.append(_event(3)).seq == 3  # the cache was not advanced by the failure
    assert log.verify().ok


def test_an_unstorable_event_fails_alone_in_a_shared_commit(
    log: SqlAuditLog, engine: Engine
) -> None:
    bad = AuditEvent(action="show", actor="a\x00b", outcome="ok")  # NUL: PG text refuses it
    events = [_event(i) if i != 5 else bad for i in range(12)]

    def append(e: AuditEvent) -> str:
        try:
            log.append(e)
        except StorageError:
            return "failed"
        return "stored"

    with ThreadPoolExecutor(4) as pool:
        outcomes = list(pool.map(append, events))
    if engine.dialect.name == "postgresql":
        assert outcomes.count("failed") == 1
        assert outcomes[5] == "failed"
    assert _count(engine)[0] == outcomes.count("stored")
    assert log.verify().ok


def test_a_stray_head_stops_appends(log: SqlAuditLog, engine: Engine) -> None:
    for i in range(3):
        log.append(_event(i))
    with engine.begin() as conn:
        conn.execute(
            text(
                "INSERT INTO bg_audit_heads (tree_size, root_hash, timestamp_us, key_id, "
                "previous, signature) VALUES (4, :r, 0, 'x', :r, :r)"
            ),
            {"r": b"\x00" * 32},
        )
    with pytest.raises(StorageError, match="does not match its stored tree"):
        log.append(_event(3))
    assert _count(engine) == (3, 4)


def test_a_stale_writer_refuses_a_tampered_frontier(log: SqlAuditLog, engine: Engine) -> None:
    for i in range(5):
        log.append(_event(i))
    with engine.begin() as conn:  # seq 3 holds the frontier node of the 4-leaf subtree
        conn.execute(text("UPDATE bg_audit_events SET node = :n WHERE seq = 3"), {"n": bytes(32)})
    fresh = SqlAuditLog(engine, KS)
    with pytest.raises(StorageError, match="does not match its stored tree"):
        fresh.append(_event(5))
    assert log.size() == 5


def test_writers_with_separate_caches_interleave(engine: Engine) -> None:
    logs = [SqlAuditLog(engine, KS) for _ in range(3)]
    for i in range(30):
        logs[(i * 7) % 3].append(_event(i))  # each sees the others' appends under the lock
    assert logs[0].verify().ok
    assert logs[0].size() == 30


def test_appends_after_a_known_head_take_one_statement_on_postgres(
    log: SqlAuditLog, engine: Engine, monkeypatch: pytest.MonkeyPatch
) -> None:
    log.append(_event(0))  # the first append reads the head under the lock
    locked: list[int] = []
    under_lock = log._write_locked

    def counted(events: list[AuditEvent]) -> list[RecordedEvent]:
        locked.append(len(events))
        return under_lock(events)

    monkeypatch.setattr(log, "_write_locked", counted)
    for i in range(1, 6):
        log.append(_event(i))
    SqlAuditLog(engine, KS).append(_event(6))  # another writer: this log's head is stale
    assert log.append(_event(7)).seq == 7  # its seq was taken: appended under the lock
    one_statement = engine.dialect.name == "postgresql"
    assert locked == ([1] if one_statement else [1] * 6)
    assert log.verify().ok
    assert [r.seq for r in log.events()] == list(range(8))


def test_threads_share_commits_and_every_event_lands(log: SqlAuditLog) -> None:
    with ThreadPoolExecutor(4) as pool:
        recs = list(pool.map(lambda i: log.append(_event(i)), range(80)))
    assert sorted(r.seq for r in recs) == list(range(80))
    assert {r.event.reference for r in recs} == {f"order-{i}" for i in range(80)}
    stored = {r.seq: r for r in log.events()}
    assert all(stored[r.seq] == r for r in recs)
    assert log.verify().ok


def test_processes_append_to_one_log(db_url: str, log: SqlAuditLog) -> None:
    code = (
        "import sys, json\n"
        "from boxguard.storage import connect\n"
        "from boxguard.storage.audit import SqlAuditLog\n"
        "from boxguard.crypto.keys import Keyset\n"
        "from boxguard.audit import AuditEvent\n"
        "log = SqlAuditLog(connect(sys.argv[1]), Keyset.from_json(sys.argv[2]))\n"
        "for i in range(25):\n"
        "    log.append(AuditEvent(action='show', actor=sys.argv[3], outcome='ok'))\n"
    )
    env = {**os.environ, "PYTHONWARNINGS": "error"}
    procs = [
        subprocess.Popen([sys.executable, "-c", code, db_url, KS.to_json(), f"p{i}"], env=env)
        for i in range(3)
    ]
    for i in range(25):
        log.append(_event(i))
    assert [p.wait(120) for p in procs] == [0, 0, 0]
    assert log.size() == 100
    assert len(list(log.events(actor="p1"))) == 25
    assert log.verify().ok


def test_proofs_check_against_signed_heads(log: SqlAuditLog) -> None:
    recs = [log.append(_event(i)) for i in range(13)]
    head = log.head()
    assert head is not None
    assert head.verify(log.public_key)
    for r in recs:
        proof = log.inclusion_proof(r.seq)
        assert verify_inclusion(r.leaf_hash, r.seq, 13, proof, head.root_hash)
    old = log.head(6)
    assert old is not None
    proof = log.consistency_proof(6)
    assert verify_consistency(6, 13, old.root_hash, head.root_hash, proof)
    assert log.root(6) == old.root_hash


def test_export_is_verified_with_the_public_key_alone(log: SqlAuditLog, tmp_path: Path) -> None:
    for i in range(20):
        log.append(_event(i))
    path = tmp_path / "audit.jsonl"
    assert log.export(path) == 20
    pem = log.public_key.pem()
    from boxguard.crypto.signing import VerifyKey

    assert verify_export(path, VerifyKey.load(pem)).ok
    lines = path.read_text().splitlines()
    obj = json.loads(lines[8])
    obj["event"]["actor"] = "mallory"
    lines[8] = json.dumps(obj)
    path.write_text("\n".join(lines) + "\n")
    r = verify_export(path, VerifyKey.load(pem))
    assert not r.ok
    assert r.first_bad_seq == 7


# -- tamper trials -------------------------------------------------------------------------
def _restore(engine: Engine) -> None:
    with engine.begin() as conn:
        conn.execute(text("DELETE FROM bg_audit_events"))
        conn.execute(text("DELETE FROM bg_audit_heads"))
        conn.execute(text("INSERT INTO bg_audit_events SELECT * FROM bak_events"))
        conn.execute(text("INSERT INTO bg_audit_heads SELECT * FROM bak_heads"))


def _forged_row(seq: int, time_us: int) -> dict[str, object]:
    e = AuditEvent(action="reveal", actor="mallory", outcome="ok", record="r-0001")
    rec = RecordedEvent(seq, datetime(1970, 1, 1, tzinfo=timezone.utc), e)
    rec = dataclasses.replace(rec, time=rec.time + timedelta(microseconds=time_us))
    lh = leaf_hash(encode_event(rec))
    return {"seq": seq, "t": time_us, "lh": lh}


_INSERT = (
    "INSERT INTO bg_audit_events (seq, time_us, action, actor, outcome, role, record, fields, "
    "purpose, reference, rule, client, leaf_hash, node) VALUES (:seq, :t, 'reveal', 'mallory', "
    "'ok', NULL, 'r-0001', '[]', NULL, NULL, NULL, NULL, :lh, :lh)"
)


def _trials(log: SqlAuditLog) -> dict[str, tuple[list[int], Callable[[object, int], None]]]:
    """attack -> (positions, SQL that tampers at a position); each must name that position."""
    every = list(range(N))
    orig = list(log.events())
    heads = list(log.heads())

    def mallory(p: int) -> RecordedEvent:
        rec = dataclasses.replace(
            orig[p], event=dataclasses.replace(orig[p].event, actor="mallory")
        )
        return dataclasses.replace(rec, leaf_hash=leaf_hash(encode_event(rec)))

    def edit(c: object, p: int) -> None:
        c.execute(text("UPDATE bg_audit_events SET actor = 'mallory' WHERE seq = :p"), {"p": p})  # type: ignore[attr-defined]

    def edit_rehash(c: object, p: int) -> None:
        c.execute(  # type: ignore[attr-defined]
            text("UPDATE bg_audit_events SET actor = 'mallory', leaf_hash = :h WHERE seq = :p"),
            {"p": p, "h": mallory(p).leaf_hash},
        )

    def edit_rewrite_all(c: object, p: int) -> None:
        """The thorough attacker: the edit, its leaf, every later root and head link
        recomputed (only the signatures cannot be remade without the key)."""
        edit_rehash(c, p)
        tree = CompactTree()
        events = [*orig[:p], mallory(p), *orig[p + 1 :]]
        prev = heads[p - 1].hash() if p else GENESIS
        for i, rec in enumerate(events):
            tree.append(rec.leaf_hash)
            if i < p:
                continue
            h = dataclasses.replace(heads[i], root_hash=tree.root(), previous=prev)
            prev = h.hash()
            c.execute(  # type: ignore[attr-defined]
                text(
                    "UPDATE bg_audit_heads SET root_hash = :r, previous = :v WHERE tree_size = :k"
                ),
                {"r": h.root_hash, "v": h.previous, "k": i + 1},
            )

    def delete(c: object, p: int) -> None:
        c.execute(text("DELETE FROM bg_audit_events WHERE seq = :p"), {"p": p})  # type: ignore[attr-defined]

    def reorder(c: object, p: int) -> None:  # swap the seq of p and p + 1 + (p * 7) % (N - p - 1)
        q = p + 1 + (p * 7) % (N - p - 1)
        ex = c.execute  # type: ignore[attr-defined]
        ex(text("UPDATE bg_audit_events SET seq = -1 WHERE seq = :p"), {"p": p})
        ex(text("UPDATE bg_audit_events SET seq = :p WHERE seq = :q"), {"p": p, "q": q})
        ex(text("UPDATE bg_audit_events SET seq = :q WHERE seq = -1"), {"q": q})

    def insert(c: object, p: int) -> None:  # a forged event at p, the later ones moved up
        ex = c.execute  # type: ignore[attr-defined]
        ex(text("UPDATE bg_audit_events SET seq = seq + 1000000 WHERE seq >= :p"), {"p": p})
        ex(text("UPDATE bg_audit_events SET seq = seq - 999999 WHERE seq >= 1000000"))
        ex(text(_INSERT), _forged_row(p, 1767225600000000 + p))

    def append_forged(c: object, p: int) -> None:  # p == N: a forged event after the last
        c.execute(text(_INSERT), _forged_row(p, 1767225600000000 + p))  # type: ignore[attr-defined]

    def head_root(c: object, p: int) -> None:
        c.execute(  # type: ignore[attr-defined]
            text("UPDATE bg_audit_heads SET root_hash = :r WHERE tree_size = :k"),
            {"r": bytes(32), "k": p + 1},
        )

    def head_signature(c: object, p: int) -> None:
        c.execute(  # type: ignore[attr-defined]
            text("UPDATE bg_audit_heads SET signature = :s WHERE tree_size = :k"),
            {"s": bytes(64), "k": p + 1},
        )

    def head_time(c: object, p: int) -> None:
        c.execute(  # type: ignore[attr-defined]
            text("UPDATE bg_audit_heads SET timestamp_us = timestamp_us + 1 WHERE tree_size = :k"),
            {"k": p + 1},
        )

    def head_delete(c: object, p: int) -> None:
        c.execute(text("DELETE FROM bg_audit_heads WHERE tree_size = :k"), {"k": p + 1})  # type: ignore[attr-defined]

    def truncate(c: object, p: int) -> None:  # events from p on deleted, heads left
        c.execute(text("DELETE FROM bg_audit_events WHERE seq >= :p"), {"p": p})  # type: ignore[attr-defined]

    def truncate_both(c: object, p: int) -> None:  # events and heads from p on deleted
        truncate(c, p)
        c.execute(text("DELETE FROM bg_audit_heads WHERE tree_size > :p"), {"p": p})  # type: ignore[attr-defined]

    return {
        "edit a field": (every, edit),
        "edit a field + rewrite its leaf hash": (every, edit_rehash),
        "edit a field + rewrite leaf, later roots, head links": (every, edit_rewrite_all),
        "delete an event": (every, delete),
        "swap two events' seq": (list(range(N - 1)), reorder),
        "insert a forged event (later seqs moved up)": (every, insert),
        "append a forged event": ([N], append_forged),
        "edit a head's root": (every, head_root),
        "edit a head's signature": (every, head_signature),
        "edit a head's time": (every, head_time),
        "delete a head": (every, head_delete),
        "truncate the tail (events)": (list(range(1, N)), truncate),
        "truncate the tail (events + heads; trusted head kept)": (list(range(1, N)), truncate_both),
    }


def test_tamper_trials_name_the_first_bad_seq(
    log: SqlAuditLog, engine: Engine, db_url: str, capsys: pytest.CaptureFixture[str]
) -> None:
    for i in range(N):
        log.append(_event(i))
    trusted = log.head()
    with engine.begin() as conn:
        conn.execute(text("CREATE TABLE bak_events AS SELECT * FROM bg_audit_events"))
        conn.execute(text("CREATE TABLE bak_heads AS SELECT * FROM bg_audit_heads"))
    table = []
    for attack, (positions, tamper) in _trials(log).items():
        caught = 0
        for p in positions:
            with engine.begin() as conn:
                tamper(conn, p)
            r = log.verify(trusted=trusted)
            if not r.ok and r.first_bad_seq == p:
                caught += 1
            else:
                print(f"MISSED {attack} at {p}: {r}")
            _restore(engine)
        table.append((attack, caught, len(positions)))
        assert log.verify(trusted=trusted).ok
    backend = db_url.split(":", 1)[0]
    with capsys.disabled():
        for attack, caught, total in table:
            print(f"\n  tamper [{backend}] {attack}: caught {caught}/{total}", end="")
        print()
    assert all(c == t for _, c, t in table), table
