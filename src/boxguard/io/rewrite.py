"""ADAPTER: rewrite text, JSONL and CSV streams in place of format, one record at a time.

Every byte that is not personal information passes through unchanged: line
ends, other JSON fields, CSV columns and row order.
"""

from __future__ import annotations

import csv
import json
import re
from collections.abc import Callable, Iterable, Iterator
from typing import Protocol, TextIO, TypeVar

from boxguard.errors import InputError
from boxguard.io.sources import LINE_PIECE, WHOLE

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
    """Each record's ``field`` through ``fn``; every other field and the order kept.

    ``field`` ``*``: the whole record (every field; the key of each value is its hint).
    With ``cell_fn``, a value under a key of a nested object (``{"guest": {"证件号码":
    "G12345678"}}``) goes through ``cell_fn(value, key)`` instead, as a table cell under
    its column does: the key's hint finds what a bare value does not show."""
    n = 0
    lineno = 0
    for lines in _chunks(src):
        docs: list[dict[str, object] | None] = []
        for line in lines:
            lineno += 1
            if not line.strip():
                docs.append(None)
                continue
            try:
                doc = json.loads(line)
            except json.JSONDecodeError as err:
                raise InputError(
                    f"{source}:{lineno}: not valid JSON (column {err.colno})"
                ) from None
            if not isinstance(doc, dict) or (field != WHOLE and field not in doc):
                raise InputError(f"{source}:{lineno}: no field {field!r}; use --field")
            docs.append(doc)
        try:
            leaves = [t for d in docs if d is not None for t in keyed_leaves(_part(d, field), None)]
        except RecursionError:
            raise InputError(f"{source}: a record's {field!r} is nested too deeply") from None
        free = iter(fn([t for t, key in leaves if key is None or cell_fn is None]))
        outs = iter(
            [next(free) if key is None or cell_fn is None else cell_fn(t, key) for t, key in leaves]
        )
        for line, doc in zip(lines, docs, strict=True):
            if doc is None:
                dst.write(line)
                continue
            if field == WHOLE:
                masked = rebuilt(doc, outs)
            else:
                masked = {**doc, field: rebuilt(doc[field], outs)}
            out = json.dumps(masked, ensure_ascii=False)
            if _SURROGATE.search(out):  # a lone \ud800 escape stays an escape
                out = json.dumps(masked)
            dst.write(out + line[len(line.rstrip("\r\n")) :])  # its own line end (CRLF)
            n += 1
    return n


_SURROGATE = re.compile("[\ud800-\udfff]")


def _part(doc: dict[str, object], field: str) -> object:
    return doc if field == WHOLE else doc[field]


def _leaf_texts(value: object) -> list[str]:
    """The texts in a JSON value, in order: strings, and numbers as written (a phone number
    stored as a number is still one); lists and objects are walked, true/false/null skipped.

    >>> _leaf_texts({"a": ["手机", 13812345678], "b": True, "c": None, "d": 1.5})
    ['手机', '13812345678', '1.5']
    """
    if isinstance(value, str):
        return [value]
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return [json.dumps(value)]
    if isinstance(value, list):
        return [t for v in value for t in _leaf_texts(v)]
    if isinstance(value, dict):
        return [t for v in value.values() for t in _leaf_texts(v)]
    return []


def keyed_leaves(value: object, key: str | None) -> list[tuple[str, str | None]]:
    """:func:`_leaf_texts` with the key each leaf is under (a list's items: the list's key);
    an object key that :func:`may_hold` a personal value is a leaf too, before its value,
    read as free text (key None).

    >>> keyed_leaves({"guest": {"name": "张伟", "docs": ["G12345678"]}, "n": 1}, None)
    [('张伟', 'name'), ('G12345678', 'docs'), ('1', 'n')]
    >>> keyed_leaves({"13812345678": {"city": "北京"}}, None)
    [('13812345678', None), ('北京', 'city')]
    """
    if isinstance(value, str):
        return [(value, key)]
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return [(json.dumps(value), key)]
    if isinstance(value, list):
        return [t for v in value for t in keyed_leaves(v, key)]
    if isinstance(value, dict):
        return [
            t
            for k, v in value.items()
            for t in ([(str(k), None)] if may_hold(str(k)) else []) + keyed_leaves(v, str(k))
        ]
    return []


#: An object key that can hold nothing personal: a word of letters and underscores
#: (``name``, ``user_id``); any other key (``"13812345678"``, ``"张伟"``) is read as text.
_PLAIN_KEY = re.compile(r"[A-Za-z_]{1,64}")


def may_hold(key: str) -> bool:
    """Whether an object key may hold a personal value (a phone number used as a key).

    >>> may_hold("user_name"), may_hold("13812345678"), may_hold("张伟"), may_hold("")
    (False, True, True, False)
    """
    return bool(key) and not _PLAIN_KEY.fullmatch(key)


def rebuilt(value: object, outs: Iterator[str]) -> object:
    """``value`` with each of :func:`keyed_leaves` replaced by the next of ``outs``; a number
    that changed becomes a string (``"138****5678"``), one that did not stays a number. A
    rewritten key that another key of the object already has gets ``#2``, ``#3``… so that
    no value is lost (two phones masked alike).

    >>> rebuilt({"13812345678": 1, "13812340000": 2}, iter(["138*", "1", "138*", "2"]))
    {'138*': 1, '138*#2': 2}
    """
    if isinstance(value, str):
        return next(outs)
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        out = next(outs)
        return value if out == json.dumps(value) else out
    if isinstance(value, list):
        return [rebuilt(v, outs) for v in value]
    if isinstance(value, dict):
        obj: dict[str, object] = {}
        for k, v in value.items():
            key = next(outs) if may_hold(str(k)) else k
            if key != k:
                key = _unused(key, obj, value)
            obj[key] = rebuilt(v, outs)
        return obj
    return value


def _unused(key: str, *taken: dict[str, object]) -> str:
    """``key``, or ``key#2``, ``key#3``… the first that no mapping of ``taken`` holds."""
    n, found = 1, key
    while any(found in t for t in taken):
        n += 1
        found = f"{key}#{n}"
    return found


def rewrite_csv(
    src: TextIO, dst: TextIO, fn: Callable[[str, str], str], source: str, delimiter: str = ","
) -> int:
    reader = csv.reader(src, delimiter=delimiter)
    writer = csv.writer(dst, delimiter=delimiter, lineterminator="\n")
    try:
        header = next(reader, None)
        if header is None:
            return 0
        writer.writerow(header)
        names = [h.strip() or f"column_{i + 1}" for i, h in enumerate(header)]
        n = 0
        for row in reader:
            writer.writerow(
                [
                    fn(v, names[i] if i < len(names) else f"column_{i + 1}") if v else v
                    for i, v in enumerate(row)
                ]
            )
            n += 1
    except csv.Error as err:
        raise InputError(f"{source}:{reader.line_num}: malformed CSV ({err})") from None
    return n
