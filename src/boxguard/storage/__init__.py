"""ADAPTER: SQL storage (SQLAlchemy 2; SQLite by default, PostgreSQL for servers).

Schema changes are Alembic migrations under ``migrations/``; ``open_store``
brings a database to the newest schema before use.
"""

from boxguard.storage.db import connect, migrate
from boxguard.storage.tokens import SqlTokenStore, TokenTable

__all__ = ["SqlTokenStore", "TokenTable", "connect", "migrate"]
