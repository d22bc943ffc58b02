"""A full disk during the audit append, for real, on SQLite: a reveal whose event cannot be
written prints nothing on stdout, one line on stderr, exits 2, and leaves the log as it was
(nothing half-written: the same events, and it verifies). Two ways to fill the disk: a tiny
tmpfs mounted for the test (when mount is permitted) and a file-size limit
(RLIMIT_FSIZE) on the child process, which runs everywhere. Synthetic people only."""

from __future__ import annotations

import contextlib
import os
import resource
import signal
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.integration import test_guard_cli as cli
from tests.integration.test_guard_cli import Bg, imported, sql, values_in
from tests.vault_support import Person, people

bg, env = cli.bg, cli.env  # the fixtures: run boxguard here, in a keyed working folder


@pytest.fixture
def folks() -> list[Person]:
    return people(2, seed=23)


def _prepared(bg: Bg, env: Path, db_url: str, folks: list[Person]) -> str:
    db = ("--db", db_url, "--rules", str(env / "rules.yaml"))
    v1, _ = imported(bg, env, db_url, folks)
    assert bg("users", "add", "li.courier", "--role", "courier", *db).code == 0
    assert bg("grant", "courier", "cn_mobile", "--purpose", "delivery", *db).code == 0
    assert bg("consent", "set", v1, "--purposes", "delivery", *db).code == 0
    return v1


def _reveal_in_child(
    env: Path, db_url: str, v1: str, fsize: int | None
) -> subprocess.CompletedProcess[str]:
    def limit() -> None:
        if fsize is not None:
            signal.signal(signal.SIGXFSZ, signal.SIG_IGN)  # a write past the limit: EFBIG
            resource.setrlimit(resource.RLIMIT_FSIZE, (fsize, fsize))

    cmd = [sys.executable, "-m", "boxguard", "reveal", v1, "手机", "--as", "li.courier",
           "--purpose", "delivery", "--db", db_url, "--rules", str(env / "rules.yaml")]  # fmt: skip
    return subprocess.run(
        cmd,
        cwd=env,
        capture_output=True,
        text=True,
        timeout=120,
        preexec_fn=limit,
        env={**os.environ, "PYTHONDONTWRITEBYTECODE": "1"},
        check=False,
    )


def _fails_closed(
    r: subprocess.CompletedProcess[str], db_url: str, before: list[object], folks: list[Person]
) -> None:
    assert r.returncode == 2, (r.returncode, r.stderr)
    assert r.stdout == ""
    assert len(r.stderr.strip().splitlines()) == 1, r.stderr
    # the append fails, or (a WAL database needs room for its log) opening the database does
    assert "the disk is full" in r.stderr, r.stderr  # never just "OperationalError"
    assert values_in(r.stdout + r.stderr, folks) == []
    assert sql(db_url, "SELECT seq, action FROM bg_audit_events ORDER BY seq") == before
    heads = sql(db_url, "SELECT count(*) FROM bg_audit_heads")
    assert heads[0][0] == len(before)


def test_a_file_size_limit_during_the_append_reveals_nothing(
    bg: Bg, env: Path, folks: list[Person]
) -> None:
    db_url = f"sqlite:///{env / 'guard.db'}"
    v1 = _prepared(bg, env, db_url, folks)
    before = sql(db_url, "SELECT seq, action FROM bg_audit_events ORDER BY seq")
    r = _reveal_in_child(env, db_url, v1, fsize=2048)
    _fails_closed(r, db_url, before, folks)
    assert bg("audit", "verify", "--db", db_url, "--rules", "rules.yaml").code == 0
    # with room again, the same reveal works and is recorded
    ok = _reveal_in_child(env, db_url, v1, fsize=None)
    assert (ok.returncode, ok.stdout.strip()) == (0, folks[0].values["手机"]), ok.stderr


@contextlib.contextmanager
def _tiny_fs(where: Path, size: str) -> Iterator[Path]:
    where.mkdir()
    done = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", f"size={size}", "tmpfs", str(where)],
        capture_output=True,
        check=False,
    )
    if done.returncode != 0:
        pytest.skip("mount is not permitted here (the RLIMIT_FSIZE test covers a full disk)")
    try:
        yield where
    finally:
        subprocess.run(["umount", str(where)], check=False)


def _fill(folder: Path) -> None:
    """Write a filler file until the file system is full."""
    chunk = b"\0" * 4096
    with contextlib.suppress(OSError), (folder / "filler").open("wb", buffering=0) as fh:
        while True:
            fh.write(chunk)


def test_a_full_tmpfs_during_the_append_reveals_nothing(
    bg: Bg, env: Path, folks: list[Person]
) -> None:
    with _tiny_fs(env / "small", "2m") as small:
        db_url = f"sqlite:///{small / 'guard.db'}"
        v1 = _prepared(bg, env, db_url, folks)
        before = sql(db_url, "SELECT seq, action FROM bg_audit_events ORDER BY seq")
        _fill(small)
        r = _reveal_in_child(env, db_url, v1, fsize=None)
        (small / "filler").unlink()
        _fails_closed(r, db_url, before, folks)
        assert bg("audit", "verify", "--db", db_url, "--rules", "rules.yaml").code == 0
        ok = _reveal_in_child(env, db_url, v1, fsize=None)
        assert (ok.returncode, ok.stdout.strip()) == (0, folks[0].values["手机"]), ok.stderr
