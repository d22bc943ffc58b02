"""The registry of kinds: discovered from the modules of this package.

Each family module (``identity``, ``phone``, ...) exports ``KINDS``, a tuple of
:class:`Kind`. Nothing else needs editing to add a kind.

>>> "cn_resident_id" in kind_ids()
True
>>> get_kind("nope")
Traceback (most recent call last):
...
boxguard.errors.ConfigError: unknown kind 'nope' (not among the registered kinds)
"""

from __future__ import annotations

import importlib
import pkgutil
from functools import lru_cache
from typing import Any

from boxguard.errors import ConfigError
from boxguard.kinds._model import Category, Kind, Pattern, Span

__all__ = [
    "Category",
    "Kind",
    "Pattern",
    "Span",
    "all_kinds",
    "custom_kind",
    "get_kind",
    "kind_ids",
    "register_kind",
    "registry_version",
    "unregister_kind",
]


#: how many times the registry changed (see :func:`registry_version`)
_version = [0]


@lru_cache(maxsize=1)
def _registry() -> dict[str, Kind]:
    """The kinds in use: the shipped ones and any :func:`register_kind` added."""
    return dict(_shipped())


@lru_cache(maxsize=1)
def _shipped() -> dict[str, Kind]:
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
        raise ConfigError(f"unknown kind {kind_id!r} (not among the registered kinds)") from None


def custom_kind(spec: dict[str, Any]) -> Kind:
    """A kind of the organization's own from a ``[[kind]]`` table (see ``kinds._custom``)."""
    from boxguard.kinds._custom import custom_kind as build  # pydantic: only when asked

    return build(spec)


def register_kind(kind: Kind) -> None:
    """Add a kind for this process (an organization's own, see :func:`custom_kind`).

    Scanners made afterwards look for it by default; a shipped kind's id is refused.

    >>> register_kind(custom_kind({"id": "member_no", "pattern": r"VIP\\d{8}"}))
    >>> get_kind("member_no").mask("VIP20261203")
    'VI*******03'
    >>> register_kind(custom_kind({"id": "cn_mobile", "pattern": r"1\\d{10}"}))
    Traceback (most recent call last):
    ...
    boxguard.errors.ConfigError: kind 'cn_mobile' exists already
    >>> unregister_kind("member_no")
    """
    reg = _registry()
    if kind.id in reg:
        raise ConfigError(f"kind {kind.id!r} exists already")
    reg[kind.id] = kind
    _version[0] += 1


def unregister_kind(kind_id: str) -> None:
    """Remove a kind :func:`register_kind` added (shipped kinds stay)."""
    if kind_id in _shipped():
        raise ConfigError(f"kind {kind_id!r} is shipped with boxguard")
    _registry().pop(kind_id, None)
    _version[0] += 1


def registry_version() -> int:
    """A number that changes whenever a kind is registered or removed: what a cache of
    something computed from the kinds keys on."""
    return _version[0]
