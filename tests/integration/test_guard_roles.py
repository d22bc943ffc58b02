# ruff: noqa: F811  (pytest fixtures imported from test_guard_cli)
"""Roles (with their limits) and purposes in the database: `roles`, `purposes`, `revoke`
and `users import` end to end, on SQLite and PostgreSQL; the 0006 → 0007 migration with
data in the database. Synthetic people only (tests/vault_support.py)."""

from __future__ import annotations

import json
from datetime import datetime, timezone
from pathlib import Path

import pytest

from boxguard import services
from boxguard.clock import FixedClock
from boxguard.errors import AccessDenied
from boxguard.jobs import guard as jobs
from tests.integration.test_guard_cli import (  # noqa: F401
    Bg,
    bg,
    env,
    folks,
    imported,
    sql,
    values_in,
    write_csv,
)
from tests.vault_support import Person


def _count(db_url: str, table: str) -> int:
    return int(sql(db_url, f"SELECT count(*) FROM {table}")[0][0])


def _actions(db_url: str) -> list[tuple[str, str | None]]:
    rows = sql(db_url, "SELECT action, reference FROM bg_audit_events ORDER BY seq")
    return [(a, r) for a, r in rows]


def test_a_database_role_with_limits_reveals_then_hits_its_hourly_limit(
    bg: Bg, env: Path, db_url: str, folks: list[Person]
) -> None:
    db = ("--db", db_url, "--rules", "rules.yaml")
    (v1,) = imported(bg, env, db_url, folks[:1])
    mobile = folks[0].values["手机"]
    r = bg("roles", "add", "night_courier", "--reveals-per-hour", "30", "--description", "夜班",
           *db)  # fmt: skip
    assert r.code == 0, r.err
    assert "role night_courier: 30 reveals/hour (added)" in r.err
    assert bg("purposes", "add", "returns", *db).code == 0
    assert bg("users", "add", "ann", "--role", "night_courier", *db).code == 0
    r = bg("grant", "night_courier", "cn_mobile", "--purpose", "returns", *db)
    assert r.code == 0, r.err
    assert bg("consent", "set", v1, "--purposes", "returns", *db).code == 0
    r = bg("reveal", v1, "手机", "--as", "ann", "--purpose", "returns", *db)
    assert (r.code, r.out) == (0, mobile + "\n"), r.err
    # 29 more in the hour through the job layer (one session), then the 31st is denied
    opts = jobs.GuardOptions(db=db_url, rules=env / "rules.yaml")
    with jobs.guard_session(opts, services) as guard:
        for _ in range(29):
            assert jobs.reveal(guard, v1, "手机", user="ann", purpose="returns").value == mobile
    r = bg("reveal", v1, "手机", "--as", "ann", "--purpose", "returns", *db)
    assert (r.code, r.out) == (3, ""), r.err
    assert "hourly limit 30 reached" in r.err
    assert len(r.err.strip().splitlines()) == 1
    outcomes = sql(
        db_url, "SELECT outcome, rule FROM bg_audit_events WHERE action = 'reveal' ORDER BY seq"
    )
    assert [o for o, _ in outcomes].count("ok") == 30
    assert outcomes[-1] == ("denied", "hourly limit 30 reached")
    # the audit log recorded each administration step, and still verifies
    acts = _actions(db_url)
    assert ("role", "night_courier added: 30 reveals/hour") in acts
    assert ("purpose", "returns") in acts
    assert bg("audit", "verify", *db).code == 0
    listed = [json.loads(x) for x in bg("roles", "list", *db).out.splitlines()]
    night = next(x for x in listed if x["role"] == "night_courier")
    assert night == {
        "role": "night_courier",
        "description": "夜班",
        "reveals_per_hour": 30,
        "working_hours": None,
        "timezone": "Asia/Shanghai",
        "source": "database",
    }
    purposes = {json.loads(x)["purpose"]: json.loads(x)["source"] for x in
                bg("purposes", "list", *db).out.splitlines()}  # fmt: skip
    assert purposes == {
        "delivery": "file",
        "after_sales": "file",
        "audit": "file",
        "erasure": "file",
        "returns": "database",
    }


