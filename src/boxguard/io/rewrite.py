"""ADAPTER: rewrite text, JSONL and JSON in place of format (text and JSONL a record at a time).

Every byte that is not personal information passes through unchanged: line
ends, other JSON fields, key and record order.
"""

from __future__ import annotations

import contextlib
import io
import json
import re
from collections.abc import Callable, Iterable, Iterator
from typing import Protocol, TextIO, TypeVar, cast

from boxguard.errors import InputError
from boxguard.io.records import (
    FIELD_HINT,
    Selected,
    leaves,
    parse_document,
    parse_line,
    rebuilt,
    records,
    replaced,
    select,
    under,
)
from boxguard.io.sources import LINE_PIECE

#: Lines transformed together (detection runs on the batch); about this many characters.
BATCH_CHARS = 1 << 16

Many = Callable[[list[str]], list[str]]
T = TypeVar("T")


def chunks(items: Iterable[T], size: Callable[[T], int]) -> Iterator[list[T]]:
    """Consecutive items in lists of about BATCH_CHARS characters (memory stays bounded).

    >>> [len(c) for c in chunks(["ab"] * 5, size=lambda s: BATCH_CHARS // 2)]
    [2, 2, 1]
    """
    batch: list[T] = []
    total = 0
    for item in items:
        batch.append(item)
        total += size(item)
        if total >= BATCH_CHARS:
            yield batch
            batch, total = [], 0
    if batch:
        yield batch


def sniffed_kind(src: TextIO) -> tuple[TextIO, str]:
    """A stream with no name to tell its format (standard input) and its kind: ``jsonl``
    when its first line that is not blank is a JSON object (as a .jsonl file is read; a
    masked record stays valid JSON), ``json`` when it is one JSON document over several
    lines (pretty-printed: read whole, as a .json file is), else ``text``. The lines read to
    tell come first.

    >>> import io
    >>> src, kind = sniffed_kind(io.StringIO('\\n{"tel": 13812345678}\\nnext\\n'))
    >>> kind, list(src)
    ('jsonl', ['\\n', '{"tel": 13812345678}\\n', 'next\\n'])
    >>> sniffed_kind(io.StringIO("电话 13812345678\\n"))[1]
    'text'
    >>> sniffed_kind(io.StringIO('{\\n  "tel": 13812345678\\n}\\n'))[1]
    'json'
    """
    head: list[str] = []
    while not head or (head[-1] and not head[-1].strip()):
        head.append(src.readline(LINE_PIECE))
    first = head[-1]
    kind = "text"
    if first.lstrip().startswith("{") and (first.endswith("\n") or len(first) < LINE_PIECE):
        with contextlib.suppress(ValueError):
            kind = "jsonl" if isinstance(json.loads(first), dict) else "text"
    if kind == "text" and first.lstrip()[:1] in ("{", "["):
        # a JSON document over several lines (pretty-printed), read whole as a .json file
        # is: rewritten line by line as text, its numbers masked, it was no longer JSON
        whole = "".join(head) + src.read()
        with contextlib.suppress(ValueError):
            json.loads(whole)
            kind = "json"
        return io.StringIO(whole), kind
    return cast(TextIO, _Replayed([h for h in head if h], src)), kind


class _Replayed:
    """``head`` (lines, or a line's first piece, read already), then the rest of ``src``:
    what the rewriters read of a stream (``readline``, iteration); closing it leaves
    ``src`` open."""

    def __init__(self, head: list[str], src: TextIO) -> None:
        self._head, self._src = head, src

    def readline(self, size: int | None = -1, /) -> str:
        if self._head:
            return self._head.pop(0)
        return self._src.readline(-1 if size is None else size)

    def __next__(self) -> str:
        line = self.readline()
        while line and not line.endswith("\n"):  # a first piece: the whole line
            more = self._src.readline()
            if not more:
                break
            line += more
        if not line:
            raise StopIteration
        return line

    def __iter__(self) -> _Replayed:
        return self

    def close(self) -> None:
        self._head.clear()


def _chunks(src: TextIO) -> Iterator[list[str]]:
    return chunks(src, len)


class Pieces(Protocol):
    """Transforms one text fed in pieces (``Desensitizer.stream()``)."""

    def feed(self, piece: str, /) -> str: ...

    def close(self) -> str: ...


def rewrite_text(
    src: TextIO, dst: TextIO, fn: Many, stream: Callable[[], Pieces] | None = None
) -> int:
    """Each line's text through ``fn`` (a batch at a time); line ends kept as they were.

    With ``stream``, a line longer than :data:`~boxguard.io.sources.LINE_PIECE` goes through
    one ``stream()`` a piece at a time instead, so memory stays bounded however long it is.
    """
    n = size = 0
    batch: list[str] = []
    pieces: Pieces | None = None  # the long line being written

    def flush() -> None:
        nonlocal size
        bodies = [line.rstrip("\r\n") for line in batch]
        for line, body, out in zip(batch, bodies, fn(bodies), strict=True):
            dst.write(out + line[len(body) :])
        batch.clear()
        size = 0

    # without a stream every line is read whole: ``fn`` must see a value it could not
    # find cut in two (unmask's tokens)
    lines = iter(src) if stream is None else iter(lambda: src.readline(LINE_PIECE), "")
    for line in lines:
        ends = len(line) < LINE_PIECE or line.endswith(("\n", "\r"))
        if stream is None or (pieces is None and ends):
            batch.append(line)
            n, size = n + 1, size + len(line)
            if size >= BATCH_CHARS:
                flush()
            continue
        flush()  # lines before this one go out first
        if pieces is None:
            pieces, n = stream(), n + 1
        if not ends:
            dst.write(pieces.feed(line))
            continue
        body = line.rstrip("\r\n")
        dst.write(pieces.feed(body) + pieces.close() + line[len(body) :])
        pieces = None
    flush()
    if pieces is not None:  # the file ended right after a full piece
        dst.write(pieces.close())
    return n


