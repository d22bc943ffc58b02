"""Storage tests run against SQLite always and PostgreSQL when BOXGUARD_TEST_PG_URL is set."""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest


def _pg_url() -> str | None:
    return os.environ.get("BOXGUARD_TEST_PG_URL") or None


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def db_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """A fresh, empty database URL for each backend."""
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'boxguard.db'}"
        return
    base = _pg_url()
    if base is None:
        pytest.skip("BOXGUARD_TEST_PG_URL not set: no PostgreSQL for this run")
    from sqlalchemy import create_engine, text

    schema = "t_" + uuid.uuid4().hex[:12]
    engine = create_engine(base)
    with engine.begin() as conn:
        conn.execute(text(f'CREATE SCHEMA "{schema}"'))
    sep = "&" if "?" in base else "?"
    yield f"{base}{sep}options=-csearch_path%3D{schema}"
    with engine.begin() as conn:
        conn.execute(text(f'DROP SCHEMA "{schema}" CASCADE'))
    engine.dispose()
