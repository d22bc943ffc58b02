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

import codecs
import contextlib
import csv
import io
import itertools
import re
import zipfile
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TextIO

import polars as pl
import pyarrow as pa
import pyarrow.csv as pacsv
import pyarrow.parquet as pq

from boxguard.detect.table import HEADER_REACH
from boxguard.errors import BoxguardError, InputError
from boxguard.io.atomic import atomic_path
from boxguard.io.decode import REPLACE_COUNTED, line_end, replaced
from boxguard.io.sources import TABLE_FORMATS, csv_delimiter, dedupe, sniff_stream
from boxguard.io.table_masks import Twin
from boxguard.transform.table_plan import SAMPLE_ROWS

#: Arrow block size for CSV reading: about this many bytes per batch.
BLOCK_BYTES = 8 << 20


@dataclass(frozen=True)
class ColumnOp:
    """How a column's non-empty values change: ``fn`` per value, ``twin`` vectorised."""

    fn: Callable[[str], str]
    twin: Callable[[pl.Expr], Twin | None] | None = None


def _first_is_header(rows: Sequence[Sequence[object]]) -> tuple[int, bool]:
    return 0, bool(rows)


def _same(text: str) -> str:
    return text


@dataclass
class Planner:
    """What the caller decides about a table; what the rewrite tells it back.

    ``columns``: sample values per column name → the columns to transform and how.
    ``header``: the first rows → where the table starts and whether that row is a header
    (:func:`boxguard.detect.table.find_header`); rows above it are title or notes.
    ``text``: a cell outside the table's columns (title, notes, header names, sheet names).
    """

    columns: Callable[[Mapping[str, list[str]]], Mapping[str, ColumnOp]]
    header: Callable[[Sequence[Sequence[object]]], tuple[int, bool]] = _first_is_header
    text: Callable[[str], str] = _same
    #: Filled by the rewrite: per table (sheet), where it starts and whether it has a header.
    layout: list[dict[str, object]] = field(default_factory=list)
    #: Filled by the rewrite: what the user must hear (formulas dropped, bytes replaced).
    notices: list[str] = field(default_factory=list)


def rewrite_table(
    src: Path,
    dst: Path,
    planner: Planner,
    sample_rows: int = SAMPLE_ROWS,
    check: Callable[[], None] | None = None,
    encoding: str | None = None,
) -> int:
    """Rewrite table ``src`` into ``dst`` (same format); return the number of data rows.

    ``check`` runs once everything is written, before ``dst`` appears: raising there
    leaves nothing written. ``encoding``: a CSV/TSV's output encoding (default: its own).
    """
    fmt = TABLE_FORMATS.get(src.suffix.lower())
    if fmt is None:
        raise InputError(f"{src}: not a table (.csv, .tsv, .parquet, .xlsx)")
    if encoding is not None:
        try:
            codecs.lookup(encoding)
        except LookupError:
            raise InputError(f"--out-encoding {encoding}: no such encoding") from None
    with atomic_path(dst) as tmp, _our_errors(), _encoding_errors(src):
        if fmt in ("csv", "tsv"):
            n = _csv(src, tmp, planner, sample_rows, "." + fmt, encoding)
        elif fmt == "parquet":
            n = _parquet(src, tmp, planner, sample_rows)
        else:
            n = _xlsx(src, tmp, planner, sample_rows)
        if check is not None:
            check()
        return n


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
        try:
            return pl.Series([fn(v) if v else v for v in s.to_list()], dtype=pl.String)
        except BoxguardError as err:  # Polars adds its expression's text to the message
            _RAISED.append(type(err)(*err.args))
            raise

    return col.map_batches(run, return_dtype=pl.String, is_elementwise=True)


@contextlib.contextmanager
def _encoding_errors(src: Path) -> Iterator[None]:
    try:
        yield
    except UnicodeEncodeError as err:
        raise InputError(
            f"{src}: a masked value cannot be written in {err.encoding}; give --out-encoding "
            "utf-8; nothing written"
        ) from None


