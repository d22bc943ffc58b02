"""The guard verbs end to end through ``main([...])``, on SQLite and PostgreSQL.

import → users → grant → consent → show (masked) → reveal allowed / denied for each
rule → report → delete → reveal after delete → audit verify → tamper → verify fails;
bad input (exit 2, nothing written, no value printed); fail closed when the audit log
cannot store the reveal's event. Synthetic people only (tests/vault_support.py).
"""

from __future__ import annotations

import csv
import hashlib
import io
import json
import os
import stat
import sys
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import create_engine, text

from boxguard import services
from boxguard.clock import FixedClock
from boxguard.crypto.keys import Keyset
from boxguard.dburl import sqlalchemy_url
from boxguard.errors import AccessDenied
from boxguard.jobs import guard as jobs
from tests.vault_support import Person, people

RULES = """
purposes: [delivery, after_sales, audit, erasure]
roles:
  courier: {limits: {reveals_per_hour: 2}}
  customer_service: {}
  dpo: {}
  admin: {}
grants:
  - {role: customer_service, action: export, fields: ["*"], purposes: [audit]}
  - {role: dpo, action: approve_export, purposes: [audit]}
  - {role: dpo, action: delete, purposes: [erasure]}
users:
  - {name: admin, role: admin}
"""


@dataclass
class Ran:
    code: int
    out: str
    err: str


Bg = Callable[..., Ran]


@pytest.fixture
def folks() -> list[Person]:
    return people(4, seed=11)


