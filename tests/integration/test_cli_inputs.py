"""`boxguard scan` on awkward inputs, as a data-protection engineer meets them (QA findings)."""

from __future__ import annotations

import json
import os
import sqlite3
import zipfile
from pathlib import Path

import pytest

from tests.integration.test_cli import ID, LINE, MOBILE, bg, jsonl

OTHER_MOBILE = "13912345670"
DIGIT_ID = "110105198001011000"  # a synthetic resident ID whose check character is a digit


def _findings(stdout: str) -> list[dict]:  # type: ignore[type-arg]
    return [f for d in jsonl(stdout) for f in d.get("findings", [])]


def test_a_csv_without_header_is_scanned_whole_and_never_echoes_values(tmp_path: Path) -> None:
    csv = tmp_path / "nohdr.csv"
    csv.write_text(f"张伟,{MOBILE},{ID}\n李娜,{OTHER_MOBILE},x\n", encoding="utf-8")
    r = bg("scan", "--format", "jsonl", str(csv))
    assert r.returncode == 1, r.stderr
    assert MOBILE not in r.stdout
    assert ID not in r.stdout
    kinds = [(f["column"], f["kind"]) for f in _findings(r.stdout)]
    assert ("column_2", "cn_mobile") in kinds
    assert ("column_3", "cn_resident_id") in kinds
    assert sum(k == "cn_mobile" for _, k in kinds) == 2  # the first row is a record too
    inv = bg("inventory", "--format", "json", str(csv))
    assert MOBILE not in inv.stdout
    assert ID not in inv.stdout


def test_undecodable_stdin_and_lone_surrogates_are_read_not_crashed_on(tmp_path: Path) -> None:
    import subprocess
    import sys

    data = f"手机：{MOBILE}\n".encode() + b"\xff\xfe\xfd bad " + f"{OTHER_MOBILE}\n".encode()
    r = subprocess.run(
        [sys.executable, "-m", "boxguard", "scan", "--format", "jsonl", "-"],
        input=data,
        capture_output=True,
        check=False,
    )
    assert r.returncode == 1, r.stderr
    assert b"internal error" not in r.stderr
    assert len(_findings(r.stdout.decode())) == 2
    gbk = subprocess.run(
        [sys.executable, "-m", "boxguard", "scan", "-f", "jsonl", "--kinds", "cn_mobile", "-"],
        input=f"收件人：张伟 手机：{MOBILE}\n".encode("gbk"),
        capture_output=True,
        check=False,
    )
    (f,) = _findings(gbk.stdout.decode())
    assert "context:手机" in f["evidence"]  # the label was decoded, not mangled
    cut = tmp_path / "cut.jsonl"
    cut.write_text('{"id": "z", "text": "lone \\ud83d 手机：' + MOBILE + '"}\n', encoding="utf-8")
    r2 = bg("scan", "--format", "jsonl", "--show-values", str(cut))
    assert r2.returncode == 1, r2.stderr
    (f2,) = _findings(r2.stdout)
    assert (f2["start"], f2["value"]) == (10, MOBILE)
    assert "surrogate" in r2.stderr


@pytest.mark.parametrize("fmt", ["jsonl", "csv", "sarif", "table"])
def test_a_lone_surrogate_in_a_json_key_or_id_is_written_as_u_fffd(
    tmp_path: Path, fmt: str
) -> None:
    src = tmp_path / "keys.jsonl"
    src.write_text(f'{{"\\ud83d": "{MOBILE}"}}\n{{"id": "\\udc00", "a": "{MOBILE}"}}\n', "utf-8")
    r = bg("scan", "-f", fmt, str(src))
    assert r.returncode == 1, r.stderr
    assert "internal error" not in r.stderr
    if fmt == "jsonl":
        docs = jsonl(r.stdout)
        assert [d["id"] for d in docs] == [1, "\ufffd"]
        assert docs[0]["findings"][0]["path"] == "$['\ufffd']"


@pytest.mark.parametrize("fmt", ["jsonl", "csv", "sarif", "table"])
def test_an_id_that_is_personal_information_is_written_masked(tmp_path: Path, fmt: str) -> None:
    """The output names a JSON record by its ``id``: an id that is itself an ID number or a
    phone is masked there, as its finding's preview is."""
    src = tmp_path / "ids.jsonl"
    lines = [
        {"id": ID, "a": "x"},
        {"id": int(MOBILE), "t": "无"},
        {"id": "u1", "t": f"手机{MOBILE}"},
    ]
    src.write_text("".join(json.dumps(x) + "\n" for x in lines), "utf-8")
    doc = tmp_path / "ids.json"
    doc.write_text(json.dumps([{"id": f"c-{MOBILE}"}]), "utf-8")
    r = bg("scan", "-f", fmt, str(src), str(doc))
    assert r.returncode == 1, r.stderr
    assert ID not in r.stdout
    assert MOBILE not in r.stdout
    if fmt == "jsonl":
        ids = [d["id"] for d in jsonl(r.stdout)]
        assert ids == [ID[:3] + "*" * 11 + ID[-4:], "138****5678", "u1", "c-138****5678"]


