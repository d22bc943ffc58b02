"""The code points Python's ``re`` takes for ``\\d`` and ``\\w`` in Unicode mode, as ranges.

A finder twin's regexes are Python's, Unicode mode: the native core spells ``\\d``, ``\\w``
and ``\\b`` from these ranges (PCRE2's own Unicode tables are not Python's), so both
engines read them alike on every code point. Computed from Python's ``re`` itself, once per
process and only for a twin whose regexes hold them (~20 ms each).
This module must never import the native core or anything outside the standard library.

>>> (0x30, 0x39) in unicode_class("d"), (0x660, 0x669) in unicode_class("d")
(True, True)
>>> (0x5F, 0x5F) in unicode_class("w")
True
"""

from __future__ import annotations

import re
from functools import cache
from typing import Literal

#: The escapes whose class Python's tables give: ``\d`` and ``\w``.
Escape = Literal["d", "w"]

#: One past the last code point.
_END = 0x110000


def _every() -> str:
    """Every code point in order (lone surrogates too): the character at ``i`` is ``chr(i)``
    (4.4 MB: built for each table, not kept)."""
    n = _END
    utf32 = bytearray(4 * n)  # little-endian: each byte plane filled by slicing, not a loop
    utf32[0::4] = bytes(range(256)) * (n >> 8)
    utf32[1::4] = b"".join(bytes((i,)) * 256 for i in range(256)) * (n >> 16)
    utf32[2::4] = b"".join(bytes((p,)) * 0x10000 for p in range(n >> 16))
    return utf32.decode("utf-32-le", "surrogatepass")


@cache
def unicode_class(escape: Escape) -> tuple[tuple[int, int], ...]:
    """The inclusive code-point ranges where Python's ``\\<escape>`` matches (``d``, ``w``).

    >>> unicode_class("d")[0]
    (48, 57)
    """
    return tuple((m.start(), m.end() - 1) for m in re.finditer(rf"\{escape}+", _every()))


def unicode_classes(*escapes: Escape) -> dict[str, list[tuple[int, int]]]:
    """``escapes``' ranges as the native core takes them (``NativeFinder.regex``).

    >>> sorted(unicode_classes("d"))
    ['d']
    """
    return {e: list(unicode_class(e)) for e in escapes}
