"""ADAPTER: a large text or JSONL file as pieces that end at line ends, each read on its own.

``scan --jobs N`` hands each piece of a large file to a worker, which opens the file,
reads its own byte range, decodes and splits it into lines: the process that hands the
pieces out never reads the file. :func:`plan` (run in a worker too) sniffs the encoding
from the file's head, as :mod:`boxguard.io.sources` does, and cuts the file right after a
``\\n`` byte near every :data:`PIECE_BYTES`, counting the lines before each cut: a piece
starts at a line's start, so no line, and no finding, is ever cut, and its lines keep
their numbers. Only encodings in which a ``\\n`` byte is always a line end are cut
(UTF-8 with or without a BOM, GB18030, Big5…); a UTF-16 file is read whole. A line
longer than a piece stays whole in one piece (read in :data:`~boxguard.io.sources.LINE_PIECE`
pieces, as ever). Never prints; errors are :class:`~boxguard.errors.InputError`.

>>> import tempfile, pathlib
>>> p = pathlib.Path(tempfile.mkdtemp()) / "a.txt"
>>> _ = p.write_bytes(("\\ufeff" + "手机13812345678\\r\\n" * 3).encode("utf-8"))
>>> got = plan(p, piece=19)  # a line: 19 bytes, the first 22 (a BOM)
>>> got.encoding, got.pieces
('utf-8-sig', [(0, 22, 0), (22, 41, 1), (41, 60, 2)])
>>> [(c.row, c.text) for c in piece_cells(p, *got.pieces[1], got.encoding, Options(), [0, 0])]
[(2, '手机13812345678')]
"""

from __future__ import annotations

import codecs
import io
from collections.abc import Iterator
from functools import cache
from pathlib import Path
from typing import Any, NamedTuple

from boxguard.io.sources import (
    _COUNTING,
    _REPLACED,
    Cell,
    Options,
    _jsonl,
    _text_stream,
    read_error,
    sniffed,
)

#: A large file is cut into pieces of about this many bytes.
PIECE_BYTES = 1 << 18

#: Suffixes read line by line (a piece of them is lines); tables and .json are read whole.
_WHOLE_SUFFIXES = (".csv", ".tsv", ".xlsx", ".parquet", ".json")

#: Codecs in which a 0x0A byte is always ``\\n``: never the second byte of a character,
#: and decoding starts afresh after it (by :func:`codecs.lookup` name: see ``_byte_lines``).
_BYTE_LINE_CODECS = (
    "utf-8", "utf-8-sig", "gb18030", "gbk", "gb2312", "cp950", "big5", "big5hkscs", "ascii",
    "latin-1", "cp1250", "cp1251", "cp1252", "cp1253", "cp1254", "cp1255", "cp1256",
    "cp1257", "cp1258", "shift_jis", "cp932", "euc_jp", "euc_kr", "cp949", "koi8_r",
)  # fmt: skip


@cache
def _byte_lines() -> frozenset[str]:
    """The :func:`codecs.lookup` names of ``_BYTE_LINE_CODECS``, looked up at first use:
    each lookup imports its codec's module (25 of them, ~10 ms a one-line scan never needs)."""
    return frozenset(codecs.lookup(name).name for name in _BYTE_LINE_CODECS)


def by_lines(path: Path) -> bool:
    """Whether a file is read line by line (text, JSONL), so that it can be cut in pieces.

    >>> by_lines(Path("app.log")), by_lines(Path("a.JSONL")), by_lines(Path("crm.csv"))
    (True, True, False)
    """
    return not path.suffix.lower().endswith(_WHOLE_SUFFIXES)


def cuttable(encoding: str) -> bool:
    """Whether a file in ``encoding`` can be cut at its ``\\n`` bytes.

    >>> cuttable("utf-8-sig"), cuttable("gb18030"), cuttable("cp950"), cuttable("utf-16")
    (True, True, True, False)
    """
    try:
        return codecs.lookup(encoding).name in _byte_lines()
    except LookupError:
        return False


class Plan(NamedTuple):
    """How a file is read: its encoding (None: nothing to read, ``notice`` says why) and
    its pieces, each ``(start, end, lines before it)`` in bytes; none when the file is
    read whole (its encoding cannot be cut)."""

    encoding: str | None
    notice: str
    pieces: list[tuple[int, int, int]]


def plan(path: Path, piece: int = PIECE_BYTES) -> Plan:
    """The pieces of ``path``: cut right after the first ``\\n`` at or after every ``piece``
    bytes from the last cut (a line longer than ``piece`` stays in one)."""
    try:
        with open(path, "rb") as fh:
            head = fh.read(65536)
            encoding, notice = sniffed(fh, head, str(path))
            if encoding is None or not cuttable(encoding):
                return Plan(encoding, notice, [])
            fh.seek(0)
            return Plan(encoding, "", _cuts(fh, piece))
    except OSError as err:
        raise read_error(path, err) from None


def _cuts(fh: Any, piece: int) -> list[tuple[int, int, int]]:
    pieces: list[tuple[int, int, int]] = []
    start = start_lines = lines = pos = 0  # lines: \n bytes before pos + off
    want = piece  # the next cut: after the first \n at or after byte want - 1
    while block := fh.read(1 << 20):
        off = 0
        while (lo := max(want - 1 - pos, off)) < len(block):
            nl = block.find(b"\n", lo)
            if nl < 0:
                break
            lines += block.count(b"\n", off, nl + 1)
            off = nl + 1
            pieces.append((start, pos + off, start_lines))
            start, start_lines = pos + off, lines
            want = start + piece
        lines += block.count(b"\n", off)
        pos += len(block)
    if pos > start:
        pieces.append((start, pos, start_lines))
    return pieces


def piece_cells(
    path: Path,
    start: int,
    end: int,
    before: int,
    encoding: str,
    opts: Options,
    counts: list[int],
) -> Iterator[Cell]:
    """The cells of bytes ``start``–``end`` of ``path`` (its lines from line ``before + 1``),
    read as :mod:`boxguard.io.sources` reads the whole file. ``counts`` is added to: bytes
    read as U+FFFD, lone surrogate escapes (the caller tells of them once per file)."""
    jsonl = path.suffix.lower() in (".jsonl", ".ndjson")
    if start > 0 and codecs.lookup(encoding).name == "utf-8-sig":
        encoding = "utf-8"  # the BOM is at the file's start only
    try:
        with open(path, "rb") as raw:
            raw.seek(start)
            _REPLACED.bytes = 0
            reader = io.BufferedReader(_Range(raw, end - start))
            fh = io.TextIOWrapper(reader, encoding, _COUNTING, "\n")
            if jsonl:
                surrogates = [0]
                yield from _jsonl(fh, str(path), opts, before, surrogates)
                counts[1] += surrogates[0]
            else:
                yield from _text_stream(fh, str(path), before)
            counts[0] += _REPLACED.bytes
    except OSError as err:
        raise read_error(path, err) from None


class _Range(io.RawIOBase):
    """The next ``size`` bytes of ``raw``, then its end."""

    def __init__(self, raw: Any, size: int) -> None:
        self._raw, self._left = raw, size

    def readable(self) -> bool:
        return True

    def readinto(self, buf: Any) -> int:
        if self._left <= 0:
            return 0
        data = self._raw.read(min(len(buf), self._left))
        self._left -= len(data)
        buf[: len(data)] = data
        return len(data)
