"""Engines and migrations."""

from __future__ import annotations

import contextlib
import os
from collections.abc import Sequence
from datetime import datetime, timezone
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sqlalchemy import Connection, Engine, create_engine
from sqlalchemy.exc import SQLAlchemyError

from boxguard.dburl import connect_args, failure, sqlalchemy_url
from boxguard.errors import StorageError

if TYPE_CHECKING:
    from alembic.config import Config

_MIGRATIONS = Path(__file__).parent / "migrations"


#: Connections a server database's pool keeps open. SQLAlchemy's default (5) made a
#: server with 10 busy threads open and close a PostgreSQL connection per request beyond
#: the fifth; ``serve`` runs at most :data:`POOL` threads, so none waits for a connection.
POOL = 16


def connect(url: str, **options: object) -> Engine:
    """An engine for ``url`` (``sqlite:///path.db``, ``postgres://...``: :mod:`boxguard.dburl`)."""
    full = sqlalchemy_url(url)
    if not full.startswith("sqlite"):
        options = {
            "pool_size": POOL,
            "max_overflow": POOL,
            "connect_args": connect_args(full),
            **options,
        }
    try:
        return create_engine(full, future=True, **options)
    except (SQLAlchemyError, ImportError, ValueError, IndexError) as err:
        raise StorageError(f"cannot open database: {reason(err)}") from None


def reader(engine: Engine) -> Engine:
    """The engine for short reads beside ``engine``: for a server database, a second pool
    whose connections run in autocommit, so a read is one round trip instead of BEGIN,
    the query and the ROLLBACK a pooled connection gets when it is returned (110 against
    201 us of client CPU per read on PostgreSQL); for SQLite, ``engine`` itself (a read
    there has no round trip, and a reader's block of reads keeps one snapshot)."""
    if engine.dialect.name == "sqlite":
        return engine
    return connect(engine.url.render_as_string(hide_password=False), isolation_level="AUTOCOMMIT")


def driver_sql(sql: str, paramstyle: str) -> str:
    """``sql`` written with ``?`` placeholders, in the placeholders of a driver whose
    DBAPI ``paramstyle`` is ``paramstyle`` (SQLite's ``qmark`` as is; psycopg and the
    MySQL drivers take ``%s``).

    >>> driver_sql("SELECT n FROM t WHERE id = ?", "qmark"), driver_sql("id = ?", "pyformat")
    ('SELECT n FROM t WHERE id = ?', 'id = %s')
    """
    return sql if paramstyle == "qmark" else sql.replace("?", "%s")


def raw_rows(conn: Connection, sql: str, params: Sequence[Any] = ()) -> list[tuple[Any, ...]]:
    """Rows of ``sql`` (written with ``?`` placeholders) straight through ``conn``'s DBAPI
    cursor: no SQLAlchemy statement, no result processing. For the few reads every
    request makes (on PostgreSQL SQLAlchemy's part was 65 of a read's 85 us of client
    CPU). Values come as the driver gives them (SQLite: a datetime as text); the
    driver's own errors are raised as they are.

    >>> from sqlalchemy import create_engine
    >>> with create_engine("sqlite://").connect() as conn:
    ...     raw_rows(conn, "SELECT ? + 1, ?", (41, "x"))
    [(42, 'x')]
    """
    sql = driver_sql(sql, conn.dialect.paramstyle)
    cur = conn.connection.dbapi_connection.cursor()  # type: ignore[union-attr]
    try:
        cur.execute(sql, tuple(params))
        return list(cur.fetchall())
    finally:
        cur.close()


def reason(err: BaseException) -> str:
    """Why a database operation failed, never its statement or values
    (:func:`boxguard.dburl.failure`: the disk, when the database says it is full or could
    not write, a refused connection, a failed login…), else the error's type.

    >>> reason(OSError("database or disk is full")), reason(ValueError("x=13812345678"))
    ('the disk is full', 'ValueError')
    >>> reason(OSError('connection to server at "db" (10.0.0.5), port 5432 failed: '
    ...               'Connection refused'))
    'connection refused (is the server running at that host and port?)'
    """
    return failure(err) or _BY_TYPE.get(type(err).__name__, type(err).__name__)


#: An error's type → what boxguard says, when its message told nothing known.
_BY_TYPE = {
    "NoSuchModuleError": "not a database URL boxguard knows (sqlite:///PATH, postgresql://…)",
    "ArgumentError": "not a database URL (sqlite:///PATH, postgresql://…)",
}


def create_private(engine: Engine) -> None:
    """Create a new SQLite database file readable by its owner only (0600, as the keyset;
    SQLite gives its -wal and -shm files the file's mode): it holds the vault's ciphertext,
    blind indexes and the audit log. Nothing for a server database or a file that exists;
    a folder that is not there is left for SQLite to report."""
    path = engine.url.database
    if engine.dialect.name != "sqlite" or not path or path == ":memory:" or "file:" in path:
        return
    with contextlib.suppress(OSError):
        os.close(os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600))


def prefer_wal(engine: Engine) -> None:
    """Put a SQLite database file in write-ahead-log mode (kept in the file; a no-op for
    other databases and in-memory SQLite). Commits stay durable (``synchronous=FULL``,
    SQLite's default) but cost one fsync of the log instead of several of the rollback
    journal and the database: audited appends ran 2.6x faster (bench/audit.py)."""
    if engine.dialect.name != "sqlite" or engine.url.database in (None, "", ":memory:"):
        return
    try:
        with engine.connect() as conn:
            conn.exec_driver_sql("PRAGMA journal_mode=WAL")
    except SQLAlchemyError as err:
        raise StorageError(f"cannot open database: {reason(err)}") from None


def migrate(engine: Engine) -> None:
    """Bring the database to the newest schema (Alembic ``upgrade head``)."""
    from alembic import command
    from alembic.config import Config

    cfg = Config()
    cfg.set_main_option("script_location", str(_MIGRATIONS))
    try:
        conn = engine.connect()
    except SQLAlchemyError as err:
        raise StorageError(f"cannot open database: {reason(err)}") from None
    try:
        with conn, conn.begin():
            _refuse_unknown(conn, cfg)
            cfg.attributes["connection"] = conn
            command.upgrade(cfg, "head")
    except SQLAlchemyError as err:
        raise StorageError(f"migration failed: {reason(err)}") from None


def _refuse_unknown(conn: Connection, cfg: Config) -> None:
    """A database whose schema revision this boxguard does not know (a newer release
    migrated it) is refused before anything is written: downgrading it is not ours."""
    from alembic.runtime.migration import MigrationContext
    from alembic.script import ScriptDirectory

    current = MigrationContext.configure(conn).get_current_heads()
    known = {s.revision for s in ScriptDirectory.from_config(cfg).walk_revisions()}
    unknown = sorted(set(current) - known)
    if unknown:
        raise StorageError(
            f"the database's schema revision {unknown[0]!r} is newer than this boxguard "
            f"knows (upgrade boxguard); nothing was changed"
        )


def utc(value: datetime | None) -> datetime | None:
    """``value`` as an aware UTC datetime: SQLite gives back naive ones (written in UTC).

    >>> utc(datetime(2026, 1, 2)).isoformat()
    '2026-01-02T00:00:00+00:00'
    """
    if value is None or value.tzinfo is not None:
        return value
    return value.replace(tzinfo=timezone.utc)