@pytest.mark.parametrize(("utc_hour", "allowed"), [(2, True), (12, False)])  # 10:00, 20:00
def test_a_database_roles_working_hours_are_enforced(
    env: Path, db_url: str, folks: list[Person], utc_hour: int, allowed: bool
) -> None:
    at = datetime(2026, 3, 2, utc_hour, 0, tzinfo=timezone.utc)
    opts = jobs.GuardOptions(db=db_url, rules=env / "rules.yaml", clock=FixedClock(at))
    write_csv(env / "p.csv", folks[:1])
    with jobs.guard_session(opts, services) as guard:
        (vid,) = jobs.import_table(
            guard, env / "p.csv", actor="admin", id_column="客户编号", use_model=False
        ).vault_ids
        jobs.add_role(
            guard, "day", actor="admin", working_hours="09:00-18:00", timezone="Asia/Shanghai"
        )
        jobs.add_user(guard, "ann", "day", actor="admin")
        jobs.add_grant(guard, "day", "cn_mobile", "delivery", actor="admin")
        jobs.set_consent(guard, vid, ["delivery"], actor="admin")
        if allowed:
            assert jobs.reveal(guard, vid, "手机", user="ann", purpose="delivery").value
        else:
            with pytest.raises(AccessDenied, match="outside working hours 09:00-18:00"):
                jobs.reveal(guard, vid, "手机", user="ann", purpose="delivery")
        # the limit changed at run time applies to the next decision
        jobs.set_role(guard, "day", actor="admin", any_hours=True)
        assert jobs.reveal(guard, vid, "手机", user="ann", purpose="delivery").value


def test_roles_set_overrides_a_file_role_and_remove_brings_the_file_back(
    bg: Bg, env: Path, db_url: str, folks: list[Person]
) -> None:
    db = ("--db", db_url, "--rules", "rules.yaml")
    v1, v2, v3 = imported(bg, env, db_url, folks[:3])
    assert bg("users", "add", "li.courier", "--role", "courier", *db).code == 0
    assert bg("grant", "courier", "cn_mobile", "--purpose", "delivery", *db).code == 0
    for v in (v1, v2, v3):
        assert bg("consent", "set", v, "--purposes", "delivery", *db).code == 0
    # the file's courier may reveal 2 an hour; the database's definition says 3
    r = bg("roles", "set", "courier", "--reveals-per-hour", "3", *db)
    assert r.code == 0, r.err
    listed = [json.loads(x) for x in bg("roles", "list", *db).out.splitlines()]
    courier = next(x for x in listed if x["role"] == "courier")
    assert (courier["reveals_per_hour"], courier["source"]) == (
        3,
        "database (overrides the rules file)",
    )
    for v in (v1, v2, v3):
        r = bg("reveal", v, "手机", "--as", "li.courier", "--purpose", "delivery", *db)
        assert r.code == 0, r.err
    r = bg("reveal", v1, "手机", "--as", "li.courier", "--purpose", "delivery", *db)
    assert r.code == 3
    assert "hourly limit 3 reached" in r.err
    # no limit at all, then back to the file's 2 (the role stays declared: users keep it)
    assert bg("roles", "set", "courier", "--no-hourly-limit", *db).code == 0
    r = bg("reveal", v1, "手机", "--as", "li.courier", "--purpose", "delivery", *db)
    assert r.code == 0, r.err
    r = bg("roles", "remove", "courier", *db)
    assert r.code == 0, r.err
    assert "the rules file's definition applies" in r.err
    r = bg("reveal", v1, "手机", "--as", "li.courier", "--purpose", "delivery", *db)
    assert r.code == 3
    assert "hourly limit 2 reached" in r.err
    acts = [a for a, _ in _actions(db_url)]
    assert acts.count("role") == 2
    assert acts.count("role_remove") == 1


