"""`unmask` fails loudly when it cannot be right: wrong key, policy or role, no manifest
for FPE values, no token table; `--out` naming the input is refused; counts are told."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.integration.test_cli import bg

LINE = "入住：张伟 身份证11010519491231002X 手机13812345678\n"
ID = "11010519491231002X"
#: What unmask gives back under hotel-front-desk: the ID (FPE); the name and phone were masked.
RESTORED = "入住：张* 身份证11010519491231002X 手机138****5678\n"


@pytest.fixture
def keyed(tmp_path: Path) -> Path:
    assert bg("keys", "init", cwd=tmp_path).returncode == 0
    (tmp_path / "in.txt").write_text(LINE, encoding="utf-8")
    other = tmp_path / "other"
    other.mkdir()
    assert bg("keys", "init", cwd=other).returncode == 0
    return tmp_path


def _to_file(args: list[str], out: Path, cwd: Path) -> subprocess.CompletedProcess[str]:
    """Run boxguard with its standard output redirected to ``out`` (as ``> out`` does)."""
    with open(out, "w", encoding="utf-8") as fh:
        return subprocess.run(
            [sys.executable, "-m", "boxguard", *args],
            stdout=fh,
            stderr=subprocess.PIPE,
            text=True,
            cwd=cwd,
            env={**os.environ, "NO_COLOR": "1"},
            timeout=300,
            check=False,
        )


def test_stdout_redirected_to_a_file_gets_a_manifest_and_a_wrong_key_is_refused(
    keyed: Path,
) -> None:
    masked = keyed / "masked.txt"
    r = _to_file(["mask", "-p", "hotel-front-desk", "in.txt"], masked, keyed)
    assert r.returncode == 0, r.stderr
    assert ID not in masked.read_text(encoding="utf-8")
    assert Path(str(masked) + ".boxguard.json").exists()
    back = keyed / "back.txt"
    wrong = bg(
        "unmask",
        "-p",
        "hotel-front-desk",
        "masked.txt",
        "--keys",
        "other/boxguard.keys",
        "--out",
        str(back),
        cwd=keyed,
    )
    assert wrong.returncode == 2
    assert "key check failed" in wrong.stderr
    assert not back.exists()
    right = bg("unmask", "-p", "hotel-front-desk", "masked.txt", "--out", str(back), cwd=keyed)
    assert right.returncode == 0, right.stderr
    assert back.read_text(encoding="utf-8") == RESTORED
    assert "1 value(s) restored" in right.stderr


def test_fpe_without_a_manifest_is_refused_and_the_manifest_can_be_named(keyed: Path) -> None:
    r = bg("mask", "-p", "hotel-front-desk", "in.txt", cwd=keyed)  # a pipe: no manifest
    assert r.returncode == 0
    assert "--manifest" in r.stderr
    (keyed / "m.txt").write_text(r.stdout, encoding="utf-8")
    back = keyed / "back.txt"
    r = bg("unmask", "-p", "hotel-front-desk", "m.txt", "--out", str(back), cwd=keyed)
    assert r.returncode == 2
    assert "no manifest" in r.stderr
    assert not back.exists()
    r = bg("mask", "-p", "hotel-front-desk", "in.txt", "--manifest", "m.json", cwd=keyed)
    (keyed / "m.txt").write_text(r.stdout, encoding="utf-8")
    r = bg("unmask", "-p", "hotel-front-desk", "--manifest", "m.json", stdin=r.stdout, cwd=keyed)
    assert r.returncode == 0, r.stderr
    assert r.stdout == RESTORED


def test_another_policy_or_role_is_refused(keyed: Path) -> None:
    out = keyed / "m.txt"
    assert (
        bg("mask", "-p", "hotel-front-desk", "in.txt", "--out", str(out), cwd=keyed).returncode == 0
    )
    back = keyed / "back.txt"
    r = bg("unmask", "-p", "customer-service", "m.txt", "--out", str(back), cwd=keyed)
    assert r.returncode == 2
    assert "masked with policy 'hotel-front-desk'" in r.stderr
    assert not back.exists()
    tokens = f"sqlite:///{keyed / 't.db'}"
    args = ["-p", "privacy-waybill", "--tokens", tokens]
    assert (
        bg("mask", *args, "--role", "courier", "in.txt", "--out", "w.txt", cwd=keyed).returncode
        == 0
    )
    r = bg("unmask", *args, "w.txt", "--out", str(back), cwd=keyed)
    assert r.returncode == 2
    assert "role 'courier'" in r.stderr
    assert not back.exists()


def test_a_missing_token_table_is_refused_and_no_empty_one_is_made(keyed: Path) -> None:
    tokens = f"sqlite:///{keyed / 't.db'}"
    args = ["-p", "privacy-waybill", "--role", "courier"]
    assert (
        bg("mask", *args, "--tokens", tokens, "in.txt", "--out", "w.txt", cwd=keyed).returncode == 0
    )
    back = keyed / "back.txt"
    r = bg("unmask", *args, "--tokens", "sqlite:///gone.db", "w.txt", "--out", str(back), cwd=keyed)
    assert r.returncode == 2
    assert "not found" in r.stderr
    assert not back.exists()
    assert not (keyed / "gone.db").exists()
    # hotel-front-desk needs no token table: none is created
    assert (
        bg("mask", "-p", "hotel-front-desk", "in.txt", "--out", "h.txt", cwd=keyed).returncode == 0
    )
    assert not (keyed / "boxguard-tokens.db").exists()


def test_out_naming_the_input_is_refused(keyed: Path) -> None:
    src = keyed / "in.txt"
    r = bg("mask", "in.txt", "--out", "in.txt", cwd=keyed)
    assert r.returncode == 2
    assert "is the input file" in r.stderr
    assert src.read_text(encoding="utf-8") == LINE
    assert (
        bg("mask", "-p", "hotel-front-desk", "in.txt", "--out", "m.txt", cwd=keyed).returncode == 0
    )
    before = (keyed / "m.txt").read_bytes()
    r = bg("unmask", "-p", "hotel-front-desk", "m.txt", "--out", "m.txt", cwd=keyed)
    assert r.returncode == 2
    assert (keyed / "m.txt").read_bytes() == before


@pytest.mark.parametrize("db_url", ["postgresql"], indirect=True)
def test_a_server_database_without_the_token_table_is_refused_and_left_empty(
    keyed: Path, db_url: str
) -> None:
    """QA: unmask --tokens on an empty PostgreSQL database created boxguard's whole schema
    (19 tables), then said the tokens were not in it."""
    from sqlalchemy import create_engine, inspect

    from boxguard.dburl import sqlalchemy_url

    args = ["-p", "privacy-waybill", "--role", "courier"]
    tokens = f"sqlite:///{keyed / 't.db'}"
    assert (
        bg("mask", *args, "--tokens", tokens, "in.txt", "--out", "w.txt", cwd=keyed).returncode == 0
    )
    back = keyed / "back.txt"
    r = bg("unmask", *args, "--tokens", db_url, "w.txt", "--out", str(back), cwd=keyed)
    assert r.returncode == 2, r.stderr
    assert "not found" in r.stderr
    assert not back.exists()
    engine = create_engine(sqlalchemy_url(db_url))
    try:
        assert inspect(engine).get_table_names() == []
    finally:
        engine.dispose()
