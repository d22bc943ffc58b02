"""ADAPTER: a folder of cached blobs (compiled Hyperscan databases), one file per key.

Where: ``BOXGUARD_CACHE_DIR``, else ``$XDG_CACHE_HOME/boxguard``, else
``~/.cache/boxguard``; ``BOXGUARD_CACHE_DIR=`` (empty) turns caching off. The
folder is created private (0700); files are written atomically, so a reader
never sees half a blob. A cache that cannot be read or written only costs time.
"""

from __future__ import annotations

import os
import re
from pathlib import Path

from boxguard.io.atomic import atomic_path

_KEY = re.compile(r"[A-Za-z0-9_.-]{1,120}")


class DirectoryCache:
    """Blobs in files named by their key.

    >>> import tempfile, pathlib
    >>> cache = DirectoryCache(pathlib.Path(tempfile.mkdtemp()) / "c")
    >>> cache["db-1"] = b"blob"
    >>> cache.get("db-1"), cache.get("db-2")
    (b'blob', None)
    """

    def __init__(self, folder: Path) -> None:
        self.folder = folder

    def get(self, key: str, /) -> bytes | None:
        try:
            return (self.folder / _checked(key)).read_bytes()
        except OSError:
            return None

    def __setitem__(self, key: str, value: bytes, /) -> None:
        self.folder.mkdir(mode=0o700, parents=True, exist_ok=True)
        with atomic_path(self.folder / _checked(key)) as tmp:
            tmp.write_bytes(value)


def _checked(key: str) -> str:
    if not _KEY.fullmatch(key) or key.startswith("."):
        raise ValueError("a cache key is a plain file name")
    return key


def default_cache() -> DirectoryCache | None:
    """The user's cache folder (see the module docstring), or None when turned off."""
    configured = os.environ.get("BOXGUARD_CACHE_DIR")
    if configured is not None:
        return DirectoryCache(Path(configured)) if configured.strip() else None
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return DirectoryCache(Path(base) / "boxguard")