def test_records_sharing_an_id_stay_separate_records(tmp_path: Path) -> None:
    src = tmp_path / "dup.jsonl"
    lines = [
        {"id": "conv-1", "text": f"手机：{MOBILE}"},
        {"id": "conv-1", "text": f"我的电话是 {OTHER_MOBILE} 谢谢"},
        {"id": None, "text": "无"},
    ]
    src.write_text("".join(json.dumps(x, ensure_ascii=False) + "\n" for x in lines), "utf-8")
    r = bg("scan", "--format", "jsonl", "--all", str(src))
    docs = jsonl(r.stdout)
    assert [d["id"] for d in docs] == ["conv-1", "conv-1", None]
    assert [len(d["findings"]) for d in docs] == [1, 1, 0]
    assert docs[1]["findings"][0]["start"] == 6


def test_one_bad_input_is_reported_and_the_rest_still_scanned(tmp_path: Path) -> None:
    folder = tmp_path / "mixed"
    folder.mkdir()
    (folder / "a.txt").write_text(LINE, encoding="utf-8")
    (folder / "b.xlsx").write_bytes(b"PK\x03\x04 not really a workbook")
    (folder / "c.jsonl").write_text(
        '{"text": "手机：' + MOBILE + '"}\n{"text": oops}\n{"body": 1}\n{"text": "' + ID + '"}\n',
        encoding="utf-8",
    )
    r = bg("scan", "--format", "jsonl", "--field", "text", str(folder))  # {"body"}: no text
    assert r.returncode == 2
    sources = {d["source"] for d in jsonl(r.stdout)}
    assert sources == {str(folder / "a.txt"), str(folder / "c.jsonl")}
    errors = r.stderr.strip().splitlines()
    assert len(errors) == 3, r.stderr  # the workbook, and two lines of the JSONL file
    assert all(e.startswith("boxguard: error: ") for e in errors)
    assert "c.jsonl:2" in r.stderr
    assert "c.jsonl:3" in r.stderr


def test_a_lone_carriage_return_does_not_shift_line_numbers(tmp_path: Path) -> None:
    src = tmp_path / "cr.txt"
    src.write_bytes(f"first\rstill line one\n手机：{MOBILE}\r\n".encode())
    r = bg("scan", "--format", "jsonl", str(src))
    assert [d["id"] for d in jsonl(r.stdout)] == [2]


def test_sqlite_values_arrive_exact_and_each_table_is_named(tmp_path: Path) -> None:
    db = tmp_path / "crm.db"
    with sqlite3.connect(db) as conn:
        conn.execute("CREATE TABLE people (idno DECIMAL(18,0), card NUMERIC, raw BLOB)")
        conn.execute(
            "INSERT INTO people VALUES (?, ?, ?)", (int(DIGIT_ID), 1, f"手机：{MOBILE}".encode())
        )
        conn.execute("CREATE TABLE orders (tel TEXT)")
        conn.execute("INSERT INTO orders VALUES (?)", (OTHER_MOBILE,))
    r = bg("scan", "--format", "jsonl", "--show-values", f"sqlite:///{db}")
    assert r.returncode == 1, r.stderr
    lines = [d for d in jsonl(r.stdout) if "findings" in d]
    values = {(d["source"], f["column"], f["value"]) for d in lines for f in d["findings"]}
    people, orders = f"sqlite:{db}/table:people", f"sqlite:{db}/table:orders"
    assert (people, "idno", DIGIT_ID) in values  # not a float's 1.10105198001011e17
    assert (people, "raw", MOBILE) in values  # a BLOB holding text
    assert (orders, "tel", OTHER_MOBILE) in values
    raw = next(f for d in lines for f in d["findings"] if f["column"] == "raw")
    assert raw["start"] == 3  # offsets into the stored text, not into b'...'


