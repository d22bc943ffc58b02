"""``scan --jobs N``: the same output as one process, in input order, for a folder of files,
one large file, and a one-line file read in pieces (which stays in the main process); every
format; large files cut in pieces that workers read themselves (GB18030, CRLF, a BOM, bad
bytes, a line longer than a piece, a value across a rough cut), never opened by the main
process; notices and errors told once, in order."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from boxguard.detect.cells import CellFinder, Piece
from boxguard.detect.scanner import Scanner
from boxguard.jobs.parallel import WARMUP, find_batches
from boxguard.synth.corpus import corpus

#: Runs the CLI with small pieces (``PIECE`` bytes), no warm-up, every part spooled, and
#: each ``open`` of a file under ``WATCH`` logged with the pid that opened it (the main
#: process's first).
_SMALL = """
import builtins, os, sys
try:
    import boxguard.jobs.files as files
    files.PIECE_BYTES, files.WARMUP = int(os.environ["PIECE"]), 0
except ImportError:  # a version without it: the test says what that version does
    pass
import boxguard.adapters.cli.scanning as scanning
scanning.SPOOL_BYTES = 0  # every part a worker writes goes through the spool folder
watch, log, real = os.environ["WATCH"], os.environ["LOG"], builtins.open
with real(log, "a") as fh:
    fh.write(f"main {os.getpid()}\\n")
def logged(file, *args, **kwargs):
    if isinstance(file, (str, os.PathLike)) and str(file).startswith(watch):
        with real(log, "a") as fh:
            fh.write(f"{os.getpid()} {file}\\n")
    return real(file, *args, **kwargs)
