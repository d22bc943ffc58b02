"""ADAPTER: inputs as a stream of cells — text lines, JSON values, table cells, SQL samples.

Everything streams: a multi-GB text, JSONL or CSV file costs memory for one
record at a time (a .json document is read whole). A JSON value's column is its JSON
path (``$.customer.mobile``). Errors are :class:`boxguard.errors.InputError` with the
file and line; values never appear in them.
"""

from __future__ import annotations

import codecs
import fnmatch
import io
import itertools
import json
import os
import re
import sys
import threading
import warnings
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, NamedTuple

from boxguard.dburl import (
    connect_args,
    failure,
    failure_key,
    is_db_url,
    shown_url,
    sqlalchemy_url,
)
from boxguard.detect import Finding
from boxguard.detect.table import HEADER_REACH, find_header, hinted_kinds, shown_name
from boxguard.errors import InputError
from boxguard.io.decode import sniff
from boxguard.io.records import (
    FIELD_HINT,
    WHOLE,
    leaves,
    parse_document,
    parse_line,
    records,
    select,
    under,
)
from boxguard.kinds._lazy import lazy_re
from boxguard.kinds._lexicon import surnames
from boxguard.text import replace_surrogates


class Cell(NamedTuple):
    """One piece of text to scan, and where it came from (a tuple: one is made per line).

    ``row``: the record's place in its source (line or row number, from 1): cells of one
    record share it, whatever their ``id`` (two JSONL lines may carry the same id).
    ``more``: the text goes on in the next cell (a text line longer than
    :data:`LINE_PIECE` comes in pieces; the last one has ``more`` false).
    ``is_key``: the text is a JSON object key (``{"13812345678": …}``), its column the
    key's own path.
    """

    source: str
    id: Any
    text: str
    column: str | None = None
    row: int = 0
    more: bool = False
    is_key: bool = False


def _silent(_message: str) -> None:
    return None


#: A cell's findings given the kinds its column's name hints (``Scanner.scan_cell``).
CellScan = Callable[[str, frozenset[str]], Iterable[Finding]]


@dataclass
class Options:
    #: The part of each JSON record scanned (a key or a JSON path); ``*``: all of it.
    text_field: str = WHOLE
    include: Sequence[str] = ()
    exclude: Sequence[str] = ()
    hidden: bool = False
    sample: int = 1000
    tables: Sequence[str] = ()
    notice: Callable[[str], None] = _silent
    #: Told of an input that could not be read (the scan goes on with the others).
    error: Callable[[str], None] = _silent
    failed: int = 0
    #: A table's columns also come as one empty cell each at row 0, when its header is read
    #: (``read_rows`` keeps a column that holds no value in any row).
    header_cells: bool = False
    #: A CSV/TSV row must have its header's number of fields, and a quote must close:
    #: else the input is malformed (``read_rows``, where a row is one person, and a quote
    #: left open would fold the next people into one field).
    whole_rows: bool = False
    #: A cell's findings (``Scanner.scan_cell``): a table's first row whose cells hold
    #: personal values is data, not a header whose names would be shown (as `mask` reads it)
    scan_cell: CellScan | None = None

    def fail(self, err: InputError) -> None:
        self.failed += 1
        self.error(str(err))


def is_sql_url(target: str) -> bool:
    return is_db_url(target)


#: Tables `mask` rewrites column-wise, by suffix.
TABLE_FORMATS = {".csv": "csv", ".tsv": "tsv", ".parquet": "parquet", ".xlsx": "xlsx"}
TABLE_SUFFIXES = tuple(TABLE_FORMATS)


def is_table(source: str) -> bool:
    """Whether a source is a table (its cells have columns to classify): a table file, a
    workbook's sheet, a database table (``LABEL/table:NAME``).

    >>> is_table("crm.csv"), is_table("book.xlsx#客户"), is_table("sqlite:crm.db/table:t")
    (True, True, True)
    >>> is_table("notes.txt")
    False
    """
    return (
        source.lower().endswith(TABLE_SUFFIXES)
        or "#" in source
        or source.startswith("table:")
        or "/table:" in source
    )


