"""The vault on SQLite and PostgreSQL: round trips, and no plaintext anywhere at rest."""

from __future__ import annotations

import multiprocessing
import stat
import threading
from concurrent.futures import ThreadPoolExecutor
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import MetaData, inspect, select

from boxguard.access import Grant, User
from boxguard.crypto.keys import Keyset
from boxguard.detect.scanner import Scanner
from boxguard.errors import AccessDenied, NotFound
from boxguard.storage import connect, migrate
from boxguard.storage.audit import SqlAuditLog
from boxguard.storage.db import reader
from boxguard.storage.vault import SqlVaultStore
from boxguard.vault import ExportApproval, Vault, classify_and_import
from boxguard.vault.blind_index import index_form
from tests.vault_support import ListAuditLog, clock, people, rules

VAULT_TABLES = {
    "bg_vault_records",
    "bg_vault_fields",
    "bg_vault_keys",
    "bg_vault_index",
    "bg_users",
    "bg_grants",
    "bg_consent",
    "bg_export_approvals",
}


@pytest.fixture
def engine(db_url: str):  # type: ignore[no-untyped-def]
    eng = connect(db_url)
    migrate(eng)
    yield eng
    eng.dispose()


@pytest.fixture
def env(engine):  # type: ignore[no-untyped-def]
    c = clock()
    log = ListAuditLog(c)
    ks = Keyset.generate()
    store = SqlVaultStore(engine)
    return Vault(store, log, c, ks, rules()), store, log, c, ks


def rows(n: int) -> list[dict[str, str]]:
    out = []
    for i, p in enumerate(people(n, seed=11)):
        row = dict(p.values)
        row["consent"] = "delivery;after_sales;audit" if i % 3 else "delivery"
        out.append(row)
    return out


def imported(vault: Vault, n: int) -> tuple[list[dict[str, str]], list[str]]:
    """``rows(n)`` imported into ``vault``, and their vault ids."""
    table = rows(n)
    done = classify_and_import(
        vault, table, "客户编号", actor="importer", scanner=Scanner(prefilter=False)
    )
    return table, list(done.vault_ids)


def forms(value: str) -> set[str]:
    """A value and every compact form a store might hold it in."""
    out = {value, value.strip(), value.replace(" ", "")}
    for kind in ("cn_mobile", "cn_resident_id", "email", None):
        out.add(index_form(kind, value))
    return {v for v in out if len(v) >= 2}


def test_migration_creates_the_vault_tables_and_is_idempotent(engine) -> None:  # type: ignore[no-untyped-def]
    migrate(engine)
    assert set(inspect(engine).get_table_names()) >= VAULT_TABLES


def test_no_plaintext_personal_value_at_rest(env, engine, db_url: str) -> None:  # type: ignore[no-untyped-def]
    vault = env[0]
    table = rows(25)
    result = classify_and_import(
        vault, table, "客户编号", actor="importer", scanner=Scanner(prefilter=False)
    )
    assert len(result.vault_ids) == 25
    vault.reveal("wang.cs", result.vault_ids[1], None, "after_sales")
    xid = vault.request_export("wang.cs", "audit", list(result.vault_ids[1:3]), ["手机"])
    vault.approve_export("chen.boss", xid)
    vault.export("wang.cs", xid)
    vault.delete("sun.dpo", result.vault_ids[0], "erasure")
    secrets_ = {f for row in table for col, v in row.items() if col != "consent" for f in forms(v)}
    # every column of every table, as the database gives it back
    meta = MetaData()
    meta.reflect(engine)
    assert set(meta.tables) >= VAULT_TABLES
    dumped: list[str] = []
    with engine.connect() as conn:
        for t in meta.tables.values():
            for row in conn.execute(select(t)):
                for cell in row:
                    if isinstance(cell, (bytes, memoryview)):
                        b = bytes(cell)
                        dumped.append(b.decode("utf-8", "replace"))
                        dumped.append(b.decode("latin-1"))
                    else:
                        dumped.append(str(cell))
    text = "\n".join(dumped)
    assert text.count("v_") >= 25, "the dump did read the records"
    leaked = sorted(s for s in secrets_ if s in text)
    assert leaked == [], f"{len(leaked)} personal values stored in clear"
    if db_url.startswith("sqlite"):
        engine.dispose()
        raw = Path(db_url.removeprefix("sqlite:///")).read_bytes()
        assert b"bg_vault_fields" in raw
        hits = [s for s in secrets_ if s.encode() in raw or s.encode("utf-16-le") in raw]
        assert hits == [], f"{len(hits)} personal values in the SQLite file"


