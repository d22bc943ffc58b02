"""The composition root: wires the core to its models and adapters.

Nothing here runs at import time; every builder is called on demand and
cached where building is costly (loading a model).
"""

from __future__ import annotations

from functools import lru_cache
from typing import TYPE_CHECKING

from boxguard.detect.scanner import EntityModel, Scanner
from boxguard.errors import ConfigError

if TYPE_CHECKING:
    from boxguard.crypto.keys import Keyset
    from boxguard.transform.base import TokenStore


@lru_cache(maxsize=2)
def default_models(accurate: bool = False) -> tuple[EntityModel, ...]:
    """The entity models shipped with boxguard (loaded once); ``accurate``: the LAC-assisted one."""
    from boxguard.models import load_default_models

    return load_default_models(accurate)


@lru_cache(maxsize=32)
def scanner(
    kinds: tuple[str, ...] | None = None,
    threshold: float = 0.5,
    use_model: bool = True,
    accurate: bool = False,
    allow: tuple[str, ...] = (),
) -> Scanner:
    """A cached scanner for these settings (its compiled prefilter cached on disk too)."""
    from boxguard.io.cache import default_cache

    if accurate and not use_model:
        raise ConfigError("--accurate chooses the name model; it cannot go with --no-model")
    return Scanner(
        kinds=kinds,
        threshold=threshold,
        models=default_models(accurate) if use_model else (),
        cache=default_cache(),
        allow=allow,
    )


def token_store(url: str, keyset: Keyset) -> TokenStore:
    """The SQL token table at ``url`` (migrated on first use)."""
    from boxguard.storage import SqlTokenStore, connect, migrate

    engine = connect(url)
    migrate(engine)
    return SqlTokenStore(engine, keyset)
