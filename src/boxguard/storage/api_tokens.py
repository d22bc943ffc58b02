"""API tokens in SQL: the SHA-256 of each token and the user it stands for, never the token.

A token is 32 random bytes (:func:`boxguard.jobs.tokens.new_token`), so a plain
SHA-256 is enough to store it: there is nothing to guess that a slow hash would
protect.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Column, DateTime, Engine, String, Table, insert, select
from sqlalchemy.exc import SQLAlchemyError

from boxguard.errors import StorageError
from boxguard.storage.schema import metadata

api_tokens = Table(
    "bg_api_tokens",
    metadata,
    Column("token_hash", String(64), primary_key=True),
    Column("user_name", String(64), nullable=False, index=True),
    Column("created_at", DateTime(timezone=True), nullable=False),
)


class SqlApiTokens:
    """Token hashes → user names (migrated with :func:`boxguard.storage.migrate`)."""

    def __init__(self, engine: Engine) -> None:
        self._engine = engine

    def add(self, token_hash: str, user: str, at: datetime) -> None:
        try:
            with self._engine.begin() as conn:
                conn.execute(
                    insert(api_tokens).values(token_hash=token_hash, user_name=user, created_at=at)
                )
        except SQLAlchemyError as err:
            raise StorageError(f"token store failed: {type(err).__name__}") from None

    def user_of(self, token_hash: str) -> str | None:
        try:
            with self._engine.connect() as conn:
                row = conn.execute(
                    select(api_tokens.c.user_name).where(api_tokens.c.token_hash == token_hash)
                ).one_or_none()
        except SQLAlchemyError as err:
            raise StorageError(f"token read failed: {type(err).__name__}") from None
        return None if row is None else str(row.user_name)
