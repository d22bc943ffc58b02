"""ADAPTER: rewrite text, JSONL and CSV streams in place of format, one record at a time.

Every byte that is not personal information passes through unchanged: line
ends, other JSON fields, CSV columns and row order.
"""

from __future__ import annotations

import csv
import json
from collections.abc import Callable
from typing import TextIO

from boxguard.errors import InputError


def rewrite_text(src: TextIO, dst: TextIO, fn: Callable[[str], str]) -> int:
    n = 0
    for line in src:
        body = line.rstrip("\r\n")
        dst.write(fn(body) + line[len(body) :])
        n += 1
    return n


def rewrite_jsonl(
    src: TextIO, dst: TextIO, field: str, fn: Callable[[str], str], source: str
) -> int:
    n = 0
    for lineno, line in enumerate(src, start=1):
        if not line.strip():
            dst.write(line)
            continue
        try:
            doc = json.loads(line)
        except json.JSONDecodeError as err:
            raise InputError(f"{source}:{lineno}: not valid JSON (column {err.colno})") from None
        if not isinstance(doc, dict) or field not in doc:
            raise InputError(f"{source}:{lineno}: no field {field!r}; use --field")
        if isinstance(doc[field], str):
            doc[field] = fn(doc[field])
        dst.write(json.dumps(doc, ensure_ascii=False) + "\n")
        n += 1
    return n


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