def cells(targets: Sequence[str], opts: Options) -> Iterator[Cell]:
    """Every cell of every target (``-`` is standard input).

    An input that cannot be read is reported through ``opts.fail`` and the scan goes on
    with the next one, as grep does; what was read of it before the error stays read.
    """
    for target in targets or ["-"]:
        try:
            if target == "-":
                yield from _stream(sys.stdin.buffer, "<stdin>", "", opts, named=True)
            elif is_sql_url(target):
                yield from _sql(target, opts)
            elif _URL.match(target):
                raise InputError(
                    f"{_scheme(target)}: URL not supported "
                    "(use sqlite:///, postgresql:// or mysql:// / mariadb://)"
                )
            else:
                path = Path(target)
                if path.is_dir():
                    for file in walk(path, opts):
                        try:
                            yield from _file(file, opts)
                        except InputError as err:
                            opts.fail(err)
                elif path.is_file():
                    yield from _file(path, opts, named=True)
                elif path.exists():  # a FIFO would be waited on, a device read forever
                    raise InputError(f"{target}: not a regular file (a FIFO, socket or device)")
                else:
                    raise InputError(f"{target}: no such file or directory")
        except InputError as err:
            opts.fail(err)


_URL = lazy_re(r"^[A-Za-z][A-Za-z0-9+.-]*://")


def _scheme(url: str) -> str:
    return url.split("://", 1)[0] + "://"


def _matches(rel: str, name: str, globs: Sequence[str]) -> bool:
    """A glob matches the path under the root or the name; ``**/`` also matches no folder.

    >>> _matches("app.log", "app.log", ["**/*.log"]), _matches("a/b.txt", "b.txt", ["a/*"])
    (True, True)
    >>> _matches("sub", "sub", ["sub/"])
    True
    """
    return any(
        fnmatch.fnmatch(rel, g)
        or fnmatch.fnmatch(name, g)
        or (g.startswith("**/") and fnmatch.fnmatch(rel, g[3:]))
        for g in (g.rstrip("/") or g for g in globs)  # build/ as .gitignore writes a folder
    )


def walk(root: Path, opts: Options) -> Iterator[Path]:
    """Files under ``root``, sorted, never following directory symlinks (no loops);
    ``--exclude`` globs prune folders too (``node_modules``, ``build/*``)."""

    def unreadable(err: OSError) -> None:
        # a folder that cannot be listed is reported, not silently left out
        where = err.filename or root
        opts.fail(InputError(f"{where}: cannot read folder ({err.strerror or 'error'})"))

    found = 0
    for dirpath, dirnames, filenames in os.walk(root, onerror=unreadable, followlinks=False):
        here = Path(dirpath)
        dirnames[:] = sorted(
            d
            for d in dirnames
            if (opts.hidden or not d.startswith("."))
            and not _matches(str((here / d).relative_to(root)), d, opts.exclude)
        )
        for name in sorted(filenames):
            if not opts.hidden and name.startswith("."):
                continue
            path = here / name
            rel = str(path.relative_to(root))
            if opts.include and not _matches(rel, name, opts.include):
                continue
            if _matches(rel, name, opts.exclude):
                continue
            if path.is_file():
                found += 1
                yield path
    if not found:  # nothing read must not pass for nothing found
        opts.notice(f"{root}: no file in it was read (--include, --exclude; --hidden)")


def _file(path: Path, opts: Options, named: bool = False) -> Iterator[Cell]:
    """The cells of one file; ``named`` on the command line (not found in a folder): a
    binary file is then an error, not a notice (nothing of it was scanned)."""
    found = _file_cells(path, opts, named)
    if opts.header_cells:
        yield from found
    else:
        yield from (c for c in found if c.row)  # row 0: a table's columns (header_cells)


def _file_cells(path: Path, opts: Options, named: bool = False) -> Iterator[Cell]:
    suffix = path.suffix.lower()
    try:
        if suffix == ".xlsx":
            yield from _xlsx(path, opts.scan_cell)
        elif suffix == ".parquet":
            yield from _parquet(path)
        else:
            with open(path, "rb") as fh:
                yield from _stream(fh, str(path), suffix, opts, named)
    except OSError as err:
        raise read_error(path, err) from None


def read_error(path: Path, err: OSError) -> InputError:
    """A file that could not be read, as the user is told of it (never its contents)."""
    if isinstance(err, PermissionError):
        return InputError(f"{path}: permission denied")
    if isinstance(err, IsADirectoryError):
        return InputError(f"{path}: is a directory")
    return InputError(f"{path}: cannot read ({err.strerror or type(err).__name__})")


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