def rewrite_jsonl(
    src: TextIO,
    dst: TextIO,
    field: str,
    fn: Many,
    source: str,
    cell_fn: Callable[[str, str], str] | None = None,
) -> int:
    """Each record's ``field`` (a key, a JSON path, or ``*``: the whole record) through
    ``fn``; every other field, the order and each line's end kept.

    With ``cell_fn``, a value under a key (``{"guest": {"证件号码": "G12345678"}}``) goes
    through ``cell_fn(value, key)`` instead, as a table cell under its column does: the
    key's hint finds what a bare value does not show."""
    n = 0
    lineno = 0
    for lines in _chunks(src):
        docs: list[tuple[object, Selected] | None] = []
        for line in lines:
            lineno += 1
            if not line.strip():
                docs.append(None)
                continue
            doc = parse_line(line, source, lineno)
            part = select(doc, field) if isinstance(doc, dict) else None
            if part is None:
                raise InputError(f"{source}:{lineno}: no field {field!r}: {FIELD_HINT}")
            docs.append((doc, part))
        parts = iter(_transformed([d[1] for d in docs if d is not None], fn, cell_fn, source))
        for line, got in zip(lines, docs, strict=True):
            if got is None:
                dst.write(line)
                continue
            out = _dumps(replaced(got[0], field, next(parts)), line)
            dst.write(out + line[len(line.rstrip("\r\n")) :])  # its own line end (CRLF)
            n += 1
    return n


def rewrite_json(
    src: TextIO,
    dst: TextIO,
    field: str,
    fn: Many,
    source: str,
    cell_fn: Callable[[str, str], str] | None = None,
) -> int:
    """A .json document (an array of records, or one record) as :func:`rewrite_jsonl`
    rewrites each line; records written. The document is read whole; its indentation
    (none, spaces or a tab) and line ends are kept, its key order too."""
    text = src.read()
    doc = parse_document(text, source)
    found = records(doc)
    parts = []
    for base, record in found:
        part = select(record, field)
        if part is None:
            where = "" if base == "$" else f" record {base}:"
            raise InputError(f"{source}:{where} no field {field!r}: {FIELD_HINT}")
        parts.append(Selected(under(base, part.path), part.key, part.value))
    masked = iter(_transformed(parts, fn, cell_fn, source))
    out_records = [replaced(r, field, next(masked)) for _, r in found]
    out = _dumps(out_records if isinstance(doc, list) else out_records[0], text)
    if "\r\n" in text:
        out = out.replace("\n", "\r\n")
    dst.write(out + text[len(text.rstrip()) :])  # its trailing line end
    return len(found)


def _transformed(
    parts: list[Selected], fn: Many, cell_fn: Callable[[str, str], str] | None, source: str
) -> list[object]:
    """Each part with its leaves through ``fn`` (free text, in one batch) or ``cell_fn``."""
    try:
        found = [leaves(p.value, p.path, p.key) for p in parts]
    except RecursionError:
        raise InputError(f"{source}: a record is nested too deeply") from None
    flat = [leaf for ls in found for leaf in ls]
    free = iter(fn([x.text for x in flat if x.key is None or cell_fn is None]))
    outs = iter(
        [next(free) if x.key is None or cell_fn is None else cell_fn(x.text, x.key) for x in flat]
    )
    return [rebuilt(p.value, outs) for p in parts]


def _dumps(value: object, like: str) -> str:
    r"""``value`` as JSON written the way ``like`` (the document or line it came from) is:
    its indentation, compact separators when it has no ``": "`` or ``", "`` at all, and
    ``\u`` escapes when it is ASCII (a lone surrogate's escape stays one either way).

    >>> v = {"a": "张*", "b": [1, 2]}
    >>> _dumps(v, '{"a":"张三","b":[1,2]}'), _dumps(v, '{"a": "张三", "b": [1, 2]}')
    ('{"a":"张*","b":[1,2]}', '{"a": "张*", "b": [1, 2]}')
    >>> _dumps(v, '{"a":"\\u5f20\\u4e09","b":[1,2]}')
    '{"a":"\\u5f20*","b":[1,2]}'
    """
    indent = _indent(like)
    compact = ": " not in like and ", " not in like
    separators = (",", ":") if compact else None
    out = json.dumps(value, ensure_ascii=like.isascii(), indent=indent, separators=separators)
    if _SURROGATE.search(out):  # a lone \ud800 escape stays an escape
        out = json.dumps(value, indent=indent, separators=separators)
    return out


def _indent(text: str) -> str | None:
    r"""The indentation of a .json document: None when it is on one line.

    >>> _indent('[1, 2]'), _indent('[\n    1\n]'), _indent('{\n\t"a": 1\n}'), _indent('[\n1]')
    (None, '    ', '\t', '')
    """
    body = text.strip()
    if "\n" not in body:
        return None
    m = _INDENT.search(body)
    return m.group(1) if m else ""


_INDENT = re.compile(r"\n([ \t]*)\S")
_SURROGATE = re.compile("[\ud800-\udfff]")
