"""Database URLs as users write them, in the form SQLAlchemy opens — one place for all.

``postgres://`` and ``postgresql://`` (what psql, Heroku and libpq write) use psycopg 3;
``mysql://`` and ``mariadb://`` use PyMySQL; ``sqlite:///`` stays. Passwords are never
shown: :func:`shown_url` hides them for messages.

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

import functools
import re
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


def failure(err: BaseException) -> str | None:
    """What a database error means to the user, in words, from the driver's code, its
    SQLSTATE or its message (never the message itself: it may hold a statement, a value or
    a password); None when nothing known says it. The one table of both the sources that
    scan a database and the store boxguard keeps its own state in.

    >>> failure(OSError("database or disk is full")), failure(ValueError("x=13812345678"))
    ('the disk is full', None)
    >>> failure(OSError('connection to server at "db" (10.0.0.5), port 5432 failed: '
    ...                 'Connection refused'))
    'connection refused (is the server running at that host and port?)'
    >>> failure(OSError('connection to server at "10.0.0.9", port 5432 failed: received '
    ...                 'invalid response to SSL negotiation: H'))[:60]
    'something answers at that host and port, but not a PostgreSQ'
    """
    return FAILURES.get(failure_key(err) or "")


def failure_key(err: BaseException) -> str | None:
    """The key of :data:`FAILURES` that ``err`` (or the driver's error it wraps) means:
    ``denied`` for a table this user may not read."""
    orig = getattr(err, "orig", None) or err
    if getattr(orig, "sqlstate", None) == "42501":  # PostgreSQL: insufficient_privilege
        return "denied"
    args = getattr(orig, "args", ())
    if args and isinstance(args[0], int) and args[0] in _MYSQL_CODES:
        code = _MYSQL_CODES[args[0]]
        if code == "unreachable" and len(args) > 1 and "refused" in str(args[1]).lower():
            return "refused"
        return code
    text = str(orig)
    return next((key for key, pattern in _messages() if pattern.search(text)), None)


#: What boxguard says of a database error, by what it means.
FAILURES = {
    "full": "the disk is full",
    "disk_io": "the disk is full or failed (disk I/O error)",
    "refused": "connection refused (is the server running at that host and port?)",
    "unreachable": "server not reachable (host name, network or timeout)",
    "no_database": "no such database on this server",
    "login": "login failed (unknown user or wrong password)",
    "no_password": "login failed (no password given)",
    "no_access": "this user may not open the database",
    "denied": "permission denied for this user",
    "no_file": "cannot open the database file (no such folder, or no permission)",
    "not_sqlite": "not a SQLite database (or a damaged one)",
    "locked": "the database is locked by another process",
    "read_only": "the database is read-only",
    "ssl": "the TLS/SSL connection failed (sslmode, certificates, or a server without SSL)",
    "not_postgres": (
        "something answers at that host and port, but not a PostgreSQL server (the wrong "
        "port, or a proxy or firewall in the way)"
    ),
    "bad_port": "not a port number",
}
#: MySQL's client and server error codes (PyMySQL puts them first in ``args``; its errors
#: carry no SQLSTATE) by what they mean.
_MYSQL_CODES = {
    1044: "no_access",
    1045: "login",
    1049: "no_database",
    1142: "denied",
    1143: "denied",
    2003: "unreachable",
    2005: "unreachable",
    2013: "unreachable",
}
#: What a driver's message says → what it means; the first that matches.
_MESSAGES = (
    ("full", r"disk is full|no space left|file too large"),
    ("disk_io", r"disk i/o error"),
    ("refused", r"connection refused"),
    ("no_database", r'database "[^"]*" does not exist'),
    ("login", r'password authentication failed|role "[^"]*" does not exist'),
    ("login", r"no pg_hba\.conf entry|authentication failed"),
    ("no_access", r"permission denied for database"),
    ("denied", r"permission denied for (?:table|relation|schema|view)"),
    ("unreachable", r"resolve host|translate host name|name or service not known"),
    ("unreachable", r"timeout expired|no route"),
    ("no_file", r"unable to open database file"),
    ("not_sqlite", r"file is not a database|disk image is malformed"),
    ("locked", r"database is locked"),
    ("read_only", r"readonly database"),
    # libpq's opening TLS request answered by something else (an HTTP proxy's "H…")
    ("not_postgres", r"invalid response to ssl negotiation"),
    ("ssl", r"\bssl\b|\btls"),
    ("no_password", r"no password supplied"),
    ("bad_port", r"invalid port|invalid (?:integer )?value for \W*port|port .*out of range"),
)


@functools.cache
def _messages() -> tuple[tuple[str, re.Pattern[str]], ...]:
    """:data:`_MESSAGES` compiled, at the first error (not at every start)."""
    return tuple((key, re.compile(p, re.IGNORECASE)) for key, p in _MESSAGES)


def shown_url(url: str) -> str:
    """A database URL as errors and reports show it: no password, wherever it was written.

    >>> shown_url("postgresql://bob:S3cret@db:5432/crm")
    'postgresql://bob:***@db:5432/crm'
    >>> shown_url("postgresql://db/crm?user=bob&password=S3cret")
    'postgresql://db/crm?user=bob&password=***'
    >>> shown_url("postgresql://bob:p@ss@db/crm"), shown_url("host=db user=bob password=S3cret")
    ('postgresql://bob:***@db/crm', 'host=db user=bob password=***')
    >>> shown_url("host=db password='S3 cret' dbname=crm")
    'host=db password=*** dbname=crm'
    >>> shown_url("mysql://bob:p/s?s@db/crm"), shown_url("mysql://db:3306/crm?ssl=1")
    ('mysql://bob:***@db/crm', 'mysql://db:3306/crm?ssl=1')
    """
    shown = re.sub(r"(://[^/@:]*):[^/]*@", r"\1:***@", url)
    shown = re.sub(r"(://[^/@:]*):[^@]*@", r"\1:***@", shown)  # a / or ? in it (SQLAlchemy's)
    return _secret_param().sub(r"\1***", shown)


@functools.cache
def _secret_param() -> re.Pattern[str]:
    """A password, secret or token given as a URL or DSN parameter."""
    return re.compile(
        r"(?i)((?:^|[?&\s])(?:password|passwd|pwd|secret|token)\s*=\s*)"
        r"(?:'[^']*'|\"[^\"]*\"|[^&\s]*)"
    )
