"""ADAPTER: inputs as a stream of cells — text lines, JSONL fields, table cells, SQL samples.

Everything streams: a multi-GB text, JSONL or CSV file costs memory for one
record at a time. Errors are :class:`boxguard.errors.InputError` with the
file and line; values never appear in them.
"""

from __future__ import annotations

import codecs
import csv
import fnmatch
import io
import json
import os
import sys
import threading
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, NamedTuple

from boxguard.errors import InputError
from boxguard.io.decode import sniff

SQL_SCHEMES = ("sqlite:", "postgresql:", "postgresql+psycopg:", "postgres:")


class Cell(NamedTuple):
    """One piece of text to scan, and where it came from (a tuple: one is made per line)."""

    source: str
    id: Any
    text: str
    column: str | None = None


def _silent(_message: str) -> None:
    return None


@dataclass
class Options:
    text_field: str = "text"
    include: Sequence[str] = ()
    exclude: Sequence[str] = ()
    hidden: bool = False
    sample: int = 1000
    tables: Sequence[str] = ()
    notice: Callable[[str], None] = _silent


def is_sql_url(target: str) -> bool:
    return target.startswith(SQL_SCHEMES)


#: Tables `mask` rewrites column-wise, by suffix.
TABLE_FORMATS = {".csv": "csv", ".tsv": "tsv", ".parquet": "parquet", ".xlsx": "xlsx"}
TABLE_SUFFIXES = tuple(TABLE_FORMATS)


def is_table(source: str) -> bool:
    return source.lower().endswith(TABLE_SUFFIXES) or "#" in source or source.startswith("table:")


def cells(targets: Sequence[str], opts: Options) -> Iterator[Cell]:
    """Every cell of every target (``-`` is standard input)."""
    for target in targets or ["-"]:
        if target == "-":
            yield from _text_stream(sys.stdin, "<stdin>")
        elif is_sql_url(target):
            yield from _sql(target, opts)
        else:
            path = Path(target)
            if path.is_dir():
                for file in walk(path, opts):
                    yield from _file(file, opts)
            elif path.exists():
                yield from _file(path, opts)
            else:
                raise InputError(f"{target}: no such file or directory")


def walk(root: Path, opts: Options) -> Iterator[Path]:
    """Files under ``root``, sorted, never following directory symlinks (no loops)."""
    for dirpath, dirnames, filenames in os.walk(root, followlinks=False):
        dirnames[:] = sorted(d for d in dirnames if opts.hidden or not d.startswith("."))
        for name in sorted(filenames):
            if not opts.hidden and name.startswith("."):
                continue
            path = Path(dirpath) / name
            rel = str(path.relative_to(root))
            if opts.include and not any(
                fnmatch.fnmatch(rel, g) or fnmatch.fnmatch(name, g) for g in opts.include
            ):
                continue
            if any(fnmatch.fnmatch(rel, g) or fnmatch.fnmatch(name, g) for g in opts.exclude):
                continue
            if path.is_file():
                yield path


def _file(path: Path, opts: Options) -> Iterator[Cell]:
    suffix = path.suffix.lower()
    try:
        if suffix == ".xlsx":
            yield from _xlsx(path)
        elif suffix == ".parquet":
            yield from _parquet(path)
        else:
            with open(path, "rb") as fh:
                head = fh.read(65536)
            if not head:
                opts.notice(f"{path}: empty file")
                return
            encoding = sniff(head)
            if encoding is None:
                opts.notice(f"{path}: binary file skipped")
                return
            _REPLACED.bytes = 0
            with open(path, encoding=encoding, errors=_COUNTING, newline="") as fh:
                if suffix in (".csv", ".tsv"):
                    yield from _csv(fh, str(path), "\t" if suffix == ".tsv" else ",")
                elif suffix in (".jsonl", ".ndjson"):
                    yield from _jsonl(fh, str(path), opts.text_field)
                else:
                    yield from _text_stream(fh, str(path))
            if _REPLACED.bytes:
                opts.notice(
                    f"{path}: {_REPLACED.bytes} byte(s) not valid {encoding}, read as U+FFFD "
                    "(offsets count each as one character)"
                )
    except PermissionError:
        raise InputError(f"{path}: permission denied") from None
    except IsADirectoryError:
        raise InputError(f"{path}: is a directory") from None
    except OSError as err:
        raise InputError(f"{path}: cannot read ({err.strerror or type(err).__name__})") from None


_REPLACED = threading.local()  # bytes replaced while decoding the current file, per thread


def _replace_and_count(err: UnicodeError) -> tuple[str, int]:
    """An ``errors=`` handler: bad bytes become U+FFFD, as "replace" does, and are counted
    so the user hears about them."""
    if not isinstance(err, UnicodeDecodeError):
        raise err
    _REPLACED.bytes = getattr(_REPLACED, "bytes", 0) + err.end - err.start
    return "\ufffd", err.end


_COUNTING = "boxguard-count"
codecs.register_error(_COUNTING, _replace_and_count)


