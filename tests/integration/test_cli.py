"""The command line end to end, as a user runs it (a real subprocess, real files)."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest

from boxguard.io.sources import database_label

MOBILE = "13812345678"
ID = "11010519491231002X"
LINE = f"收件人：张伟 手机：{MOBILE} 身份证{ID}\n"


def bg(
    *args: str, stdin: str | None = None, cwd: Path | None = None
) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "NO_COLOR": "1", "COLUMNS": "200"}
    return subprocess.run(
        [sys.executable, "-m", "boxguard", *args],
        input=stdin,
        capture_output=True,
        text=True,
        env=env,
        cwd=cwd,
        timeout=300,
        check=False,
    )


def jsonl(out: str) -> list[dict]:  # type: ignore[type-arg]
    return [json.loads(line) for line in out.splitlines() if line.strip()]


@pytest.fixture
def text_file(tmp_path: Path) -> Path:
    p = tmp_path / "leak.txt"
    p.write_text("无关的第一行\n" + LINE, encoding="utf-8")
    return p


def test_scan_text_file_reports_masked_findings_and_exits_1(text_file: Path) -> None:
    r = bg("scan", "--format", "jsonl", str(text_file))
    assert r.returncode == 1, r.stderr
    (rec,) = jsonl(r.stdout)
    assert rec["id"] == 2
    kinds = {f["kind"] for f in rec["findings"]}
    assert {"cn_mobile", "cn_resident_id", "person_name"} <= kinds
    assert MOBILE not in r.stdout
    assert ID not in r.stdout
    mobile = next(f for f in rec["findings"] if f["kind"] == "cn_mobile")
    assert LINE[mobile["start"] : mobile["end"]] == MOBILE
    assert mobile["preview"] == "138****5678"


def test_show_values_is_explicit(text_file: Path) -> None:
    r = bg("scan", "--format", "jsonl", "--show-values", str(text_file))
    assert MOBILE in r.stdout


def test_nothing_found_exits_0(tmp_path: Path) -> None:
    p = tmp_path / "clean.txt"
    p.write_text(
        "订单号20261125000123，客服热线400-810-8888，航班CA1234，版本1.2.3.4\n", encoding="utf-8"
    )
    r = bg("scan", "--format", "jsonl", str(p))
    assert r.returncode == 0, r.stdout
    assert r.stdout == ""


def test_stdin_and_kind_filter() -> None:
    r = bg("scan", "--format", "jsonl", "--kinds", "cn_mobile", "-", stdin=LINE)
    assert r.returncode == 1
    assert {f["kind"] for f in jsonl(r.stdout)[0]["findings"]} == {"cn_mobile"}


def test_jsonl_field_and_id_carried_through(tmp_path: Path) -> None:
    p = tmp_path / "chat.jsonl"
    p.write_text(
        json.dumps({"id": "m-7", "body": LINE}, ensure_ascii=False) + "\n", encoding="utf-8"
    )
    r = bg("scan", "--format", "jsonl", "--field", "body", str(p))
    assert r.returncode == 1
    assert jsonl(r.stdout)[0]["id"] == "m-7"
    bad = bg("scan", "--format", "jsonl", "--field", "nope", str(p))
    assert bad.returncode == 2
    assert "no field 'nope'" in bad.stderr
    assert "--field names a key or a JSON path of each record" in bad.stderr  # not "use --field"
    assert "Traceback" not in bad.stderr
    assert len(bad.stderr.strip().splitlines()) == 1


def test_csv_cells_and_column_classification(tmp_path: Path) -> None:
    p = tmp_path / "export.csv"
    rows = ["收件人,收件人电话,备注"] + [f"张伟,1381234567{i},易碎" for i in range(10)]
    p.write_text("\n".join(rows) + "\n", encoding="utf-8")
    r = bg("scan", "--format", "jsonl", str(p))
    assert r.returncode == 1
    docs = jsonl(r.stdout)
    cols = next(d for d in docs if "columns" in d)["columns"]
    by_name = {c["column"]: c for c in cols}
    assert by_name["收件人电话"]["kind"] == "cn_mobile"
    assert by_name["收件人电话"]["share"] == 1.0
    assert by_name["收件人"]["kind"] == "person_name"
    assert by_name["备注"]["kind"] is None


def test_xlsx_parquet_and_truncated_xlsx(tmp_path: Path) -> None:
    from openpyxl import Workbook

    wb = Workbook()
    ws = wb.active
    assert ws is not None
    ws.append(["姓名", "证件号码"])
    ws.append(["张伟", ID])
    x = tmp_path / "in.xlsx"
    wb.save(x)
    r = bg("scan", "--format", "jsonl", str(x))
    assert r.returncode == 1
    assert any(
        f["kind"] == "cn_resident_id" for d in jsonl(r.stdout) for f in d.get("findings", [])
    )
    truncated = tmp_path / "broken.xlsx"
    truncated.write_bytes(x.read_bytes()[:300])
    r2 = bg("scan", str(truncated))
    assert r2.returncode == 2
    assert "xlsx" in r2.stderr
    assert "Traceback" not in r2.stderr

    import pyarrow as pa
    import pyarrow.parquet as pq

    pq.write_table(pa.table({"phone": [int(MOBILE)], "note": ["hi"]}), tmp_path / "t.parquet")
    r3 = bg("scan", "--format", "jsonl", str(tmp_path / "t.parquet"))
    assert r3.returncode == 1
    assert "cn_mobile" in r3.stdout


@pytest.mark.parametrize("encoding", ["gb18030", "utf-16", "utf-8-sig"])
def test_encodings_are_detected(tmp_path: Path, encoding: str) -> None:
    p = tmp_path / f"{encoding}.txt"
    p.write_bytes(LINE.encode(encoding))
    r = bg("scan", "--format", "jsonl", str(p))
    assert r.returncode == 1, r.stderr
    assert "cn_resident_id" in r.stdout


def test_bad_inputs_get_clear_messages(tmp_path: Path) -> None:
    empty = tmp_path / "empty.txt"
    empty.write_text("")
    r = bg("scan", "--format", "jsonl", str(empty))
    assert r.returncode == 0
    assert "empty file" in r.stderr

    binary = tmp_path / "blob.bin"
    binary.write_bytes(b"\x00\x01\x02" * 100 + MOBILE.encode())
    # named, it was not scanned: an error (it exited 0, as a file with nothing in it)
    for jobs in ("1", "2"):
        r = bg("scan", "--format", "jsonl", "--jobs", jobs, str(binary))
        assert (r.returncode, r.stdout) == (2, "")
        assert r.stderr.strip() == f"boxguard: error: {binary}: a binary file, not scanned"
    big = tmp_path / "big.bin"  # read by workers in pieces: planned, then refused
    big.write_bytes(b"\x00\x01" * 400_000)
    r = bg("scan", "--jobs", "2", str(big))
    assert r.returncode == 2
    assert "a binary file, not scanned" in r.stderr
    # found in a folder, it is skipped with a notice, as grep skips it
    r = bg("scan", "--format", "jsonl", str(tmp_path))
    assert "blob.bin: binary file skipped" in r.stderr
    assert "error" not in r.stderr

    invalid = tmp_path / "bad-utf8.txt"
    invalid.write_bytes(b"ok \xc3\x28 broken " + f"手机{MOBILE}".encode() + b"\n")
    r = bg("scan", "--format", "jsonl", str(invalid))
    assert r.returncode == 1, r.stderr
    (finding,) = jsonl(r.stdout)[0]["findings"]
    text = invalid.read_bytes().decode("utf-8", errors="replace")
    assert text[finding["start"] : finding["end"]] == MOBILE  # offsets into the text as read
    assert "1 byte(s) not valid utf-8" in r.stderr
    assert "Traceback" not in r.stderr

    r = bg("scan", str(tmp_path / "missing.txt"))
    assert r.returncode == 2
    assert "no such file" in r.stderr


#: Runs ``scan ARGV[1]`` after dropping root (root reads anything, and CI runs as root);
#: the scan of ARGV[2] first loads every module while the interpreter can still read them.
_AS_NOBODY = """
import contextlib, io, os, sys
import rich.console  # the error console loads rich when it first prints: before the drop
from boxguard.adapters.cli.app import main
with contextlib.redirect_stdout(io.StringIO()), contextlib.suppress(SystemExit):
    main(["scan", sys.argv[2]])
