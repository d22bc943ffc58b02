"""Renderers for scan results: CSV rows, SARIF 2.1.0, and the rich summary table."""

from __future__ import annotations

import functools
import io
import json
from typing import TYPE_CHECKING, Any, TextIO
from urllib.parse import quote

from boxguard import __version__
from boxguard.accel import native
from boxguard.detect import Finding
from boxguard.detect.table import ColumnClass
from boxguard.jobs.scan import Record, Summary
from boxguard.kinds import get_kind

if TYPE_CHECKING:
    from rich.console import Console

CSV_HEADER = ["source", "id", "column", "start", "end", "kind", "score", "preview"]


def csv_rows(rec: Record, show_values: bool) -> str:
    import csv  # --format csv only

    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\n")
    for f, column in rec.findings:
        row = [rec.source, rec.id, column or "", f.start, f.end, f.kind, f.score, f.preview]
        if show_values:
            row.append(f.value)
        w.writerow(row)
    return buf.getvalue()


class Sarif:
    """Collects results and renders one SARIF 2.1.0 log (rules = kinds)."""

    def __init__(self, show_values: bool) -> None:
        self.results: list[dict[str, Any]] = []
        self.rules: dict[str, dict[str, Any]] = {}
        self.show_values = show_values

    def add(self, rec: Record) -> None:
        for f, column in rec.findings:
            kind = get_kind(f.kind)
            self.rules.setdefault(
                f.kind,
                {
                    "id": f.kind,
                    "name": kind.en,
                    "shortDescription": {"text": f"{kind.zh} / {kind.en}"},
                    "properties": {"category": kind.category.value, "sensitive": kind.sensitive},
                },
            )
            path = is_path(column)
            where = f" (at {column})" if path else f" (column {column})" if column else ""
            region: dict[str, Any] = {}
            jsonl = rec.source.lower().endswith((".jsonl", ".ndjson"))
            if column is None or (path and jsonl):  # a text line, a JSONL record: its line
                region["startLine"] = rec.row
            if column is None:
                # code points, not UTF-16 units (the run says so); a JSON value's offsets
                # count in the value (its path says which), not in the line
                region |= {"startColumn": f.start + 1, "endColumn": f.end + 1}
            self.results.append(
                {
                    "ruleId": f.kind,
                    "level": "error" if kind.sensitive else "warning",
                    "message": {"text": f"{kind.en} {f.preview}{where}"},
                    "locations": [
                        {
                            "physicalLocation": {
                                "artifactLocation": {"uri": quote(rec.source, safe="/:#@")},
                                **({"region": region} if region else {}),
                            }
                        }
                    ],
                    "properties": {
                        "score": f.score,
                        "evidence": list(f.evidence),
                        "record": rec.id,
                    },
                }
            )

    def render(self) -> str:
        log = {
            "$schema": "https://json.schemastore.org/sarif-2.1.0.json",
            "version": "2.1.0",
            "runs": [
                {
                    "tool": {
                        "driver": {
                            "name": "boxguard",
                            "version": __version__,
                            "rules": list(self.rules.values()),
                        }
                    },
                    "columnKind": "unicodeCodePoints",
                    "results": self.results,
                }
            ],
        }
        return json.dumps(log, ensure_ascii=False, indent=2) + "\n"


def summary_table(summary: Summary, console: Console) -> None:
    from rich.table import Table  # a terminal's summary only: not loaded to write JSONL

    if not summary.counts:
        console.print(f"[green]No personal information found[/] in {summary.records} records.")
    else:
        table = Table(title=f"Personal information found · {summary.records} records scanned")
        for col in ("source", "kind", "中文", "S", "count", "columns", "example (masked)"):
            # a path folds onto more lines rather than being cut to "/work/mai…"
            table.add_column(
                col,
                justify="right" if col == "count" else "left",
                overflow="fold" if col in ("source", "columns") else "ellipsis",
                min_width=12 if col == "source" else None,
            )
        for (source, kind_id), n in sorted(summary.counts.items()):
            kind = get_kind(kind_id)
            cols = ", ".join(sorted(summary.kind_columns.get((source, kind_id), ())))[:40]
            table.add_row(
                source,
                kind_id,
                kind.zh,
                "S" if kind.sensitive else "",
                str(n),
                cols,
                summary.examples[(source, kind_id)],
            )
        console.print(table)
    for source, classes in summary.columns.items():
        found = [c for c in classes if c.kind]
        if not found:
            continue
        t = Table(title=f"Columns of {source}")
        for col in ("column", "kind", "share", "confidence"):
            t.add_column(col)
        for c in found:
            t.add_row(c.column, str(c.kind), f"{c.share:.0%}", f"{c.confidence:.2f}")
        console.print(t)