#: Errors of ours raised inside a Polars expression (Polars runs them on its own threads).
_RAISED: list[BoxguardError] = []


@contextlib.contextmanager
def _our_errors() -> Iterator[None]:
    """Errors raised by a column's function come out as they were raised, not wrapped in
    Polars' (which quotes the expression and may quote values)."""
    _RAISED.clear()
    try:
        yield
    except (pl.exceptions.PolarsError, BoxguardError):
        if not _RAISED:
            raise
        err = _RAISED[0]
        _RAISED.clear()
        raise err from None


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


def _csv(
    src: Path, tmp: Path, planner: Planner, sample_rows: int, suffix: str, out_encoding: str | None
) -> int:
    with open(src, "rb") as fh:
        head = fh.read(65536)
        sniffed = sniff_stream(fh, head)
    if sniffed is None:  # a gzip named .csv: its bytes would be written back as U+FFFD
        raise InputError(f"{src}: a binary file, not a {suffix[1:].upper()} table; nothing written")
    encoding = sniffed
    if encoding == "utf-8" and head.startswith(codecs.BOM_UTF8):
        encoding = "utf-8-sig"
    sep = csv_delimiter(head.decode(encoding, "replace"), suffix, len(head) < 65536)
    nl = line_end(head)
    replaced(reset=True)
    with _open_text(src, encoding) as fh:
        first = list(itertools.islice(csv.reader(fh, delimiter=sep), HEADER_REACH))
    if not first:
        tmp.write_bytes(src.read_bytes())
        return 0
    start, has_header = planner.header(first)
    planner.layout.append({"table_row": start + 1, "header": has_header})
    width = len(first[start])
    raw = first[start] if has_header else [f"column_{i + 1}" for i in range(width)]
    shown = [planner.text(h) if has_header and h else h for h in raw]  # the header written
    names = [n.strip() or f"column_{i + 1}" for i, n in enumerate(shown)]
    if len(set(names)) != len(names):
        raise InputError(f"{src}: the header repeats a column name; rename it first")
    types = dict.fromkeys(names, pa.string())
    rows = 0
    ops: Mapping[str, ColumnOp] | None = None
    with (
        _arrow_errors(src),
        _open_text(src, encoding) as fh,
        open(tmp, "w", encoding=out_encoding or encoding, newline="") as out,
    ):
        reader = csv.reader(fh, delimiter=sep)
        writer = csv.writer(out, delimiter=sep, lineterminator=nl)
        for _ in range(start):
            writer.writerow([planner.text(v) if v else v for v in next(reader)])
        if has_header:
            next(reader)
            writer.writerow(shown)
        out.flush()
        batches = pacsv.open_csv(
            io.BufferedReader(_Utf8(fh)),
            read_options=pacsv.ReadOptions(block_size=BLOCK_BYTES, column_names=names),
            parse_options=pacsv.ParseOptions(delimiter=sep, newlines_in_values=True),
            convert_options=pacsv.ConvertOptions(column_types=types, strings_can_be_null=True),
        )
        for batch in batches:
            df = pl.from_arrow(batch)
            assert isinstance(df, pl.DataFrame)
            if ops is None:
                ops = planner.columns(_samples(df.head(sample_rows)))
            body = _apply(df, ops).write_csv(
                separator=sep, include_header=False, line_terminator=nl
            )
            out.write(body)
            rows += df.height
    bad = replaced(reset=True)
    if bad:
        planner.notices.append(
            f"{src}: {bad} byte(s) not valid {encoding}, read as U+FFFD (written as such)"
        )
    return rows


@contextlib.contextmanager
def _open_text(src: Path, encoding: str) -> Iterator[TextIO]:
    """``src`` as text in ``encoding``: bad bytes replaced and counted, line ends kept."""
    with open(src, encoding=encoding, errors=REPLACE_COUNTED, newline="") as fh:
        yield fh


