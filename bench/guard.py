"""Audited reveal latency through the HTTP API: p50/p99 at 1, 10 and 50 concurrent clients.

Usage:
  .venv/bin/python bench/guard.py [--pg URL] [--requests N] [--people N] [--workers 1,2]

For each backend (SQLite always; PostgreSQL with --pg or BOXGUARD_TEST_PG_URL) it
prepares a database with synthetic people (valid check digits, fictitious), starts
``boxguard serve --workers W`` on a free port as a child process (W uvicorn worker
processes), and has C client threads (one keep-alive HTTP/1.1 connection each, raw
sockets) reveal one field each, N requests in all per level. Every request is a real audited reveal: decide, append a signed audit event
(one transaction), decrypt. Prints a Markdown table; nothing is written.
"""

from __future__ import annotations

import argparse
import json
import os
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx2 as httpx
from sqlalchemy import create_engine, text

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tests.integration.test_guard_cli import write_csv  # noqa: E402
from tests.vault_support import people  # noqa: E402

from boxguard import services  # noqa: E402
from boxguard.crypto.keys import Keyset  # noqa: E402
from boxguard.jobs import guard as jobs  # noqa: E402
from boxguard.jobs.tokens import new_token  # noqa: E402

RULES = """
purposes: [after_sales]
roles:
  customer_service: {}
grants:
  - {role: customer_service, fields: ["*"], purposes: [after_sales]}
"""
LEVELS = (1, 10, 50)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def prepare(
    db: str, folder: Path, n_people: int, clients: int, seed: int = 99
) -> tuple[list[str], list[str]]:
    """People in the vault, all consenting; one user and API token per client."""
    rules = folder / "rules.yaml"
    rules.write_text(RULES, encoding="utf-8")
    folks = people(n_people, seed=seed)
    write_csv(folder / "p.csv", folks)
    with jobs.guard_session(jobs.GuardOptions(db=db, rules=rules), services) as g:
        jobs.add_user(g, "bench", "customer_service", actor="bench")  # who imports: a user
        ids = list(
            jobs.import_table(
                g, folder / "p.csv", actor="bench", id_column="客户编号", use_model=False
            ).vault_ids
        )
        for v in ids:
            jobs.set_consent(g, v, ["after_sales"], actor="bench")
        tokens = []
        for i in range(clients):
            jobs.add_user(g, f"cs{i}", "customer_service", actor="bench")
            tokens.append(new_token(g, f"cs{i}", actor="bench"))
    return ids, tokens


class Client:
    """One keep-alive HTTP/1.1 connection over a raw socket: the lightest client Python has,
    so the load generator takes as little of the machine's two cores as it can (httpx took
    about 1 ms of CPU per request, as much as the server's own work)."""

    def __init__(self, host: str, port: int, token: str) -> None:
        self.sock = socket.create_connection((host, port))
        self.sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        self.head = f"Host: {host}:{port}\r\nAuthorization: Bearer {token}\r\n"
        self.buf = b""

    def post(self, path: str, body: bytes) -> tuple[int, bytes]:
        req = (
            f"POST {path} HTTP/1.1\r\n{self.head}Content-Type: application/json\r\n"
            f"Content-Length: {len(body)}\r\n\r\n"
        ).encode() + body
        self.sock.sendall(req)
        while b"\r\n\r\n" not in self.buf:
            self._more()
        head, _, self.buf = self.buf.partition(b"\r\n\r\n")
        lines = head.split(b"\r\n")
        length = next(
            int(v) for k, _, v in (h.partition(b":") for h in lines[1:])
            if k.strip().lower() == b"content-length"
        )  # fmt: skip
        while len(self.buf) < length:
            self._more()
        body_out, self.buf = self.buf[:length], self.buf[length:]
        return int(lines[0].split()[1]), body_out

    def _more(self) -> None:
        chunk = self.sock.recv(65536)
        if not chunk:
            raise ConnectionError("the server closed the connection")
        self.buf += chunk

    def close(self) -> None:
        self.sock.close()