def test_round_trip_find_shred_rotate_on_sql(env) -> None:  # type: ignore[no-untyped-def]
    vault, store, log, c, ks = env
    table, ids = imported(vault, 4)
    assert vault.find("cn_resident_id", table[2]["身份证号"].lower(), actor="t") == [ids[2]]
    assert [store.has_tag("column:客户编号"), store.has_tag("column:客户")] == [True, False]
    assert vault.reveal("li.courier", ids[1], ["手机"], "delivery") == {"手机": table[1]["手机"]}
    rotated = ks.rotate()
    assert Vault(store, log, c, rotated, rules()).rotate("keeper") == 4
    only_new = Keyset({rotated.primary_id: rotated.keys[rotated.primary_id]}, rotated.primary_id)
    fresh = Vault(store, log, c, only_new, rules())
    assert fresh.find("cn_mobile", table[3]["手机"], actor="t") == [ids[3]]
    assert fresh.reveal("wang.cs", ids[1], None, "after_sales")["邮箱"] == table[1]["邮箱"]
    fresh.delete("sun.dpo", ids[3], "erasure")
    assert fresh.find("cn_mobile", table[3]["手机"], actor="t") == []
    with pytest.raises(NotFound):
        fresh.reveal("wang.cs", ids[3], None, "after_sales")
    assert store.record_ids() == sorted(ids[:3])
    rec = store.get_record(ids[3])
    assert rec is not None
    assert rec.wrapped_key is None
    assert rec.shredded_at is not None
    assert rec.shredded_at.tzinfo is not None
    assert [(r.action, r.outcome) for r in fresh.report(ids[3])][-2:] == [
        ("delete", "ok"),
        ("reveal", "denied"),
    ]
    c.at += timedelta(hours=12)  # 22:00 in Shanghai
    with pytest.raises(AccessDenied, match="outside working hours"):
        fresh.reveal("li.courier", ids[1], ["手机"], "delivery")


def test_a_record_read_brings_its_consent_within_a_reading_block(env) -> None:  # type: ignore[no-untyped-def]
    vault, store, _, _, _ = env
    table, ids = imported(vault, 3)
    store.set_consent(ids[0], frozenset({"delivery", "after_sales"}))
    store.set_consent(ids[1], frozenset({"audit"}))
    store.set_consent(ids[2], frozenset())
    with store.reading():
        rec = store.get_record(ids[0])
        assert rec is not None
        assert [f.name for f in rec.fields] == [c for c in table[0] if c != "consent"]
        assert store.consent(ids[0]) == {"delivery", "after_sales"}
        assert store.consent(ids[1]) == {"audit"}  # another record: read on its own
        assert store.consent(ids[2]) == frozenset()
        store.get_record(ids[1])
        store.set_consent(ids[1], frozenset({"delivery"}))  # a write inside the block ...
        assert store.consent(ids[1]) == {"delivery"}  # ... is seen at once
        store.set_consent(ids[0], frozenset())
        rec = store.get_record(ids[0])  # and by the next record read
        assert store.consent(ids[0]) == frozenset()
    assert store.consent(ids[0]) == frozenset()
    assert store.consent(ids[1]) == {"delivery"}
    assert store.get_record("v_none") is None


def test_access_state_round_trips(env) -> None:  # type: ignore[no-untyped-def]
    _, store, _, c, _ = env
    store.put_user(User("a", "courier"))
    store.put_user(User("a", "dpo", active=False))
    assert store.users() == [User("a", "dpo", active=False)]
    g = Grant("courier", "手机", "delivery")
    store.add_grant(g)
    store.add_grant(g)
    store.add_grant(Grant("supervisor", "*", "audit", "approve_export"))
    assert store.grants().count(g) == 1
    assert len(store.grants()) == 2
    assert store.remove_grant(g)
    assert not store.remove_grant(g)
    approval = ExportApproval("x_1", "a", "audit", ("v_1", "v_2"), ("手机",), c.now())
    store.add_approval(approval)
    assert store.get_approval("x_1") == approval
    done = ExportApproval(
        "x_1", "a", "audit", ("v_1", "v_2"), ("手机",), c.now(), "b", c.now(), c.now()
    )
    store.update_approval(done)
    assert store.get_approval("x_1") == done
    assert store.get_approval("x_2") is None
    assert store.find("cn_mobile", []) == []
    assert store.get_record("v_none") is None


def test_users_and_grants_changed_by_another_process_are_seen_at_once(engine, db_url) -> None:  # type: ignore[no-untyped-def]
    """The store caches users and grants under the access version; a second engine stands
    for another process (the CLI beside a running server)."""
    from boxguard.storage.db import reader

    reads = reader(engine)
    mine = SqlVaultStore(engine, reads)
    other_engine = connect(db_url)
    try:
        other = SqlVaultStore(other_engine)
        assert mine.users() == []  # cached now
        assert mine.grants() == []
        other.put_user(User("li.clerk", "courier"))
        other.add_grant(Grant("courier", "cn_mobile", "delivery"))
        assert [u.name for u in mine.users()] == ["li.clerk"]
        assert mine.grants() == [Grant("courier", "cn_mobile", "delivery")]
        other.remove_grant(Grant("courier", "cn_mobile", "delivery"))
        with mine.reading():
            assert mine.grants() == []
            assert [u.role for u in mine.users()] == ["courier"]
        other.put_user(User("li.clerk", "supervisor"))
        assert [u.role for u in mine.users()] == ["supervisor"]
    finally:
        other_engine.dispose()
        if reads is not engine:
            reads.dispose()


