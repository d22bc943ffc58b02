"""ADAPTER: atomic file writes — a temporary file in the same folder, then rename.

A failure leaves no half-written file that looks complete.
"""

from __future__ import annotations

import contextlib
import os
from collections.abc import Iterator
from pathlib import Path
from typing import TextIO

from boxguard.errors import InputError


def refuse_same_file(path: str | Path, out: Path | None, flag: str = "--out") -> None:
    """``out`` naming the input ``path`` would destroy it before it is read: refused.

    >>> import tempfile, pathlib
    >>> p = pathlib.Path(tempfile.mkdtemp()) / "a.csv"
    >>> _ = p.write_text("x")
    >>> refuse_same_file(p, p.parent / "." / "a.csv")
    Traceback (most recent call last):
    boxguard.errors.InputError: --out ... is the input file; write elsewhere; nothing written
    """
    if out is None or str(path) == "-":
        return
    with contextlib.suppress(OSError):
        if Path(path).is_file() and out.exists() and os.path.samefile(path, out):
            raise InputError(f"{flag} {out} is the input file; write elsewhere; nothing written")


@contextlib.contextmanager
def atomic_text(
    path: str | Path, encoding: str = "utf-8", private: bool = False
) -> Iterator[TextIO]:
    """Write text to ``path`` atomically; ``private``: readable by its owner only (0600),
    for clear personal values.

    >>> import tempfile, pathlib
    >>> d = pathlib.Path(tempfile.mkdtemp())
    >>> with atomic_text(d / "out.txt") as fh:
    ...     _ = fh.write("ok")
    >>> (d / "out.txt").read_text()
    'ok'
    """
    target = Path(path)
    fd, tmp = _temp_beside(target)
    if private:
        os.fchmod(fd, 0o600)
    try:
        with os.fdopen(fd, "w", encoding=encoding, newline="") as fh:
            yield fh
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, target)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise


@contextlib.contextmanager
def atomic_path(path: str | Path) -> Iterator[Path]:
    """A temporary path beside ``path`` for a library to write; renamed over it on success.

    >>> import tempfile, pathlib
    >>> d = pathlib.Path(tempfile.mkdtemp())
    >>> with atomic_path(d / "t.parquet") as tmp:
    ...     _ = tmp.write_bytes(b"PAR1")
    >>> sorted(p.name for p in d.iterdir())
    ['t.parquet']
    """
    target = Path(path)
    fd, tmp = _temp_beside(target)
    os.close(fd)
    try:
        yield Path(tmp)
        os.replace(tmp, target)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise


def _temp_beside(target: Path) -> tuple[int, str]:
    """A temporary file in ``target``'s folder, with the mode ``target`` has or would get
    (mkstemp's 0600 would tighten a shared report); errors name ``target``, not the temp.

    >>> import tempfile
    >>> _temp_beside(Path(tempfile.mkdtemp()))
    Traceback (most recent call last):
    boxguard.errors.InputError: ... is a folder: name a file to write; nothing written
    """
    if target.is_dir():  # found before writing, not at the rename (which named the temp)
        raise InputError(f"{target}: is a folder: name a file to write; nothing written")
    try:
        import tempfile  # a write only (start-up: tempfile imports shutil and random)

        fd, tmp = tempfile.mkstemp(
            prefix=f".{target.name}.", suffix=".tmp", dir=target.parent or "."
        )
    except OSError as err:
        raise OSError(err.errno, err.strerror, str(target)) from None
    try:
        mode = target.stat().st_mode & 0o7777
    except OSError:
        umask = os.umask(0)
        os.umask(umask)
        mode = 0o666 & ~umask
    os.fchmod(fd, mode)
    return fd, tmp