def _text_stream(fh: io.TextIOBase | Any, source: str) -> Iterator[Cell]:
    for n, line in enumerate(fh, start=1):
        yield Cell(source, n, line.rstrip("\r\n"))


def _jsonl(fh: Any, source: str, field_name: str) -> Iterator[Cell]:
    for n, line in enumerate(fh, start=1):
        if not line.strip():
            continue
        try:
            doc = json.loads(line)
        except json.JSONDecodeError as err:
            raise InputError(f"{source}:{n}: not valid JSON (column {err.colno})") from None
        if not isinstance(doc, dict):
            raise InputError(f"{source}:{n}: a JSONL record must be an object")
        if field_name not in doc:
            fields = ", ".join(sorted(doc)[:8])
            raise InputError(
                f"{source}:{n}: no field {field_name!r} (fields: {fields}); use --field"
            )
        value = doc[field_name]
        if value is None:
            continue
        yield Cell(
            source,
            doc.get("id", n),
            value if isinstance(value, str) else json.dumps(value, ensure_ascii=False),
        )


def _csv(fh: Any, source: str, delimiter: str) -> Iterator[Cell]:
    reader = csv.reader(fh, delimiter=delimiter)
    try:
        header = next(reader)
    except StopIteration:
        return
    except csv.Error as err:
        raise InputError(f"{source}:1: malformed CSV ({err})") from None
    header = [h.strip() or f"column_{i + 1}" for i, h in enumerate(header)]
    try:
        for n, row in enumerate(reader, start=1):
            for i, value in enumerate(row):
                if value:
                    yield Cell(
                        source, n, value, header[i] if i < len(header) else f"column_{i + 1}"
                    )
    except csv.Error as err:
        raise InputError(f"{source}:{reader.line_num}: malformed CSV ({err})") from None


def _xlsx(path: Path) -> Iterator[Cell]:
    import zipfile

    from openpyxl import load_workbook

    try:
        wb = load_workbook(path, read_only=True, data_only=True)
    except (zipfile.BadZipFile, KeyError, ValueError, OSError) as err:
        raise InputError(f"{path}: not a readable .xlsx file ({type(err).__name__})") from None
    try:
        sheets = wb.worksheets
        for ws in sheets:
            source = str(path) if len(sheets) == 1 else f"{path}#{ws.title}"
            rows = ws.iter_rows(values_only=True)
            header_row = next(rows, None)
            if header_row is None:
                continue
            header = [
                str(h).strip() if h is not None else f"column_{i + 1}"
                for i, h in enumerate(header_row)
            ]
            for n, row in enumerate(rows, start=1):
                for i, value in enumerate(row):
                    if value is not None and value != "":
                        col = header[i] if i < len(header) else f"column_{i + 1}"
                        yield Cell(source, n, _cell_text(value), col)
    except (zipfile.BadZipFile, KeyError, ValueError, EOFError) as err:
        raise InputError(f"{path}: truncated or corrupt .xlsx ({type(err).__name__})") from None
    finally:
        wb.close()


def _parquet(path: Path) -> Iterator[Cell]:
    import pyarrow as pa
    import pyarrow.parquet as pq

    try:
        pf = pq.ParquetFile(path)
        n = 0
        for batch in pf.iter_batches(batch_size=2048):
            names = batch.schema.names
            for row in batch.to_pylist():
                n += 1
                for col in names:
                    value = row[col]
                    if value is not None and value != "":
                        yield Cell(str(path), n, _cell_text(value), col)
    except (pa.ArrowException, OSError) as err:
        raise InputError(f"{path}: not a readable Parquet file ({type(err).__name__})") from None


def _cell_text(value: Any) -> str:
    if isinstance(value, float) and value.is_integer():
        return str(int(value))  # phone numbers stored as numbers
    return str(value)


def _sql(url: str, opts: Options) -> Iterator[Cell]:
    from sqlalchemy import MetaData, Table, create_engine, inspect, select
    from sqlalchemy.exc import SQLAlchemyError

    if url.startswith(("postgresql://", "postgres://")):
        url = "postgresql+psycopg://" + url.split("://", 1)[1]
    shown = url.split("@")[-1] if "@" in url else url
    try:
        engine = create_engine(url)
        names = inspect(engine).get_table_names()
        for name in sorted(names):
            if opts.tables and not any(fnmatch.fnmatch(name, g) for g in opts.tables):
                continue
            table = Table(name, MetaData(), autoload_with=engine)
            with engine.connect() as conn:
                rows = conn.execute(select(table).limit(opts.sample))
                for n, row in enumerate(rows, start=1):
                    for col, value in row._mapping.items():
                        if value is not None and value != "":
                            yield Cell(f"table:{name}", n, _cell_text(value), str(col))
        engine.dispose()
    except SQLAlchemyError as err:
        raise InputError(f"{shown}: database error ({type(err).__name__})") from None
    except ImportError as err:
        raise InputError(f"{shown}: database driver missing ({err.name})") from None
