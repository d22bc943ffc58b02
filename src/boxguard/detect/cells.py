"""The findings of table cells, free-text records and the pieces of long lines, batch by batch.

What a scan of many inputs asks the scanner: free text in one ``scan_many``, a table
cell with its column's hints (``scan_cell``), and the pieces of a text line too long
to hold through one stream, so a value across a piece's end is found whole.

>>> from boxguard.detect import Scanner
>>> finder = CellFinder(Scanner(kinds=["cn_mobile"], models=()))
>>> cells = [Piece("a", "电话1381234", more=True), Piece("a", "5678"),
...          Piece("b", "13912345678", "手机")]
>>> [[f.kind for f in found] for found in finder.batch(cells)]
[[], ['cn_mobile'], ['cn_mobile']]
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import NamedTuple, Protocol

from boxguard.detect.finding import Finding
from boxguard.detect.scanner import Scanner, TextStream
from boxguard.detect.table import hinted_kinds, path_key


class CellLike(Protocol):
    """A piece of text to scan and where it came from (``boxguard.io.sources.Cell`` is one)."""

    @property
    def source(self) -> str: ...
    @property
    def text(self) -> str: ...
    @property
    def column(self) -> str | None: ...
    @property
    def row(self) -> int: ...
    @property
    def more(self) -> bool: ...


class Piece(NamedTuple):
    """A minimal :class:`CellLike` (tests, doctests)."""

    source: str
    text: str
    column: str | None = None
    row: int = 0
    more: bool = False


class CellFinder:
    """The findings of each cell of a batch: free text in one ``scan_many``, table cells
    with their column's hints, and the pieces of a long line through one stream."""

    def __init__(self, scanner: Scanner) -> None:
        self.scanner = scanner
        self.hints: dict[str, frozenset[str]] = {}
        self.stream: TextStream | None = None
        self.line: tuple[str, int] | None = None  # the long line the stream is reading

    def batch(self, batch: Sequence[CellLike]) -> list[list[Finding]]:
        pieces = [self._piece(c) for c in batch]
        hints = [self._hinted(c.column) for c in batch]
        # a cell whose column hints at nothing is scanned as free text is (in one batch)
        free = [c.text for c, p, h in zip(batch, pieces, hints, strict=True) if not h and not p]
        many = iter(self.scanner.scan_many(free)) if free else iter(())
        out = []
        for cell, piece, hinted in zip(batch, pieces, hints, strict=True):
            if piece:
                out.append(self._feed(cell, first=piece == _FIRST))
            elif not hinted:
                out.append(next(many))
            else:
                out.append(self.scanner.scan_cell(cell.text, hinted))
        return out

    def _hinted(self, column: str | None) -> frozenset[str]:
        """The kinds a column's name (a JSON path: its last key) hints at, cached by name."""
        if column is None:
            return frozenset()
        name = path_key(column)
        hinted = self.hints.get(name)
        if hinted is None:
            hinted = self.hints[name] = frozenset(hinted_kinds(name))
        return hinted

    def _piece(self, cell: CellLike) -> int:
        """0, :data:`_FIRST` or :data:`_NEXT`: is ``cell`` a piece of a long line, which?"""
        goes_on = self.line == (cell.source, cell.row)
        self.line = (cell.source, cell.row) if cell.more else None
        return _NEXT if goes_on else _FIRST if cell.more else 0

    def _feed(self, cell: CellLike, first: bool) -> list[Finding]:
        if first or self.stream is None:
            self.stream = self.scanner.stream()  # (a line cut short by a read error is left)
        found = self.stream.feed(cell.text)
        if not cell.more:
            found += self.stream.close()
            self.stream = None
        return found


_FIRST, _NEXT = 1, 2
