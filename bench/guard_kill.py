"""Kill -9 trials: SIGKILL ``boxguard serve`` during concurrent audited reveals, then check
that the audit log verifies and that every reveal a client RECEIVED has its audit event.

Usage:
  .venv/bin/python bench/guard_kill.py [--trials 200] [--clients 8] [--pg URL] [--seed N]

For each backend (SQLite always; PostgreSQL with --pg or BOXGUARD_TEST_PG_URL) it prepares
one database with synthetic people (valid check digits, fictitious) and then, per trial:
starts ``boxguard serve`` (a real uvicorn process) on it, has ``--clients`` threads (one
HTTP connection each) reveal fields as fast as they can, sends SIGKILL to the server at a
random moment (uniform in ``--window`` seconds after the clients started), and, with the
server dead, checks the database directly:

- ``SqlAuditLog.verify()`` is ok (every event under the signed heads, nothing half-written);
- every reveal answered 200 to a client is in the log: the event number in the answer is
  an ``ok`` ``reveal`` event of that user, record (pseudonym), field and purpose.

The next trial's server start is the restart on the killed database (its first reveals
append to the recovered log). After the last trial ``boxguard audit verify`` (the CLI,
a fresh process) must exit 0. Exit status: 0 when every trial passed, 1 otherwise.
SIGKILL ends the process, not the machine: this proves that no answer leaves before its
event is committed, and that a kill at any moment leaves a log that verifies; it does not
test the disk's own durability (a power cut), which is the database's fsync.

The logic lives in :func:`run_trials`, which ``tests/integration/test_guard_kill.py`` runs
with a few trials on every test run.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import signal
import subprocess
import sys
import tempfile
import threading
import time
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import httpx2 as httpx

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from bench.guard import free_port, prepare  # noqa: E402  (the reveal bench's set-up)

from boxguard import services  # noqa: E402
from boxguard.crypto.keys import Keyset  # noqa: E402
from boxguard.jobs import guard as jobs  # noqa: E402

FIELDS = ("手机", "姓名", "身份证号")


@dataclass(frozen=True)
class Received:
    """One reveal a client received (HTTP 200): who, what, and the event it names."""

    user: str
    vault_id: str
    field: str
    event: int


@dataclass
class Trial:
    """What one trial saw."""

    number: int
    kill_after_s: float
    received: int = 0
    in_flight: int = 0  # requests sent whose answer never came (cut by the kill)
    events_added: int = 0
    unexpected: list[str] = field(default_factory=list)  # non-200 answers
    problems: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.problems and not self.unexpected


@dataclass
class Summary:
    """All trials of one backend."""

    backend: str
    trials: list[Trial] = field(default_factory=list)
    final_cli_verify: int | None = None

    @property
    def passed(self) -> int:
        return sum(t.ok for t in self.trials)

    @property
    def ok(self) -> bool:
        return self.passed == len(self.trials) and self.final_cli_verify == 0

    def as_dict(self) -> dict[str, object]:
        return {
            "backend": self.backend,
            "trials": len(self.trials),
            "passed": self.passed,
            "reveals_received": sum(t.received for t in self.trials),
            "reveals_cut_in_flight": sum(t.in_flight for t in self.trials),
            "events_added": sum(t.events_added for t in self.trials),
            "final_cli_verify_exit": self.final_cli_verify,
            "failures": [
                {"trial": t.number, "problems": t.problems[:3], "unexpected": t.unexpected[:3]}
                for t in self.trials
                if not t.ok
            ][:10],
        }


def _start(db: str, folder: Path, log: Path) -> tuple[subprocess.Popen[bytes], str]:
    port = free_port()
    cmd = [sys.executable, "-m", "boxguard", "serve", "--port", str(port), "--db", db,
           "--rules", str(folder / "rules.yaml")]  # fmt: skip
    with log.open("ab") as err:
        proc = subprocess.Popen(cmd, cwd=folder, stdout=subprocess.DEVNULL, stderr=err)
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 60
    while True:
        try:
            httpx.get(base + "/openapi.json", timeout=1)
            return proc, base
        except httpx.TransportError:
            if proc.poll() is not None or time.monotonic() > deadline:
                proc.kill()
                raise RuntimeError(f"serve did not start (see {log})") from None
            time.sleep(0.05)


def _trial(
    number: int,
    g: jobs.Guard,
    db: str,
    folder: Path,
    ids: list[str],
    tokens: list[str],
    rng: random.Random,
    window: tuple[float, float],
) -> Trial:
    before = g.audit.size()
    proc, base = _start(db, folder, folder / "serve.log")
    trial = Trial(number, rng.uniform(*window))
    received: list[Received] = []
    lock = threading.Lock()
    started = threading.Barrier(len(tokens) + 1)

    def client(k: int) -> None:
        crng = random.Random(number * 1000 + k)
        mine: list[Received] = []
        unexpected: list[str] = []
        cut = 0
        with httpx.Client(
            base_url=base, headers={"Authorization": f"Bearer {tokens[k]}"}, timeout=30
        ) as c:
            started.wait()
            while True:
                vid, fld = crng.choice(ids), crng.choice(FIELDS)
                try:
                    r = c.post(
                        f"/v1/records/{vid}/reveal", json={"field": fld, "purpose": "after_sales"}
                    )
                except httpx.TransportError:
                    cut = 1  # the server died with this request unanswered
                    break
                if r.status_code == 200:
                    mine.append(Received(f"cs{k}", vid, fld, int(r.json()["event"])))
                else:
                    unexpected.append(f"HTTP {r.status_code}")
        with lock:
            received.extend(mine)
            trial.unexpected.extend(unexpected)
            trial.in_flight += cut

    threads = [threading.Thread(target=client, args=(k,)) for k in range(len(tokens))]
    for t in threads:
        t.start()
    started.wait()
    time.sleep(trial.kill_after_s)
    proc.send_signal(signal.SIGKILL)
    proc.wait()
    for t in threads:
        t.join()
    trial.received = len(received)
    _check(g, trial, received, before)
    return trial


def _check(g: jobs.Guard, trial: Trial, received: list[Received], before: int) -> None:
    result = g.audit.verify()
    if not result.ok:
        trial.problems.append(f"verify: first bad event {result.first_bad_seq}: {result.reason}")
    after = g.audit.size()
    trial.events_added = after - before
    events = {r.seq: r for r in g.audit.events(start=before)}
    for got in received:
        rec = events.get(got.event)
        if rec is None:
            trial.problems.append(f"event {got.event} of a received reveal is not in the log")
            continue
        e = rec.event
        want = ("reveal", "ok", got.user, g.vault.pseudonym(got.vault_id), (got.field,))
        if (e.action, e.outcome, e.actor, e.record, e.fields) != want or e.purpose != (
            "after_sales"
        ):
            trial.problems.append(f"event {got.event} does not record the reveal it answered")


def run_trials(
    db: str,
    backend: str,
    trials: int,
    *,
    clients: int = 8,
    people_n: int = 30,
    seed: int = 20261206,
    window: tuple[float, float] = (0.05, 0.8),
    progress: Callable[[Trial], None] | None = None,
) -> Summary:
    """Run ``trials`` kill trials on the (empty) database ``db``; see the module docstring.

    Needs ``BOXGUARD_KEYSET`` in the environment (the servers inherit it)."""
    rng = random.Random(seed)
    summary = Summary(backend)
    with tempfile.TemporaryDirectory(prefix="bg-kill-") as d:
        folder = Path(d)
        ids, tokens = prepare(db, folder, people_n, clients, seed=17)
        opts = jobs.GuardOptions(db=db, rules=folder / "rules.yaml")
        with jobs.guard_session(opts, services) as g:
            for i in range(trials):
                t = _trial(i, g, db, folder, ids, tokens, rng, window)
                summary.trials.append(t)
                if progress is not None:
                    progress(t)
        cli = subprocess.run(
            [sys.executable, "-m", "boxguard", "audit", "verify", "--db", db],
            cwd=folder,
            capture_output=True,
            check=False,
        )
        summary.final_cli_verify = cli.returncode
    return summary


def _pg_schema(base: str) -> tuple[str, Callable[[], None]]:
    from sqlalchemy import create_engine, text

    schema = "kill_" + uuid.uuid4().hex[:10]
    engine = create_engine(base)
    with engine.begin() as conn:
        conn.execute(text(f'CREATE SCHEMA "{schema}"'))

    def drop() -> None:
        with engine.begin() as conn:
            conn.execute(text(f'DROP SCHEMA "{schema}" CASCADE'))
        engine.dispose()

    sep = "&" if "?" in base else "?"
    return f"{base}{sep}options=-csearch_path%3D{schema}", drop


def main() -> int:
    ap = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    ap.add_argument("--trials", type=int, default=200)
    ap.add_argument("--clients", type=int, default=8)
    ap.add_argument("--pg", default=os.environ.get("BOXGUARD_TEST_PG_URL"))
    ap.add_argument("--no-sqlite", action="store_true")
    ap.add_argument("--seed", type=int, default=20261206)
    args = ap.parse_args()
    os.environ.setdefault("BOXGUARD_KEYSET", Keyset.generate().to_json())

    def progress(t: Trial) -> None:
        if not t.ok or t.number % 20 == 0:
            print(f"  trial {t.number}: kill at {t.kill_after_s:.2f}s, {t.received} received, "
                  f"{t.events_added} events, {'ok' if t.ok else t.problems[:2] + t.unexpected[:2]}",
                  file=sys.stderr, flush=True)  # fmt: skip

    results = []
    if not args.no_sqlite:
        with tempfile.TemporaryDirectory() as d:
            db = f"sqlite:///{Path(d) / 'kill.db'}"
            results.append(run_trials(db, "SQLite", args.trials, clients=args.clients,
                                      seed=args.seed, progress=progress))  # fmt: skip
            print(json.dumps(results[-1].as_dict(), ensure_ascii=False), flush=True)
    if args.pg:
        db, drop = _pg_schema(args.pg)
        try:
            results.append(run_trials(db, "PostgreSQL", args.trials, clients=args.clients,
                                      seed=args.seed, progress=progress))  # fmt: skip
            print(json.dumps(results[-1].as_dict(), ensure_ascii=False), flush=True)
        finally:
            drop()
    return 0 if all(r.ok for r in results) else 1


if __name__ == "__main__":
    raise SystemExit(main())
