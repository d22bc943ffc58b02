"""The code points Python's ``re`` takes for ``\\d`` and ``\\w`` in Unicode mode, as ranges.

A finder twin's regexes are Python's, Unicode mode: the native core spells ``\\d``, ``\\w``
and ``\\b`` from these ranges (PCRE2's own Unicode tables are not Python's), so both
engines read them alike on every code point. They come from ``data/unicode_classes.json``
when it was computed with this Python's Unicode database (``unicodedata.unidata_version``,
``scripts/build_unicode_classes.py`` writes it), else from Python's ``re`` and ``str.isdigit``
themselves (~20 ms for ``\\d`` or ``\\w``, ~70 ms for ``isdigit``), once per process and
only when a twin or a mask needs them.
This module must never import the native core or anything outside the standard library.

>>> (0x30, 0x39) in table("d"), (0x660, 0x669) in table("d")
(True, True)
>>> (0x5F, 0x5F) in table("w")
True
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from functools import cache
from typing import Any, Literal

#: The escapes whose class Python's tables give: ``\d`` and ``\w``; and ``str.isdigit``.
Escape = Literal["d", "w"]
Table = Literal["d", "w", "isdigit"]

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
def table(name: Table) -> tuple[tuple[int, int], ...]:
    """The inclusive code-point ranges of ``\\d``, ``\\w`` or ``str.isdigit``: shipped when
    they are this Python's, else computed.

    >>> table("d")[0], (0xB2, 0xB3) in table("isdigit")
    ((48, 57), True)
    """
    shipped = _shipped()
    if shipped.get("unidata") == unicodedata.unidata_version and name in shipped:
        return tuple((lo, hi) for lo, hi in shipped[name])
    return computed(name)


def computed(name: Table) -> tuple[tuple[int, int], ...]:
    """:func:`table` from Python itself (what the shipped file must equal)."""
    if name == "isdigit":
        every = _every()
        return _ranges(i for i, c in enumerate(every) if c.isdigit())
    return tuple((m.start(), m.end() - 1) for m in re.finditer(rf"\{name}+", _every()))


def _ranges(points: Iterable[int]) -> tuple[tuple[int, int], ...]:
    out: list[tuple[int, int]] = []
    for c in points:
        if out and out[-1][1] == c - 1:
            out[-1] = (out[-1][0], c)
        else:
            out.append((c, c))
    return tuple(out)


def _shipped() -> dict[str, Any]:
    import json
    from importlib import resources

    try:
        text = resources.files("boxguard").joinpath("data/unicode_classes.json").read_text("utf-8")
    except OSError:  # pragma: no cover - a broken install: compute instead
        return {}
    return json.loads(text)  # type: ignore[no-any-return]


def unicode_classes(*escapes: Escape) -> dict[str, list[tuple[int, int]]]:
    """``escapes``' ranges as the native core takes them (``NativeFinder.regex``).

    >>> sorted(unicode_classes("d"))
    ['d']
    """
    return {e: list(table(e)) for e in escapes}
