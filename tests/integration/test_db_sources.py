"""Databases as scan and inventory sources, on SQLite, PostgreSQL and MariaDB/MySQL.

The server tests run against the real servers of scripts/pg-test-server and
scripts/mariadb-test-server (``make test`` starts both) and skip without them.
"""

from __future__ import annotations

import json
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy.engine import make_url

from tests.integration.conftest import SourceDb, _source_db
from tests.integration.test_cli import LINE, MOBILE, bg, jsonl

#: Column types for a BLOB and a JSON document, by backend.
BLOB = {"sqlite": "BLOB", "postgres": "BYTEA", "mysql": "BLOB"}
JSON_TYPE = {"sqlite": "TEXT", "postgres": "JSONB", "mysql": "JSON"}
JSON_VALUE = {"postgres": "CAST(:doc AS JSONB)"}
RAW_MOBILE, DOC_MOBILE = "13912340002", "13912340003"


def _ours(docs: list[dict]) -> set[str]:  # type: ignore[type-arg]
    """The sources of our database's own tables: the PostgreSQL test server is shared, and
    a scan reads every schema of it, other tests' ``t_….customers`` among them."""
    return {d["source"] for d in docs if "." not in d["source"].rsplit("/table:", 1)[1]}


def _customers(db: SourceDb, rows: int = 20) -> None:
    db.run(
        "CREATE TABLE customers (id INTEGER PRIMARY KEY, 姓名 VARCHAR(20), mobile VARCHAR(20), "
        f"note TEXT, raw {BLOB[db.backend]}, doc {JSON_TYPE[db.backend]})",
        "CREATE TABLE other_log (msg TEXT)",
    )
    for i in range(rows):
        db.run(
            "INSERT INTO customers VALUES "
            f"(:i, :name, :mobile, :note, :raw, {JSON_VALUE.get(db.backend, ':doc')})",
            i=i,
            name="王芳",
            mobile=f"1391234{i:04d}",
            note="老客户",
            raw=f"手机：{RAW_MOBILE}".encode(),
            doc=json.dumps({"备注": "回访", "tel": DOC_MOBILE}, ensure_ascii=False),
        )
    db.run("INSERT INTO other_log VALUES (:msg)", msg=LINE)


def test_tables_are_sampled_and_each_column_read_as_its_backend_stores_it(
    source_db: SourceDb,
) -> None:
    _customers(source_db)
    r = bg(
        "scan", "-f", "jsonl", "--show-values", "--sample", "5", "--tables", "cust*", source_db.url
    )
    assert r.returncode == 1, r.stderr
    docs = [d for d in jsonl(r.stdout) if d["source"] in _ours([d])]
    assert _ours(docs) == {f"{source_db.label}/table:customers"}
    cols = {c["column"]: c for d in docs if "columns" in d for c in d["columns"]}
    assert cols["mobile"]["kind"] == "cn_mobile"
    assert cols["姓名"]["kind"] == "person_name"
    assert cols["mobile"]["cells"] == 5  # --sample: the first 5 rows
    found = [(f["column"], f) for d in docs if "findings" in d for f in d["findings"]]
    raw = [f for c, f in found if c == "raw"]
    assert [f["value"] for f in raw] == [RAW_MOBILE] * 5  # a BLOB holding text
    assert raw[0]["start"] == 3  # offsets into the stored text, not into b'...'
    assert [f["value"] for c, f in found if c == "doc"] == [DOC_MOBILE] * 5  # JSON
    everything = bg("scan", "-f", "jsonl", source_db.url)
    sources = _ours(jsonl(everything.stdout))
    assert sources == {f"{source_db.label}/table:{t}" for t in ("customers", "other_log")}