@pytest.mark.usefixtures("env")
def test_removal_is_refused_while_in_use_then_allowed(bg: Bg, db_url: str) -> None:
    db = ("--db", db_url, "--rules", "rules.yaml")
    assert bg("roles", "add", "night", *db).code == 0
    assert bg("purposes", "add", "returns", *db).code == 0
    assert bg("users", "add", "ann", "--role", "night", *db).code == 0
    assert bg("grant", "night", "cn_mobile", "--purpose", "returns", *db).code == 0
    before = _count(db_url, "bg_audit_events")
    for args, message in (
        (("roles", "remove", "night"), "role 'night' is still used by 1 user(s) and 1 grant(s)"),
        (("purposes", "remove", "returns"), "purpose 'returns' is still used by 1 grant(s)"),
        (("roles", "remove", "dpo"), "role 'dpo' is declared in the rules file"),
        (("purposes", "remove", "audit"), "purpose 'audit' is declared in the rules file"),
        (("revoke", "dpo", "*", "--purpose", "erasure", "--action", "delete"), "rules file"),
    ):
        r = bg(*args, *db)
        assert (r.code, r.out) == (2, ""), (args, r.err)
        assert message in r.err
        assert len(r.err.strip().splitlines()) == 1
    assert _count(db_url, "bg_audit_events") == before
    assert _count(db_url, "bg_roles") == _count(db_url, "bg_purposes") == 1
    assert bg("users", "add", "ann", "--role", "dpo", *db).code == 0
    r = bg("revoke", "night", "cn_mobile", "--purpose", "returns", *db)
    assert r.code == 0, r.err
    assert bg("roles", "remove", "night", *db).code == 0
    assert bg("purposes", "remove", "returns", *db).code == 0
    assert _count(db_url, "bg_roles") == _count(db_url, "bg_purposes") == 0
    acts = [a for a, _ in _actions(db_url)]
    removals = [a for a in acts if a in {"revoke", "role_remove", "purpose_remove"}]
    assert removals == ["revoke", "role_remove", "purpose_remove"]
    r = bg("users", "add", "bob", "--role", "night", *db)
    assert r.code == 2
    assert "unknown role 'night'" in r.err


