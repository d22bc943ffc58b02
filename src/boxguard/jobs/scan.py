"""JOB: scan inputs and build an inventory — cells in, records and a summary out.

Shared by every adapter: the CLI renders the records (JSONL, CSV, SARIF, a table);
an API would serialize them. Progress goes through ``tick`` (bytes read); notices and
per-input errors through the :class:`~boxguard.io.sources.Options` callbacks. Never
prints, never exits.

>>> from boxguard.detect import Scanner
>>> import tempfile, pathlib
>>> p = pathlib.Path(tempfile.mkdtemp()) / "a.txt"
>>> _ = p.write_text("手机：13812345678\\n", encoding="utf-8")
>>> seen = []
>>> summary = run([str(p)], Options(), Scanner(kinds=["cn_mobile"], models=()), seen.append,
...               lambda _s, _c: None)
>>> summary.total, [f.kind for f, _ in seen[0].findings]
(1, ['cn_mobile'])
>>> inv, _ = inventory([str(p)], Options(), Scanner(kinds=["cn_mobile"], models=()))
>>> inv.to_dict()["categories"]["basic"]["kinds"]["cn_mobile"]["count"]
1
"""

from __future__ import annotations

import json
from collections import Counter, defaultdict
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Protocol

from boxguard.detect import Finding, Scanner
from boxguard.detect.cells import CellFinder
from boxguard.detect.table import ColumnClass, ColumnStats
from boxguard.inventory import Inventory
from boxguard.io.records import moved, renamed_key
from boxguard.io.rewrite import chunks
from boxguard.io.sources import TABLE_SUFFIXES, Cell, Options, cells, is_sql_url, is_table
from boxguard.jobs.parallel import Render, find_batches


@dataclass(slots=True)
class Record:
    """One output record: a text line, a JSONL record, or a table row.

    A text line too long to hold comes in parts, in order, as its findings settle: each
    part but the last has ``last`` false (memory stays bounded by a part).
    """

    source: str
    id: Any
    row: int = 0  # line or row number in the source
    findings: list[tuple[Finding, str | None]] = field(default_factory=list)
    part: int = 0
    last: bool = True
    #: each finding as a worker rendered it (``run``'s ``render``), None where not rendered
    rendered: list[str | None] = field(default_factory=list)


@dataclass
class Summary:
    """What a whole scan found, for the table view and the inventory."""

    records: int = 0
    bytes: int = 0
    counts: Counter[tuple[str, str]] = field(default_factory=Counter)
    examples: dict[tuple[str, str], str] = field(default_factory=dict)
    columns: dict[str, list[ColumnClass]] = field(default_factory=dict)
    kind_columns: dict[tuple[str, str], set[str]] = field(default_factory=lambda: defaultdict(set))

    @property
    def total(self) -> int:
        return sum(self.counts.values())


class Output(Protocol):
    """Where a scan's records go, so that workers can write them too.

    ``record`` and ``columns`` write (in this process, or in a worker of ``scan --jobs``,
    which inherits the object at the fork). Between ``begin`` and ``end`` what they write
    is kept apart, and ``end`` returns it (picklable, small against the input: rendered
    lines; or, with a ``spool`` folder, a file there holding them); ``put`` writes such a
    part, in this process, in input order (and deletes its file).
    """

    #: A private folder for the parts of workers (set while they run, by this process).
    spool: Path | None

    def record(self, rec: Record, /) -> None: ...
    def columns(self, source: str, classes: list[ColumnClass], /) -> None: ...
    def begin(self) -> None: ...
    def end(self) -> object: ...
    def put(self, part: object, /) -> None: ...