def test_a_mistyped_database_path_is_an_error_and_creates_nothing(tmp_path: Path) -> None:
    typo = tmp_path / "typo.db"
    r = bg("scan", f"sqlite:///{typo}")
    assert r.returncode == 2
    assert "no such database file" in r.stderr
    assert not typo.exists()
    r2 = bg("scan", "postgresql://127.0.0.1:1/db?user=bob&password=S3cretPW")
    assert r2.returncode == 2
    assert "S3cretPW" not in r2.stderr
    r3 = bg("scan", "mongodb://bob:S3cret@127.0.0.1/db")
    assert r3.returncode == 2
    assert "S3cret" not in r3.stderr
    assert "not supported" in r3.stderr
    r4 = bg("scan", "mysql://bob:S3cret@127.0.0.1:1/db")
    assert r4.returncode == 2
    assert "S3cret" not in r4.stderr
    assert "connection refused" in r4.stderr


@pytest.mark.parametrize(
    ("url", "says"),
    [
        ("sqlite:t.db", "a SQLite database is sqlite:///PATH"),
        ("sqlite://t.db", "a SQLite database is sqlite:///PATH"),
        ("postgresql://u:S3cret@127.0.0.1:notaport/db", "not a database URL boxguard can open"),
        ("postgresql://u:S3cret@[::1:5432/db", "not a database URL boxguard can open"),
        ("postgresql://u:S3cret@127.0.0.1:99999/db", "not a port number"),
    ],
)
def test_a_malformed_database_url_is_one_line(url: str, says: str) -> None:
    """QA: these were `internal error (IndexError)` / `(ValueError)` / `database error
    (OperationalError)`."""
    r = bg("scan", url)
    assert r.returncode == 2
    assert says in r.stderr
    assert "S3cret" not in r.stderr
    assert len(r.stderr.strip().splitlines()) == 1


def test_a_server_that_accepts_and_says_nothing_times_out() -> None:
    """QA: `scan postgresql://…` of a host that accepts the connection and then says
    nothing waited forever (still waiting at 120 s)."""
    import socket
    import time

    with socket.socket() as silent:
        silent.bind(("127.0.0.1", 0))
        silent.listen(8)
        port = silent.getsockname()[1]
        started = time.monotonic()
        r = bg("scan", f"postgresql://u:S3cret@127.0.0.1:{port}/db")
        took = time.monotonic() - started
    assert r.returncode == 2
    assert "server not reachable (host name, network or timeout)" in r.stderr
    assert took < 30


@pytest.mark.parametrize("fmt", ["table", "sarif", "jsonl"])
def test_nothing_read_prints_no_nothing_found(tmp_path: Path, fmt: str) -> None:
    """QA: the only input failing still printed "No personal information found in 0
    records" (or an empty SARIF log) on stdout, beside the error."""
    r = bg("scan", "--format", fmt, f"sqlite:///{tmp_path / 'nope.db'}")
    assert (r.returncode, r.stdout) == (2, "")
    assert "no such database file" in r.stderr


def test_a_full_text_index_is_read_once(tmp_path: Path) -> None:
    """QA: a SQLite FTS5 table was reported as itself and as its shadow fts_content."""
    import sqlite3

    db = tmp_path / "notes.db"
    with sqlite3.connect(db) as conn:
        conn.execute("CREATE VIRTUAL TABLE notes USING fts5(body)")
        conn.execute("INSERT INTO notes VALUES (?)", (f"电话{MOBILE}",))
    r = bg("scan", "--format", "jsonl", f"sqlite:///{db}")
    assert r.returncode == 1, r.stderr
    found = [d["source"] for d in jsonl(r.stdout) if "findings" in d]
    assert found == [f"sqlite:{db}/table:notes"]


def test_a_tables_glob_that_matches_nothing_is_an_error(tmp_path: Path) -> None:
    """QA: a mistyped --tables exited 0, as "nothing found"."""
    import sqlite3

    db = tmp_path / "crm.db"
    with sqlite3.connect(db) as conn:
        conn.execute("CREATE TABLE customers (phone TEXT)")
        conn.execute("INSERT INTO customers VALUES ('13812345678')")
    r = bg("scan", "--tables", "custmers", f"sqlite:///{db}")
    assert r.returncode == 2
    assert "no table matches --tables custmers" in r.stderr
    assert bg("scan", "--tables", "cust*", f"sqlite:///{db}").returncode == 1


def test_field_names_that_look_like_values_are_not_echoed(tmp_path: Path) -> None:
    src = tmp_path / "keys.jsonl"
    src.write_text(json.dumps({MOBILE: "张伟", "body": "x"}) + "\n", encoding="utf-8")
    r = bg("scan", "--field", "text", str(src))
    assert r.returncode == 2
    assert MOBILE not in r.stderr
    assert "body" in r.stderr