builtins.open = logged
from boxguard.adapters.cli import main
sys.argv = ["boxguard", *sys.argv[1:]]
main()
"""


def _scan(args: list[str]) -> str:
    out = subprocess.run(
        [sys.executable, "-m", "boxguard", "scan", "--no-model", "-f", "jsonl", *args],
        capture_output=True,
        text=True,
        check=False,
    )
    assert out.returncode == 1, out.stderr  # found something
    return out.stdout


def _small(
    args: list[str], watch: Path, piece: int = 4096, code: int = 1, verb: str = "scan"
) -> tuple[str, str, list[str], list[str]]:
    """stdout, stderr, and the files under ``watch`` the main process opened, and the
    ones its workers opened."""
    log = watch.parent / f"opens-{watch.name}.log"
    log.unlink(missing_ok=True)
    env = {**os.environ, "PIECE": str(piece), "WATCH": str(watch), "LOG": str(log)}
    out = subprocess.run(
        [sys.executable, "-c", _SMALL, verb, "--no-model", *args],
        capture_output=True,
        text=True,
        check=False,
        env=env,
    )
    assert out.returncode == code, out.stderr
    lines = log.read_text().splitlines()
    main = lines[0].split()[1]
    opened = [line.split(" ", 1) for line in lines[1:]]
    by_main = [file for pid, file in opened if pid == main]
    return out.stdout, out.stderr, by_main, [file for pid, file in opened if pid != main]


@pytest.fixture(scope="module")
def texts() -> list[str]:
    found = [d.text for d in corpus(6000, 3)]
    assert sum(map(len, found)) > 2 * WARMUP  # enough for the workers to start
    return found


def test_a_folder_of_files(tmp_path: Path, texts: list[str]) -> None:
    for i in range(4):
        lines = (json.dumps({"text": t}, ensure_ascii=False) for t in texts[i::4])
        (tmp_path / f"part{i}.jsonl").write_text("\n".join(lines) + "\n", "utf-8")
    one, two = _scan(["--jobs", "1", str(tmp_path)]), _scan(["--jobs", "2", str(tmp_path)])
    assert one == two
    assert one.count("\n") > 2000


def test_one_large_file_and_one_long_line(tmp_path: Path, texts: list[str]) -> None:
    big = tmp_path / "big.txt"
    # many lines, then one line far longer than a read (its pieces go through one stream)
    big.write_text("\n".join(texts) + "\n" + " ".join(texts) + "\n", "utf-8")
    one, two = _scan(["--jobs", "1", str(big)]), _scan(["--jobs", "2", str(big)])
    assert one == two
    assert one.count("\n") > 2000


def test_workers_render_what_the_main_process_would() -> None:
    finder = CellFinder(Scanner(kinds=["cn_mobile"], models=()))
    batches = [[Piece("a", f"电话1381234567{i % 10}")] for i in range(40)]
    got = list(
        find_batches(
            batches, finder, jobs=2, warmup=20, render=lambda pairs: [f.kind for f, _c in pairs]
        )
    )
    assert [len(found[0]) for _b, found, _r in got] == [1] * 40
    rendered = [r for _b, _f, r in got]
    assert rendered[0] is None  # found here, during the warm-up
    assert rendered[-1] == [["cn_mobile"]]  # found and rendered by a worker


@pytest.fixture(scope="module")
def mixed(tmp_path_factory: pytest.TempPathFactory, texts: list[str]) -> Path:
    """A folder of large files cut in pieces of 4 KiB, each read by workers."""
    root = tmp_path_factory.mktemp("mixed")
    body = texts[:400]
    # GB18030 with CRLF line ends
    (root / "a_gb.txt").write_bytes("\r\n".join(body).encode("gb18030", "replace") + b"\r\n")
    # a UTF-8 BOM, bad bytes, a line longer than a piece, one far longer (found here),
    # and a mobile across every rough cut (4096 bytes): a cut is made at a line's end only
    across = ("x" * 4090 + " 13812345678 ").encode()
    tail = ("手机13912345678 " * 2000 + "\n" + "身份证 " * 4000).encode()
    (root / "b_bom.log").write_bytes(
        b"\xef\xbb\xbf" + "\n".join(body[:200]).encode() + b"\nbad \xff\xfe\n"
        + across * 6 + b"\n" + tail + b"\n" + "\n".join(body[200:]).encode()
    )  # fmt: skip
    # JSONL with a bad line, a blank one and lone surrogates
    rows = [json.dumps({"id": i, "text": t}, ensure_ascii=False) for i, t in enumerate(body)]
    rows[50], rows[60] = "{not json", ""
    rows[70] = '{"text": "13812345678 \\ud83d"}'
    (root / "c.jsonl").write_text("\n".join(rows) + "\n", "utf-8")
    (root / "d.csv").write_text("姓名,手机\n张伟,13812345678\n", "utf-8")  # a table: whole
    (root / "e_utf16.txt").write_text("\n".join(body[:50]), "utf-16")  # read whole
    (root / "f.bin").write_bytes(b"\x00\x01" * 5000)  # binary, skipped with a notice
    assert all(p.stat().st_size > 8192 for p in root.iterdir() if p.suffix != ".csv")
    return root


@pytest.mark.parametrize("fmt", ["jsonl", "csv", "sarif", "table"])
def test_pieces_read_by_workers_write_what_one_process_writes(mixed: Path, fmt: str) -> None:
    one, err1, _, _ = _small(["-f", fmt, "--jobs", "1", str(mixed)], mixed, code=2)
    two, err2, by_main, by_workers = _small(["-f", fmt, "--jobs", "2", str(mixed)], mixed, code=2)
    assert two == one
    assert err2 == err1  # notices and errors told once each, in the same order
    assert "c.jsonl:51: not valid JSON" in err1
    assert "binary file skipped" in err1
    assert "b_bom.log: 2 byte(s) not valid utf-8-sig" in err1
    assert "c.jsonl: 1 lone surrogate" in err1
    # workers read the files; the main process only a piece holding a line far longer than
    # a piece (3 in b_bom.log: found here, written as found, memory flat)
    assert by_main == [str(mixed / "b_bom.log")] * 3
    assert len(by_workers) > 2 * len(list(mixed.iterdir()))  # pieces and plans
    if fmt == "jsonl":
        found = [json.loads(line) for line in one.splitlines()]
        across = [r for r in found if r.get("source", "").endswith("b_bom.log")]
        mobiles = [f for r in across for f in r.get("findings", []) if f["kind"] == "cn_mobile"]
        assert len(mobiles) >= 6 + 2000  # none lost at a cut, none found twice
        assert any(r.get("source", "").endswith("a_gb.txt") for r in found)


def test_one_large_file_is_cut_and_never_opened_by_the_main_process(tmp_path: Path) -> None:
    big = tmp_path / "big.jsonl"
    rows = [json.dumps({"text": f"手机1381234{i:04d}，邮箱 u{i}@example.com"}) for i in range(3000)]
    big.write_text("\n".join(rows) + "\n", "utf-8")
    one, _, by_one, _ = _small(["-f", "jsonl", "--jobs", "1", str(big)], tmp_path)
    two, _, by_main, by_workers = _small(["-f", "jsonl", "--jobs", "2", str(big)], tmp_path)
    assert two == one
    assert one.count("\n") == 3000
    assert by_one == [str(big)]  # one process: it reads the file itself
    assert by_main == []
    assert by_workers.count(str(big)) > 10  # the plan, then each piece


def test_an_inventory_by_workers_is_the_same(mixed: Path) -> None:
    args = ["-f", "json", str(mixed)]
    one, _, _, _ = _small([*args, "--jobs", "1"], mixed, code=2, verb="inventory")
    two, _, by_main, _ = _small([*args, "--jobs", "2"], mixed, code=2, verb="inventory")
    assert two == one
    assert json.loads(one)["findings"] > 1000
    assert by_main == [str(mixed / "b_bom.log")] * 3


def test_what_the_main_process_wrote_before_the_fork_is_written_once(
    tmp_path: Path, texts: list[str]
) -> None:
    """A small file found here (its lines still in stdout's buffer), then a large one cut
    for workers: the workers, forked with that buffer, never write it again."""
    (tmp_path / "a_small.txt").write_text("手机13812345678\n" * 20, "utf-8")
    (tmp_path / "b_big.txt").write_text("\n".join(texts * 2) + "\n", "utf-8")
    one, two = _scan(["--jobs", "1", str(tmp_path)]), _scan(["--jobs", "2", str(tmp_path)])
    assert two == one
    assert one.count("a_small.txt") == 20


@pytest.mark.parametrize("jobs", ["1", "2", None])
def test_sigterm_removes_the_half_written_output_and_exits_143(
    tmp_path: Path, jobs: str | None
) -> None:
    """``kill`` (SIGTERM) unwinds as Ctrl-C does: the temporary output beside ``-o``, which
    holds raw values with ``--show-values``, is removed; the workers end; exit 143 with
    one line, through the Typer app (``--jobs``) and the quick path (none) alike."""
    import glob
    import signal
    import time

    big = tmp_path / "big.txt"
    line = "收件人：张伟 手机：13812345678 身份证11010519491231002X 邮箱 a@qq.com"
    big.write_text("\n".join(f"{i} {line}" for i in range(60_000)) + "\n", "utf-8")
    out = tmp_path / "out.jsonl"
    cmd = [sys.executable, "-m", "boxguard", "scan", "-f", "jsonl", "--show-values"]
    cmd += ["--no-model", *(["--jobs", jobs] if jobs else []), "-o", str(out), str(big)]
    p = subprocess.Popen(cmd, stderr=subprocess.PIPE, text=True)
    temp = str(tmp_path / ".out.jsonl.*.tmp")
    for _ in range(1500):  # the output is begun (a few seconds of scanning follow)
        if glob.glob(temp) or p.poll() is not None:
            break
        time.sleep(0.02)
    assert p.poll() is None, "the scan ended before it could be stopped"
    time.sleep(0.3)
    p.send_signal(signal.SIGTERM)
    _, err = p.communicate(timeout=60)
    assert p.returncode == 143, err
    assert err.strip() == "boxguard: terminated"
    assert glob.glob(temp) == []
    assert not out.exists()
