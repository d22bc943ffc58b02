"""The registry of kinds: discovered from the modules of this package.

Each family module (``identity``, ``phone``, ...) exports ``KINDS``, a tuple of
:class:`Kind`. Nothing else needs editing to add a kind.

>>> "cn_resident_id" in kind_ids()
True
>>> get_kind("nope")
Traceback (most recent call last):
...
boxguard.errors.ConfigError: unknown kind 'nope' (see `boxguard kinds`)
"""

from __future__ import annotations

import importlib
import pkgutil
from functools import lru_cache

from boxguard.errors import ConfigError
from boxguard.kinds._model import Category, Kind, Pattern, Span

__all__ = ["Category", "Kind", "Pattern", "Span", "all_kinds", "get_kind", "kind_ids"]


@lru_cache(maxsize=1)
def _registry() -> dict[str, Kind]:
    found: dict[str, Kind] = {}
    for info in sorted(pkgutil.iter_modules(__path__), key=lambda m: m.name):
        if info.name.startswith("_"):
            continue
        module = importlib.import_module(f"{__name__}.{info.name}")
        for kind in getattr(module, "KINDS", ()):
            if kind.id in found:
                raise ConfigError(f"kind {kind.id!r} is declared twice")
            found[kind.id] = kind
    return found


def all_kinds() -> tuple[Kind, ...]:
    """Every registered kind, in a stable order (by id)."""
    reg = _registry()
    return tuple(reg[k] for k in sorted(reg))


def kind_ids() -> tuple[str, ...]:
    return tuple(sorted(_registry()))


def get_kind(kind_id: str) -> Kind:
    try:
        return _registry()[kind_id]
    except KeyError:
        raise ConfigError(f"unknown kind {kind_id!r} (see `boxguard kinds`)") from None