def run_level(
    base: str, ids: list[str], tokens: list[str], clients: int, total: int
) -> list[float]:
    """``total`` reveals from ``clients`` threads, one connection each; their latencies."""
    host, port = base.removeprefix("http://").split(":")
    per = max(1, total // clients)
    lat: list[float] = []
    lock = threading.Lock()
    errors: list[str] = []
    body = json.dumps({"field": "手机", "purpose": "after_sales"}).encode()
    start = threading.Barrier(clients)

    def client(k: int) -> None:
        mine: list[float] = []
        c = Client(host, int(port), tokens[k])
        start.wait()
        try:
            for j in range(per):
                vid = ids[(k * per + j) % len(ids)]
                t0 = time.perf_counter()
                status, out = c.post(f"/v1/records/{vid}/reveal", body)
                mine.append(time.perf_counter() - t0)
                if status != 200 or b'"value"' not in out:
                    errors.append(f"{status}")
        finally:
            c.close()
        with lock:
            lat.extend(mine)

    threads = [threading.Thread(target=client, args=(k,)) for k in range(clients)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    if errors:
        raise SystemExit(f"{len(errors)} failed reveals (first: HTTP {errors[0]})")
    return lat


def wait_until_up(base: str, proc: subprocess.Popen[Any], seconds: float = 60) -> None:
    """Return once ``base`` answers HTTP; SystemExit if the server died or never answered."""
    deadline = time.monotonic() + seconds
    while True:
        try:
            httpx.get(base + "/openapi.json", timeout=1)
            return
        except httpx.TransportError:
            if proc.poll() is not None or time.monotonic() > deadline:
                raise SystemExit("serve did not start") from None
            time.sleep(0.2)


@dataclass
class Served:
    """A running ``boxguard serve``: its base URL and process id; its stderr once stopped."""

    base: str
    pid: int
    stderr: str = ""


@contextmanager
def serving(db: str, folder: Path, workers: int, *extra: str) -> Iterator[Served]:
    """``boxguard serve --workers W`` (and ``extra`` options) on ``db`` with ``folder``'s
    rules, on a free port, up when it yields; stopped (SIGTERM) on the way out."""
    port = free_port()
    cmd = [sys.executable, "-m", "boxguard", "serve", "--port", str(port), "--db", db,
           "--rules", str(folder / "rules.yaml"), "--workers", str(workers), *extra]  # fmt: skip
    proc = subprocess.Popen(
        cmd, cwd=folder, env=os.environ.copy(), stderr=subprocess.PIPE, text=True
    )
    served = Served(f"http://127.0.0.1:{port}", proc.pid)
    try:
        wait_until_up(served.base, proc)
        yield served
    finally:
        proc.terminate()
        _, served.stderr = proc.communicate(timeout=60)


def bench(label: str, db: str, requests: int, n_people: int, workers: int) -> list[str]:
    rows = []
    with tempfile.TemporaryDirectory() as d:
        folder = Path(d)
        ids, tokens = prepare(db, folder, n_people, max(LEVELS))
        with serving(db, folder, workers) as served:
            run_level(served.base, ids, tokens, max(LEVELS), 4 * max(LEVELS))  # every worker warm
            for c in LEVELS:
                t0 = time.perf_counter()
                lat = run_level(served.base, ids, tokens, c, requests)
                wall = time.perf_counter() - t0
                q = statistics.quantiles(lat, n=100, method="inclusive")
                rows.append(
                    f"| {label} | {workers} | {c} | {len(lat)} | {q[49] * 1000:.1f} "
                    f"| {q[98] * 1000:.1f} | {len(lat) / wall:.0f} |"
                )
                print(rows[-1], flush=True)
    return rows


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--pg", default=os.environ.get("BOXGUARD_TEST_PG_URL"))
    ap.add_argument("--requests", type=int, default=500, help="reveals per level")
    ap.add_argument("--people", type=int, default=50)
    ap.add_argument("--workers", default="1,2", help="server processes to measure, comma-separated")
    args = ap.parse_args()
    os.environ.setdefault("BOXGUARD_KEYSET", Keyset.generate().to_json())
    print("| backend | workers | clients | reveals | p50 ms | p99 ms | reveals/s |")
    print("|---|---|---|---|---|---|---|", flush=True)
    for w in (int(x) for x in args.workers.split(",")):
        with tempfile.TemporaryDirectory() as d:
            bench("SQLite", f"sqlite:///{Path(d) / 'bench.db'}", args.requests, args.people, w)
        if args.pg:
            bench_pg(args.pg, args.requests, args.people, w)
    return 0


def bench_pg(url: str, requests: int, n_people: int, workers: int) -> None:
    """:func:`bench` on a fresh schema of the PostgreSQL at ``url``, dropped after."""
    schema = "bench_" + uuid.uuid4().hex[:10]
    engine = create_engine(url)
    with engine.begin() as conn:
        conn.execute(text(f'CREATE SCHEMA "{schema}"'))
    try:
        sep = "&" if "?" in url else "?"
        bench("PostgreSQL", f"{url}{sep}options=-csearch_path%3D{schema}", requests, n_people, workers)  # fmt: skip
    finally:
        with engine.begin() as conn:
            conn.execute(text(f'DROP SCHEMA "{schema}" CASCADE'))
        engine.dispose()


if __name__ == "__main__":
    raise SystemExit(main())