def run(
    targets: list[str],
    opts: Options,
    scanner: Scanner,
    on_record: Callable[[Record], None],
    on_columns: Callable[[str, list[ColumnClass]], None],
    tick: Callable[[int], None] = lambda _n: None,
    jobs: int = 1,
    render: Render | None = None,
    output: Output | None = None,
) -> Summary:
    """Scan every cell; call ``on_record`` per record and ``on_columns`` per finished table.

    ``jobs``: worker processes that find (a large input's batches, in input order);
    ``render``: what the workers also do to each finding (``Record.rendered``).
    ``output``: instead of ``on_record`` and ``on_columns``, its ``record`` and
    ``columns``; with ``jobs`` > 1 and files and folders only, workers then read, find and
    write whole files and pieces of large ones (:mod:`boxguard.jobs.files`), and this
    process only writes what they return, in order."""
    if opts.scan_cell is None:  # a table's first row holding personal values is data
        opts.scan_cell = scanner.scan_cell
    if output is not None:
        on_record, on_columns = output.record, output.columns
        if jobs > 1 and by_files(targets):
            from boxguard.jobs.files import scan_files, spooled

            with spooled(output):
                return scan_files(targets, opts, scanner, output, tick, jobs)
    found_in = CellFinder(scanner)
    records = Records(on_record, on_columns, tick)
    batches = chunks(_cells(targets, opts), size=lambda c: len(c.text))
    for batch, found_in_batch, rendered in find_batches(batches, found_in, jobs, render=render):
        records.add(batch, found_in_batch, rendered)
    return records.finish()


def by_files(targets: list[str]) -> bool:
    """Whether workers read the inputs themselves: files and folders only, not one table
    (its rows are read here and found by workers, batch by batch), stdin or a database.

    >>> by_files(["logs/", "a.txt"]), by_files(["crm.csv"]), by_files(["-"])
    (True, False, False)
    """
    if len(targets) == 1 and Path(targets[0]).suffix.lower() in (*TABLE_SUFFIXES, ".json"):
        return False
    return bool(targets) and not any(t == "-" or "://" in t or is_sql_url(t) for t in targets)


class Records:
    """Cells and their findings, batch by batch, as records (``on_record``, in order) and
    a :class:`Summary` (``finish``); a table's columns classified when it ends."""

    def __init__(
        self,
        on_record: Callable[[Record], None],
        on_columns: Callable[[str, list[ColumnClass]], None],
        tick: Callable[[int], None] = lambda _n: None,
    ) -> None:
        self.on_record, self.on_columns, self.tick = on_record, on_columns, tick
        self.summary = Summary()
        self.stats: dict[str, dict[str, ColumnStats]] = {}
        self.current: Record | None = None
        self.last_source: str | None = None
        #: the current record's keys that hold a finding: (their path, as written out)
        self.renamed: list[tuple[str, str]] = []

    def _finish_source(self, source: str | None) -> None:
        if source is not None and source in self.stats:
            classes = [s.classify() for s in self.stats.pop(source).values()]
            self.summary.columns[source] = classes
            self.on_columns(source, classes)

    def add(
        self,
        batch: Sequence[Cell],
        found_in_batch: list[list[Finding]],
        rendered: list[list[str]] | None,
    ) -> None:
        summary, on_record, current = self.summary, self.on_record, self.current
        joined = "\n".join(c.text for c in batch).encode("utf-8", "surrogatepass")
        summary.bytes += len(joined) - len(batch) + 1
        self.tick(len(joined) - len(batch) + 1)
        for n, (cell, found) in enumerate(zip(batch, found_in_batch, strict=True)):
            if cell.source != self.last_source:
                if current is not None:
                    on_record(current)
                    current = None
                self._finish_source(self.last_source)
                self.last_source = cell.source
            if current is None or current.row != cell.row:
                if current is not None:
                    on_record(current)
                current = Record(cell.source, cell.id, cell.row)
                summary.records += 1
                self.renamed = []
            column = self._column(cell, found)
            # a worker's rendering, unless a key of the record moved the column
            ready = rendered[n] if rendered is not None and column == cell.column else None
            for k, f in enumerate(found):
                current.findings.append((f, column))
                current.rendered.append(None if ready is None else ready[k])
                key = (cell.source, f.kind)
                summary.counts[key] += 1
                if key not in summary.examples:  # a preview masks: only the first is kept
                    summary.examples[key] = f.preview
                if column is not None:
                    summary.kind_columns[key].add(column)
            if found and _holds_the_id(cell, current.id):  # the id is written out: masked
                current.id = _masked(cell.text, found)
            if column is not None and is_table(cell.source):
                col = self.stats.setdefault(cell.source, {}).setdefault(column, ColumnStats(column))
                col.add(len(cell.text.strip()), [(f.kind, f.end - f.start) for f in found])
            if cell.more and current.findings:  # hand on what a long line has settled
                current.last = False
                on_record(current)
                current = Record(cell.source, cell.id, cell.row, part=current.part + 1)
        self.current = current

    def _column(self, cell: Cell, found: Sequence[Finding]) -> str | None:
        """The column ``cell``'s findings are written at: its path, with each JSON key of
        its record that holds a finding masked (``$['138****5678'].city``)."""
        column = cell.column
        if column is None:
            return None
        if self.renamed:
            column = moved(column, self.renamed)
        if cell.is_key and found:  # a phone number or a name used as a key: never printed
            shown = renamed_key(column, cell.text, _masked(cell.text, found))
            self.renamed.append((column, shown))
            column = shown
        return column

    def finish(self) -> Summary:
        """The last record handed on, the last table classified: the summary."""
        if self.current is not None:
            self.on_record(self.current)
            self.current = None
        self._finish_source(self.last_source)
        self.last_source = None
        return self.summary