def test_a_table_or_column_named_by_a_personal_value_is_written_by_its_place(
    source_db: SourceDb, tmp_path: Path
) -> None:
    """QA: a table named 13812345678 with a column named by an ID number was written out as
    it was named; a column name with a | or a line break broke inventory.md's table."""
    q = "`" if source_db.backend == "mysql" else '"'
    source_db.run(f"CREATE TABLE {q}13812345678{q} ({q}110105194912310025{q} TEXT, {q}a|b{q} TEXT)")
    source_db.run(
        f"INSERT INTO {q}13812345678{q} VALUES (:a, :b)", a=f"手机{MOBILE}", b=f"电话{MOBILE}"
    )
    r = bg("scan", "-f", "jsonl", source_db.url)
    assert r.returncode == 1, r.stderr
    for secret in ("13812345678", "110105194912310025"):
        assert secret not in r.stdout + r.stderr
    columns = {f["column"] for d in jsonl(r.stdout) for f in d.get("findings", [])}
    assert columns == {"column_1", "a|b"}
    inv = bg("inventory", "-o", str(tmp_path / "inv"), source_db.url)
    assert inv.returncode == 1, inv.stderr
    md = (tmp_path / "inv" / "inventory.md").read_text("utf-8")
    assert "110105194912310025" not in md
    assert "a\\|b" in md


def test_inventory_keeps_two_databases_tables_apart(source_db: SourceDb, tmp_path: Path) -> None:
    _customers(source_db, rows=3)
    other = tmp_path / "other" / "crm.db"  # the same file name, in another folder
    other.parent.mkdir()
    twin = SourceDb("sqlite", f"sqlite:///{other}", f"sqlite:///{other}", f"sqlite:{other}")
    _customers(twin, rows=2)
    inv = bg("inventory", "--format", "json", source_db.url, twin.url)
    assert inv.returncode == 1, inv.stderr
    doc = json.loads(inv.stdout)
    mobile = doc["categories"]["basic"]["kinds"]["cn_mobile"]["sources"]
    counts = {s["source"]: s["count"] for s in mobile}
    assert counts[f"{source_db.label}/table:customers"] >= 3
    assert counts[f"{twin.label}/table:customers"] >= 2
    assert f"{source_db.label}/table:customers" != f"{twin.label}/table:customers"
    assert set(doc["columns"]) >= {f"{db.label}/table:customers" for db in (source_db, twin)}


def _reader(db: SourceDb) -> tuple[str, str, list[str], list[str]]:
    """A login that may read ``customers`` but not ``other_log``: its URL, its password,
    and the statements that make it and drop it."""
    name, password = "r_" + uuid.uuid4().hex[:10], "Rd-" + uuid.uuid4().hex[:12]
    u = make_url(db.url)
    if db.backend == "postgres":
        schema = u.query["options"].rsplit("=", 1)[1]  # type: ignore[union-attr]
        make = [
            f"CREATE ROLE {name} LOGIN PASSWORD '{password}'",
            f'GRANT USAGE ON SCHEMA "{schema}" TO {name}',
            f'GRANT SELECT ON "{schema}".customers TO {name}',
        ]
        drop = [f"DROP OWNED BY {name}", f"DROP ROLE {name}"]
    else:  # INSERT only: MySQL hides a table the user has no privilege on at all
        make = [
            f"CREATE USER '{name}'@'127.0.0.1' IDENTIFIED BY '{password}'",
            f"GRANT SELECT ON `{u.database}`.customers TO '{name}'@'127.0.0.1'",
            f"GRANT INSERT ON `{u.database}`.other_log TO '{name}'@'127.0.0.1'",
        ]
        drop = [f"DROP USER '{name}'@'127.0.0.1'"]
    url = u.set(username=name, password=password).render_as_string(hide_password=False)
    return url, password, make, drop


