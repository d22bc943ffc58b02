"""ADAPTER: where keysets live — a 0600 key file, or the BOXGUARD_KEYSET variable.

Precedence: ``BOXGUARD_KEYSET`` (the JSON itself) > ``--keys PATH`` >
``BOXGUARD_KEYSET_FILE`` > ``./boxguard.keys``. Key material never reaches a
log, an error or standard output.
"""

from __future__ import annotations

import contextlib
import hashlib
import hmac
import os
import stat
from pathlib import Path

from boxguard.crypto.keys import Keyset
from boxguard.errors import ConfigError

DEFAULT_KEY_FILE = "boxguard.keys"


def key_path(path: Path | None = None) -> Path:
    return path or Path(os.environ.get("BOXGUARD_KEYSET_FILE", DEFAULT_KEY_FILE))


def load_keyset(path: Path | None = None, *, required: bool = False) -> Keyset | None:
    env = os.environ.get("BOXGUARD_KEYSET")
    if env:
        return Keyset.from_json(env)
    p = key_path(path)
    if not p.exists():
        if required or path is not None:
            raise ConfigError(f"no keyset at {p}: run `boxguard keys init` or set BOXGUARD_KEYSET")
        return None
    mode = stat.S_IMODE(p.stat().st_mode)
    if mode & 0o077:
        raise ConfigError(f"{p} is readable by others (mode {mode:o}); run `chmod 600 {p}`")
    try:
        return Keyset.from_json(p.read_text(encoding="utf-8"))
    except OSError as err:
        raise ConfigError(f"cannot read {p}: {err.strerror}") from None


def write_keyset(path: Path, keyset: Keyset, *, replace: bool = False) -> None:
    """Write atomically with mode 0600; never overwrite unless ``replace``."""
    if path.exists() and not replace:
        raise ConfigError(f"{path} exists; use `boxguard keys rotate` (or --force to replace it)")
    tmp = path.with_name(f".{path.name}.tmp")
    with contextlib.suppress(FileNotFoundError):
        tmp.unlink()
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "w", encoding="utf-8") as fh:
        fh.write(keyset.to_json())
    os.replace(tmp, path)


def rotate_keyset(path: Path) -> Keyset:
    """The keyset of the file ``path`` with a new primary key, written back to it.

    Refused while ``BOXGUARD_KEYSET`` is set: the keyset in use then is the variable's, so
    rotating the file would write the variable's keys over the file's (losing its own).
    """
    if os.environ.get("BOXGUARD_KEYSET"):
        raise ConfigError(
            "BOXGUARD_KEYSET is set: rotate the keyset where it is kept and set the variable "
            f"again, or unset it to rotate {path}; nothing written"
        )
    keyset = load_keyset(path, required=True)
    assert keyset is not None
    new = keyset.rotate()
    write_keyset(path, new, replace=True)
    return new


def key_check(keyset: Keyset, key_id: str | None = None) -> str:
    """A short value proving which key was used, without revealing it (a key check value)."""
    return hmac.new(
        keyset.derive("key-check", key_id=key_id), b"boxguard", hashlib.sha256
    ).hexdigest()[:16]