def _holds_the_id(cell: Cell, record_id: object) -> bool:
    """Whether ``cell`` is its JSON record's ``id`` (which the output names the record by).

    >>> _holds_the_id(Cell("a.jsonl", 13812345678, "13812345678", "$.id", 1), 13812345678)
    True
    >>> _holds_the_id(Cell("a.jsonl", "u1", "u1", "$.user.id", 1), "u1")
    False
    """
    column = cell.column
    return (
        column is not None
        and (column == "$.id" or (column.startswith("$[") and column.endswith("].id")))
        and isinstance(record_id, str | int | float)
        and cell.text == (record_id if isinstance(record_id, str) else json.dumps(record_id))
    )


def _masked(text: str, found: Sequence[Finding]) -> str:
    """``text`` with each finding's span replaced by its masked preview.

    >>> _masked("u-13812345678", [Finding(2, 13, "cn_mobile", 0.9, (), "13812345678")])
    'u-138****5678'
    """
    for f in sorted(found, key=lambda f: f.start, reverse=True):
        text = text[: f.start] + f.preview + text[f.end :]
    return text


def merge(into: Summary, part: Summary) -> None:
    """Add ``part`` (a later part of the input) to ``into``."""
    into.records += part.records
    into.bytes += part.bytes
    into.counts.update(part.counts)
    for key, example in part.examples.items():
        into.examples.setdefault(key, example)
    into.columns.update(part.columns)
    for key, columns in part.kind_columns.items():
        into.kind_columns[key] |= columns


def _cells(targets: list[str], opts: Options) -> Iterator[Cell]:
    yield from cells(targets, opts)


def inventory(
    targets: list[str],
    opts: Options,
    scanner: Scanner,
    tick: Callable[[int], None] = lambda _n: None,
    jobs: int = 1,
) -> tuple[Inventory, Summary]:
    """The GB/T 35273 inventory of ``targets``: which sources and columns hold which kinds
    (what the scan's summary counts)."""
    summary = run(targets, opts, scanner, _skip, _skip, tick, jobs, output=_Nothing())
    inv = Inventory()
    for (source, kind), n in summary.counts.items():
        inv.add(source, kind, count=n)
        for column in sorted(summary.kind_columns.get((source, kind), ())):
            inv.add(source, kind, column, count=0)
    for source, classes in summary.columns.items():
        inv.add_columns(source, classes)
    inv.records = summary.records
    return inv, summary


def _skip(*_args: object) -> None:
    return None


class _Nothing:
    """An :class:`Output` that writes nothing (the summary holds what is needed)."""

    spool: Path | None = None

    def record(self, rec: Record, /) -> None:
        return None

    def columns(self, source: str, classes: list[ColumnClass], /) -> None:
        return None

    def begin(self) -> None:
        return None

    def end(self) -> object:
        return None

    def put(self, part: object, /) -> None:
        return None
