"""The trace core imports no database, dataframe, web or CLI library (until import-linter
lists boxguard.trace among the core's source modules, this test holds the line)."""

from __future__ import annotations

import subprocess
import sys

FORBIDDEN = (
    "sqlalchemy",
    "polars",
    "typer",
    "rich",
    "fastapi",
    "click",
    "alembic",
    "pyarrow",
    "psycopg",
    "boxguard.adapters",
    "boxguard.storage",
    "boxguard.io",
    "boxguard.services",
)


def test_the_trace_core_imports_no_adapter_library() -> None:
    probe = (
        "import sys, boxguard.trace, boxguard.trace.identify\n"
        f"bad = [m for m in sys.modules if m.split('.')[0] in {FORBIDDEN!r} or m in {FORBIDDEN!r}"
        " or any(m.startswith(f + '.') for f in " + repr(FORBIDDEN) + ")]\n"
        "print(','.join(sorted(bad)))\n"
    )
    out = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, check=True
    ).stdout.strip()
    assert out == ""
