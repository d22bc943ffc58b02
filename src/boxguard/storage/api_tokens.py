"""API tokens in SQL: the SHA-256 of each token and the user it stands for, never the token.

A token is 32 random bytes (:func:`boxguard.jobs.tokens.new_token`), so a plain
SHA-256 is enough to store it: there is nothing to guess that a slow hash would
protect. A revoked token keeps its row (``revoked_at`` set) and stands for nobody.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import Column, DateTime, Engine, String, Table, insert, or_, select, update
from sqlalchemy.exc import SQLAlchemyError

from boxguard.errors import StorageError
from boxguard.storage.db import raw_rows, utc
from boxguard.storage.schema import metadata
from boxguard.storage.vault import BUMP_ACCESS

api_tokens = Table(
    "bg_api_tokens",
    metadata,
    Column("token_hash", String(64), primary_key=True),
    Column("user_name", String(64), nullable=False, index=True),
    Column("created_at", DateTime(timezone=True), nullable=False),
    Column("revoked_at", DateTime(timezone=True), nullable=True),
)

#: hex characters of the hash that name a token in `users tokens` / `users revoke-token`
ID_CHARS = 12


@dataclass(frozen=True)
class TokenInfo:
    """A token as listed: its id (the first hex characters of its hash), never the token."""

    id: str
    user: str
    created_at: datetime
    revoked_at: datetime | None


def _failed(what: str, err: Exception) -> StorageError:
    return StorageError(f"token {what} failed: {type(err).__name__}")


_USER_OF = "SELECT user_name FROM bg_api_tokens WHERE token_hash = ? AND revoked_at IS NULL"


class SqlApiTokens:
    """Token hashes → user names (migrated with :func:`boxguard.storage.migrate`)."""

    def __init__(self, engine: Engine, reads: Engine | None = None) -> None:
        self._engine = engine
        self._reads = reads or engine  # short reads (boxguard.storage.db.reader)

    def add(self, token_hash: str, user: str, at: datetime) -> None:
        try:
            with self._engine.begin() as conn:
                conn.execute(
                    insert(api_tokens).values(token_hash=token_hash, user_name=user, created_at=at)
                )
        except SQLAlchemyError as err:
            raise _failed("store", err) from None

    def user_of(self, token_hash: str) -> str | None:
        """The user of a live token; None for an unknown or revoked one (every API request
        asks: straight through the driver)."""
        try:
            with self._reads.connect() as conn:
                rows = raw_rows(conn, _USER_OF, (token_hash,))
        except Exception as err:  # SQLAlchemy's, or the driver's own
            raise _failed("read", err) from None
        return str(rows[0][0]) if rows else None

    def tokens(self, user: str | None = None) -> list[TokenInfo]:
        """Every token (of ``user``), oldest first."""
        c = api_tokens.c
        q = select(api_tokens).order_by(c.created_at, c.token_hash)
        if user is not None:
            q = q.where(c.user_name == user)
        try:
            with self._engine.connect() as conn:
                rows = conn.execute(q).all()
        except SQLAlchemyError as err:
            raise _failed("read", err) from None
        return [
            TokenInfo(
                r.token_hash[:ID_CHARS],
                r.user_name,
                utc(r.created_at) or r.created_at,
                utc(r.revoked_at),
            )
            for r in rows
        ]

    def revoke(self, ids: list[str], at: datetime) -> int:
        """Revoke the live tokens whose ids are ``ids``; how many were revoked."""
        c = api_tokens.c
        prefixes = [c.token_hash.startswith(i, autoescape=True) for i in ids]
        if not prefixes:
            return 0
        try:
            with self._engine.begin() as conn:
                done = conn.execute(
                    update(api_tokens)
                    .where(or_(*prefixes), c.revoked_at.is_(None))
                    .values(revoked_at=at)
                )
                if done.rowcount:  # processes that keep token → user forget it now
                    conn.execute(BUMP_ACCESS)
        except SQLAlchemyError as err:
            raise _failed("revoke", err) from None
        return int(done.rowcount or 0)
