"""The token table behind ``tokenize``: values encrypted, looked up by keyed HMAC.

Implements the core's :class:`boxguard.transform.TokenStore` port.
"""

from __future__ import annotations

import hashlib
import hmac
import threading

from sqlalchemy import Engine, insert, select
from sqlalchemy.exc import IntegrityError, SQLAlchemyError

from boxguard.crypto import aead
from boxguard.crypto.keys import Keyset
from boxguard.dburl import shown_url
from boxguard.errors import StorageError
from boxguard.storage.db import connect, create_private, migrate
from boxguard.storage.schema import tokens


class SqlTokenStore:
    """Tokens in a SQL database; safe for several processes (the unique index decides)."""

    def __init__(self, engine: Engine, keyset: Keyset) -> None:
        self._engine = engine
        self._keyset = keyset
        # the primary key indexes new values; older keys still find values stored before a
        # rotation, so a value keeps its token across `boxguard keys rotate`
        ids = [keyset.primary_id, *(k for k in keyset.keys if k != keyset.primary_id)]
        self._mac_keys = [keyset.derive("token-index", key_id=k) for k in ids]

    def close(self) -> None:
        """Close the engine's pooled connections (the store opened by
        ``services.token_store`` owns its engine)."""
        self._engine.dispose()

    def __repr__(self) -> str:
        return f"SqlTokenStore({self._engine.url.render_as_string(hide_password=True)!r})"

    def _macs(self, kind_id: str, value: str) -> list[str]:
        msg = kind_id.encode() + b"\x00" + value.encode()
        return [hmac.new(key, msg, hashlib.sha256).hexdigest() for key in self._mac_keys]

    def token_for(self, kind_id: str, value: str, new_token: str) -> str:
        macs = self._macs(kind_id, value)
        mac = macs[0]
        query = (
            select(tokens.c.token)
            .where(tokens.c.kind == kind_id, tokens.c.value_mac.in_(macs))
            .limit(1)
        )
        try:
            with self._engine.begin() as conn:
                found = conn.execute(query).scalar_one_or_none()
                if found is not None:
                    return str(found)
                ct = aead.encrypt(
                    self._keyset, value.encode(), associated_data=f"{kind_id}|{new_token}".encode()
                )
                conn.execute(
                    insert(tokens).values(token=new_token, kind=kind_id, value_mac=mac, value_ct=ct)
                )
                return new_token
        except IntegrityError:  # another process stored this value first: use its token
            with self._engine.connect() as conn:
                return str(conn.execute(query).scalar_one())
        except SQLAlchemyError as err:
            raise StorageError(f"token store failed: {type(err).__name__}") from None

    def value_of(self, token: str) -> str | None:
        try:
            with self._engine.connect() as conn:
                row = conn.execute(
                    select(tokens.c.kind, tokens.c.value_ct).where(tokens.c.token == token)
                ).one_or_none()
        except SQLAlchemyError as err:
            raise StorageError(f"token store failed: {type(err).__name__}") from None
        if row is None:
            return None
        ad = f"{row.kind}|{token}".encode()
        return aead.decrypt(self._keyset, row.value_ct, associated_data=ad).decode()


def has_token_table(url: str) -> bool:
    """Whether the database at ``url`` holds a token table, looked at without creating or
    migrating anything (StorageError when it cannot be reached)."""
    from sqlalchemy import inspect

    from boxguard.storage.db import connect, reason

    engine = connect(url)
    try:
        return inspect(engine).has_table("bg_tokens")
    except SQLAlchemyError as err:
        raise StorageError(f"cannot open the token database: {reason(err)}") from None
    finally:
        engine.dispose()


class TokenTable:
    """The token table at ``url`` (a :class:`SqlTokenStore`), connected and migrated at its
    first use: a verb that never tokenizes (``users add``, ``vault find``) creates no
    database for it. Safe for the threads of a server.

    >>> from boxguard.crypto.keys import Keyset
    >>> table = TokenTable("sqlite:///no/such/folder/tokens.db", Keyset.generate())
    >>> table  # nothing opened, nothing created
    TokenTable('sqlite:///no/such/folder/tokens.db', not opened)
    """

    def __init__(self, url: str, keyset: Keyset) -> None:
        self._url = url
        self._keyset = keyset
        self._store: SqlTokenStore | None = None
        self._lock = threading.Lock()

    def _opened(self) -> SqlTokenStore:
        with self._lock:
            if self._store is None:
                engine = connect(self._url)
                try:
                    create_private(engine)  # tokens and their values' ciphertext: 0600
                    migrate(engine)
                except BaseException:
                    engine.dispose()
                    raise
                self._store = SqlTokenStore(engine, self._keyset)
            return self._store

    def token_for(self, kind_id: str, value: str, new_token: str) -> str:
        return self._opened().token_for(kind_id, value, new_token)

    def value_of(self, token: str) -> str | None:
        return self._opened().value_of(token)

    def close(self) -> None:
        """Close the store if it was opened."""
        with self._lock:
            if self._store is not None:
                self._store.close()
                self._store = None

    def __repr__(self) -> str:
        state = "open" if self._store is not None else "not opened"
        return f"TokenTable({shown_url(self._url)!r}, {state})"
