"""Audit retention: `audit prune` erases the content of events past the retention, keeps
their leaf hashes and every signed head, and `audit verify` still passes; an event emptied
inside the retention (or not as a prefix) is caught. SQLite and PostgreSQL."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest

from boxguard import services
from boxguard.audit.events import AuditEvent, PrunedEvent
from boxguard.audit.export import read_events, verify_export
from boxguard.clock import FixedClock
from boxguard.errors import ConfigError
from boxguard.jobs import guard as jobs
from boxguard.settings import Settings
from tests.integration import test_guard_cli as cli
from tests.integration.test_guard_cli import RULES, Bg, sql

bg = cli.bg  # the fixture: run boxguard in this process
T0 = datetime(2025, 1, 6, 2, 0, tzinfo=timezone.utc)


@pytest.fixture
def keyed(guard_folder: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    tmp_path = guard_folder
    monkeypatch.delenv("BOXGUARD_RETENTION_DAYS", raising=False)
    (tmp_path / "rules.yaml").write_text(RULES, encoding="utf-8")
    return tmp_path


def _append(db: str, rules: Path, at: datetime, actors: list[str]) -> None:
    opts = jobs.GuardOptions(db=db, rules=rules, clock=FixedClock(at))
    with jobs.guard_session(opts, services) as g:
        for a in actors:
            g.audit.append(AuditEvent(action="reveal", actor=a, outcome="ok", record="r-1"))


def test_prune_keeps_the_log_verifiable_and_erases_only_old_content(
    keyed: Path, db_url: str
) -> None:
    rules = keyed / "rules.yaml"
    old = [f"old.clerk{i}" for i in range(30)]
    mid = [f"mid.clerk{i}" for i in range(5)]
    new = [f"new.clerk{i}" for i in range(10)]
    _append(db_url, rules, T0, old)
    _append(db_url, rules, T0 + timedelta(days=200), mid)  # 200 days before "now"
    now = T0 + timedelta(days=400)
    _append(db_url, rules, now, new)
    opts = jobs.GuardOptions(db=db_url, rules=rules, clock=FixedClock(now))
    with jobs.guard_session(opts, services) as g:
        assert g.retention_days == 365
        done = jobs.audit_prune(g, actor="ops")
        assert done.erased == 30
        assert jobs.audit_verify(g).ok
        assert jobs.audit_prune(g, actor="ops").erased == 0  # nothing more is old enough
        # the log still appends on top of pruned rows, and verifies
        g.audit.append(AuditEvent(action="show", actor="after.prune", outcome="ok"))
        r = jobs.audit_verify(g)
        assert r.ok, r.reason
        assert r.events == 48
        # without the retention rule a pruned event is not accepted
        assert not g.audit.verify().ok
        actors = [e.event.actor for e in jobs.audit_events(g)]
        assert actors[:5] == mid
        assert "audit_prune" not in actors
        n = jobs.audit_export(g, keyed / "out")
        assert n == 48
        pub = g.audit.public_key
    rows = sql(db_url, "SELECT seq, actor, record, outcome FROM bg_audit_events ORDER BY seq")
    assert [tuple(r[1:]) for r in rows[:30]] == [("", None, "")] * 30
    text = repr(rows)
    assert not any(a in text for a in old)
    assert all(a in text for a in mid + new)
    heads = sql(db_url, "SELECT count(*) FROM bg_audit_heads")
    assert heads[0][0] == 48
    # the export carries the pruned events as such, and an auditor verifies it
    exported = list(read_events(keyed / "out" / jobs.EXPORT_FILE))
    assert sum(isinstance(e, PrunedEvent) for e in exported) == 30
    before = now - timedelta(days=365)
    assert verify_export(keyed / "out" / jobs.EXPORT_FILE, pub, pruned_before=before).ok
    assert not verify_export(keyed / "out" / jobs.EXPORT_FILE, pub).ok


@pytest.mark.parametrize("seq", [0, 31, 40])
def test_an_event_emptied_inside_the_retention_or_out_of_prefix_is_caught(
    keyed: Path, db_url: str, seq: int
) -> None:
    rules = keyed / "rules.yaml"
    _append(db_url, rules, T0, [f"old{i}" for i in range(30)])
    now = T0 + timedelta(days=400)
    _append(db_url, rules, now, [f"new{i}" for i in range(12)])
    # seq 0: verified 100 days after it was written, emptying it is erasing, not pruning
    at = T0 + timedelta(days=100) if seq == 0 else now
    opts = jobs.GuardOptions(db=db_url, rules=rules, clock=FixedClock(at))
    with jobs.guard_session(opts, services) as g:
        assert jobs.audit_verify(g).ok
        sql(
            db_url,
            "UPDATE bg_audit_events SET action = '', actor = '', outcome = '', record = NULL "
            f"WHERE seq = {seq}",
        )
        r = jobs.audit_verify(g)
    assert not r.ok
    assert r.first_bad_seq == seq, r.reason
    assert "not past its retention" in r.reason


def test_retention_is_at_least_six_months_and_configurable(
    keyed: Path, bg: Bg, monkeypatch: pytest.MonkeyPatch
) -> None:
    assert Settings.load(environ={"BOXGUARD_RETENTION_DAYS": "730"}).audit_retention_days == 730
    with pytest.raises(ConfigError, match="at least 184 days"):
        Settings.load(environ={"BOXGUARD_RETENTION_DAYS": "90"})
    db = ("--db", "sqlite:///r.db", "--rules", "rules.yaml")
    (keyed / "boxguard.toml").write_text("[guard]\nretention_days = 100\n", encoding="utf-8")
    r = bg("audit", "prune", *db)
    assert r.code == 2
    assert "at least 184 days" in r.err
    (keyed / "boxguard.toml").write_text("[guard]\nretention_days = 200\n", encoding="utf-8")
    r = bg("audit", "prune", *db)
    assert r.code == 0, r.err
    assert "older than 200 days" in r.err
    monkeypatch.setenv("BOXGUARD_RETENTION_DAYS", "500")
    r = bg("audit", "prune", *db)
    assert r.code == 0
    assert "older than 500 days" in r.err
    assert bg("audit", "verify", *db).code == 0
    events = sql("sqlite:///" + str(keyed / "r.db"), "SELECT action FROM bg_audit_events")
    assert [a for (a,) in events] == ["audit_prune", "audit_prune"]