def _stream(
    raw: Any, source: str, suffix: str, opts: Options, named: bool = False
) -> Iterator[Cell]:
    """A byte stream as text: its encoding sniffed from the first 64 KiB, bad bytes counted.
    A binary stream is skipped with a notice, or, ``named`` by the user, is an error: a
    file given to scan that was not scanned must not pass for one with nothing in it."""
    head = raw.read(65536)
    encoding, notice = sniffed(raw, head, source)
    if encoding is None:
        if named and head:
            raise InputError(named_binary(notice))
        opts.notice(notice)
        return
    _REPLACED.bytes = 0
    # lines end at \n only (a lone \r inside a line does not make line numbers drift)
    newline = "" if suffix in (".csv", ".tsv") else "\n"
    fh = reopened(head, raw, encoding, _COUNTING, newline)
    if suffix in (".csv", ".tsv"):
        text = head.decode(encoding, "replace")
        sep = csv_delimiter(text, suffix, len(head) < 65536)
        yield from _csv(fh, source, sep, opts.whole_rows, opts.scan_cell)
    elif suffix in (".jsonl", ".ndjson"):
        yield from _jsonl(fh, source, opts)
    elif suffix == ".json":
        yield from _json(fh, source, opts)
    else:
        yield from _text_stream(fh, source)
    if _REPLACED.bytes:
        opts.notice(_replaced_notice(source, _REPLACED.bytes, encoding))


def _replaced_notice(source: str, n: int, encoding: str) -> str:
    return (
        f"{source}: {n} byte(s) not valid {encoding}, read as U+FFFD "
        "(offsets count each as one character)"
    )


def _surrogates_notice(source: str, n: int) -> str:
    return f"{source}: {n} lone surrogate escape(s) read as U+FFFD"


def named_binary(notice: str) -> str:
    """The error for a binary file the user named, from the notice a folder's would get.

    >>> named_binary("a.bin: binary file skipped")
    'a.bin: a binary file, not scanned'
    """
    return notice.replace("binary file skipped", "a binary file, not scanned")


def sniffed(raw: Any, head: bytes, source: str) -> tuple[str | None, str]:
    """The encoding of a stream whose first 64 KiB ``head`` were read (:func:`sniff_stream`),
    or None and what to tell the user (an empty or binary file)."""
    if not head:
        return None, f"{source}: empty file"
    encoding = sniff_stream(raw, head)
    if encoding is None:
        hint = " (a SQLite database? scan sqlite:///PATH)" if head.startswith(_SQLITE) else ""
        return None, f"{source}: binary file skipped{hint}"
    return encoding, ""


_SQLITE = b"SQLite format 3\x00"
#: How far into an ASCII-only start the encoding is looked for (a log's Chinese lines).
SNIFF_REACH = 64 << 20
_HIGH_BYTE = re.compile(rb"[\x80-\xff]")


def sniff_stream(raw: Any, head: bytes) -> str | None:
    """The encoding of a byte stream whose first bytes ``head`` were read: sniffed from them,
    or, when they are all ASCII, from the first bytes that are not (within
    :data:`SNIFF_REACH` of a seekable file; ``raw`` is left where it was)."""
    return sniff(head if not head.isascii() else _first_non_ascii(raw, head))


def _first_non_ascii(raw: Any, head: bytes) -> bytes:
    """The bytes to sniff when ``head`` is all ASCII: 64 KiB from the first byte that is not,
    within :data:`SNIFF_REACH` of a seekable file (``raw`` is left where it was)."""
    if not (getattr(raw, "seekable", lambda: False)()):
        return head
    back = raw.tell()
    try:
        seen = len(head)
        while seen < SNIFF_REACH:
            block: bytes = raw.read(1 << 20)
            if not block:
                return head
            if not block.isascii():
                at = _HIGH_BYTE.search(block).start()  # type: ignore[union-attr]
                more: bytes = raw.read(max(0, 65536 - (len(block) - at)))
                return block[at:] + more
            seen += len(block)
        return head
    finally:
        raw.seek(back)


def reopened(head: bytes, raw: Any, encoding: str, errors: str, newline: str) -> io.TextIOWrapper:
    """A byte stream as text in ``encoding``, from its first bytes ``head`` (read already,
    to sniff the encoding) on: what scan reads, and what ``mask -`` reads of standard input."""
    return io.TextIOWrapper(io.BufferedReader(_Prepended(head, raw)), encoding, errors, newline)


