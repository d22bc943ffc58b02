"""``boxguard serve --workers 2``: two server processes over one database and one audit
log, on SQLite and PostgreSQL. Synthetic people only."""

from __future__ import annotations

import socket
import subprocess
from pathlib import Path

import pytest

from tests.bench_support import bench_module

bench = bench_module("guard")


pytestmark = pytest.mark.usefixtures("guard_folder")


def _children(pid: int) -> list[int]:
    found = subprocess.run(["pgrep", "-P", str(pid)], check=False, capture_output=True, text=True)
    out = found.stdout
    return [int(p) for p in out.split()]


def _new_reveals(opts: object, before: int) -> list[int]:
    """The seqs of the reveal events appended after ``before``; the log must verify."""
    from boxguard import services
    from boxguard.jobs import guard as jobs

    assert isinstance(opts, jobs.GuardOptions)
    with jobs.guard_session(opts, services) as g:
        assert jobs.audit_verify(g).ok
        return [r.seq for r in g.audit.events(before) if r.event.action == "reveal"]


@pytest.mark.slow
def test_two_workers_answer_reveals_into_one_log_that_verifies(db_url: str) -> None:
    from boxguard import services
    from boxguard.jobs import guard as jobs

    folder = Path.cwd()
    ids, tokens = bench.prepare(db_url, folder, 6, 4)
    opts = jobs.GuardOptions(db=db_url, rules=folder / "rules.yaml")
    with jobs.guard_session(opts, services) as g:
        before = g.audit.size()
    with bench.serving(db_url, folder, 2, "--threads", "2") as served:
        workers = _children(served.pid)
        lat = bench.run_level(served.base, ids, tokens, 4, 40)
        assert len(lat) == 40  # run_level raises if any reveal was not answered with a value
        # uvicorn's supervisor runs the workers as its children (and a resource tracker)
        assert len(workers) >= 2
    assert "Traceback" not in served.stderr
    assert len(set(_new_reveals(opts, before))) == 40


@pytest.mark.slow
def test_more_clients_than_connections_are_all_answered(
    db_url: str,
) -> None:
    """24 clients at once against one worker (16 threads; SQLite's pool holds 15
    connections): no reveal may wait for a connection that another step of its own
    request holds (a hang fails here on the clients' 60 s timeout)."""
    from boxguard.jobs import guard as jobs

    folder = Path.cwd()
    ids, tokens = bench.prepare(db_url, folder, 6, 24)
    opts = jobs.GuardOptions(db=db_url, rules=folder / "rules.yaml")
    default = socket.getdefaulttimeout()
    socket.setdefaulttimeout(60)  # the clients' sockets
    try:
        with bench.serving(db_url, folder, 1) as served:
            assert len(bench.run_level(served.base, ids, tokens, 24, 240)) == 240
        assert "Traceback" not in served.stderr
    finally:
        socket.setdefaulttimeout(default)
    assert len(set(_new_reveals(opts, 0))) == 240


def test_serve_threads_never_outnumber_the_pool_s_connections() -> None:
    """``serve --threads`` stops at the database pool's size: a request never waits for a
    connection that another thread holds."""
    from boxguard.jobs import guard as jobs
    from boxguard.storage.db import POOL

    assert jobs.SERVE_THREADS <= jobs.MAX_SERVE_THREADS == POOL


@pytest.mark.parametrize("host", ["127.0.0.1", "999.1.1.1"])
def test_an_address_it_cannot_listen_on_is_one_line_and_exit_2(host: str) -> None:
    """QA: a port in use (or a host not this machine's) printed "serving on …", then
    uvicorn's log, and exit 3 (access denied's code)."""
    import sys

    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        cmd = [sys.executable, "-m", "boxguard", "serve", "--host", host, "--port", str(port)]
        r = subprocess.run(cmd, capture_output=True, text=True, timeout=60, check=False)
    assert r.returncode == 2, r.stderr
    assert r.stderr.startswith(f"boxguard: error: cannot serve on {host}:{port}: ")
    assert len(r.stderr.strip().splitlines()) == 1
    assert "serving on" not in r.stdout + r.stderr
