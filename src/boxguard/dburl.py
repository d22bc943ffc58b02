"""Database URLs as users write them, in the form SQLAlchemy opens — one place for all.

``postgres://`` and ``postgresql://`` (what psql, Heroku and libpq write) use psycopg 3;
``mysql://`` and ``mariadb://`` use PyMySQL; ``sqlite:///`` stays. Passwords are never
shown: :func:`shown` hides them for messages.

>>> sqlalchemy_url("postgres://bob@db:5432/crm")
'postgresql+psycopg://bob@db:5432/crm'
>>> sqlalchemy_url("postgresql+psycopg://db/crm"), sqlalchemy_url("sqlite:///x.db")
('postgresql+psycopg://db/crm', 'sqlite:///x.db')
>>> sqlalchemy_url("mariadb://bob@db/crm")
'mysql+pymysql://bob@db/crm'
>>> is_db_url("POSTGRES://db/crm"), is_db_url("crm.db")
(True, False)
"""

from __future__ import annotations

from pathlib import Path

#: The one database of a working folder (vault, grants, audit, releases), as cli.md sets it.
DEFAULT_DB = "sqlite:///boxguard.db"
#: Where tokenize keeps its table unless told otherwise.
DEFAULT_TOKENS = "sqlite:///boxguard-tokens.db"
#: scheme as written → SQLAlchemy's dialect+driver
_DRIVERS = {
    "postgres": "postgresql+psycopg",
    "postgresql": "postgresql+psycopg",
    "mysql": "mysql+pymysql",
    "mariadb": "mysql+pymysql",
    "mariadb+pymysql": "mysql+pymysql",
}
#: every scheme boxguard opens
SCHEMES = frozenset({*_DRIVERS, *_DRIVERS.values(), "sqlite"})
#: Seconds a server database may take to answer a connection (a host that accepts and then
#: says nothing would otherwise hold a scan forever).
CONNECT_TIMEOUT = 10


#: Seconds a MySQL server may leave a read unanswered: PyMySQL's connect timeout ends at the
#: TCP connection, and a server that accepted and then says nothing holds its handshake.
READ_TIMEOUT = 30


def connect_args(url: str) -> dict[str, object]:
    """The driver's connection options boxguard sets for ``url``: a connect timeout for a
    server database (libpq's covers the whole start-up; PyMySQL also needs a read
    timeout for its handshake), none for SQLite.

    >>> connect_args("postgres://db/crm"), connect_args("sqlite:///x.db")
    ({'connect_timeout': 10}, {})
    >>> connect_args("mariadb://db/crm")
    {'connect_timeout': 10, 'read_timeout': 30}
    """
    driver = sqlalchemy_url(url).partition("://")[0]
    if driver.startswith("sqlite"):
        return {}
    if driver.startswith("mysql"):
        return {"connect_timeout": CONNECT_TIMEOUT, "read_timeout": READ_TIMEOUT}
    return {"connect_timeout": CONNECT_TIMEOUT}


def scheme(url: str) -> str:
    """The URL's scheme, lower-cased ('' for a path)."""
    head, sep, _ = url.partition(":")
    return head.lower() if sep and "/" not in head and "\\" not in head else ""


def is_db_url(target: str) -> bool:
    """Whether ``target`` names a database boxguard opens (not a file path)."""
    return scheme(target) in SCHEMES


def sqlalchemy_url(url: str) -> str:
    """``url`` with the driver SQLAlchemy needs (a bare ``postgres://`` fails there)."""
    s = scheme(url)
    driver = _DRIVERS.get(s)
    return driver + url[len(s) :] if driver else url


def database_exists(url: str) -> bool:
    """False when ``url`` names a SQLite file that is not there (nothing to read, and
    nothing to import database code for); True for any server database.

    >>> database_exists("sqlite:///no/such/boxguard.db"), database_exists("postgresql://h/db")
    (False, True)
    """
    if url.startswith("sqlite:///"):
        path = url.removeprefix("sqlite:///").split("?", 1)[0]
        return bool(path) and path != ":memory:" and Path(path).is_file()
    return True
