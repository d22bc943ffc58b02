"""Database URLs: what errors and locations show of them never holds the password, and
the label names the server and database SQLAlchemy will connect to."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st
from sqlalchemy.engine import make_url

from boxguard.dburl import shown_url, sqlalchemy_url
from boxguard.io.sources import database_label

_NAME = st.from_regex(r"[a-z][a-z0-9_]{0,11}", fullmatch=True)
_HOST = st.from_regex(r"[a-z][a-z0-9-]{0,10}(\.[a-z]{2,5}){0,2}", fullmatch=True)
#: Anything but an unescaped @ (which ends a password in a URL) and what breaks a line.
_PASSWORD = st.text(
    alphabet=st.characters(
        blacklist_characters="@\n\r\t ", blacklist_categories=("Cs", "Cc", "Zs")
    ),
    min_size=6,
    max_size=24,
)
_SCHEME = st.sampled_from(["mysql", "mariadb", "postgresql", "postgres", "mysql+pymysql"])


@given(_SCHEME, _NAME, _PASSWORD, _HOST, st.integers(1, 65535), _NAME)
def test_label_and_shown_url_never_hold_the_password(
    scheme: str, user: str, password: str, host: str, port: int, db: str
) -> None:
    url = f"{scheme}://{user}:{password}@{host}:{port}/{db}"
    backend = {"postgres": "postgresql", "mysql+pymysql": "mysql"}.get(scheme, scheme)
    assert database_label(url) == f"{backend}://{host}:{port}/{db}"
    assert shown_url(url) == f"{scheme}://{user}:***@{host}:{port}/{db}"
    parsed = make_url(sqlalchemy_url(url))  # the label is where SQLAlchemy goes
    assert (parsed.host, parsed.port, parsed.database) == (host, port, db)
    assert parsed.drivername in ("mysql+pymysql", "postgresql+psycopg")
