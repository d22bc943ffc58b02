"""Fields of records written as text: a header line names the columns of the rows below.

A CSV/TSV export or a pipe table pasted into a document (``uid,name,password``), and a
SQL dump's ``INSERT INTO t (`mobile`,`post_code`) VALUES (…),(…)``, say what a cell is
by its column, not by a label beside the value: a bare ``610033`` under ``邮编`` is a
postal code, a bare ``Lx#555383`` under ``password`` a credential. This module yields
those cells with their column's name; the scanner asks the kinds the name hints
(:func:`boxguard.detect.table.hinted_kinds`' rules) to validate them. It never decides
a kind itself, and never reads a cell outside a record whose header it has seen.

>>> t = "name,post_code,password\\n张伟,100020,Abc@1234\\n"
>>> [(col, t[s:e]) for col, s, e in record_cells(t)]
[('name', '张伟'), ('post_code', '100020'), ('password', 'Abc@1234')]
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator

#: Field separators of a delimited header line, most specific first.
_DELIMITERS = ("\t", "|", ",", "，", ";")
#: A header field: a short name without digits (序号, post_code, Date of Birth).
_HEADER_FIELD = re.compile(r"[^\d\n'\"()]{1,24}")
_INSERT = re.compile(
    r"(?i)\bINSERT\s+INTO\s+[^\s(]+\s*\((?P<cols>[^()]{1,2000})\)\s*VALUES\s*",
)
_TUPLE = re.compile(r"\s*,?\s*\(((?:'(?:[^'\\]|\\.|'')*'|[^'()])*)\)")
_SQL_VALUE = re.compile(r"\s*(?:'((?:[^'\\]|\\.|'')*)'|([^,']*?))\s*(?:,|$)")


def record_cells(norm: str, wanted: Callable[[str], bool] = bool) -> Iterator[tuple[str, int, int]]:
    """``(column, start, end)`` for each non-empty cell of a record under a header, in the
    columns ``wanted`` accepts (a record with none is not parsed at all).

    Delimited rows count only while they have the header's number of fields; a SQL
    tuple's values align with the column list from the left, up to the first unquoted
    value when the counts differ (``23,794.05`` written without quotes).

    >>> t = "序号 | 姓名 | 出生日期\\n1 | 张伟 | 1990-01-02\\n\\n2 | 李娜 | 1991-02-03"
    >>> [(c, t[s:e]) for c, s, e in record_cells(t)]
    [('序号', '1'), ('姓名', '张伟'), ('出生日期', '1990-01-02')]
    >>> t = "INSERT INTO `u` (`id`,`pwd`) VALUES (1,'x@12345'),(2,'y#67890');"
    >>> [(c, t[s:e]) for c, s, e in record_cells(t)]
    [('id', '1'), ('pwd', 'x@12345'), ('id', '2'), ('pwd', 'y#67890')]
    """
    if "\n" in norm:
        yield from _delimited(norm, wanted)
    if "INSERT" in norm or "insert" in norm:
        yield from _sql(norm, wanted)


def _header(line: str) -> tuple[str, list[str]] | None:
    for sep in _DELIMITERS:
        if line.count(sep) < 2:
            continue
        names = [f.strip().strip("`\"'") for f in line.split(sep)]
        inner = names[1:-1] if sep == "|" and not names[0] and not names[-1] else names
        if all(_HEADER_FIELD.fullmatch(n) for n in inner):
            return sep, names
        return None
    return None


def _delimited(norm: str, wanted: Callable[[str], bool]) -> Iterator[tuple[str, int, int]]:
    pos = 0
    header: tuple[str, list[str]] | None = None
    for line in norm.split("\n"):
        if header is not None:
            sep, names = header
            fields, at = [], pos
            for field in line.split(sep):
                fields.append((at, field))
                at += len(field) + len(sep)
            fields = _rejoin(fields, len(names), sep)
            if len(fields) != len(names):
                header = None
            else:
                for name, (at, field) in zip(names, fields, strict=True):
                    span = _cell(field, at)
                    if span is not None and name:
                        yield name, *span
        if header is None and any(c in line for c in _DELIMITERS):
            header = _header(line)
            if header is not None:
                header = header[0], [n if n and wanted(n) else "" for n in header[1]]
        pos += len(line) + 1


_THOUSANDS_HEAD = re.compile(r"\s*-?[¥$]?[0-9]{1,3}")
_THOUSANDS_TAIL = re.compile(r"[0-9]{3}(?:\.[0-9]+)?\s*")


def _rejoin(fields: list[tuple[int, str]], want: int, sep: str) -> list[tuple[int, str]]:
    """Join an amount that an unquoted thousands separator split (``23,794.05``) back into
    one field, while the row has more fields than its header.

    >>> _rejoin([(0, "a"), (2, "23"), (5, "794.05"), (12, "b")], 3, ",")
    [(0, 'a'), (2, '23,794.05'), (12, 'b')]
    """
    i = 0
    while len(fields) > want and i + 1 < len(fields):
        (a, head), (_b, tail) = fields[i], fields[i + 1]
        if _THOUSANDS_HEAD.fullmatch(head) and _THOUSANDS_TAIL.fullmatch(tail):
            fields[i : i + 2] = [(a, head + sep + tail)]
        else:
            i += 1
    return fields


def _cell(field: str, at: int) -> tuple[int, int] | None:
    """The span of a field's value: without surrounding spaces and quotes."""
    left = len(field) - len(field.lstrip())
    value = field.strip()
    if len(value) >= 2 and value[0] == value[-1] and value[0] in "'\"`":
        value, left = value[1:-1], left + 1
    if not value:
        return None
    return at + left, at + left + len(value)


def _sql(norm: str, wanted: Callable[[str], bool]) -> Iterator[tuple[str, int, int]]:
    for ins in _INSERT.finditer(norm):
        cols = [c.strip().strip('`"[]') for c in ins["cols"].split(",")]
        cols = [c if c and wanted(c) else "" for c in cols]
        if not any(cols):
            continue
        pos = ins.end()
        while (tup := _TUPLE.match(norm, pos)) is not None:
            pos = tup.end()
            values: list[tuple[int, int, bool]] = []
            at, stop = tup.start(1), tup.end(1)
            while at < stop:
                m = _SQL_VALUE.match(norm, at, stop)
                if m is None or m.end() == at:
                    break
                quoted = m.group(1) is not None
                values.append((*m.span(1 if quoted else 2), quoted))
                at = m.end()
            i = 0
            while len(values) > len(cols) and i + 1 < len(values):
                (s1, e1, q1), (s2, e2, q2) = values[i], values[i + 1]
                if (
                    not (q1 or q2)
                    and _THOUSANDS_HEAD.fullmatch(norm, s1, e1)
                    and (_THOUSANDS_TAIL.fullmatch(norm, s2, e2))
                ):
                    values[i : i + 2] = [(s1, e2, False)]
                else:
                    i += 1
            if len(values) != len(cols):
                continue
            for name, (s, e, _q) in zip(cols, values, strict=True):
                if e > s and name:
                    yield name, s, e
