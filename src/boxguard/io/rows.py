"""ADAPTER: a table file read whole as rows of text (``vault import``'s input).

CSV, TSV, XLSX and Parquet go through the cell readers of :mod:`boxguard.io.sources`
(same header detection, same cell text as ``scan`` and ``mask``); a JSONL file is one
flat object per line. Every row has every column (an empty cell is ``""``), a column
empty in every row too (the header's columns come as placeholder cells that only this
reader asks for). A workbook's sheets are read one after another, their columns matched
by name. Any
unreadable input is an :class:`~boxguard.errors.InputError` naming the file and line,
never a value; a partly read file yields nothing.

>>> import tempfile, pathlib
>>> p = pathlib.Path(tempfile.mkdtemp()) / "people.csv"
>>> _ = p.write_text("编号,手机\\nc1,13812345678\\nc2,\\n", encoding="utf-8")
>>> read_rows(p)
[{'编号': 'c1', '手机': '13812345678'}, {'编号': 'c2', '手机': ''}]
"""

from __future__ import annotations

import json
from pathlib import Path

from boxguard.errors import InputError
from boxguard.io.records import parse_line
from boxguard.io.sources import TABLE_SUFFIXES, Options, cells

#: What ``read_rows`` reads, by suffix.
ROW_SUFFIXES = (*TABLE_SUFFIXES, ".jsonl")


def read_rows(path: Path) -> list[dict[str, str]]:
    """Every row of ``path`` (a table or JSONL file) as ``{column: text}``."""
    suffix = path.suffix.lower()
    if suffix not in ROW_SUFFIXES:
        raise InputError(f"{path}: not a table ({', '.join(ROW_SUFFIXES)})")
    if not path.is_file():
        raise InputError(f"{path}: no such file")
    if suffix == ".jsonl":
        return _jsonl(path)
    errors: list[str] = []
    opts = Options(error=errors.append, header_cells=True, whole_rows=True)
    rows: dict[tuple[str, int], dict[str, str]] = {}  # a workbook's sheets: one after another
    columns: dict[str, None] = {}
    for cell in cells([str(path)], opts):
        if errors:
            break
        column = cell.column or "text"
        columns.setdefault(column)
        if cell.row:  # row 0: the header's columns, a column with no value included
            rows.setdefault((cell.source, cell.row), {})[column] = cell.text
    if errors:
        raise InputError(errors[0])
    return [{c: row.get(c, "") for c in columns} for row in rows.values()]


def _jsonl(path: Path) -> list[dict[str, str]]:
    out: list[dict[str, str]] = []
    try:
        with path.open(encoding="utf-8") as fh:
            for n, line in enumerate(fh, start=1):
                if not line.strip():
                    continue
                doc = parse_line(line, str(path), n)
                if not isinstance(doc, dict):
                    raise InputError(f"{path}:{n}: a JSONL record must be an object")
                out.append({str(k): _text(v) for k, v in doc.items()})
    except UnicodeDecodeError:
        raise InputError(f"{path}: not UTF-8") from None
    columns = dict.fromkeys(c for row in out for c in row)
    return [{c: row.get(c, "") for c in columns} for row in out]


def _text(value: object) -> str:
    """A JSON value as cell text: ``None`` is empty, nested values stay JSON.

    >>> _text(None), _text(13812345678), _text("张伟"), _text({"a": 1})
    ('', '13812345678', '张伟', '{"a": 1}')
    """
    if value is None:
        return ""
    if isinstance(value, str):
        return value
    return json.dumps(value, ensure_ascii=False)


#: What ``write_rows`` writes, by suffix.
WRITE_SUFFIXES = (".csv", ".tsv", ".jsonl", ".parquet", ".xlsx")


def write_rows(path: Path, columns: list[str], rows: list[dict[str, str]]) -> None:
    """Write ``rows`` (text cells, ``columns`` in order) to ``path`` atomically, in the
    format its suffix names (CSV, TSV, JSONL, Parquet, XLSX: one sheet, every cell text).

    >>> import tempfile, pathlib
    >>> p = pathlib.Path(tempfile.mkdtemp()) / "out.csv"
    >>> write_rows(p, ["a", "b"], [{"a": "1", "b": "x,y"}])
    >>> read_rows(p)
    [{'a': '1', 'b': 'x,y'}]
    """
    import csv

    from boxguard.io.atomic import atomic_path, atomic_text

    suffix = path.suffix.lower()
    if suffix not in WRITE_SUFFIXES:
        raise InputError(f"{path}: cannot write this format ({', '.join(WRITE_SUFFIXES)})")
    if suffix == ".parquet":
        import polars as pl

        frame = pl.DataFrame(
            {c: [r.get(c, "") for r in rows] for c in columns},
            schema=dict.fromkeys(columns, pl.String),
        )
        with atomic_path(path) as tmp:
            frame.write_parquet(tmp)
        return
    if suffix == ".xlsx":
        with atomic_path(path) as tmp:
            _write_xlsx(tmp, columns, rows)
        return
    with atomic_text(path) as fh:
        if suffix == ".jsonl":
            for r in rows:
                fh.write(json.dumps({c: r.get(c, "") for c in columns}, ensure_ascii=False) + "\n")
            return
        writer = csv.writer(fh, delimiter="\t" if suffix == ".tsv" else ",", lineterminator="\n")
        writer.writerow(columns)
        writer.writerows([r.get(c, "") for c in columns] for r in rows)


def _write_xlsx(path: Path, columns: list[str], rows: list[dict[str, str]]) -> None:
    """One sheet: the header, then every cell as text (a leading ``=`` stays text, never a
    formula; a control character Excel refuses becomes U+FFFD).

    >>> import tempfile, pathlib
    >>> p = pathlib.Path(tempfile.mkdtemp()) / "out.xlsx"
    >>> write_rows(p, ["手机", "备注"], [{"手机": "13812345678", "备注": "=1+1\x01"}])
    >>> read_rows(p)
    [{'手机': '13812345678', '备注': '=1+1\ufffd'}]
    """
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

    wb = Workbook(write_only=True)
    ws = wb.create_sheet()

    def cell(text: str) -> WriteOnlyCell:
        c = WriteOnlyCell(ws, ILLEGAL_CHARACTERS_RE.sub("\ufffd", text))
        c.data_type = "s"  # text as written: no formula, no number, no date
        return c

    ws.append([cell(c) for c in columns])
    for r in rows:
        ws.append([cell(r.get(c, "")) for c in columns])
    wb.save(path)