@pytest.fixture
def env(guard_folder: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A working folder with a keyset in BOXGUARD_KEYSET and a rules file."""
    tmp_path = guard_folder
    monkeypatch.setenv("NO_COLOR", "1")
    monkeypatch.setenv("COLUMNS", "300")
    (tmp_path / "rules.yaml").write_text(RULES, encoding="utf-8")
    return tmp_path


@pytest.fixture
def bg(capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> Bg:
    """Run ``boxguard ARGS`` in this process; (exit code, stdout, stderr)."""
    from boxguard.adapters.cli.app import main

    def run(*args: str, stdin: str = "") -> Ran:
        monkeypatch.setattr(sys, "stdin", io.StringIO(stdin))
        capsys.readouterr()
        with pytest.raises(SystemExit) as ex:
            main(list(args))
        out, err = capsys.readouterr()
        return Ran(int(ex.value.code or 0), out, err)

    return run


def write_csv(path: Path, folks: list[Person]) -> None:
    columns = list(folks[0].values)
    with open(path, "w", encoding="utf-8", newline="") as fh:
        w = csv.writer(fh, lineterminator="\n")
        w.writerow(columns)
        w.writerows([p.values[c] for c in columns] for p in folks)


def sql(db_url: str, statement: str) -> list[Any]:
    engine = create_engine(sqlalchemy_url(db_url))
    try:
        with engine.begin() as conn:
            result = conn.execute(text(statement))
            return list(result) if result.returns_rows else []
    finally:
        engine.dispose()


def imported(bg, env: Path, db: str, folks: list[Person]) -> list[str]:
    write_csv(env / "people.csv", folks)
    r = bg(
        "vault",
        "import",
        "people.csv",
        "--id-column",
        "客户编号",
        "--as",
        "admin",
        "--no-model",
        "--db",
        db,
        "--rules",
        "rules.yaml",
    )
    assert r.code == 0, r.err
    ids = r.out.split()
    assert len(ids) == len(folks)
    assert all(v.startswith("v_") for v in ids)
    return ids


def values_in(output: str, folks: list[Person]) -> list[str]:
    """Every personal value of ``folks`` that appears in ``output`` (ids excepted)."""
    return [v for p in folks for c, v in p.values.items() if c != "客户编号" and v and v in output]


def test_an_import_is_by_a_known_active_user_and_once_a_person(
    bg: Bg, env: Path, db_url: str, folks: list[Person]
) -> None:
    """QA: `vault import --as ghost.user` (or a disabled user) was accepted, and a second
    import of the same table stored everyone again."""
    db = ("--db", db_url, "--rules", "rules.yaml")
    write_csv(env / "people.csv", folks)
    args = ("vault", "import", "people.csv", "--id-column", "客户编号", "--no-model", *db)
    r = bg(*args, "--as", "ghost.user")
    assert (r.code, r.out) == (2, "")
    assert "unknown user 'ghost.user'" in r.err
    assert bg("users", "add", "g2", "--role", "dpo", "--disabled", *db).code == 0
    r = bg(*args, "--as", "g2")
    assert (r.code, r.out) == (3, "")
    assert "user is disabled" in r.err
    ids = imported(bg, env, db_url, folks)
    r = bg(*args, "--as", "admin")
    assert (r.code, r.out) == (2, "")
    assert f"{len(folks)} row(s)" in r.err
    assert "nothing imported" in r.err
    assert values_in(r.err, folks) == []
    phone = folks[0].values["手机"]
    assert bg("vault", "find", "cn_mobile", "-", "--as", "admin", *db, stdin=phone).out.split() == [
        ids[0]
    ]
    two = f"{phone}\n{folks[1].values['手机']}\n"  # QA: the first looked up, the rest dropped
    r = bg("vault", "find", "cn_mobile", "-", "--as", "admin", *db, stdin=two)
    assert (r.code, r.out) == (2, "")
    assert "one value on standard input, not 2 lines" in r.err
    # QA: a kind mistyped said "not found" (exit 1), as if the person were not there
    for name in ("cn_moblie", phone):
        r = bg("vault", "find", name, "-", "--as", "admin", *db, stdin=phone)
        assert (r.code, r.out) == (2, "")
        assert "not a kind id nor the name of an imported id column" in r.err
        assert phone not in r.err
        assert len(r.err.strip().splitlines()) == 1


def test_the_whole_flow(bg: Bg, env: Path, db_url: str, folks: list[Person]) -> None:  # noqa: PLR0915
    db = ("--db", db_url, "--rules", "rules.yaml")
    v1, v2, v3, _ = imported(bg, env, db_url, folks)
    mobile = folks[0].values["手机"]

    for name, role in (
        ("li.courier", "courier"),
        ("sun.dpo", "dpo"),
        ("wang.cs", "customer_service"),
    ):
        assert bg("users", "add", name, "--role", role, *db).code == 0
    r = bg("grant", "courier", "cn_mobile", "--purpose", "delivery", *db)
    assert r.code == 0, r.err
    assert "grant courier reveal cn_mobile for delivery" in r.err
    for v in (v1, v3):
        assert bg("consent", "set", v, "--purposes", "delivery,audit", *db).code == 0

    # show: masked for the courier, no value on any stream
    r = bg("vault", "show", v1, "--as", "li.courier", *db)
    assert r.code == 0, r.err
    shown = json.loads(r.out)
    assert shown["客户编号"] == folks[0].values["客户编号"]
    assert shown["身份证号"] == "[已隐藏]"
    assert values_in(r.out + r.err, folks) == []

    # find: by value on stdin; a value on the command line warns about ps
    r = bg("vault", "find", "cn_mobile", "-", "--as", "li.courier", *db, stdin=mobile + "\n")
    assert (r.code, r.out.split()) == (1, [v1])  # found: 1, as scan and trace (QA)
    r = bg("vault", "find", "cn_mobile", "13900000000", "--as", "li.courier", *db)
    assert r.code == 0
    assert r.out == ""
    assert "visible to other users in ps" in r.err

    # reveal allowed: the value on stdout, the event number on stderr
    r = bg("reveal", v1, "手机", "--as", "li.courier", "--purpose", "delivery", "--ref", "T-1", *db)
    assert (r.code, r.out) == (0, mobile + "\n"), r.err
    event = int(r.err.rsplit("recorded as audit event ", 1)[1].split()[0])
    log = [json.loads(line) for line in bg("audit", "log", *db).out.splitlines()]
    assert log[event]["action"] == "reveal"
    assert log[event]["outcome"] == "ok"
    assert log[event]["reference"] == "T-1"
    assert mobile not in json.dumps(log, ensure_ascii=False)

    # denied, each rule: exit 3, nothing on stdout, the rule named on stderr
    denials = [
        ((v1, "身份证号", "delivery"), "no grant for field 身份证号 and purpose delivery"),
        ((v2, "手机", "delivery"), "no consent for purpose delivery"),
    ]
    for (vid, field, purpose), rule in denials:
        r = bg("reveal", vid, field, "--as", "li.courier", "--purpose", purpose, *db)
        assert (r.code, r.out) == (3, ""), r.err
        assert rule in r.err
        assert "recorded as audit event" in r.err
        assert len(r.err.strip().splitlines()) == 1
        assert values_in(r.err, folks) == []
    r = bg("reveal", v3, "手机", "--as", "li.courier", "--purpose", "delivery", *db)
    assert r.code == 0, "the second reveal within the hour is allowed (limit 2)"
    r = bg("reveal", v3, "手机", "--as", "li.courier", "--purpose", "delivery", *db)
    assert (r.code, r.out) == (3, "")
    assert "hourly limit 2 reached" in r.err

    # the person's report lists the reveals, allowed and denied
    r = bg("vault", "report", v1, *db)
    assert r.code == 0
    report = [json.loads(line) for line in r.out.splitlines()]
    reveals = [(x["outcome"], x["fields"]) for x in report if x["action"] == "reveal"]
    assert ("ok", ["手机"]) in reveals
    assert ("denied", ["身份证号"]) in reveals
    assert values_in(r.out, folks) == []

    # mine: only the caller's own events
    r = bg("audit", "mine", "--as", "li.courier", *db)
    mine = [json.loads(line) for line in r.out.splitlines()]
    assert mine
    assert {e["actor"] for e in mine} == {"li.courier"}

    # four eyes export: asked, refused for the requester, approved by the DPO, run once
    r = bg(
        "vault",
        "export",
        "--as",
        "wang.cs",
        "--purpose",
        "audit",
        "--ids",
        v3,
        "--fields",
        "手机",
        *db,
    )
    assert r.code == 0, r.err
    approval = r.out.strip()
    r = bg("vault", "approve", approval, "--as", "wang.cs", *db)
    assert r.code == 3
    assert "(recorded as audit event " in r.err, "QA: the denial named no event"
    assert bg("vault", "approve", approval, "--as", "sun.dpo", *db).code == 0
    nowhere = str(env / "no-such-folder" / "e.jsonl")
    r = bg("vault", "export", "--as", "wang.cs", "--approval", approval, "-o", nowhere, *db)
    assert r.code == 2, "an --out that cannot be written does not use the export up"
    out = env / "e.jsonl"
    r = bg("vault", "export", "--as", "wang.cs", "--approval", approval, "-o", str(out), *db)
    assert r.code == 0, r.err
    assert [json.loads(x) for x in out.read_text("utf-8").splitlines()] == [
        {"vault_id": v3, "fields": {"手机": folks[2].values["手机"]}}  # QA: which record is it?
    ]
    assert stat.S_IMODE(out.stat().st_mode) == 0o600, "QA: clear values were world-readable"
    assert bg("vault", "export", "--as", "wang.cs", "--approval", approval, *db).code == 3

    # delete, then a reveal fails and prints nothing
    r = bg("vault", "delete", v1, "--as", "li.courier", "--purpose", "erasure", *db)
    assert r.code == 3, "the courier has no delete grant"
    assert bg("vault", "delete", v1, "--as", "sun.dpo", "--purpose", "erasure", *db).code == 0
    r = bg("reveal", v1, "手机", "--as", "li.courier", "--purpose", "delivery", *db)
    assert r.code == 2
    assert r.out == ""
    assert mobile not in r.err
    assert "deleted" in r.err
    assert "recorded as audit event" in r.err
    report = [json.loads(x) for x in bg("vault", "report", v1, *db).out.splitlines()]
    assert report[-1]["action"] in {"delete", "reveal"}
    assert any(x["action"] == "delete" and x["outcome"] == "ok" for x in report)

    # the log verifies; an edited row is named
    r = bg("audit", "verify", *db)
    assert r.code == 0, r.err
    assert "intact" in r.err
    sql(db_url, f"UPDATE bg_audit_events SET actor = 'someone.else' WHERE seq = {event}")
    r = bg("audit", "verify", *db)
    assert r.code == 1
    assert f"event {event}" in r.err


def test_audit_export_is_verified_by_an_outside_auditor(
    bg: Bg, env: Path, db_url: str, folks: list[Person]
) -> None:
    db = ("--db", db_url, "--rules", "rules.yaml")
    imported(bg, env, db_url, folks[:2])
    assert bg("users", "add", "li.courier", "--role", "courier", *db).code == 0
    r = bg("audit", "export", "--out", "exp", *db)
    assert r.code == 0, r.err
    key = env / "exp" / jobs.PUBLIC_KEY_FILE
    auditor = env / "auditor.pem"
    auditor.write_text(key.read_text(encoding="utf-8"), encoding="utf-8")
    # the auditor has no keyset and no database
    r = bg("audit", "verify-export", "exp", "--public-key", str(auditor))
    assert r.code == 0, r.err
    lines = (env / "exp" / jobs.EXPORT_FILE).read_text(encoding="utf-8").splitlines()
    assert values_in("\n".join(lines), folks) == []
    lines[2] = lines[2].replace('"put"', '"get"')
    (env / "exp" / jobs.EXPORT_FILE).write_text("\n".join(lines) + "\n", encoding="utf-8")
    r = bg("audit", "verify-export", "exp", "--public-key", str(auditor))
    assert r.code == 1
    assert "event 1" in r.err


def test_a_tail_cut_with_its_heads_is_caught_with_a_head_kept_elsewhere(
    bg: Bg, env: Path, db_url: str, folks: list[Person]
) -> None:
    """QA: audit.md says a tail cut off with its heads (a genuine older log) is caught by a
    trusted head, but the command line had no way to pass one."""
    db = ("--db", db_url, "--rules", "rules.yaml")
    imported(bg, env, db_url, folks[:2])
    r = bg("audit", "verify", "--keep-head", "early.json", *db)
    assert r.code == 0, r.err
    assert bg("audit", "export", "--out", "exp", *db).code == 0
    for name in ("x1", "x2"):
        assert bg("users", "add", name, "--role", "courier", *db).code == 0
    assert (
        bg("audit", "verify", "--trusted", "early.json", "--keep-head", "late.json", *db).code == 0
    )
    n = sql(db_url, "SELECT max(seq) FROM bg_audit_events")[0][0] + 1
    sql(db_url, f"DELETE FROM bg_audit_events WHERE seq >= {n - 2}")
    sql(db_url, f"DELETE FROM bg_audit_heads WHERE tree_size >= {n - 1}")
    assert bg("audit", "verify", *db).code == 0, "without a head kept elsewhere: the limit"
    for trusted in ("early.json", "exp"):  # older than the cut: nothing to see
        assert bg("audit", "verify", "--trusted", trusted, *db).code == 0, trusted
    r = bg("audit", "verify", "--trusted", "late.json", *db)
    assert r.code == 1
    assert f"a trusted head covers {n} events but the log holds {n - 2}" in r.err
    r = bg("audit", "verify", "--trusted", "rules.yaml", *db)
    assert (r.code, r.err.count("\n")) == (2, 1)


def test_audit_log_table_format(bg: Bg, env: Path, folks: list[Person]) -> None:
    imported(bg, env, "sqlite:///guard.db", folks[:1])
    r = bg("audit", "log", "--format", "table", "--db", "sqlite:///guard.db")
    assert r.code == 0
    # a table made with rich (QA: it was tab-separated text), one event a row
    rows = [line.split() for line in r.out.splitlines() if line.strip()]
    assert rows[0][:3] == ["seq", "time", "action"]
    assert set("".join(rows[1])) == {"─"}
    assert [row[3:5] for row in rows[2:]] == [["put", "admin"]]
    assert "\t" not in r.out
    # piped and not asked: JSONL, as every verb
    r = bg("audit", "log", "--db", "sqlite:///guard.db")
    assert [json.loads(x)["action"] for x in r.out.splitlines()] == ["put"]
    assert bg("audit", "log", "--format", "xml", "--db", "sqlite:///guard.db").code == 2


# -- bad input: one line, exit 2, nothing written, no value ---------------------------------
def _events(db_url: str) -> int:
    return int(sql(db_url, "SELECT count(*) FROM bg_audit_events")[0][0])


def test_bad_names_exit_2_before_anything_is_written(
    bg: Bg, env: Path, db_url: str, folks: list[Person]
) -> None:
    db = ("--db", db_url, "--rules", "rules.yaml")
    v1, *_ = imported(bg, env, db_url, folks[:1])
    assert bg("users", "add", "li.courier", "--role", "courier", *db).code == 0
    assert bg("grant", "courier", "cn_mobile", "--purpose", "delivery", *db).code == 0
    assert bg("consent", "set", v1, "--purposes", "delivery", *db).code == 0
    before = _events(db_url)
    mobile, idno = folks[0].values["手机"], folks[0].values["身份证号"]
    cases = [
        (
            ("reveal", v1, "手机", "--as", "nobody", "--purpose", "delivery"),
            "unknown user 'nobody'",
        ),
        (("reveal", v1, "手机", "--as", "li.courier", "--purpose", "fun"), "unknown purpose 'fun'"),
        (("reveal", v1, "鞋码", "--as", "li.courier", "--purpose", "delivery"), "no field '鞋码'"),
        (("users", "add", "x", "--role", "pilot"), "unknown role 'pilot'"),
        (("grant", "pilot", "cn_mobile", "--purpose", "delivery"), "unknown role 'pilot'"),
        (("grant", "courier", "cn_mobile", "--purpose", "fun"), "unknown purpose 'fun'"),
        (("consent", "set", v1, "--purposes", "fun"), "unknown purpose 'fun'"),
        (("vault", "show", v1, "--as", "nobody"), "unknown user 'nobody'"),
        (("vault", "show", "v_000000000000000000000000", "--as", "li.courier"), "no record"),
        # QA: a value typed in the wrong place was echoed back
        (("reveal", v1, mobile, "--as", "li.courier", "--purpose", "delivery"), "no field …"),
        (("reveal", v1, "手机", "--as", mobile, "--purpose", "delivery"), "unknown user …"),
        (("reveal", v1, "手机", "--as", "li.courier", "--purpose", idno), "unknown purpose …"),
        (("consent", "set", v1, "--purposes", mobile), "purpose …"),
        (("serve", "--threads", "0"), "--threads"),
        (("serve", "--threads", "17"), "--threads"),
    ]
    for args, message in cases:
        r = bg(*args, *db)
        assert (r.code, r.out) == (2, ""), (args, r.err)
        assert message in r.err
        assert len(r.err.strip().splitlines()) == 1
        assert values_in(r.err, folks) == []
    assert _events(db_url) == before


def test_missing_keyset_exits_2_and_creates_nothing(
    bg: Bg, env: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("BOXGUARD_KEYSET")
    r = bg("audit", "verify", "--db", "sqlite:///guard.db")
    assert (r.code, r.out) == (2, "")
    assert "no keyset" in r.err
    assert not (env / "guard.db").exists()


def test_wrong_keyset_exits_2_and_appends_nothing(
    bg: Bg, env: Path, db_url: str, folks: list[Person], monkeypatch: pytest.MonkeyPatch
) -> None:
    db = ("--db", db_url, "--rules", "rules.yaml")
    v1, *_ = imported(bg, env, db_url, folks[:1])
    before = _events(db_url)
    monkeypatch.setenv("BOXGUARD_KEYSET", Keyset.generate().to_json())
    for args in (("vault", "show", v1, "--as", "admin"), ("users", "add", "x", "--role", "dpo")):
        r = bg(*args, *db)
        assert (r.code, r.out) == (2, "")
        assert "wrong keyset" in r.err
    assert _events(db_url) == before


def test_a_new_sqlite_database_is_its_owners_only(bg: Bg, env: Path, folks: list[Person]) -> None:
    """QA: boxguard.db (ciphertext, blind indexes, the audit log) was made 0644."""
    db = env / "fresh.db"
    imported(bg, env, f"sqlite:///{db}", folks[:1])
    for path in (db, *env.glob("fresh.db-*")):  # (its -wal and -shm files too)
        assert stat.S_IMODE(path.stat().st_mode) == 0o600, path


def test_an_undeclared_consent_purpose_imports_nobody(
    bg: Bg, env: Path, db_url: str, folks: list[Person]
) -> None:
    """QA: a consent purpose not declared, on row 2, was found while storing (row 1 stayed
    stored); a phone in the consent column was echoed."""
    db = ("--db", db_url, "--rules", "rules.yaml")
    imported(bg, env, db_url, folks[:1])  # (the admin user and a first person)
    before = _events(db_url)
    columns = [*folks[1].values, "consent"]
    lines = [",".join(columns)]
    for p, consent in ((folks[1], "delivery"), (folks[2], folks[2].values["手机"])):
        lines.append(",".join([*p.values.values(), consent]))
    (env / "more.csv").write_text("\n".join(lines) + "\n", "utf-8")
    r = bg("vault", "import", "more.csv", "--id-column", "客户编号", "--as", "admin", *db)
    assert (r.code, r.out) == (2, ""), r.err
    assert "row 2, column 'consent': purpose … is not declared" in r.err
    assert "nothing imported" in r.err
    assert values_in(r.err, folks) == []
    assert _events(db_url) == before


@pytest.mark.parametrize("edit", ["signature = root_hash", "root_hash = signature"])
def test_an_edited_newest_head_is_tampering_not_a_wrong_keyset(
    bg: Bg, env: Path, db_url: str, folks: list[Person], edit: str
) -> None:
    """QA: zeroing the newest head's signature made every verb, audit verify too, say
    "wrong keyset" and exit 2; a 64-byte root was an internal error. Verify now names the
    event (exit 1); the other verbs stop."""
    db = ("--db", db_url, "--rules", "rules.yaml")
    imported(bg, env, db_url, folks[:2])
    newest = "(SELECT max(tree_size) FROM bg_audit_heads)"
    sql(db_url, f"UPDATE bg_audit_heads SET {edit} WHERE tree_size = {newest}")
    before = _events(db_url)
    r = bg("audit", "verify", *db)
    assert r.code == 1, r.err
    assert "first bad: event" in r.out + r.err
    r = bg("users", "add", "x", "--role", "dpo", *db)
    assert (r.code, r.out) == (2, "")
    assert "newest head" in r.err
    assert "wrong keyset" not in r.err
    assert _events(db_url) == before


def test_database_of_a_newer_schema_is_refused(
    bg: Bg, env: Path, db_url: str, folks: list[Person]
) -> None:
    db = ("--db", db_url, "--rules", "rules.yaml")
    imported(bg, env, db_url, folks[:1])
    before = _events(db_url)
    sql(db_url, "UPDATE alembic_version SET version_num = '0099_from_the_future'")
    r = bg("users", "add", "x", "--role", "dpo", *db)
    assert (r.code, r.out) == (2, "")
    assert "'0099_from_the_future' is newer than this boxguard" in r.err
    assert sql(db_url, "SELECT version_num FROM alembic_version") == [("0099_from_the_future",)]
    assert _events(db_url) == before


def _refuse_audit_inserts(db_url: str) -> None:
    if db_url.startswith("sqlite"):
        sql(
            db_url,
            "CREATE TRIGGER audit_read_only BEFORE INSERT ON bg_audit_events "
            "BEGIN SELECT RAISE(ABORT, 'read-only'); END",
        )
        return
    sql(
        db_url,
        "CREATE FUNCTION audit_read_only() RETURNS trigger AS $$ BEGIN "
        "RAISE EXCEPTION 'read-only'; END $$ LANGUAGE plpgsql",
    )
    sql(
        db_url,
        "CREATE TRIGGER audit_read_only BEFORE INSERT ON bg_audit_events "
        "FOR EACH ROW EXECUTE FUNCTION audit_read_only()",
    )


def test_reveal_fails_closed_when_the_audit_log_cannot_store_it(
    bg: Bg, env: Path, db_url: str, folks: list[Person]
) -> None:
    db = ("--db", db_url, "--rules", "rules.yaml")
    v1, *_ = imported(bg, env, db_url, folks[:1])
    assert bg("users", "add", "li.courier", "--role", "courier", *db).code == 0
    assert bg("grant", "courier", "cn_mobile", "--purpose", "delivery", *db).code == 0
    assert bg("consent", "set", v1, "--purposes", "delivery", *db).code == 0
    before = _events(db_url)
    _refuse_audit_inserts(db_url)
    r = bg("reveal", v1, "手机", "--as", "li.courier", "--purpose", "delivery", *db)
    assert r.code == 2
    assert r.out == ""
    assert values_in(r.err, folks) == []
    assert "audit" in r.err
    assert _events(db_url) == before


# -- the working-hours rule, with the clock fixed at the job level ---------------------------
HOURS_RULES = RULES.replace(
    "courier: {limits: {reveals_per_hour: 2}}",
    'courier: {limits: {working_hours: "09:00-18:00", timezone: Asia/Shanghai}}',
)


@pytest.mark.parametrize(
    ("utc_hour", "allowed"),
    [(2, True), (12, False)],  # 10:00 and 20:00 in Shanghai
)
def test_outside_working_hours_is_denied(
    env: Path, db_url: str, folks: list[Person], utc_hour: int, allowed: bool
) -> None:
    (env / "hours.yaml").write_text(HOURS_RULES, encoding="utf-8")
    at = datetime(2026, 3, 2, utc_hour, 0, tzinfo=timezone.utc)
    opts = jobs.GuardOptions(db=db_url, rules=env / "hours.yaml", clock=FixedClock(at))
    write_csv(env / "p.csv", folks[:1])
    with jobs.guard_session(opts, services) as guard:
        (vid,) = jobs.import_table(
            guard, env / "p.csv", actor="admin", id_column="客户编号", use_model=False
        ).vault_ids
        jobs.add_user(guard, "li.courier", "courier", actor="admin")
        jobs.add_grant(guard, "courier", "cn_mobile", "delivery", actor="admin")
        jobs.set_consent(guard, vid, ["delivery"], actor="admin")
        if allowed:
            done = jobs.reveal(guard, vid, "手机", user="li.courier", purpose="delivery")
            assert done.value == folks[0].values["手机"]
        else:
            with pytest.raises(AccessDenied, match="outside working hours 09:00-18:00"):
                jobs.reveal(guard, vid, "手机", user="li.courier", purpose="delivery")
        last = list(guard.audit.events())[-1].event
        assert (last.action, last.outcome) == ("reveal", "ok" if allowed else "denied")


GUARD_VERBS = [
    "vault import", "vault find", "vault show", "vault report", "vault delete", "vault export",
    "vault approve", "vault rotate", "users add", "users import", "users token", "users tokens",
    "users revoke-token", "roles add", "roles set", "roles list", "roles remove",
    "purposes add", "purposes list", "purposes remove", "grant", "revoke", "consent set",
    "reveal", "audit log", "audit verify",
    "audit export", "audit verify-export", "audit mine", "audit prune", "serve",
]  # fmt: skip


@pytest.mark.parametrize("verb", GUARD_VERBS)
@pytest.mark.usefixtures("env")
def test_every_guard_verb_has_a_purpose_two_examples_and_db(bg: Bg, verb: str) -> None:
    r = bg(*verb.split(), "--help")
    assert r.code == 0
    purpose = r.out.split("\n\n")[1].strip()
    assert purpose
    assert purpose.endswith(".")
    examples = [line for line in r.out.splitlines() if line.strip().startswith("boxguard ")]
    assert len(examples) >= 2, r.out
    # the outside auditor's check needs no database (nor keyset)
    assert ("--db" in r.out) == (verb != "audit verify-export")
    assert "--keys" not in r.out, "keys never come from a flag"


def test_rules_come_from_the_flag_the_variable_or_the_guard_setting(
    bg: Bg, env: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (env / "owl.yaml").write_text("purposes: [night]\nroles: {night_owl: {}}\n", encoding="utf-8")
    db = ("--db", "sqlite:///guard.db")
    # the shipped rules have no such role
    r = bg("users", "add", "ann", "--role", "night_owl", *db)
    assert r.code == 2
    assert "unknown role 'night_owl'" in r.err
    assert "courier" in r.err, "the shipped rules declare the policies' roles"
    assert bg("users", "add", "ann", "--role", "night_owl", "--rules", "owl.yaml", *db).code == 0
    monkeypatch.setenv("BOXGUARD_RULES", "owl.yaml")
    assert bg("users", "add", "bob", "--role", "night_owl", *db).code == 0
    monkeypatch.delenv("BOXGUARD_RULES")
    (env / "boxguard.toml").write_text('[guard]\nrules = "owl.yaml"\n', encoding="utf-8")
    assert bg("users", "add", "cy", "--role", "night_owl", *db).code == 0
    (env / "boxguard.toml").write_text('[guard]\nrulez = "owl.yaml"\n', encoding="utf-8")
    r = bg("users", "add", "dee", "--role", "night_owl", *db)
    assert r.code == 2
    assert "[guard] has no setting 'rulez'" in r.err


def test_the_hourly_limit_reads_only_the_last_hour(db_url: str) -> None:
    """SqlAuditLog.events_since (what the vault's hourly limit reads) selects the actor's
    events after the given time, exactly those the full scan would count."""
    from datetime import timedelta

    from boxguard.audit.events import AuditEvent
    from boxguard.storage import connect, migrate
    from boxguard.storage.audit import SqlAuditLog
    from boxguard.vault import reveals_in_last_hour

    t0 = datetime(2026, 3, 2, 2, 0, tzinfo=timezone.utc)
    clock = FixedClock(t0)
    engine = connect(db_url)
    migrate(engine)
    log = SqlAuditLog(engine, Keyset.generate(), clock=clock)
    for minutes, actor in ((0, "a"), (10, "b"), (30, "a"), (59, "a"), (61, "a"), (90, "b")):
        clock.at = t0 + timedelta(minutes=minutes)
        log.append(AuditEvent(action="reveal", actor=actor, outcome="ok"))
    now = t0 + timedelta(minutes=89)
    recent = log.events_since("a", now - timedelta(hours=1))
    assert [r.seq for r in recent] == [2, 3, 4]
    everything = list(log.events(actor="a"))
    assert len(everything) == 4
    assert reveals_in_last_hour(recent, now) == reveals_in_last_hour(everything, now) == 3
    engine.dispose()


def test_vault_rotate_rewraps_data_keys_and_retires_the_old_kek(
    bg: Bg, env: Path, db_url: str, folks: list[Person], monkeypatch: pytest.MonkeyPatch
) -> None:
    db = ("--db", db_url, "--rules", "rules.yaml")
    old = Keyset.from_json(os.environ["BOXGUARD_KEYSET"])
    v1, v2 = imported(bg, env, db_url, folks[:2])
    assert bg("users", "add", "wang.cs", "--role", "customer_service", *db).code == 0
    assert bg("grant", "customer_service", "*", "--purpose", "after_sales", *db).code == 0
    assert bg("consent", "set", v1, "--purposes", "after_sales", *db).code == 0
    before = sql(db_url, "SELECT vault_id, name, ciphertext FROM bg_vault_fields ORDER BY 1, 2")
    assert {r[0] for r in sql(db_url, "SELECT kek_id FROM bg_vault_keys")} == {old.primary_id}

    new = old.rotate()
    monkeypatch.setenv("BOXGUARD_KEYSET", new.to_json())
    r = bg("vault", "rotate", *db)
    assert r.code == 0, r.err
    assert "rewrapped 2 data keys" in r.err
    assert f"KEK {old.primary_id} any more: retired" in r.err
    assert {r[0] for r in sql(db_url, "SELECT kek_id FROM bg_vault_keys")} == {new.primary_id}
    after = sql(db_url, "SELECT vault_id, name, ciphertext FROM bg_vault_fields ORDER BY 1, 2")
    assert [tuple(a) for a in after] == [tuple(b) for b in before], "data not re-encrypted"
    again = bg("vault", "rotate", *db)
    assert again.code == 0
    assert "rewrapped 0 data keys" in again.err

    # the old KEK is no longer needed: a keyset without it still reveals and finds
    only_new = Keyset({new.primary_id: new.keys[new.primary_id]}, new.primary_id)
    monkeypatch.setenv("BOXGUARD_KEYSET", only_new.to_json())
    r = bg("reveal", v1, "手机", "--as", "wang.cs", "--purpose", "after_sales", *db)
    assert (r.code, r.out.strip()) == (0, folks[0].values["手机"]), r.err
    r = bg("vault", "find", "cn_mobile", "-", "--as", "wang.cs", *db, stdin=folks[1].values["手机"])
    assert r.code == 1, r.err  # found
    assert r.out.split() == [v2]
    actions = [a for (a,) in sql(db_url, "SELECT action FROM bg_audit_events ORDER BY seq")]
    assert actions.count("rotate") == 2
    monkeypatch.setenv("BOXGUARD_KEYSET", new.to_json())
    assert bg("audit", "verify", *db).code == 0


@pytest.mark.usefixtures("env")
def test_users_tokens_lists_ids_and_revoke_token_revokes(bg: Bg, db_url: str) -> None:
    db = ("--db", db_url, "--rules", "rules.yaml")
    assert bg("users", "add", "li.courier", "--role", "courier", *db).code == 0
    assert bg("users", "add", "wang.cs", "--role", "customer_service", *db).code == 0
    t1 = bg("users", "token", "li.courier", *db).out.strip()
    t2 = bg("users", "token", "li.courier", *db).out.strip()
    t3 = bg("users", "token", "wang.cs", *db).out.strip()
    r = bg("users", "tokens", *db)
    assert r.code == 0, r.err
    listed = [json.loads(line) for line in r.out.splitlines()]
    assert len(listed) == 3
    assert all(t not in r.out for t in (t1, t2, t3))
    assert {x["user"] for x in listed} == {"li.courier", "wang.cs"}
    id1 = hashlib.sha256(t1.encode()).hexdigest()[:12]
    assert id1 in {x["id"] for x in listed}
    r = bg("users", "revoke-token", id1, *db)
    assert r.code == 0, r.err
    assert f"revoked API tokens {id1} (li.courier)" in r.err
    assert bg("users", "revoke-token", id1, *db).code == 2  # revoked already
    assert bg("users", "revoke-token", "0" * 12, *db).code == 2  # no such token
    assert bg("users", "revoke-token", "not-hex", *db).code == 2
    assert bg("users", "revoke-token", *db).code == 2  # neither an id nor --user
    mine = [
        json.loads(x) for x in bg("users", "tokens", "--user", "li.courier", *db).out.splitlines()
    ]
    assert sorted(x["revoked"] is None for x in mine) == [False, True]
    r = bg("users", "revoke-token", "--user", "li.courier", *db)
    assert r.code == 0
    assert "li.courier" in r.err
    left = [json.loads(x) for x in bg("users", "tokens", *db).out.splitlines()]
    assert [x["user"] for x in left if x["revoked"] is None] == ["wang.cs"]
    refs = [
        ref
        for a, ref in sql(db_url, "SELECT action, reference FROM bg_audit_events ORDER BY seq")
        if a == "token_revoke"
    ]
    assert len(refs) == 2
    assert id1 in refs[0]
    assert bg("audit", "verify", *db).code == 0


def test_a_database_that_cannot_be_used_says_why_in_words(bg: Bg, env: Path) -> None:
    """QA: `--db` errors said `migration failed: OperationalError` (or DatabaseError,
    NoSuchModuleError): the type, not the cause, nor what to do."""
    (env / "junk.db").write_text("not a database\n", encoding="utf-8")
    for db, says in (
        (f"sqlite:///{env}/no/such/folder/x.db", "no database at"),  # read: never created
        ("postgresql://u:secret@127.0.0.1:1/x", "connection refused (is the server running"),
        ("sqlite:///junk.db", "not a SQLite database (or a damaged one)"),
        ("garbage://x", "not a database URL boxguard knows"),
    ):
        r = bg("audit", "verify", "--db", db)
        assert r.code == 2, db
        assert says in r.err, r.err
        assert "Error" not in r.err
        assert "secret" not in r.err


def test_the_token_table_is_made_only_when_a_view_tokenizes(
    bg: Bg, env: Path, db_url: str, folks: list[Person], monkeypatch: pytest.MonkeyPatch
) -> None:
    """QA: every guard verb (``users add``, ``vault find``…) created an empty token
    database; it is opened at the first token a masked view needs."""
    monkeypatch.delenv("BOXGUARD_TOKENS", raising=False)
    db = ("--db", db_url, "--rules", "rules.yaml")
    tokens = env / "boxguard-tokens.db"
    ids = imported(bg, env, db_url, folks)
    assert bg("users", "add", "li.courier", "--role", "courier", *db).code == 0
    r = bg(
        "vault", "find", "cn_mobile", "-", "--as", "li.courier", *db, stdin=folks[0].values["手机"]
    )
    assert (r.code, r.out.split()) == (1, ids[:1])
    assert not tokens.exists()
    r = bg("vault", "show", ids[0], "--as", "li.courier", *db)
    assert r.code == 0, r.err
    assert json.loads(r.out)["手机"].startswith("tok_")  # the courier's virtual number
    assert tokens.exists()
