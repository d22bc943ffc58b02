"""ADAPTER: rewrite CSV/TSV, Parquet and XLSX tables column by column, in batches.

The caller gives a *planner*: from the first rows' values per column it
returns, per column, a :class:`ColumnOp` (a per-value function, and where
one exists a vectorised Polars twin), or nothing to keep the column as is.
Batches stream through (Arrow readers in, Polars expressions, Arrow/Polars
writers out), so memory depends on the batch, not the file. The output is
written to a temporary file and renamed: a failure leaves nothing behind.

Formats keep their shape: the same columns in the same order, the same rows
in the same order; in Parquet an untouched column keeps its type, and a
transformed one becomes a string column.
"""

from __future__ import annotations

import contextlib
import csv
import re
import zipfile
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import polars as pl
import pyarrow as pa
import pyarrow.csv as pacsv
import pyarrow.parquet as pq

from boxguard.errors import InputError
from boxguard.io.atomic import atomic_path
from boxguard.io.sources import TABLE_FORMATS
from boxguard.io.table_masks import Twin
from boxguard.transform.table_plan import SAMPLE_ROWS

#: Arrow block size for CSV reading: about this many bytes per batch.
BLOCK_BYTES = 8 << 20


@dataclass(frozen=True)
class ColumnOp:
    """How a column's non-empty values change: ``fn`` per value, ``twin`` vectorised."""

    fn: Callable[[str], str]
    twin: Callable[[pl.Expr], Twin | None] | None = None


#: sample values per column name → the columns to transform and how
Planner = Callable[[Mapping[str, list[str]]], Mapping[str, ColumnOp]]


def rewrite_table(src: Path, dst: Path, planner: Planner, sample_rows: int = SAMPLE_ROWS) -> int:
    """Rewrite table ``src`` into ``dst`` (same format); return the number of data rows."""
    fmt = TABLE_FORMATS.get(src.suffix.lower())
    if fmt is None:
        raise InputError(f"{src}: not a table (.csv, .tsv, .parquet, .xlsx)")
    with atomic_path(dst) as tmp:
        if fmt in ("csv", "tsv"):
            return _csv(src, tmp, planner, sample_rows, "\t" if fmt == "tsv" else ",")
        if fmt == "parquet":
            return _parquet(src, tmp, planner, sample_rows)
        return _xlsx(src, tmp, planner, sample_rows)


def _apply(df: pl.DataFrame, ops: Mapping[str, ColumnOp]) -> pl.DataFrame:
    exprs = []
    for name, op in ops.items():
        col = pl.col(name)
        if df.schema[name] != pl.String:
            col = col.cast(pl.String)
        twin = op.twin(col) if op.twin is not None else None
        if twin is None:
            exprs.append(_python(col, op.fn).alias(name))
        else:
            applies, fast = twin
            rest = _python(pl.when(applies.not_()).then(col), op.fn)
            exprs.append(pl.when(applies).then(fast).otherwise(rest).alias(name))
    return df.with_columns(exprs) if exprs else df


def _python(col: pl.Expr, fn: Callable[[str], str]) -> pl.Expr:
    def run(s: pl.Series) -> pl.Series:
        return pl.Series([fn(v) if v else v for v in s.to_list()], dtype=pl.String)

    return col.map_batches(run, return_dtype=pl.String, is_elementwise=True)


def _samples(df: pl.DataFrame) -> dict[str, list[str]]:
    return {
        name: [_text(v) for v in df[name].to_list() if v is not None and v != ""]
        for name in df.columns
    }


def _text(value: Any) -> str:
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


# -- CSV / TSV ------------------------------------------------------------------