class _Prepended(io.RawIOBase):
    """``head`` (already read to sniff the encoding), then the rest of ``raw``."""

    def __init__(self, head: bytes, raw: Any) -> None:
        self._head, self._raw = memoryview(head), raw

    def readable(self) -> bool:
        return True

    def readinto(self, buf: Any) -> int:
        if self._head:
            n = min(len(buf), len(self._head))
            buf[:n], self._head = self._head[:n], self._head[n:]
            return n
        read1 = getattr(self._raw, "read1", self._raw.read)
        data = read1(len(buf))
        buf[: len(data)] = data
        return len(data)


#: A text line longer than this (characters) is read in pieces of this size, so that
#: memory stays bounded however long the line (a one-line SQL dump, minified JSON).
LINE_PIECE = 1 << 18


def _text_stream(fh: io.TextIOBase | Any, source: str, before: int = 0) -> Iterator[Cell]:
    """The lines of ``fh`` (the first is line ``before + 1``), a long one in pieces."""
    n, more = before, False
    while line := fh.readline(LINE_PIECE):
        n += not more  # a new line, unless this piece continues the last one
        more = len(line) == LINE_PIECE and not line.endswith("\n")
        yield Cell(source, n, line if more else line.rstrip("\r\n"), None, n, more)
    if more:  # the file ended right after a full piece: the line ends here
        yield Cell(source, n, "", None, n)


#: A field name shown in an error: a plain identifier or a short label, never a value.
_SHOWN_FIELD = lazy_re(r"[A-Za-z_][A-Za-z0-9_.-]{0,31}|[^\W\d_]{1,8}")


def _named(name: str, instead: str) -> str:
    """A database's table or column name as boxguard writes it out: ``instead`` (its place:
    ``column_3``) for a name that may be a personal value (``13812345678``).

    >>> _named("手机", "column_1"), _named("13812345678", "column_2")
    ('手机', 'column_2')
    """
    return instead if shown_name(name, quote=False) == "…" else name


def _shown_key(key: str, opts: Options) -> str:
    """A record's key as an error lists it: ``…`` for one that may be a value (digits, an
    @; a label that is not a kind's column name and in which the scanner finds something,
    a name used as a key: 张伟, or a short label led by a surname, even with no model).

    >>> o = Options(scan_cell=lambda t, _h: [t] if t == "北京市朝阳区" else [])
    >>> [_shown_key(k, o) for k in ("tel", "手机", "备注", "张伟", "北京市朝阳区", "138123")]
    ['tel', '手机', '备注', '…', '…', '…']
    """
    if not _SHOWN_FIELD.fullmatch(key):
        return "…"
    if key.isascii() or hinted_kinds(key):
        return key
    single, compound = surnames()  # a name, even where no model reads names
    if 2 <= len(key) <= 4 and (key[0] in single or key[:2] in compound):
        return "…"
    return "…" if opts.scan_cell is not None and any(opts.scan_cell(key, frozenset())) else key


def _jsonl(
    fh: Any, source: str, opts: Options, before: int = 0, counted: list[int] | None = None
) -> Iterator[Cell]:
    """Every string and number of each record (or of its ``--field``), each a cell at its
    JSON path; a line that is not a JSON object is reported and scanned as text, the file
    goes on. The first line is
    line ``before + 1``; with ``counted`` given, lone surrogates are counted there (the
    caller tells of them), else told of here."""
    told = counted is None
    counted = [0] if counted is None else counted  # lone surrogates read as U+FFFD
    for n, line in enumerate(fh, start=before + 1):
        if not line.strip():
            continue
        try:
            doc = parse_line(line, source, n)
            if not isinstance(doc, dict):
                raise InputError(f"{source}:{n}: a JSONL record must be an object")
        except InputError as err:
            opts.fail(err)
            # reported, and still scanned as a line of text: a value in a broken record is
            # still there ({"msg": 11010519491231002X})
            text, k = replace_surrogates(line.rstrip("\r\n"))
            counted[0] += k
            yield Cell(source, n, text, None, n)
            continue
        try:
            yield from _record(source, n, "$", doc, opts, f"{source}:{n}", counted)
        except InputError as err:
            opts.fail(err)
    if told and counted[0]:
        opts.notice(_surrogates_notice(source, counted[0]))