def test_bad_role_and_purpose_input_exits_2_and_writes_nothing(
    bg: Bg, env: Path, db_url: str, folks: list[Person]
) -> None:
    db = ("--db", db_url, "--rules", "rules.yaml")
    (v1,) = imported(bg, env, db_url, folks[:1])
    assert bg("roles", "add", "night", *db).code == 0
    assert bg("purposes", "add", "returns", *db).code == 0
    before = (
        _count(db_url, "bg_audit_events"),
        sql(db_url, "SELECT * FROM bg_roles"),
        sql(db_url, "SELECT * FROM bg_purposes"),
    )
    cases = [
        (("roles", "add", "night"), "role 'night' is declared already (in the database)"),
        (("roles", "add", "courier"), "role 'courier' is declared already (in the rules file)"),
        (("roles", "add", "夜 班"), "a role name is 1-64 letters"),
        (("roles", "add", "x;drop"), "a role name is 1-64 letters"),
        (("roles", "add", "x", "--reveals-per-hour", "-1"), "reveals_per_hour must be 0 or more"),
        (("roles", "add", "x", "--reveals-per-hour", "many"), "valid integer"),
        (("roles", "add", "x", "--working-hours", "9-18"), "working hours are HH:MM-HH:MM"),
        (("roles", "add", "x", "--working-hours", "18:00-09:00"), "start before they end"),
        (("roles", "add", "x", "--timezone", "Mars/Olympus"), "unknown time zone"),
        (("roles", "set", "pilot", "--reveals-per-hour", "3"), "unknown role 'pilot'"),
        (("roles", "set", "night", "--reveals-per-hour", "-5"), "0 or more"),
        (("roles", "set", "night", "--working-hours", "25:00-26:00"), "HH:MM-HH:MM"),
        (
            ("roles", "set", "night", "--reveals-per-hour", "3", "--no-hourly-limit"),
            "contradict",
        ),
        (("roles", "remove", "pilot"), "unknown role 'pilot'"),
        (("purposes", "add", "returns"), "purpose 'returns' is declared already"),
        (("purposes", "add", "delivery"), "purpose 'delivery' is declared already"),
        (("purposes", "add", "*"), "a purpose name is 1-64 letters"),
        (("purposes", "add", "fun stuff"), "a purpose name is 1-64 letters"),
        (("purposes", "remove", "fun"), "unknown purpose 'fun'"),
        (("users", "add", "x", "--role", "pilot"), "unknown role 'pilot'"),
        (("grant", "night", "cn_mobile", "--purpose", "fun"), "unknown purpose 'fun'"),
        (("consent", "set", v1, "--purposes", "fun"), "unknown purpose 'fun'"),
        (("revoke", "night", "cn_mobile", "--purpose", "returns"), "holds no grant"),
    ]
    for args, message in cases:
        r = bg(*args, *db)
        assert (r.code, r.out) == (2, ""), (args, r.err)
        assert message in r.err, (args, r.err)
        assert len(r.err.strip().splitlines()) == 1, r.err
        assert "Traceback" not in r.err
    after = (
        _count(db_url, "bg_audit_events"),
        sql(db_url, "SELECT * FROM bg_roles"),
        sql(db_url, "SELECT * FROM bg_purposes"),
    )
    assert after == before


STAFF = """
purposes: [returns, delivery]
roles:
  night:
    description: the night shift
    limits: {reveals_per_hour: 1, working_hours: "00:00-24:00", timezone: Asia/Shanghai}
  courier: {}
grants:
  - {role: night, fields: [cn_mobile], purposes: [returns]}
users:
  - {name: ann, role: night}
  - {name: bo.courier, role: courier}
"""


def test_users_import_loads_purposes_roles_and_limits(
    bg: Bg, env: Path, db_url: str, folks: list[Person]
) -> None:
    db = ("--db", db_url, "--rules", "rules.yaml")
    (v1,) = imported(bg, env, db_url, folks[:1])
    (env / "staff.yaml").write_text(STAFF, encoding="utf-8")
    r = bg("users", "import", "staff.yaml", *db)
    assert r.code == 0, r.err
    # delivery is declared by the active rules already: only returns is new
    assert "imported 1 purposes, 1 roles, 2 users and 1 grants" in r.err
    rows = sql(db_url, "SELECT name, description, reveals_per_hour, working_hours, timezone "
                       "FROM bg_roles")  # fmt: skip
    # courier: {} only names a role the active rules declare: its limit of 2 stays
    assert [tuple(x) for x in rows] == [
        ("night", "the night shift", 1, "00:00-24:00", "Asia/Shanghai")
    ]
    assert sql(db_url, "SELECT name FROM bg_purposes") == [("returns",)]
    acts = [a for a, _ in _actions(db_url)]
    assert acts.count("purpose") == 1
    assert acts.count("role") == 1
    # the imported limit is enforced
    assert bg("consent", "set", v1, "--purposes", "returns", *db).code == 0
    assert bg("reveal", v1, "手机", "--as", "ann", "--purpose", "returns", *db).code == 0
    r = bg("reveal", v1, "手机", "--as", "ann", "--purpose", "returns", *db)
    assert r.code == 3
    assert "hourly limit 1 reached" in r.err
    # a second import writes nothing new
    before = _count(db_url, "bg_audit_events")
    r = bg("users", "import", "staff.yaml", *db)
    assert "imported 0 purposes, 0 roles, 0 users and 0 grants" in r.err
    assert _count(db_url, "bg_audit_events") == before  # the users too, as they were
    # a bad file writes nothing at all
    (env / "bad.yaml").write_text(
        "purposes: [x1]\nroles: {owl: {limits: {working_hours: '22:00-06:00'}}}\n"
        "users: [{name: eve, role: owl}]\n",
        encoding="utf-8",
    )
    before = _count(db_url, "bg_audit_events")
    r = bg("users", "import", "bad.yaml", *db)
    assert (r.code, r.out) == (2, "")
    assert "working hours must start before they end" in r.err
    (env / "bad.yaml").write_text(
        "purposes: [x1]\nroles: {'o w l': {}}\nusers: [{name: eve, role: 'o w l'}]\n",
        encoding="utf-8",
    )
    r = bg("users", "import", "bad.yaml", *db)
    assert (r.code, r.out) == (2, "")
    assert "a role name is 1-64 letters" in r.err
    assert "nothing was imported" in r.err
    assert _count(db_url, "bg_audit_events") == before
    assert "eve" not in repr(sql(db_url, "SELECT name FROM bg_users"))
    assert "x1" not in repr(sql(db_url, "SELECT name FROM bg_purposes"))


