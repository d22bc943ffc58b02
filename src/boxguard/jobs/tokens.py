"""JOB: API tokens of ``boxguard serve`` — made once, shown once, stored hashed.

A token is ``bgt_`` + 43 URL-safe characters (32 random bytes); the database keeps its
SHA-256 and the user it stands for. Making one is audited (``token``), never the
token itself. A token is listed by its id (the first 12 hex characters of its hash) and
revoked by id or for a whole user (audited, ``token_revoke``); a revoked token stands
for nobody (``serve`` answers 401).

>>> token_hash("bgt_x") == token_hash("bgt_x") != token_hash("bgt_y")
True
"""

from __future__ import annotations

import hashlib
import re
import secrets
from typing import TYPE_CHECKING

from boxguard.audit.events import AuditEvent
from boxguard.errors import InputError
from boxguard.jobs.guard import Guard

if TYPE_CHECKING:
    from boxguard.storage.api_tokens import TokenInfo

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
    """The user a token stands for; InputError when it stands for none.

    A live token's user is kept by the guard under the access version read first, which
    revoking a token moves (in its transaction): a revoked token is refused on the next
    request of every process, and a server reads the token table only once per token.
    """
    from boxguard.storage.api_tokens import SqlApiTokens

    if not token.startswith(PREFIX):
        raise InputError("not a boxguard API token")
    hashed = token_hash(token)
    version = guard.store.access_version()  # before the token: a revoke after it moves it
    known = guard.token_users.get(hashed)
    if known is not None and known[0] == version:
        return known[1]
    user = SqlApiTokens(guard.engine, guard.reads).user_of(hashed)
    if user is None:
        raise InputError("unknown API token")
    guard.token_users[hashed] = (version, user)
    return user


def list_tokens(guard: Guard, user: str | None = None) -> list[TokenInfo]:
    """Every API token (of ``user``): id, user, when made, when revoked; never a token."""
    from boxguard.storage.api_tokens import SqlApiTokens

    if user is not None:
        guard.user(user)
    return SqlApiTokens(guard.engine).tokens(user)


def revoke_tokens(
    guard: Guard, *, actor: str, token_id: str | None = None, user: str | None = None
) -> list[TokenInfo]:
    """Revoke one token (by id) or every live token of ``user``; the tokens revoked.

    Audited first (``token_revoke``): if the event cannot be stored, nothing is revoked.
    """
    from boxguard.storage.api_tokens import ID_CHARS, SqlApiTokens

    if (token_id is None) == (user is None):
        raise InputError("name a token id or --user (one of them)")
    store = SqlApiTokens(guard.engine)
    if token_id is not None:
        if not re.fullmatch(f"[0-9a-f]{{{ID_CHARS}}}", token_id):
            raise InputError(f"a token id is {ID_CHARS} hex characters (`users tokens` lists them)")
        found = [t for t in store.tokens() if t.id == token_id]
        if not found:
            raise InputError(f"no API token {token_id}")
        if all(t.revoked_at is not None for t in found):
            raise InputError(f"API token {token_id} was revoked already")
    else:
        assert user is not None
        guard.user(user)
        found = store.tokens(user)
    live = [t for t in found if t.revoked_at is None]
    if not live:
        return []
    guard.audit.append(
        AuditEvent(
            action="token_revoke",
            actor=actor,
            outcome="ok",
            reference=f"api tokens {','.join(t.id for t in live)} "
            f"of {','.join(sorted({t.user for t in live}))}",
        )
    )
    store.revoke([t.id for t in live], guard.vault_clock.now())
    return live
