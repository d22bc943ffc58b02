"""Engines and migrations."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import Engine, create_engine
from sqlalchemy.exc import SQLAlchemyError

from boxguard.dburl import sqlalchemy_url
from boxguard.errors import StorageError

_MIGRATIONS = Path(__file__).parent / "migrations"


def connect(url: str) -> Engine:
    """An engine for ``url`` (``sqlite:///path.db``, ``postgres://...``: :mod:`boxguard.dburl`)."""
    try:
        return create_engine(sqlalchemy_url(url), future=True)
    except (SQLAlchemyError, ImportError, ValueError) as err:
        raise StorageError(f"cannot open database: {type(err).__name__}") from None


def migrate(engine: Engine) -> None:
    """Bring the database to the newest schema (Alembic ``upgrade head``)."""
    from alembic import command
    from alembic.config import Config

    cfg = Config()
    cfg.set_main_option("script_location", str(_MIGRATIONS))
    try:
        with engine.begin() as conn:
            cfg.attributes["connection"] = conn
            command.upgrade(cfg, "head")
    except SQLAlchemyError as err:
        raise StorageError(f"migration failed: {type(err).__name__}") from None
