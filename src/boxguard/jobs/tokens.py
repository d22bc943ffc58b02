"""JOB: API tokens of ``boxguard serve`` — made once, shown once, stored hashed.

A token is ``bgt_`` + 43 URL-safe characters (32 random bytes); the database keeps its
SHA-256 and the user it stands for. Making one is audited (``token``), never the
token itself.

>>> token_hash("bgt_x") == token_hash("bgt_x") != token_hash("bgt_y")
True
"""

from __future__ import annotations

import hashlib
import secrets

from boxguard.audit.events import AuditEvent
from boxguard.errors import InputError
from boxguard.jobs.guard import Guard

PREFIX = "bgt_"


def token_hash(token: str) -> str:
    """The stored form of a token (hex SHA-256)."""
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def new_token(guard: Guard, user: str, *, actor: str) -> str:
    """A new token for ``user`` (who must exist); returned once, stored hashed."""
    from boxguard.storage.api_tokens import SqlApiTokens

    guard.user(user)
    token = PREFIX + secrets.token_urlsafe(32)
    guard.audit.append(
        AuditEvent(action="token", actor=actor, outcome="ok", reference=f"api token for {user}")
    )
    SqlApiTokens(guard.engine).add(token_hash(token), user, guard.vault_clock.now())
    return token


def user_of(guard: Guard, token: str) -> str:
    """The user a token stands for; InputError when it stands for none."""
    from boxguard.storage.api_tokens import SqlApiTokens

    if not token.startswith(PREFIX):
        raise InputError("not a boxguard API token")
    user = SqlApiTokens(guard.engine).user_of(token_hash(token))
    if user is None:
        raise InputError("unknown API token")
    return user