def test_corrupt_workbook_parts_get_the_file_named(tmp_path: Path) -> None:
    from openpyxl import Workbook

    wb = Workbook()
    ws = wb.active
    assert ws is not None
    ws.append(["生日", "手机"])
    import datetime

    ws.append([datetime.datetime(1982, 6, 7), MOBILE])
    good = tmp_path / "good.xlsx"
    wb.save(good)
    r = bg("scan", "--format", "jsonl", str(good))
    cols = {c["column"]: c["kind"] for d in jsonl(r.stdout) for c in d.get("columns", [])}
    assert cols == {"生日": "birth_date", "手机": "cn_mobile"}
    bad = tmp_path / "bad.xlsx"
    with zipfile.ZipFile(good) as zin, zipfile.ZipFile(bad, "w") as zout:
        for item in zin.infolist():
            data = zin.read(item.filename)
            if item.filename.endswith("sheet1.xml"):
                data = data[: len(data) // 2]  # a sheet cut in half
            zout.writestr(item, data)
    r2 = bg("scan", str(bad))
    assert r2.returncode == 2
    assert "bad.xlsx" in r2.stderr
    assert "internal error" not in r2.stderr


def test_sarif_lines_and_columns_are_what_a_code_scanner_reads(tmp_path: Path) -> None:
    src = tmp_path / "ids.jsonl"
    src.write_text(
        '{"id": 1001, "text": "无"}\n{"id": 1002, "text": "😀手机：' + MOBILE + '"}\n', "utf-8"
    )
    text = tmp_path / "emoji.txt"
    text.write_text("无\n😀😀手机：" + MOBILE + "\n", encoding="utf-8")
    r = bg("scan", "--format", "sarif", str(src), str(text))
    run = json.loads(r.stdout)["runs"][0]
    assert run["columnKind"] == "unicodeCodePoints"
    regions = {
        res["locations"][0]["physicalLocation"]["artifactLocation"]["uri"].rsplit("/", 1)[-1]: res[
            "locations"
        ][0]["physicalLocation"]["region"]
        for res in run["results"]
    }
    assert regions["ids.jsonl"] == {"startLine": 2}
    assert regions["emoji.txt"] == {"startLine": 2, "startColumn": 6, "endColumn": 17}


@pytest.mark.postgres
def test_postgres_tables_in_every_schema_are_scanned() -> None:
    import uuid

    from sqlalchemy import create_engine, text
    from sqlalchemy.engine import make_url

    base = os.environ.get("BOXGUARD_TEST_PG_URL")
    if not base:
        pytest.skip("BOXGUARD_TEST_PG_URL not set: no PostgreSQL for this run")
    schema = "crm_" + uuid.uuid4().hex[:10]
    engine = create_engine(base)
    with engine.begin() as conn:
        conn.execute(text(f'CREATE SCHEMA "{schema}"'))
        conn.execute(text(f'CREATE TABLE "{schema}".customers (mobile TEXT, amount NUMERIC)'))
        conn.execute(
            text(f'INSERT INTO "{schema}".customers VALUES (:m, :n)'),
            {"m": MOBILE, "n": int(DIGIT_ID)},
        )
        # a partitioned table: its parent reads the partition's rows (QA: counted twice)
        conn.execute(
            text(f'CREATE TABLE "{schema}".orders (id INT, tel TEXT) PARTITION BY RANGE (id)')
        )
        conn.execute(
            text(
                f'CREATE TABLE "{schema}".orders_1 PARTITION OF "{schema}".orders '
                "FOR VALUES FROM (0) TO (100)"
            )
        )
        conn.execute(text(f'INSERT INTO "{schema}".orders VALUES (1, :m)'), {"m": MOBILE})
    try:
        r = bg("scan", "--format", "jsonl", "--tables", f"{schema}.*", base)
        assert r.returncode == 1, r.stderr
        cols = {
            (d["source"], c["column"]): c["kind"]
            for d in jsonl(r.stdout)
            for c in d.get("columns", [])
        }
        u = make_url(base)
        where = f"postgresql://{u.host}:{u.port}/{u.database}/table:{schema}.customers"
        assert cols[(where, "mobile")] == "cn_mobile"
        assert cols[(where, "amount")] == "cn_resident_id"  # exact digits
        tables = {d["source"].rpartition("/table:")[2] for d in jsonl(r.stdout)}
        assert tables == {f"{schema}.customers", f"{schema}.orders"}, "no partition twice"
        none = bg("scan", "--tables", "no_such_table_*", base)
        assert none.returncode == 2  # a mistyped name is no "nothing found"
        assert "no table matches" in none.stderr
    finally:
        with engine.begin() as conn:
            conn.execute(text(f'DROP SCHEMA "{schema}" CASCADE'))
        engine.dispose()


def test_folder_globs_prune_folders_and_reach_the_top(tmp_path: Path) -> None:
    root = tmp_path / "repo"
    (root / "node_modules" / "pkg").mkdir(parents=True)
    (root / "logs").mkdir()
    (root / "node_modules" / "pkg" / "a.log").write_text(LINE, encoding="utf-8")
    (root / "top.log").write_text(LINE, encoding="utf-8")
    (root / "logs" / "deep.log").write_text(LINE, encoding="utf-8")
    (root / "notes.txt").write_text(LINE, encoding="utf-8")
    r = bg("scan", "-f", "jsonl", "--include", "**/*.log", "--exclude", "node_modules", str(root))
    sources = {Path(d["source"]).name for d in jsonl(r.stdout)}
    assert sources == {"top.log", "deep.log"}


def test_out_takes_its_format_from_the_suffix_and_keeps_the_mode(tmp_path: Path) -> None:
    src = tmp_path / "in.txt"
    src.write_text(LINE, encoding="utf-8")
    out = tmp_path / "report.csv"
    out.write_text("old\n", encoding="utf-8")
    out.chmod(0o644)
    r = bg("scan", "-o", str(out), str(src))
    assert r.returncode == 1, r.stderr
    assert out.read_text(encoding="utf-8").startswith("source,id,column,start,end,kind")
    assert out.stat().st_mode & 0o777 == 0o644
    missing = tmp_path / "no" / "such" / "out.jsonl"
    r2 = bg("scan", "-o", str(missing), str(src))
    assert r2.returncode == 2
    assert str(missing) in r2.stderr
    assert ".tmp" not in r2.stderr


def test_usage_errors_are_one_line_and_all_lists_empty_records(tmp_path: Path) -> None:
    r = bg("scan", "--bogus", "x")
    assert r.returncode == 2
    assert r.stderr.strip().count("\n") == 0, r.stderr
    assert r.stderr.startswith("boxguard: error: No such option: --bogus")
    src = tmp_path / "nulls.jsonl"
    src.write_text('{"id": 1, "text": null}\n{"id": 2, "text": "无"}\n', encoding="utf-8")
    docs = jsonl(bg("scan", "-f", "jsonl", "--all", str(src)).stdout)
    assert [d["id"] for d in docs] == [1, 2]


def test_the_encoding_is_found_after_a_long_ascii_start(tmp_path: Path) -> None:
    src = tmp_path / "mixed.log"
    ascii_part = "".join(f"2026-12-02 10:00:{i % 60:02d} GET /health 200\n" for i in range(3000))
    assert len(ascii_part) > 65536
    src.write_bytes(ascii_part.encode() + f"收件人：张伟 手机：{MOBILE}\n".encode("gbk"))
    r = bg("scan", "-f", "jsonl", "--kinds", "cn_mobile", str(src))
    (f,) = _findings(r.stdout)
    assert "context:手机" in f["evidence"]
    assert "not valid" not in r.stderr


def _long_line() -> str:
    """A line of about 2.5 pieces whose first piece ends inside a mobile number."""
    from boxguard.io.sources import LINE_PIECE

    rec = f"收件人：张伟 手机：{MOBILE} 身份证{ID}，备注：无。"
    body = rec * (LINE_PIECE * 5 // 2 // len(rec))
    at = body.rindex(MOBILE, 0, LINE_PIECE - 5)
    return "x" * (LINE_PIECE - 5 - at) + body


def test_a_line_longer_than_a_piece_gives_the_findings_of_the_whole_line(tmp_path: Path) -> None:
    from boxguard import Scanner
    from boxguard.io.sources import LINE_PIECE

    line = _long_line()
    (tmp_path / "dump.txt").write_text(line + "\n" + LINE, encoding="utf-8")
    r = bg("scan", "--no-model", "--format", "jsonl", str(tmp_path / "dump.txt"))
    assert r.returncode == 1, r.stderr
    first, second = jsonl(r.stdout)  # one JSONL line per text line, however long
    whole = Scanner(models=()).scan(line)
    assert any(f.start < LINE_PIECE < f.end for f in whole), "a value crosses a piece's end"
    assert first == {"id": 1, "findings": [f.to_dict() for f in whole]}
    assert second["id"] == 2
    assert len(second["findings"]) == 3

    rows = bg("scan", "--no-model", "--format", "csv", str(tmp_path / "dump.txt")).stdout
    assert len(rows.splitlines()) == 1 + len(whole) + 3


def test_a_long_line_ends_where_the_file_ends(tmp_path: Path) -> None:
    from boxguard.io.sources import LINE_PIECE

    exact = tmp_path / "exact.txt"  # a full piece, no newline: the reader reads an empty end
    exact.write_text("无" * (LINE_PIECE - 13) + "手机" + MOBILE, encoding="utf-8")
    crlf = tmp_path / "crlf.txt"  # the \r ends a piece, the \n starts the next
    crlf.write_text("无" * (LINE_PIECE - 14) + "手机" + MOBILE + "\r\n" + LINE, encoding="utf-8")
    blank = tmp_path / "blank.txt"
    blank.write_text("无" * (3 * LINE_PIECE) + "\n", encoding="utf-8")
    r = bg("scan", "--no-model", "-f", "jsonl", "--kinds", "cn_mobile", str(exact), str(crlf))
    assert r.returncode == 1, r.stderr
    got = [(d["source"], d["id"], [f["start"] for f in d["findings"]]) for d in jsonl(r.stdout)]
    assert got == [
        (str(exact), 1, [LINE_PIECE - 11]),
        (str(crlf), 1, [LINE_PIECE - 12]),
        (str(crlf), 2, [LINE.index(MOBILE)]),
    ]
    quiet = bg("scan", "--no-model", "-f", "jsonl", "--all", str(blank))
    assert quiet.returncode == 0, quiet.stderr
    assert jsonl(quiet.stdout) == [{"id": 1, "findings": []}]


@pytest.mark.parametrize("verb", ["scan", "mask"])
def test_a_cut_jsonl_line_is_blamed_at_its_end_not_on_the_next_line(
    tmp_path: Path, verb: str
) -> None:
    src = tmp_path / "cut.jsonl"
    src.write_text(f'{{"a": "ok"}}\n{{"a":"{MOBILE}"\n', "utf-8")
    r = bg(verb, str(src))
    assert r.returncode == 2
    assert f"{src}:2: not valid JSON (column 19)" in r.stderr  # was "column 1"


def test_scan_refuses_to_write_its_report_over_an_input(tmp_path: Path) -> None:
    """QA: ``scan FILE --out FILE`` replaced the file with its report (mask refuses it)."""
    src = tmp_path / "notes.txt"
    src.write_text(LINE, encoding="utf-8")
    r = bg("scan", "notes.txt", str(tmp_path / "other.txt"), "--out", "notes.txt", cwd=tmp_path)
    assert r.returncode == 2
    assert "--out notes.txt is the input file" in r.stderr
    assert src.read_text(encoding="utf-8") == LINE


def test_a_csv_field_longer_than_pythons_csv_limit_is_read(tmp_path: Path) -> None:
    """QA: a cell over 131,072 characters (Python's csv default) was "malformed" to scan and
    an internal error to mask; a field of any length is read, as a line of any length."""
    src = tmp_path / "notes.csv"
    src.write_text(f'id,note\n1,"{"x " * 70_000}{MOBILE}"\n2,ok\n', encoding="utf-8")
    r = bg("scan", "-f", "jsonl", "notes.csv", cwd=tmp_path)
    assert r.returncode == 1, r.stderr
    assert [f["start"] for f in _findings(r.stdout)] == [140_000]
    r = bg("mask", "notes.csv", "--out", "masked.csv", cwd=tmp_path)
    assert r.returncode == 0, r.stderr
    masked = (tmp_path / "masked.csv").read_text(encoding="utf-8")
    assert MOBILE not in masked
    assert masked.count("x ") == 70_000


def _mask_stdin(data: bytes) -> tuple[int, bytes, str]:
    import subprocess
    import sys

    r = subprocess.run(
        [sys.executable, "-m", "boxguard", "mask", "-"],
        input=data,
        capture_output=True,
        check=False,
    )
    return r.returncode, r.stdout, r.stderr.decode()


def test_mask_reads_standard_input_in_its_encoding_and_refuses_binary(tmp_path: Path) -> None:
    """QA: ``mask -`` took GBK input as UTF-8: every Chinese value (names, addresses,
    plates) passed through readable, written back in GBK; binary input passed through."""
    line = "客户张伟，手机：13812345678，收货地址：北京市朝阳区建国路88号，车牌京A12345\n"
    code, out, err = _mask_stdin(line.encode("gbk"))
    assert code == 0, err
    masked = out.decode("utf-8")  # standard output is UTF-8, as documented
    for value in ("张伟", "13812345678", "建国路88号", "京A12345"):
        assert value not in masked, value
    assert masked.startswith("客户张*")
    assert "read as gb18030, written to stdout as UTF-8" in err
    code, out, err = _mask_stdin(bytes(range(256)) * 40)
    assert (code, out) == (2, b"")
    assert "binary data, not masked" in err
    (tmp_path / "gz.csv").write_bytes(__import__("gzip").compress(line.encode()))
    r = bg("mask", "gz.csv", "--out", "m.csv", cwd=tmp_path)
    assert r.returncode == 2
    assert "gz.csv: a binary file, not a CSV table" in r.stderr
    assert not (tmp_path / "m.csv").exists()


def test_a_headerless_table_of_names_and_addresses_shows_no_value_as_a_column(
    tmp_path: Path,
) -> None:
    """QA: a CSV or sheet without a header, whose first row holds a name and an address (no
    digits), was read with that row as its header: scan and inventory printed 张伟 and the
    address in clear as column names, and never counted them. Its first row is data now, as
    mask reads it."""
    from openpyxl import Workbook

    rows = [
        ["张伟", "北京市朝阳区建国路88号", "普通会员"],
        ["李娜", "上海市浦东新区世纪大道100号", "VIP会员"],
        ["王芳", "广州市天河区天河路1号", "普通会员"],
    ]
    (tmp_path / "people.csv").write_text(
        "".join(",".join(r) + "\n" for r in rows), encoding="utf-8"
    )
    wb = Workbook()
    for r in rows:
        wb.active.append(r)
    wb.save(tmp_path / "people.xlsx")
    for name in ("people.csv", "people.xlsx"):
        for args in (("scan", "--no-model", "-f", "csv"), ("inventory",)):
            r = bg(*args, name, cwd=tmp_path)
            assert r.returncode in (0, 1), r.stderr
            for value in ("张伟", "北京市朝阳区建国路88号", "李娜"):
                assert value not in r.stdout, (name, args, value)
        r = bg("scan", "--no-model", "-f", "jsonl", name, cwd=tmp_path)
        addresses = [f for f in _findings(r.stdout) if f["kind"] == "address"]
        assert {f["column"] for f in addresses} == {"column_2"}
        assert len(addresses) == 3  # the first row's too


def test_a_masked_copy_scans_clean(tmp_path: Path) -> None:
    """QA: the name model took a masked name (张*, 欧阳*) for a name, so a "the masked file
    scans clean" gate always failed."""
    (tmp_path / "c.csv").write_text(
        f"姓名,手机,地址\n张伟,{MOBILE},北京市朝阳区建国路88号\n"
        f"欧阳娜娜,{OTHER_MOBILE},上海市浦东新区世纪大道100号\n",
        encoding="utf-8",
    )
    r = bg("mask", "c.csv", "--out", "m.csv", cwd=tmp_path)
    assert r.returncode == 0, r.stderr
    assert "张*" in (tmp_path / "m.csv").read_text(encoding="utf-8")
    r = bg("scan", "-f", "jsonl", "m.csv", cwd=tmp_path)
    assert (r.returncode, _findings(r.stdout)) == (0, []), r.stdout


def test_a_missing_field_error_lists_no_name_used_as_a_key(tmp_path: Path) -> None:
    """QA: ``--field`` missing listed the record's keys with a name in clear (张伟); the
    phone and email keys were hidden already."""
    (tmp_path / "k.jsonl").write_text(
        json.dumps({MOBILE: {}, "zhangwei@example.com": 1, "张伟": "x", "备注": "y"}) + "\n",
        encoding="utf-8",
    )
    for model in ((), ("--no-model",)):
        r = bg("scan", *model, "k.jsonl", "--field", "content", cwd=tmp_path)
        assert r.returncode == 2
        assert "(fields: …, …, 备注, …)" in r.stderr
        assert "张伟" not in r.stderr


def test_mask_tells_of_columns_kept_past_the_sample(tmp_path: Path) -> None:
    """QA: a value past the sampled rows, in a column the sample found clean, was kept with
    nothing said; it is told now (the columns kept, --scan-all), and --scan-all masks it."""
    late = f"客户身份证{ID} 电话13611112222"
    rows = [f"D{i:06d},138{i:08d},{late if i == 1200 else '无'}" for i in range(1500)]
    (tmp_path / "t.csv").write_text("订单号,手机,备注\n" + "\n".join(rows) + "\n", "utf-8")
    r = bg("mask", "t.csv", "--out", "m.csv", cwd=tmp_path)
    assert r.returncode == 0, r.stderr
    assert (
        "t.csv: 2 column(s) held nothing personal in the first 1000 rows and were kept as "
        "they are in all 1500 (订单号, 备注); --scan-all scans every cell"
    ) in r.stderr
    r = bg("mask", "t.csv", "--out", "all.csv", "--scan-all", cwd=tmp_path)
    assert r.returncode == 0, r.stderr
    assert ID not in (tmp_path / "all.csv").read_text(encoding="utf-8")
    assert "kept as they are" not in r.stderr


def test_mask_of_pretty_printed_json_on_standard_input_stays_json() -> None:
    """QA: ``mask -`` read a pretty-printed JSON document as text, line by line, and its
    number 13611112222 became 136****2222 unquoted: no longer JSON."""
    doc = {"name": "张伟", "phone_num": 13611112222, "tags": ["vip"]}
    r = bg("mask", "-", stdin=json.dumps(doc, ensure_ascii=False, indent=2) + "\n")
    assert r.returncode == 0, r.stderr
    got = json.loads(r.stdout)
    assert got["phone_num"] == "136****2222"
    assert got["name"] == "张*"
    assert got["tags"] == ["vip"]


def test_a_name_beside_a_phone_in_a_phone_column_is_masked(tmp_path: Path) -> None:
    """QA: in a column classified as phones, a cell holding a name too was given the
    phone's kept-ends mask whole (张伟1******1111, 欧阳娜* *******3333): the name stayed."""
    rows = [f"A{i},137000011{i}" for i in range(10, 30)]
    rows += ["A30,张伟13700001111", "A31,欧阳娜娜 13700003333"]
    (tmp_path / "c.csv").write_text("订单,联系电话\n" + "\n".join(rows) + "\n", "utf-8")
    r = bg("mask", "c.csv", "--out", "m.csv", cwd=tmp_path)
    assert r.returncode == 0, r.stderr
    masked = (tmp_path / "m.csv").read_text(encoding="utf-8").splitlines()
    assert masked[-2:] == ["A30,张*137****1111", "A31,欧阳* 137****3333"]
    assert masked[1] == "A10,137****1110"


def test_a_folder_with_nothing_read_says_so_and_a_folder_glob_may_end_in_a_slash(
    tmp_path: Path,
) -> None:
    """QA: ``scan tree --include nomatch`` exited 0 without a word (nothing read looked
    clean); ``--exclude sub/`` (a folder as .gitignore writes it) excluded nothing."""
    (tmp_path / "tree" / "sub").mkdir(parents=True)
    (tmp_path / "tree" / "a.txt").write_text(LINE, encoding="utf-8")
    (tmp_path / "tree" / "sub" / "b.txt").write_text(LINE, encoding="utf-8")
    r = bg("scan", "tree", "--include", "nomatch", "-f", "jsonl", cwd=tmp_path)
    assert (r.returncode, r.stdout) == (0, "")
    assert "tree: no file in it was read (--include, --exclude; --hidden)" in r.stderr
    r = bg("scan", "tree", "--exclude", "sub/", "-f", "jsonl", cwd=tmp_path)
    assert r.returncode == 1, r.stderr
    assert {d["source"] for d in jsonl(r.stdout)} == {"tree/a.txt"}


def test_a_broken_jsonl_line_is_reported_and_still_scanned(tmp_path: Path) -> None:
    """QA: a line that is not JSON was reported and skipped: the ID in
    ``{"msg": 11010519491231002X}`` was never found."""
    (tmp_path / "r.jsonl").write_text(f'{{"msg": {ID}}}\n{{"tel": "{MOBILE}"}}\n', encoding="utf-8")
    r = bg("scan", "-f", "jsonl", "r.jsonl", cwd=tmp_path)
    assert r.returncode == 2  # an input error was told
    assert "r.jsonl:1:" in r.stderr
    assert ID not in r.stderr
    kinds = sorted(f["kind"] for f in _findings(r.stdout))
    assert kinds == ["cn_mobile", "cn_resident_id"]


def test_a_table_piped_or_written_to_a_file_is_not_cut_at_80_columns(tmp_path: Path) -> None:
    """QA: ``--format table`` to a file or a pipe was cut at 80 columns (cn_residen…)."""
    r = bg("scan", "--no-model", "--format", "table", "-", stdin=LINE, cwd=tmp_path)
    assert r.returncode == 1, r.stderr
    assert "cn_resident_id" in r.stdout
    assert "…" not in r.stdout


def test_an_out_that_is_a_folder_and_a_role_not_in_the_policy_say_what_to_do(
    tmp_path: Path,
) -> None:
    """QA: ``--out existing_dir/`` named an internal temp file in its error; a role the
    policy lacks was refused without the roles it has."""
    (tmp_path / "t.txt").write_text(LINE, encoding="utf-8")
    (tmp_path / "outdir").mkdir()
    r = bg("mask", "t.txt", "--out", "outdir/", cwd=tmp_path)
    assert r.returncode == 2
    assert r.stderr.strip().endswith("outdir: is a folder: name a file to write; nothing written")
    assert ".tmp" not in r.stderr
    assert list((tmp_path / "outdir").iterdir()) == []
    r = bg("mask", "t.txt", "-p", "privacy-waybill", "--role", "outlet", cwd=tmp_path)
    assert r.returncode == 2
    assert "role 'outlet' is not in the policy (its roles: courier)" in r.stderr