class _Utf8(io.RawIOBase):
    """The rest of a text stream as UTF-8 bytes (Arrow reads UTF-8 only)."""

    def __init__(self, text: TextIO) -> None:
        self._text = text
        self._left = b""

    def readable(self) -> bool:
        return True

    def readinto(self, buf: Any) -> int:
        while not self._left:
            chunk = self._text.read(1 << 16)
            if not chunk:
                return 0
            self._left = chunk.encode("utf-8", "surrogatepass")
        n = min(len(buf), len(self._left))
        buf[:n], self._left = self._left[:n], self._left[n:]
        return n


def _quote(name: str, sep: str) -> str:
    if any(c in name for c in (sep, '"', "\n", "\r")):
        return '"' + name.replace('"', '""') + '"'
    return name


_ARROW_DETAIL = re.compile(r"Expected \d+ columns, got \d+")


def ragged_row(path: Path, delimiter: str = ",") -> int | None:
    r"""The first row of a delimited table of another width than its first row (rows
    counted as read, the header row 1), or None (another fault). Reads the file again:
    for an error's message only.

    >>> import tempfile
    >>> p = Path(tempfile.mkdtemp()) / "t.csv"
    >>> _ = p.write_text("a,b\n1,2\n3,4,5\n")
    >>> ragged_row(p)
    3
    """
    import csv

    csv.field_size_limit(1 << 30)
    try:
        with open(path, encoding="utf-8", errors="replace", newline="") as fh:
            rows = csv.reader(fh, delimiter=delimiter)
            width = len(next(rows, []))
            for n, row in enumerate(rows, start=2):
                if row and len(row) != width:
                    return n
    except (OSError, csv.Error):
        return None
    return None


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
            row = ragged_row(src)
            which = "a row" if row is None else f"row {row}"
            detail = f"{which} has {got} fields, the header {expected}"
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
                    ops = planner.columns(_samples(df.head(sample_rows)))
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
    formulas, uncomputed, merged = _xlsx_features(src)
    out = Workbook(write_only=True)
    rows = 0
    try:
        titles: set[str] = set()
        for ws in wb.worksheets:
            dst = out.create_sheet(_sheet_title(planner.text(ws.title), titles))
            rows += _sheet(ws.iter_rows(values_only=True), dst, planner, sample_rows, dst.title)
    except (zipfile.BadZipFile, KeyError, ValueError, EOFError) as err:
        raise InputError(f"{src}: truncated or corrupt .xlsx ({type(err).__name__})") from None
    finally:
        wb.close()
    if formulas:
        empty = f", {uncomputed} of them empty (the file kept no value)" if uncomputed else ""
        planner.notices.append(
            f"{src}: {formulas} formula(s) dropped, written as their last computed "
            f"values{empty}: a masked cell's formula would compute from masked values"
        )
    if merged:
        planner.notices.append(
            f"{src}: {merged} merged range(s) dropped: written unmerged, the value in "
            "the range's first cell"
        )
    out.save(tmp)
    return rows


def _sheet(
    it: Iterator[Sequence[Any]], dst: Any, planner: Planner, sample_rows: int, title: str
) -> int:
    """One worksheet: rows above the table and notes rows as text, the header's names
    through ``planner.text``, columns as planned; the number of data rows."""
    first = [list(r) for r in itertools.islice(it, HEADER_REACH)]
    start, has_header = planner.header(first)
    if not first:
        planner.layout.append({"sheet": title, "table_row": None, "header": False})
        return 0
    planner.layout.append({"sheet": title, "table_row": start + 1, "header": has_header})
    for row in first[:start]:
        dst.append(_as_text(row, planner.text))
    header = first[start]
    width = max(len(r) for r in first)
    if has_header:
        names = [planner.text(_text(h)) if h not in (None, "") else "" for h in header]
        dst.append([n if n else None for n in names])
        names = dedupe([n or f"column_{i + 1}" for i, n in enumerate(names)])
        names += [f"column_{i + 1}" for i in range(len(names), width)]
    else:
        names = [f"column_{i + 1}" for i in range(width)]
    body = first[start + has_header :]
    head = body + [list(r) for r in itertools.islice(it, max(0, sample_rows - len(body)))]
    filled = max(1, sum(1 for n in names if n))
    sample = {
        n: [_text(r[i]) for r in head if i < len(r) and r[i] not in (None, "") and not _note(r)]
        for i, n in enumerate(names)
    }
    ops = planner.columns(sample)
    fns = {i: ops[n].fn for i, n in enumerate(names) if n in ops}
    rows = 0
    for row in _chain(head, it):
        if filled >= 3 and _note(row):  # a notes row under the table: its text is masked
            dst.append(_as_text(row, planner.text))
            continue
        dst.append(
            [fns[i](_text(v)) if i in fns and v not in (None, "") else v for i, v in enumerate(row)]
        )
        rows += 1
    return rows


