"""The composition root: wires the core to its models and adapters from the settings.

An adapter builds :class:`~boxguard.settings.Settings` once and hands it to
:func:`configure`; without that, the settings of the working folder and environment
are read on first use. Nothing runs at import time; every builder is called on demand
and cached where building is costly (loading a model, compiling patterns).

>>> configure(Settings.load(environ={}, config=Config()))
>>> current().db_url
'sqlite:///boxguard.db'
>>> scanner(kinds=("cn_mobile",), use_model=False).scan("电话13812345678")[0].kind
'cn_mobile'
"""

from __future__ import annotations

from functools import lru_cache
from typing import TYPE_CHECKING

from boxguard.detect.scanner import EntityModel, Scanner
from boxguard.errors import ConfigError
from boxguard.io.config import Config
from boxguard.kinds import all_kinds
from boxguard.settings import Settings

if TYPE_CHECKING:
    from boxguard.crypto.keys import Keyset
    from boxguard.transform.base import TokenStore

_settings: Settings | None = None


def configure(settings: Settings) -> None:
    """Use ``settings`` for everything built from now on (the CLI and a server call this)."""
    global _settings  # noqa: PLW0603  (the root holds the one settings object)
    _settings = settings


def current() -> Settings:
    """The settings in use (read from the working folder and environment if none were given)."""
    global _settings  # noqa: PLW0603
    if _settings is None:
        _settings = Settings.load()
    return _settings


@lru_cache(maxsize=2)
def default_models(accurate: bool = False) -> tuple[EntityModel, ...]:
    """The entity models shipped with boxguard (loaded once); ``accurate``: the LAC-assisted one."""
    from boxguard.models import load_default_models

    return load_default_models(accurate)


def scanner(
    kinds: tuple[str, ...] | None = None,
    threshold: float | None = None,
    use_model: bool = True,
    accurate: bool = False,
    allow: tuple[str, ...] = (),
) -> Scanner:
    """A cached scanner for these settings (its compiled prefilter cached on disk too).

    The cache is keyed by the kinds registered now too, so a kind registered after a
    first scan is looked for by the next one.
    """
    if accurate and not use_model:
        raise ConfigError("accurate chooses the name model; it cannot go without the model")
    registered = tuple(id(k) for k in all_kinds())
    limit = current().threshold if threshold is None else threshold
    return _scanner(kinds, limit, use_model, accurate, allow, registered)


@lru_cache(maxsize=32)
def _scanner(
    kinds: tuple[str, ...] | None,
    threshold: float,
    use_model: bool,
    accurate: bool,
    allow: tuple[str, ...],
    _registered: tuple[int, ...],
) -> Scanner:
    from boxguard.io.cache import default_cache

    return Scanner(
        kinds=kinds,
        threshold=threshold,
        models=default_models(accurate) if use_model else (),
        cache=default_cache(),
        allow=allow,
    )


def token_store(url: str | None, keyset: Keyset) -> TokenStore:
    """The SQL token table at ``url`` (default: the settings'), opened and migrated at its
    first use (:class:`boxguard.storage.TokenTable`)."""
    from boxguard.storage import TokenTable

    return TokenTable(url or current().tokens_url, keyset)


__all__ = ["Config", "Settings", "configure", "current", "default_models", "scanner", "token_store"]
