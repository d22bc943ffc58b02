"""``scan --jobs N``: the same output as one process, in input order, for a folder of files,
one large file, and a one-line file read in pieces (which stays in the main process)."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from boxguard.detect.cells import CellFinder, Piece
from boxguard.detect.scanner import Scanner
from boxguard.jobs.parallel import WARMUP, find_batches
from boxguard.synth.corpus import corpus


def _scan(args: list[str]) -> str:
    out = subprocess.run(
        [sys.executable, "-m", "boxguard", "scan", "--no-model", "-f", "jsonl", *args],
        capture_output=True,
        text=True,
        check=False,
    )
    assert out.returncode == 1, out.stderr  # found something
    return out.stdout


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
    got = list(find_batches(batches, finder, jobs=2, warmup=20, render=lambda f, _c: f.kind))
    assert [len(found[0]) for _b, found, _r in got] == [1] * 40
    rendered = [r for _b, _f, r in got]
    assert rendered[0] is None  # found here, during the warm-up
    assert rendered[-1] == [["cn_mobile"]]  # found and rendered by a worker
