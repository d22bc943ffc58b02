"""Audit log speed: audited appends/s (one thread; 4, 16, 64 threads) and verify events/s.

Run by hand (not part of `make bench`):

    .venv/bin/python bench/audit.py --db sqlite            # a temporary SQLite file
    .venv/bin/python bench/audit.py --db sqlite --journal wal
    .venv/bin/python bench/audit.py --db pg                # BOXGUARD_TEST_PG_URL or the
                                                           # scripts/pg-test-server PG

Every append is committed before it returns (SQLite: the database's synchronous setting,
FULL unless changed; PostgreSQL: synchronous_commit as configured). Concurrent threads
share commits (group commit) but each append still returns only after the commit holding
it: the 16- and 64-thread figures are a server with that many reveals in flight.
The verify figure reads ``--events`` events and heads back from the database and checks
them all (and, separately, from an export file). Prints one JSON line.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import tempfile
import time
import uuid
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from sqlalchemy import create_engine, event, text

from boxguard.audit import AuditEvent
from boxguard.audit.export import verify_export
from boxguard.crypto.keys import Keyset
from boxguard.storage import connect, migrate
from boxguard.storage.audit import SqlAuditLog


def _event(i: int) -> AuditEvent:
    return AuditEvent(
        action="reveal",
        actor=f"clerk{i % 50}",
        outcome="ok" if i % 9 else "denied",
        role="front_desk",
        record=f"r-{i:08x}",
        fields=("cn_mobile",),
        purpose="delivery",
        reference=f"order-{i}",
        client="cli",
    )


def _pg_base() -> str:
    url = os.environ.get("BOXGUARD_TEST_PG_URL")
    if url:
        return url
    root = Path(__file__).resolve().parent.parent
    out = subprocess.run(
        [str(root / "scripts" / "pg-test-server"), "start"],
        capture_output=True,
        text=True,
        check=True,
    )
    return out.stdout.strip()


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--db", choices=["sqlite", "pg"], default="sqlite")
    ap.add_argument(
        "--journal",
        choices=["delete", "wal"],
        default="wal",
        help="SQLite journal mode (boxguard puts its databases in WAL mode)",
    )
    ap.add_argument(
        "--synchronous",
        choices=["full", "normal"],
        default="full",
        help="SQLite synchronous: normal skips the fsync per commit in WAL mode (survives a "
        "crash of the process, not of the machine): shows the CPU bound, not a durable figure",
    )
    ap.add_argument("--appends", type=int, default=3000, help="appends timed per mode")
    ap.add_argument("--events", type=int, default=100_000, help="log size for the verify figure")
    ap.add_argument(
        "--threads",
        type=lambda v: [int(x) for x in v.split(",")],
        default=[4, 16, 64],
        help="concurrent appenders to time (each append still waits for its own commit)",
    )
    args = ap.parse_args()

    tmp = Path(tempfile.mkdtemp(prefix="bg-audit-bench-"))
    cleanup = None
    if args.db == "sqlite":
        url = f"sqlite:///{tmp / 'audit.db'}"
    else:
        base = _pg_base()
        schema = "bench_" + uuid.uuid4().hex[:10]
        admin = create_engine(base)
        with admin.begin() as conn:
            conn.execute(text(f'CREATE SCHEMA "{schema}"'))
        url = f"{base}{'&' if '?' in base else '?'}options=-csearch_path%3D{schema}"

        def cleanup() -> None:
            with admin.begin() as conn:
                conn.execute(text(f'DROP SCHEMA "{schema}" CASCADE'))
            admin.dispose()

    try:
        engine = connect(url)
        migrate(engine)
        if args.db == "sqlite":
            with engine.connect() as conn:
                conn.exec_driver_sql(f"PRAGMA journal_mode={args.journal}")
            sync = args.synchronous.upper()
            event.listen(
                engine, "connect", lambda dbapi, _: dbapi.execute(f"PRAGMA synchronous={sync}")
            )
            engine.dispose()
        log = SqlAuditLog(engine, Keyset.generate())
        n = args.appends

        t = time.perf_counter()
        for i in range(n):
            log.append(_event(i))
        seq_rate = n / (time.perf_counter() - t)

        have = n
        thr_rates = {}
        for threads in args.threads:
            t = time.perf_counter()
            with ThreadPoolExecutor(threads) as pool:
                list(pool.map(lambda i: log.append(_event(i)), range(have, have + n)))
            thr_rates[threads] = round(n / (time.perf_counter() - t))
            have += n

        # fill up to --events in transactions of 1,000 (not timed), then verify everything
        while have < args.events:
            k = min(1000, args.events - have)
            log.append_many(_event(i) for i in range(have, have + k))
            have += k
        t = time.perf_counter()
        result = log.verify()
        db_verify = have / (time.perf_counter() - t)
        assert result.ok, result
        assert result.verified == have, result

        path = tmp / "audit.jsonl"
        log.export(path)
        t = time.perf_counter()
        result = verify_export(path, log.public_key)
        file_verify = have / (time.perf_counter() - t)
        assert result.ok, result
        print(
            json.dumps(
                {
                    "db": engine.dialect.name,
                    "journal": args.journal if args.db == "sqlite" else None,
                    "synchronous": args.synchronous if args.db == "sqlite" else None,
                    "appends_per_s_sequential": round(seq_rate),
                    **{f"appends_per_s_{k}_threads": v for k, v in thr_rates.items()},
                    "events": have,
                    "verify_events_per_s_db": round(db_verify),
                    "verify_events_per_s_export": round(file_verify),
                }
            )
        )
        engine.dispose()
    finally:
        if cleanup is not None:
            cleanup()


if __name__ == "__main__":
    main()