def _json(fh: Any, source: str, opts: Options) -> Iterator[Cell]:
    """A .json document (read whole): an array's items are its records (``$[3]``), any
    other document is one; each string and number is a cell at its JSON path."""
    counted = [0]
    for n, (base, record) in enumerate(records(parse_document(fh.read(), source)), start=1):
        try:
            yield from _record(source, n, base, record, opts, f"{source}: {base}", counted)
        except InputError as err:
            opts.fail(err)
    if counted[0]:
        opts.notice(_surrogates_notice(source, counted[0]))


def _record(
    source: str, n: int, base: str, doc: object, opts: Options, where: str, counted: list[int]
) -> Iterator[Cell]:
    """The cells of one JSON record: its leaves (under ``--field``), each with its path as
    its column (the key at its end gives the hints). A record with none gives one empty
    cell (``--all`` lists it)."""
    part = select(doc, opts.text_field)
    if part is None:
        keys = sorted(doc)[:8] if isinstance(doc, dict) else []
        fields = ", ".join(_shown_key(k, opts) for k in keys)
        raise InputError(f"{where}: no field {opts.text_field!r} (fields: {fields}): {FIELD_HINT}")
    record_id = doc.get("id", n) if isinstance(doc, dict) else n
    if isinstance(record_id, (dict, list)):
        record_id = n
    elif isinstance(record_id, str):  # written out: a lone surrogate as U+FFFD
        record_id = replace_surrogates(record_id)[0]
    try:
        found = leaves(part.value, under(base, part.path), part.key)
    except RecursionError:
        raise InputError(f"{where}: nested too deeply") from None
    if not found:
        yield Cell(source, record_id, "", under(base, part.path), n)
    for leaf in found:
        text, k = replace_surrogates(leaf.text)  # a cut emoji: one U+FFFD each, offsets kept
        counted[0] += k
        # a key's lone surrogate too: the path is written out
        path = replace_surrogates(leaf.path)[0]
        yield Cell(source, record_id, text, path, n, is_key=leaf.is_key)


def _header(first: Sequence[Any], is_data: bool) -> list[str]:
    """Column names from a table's header row, or ``column_1``… when that row is data.

    >>> _header(["姓名", "手机", None], False)
    ['姓名', '手机', 'column_3']
    >>> _header(["张伟", "13812345678"], True)
    ['column_1', 'column_2']
    """
    texts = ["" if v is None else str(v).strip() for v in first]
    if is_data:
        return [f"column_{i + 1}" for i in range(len(texts))]
    return [t or f"column_{i + 1}" for i, t in enumerate(texts)]


def _row_cells(source: str, n: int, row: Sequence[Any], header: list[str]) -> Iterator[Cell]:
    """A row's non-empty cells; with no ``header`` (a title or notes row) they are text."""
    for i, value in enumerate(row):
        if value is not None and value != "":
            col = (header[i] if i < len(header) else f"column_{i + 1}") if header else None
            yield Cell(source, n, _cell_text(value), col, n)


def dedupe(header: list[str]) -> list[str]:
    """``电话, 电话`` → ``电话, 电话 (2)``: each column keeps its own classification (scan
    and `mask` name a table's columns alike).

    >>> dedupe(["电话", "姓名", "电话"])
    ['电话', '姓名', '电话 (2)']
    """
    seen: dict[str, int] = {}
    out = []
    for h in header:
        seen[h] = seen.get(h, 0) + 1
        out.append(h if seen[h] == 1 else f"{h} ({seen[h]})")
    return out


def _table_rows(
    source: str,
    rows: Iterator[Sequence[Any]],
    whole_rows: bool = False,
    scan_cell: CellScan | None = None,
) -> Iterator[Cell]:
    """Cells of a table given row by row. Its header is found as `mask` finds it
    (:func:`boxguard.detect.table.find_header`): rows above it (a title, notes) are scanned
    as text, and a first row holding values is data (its cells are never shown as names).
    ``whole_rows``: a data row with another number of fields than the header is an error."""
    head = list(itertools.islice(rows, HEADER_REACH))
    if not head:
        return
    start, has_header = find_header(head, scan_cell)
    n = 0
    for row in head[:start]:
        n += 1
        yield from _row_cells(source, n, row, [])
    header = dedupe(_header(head[start], not has_header) if head else [])
    yield from (Cell(source, 0, "", column, 0) for column in header)
    for row in itertools.chain(head[start + has_header :], rows):
        n += 1
        if whole_rows and row and len(row) != len(header):
            raise InputError(
                f"{source}: malformed table (row {n} has {len(row)} fields, the header "
                f"{len(header)})"
            )
        yield from _row_cells(source, n, row, header)


