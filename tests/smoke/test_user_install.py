"""Smoke tests of the ``boxguard`` executable a user gets.

``.ci/run`` installs the package as a user would (``pip install '.[cli]'`` in a fresh venv,
no dev extras) and points ``BOXGUARD_SMOKE_BIN`` at its ``boxguard``; without the variable
these run the development install's executable. Every test runs the executable in a
subprocess: nothing here imports boxguard.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

SAMPLES = Path(__file__).resolve().parents[2] / "samples"


def _bin() -> str:
    named = os.environ.get("BOXGUARD_SMOKE_BIN")
    if named:
        return named
    here = Path(sys.executable).with_name("boxguard")
    found = str(here) if here.exists() else shutil.which("boxguard")
    if found is None:
        pytest.skip("no boxguard executable installed")
    return found


def run(*args: str, cwd: Path | None = None, stdin: str = "") -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("BOXGUARD_")}
    env |= {"BOXGUARD_CACHE_DIR": "", "NO_COLOR": "1"}
    return subprocess.run(
        [_bin(), *args],
        check=False,
        input=stdin,
        capture_output=True,
        text=True,
        cwd=cwd,
        env=env,
        timeout=300,
    )


def one_line_error(proc: subprocess.CompletedProcess[str]) -> str:
    lines = proc.stderr.strip().splitlines()
    assert len(lines) == 1, proc.stderr
    assert "Traceback" not in proc.stderr
    assert lines[0].startswith("boxguard: error: ")
    return lines[0]


@pytest.mark.parametrize(
    "args",
    [
        ("scan", "--no-such-option"),
        ("no-such-verb",),
        ("scan", "--threshold", "high"),
        ("mask", "--policy", "no-such-policy", "-"),
        ("kinds", "--format", "xml"),
    ],
)
def test_usage_errors_are_one_line_and_exit_2(args: tuple[str, ...]) -> None:
    proc = run(*args)
    assert proc.returncode == 2, proc.stderr
    one_line_error(proc)
    assert proc.stdout == ""


def test_version_and_kinds() -> None:
    assert run("--version").stdout.startswith("boxguard ")
    kinds = json.loads(run("kinds", "--format", "json").stdout)
    assert {"cn_resident_id", "cn_mobile", "person_name"} <= {k["id"] for k in kinds}


def test_scan_finds_and_exits_1() -> None:
    proc = run("scan", "--format", "jsonl", str(SAMPLES / "waybill_export.csv"))
    assert proc.returncode == 1, proc.stderr
    kinds = {
        f["kind"] for line in proc.stdout.splitlines() for f in json.loads(line).get("findings", [])
    }
    assert {"cn_mobile", "address"} <= kinds


def test_scan_of_clean_text_exits_0() -> None:
    proc = run("scan", "--format", "jsonl", "-", stdin="今天天气很好。\n")
    assert (proc.returncode, proc.stdout) == (0, "")


def test_inventory(tmp_path: Path) -> None:
    proc = run("inventory", str(SAMPLES), "--out", str(tmp_path / "report"))
    assert proc.returncode == 1, proc.stderr
    inv = json.loads((tmp_path / "report" / "inventory.json").read_text(encoding="utf-8"))
    assert "identity" in json.dumps(inv)


def test_mask_then_unmask_round_trip(tmp_path: Path) -> None:
    text = "旅客身份证：110101199003074514，手机：13812345678\n"
    (tmp_path / "in.txt").write_text(text, encoding="utf-8")
    assert run("keys", "init", cwd=tmp_path).returncode == 0
    masked = run("mask", "--policy", "hotel-front-desk", "in.txt", "--out", "m.txt", cwd=tmp_path)
    assert masked.returncode == 0, masked.stderr
    out = (tmp_path / "m.txt").read_text(encoding="utf-8")
    assert "110101199003074514" not in out
    assert "13812345678" not in out
    back = run("unmask", "--policy", "hotel-front-desk", "m.txt", "--out", "b.txt", cwd=tmp_path)
    assert back.returncode == 0, back.stderr
    assert "110101199003074514" in (tmp_path / "b.txt").read_text(encoding="utf-8")


def test_default_mask_leaves_no_value() -> None:
    proc = run("mask", "-", stdin="手机：13812345678，邮箱 zhang.wei@example.com\n")
    assert proc.returncode == 0, proc.stderr
    assert "13812345678" not in proc.stdout
    assert "zhang.wei@example.com" not in proc.stdout
