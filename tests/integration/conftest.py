"""Storage tests run against SQLite always and PostgreSQL when BOXGUARD_TEST_PG_URL is set;
database-source tests also against MariaDB/MySQL when BOXGUARD_TEST_MYSQL_URL is set."""

from __future__ import annotations

import contextlib
import os
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
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


@dataclass(frozen=True)
class SourceDb:
    """An empty database to scan: ``url`` as a user writes it, ``admin`` (SQLAlchemy) to
    fill it, ``label`` as its tables' locations name it, written out by hand here."""

    backend: str
    url: str
    admin: str
    label: str

    def run(self, *statements: str, **params: object) -> None:
        from sqlalchemy import create_engine, text

        engine = create_engine(self.admin)
        try:
            with engine.begin() as conn:
                for statement in statements:
                    conn.execute(text(statement), params)
        finally:
            engine.dispose()


def _mysql_url() -> str | None:
    return os.environ.get("BOXGUARD_TEST_MYSQL_URL") or None


@contextlib.contextmanager
def _source_db(backend: str, tmp_path: Path) -> Iterator[SourceDb]:
    from sqlalchemy import create_engine, text
    from sqlalchemy.engine import make_url

    if backend == "sqlite":
        path = tmp_path / "crm.db"
        yield SourceDb(backend, f"sqlite:///{path}", f"sqlite:///{path}", f"sqlite:{path}")
        return
    base = _pg_url() if backend == "postgres" else _mysql_url()
    if base is None:
        var = "BOXGUARD_TEST_PG_URL" if backend == "postgres" else "BOXGUARD_TEST_MYSQL_URL"
        pytest.skip(f"{var} not set: no {backend} server for this run")
    u = make_url(base)
    name = "t_" + uuid.uuid4().hex[:12]
    port = f":{u.port}" if u.port else ""
    engine = create_engine(base)
    if backend == "postgres":  # a schema of its own, the default one of its URL
        create, drop = f'CREATE SCHEMA "{name}"', f'DROP SCHEMA "{name}" CASCADE'
        sep = "&" if "?" in base else "?"
        admin = f"{base}{sep}options=-csearch_path%3D{name}"
        label = f"postgresql://{u.host}{port}/{u.database}"
    else:  # a database of its own
        create, drop = f"CREATE DATABASE `{name}` CHARACTER SET utf8mb4", f"DROP DATABASE `{name}`"
        admin = u.set(database=name).render_as_string(hide_password=False)
        label = f"mysql://{u.host}{port}/{name}"
    with engine.begin() as conn:
        conn.execute(text(create))
    try:  # users write the scheme without its driver
        yield SourceDb(
            backend, admin.split("+", 1)[0] + "://" + admin.split("://", 1)[1], admin, label
        )
    finally:
        with engine.begin() as conn:
            conn.execute(text(drop))
        engine.dispose()


_PG = pytest.param("postgres", marks=pytest.mark.postgres)
_MYSQL = pytest.param("mysql", marks=pytest.mark.mysql)


@pytest.fixture(params=["sqlite", _PG, _MYSQL])
def source_db(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[SourceDb]:
    """A fresh database to scan on SQLite, PostgreSQL and MariaDB/MySQL (when their
    BOXGUARD_TEST_PG_URL / BOXGUARD_TEST_MYSQL_URL are set)."""
    with _source_db(request.param, tmp_path) as db:
        yield db


@pytest.fixture(params=[_PG, _MYSQL])
def server_db(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[SourceDb]:
    """:func:`source_db` on the database servers only (roles, passwords, connections)."""
    with _source_db(request.param, tmp_path) as db:
        yield db


@pytest.fixture
def guard_folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A fresh working folder for the guard: the user's BOXGUARD_* locations cleared, a new
    keyset in BOXGUARD_KEYSET."""
    from boxguard.crypto.keys import Keyset

    monkeypatch.chdir(tmp_path)
    for name in ("BOXGUARD_DB", "BOXGUARD_RULES", "BOXGUARD_KEYSET_FILE", "BOXGUARD_CONFIG"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("BOXGUARD_KEYSET", Keyset.generate().to_json())
    return tmp_path