if os.geteuid() == 0:
    os.setgid(65534)
    os.setuid(65534)
main(["scan", sys.argv[1]])
"""


def test_unreadable_paths_are_one_clear_line(text_file: Path) -> None:
    # pytest's own temporary folders are closed to other users: use one nobody can enter
    base = Path(tempfile.mkdtemp())
    base.chmod(0o755)
    locked = base / "locked.txt"  # a file we may not read
    locked.write_text(LINE)
    locked.chmod(0)
    closed = base / "closed"  # a folder we may not enter
    closed.mkdir()
    (closed / "f.txt").write_text(LINE)
    closed.chmod(0)
    try:
        _scan_as_nobody_fails(text_file, locked, closed / "f.txt")
    finally:
        closed.chmod(0o700)
        shutil.rmtree(base)


def _scan_as_nobody_fails(text_file: Path, *targets: Path) -> None:
    for target in targets:
        r = subprocess.run(
            [sys.executable, "-c", _AS_NOBODY, str(target), str(text_file)],
            capture_output=True,
            text=True,
            env={**os.environ, "NO_COLOR": "1", "BOXGUARD_CACHE_DIR": ""},
            timeout=120,
            check=False,
        )
        assert r.returncode == 2, r.stderr
        assert r.stderr.strip().splitlines() == [f"boxguard: error: {target}: permission denied"]


def test_directories_globs_and_symlink_loops(tmp_path: Path) -> None:
    (tmp_path / "a").mkdir()
    (tmp_path / "a" / "x.txt").write_text(LINE, encoding="utf-8")
    (tmp_path / "a" / "y.log").write_text(LINE, encoding="utf-8")
    (tmp_path / ".hidden").write_text(LINE, encoding="utf-8")
    (tmp_path / "a" / "loop").symlink_to(tmp_path, target_is_directory=True)
    r = bg("scan", "--format", "jsonl", "--include", "*.txt", str(tmp_path))
    assert r.returncode == 1
    sources = {d["source"] for d in jsonl(r.stdout)}
    assert sources == {str(tmp_path / "a" / "x.txt")}


def test_long_single_line_is_scanned_whole(tmp_path: Path) -> None:
    p = tmp_path / "long.txt"
    filler = "普通文本" * 2_500_000  # 10 M code points, 30 MB of UTF-8
    p.write_text(filler + "手机" + MOBILE + "\n", encoding="utf-8")
    r = bg("scan", "--format", "jsonl", "--no-model", str(p))
    assert r.returncode == 1
    (finding,) = jsonl(r.stdout)[0]["findings"]
    assert finding["start"] == len(filler) + 2


def test_out_is_atomic_and_formats(tmp_path: Path, text_file: Path) -> None:
    out = tmp_path / "report.sarif"
    r = bg("scan", "--format", "sarif", "--out", str(out), str(text_file))
    assert r.returncode == 1
    log = json.loads(out.read_text(encoding="utf-8"))
    assert log["version"] == "2.1.0"
    assert {res["ruleId"] for res in log["runs"][0]["results"]} >= {"cn_mobile", "cn_resident_id"}
    assert not [p for p in tmp_path.iterdir() if p.name.endswith(".tmp")]

    failed = tmp_path / "never.jsonl"
    r = bg(
        "scan", "--format", "jsonl", "--out", str(failed), str(text_file), str(tmp_path / "missing")
    )
    assert r.returncode == 2
    assert not failed.exists(), "a failed run leaves no output that looks complete"

    r = bg("scan", "--format", "csv", str(text_file))
    assert r.stdout.splitlines()[0].startswith("source,id,column,start,end,kind")


def test_table_summary_and_inventory(tmp_path: Path, text_file: Path) -> None:
    r = bg("scan", "--format", "table", str(text_file))
    assert "cn_resident_id" in r.stdout
    assert ID not in r.stdout
    inv = tmp_path / "inv"
    r = bg("inventory", "--out", str(inv), str(text_file))
    assert r.returncode == 1
    doc = json.loads((inv / "inventory.json").read_text(encoding="utf-8"))
    assert doc["categories"]["identity"]["kinds"]["cn_resident_id"]["count"] == 1
    assert "GB/T 35273" in doc["standard"]
    assert "个人身份信息" in (inv / "inventory.md").read_text(encoding="utf-8")
    # QA: when no input could be read, an empty inventory was still printed
    r = bg("inventory", str(tmp_path / "nosuch.txt"))
    assert (r.returncode, r.stdout) == (2, "")
    assert "the inventory: not written (an input could not be read)" in r.stderr


def test_kinds_lists_all_31_and_every_verb_has_help() -> None:
    r = bg("kinds", "--format", "json")
    assert len(json.loads(r.stdout)) == 31
    for verb in (
        "scan",
        "kinds",
        "inventory",
        "mask",
        "unmask",
        "risk",
        "keys init",
        "keys show",
        "keys rotate",
    ):
        h = bg(*verb.split(), "--help")
        assert h.returncode == 0
        assert "Examples" in h.stdout
    v = bg("--version")
    assert v.stdout.startswith("boxguard ")


def test_usage_errors_exit_2_and_say_what_is_wrong(text_file: Path) -> None:
    for args, expected in (
        (["scan", "--threshold", "7", "-"], "--threshold"),
        (["scan", "--kinds", "nope", "-"], "unknown kind 'nope'"),
        (["scan", "--bogus", str(text_file)], "No such option: --bogus"),
        (["scan", "--format", "nope", str(text_file)], "'nope' is not one of"),
        (["nosuchcmd"], "No such command 'nosuchcmd'"),
        (["keys", "init", "--out", "k"], "No such option: --out"),
    ):
        r = bg(*args, stdin="x")
        assert r.returncode == 2, args
        assert expected in r.stderr, r.stderr
        assert "internal error" not in r.stderr
        assert "Traceback" not in r.stderr


def test_databases_are_sampled_and_classified(db_url: str) -> None:
    from sqlalchemy import create_engine, text

    engine = create_engine(db_url)
    with engine.begin() as conn:
        conn.execute(
            text(
                "CREATE TABLE customers (id INTEGER PRIMARY KEY, 姓名 TEXT, mobile TEXT, note TEXT)"
            )
        )
        for i in range(20):
            conn.execute(
                text("INSERT INTO customers VALUES (:i, :n, :m, :x)"),
                {"i": i, "n": "王芳", "m": f"1391234{i:04d}", "x": "老客户"},
            )
        conn.execute(text("CREATE TABLE other_log (msg TEXT)"))
    engine.dispose()
    r = bg("scan", "--format", "jsonl", "--sample", "5", "--tables", "cust*", db_url)
    assert r.returncode == 1, r.stderr
    docs = jsonl(r.stdout)
    where = f"{database_label(db_url)}/table:customers"  # (its own tests: test_db_sources.py)
    docs = [d for d in docs if d["source"] == where]  # (not other tests' schemas on a shared PG)
    assert any("findings" in d for d in docs)
    cols = {c["column"]: c for d in docs if "columns" in d for c in d["columns"]}
    assert cols["mobile"]["kind"] == "cn_mobile"
    assert cols["姓名"]["kind"] == "person_name"
    assert cols["mobile"]["cells"] == 5
    inv = bg("inventory", "--format", "json", db_url)
    assert json.loads(inv.stdout)["columns"][where]


def test_accurate_model_from_the_command_line() -> None:
    r = bg(
        "scan", "--accurate", "--format", "jsonl", "-", stdin="昨天，贝克汉姆和王建国在北京见面。\n"
    )
    assert r.returncode == 1, r.stderr
    (rec,) = jsonl(r.stdout)
    assert {(f["kind"], f["preview"]) for f in rec["findings"]} >= {
        ("person_name", "贝*"),
        ("person_name", "王*"),
    }
    assert all(f["evidence"] == ["model:crf+lac"] for f in rec["findings"])
    clash = bg("scan", "--accurate", "--no-model", "-", stdin="x")
    assert clash.returncode == 2
    assert "cannot go with --no-model" in clash.stderr


def test_each_verb_is_registered_by_the_module_the_table_names() -> None:
    """A run imports only its verb's module, so the table must be right for every verb."""
    code = (
        "import sys, typer\n"
        "from boxguard.adapters.cli.app import VERBS, app, register\n"
        "register(sys.argv[1:])\n"
        "group = typer.main.get_group(app)\n"
        "print(sys.argv[1] in group.commands, sorted(group.commands) == sorted(VERBS))\n"
    )
    from boxguard.adapters.cli.app import VERBS

    for verb in [*VERBS, "--help"]:
        r = subprocess.run(
            [sys.executable, "-c", code, verb], capture_output=True, text=True, check=True
        )
        # a verb's own module registers it, and everything only when help is asked for
        # (commands_mask imports commands_scan, so mask brings scan's verbs too)
        want = ["False", "True"] if verb == "--help" else ["True", "False"]
        assert r.stdout.split() == want, (verb, r.stdout, r.stderr)