def _csv(src: Path, tmp: Path, planner: Planner, sample_rows: int, sep: str) -> int:
    with open(src, encoding="utf-8-sig", newline="") as fh:
        header = next(csv.reader(fh, delimiter=sep), None)
    if header is None:
        tmp.write_bytes(src.read_bytes())
        return 0
    if len(set(header)) != len(header):
        raise InputError(f"{src}: the header repeats a column name; rename it first")
    types = dict.fromkeys(header, pa.string())
    rows = 0
    ops: Mapping[str, ColumnOp] | None = None
    with _arrow_errors(src), open(tmp, "w", encoding="utf-8", newline="") as out:
        reader = pacsv.open_csv(
            src,
            read_options=pacsv.ReadOptions(block_size=BLOCK_BYTES),
            parse_options=pacsv.ParseOptions(delimiter=sep, newlines_in_values=True),
            convert_options=pacsv.ConvertOptions(column_types=types, strings_can_be_null=True),
        )
        for batch in reader:
            df = pl.from_arrow(batch)
            assert isinstance(df, pl.DataFrame)
            if ops is None:
                ops = planner(_samples(df.head(sample_rows)))
            _apply(df, ops).write_csv(out, separator=sep, include_header=rows == 0)
            rows += df.height
        if rows == 0:
            out.write(sep.join(_quote(h, sep) for h in header) + "\n")
    return rows


def _quote(name: str, sep: str) -> str:
    if any(c in name for c in (sep, '"', "\n", "\r")):
        return '"' + name.replace('"', '""') + '"'
    return name


_ARROW_DETAIL = re.compile(r"Expected \d+ columns, got \d+")


@contextlib.contextmanager
def _arrow_errors(src: Path) -> Iterator[None]:
    try:
        yield
    except (pa.ArrowInvalid, pa.ArrowException) as err:
        # Arrow quotes the offending row; keep only the counts (never the values)
        m = _ARROW_DETAIL.search(str(err))
        detail = type(err).__name__
        if m:
            expected, got = re.findall(r"\d+", m.group(0))
            detail = f"a row has {got} fields, the header {expected}"
        raise InputError(f"{src}: malformed table ({detail}); nothing written") from None
    except UnicodeDecodeError:
        raise InputError(f"{src}: not UTF-8; nothing written") from None


# -- Parquet --------------------------------------------------------------------


def _parquet(src: Path, tmp: Path, planner: Planner, sample_rows: int) -> int:
    rows = 0
    with _arrow_errors(src):
        pf = pq.ParquetFile(src)
        ops: Mapping[str, ColumnOp] | None = None
        writer: pq.ParquetWriter | None = None
        try:
            for batch in pf.iter_batches(batch_size=65536):
                df = pl.from_arrow(batch)
                assert isinstance(df, pl.DataFrame)
                if ops is None:
                    ops = planner(_samples(df.head(sample_rows)))
                table = _apply(df, ops).to_arrow()
                if writer is None:
                    writer = pq.ParquetWriter(tmp, table.schema)
                writer.write_table(table)
                rows += df.height
            if writer is None:
                pq.write_table(pf.schema_arrow.empty_table(), tmp)
        finally:
            if writer is not None:
                writer.close()
    return rows


# -- XLSX -----------------------------------------------------------------------


def _xlsx(src: Path, tmp: Path, planner: Planner, sample_rows: int) -> int:
    from openpyxl import Workbook, load_workbook

    try:
        wb = load_workbook(src, read_only=True, data_only=True)
    except (zipfile.BadZipFile, KeyError, ValueError, OSError) as err:
        raise InputError(f"{src}: not a readable .xlsx file ({type(err).__name__})") from None
    out = Workbook(write_only=True)
    rows = 0
    try:
        for ws in wb.worksheets:
            dst = out.create_sheet(ws.title)
            it = ws.iter_rows(values_only=True)
            header = next(it, None)
            if header is None:
                continue
            names = [str(h) if h is not None else f"column_{i + 1}" for i, h in enumerate(header)]
            dst.append(list(header))
            head = [list(r) for _, r in zip(range(sample_rows), it, strict=False)]
            sample = {
                n: [_text(r[i]) for r in head if i < len(r) and r[i] not in (None, "")]
                for i, n in enumerate(names)
            }
            ops = planner(sample)
            fns = {i: ops[n].fn for i, n in enumerate(names) if n in ops}
            for row in _chain(head, it):
                dst.append(
                    [
                        fns[i](_text(v)) if i in fns and v not in (None, "") else v
                        for i, v in enumerate(row)
                    ]
                )
                rows += 1
    except (zipfile.BadZipFile, KeyError, ValueError, EOFError) as err:
        raise InputError(f"{src}: truncated or corrupt .xlsx ({type(err).__name__})") from None
    finally:
        wb.close()
    out.save(tmp)
    return rows


def _chain(head: list[list[Any]], rest: Iterator[Any]) -> Iterator[Any]:
    yield from head
    yield from rest
