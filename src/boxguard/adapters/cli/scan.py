"""The scan runner behind `boxguard scan` and `boxguard inventory`: cells in, reports out."""

from __future__ import annotations

import json
from collections import Counter, defaultdict
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any

from boxguard.detect import Finding, Scanner
from boxguard.detect.table import ColumnClass, ColumnStats, hinted_kinds
from boxguard.io.rewrite import chunks
from boxguard.io.sources import Cell, Options, cells, is_table


@dataclass(slots=True)
class Record:
    """One output record: a text line, a JSONL record, or a table row."""

    source: str
    id: Any
    row: int = 0  # line or row number in the source
    findings: list[tuple[Finding, str | None]] = field(default_factory=list)


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
) -> Summary:
    """Scan every cell; call ``on_record`` per record and ``on_columns`` per finished table."""
    summary = Summary()
    stats: dict[str, dict[str, ColumnStats]] = {}
    current: Record | None = None
    last_source: str | None = None
    hints: dict[str, frozenset[str]] = {}

    def finish_source(source: str | None) -> None:
        if source is not None and source in stats:
            classes = [s.classify() for s in stats.pop(source).values()]
            summary.columns[source] = classes
            on_columns(source, classes)

    def found_in(batch: list[Cell]) -> list[list[Finding]]:
        free = [c.text for c in batch if c.column is None]
        many = iter(scanner.scan_many(free)) if free else iter(())
        out = []
        for cell in batch:
            if cell.column is None:
                out.append(next(many))
                continue
            hinted = hints.get(cell.column)
            if hinted is None:
                hinted = hints[cell.column] = frozenset(hinted_kinds(cell.column))
            out.append(scanner.scan_cell(cell.text, hinted))
        return out

    for batch in chunks(_cells(targets, opts), size=lambda c: len(c.text)):
        joined = "\n".join(c.text for c in batch).encode("utf-8", "surrogatepass")
        summary.bytes += len(joined) - len(batch) + 1
        tick(len(joined) - len(batch) + 1)
        for cell, found in zip(batch, found_in(batch), strict=True):
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
            for f in found:
                current.findings.append((f, cell.column))
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
    if current is not None:
        on_record(current)
    finish_source(last_source)
    return summary


def _cells(targets: list[str], opts: Options) -> Iterator[Cell]:
    yield from cells(targets, opts)


def record_json(rec: Record, show_values: bool, with_source: bool) -> str:
    doc: dict[str, Any] = {}
    if with_source:
        doc["source"] = rec.source
    doc["id"] = rec.id
    out = []
    for f, column in rec.findings:
        d = f.to_dict(show_value=show_values)
        if column is not None:
            d = {"column": column, **d}
        out.append(d)
    doc["findings"] = out
    return json.dumps(doc, ensure_ascii=False)


def columns_json(source: str, classes: list[ColumnClass]) -> str:
    return json.dumps(
        {
            "source": source,
            "columns": [
                {
                    "column": c.column,
                    "kind": c.kind,
                    "share": c.share,
                    "confidence": c.confidence,
                    "cells": c.cells,
                    "cells_with_findings": c.cells_with_findings,
                }
                for c in classes
            ],
        },
        ensure_ascii=False,
    )