class JsonlRecords:
    """Writes records as JSONL, one line a record: ``{"id": …, "findings": […]}``.

    A record that comes in parts is written as it comes, still as one line; a record
    without findings only with ``all_records``.
    """

    def __init__(self, sink: TextIO, show_values: bool, with_source: bool, all_records: bool):
        self.sink, self.show_values = sink, show_values
        self.with_source, self.all_records = with_source, all_records
        self._open = self._items = False  # a line begun; findings written on it

    def __call__(self, rec: Record) -> None:
        # what no worker rendered (all of it with --jobs 1) is rendered here
        todo = [p for p, r in zip(rec.findings, rec.rendered, strict=True) if r is None]
        fresh = iter(self.render_all(todo))
        items = ", ".join(r if r is not None else next(fresh) for r in rec.rendered)
        if not self._open:
            if not items and not (rec.last and self.all_records):
                return
            head: dict[str, Any] = {"source": rec.source} if self.with_source else {}
            head |= {"id": rec.id, "findings": []}
            self.sink.write(json.dumps(head, ensure_ascii=False)[:-2])  # … "findings": [
            self._open = True
        if items:
            self.sink.write((", " if self._items else "") + items)
            self._items = True
        if rec.last:
            self.sink.write("]}\n")
            self._open = self._items = False

    def render_all(self, pairs: list[tuple[Finding, str | None]]) -> list[str]:
        """Each ``(finding, column)`` as it is written (what ``scan --jobs`` workers do for
        a cell's findings): by the core, whose JSON is :meth:`render`'s byte for byte
        (the differential tests compare them), else by :meth:`render`.

        >>> out = JsonlRecords(io.StringIO(), True, False, False)
        >>> out.render_all([(Finding(0, 2, "person_name", 0.8, ("surname",), "张三"), "姓名")])
        ['{"column": "姓名", "start": 0, "end": 2, "kind": "person_name", "score": 0.8, \
"evidence": ["surname"], "preview": "张*", "value": "张三"}']
        """
        if native is not None and pairs:
            previews = [f.preview for f, _ in pairs]
            written = native.render_findings(pairs, previews, self.show_values)
            if written is not None:  # else a lone surrogate: Python writes them
                return written
        return [self.render(f, column) for f, column in pairs]

    def render(self, f: Finding, column: str | None) -> str:
        """One finding as it is written (the reference of :meth:`render_all`):
        ``json.dumps(f.to_dict(), ensure_ascii=False)`` with its ``path`` or ``column``
        first, spelt out here (a scan writes a line per finding; the encoder's own set-up
        per call was half of it).

        >>> out = JsonlRecords(io.StringIO(), False, False, False)
        >>> out.render(Finding(3, 14, "cn_mobile", 0.99, ("context:手机",), "13812345678"), "$.tel")
        '{"path": "$.tel", "start": 3, "end": 14, "kind": "cn_mobile", "score": 0.99, \
"evidence": ["context:手机"], "preview": "138****5678"}'
        """
        # a JSON value is at a path; a table cell in a column
        where = "path" if is_path(column) else "column"
        head = "{" if column is None else f'{{"{where}": {_string(column)}, '
        value = f', "value": {_string(f.value)}' if self.show_values else ""
        return (
            f'{head}"start": {f.start!r}, "end": {f.end!r}, "kind": {_string(f.kind)}, '
            f'"score": {round(f.score, 4)!r}, "evidence": [{_evidence(f.evidence)}], '
            f'"preview": {_string(f.preview)}{value}}}'
        )


#: a string as ``json.dumps(…, ensure_ascii=False)`` writes it (the C encoder's own)
_string = json.encoder.encode_basestring


@functools.lru_cache(maxsize=4096)
def _evidence(evidence: tuple[str, ...]) -> str:
    """A finding's evidence as the items of a JSON list (findings share a few tuples)."""
    return ", ".join(map(_string, evidence))


def is_path(column: str | None) -> bool:
    """Whether a finding's location is a JSON path (``$.customer.mobile``), not a column.

    >>> is_path("$.customer.mobile"), is_path("$[3]"), is_path("手机"), is_path(None)
    (True, True, False, False)
    """
    return column is not None and (column == "$" or column.startswith(("$.", "$[")))


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