def _note(row: Sequence[Any]) -> bool:
    """A row with one filled cell in a wider table: a note, a subtotal label, a title."""
    return (
        sum(1 for v in row if v not in (None, "")) == 1
        and len(row) >= 3
        and isinstance(next(v for v in row if v not in (None, "")), str)
    )


def _as_text(row: Sequence[Any], fn: Callable[[str], str]) -> list[Any]:
    """A row outside the table: each string cell through ``fn`` (numbers as they are,
    unless ``fn`` finds something in their digits)."""
    out: list[Any] = []
    for v in row:
        if v in (None, "") or isinstance(v, bool):
            out.append(v)
            continue
        t = _text(v)
        m = fn(t)
        out.append(v if m == t and not isinstance(v, str) else m)
    return out


_BAD_TITLE = re.compile(r"[\\/*?:\[\]]")


def _sheet_title(title: str, seen: set[str]) -> str:
    """A sheet name Excel takes (no ``*`` from a mask, 31 characters), once per workbook."""
    base = _BAD_TITLE.sub("＊", title)[:31] or "Sheet"
    name, n = base, 1
    while name in seen:
        n += 1
        name = f"{base[:27]} ({n})"
    seen.add(name)
    return name


#: A worksheet cell in its XML, and a formula or a cached value inside one.
_XML_CELL = re.compile(rb"<(?:\w+:)?c[ >](?:(?!</(?:\w+:)?c>).)*?</(?:\w+:)?c>", re.S)
_XML_FORMULA = re.compile(rb"<(?:\w+:)?f[ >/]")
_XML_VALUE = re.compile(rb"<(?:\w+:)?v(?:\s[^>]*)?>[^<]")  # not <v />, not <v></v>


def _xlsx_features(src: Path) -> tuple[int, int, int]:
    """Formulas, those with no computed value kept in the file (a workbook no spreadsheet
    application saved), and merged ranges, in a workbook's sheets (read from its XML).

    >>> import tempfile, pathlib
    >>> from openpyxl import Workbook
    >>> wb = Workbook(); ws = wb.active; ws.append([1, "=A1*2"]); ws.merge_cells("A3:B3")
    >>> p = pathlib.Path(tempfile.mkdtemp()) / "f.xlsx"; wb.save(p)
    >>> _xlsx_features(p)
    (1, 1, 1)
    """
    formulas = uncomputed = merged = 0
    with contextlib.suppress(zipfile.BadZipFile, OSError), zipfile.ZipFile(src) as z:
        for name in z.namelist():
            if name.startswith("xl/worksheets/") and name.endswith(".xml"):
                with z.open(name) as fh:
                    data = fh.read()
                for cell in _XML_CELL.finditer(data):
                    if _XML_FORMULA.search(cell.group()):
                        formulas += 1
                        uncomputed += _XML_VALUE.search(cell.group()) is None
                merged += len(re.findall(rb"<(?:\w+:)?mergeCell ", data))
    return formulas, uncomputed, merged


def _chain(head: list[list[Any]], rest: Iterator[Any]) -> Iterator[Any]:
    yield from head
    yield from rest