def test_one_access_version_per_block_without_holding_a_connection(engine, db_url) -> None:  # type: ignore[no-untyped-def]
    store = SqlVaultStore(engine)
    elsewhere = connect(db_url)  # another process's change
    try:
        with store.same_access():
            version = store.access_version()
            SqlVaultStore(elsewhere).put_user(User("zhao.new", "courier"))
            assert store.access_version() == version  # what the request decides on
            assert "zhao.new" not in {u.name for u in store.users()}
            assert engine.pool.checkedout() == 0  # a write in the block finds a connection
        assert store.access_version() > version
        assert "zhao.new" in {u.name for u in store.users()}
    finally:
        elsewhere.dispose()


def test_parallel_reveals_never_pass_the_hourly_limit(engine) -> None:  # type: ignore[no-untyped-def]
    """The count and the event that raises it are one step: twelve reveals at once by a
    courier allowed three an hour give three, each thread on its own connection (as
    ``serve --workers N`` processes are), on SQLite and PostgreSQL alike."""
    c = clock()
    ks = Keyset.generate()
    log = SqlAuditLog(engine, ks, clock=c)
    reads = reader(engine)
    vault = Vault(SqlVaultStore(engine, reads), log, c, ks, rules())
    _, ids = imported(vault, 1)
    start = threading.Barrier(12)

    def reveal(_: int) -> str:
        start.wait()
        try:
            vault.reveal("li.courier", ids[0], ["手机"], "delivery")
        except AccessDenied as err:
            return str(err)
        return "ok"

    with ThreadPoolExecutor(12) as pool:
        got = list(pool.map(reveal, range(12)))
    reads.dispose()
    assert got.count("ok") == 3, got
    assert all("hourly limit 3 reached" in g for g in got if g != "ok")
    outcomes = [r.event.outcome for r in log.events(actor="li.courier")]
    assert outcomes.count("ok") == 3
    assert outcomes.count("denied") == 9


def _reveal_in_a_process(db_url: str, ks: Keyset, vid: str, start: Any, out: Any) -> None:
    """A forked process's four reveals, on its own engine (as a ``--workers`` process)."""
    engine = connect(db_url)
    c = clock()
    vault = Vault(SqlVaultStore(engine), SqlAuditLog(engine, ks, clock=c), c, ks, rules())
    start.wait()
    ok = 0
    for _ in range(4):
        try:
            vault.reveal("li.courier", vid, ["手机"], "delivery")
            ok += 1
        except AccessDenied:
            pass
    engine.dispose()
    out.put(ok)


def test_reveals_from_several_processes_never_pass_the_hourly_limit(engine, db_url) -> None:  # type: ignore[no-untyped-def]
    """Three processes at once, four reveals each, against a limit of three: the lock that
    serializes them is the database's (PostgreSQL) or the file's (SQLite), not a
    process's."""
    c = clock()
    ks = Keyset.generate()
    vault = Vault(SqlVaultStore(engine), SqlAuditLog(engine, ks, clock=c), c, ks, rules())
    _, ids = imported(vault, 1)
    engine.dispose()  # no connection crosses the fork
    fork = multiprocessing.get_context("fork")
    start, out = fork.Barrier(3), fork.Queue()
    procs = [
        fork.Process(target=_reveal_in_a_process, args=(db_url, ks, ids[0], start, out))
        for _ in range(3)
    ]
    for p in procs:
        p.start()
    got = [out.get(timeout=60) for _ in procs]
    for p in procs:
        p.join(timeout=60)
    assert sum(got) == 3, got
    outcomes = [r.event.outcome for r in SqlAuditLog(engine, ks).events(actor="li.courier")]
    assert outcomes.count("ok") == 3


def test_an_approved_export_runs_once_when_sent_twice_at_once(engine) -> None:  # type: ignore[no-untyped-def]
    """Single use holds under concurrency: of eight exports of one approval at once, one
    returns the rows and seven find it used."""
    c = clock()
    ks = Keyset.generate()
    vault = Vault(SqlVaultStore(engine), SqlAuditLog(engine, ks, clock=c), c, ks, rules())
    _, ids = imported(vault, 2)
    xid = vault.request_export("wang.cs", "audit", ids[1:], ["手机"])
    assert vault.approve_export("chen.boss", xid).allowed
    start = threading.Barrier(8)

    def export(_: int) -> str:
        start.wait()
        try:
            return f"{len(vault.export('wang.cs', xid))} rows"
        except AccessDenied as err:
            return str(err)

    with ThreadPoolExecutor(8) as pool:
        got = sorted(pool.map(export, range(8)))
    assert got == ["1 rows"] + ["access denied: this export was used already"] * 7


def test_the_sqlite_lock_file_is_its_owners_only(tmp_path: Path) -> None:
    """The lock file beside a SQLite vault is 0600, a wider one made before narrowed (QA)."""
    lock = tmp_path / "v.db-lock"
    lock.write_bytes(b"")
    lock.chmod(0o644)
    engine = connect(f"sqlite:///{tmp_path}/v.db")
    migrate(engine)
    with SqlVaultStore(engine).serial("reveal:li.courier"):
        pass
    engine.dispose()
    assert stat.S_IMODE(lock.stat().st_mode) == 0o600