def test_a_table_the_user_may_not_read_is_named_and_the_scan_goes_on(
    server_db: SourceDb, tmp_path: Path
) -> None:
    _customers(server_db, rows=3)
    url, password, make, drop = _reader(server_db)
    server_db.run(*make)
    try:
        out = tmp_path / "report.jsonl"
        r = bg("scan", "-f", "jsonl", "-o", str(out), url)
        assert r.returncode == 2, r.stderr
        assert not out.exists()  # no --out that looks complete
        r = bg("scan", "-f", "jsonl", url)
        assert r.returncode == 2
        said = f"{server_db.label}/table:other_log: permission denied for this user; skipped"
        assert f"boxguard: error: {said}" in r.stderr.splitlines()  # (PostgreSQL: and others')
        assert all(line.endswith("; skipped") for line in r.stderr.splitlines())
        assert "Traceback" not in r.stderr
        assert password not in r.stderr
        assert _ours(jsonl(r.stdout)) == {f"{server_db.label}/table:customers"}
    finally:
        server_db.run(*drop)


def _with(url: str, **parts: object) -> str:
    return make_url(url).set(**parts).render_as_string(hide_password=False)  # type: ignore[arg-type]


def test_each_connection_failure_says_what_failed_in_one_line(
    server_db: SourceDb, tmp_path: Path
) -> None:
    url = server_db.url
    scheme = url.split("://", 1)[0]
    cases = [
        (_with(url, port=1), "connection refused (is the server running at that host and port?)"),
        (_with(url, database="no_such_db_x"), "no such database on this server"),
        (_with(url, username="no_such_role_x"), "login failed (unknown user or wrong password)"),
    ]
    text = tmp_path / "notes.txt"
    text.write_text(LINE, encoding="utf-8")
    for bad, said in cases:
        r = bg("scan", "-f", "jsonl", bad, str(text))
        assert r.returncode == 2, (bad, r.stderr)
        (line,) = r.stderr.splitlines()
        assert line.startswith(f"boxguard: error: {scheme}://"), line
        assert line.endswith(f": {said}"), line
        assert {d["source"] for d in jsonl(r.stdout)} == {str(text)}  # the scan went on


@pytest.fixture
def mysql_db(tmp_path: Path) -> Iterator[SourceDb]:
    with _source_db("mysql", tmp_path) as db:
        yield db


@pytest.mark.mysql
def test_a_wrong_password_is_a_failed_login_and_never_shown(mysql_db: SourceDb) -> None:
    # (the PostgreSQL test server trusts loopback logins: there a password is never wrong)
    _customers(mysql_db, rows=1)
    url, password, make, drop = _reader(mysql_db)
    mysql_db.run(*make)
    try:
        wrong = "Wr0ng-" + uuid.uuid4().hex[:8]
        r = bg("scan", _with(url, password=wrong))
        assert r.returncode == 2, r.stderr
        assert r.stderr.strip().endswith(": login failed (unknown user or wrong password)")
        assert wrong not in r.stderr
        assert password not in r.stderr
        assert bg("scan", "--tables", "customers", url).returncode == 1  # the right one logs in
    finally:
        mysql_db.run(*drop)


def test_a_file_that_is_no_sqlite_database_says_so(tmp_path: Path) -> None:
    text = tmp_path / "notes.db"
    text.write_text(LINE * 200, encoding="utf-8")
    r = bg("scan", f"sqlite:///{text}")
    assert r.returncode == 2
    assert (
        r.stderr.strip()
        == f"boxguard: error: sqlite:///{text}: not a SQLite database (or a damaged one)"
    )


@pytest.mark.mysql
def test_mysql_and_mariadb_urls_reach_the_same_server(mysql_db: SourceDb) -> None:
    server_db = mysql_db
    server_db.run("CREATE TABLE t (mobile VARCHAR(20))", "INSERT INTO t VALUES ('" + MOBILE + "')")
    rest = server_db.url.split("://", 1)[1]
    for scheme in ("mysql", "mariadb", "mysql+pymysql", "mariadb+pymysql"):
        r = bg("scan", "-f", "jsonl", f"{scheme}://{rest}")
        assert r.returncode == 1, (scheme, r.stderr)
        (doc,) = [d for d in jsonl(r.stdout) if "findings" in d]
        assert (
            doc["source"] == f"{scheme.split('+')[0]}://{server_db.label.split('://')[1]}/table:t"
        )