#: What a .csv file may be delimited by besides the comma (a European export, a pipe dump).
_OTHER_DELIMITERS = (";", "\t", "|")
#: Lines of a file's head that choose its delimiter.
_DELIMITER_LINES = 20


def csv_delimiter(head: str, suffix: str, whole: bool = True) -> str:
    """The delimiter of a CSV or TSV file, from its head (``whole``: the head is the whole
    file, so its last line is complete): a tab for .tsv; for .csv the first of ``,`` ``;``
    tab ``|`` that splits the first lines, after any title lines (none of the four in
    them), each into the same number of fields, two or more (a header and a row at least);
    the comma when none does. A header of names, free of the others, decides between them.

    >>> csv_delimiter("金额;订单号;客户\\n9087,37;399014817709005912;林静\\n", ".csv")
    ';'
    >>> csv_delimiter("a,b\\n1,2\\n", ".csv"), csv_delimiter("note\\na|b\\n1|2\\n", ".csv")
    (',', '|')
    >>> csv_delimiter('a;b\\n"x;y";z;w\\n', ".csv"), csv_delimiter("a;b\\n1;2\\n", ".tsv")
    (',', '\\t')
    """
    import csv

    if suffix == ".tsv":
        return "\t"
    lines = head.splitlines()
    lines = (lines if whole else lines[:-1])[:_DELIMITER_LINES]
    seps = (",", *_OTHER_DELIMITERS)
    while lines and not any(sep in lines[0] for sep in seps):
        lines.pop(0)  # a title above the header
    for sep in seps:
        widths = [len(row) for row in csv.reader(lines, delimiter=sep) if row]
        if len(widths) >= 2 and len(set(widths)) == 1 and widths[0] > 1:
            return sep
    return ","


def _csv(
    fh: Any,
    source: str,
    delimiter: str,
    whole_rows: bool = False,
    scan_cell: CellScan | None = None,
) -> Iterator[Cell]:
    import csv  # a CSV or TSV file only

    reader = csv.reader(fh, delimiter=delimiter, strict=whole_rows)
    try:
        yield from _table_rows(source, reader, whole_rows, scan_cell)
    except csv.Error as err:
        raise InputError(f"{source}:{reader.line_num}: malformed CSV ({err})") from None


def _xlsx(path: Path, scan_cell: CellScan | None = None) -> Iterator[Cell]:
    import zipfile
    import zlib
    from xml.etree.ElementTree import ParseError

    from openpyxl import load_workbook

    try:
        wb = load_workbook(path, read_only=True, data_only=True)
    except (zipfile.BadZipFile, KeyError, ValueError, OSError, zlib.error, ParseError) as err:
        raise InputError(f"{path}: not a readable .xlsx file ({type(err).__name__})") from None
    try:
        sheets = wb.worksheets
        for ws in sheets:
            source = str(path) if len(sheets) == 1 else f"{path}#{ws.title}"
            yield from _table_rows(source, ws.iter_rows(values_only=True), False, scan_cell)
    except (zipfile.BadZipFile, KeyError, ValueError, EOFError, zlib.error, ParseError) as err:
        raise InputError(f"{path}: truncated or corrupt .xlsx ({type(err).__name__})") from None
    finally:
        wb.close()


def _parquet(path: Path) -> Iterator[Cell]:
    import pyarrow as pa
    import pyarrow.parquet as pq

    try:
        pf = pq.ParquetFile(path)
        yield from (Cell(str(path), 0, "", column, 0) for column in pf.schema_arrow.names)
        n = 0
        for batch in pf.iter_batches(batch_size=2048):
            names = batch.schema.names
            for row in batch.to_pylist():
                n += 1
                yield from _row_cells(str(path), n, [row[c] for c in names], names)
    except (pa.ArrowException, OSError) as err:
        raise InputError(f"{path}: not a readable Parquet file ({type(err).__name__})") from None


