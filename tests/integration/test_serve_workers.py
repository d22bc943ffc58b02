"""``boxguard serve --workers 2``: two server processes over one database and one audit
log, on SQLite and PostgreSQL. Synthetic people only."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.bench_support import bench_module

bench = bench_module("guard")


pytestmark = pytest.mark.usefixtures("guard_folder")


def _children(pid: int) -> list[int]:
    found = subprocess.run(["pgrep", "-P", str(pid)], check=False, capture_output=True, text=True)
    out = found.stdout
    return [int(p) for p in out.split()]


@pytest.mark.slow
def test_two_workers_answer_reveals_into_one_log_that_verifies(db_url: str) -> None:
    from boxguard import services
    from boxguard.jobs import guard as jobs

    folder = Path.cwd()
    ids, tokens = bench.prepare(db_url, folder, 6, 4)
    opts = jobs.GuardOptions(db=db_url, rules=folder / "rules.yaml")
    with jobs.guard_session(opts, services) as g:
        before = g.audit.size()
    port = bench.free_port()
    cmd = [sys.executable, "-m", "boxguard", "serve", "--workers", "2", "--port", str(port),
           "--db", db_url, "--rules", str(folder / "rules.yaml")]  # fmt: skip
    proc = subprocess.Popen(cmd, env=os.environ.copy(), stderr=subprocess.PIPE, text=True)
    try:
        bench.wait_until_up(f"http://127.0.0.1:{port}", proc)
        workers = _children(proc.pid)
        lat = bench.run_level(f"http://127.0.0.1:{port}", ids, tokens, 4, 40)
        assert len(lat) == 40  # run_level raises if any reveal was not answered with a value
        # uvicorn's supervisor runs the workers as its children (and a resource tracker)
        assert len(workers) >= 2
    finally:
        proc.terminate()
        _, err = proc.communicate(timeout=60)
    assert "Traceback" not in err
    with jobs.guard_session(opts, services) as g:
        assert g.audit.size() == before + 40
        seqs = [r.seq for r in g.audit.events(before) if r.event.action == "reveal"]
        assert len(set(seqs)) == 40
        assert jobs.audit_verify(g).ok
