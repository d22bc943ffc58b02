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

from collections import Counter, defaultdict
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any

from boxguard.detect import Finding, Scanner
from boxguard.detect.cells import CellFinder
from boxguard.detect.table import ColumnClass, ColumnStats
from boxguard.inventory import Inventory
from boxguard.io.rewrite import chunks
from boxguard.io.sources import Cell, Options, cells, is_table
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


def run(
    targets: list[str],
    opts: Options,
    scanner: Scanner,
    on_record: Callable[[Record], None],
    on_columns: Callable[[str, list[ColumnClass]], None],
    tick: Callable[[int], None] = lambda _n: None,
    jobs: int = 1,
    render: Render | None = None,
) -> Summary:
    """Scan every cell; call ``on_record`` per record and ``on_columns`` per finished table.

    ``jobs``: worker processes that find (a large input's batches, in input order);
    ``render``: what the workers also do to each finding (``Record.rendered``)."""
    summary = Summary()
    stats: dict[str, dict[str, ColumnStats]] = {}
    current: Record | None = None
    last_source: str | None = None

    def finish_source(source: str | None) -> None:
        if source is not None and source in stats:
            classes = [s.classify() for s in stats.pop(source).values()]
            summary.columns[source] = classes
            on_columns(source, classes)

    found_in = CellFinder(scanner)
    batches = chunks(_cells(targets, opts), size=lambda c: len(c.text))
    for batch, found_in_batch, rendered in find_batches(batches, found_in, jobs, render=render):
        joined = "\n".join(c.text for c in batch).encode("utf-8", "surrogatepass")
        summary.bytes += len(joined) - len(batch) + 1
        tick(len(joined) - len(batch) + 1)
        for n, (cell, found) in enumerate(zip(batch, found_in_batch, strict=True)):
            if cell.source != last_source:
                if current is not None:
                    on_record(current)
                    current = None
                finish_source(last_source)
                last_source = cell.source
            if current is None or current.row != cell.row:
                if current is not None:
                    on_record(current)
                current = Record(cell.source, cell.id, cell.row)
                summary.records += 1
            for k, f in enumerate(found):
                current.findings.append((f, cell.column))
                current.rendered.append(None if rendered is None else rendered[n][k])
                key = (cell.source, f.kind)
                summary.counts[key] += 1
                if key not in summary.examples:  # a preview masks: only the first is kept
                    summary.examples[key] = f.preview
                if cell.column is not None:
                    summary.kind_columns[key].add(cell.column)
            if cell.column is not None and is_table(cell.source):
                col = stats.setdefault(cell.source, {}).setdefault(
                    cell.column, ColumnStats(cell.column)
                )
                col.add(len(cell.text.strip()), [(f.kind, f.end - f.start) for f in found])
            if cell.more and current.findings:  # hand on what a long line has settled
                current.last = False
                on_record(current)
                current = Record(cell.source, cell.id, cell.row, part=current.part + 1)
    if current is not None:
        on_record(current)
    finish_source(last_source)
    return summary


def _cells(targets: list[str], opts: Options) -> Iterator[Cell]:
    yield from cells(targets, opts)


def inventory(
    targets: list[str],
    opts: Options,
    scanner: Scanner,
    tick: Callable[[int], None] = lambda _n: None,
    jobs: int = 1,
) -> tuple[Inventory, Summary]:
    """The GB/T 35273 inventory of ``targets``: which sources and columns hold which kinds."""
    inv = Inventory()

    def on_record(rec: Record) -> None:
        for f, column in rec.findings:
            inv.add(rec.source, f.kind, column)

    summary = run(targets, opts, scanner, on_record, inv.add_columns, tick, jobs)
    inv.records = summary.records
    return inv, summary