def _cell_text(value: Any) -> str:
    """A cell as the text a person would read in it.

    >>> import datetime, decimal
    >>> _cell_text(13812345678.0), _cell_text(decimal.Decimal("332428198206078261"))
    ('13812345678', '332428198206078261')
    >>> _cell_text(datetime.datetime(1982, 6, 7)), _cell_text(datetime.date(1982, 6, 7))
    ('1982-06-07', '1982-06-07')
    >>> _cell_text("手机".encode()), _cell_text({"tel": "138"})
    ('手机', '{"tel": "138"}')
    """
    if isinstance(value, str):
        return value
    import datetime  # here: only a database or spreadsheet cell may hold one (start-up)

    if isinstance(value, float) and value.is_integer():
        return str(int(value))  # phone numbers stored as numbers
    if isinstance(value, datetime.datetime):
        return value.date().isoformat() if value.time() == datetime.time() else value.isoformat()
    if isinstance(value, datetime.date):
        return value.isoformat()
    if isinstance(value, (bytes, bytearray, memoryview)):
        return bytes(value).decode("utf-8", errors="replace")  # a BLOB holding text
    if isinstance(value, (dict, list)):
        return json.dumps(value, ensure_ascii=False)  # JSON columns
    return str(value)  # int, Decimal: exact digits


def database_label(url: str) -> str:
    """A database as the locations of its tables name it (``LABEL/table:NAME``): the file
    of a SQLite database; the server and database name of the others (as SQLAlchemy reads
    the URL), never a user, password or option, so that two databases' tables stay apart
    and nothing secret shows.

    >>> database_label("sqlite:///crm.db"), database_label("sqlite:////srv/crm.db")
    ('sqlite:crm.db', 'sqlite:/srv/crm.db')
    >>> database_label("postgresql+psycopg://bob:p/ss?@db:5432/crm?sslmode=require")
    'postgresql://db:5432/crm'
    >>> database_label("mariadb://bob:p@ss@127.0.0.1/crm"), database_label("postgres://db")
    ('mariadb://127.0.0.1/crm', 'postgresql://db')
    """
    from sqlalchemy.engine import make_url
    from sqlalchemy.exc import ArgumentError

    backend = url.partition("://")[0].split("+", 1)[0].lower()
    backend = "postgresql" if backend == "postgres" else backend
    try:
        parsed = make_url(url)
    except (ArgumentError, ValueError):
        return backend + "://?"
    if backend == "sqlite":
        return "sqlite:" + (parsed.database or ":memory:")
    where = (parsed.host or "").rpartition("@")[2]  # an unescaped @ in the password
    where += f":{parsed.port}" if parsed.port else ""
    return f"{backend}://{where}" + (f"/{parsed.database}" if parsed.database else "")


#: Schemas that hold a server's own catalog, not data, by SQLAlchemy dialect.
_SYSTEM_SCHEMAS = {
    "postgresql": frozenset({"information_schema", "pg_catalog", "pg_toast"}),
    "mysql": frozenset({"information_schema", "mysql", "performance_schema", "sys"}),
}


def _opened(url: str, shown: str) -> tuple[Any, Any]:
    """An engine for ``url`` (SQLAlchemy's form) and its inspector, connected: a SQLite file
    that is not there (SQLite would create it) and a URL whose parts a driver cannot take
    are :class:`InputError`; a connection that fails raises SQLAlchemy's error."""
    from sqlalchemy import create_engine, inspect
    from sqlalchemy.exc import ArgumentError, SAWarning

    # a column of a type SQLAlchemy does not map (xml, point) is read as the driver gives it
    warnings.filterwarnings("ignore", "Did not recognize type", SAWarning)
    if url.startswith("sqlite:"):
        if not url.startswith("sqlite:///"):
            raise InputError(f"{shown}: a SQLite database is sqlite:///PATH (three slashes)")
        db = url.split("://", 1)[1].removeprefix("/").split("?", 1)[0]
        if db and db != ":memory:" and not Path(db).is_file():  # sqlite would create it
            raise InputError(f"{shown}: no such database file")
    engine = None
    try:
        engine = create_engine(url, connect_args=connect_args(url))
        return engine, inspect(engine)  # connects
    except (ValueError, IndexError, TypeError, AttributeError, ArgumentError) as err:
        if engine is not None:  # (the URL's parts, which the driver could not take)
            engine.dispose()
        raise InputError(
            f"{shown}: not a database URL boxguard can open ({type(err).__name__}): check "
            "its port, host and options"
        ) from None