def test_the_migration_upgrades_a_0006_database_with_data(
    bg: Bg, env: Path, db_url: str, folks: list[Person]
) -> None:
    from alembic import command
    from alembic.config import Config

    from boxguard.storage import connect, migrate
    from boxguard.storage.db import _MIGRATIONS

    db = ("--db", db_url, "--rules", "rules.yaml")
    engine = connect(db_url)
    cfg = Config()
    cfg.set_main_option("script_location", str(_MIGRATIONS))
    with engine.begin() as conn:
        cfg.attributes["connection"] = conn
        command.upgrade(cfg, "0006_guard_admin")
    sql(db_url, "INSERT INTO bg_users (name, role, active) VALUES ('li.courier', 'courier', true)")
    sql(
        db_url,
        "INSERT INTO bg_grants (role, action, field, purpose) "
        "VALUES ('courier', 'reveal', 'cn_mobile', 'delivery')",
    )
    assert sql(db_url, "SELECT version_num FROM alembic_version") == [("0006_guard_admin",)]
    migrate(engine)
    engine.dispose()
    # the head: 0007 (roles, purposes), 0008 (the access version)
    assert sql(db_url, "SELECT version_num FROM alembic_version") == [("0008_access_version",)]
    assert [tuple(r) for r in sql(db_url, "SELECT name, role FROM bg_users")] == [
        ("li.courier", "courier")
    ]
    assert _count(db_url, "bg_roles") == _count(db_url, "bg_purposes") == 0
    # the data from before works with the new tables
    (v1,) = imported(bg, env, db_url, folks[:1])
    assert bg("consent", "set", v1, "--purposes", "delivery", *db).code == 0
    r = bg("reveal", v1, "手机", "--as", "li.courier", "--purpose", "delivery", *db)
    assert (r.code, r.out.strip()) == (0, folks[0].values["手机"]), r.err
    assert bg("roles", "set", "courier", "--reveals-per-hour", "1", *db).code == 0
    r = bg("reveal", v1, "手机", "--as", "li.courier", "--purpose", "delivery", *db)
    assert r.code == 3
    assert "hourly limit 1 reached" in r.err
    # and the migration goes back down (its tables dropped, the rest kept)
    engine = connect(db_url)
    with engine.begin() as conn:
        cfg.attributes["connection"] = conn
        command.downgrade(cfg, "0006_guard_admin")
    engine.dispose()
    assert sql(db_url, "SELECT version_num FROM alembic_version") == [("0006_guard_admin",)]
    assert _count(db_url, "bg_users") == 1
    with pytest.raises(Exception, match="bg_roles"):
        sql(db_url, "SELECT count(*) FROM bg_roles")
