"""The audit log's speed paths keep its meaning: verify's read-ahead gives the same rows and
errors and stops its helper when the reader stops early; group commit under many threads
gives each caller its own committed event. SQLite and PostgreSQL."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor

import pytest
from sqlalchemy import Engine, text

import boxguard.storage.audit as sql_audit
from boxguard.audit import AuditEvent
from boxguard.crypto.keys import Keyset
from boxguard.errors import StorageError
from boxguard.storage import connect, migrate
from boxguard.storage.audit import SqlAuditLog

SELECT = "SELECT seq, actor FROM bg_audit_events WHERE seq >= ? AND seq < ? ORDER BY seq LIMIT {}"


def _event(i: int) -> AuditEvent:
    return AuditEvent(action="reveal", actor=f"clerk{i}", outcome="ok", record=f"r-{i:04x}")


@pytest.fixture
def engine(db_url: str) -> Iterator[Engine]:
    e = connect(db_url)
    migrate(e)
    yield e
    e.dispose()


@pytest.fixture
def log(engine: Engine, monkeypatch: pytest.MonkeyPatch) -> SqlAuditLog:
    monkeypatch.setattr(sql_audit, "_PAGE", 7)  # many pages from a small log
    log = SqlAuditLog(engine, Keyset.generate())
    log.append_many(_event(i) for i in range(40))
    return log


def _helpers() -> int:
    return sum(t.name == "bg-audit-prefetch" for t in threading.enumerate())


def test_read_ahead_gives_the_same_rows_as_paging(log: SqlAuditLog) -> None:
    sql = log._sql(SELECT.format(sql_audit._PAGE))
    plain = list(log._pages(sql, [3, 38], 0))
    ahead = list(log._prefetched(sql, [3, 38], 0))
    assert [r[0] for r in plain] == list(range(3, 38))
    assert ahead == plain
    assert log.verify().ok
    assert log.verify().verified == 40
    assert _helpers() == 0


def test_read_ahead_stops_its_helper_when_the_reader_stops(log: SqlAuditLog) -> None:
    rows = log._prefetched(log._sql(SELECT.format(sql_audit._PAGE)), [0, 40], 0)
    assert next(rows)[0] == 0
    rows.close()  # like verify stopping at a bad event
    assert _helpers() == 0


def test_read_ahead_passes_on_a_read_error(log: SqlAuditLog) -> None:
    rows = log._prefetched("SELECT no_such_column FROM bg_audit_events", [0], 0)
    with pytest.raises(StorageError, match="audit read failed"):
        list(rows)
    assert _helpers() == 0


def test_group_commit_gives_every_thread_its_own_committed_event(
    engine: Engine, log: SqlAuditLog
) -> None:
    with ThreadPoolExecutor(32) as pool:
        got = list(pool.map(lambda i: log.append(_event(1000 + i)), range(300)))
    assert sorted(r.seq for r in got) == list(range(40, 340))
    assert all(r.event == _event(1000 + i) for i, r in enumerate(got))
    with engine.connect() as conn:  # committed: another connection sees every one
        actors = dict(conn.execute(text("SELECT seq, actor FROM bg_audit_events")).all())
    assert all(actors[r.seq] == r.event.actor for r in got)
    assert log.verify().ok