def _read_through_others(engine: Any, schema: str | None) -> set[str]:
    """Tables of ``schema`` whose rows another table already gives, so a scan reading both
    would count them twice: PostgreSQL's partitions (their parent reads them) and SQLite's
    shadow tables (a full-text index's ``fts_content``: its virtual table reads them)."""
    from sqlalchemy import text
    from sqlalchemy.exc import SQLAlchemyError

    if engine.dialect.name == "postgresql":
        sql = (
            "SELECT c.relname FROM pg_catalog.pg_class c JOIN pg_catalog.pg_namespace n "
            "ON n.oid = c.relnamespace WHERE c.relispartition AND n.nspname = :schema"
        )
        params: dict[str, Any] = {"schema": schema}
    elif engine.dialect.name == "sqlite":
        sql, params = "SELECT name FROM pragma_table_list WHERE type = 'shadow'", {}
    else:
        return set()
    try:
        with engine.connect() as conn:
            return {str(row[0]) for row in conn.execute(text(sql), params)}
    except SQLAlchemyError:  # an older server (no relispartition, no table_list): read all
        return set()


def _sql(url: str, opts: Options) -> Iterator[Cell]:
    """The first ``opts.sample`` rows of every table (``opts.tables`` globs) of a database.

    PostgreSQL: every schema of the database; MySQL/MariaDB: the database the URL names
    (every database of the server when it names none). A table this user may not read is
    reported through ``opts.fail`` and the others are read; a connection or login that
    fails is one :class:`InputError` naming the URL without its password.
    """
    from sqlalchemy import column, select, table
    from sqlalchemy.exc import SQLAlchemyError

    shown, label = shown_url(url), database_label(url)
    engine: Any = None
    try:
        engine, insp = _opened(sqlalchemy_url(url), shown)
        default = insp.default_schema_name
        system = _SYSTEM_SCHEMAS.get(engine.dialect.name, frozenset())
        if engine.dialect.name == "mysql" and default:
            schemas = [default]  # the database the URL names, not the whole server
        else:
            schemas = [
                sc
                for sc in insp.get_schema_names()
                if sc not in system and not sc.startswith("pg_temp")
            ]
        matched = 0
        for schema in sorted(schemas, key=lambda sc: (sc != default, sc)):
            inner = _read_through_others(engine, schema)
            for name in sorted(set(insp.get_table_names(schema=schema)) - inner):
                full = name if schema == default else f"{schema}.{name}"
                if opts.tables and not any(
                    fnmatch.fnmatch(full, g) or fnmatch.fnmatch(name, g) for g in opts.tables
                ):
                    continue
                matched += 1
                source = f"{label}/table:{_named(full, f'table_{matched}')}"
                try:
                    cols = [c["name"] for c in insp.get_columns(name, schema=schema)]
                    # untyped columns: the driver's own values (an exact integer, not a float)
                    query: Any = select(*[column(c) for c in cols]).select_from(
                        table(name, schema=None if schema == default else schema)
                    )
                    with engine.connect() as conn:
                        rows = conn.execute(query.limit(opts.sample))
                        shown_cols = [_named(c, f"column_{i}") for i, c in enumerate(cols, 1)]
                        for n, row in enumerate(rows, start=1):
                            yield from _row_cells(source, n, tuple(row), shown_cols)
                except SQLAlchemyError as err:
                    if failure_key(err) != "denied":
                        raise
                    opts.fail(InputError(f"{source}: permission denied for this user; skipped"))
        if opts.tables and not matched:  # a name mistyped: not "nothing found"
            opts.fail(
                InputError(
                    f"{shown}: no table matches --tables {' '.join(opts.tables)} "
                    "(views are not scanned: their tables are)"
                )
            )
    except SQLAlchemyError as err:
        said = failure(err) or f"database error ({type(err).__name__})"
        raise InputError(f"{shown}: {said}") from None
    except ImportError as err:
        raise InputError(f"{shown}: database driver missing ({err.name})") from None
    finally:
        if engine is not None:
            engine.dispose()
