"""ADAPTER: the kinds' display masks as Polars expressions, for column-wise masking.

A twin is exact where it applies: ``vector_mask`` returns ``(applies, expr)``
and the caller runs the Python mask only on rows where ``applies`` is false.
Tests compare every twin with its Python mask on hypothesis strings and on
each kind's generated values.

>>> import polars as pl
>>> from boxguard.kinds import get_kind
>>> applies, expr = vector_mask(get_kind("cn_mobile").mask, pl.col("v"))
>>> pl.DataFrame({"v": ["13812345678", "138 1234 5678"]}).select(expr)["v"].to_list()
['138****5678', '138 **** 5678']
"""

from __future__ import annotations

import re
from collections.abc import Callable

import polars as pl

from boxguard.kinds._masks import SEPARATORS, KeepEnds, email_mask, hide_all
from boxguard.kinds.person import compound_surnames, mask_name
from boxguard.kinds.vehicle import mask_plate

_SEP = "[" + "".join(re.escape(c) for c in sorted(SEPARATORS)) + "]"
_NON = "[^" + "".join(re.escape(c) for c in sorted(SEPARATORS)) + "]"

Twin = tuple[pl.Expr, pl.Expr]


def vector_mask(mask: Callable[[str], str], col: pl.Expr) -> Twin | None:
    """``(applies, masked)`` for a kind's mask over string column ``col``, or None.

    Cells with space at either end are left to the Python path, which masks the
    value inside the spaces.
    """
    twin = _twin(mask, col)
    if twin is None:
        return None
    trimmed = col.str.strip_chars() == col
    return twin[0] & trimmed, twin[1]


def _twin(mask: Callable[[str], str], col: pl.Expr) -> Twin | None:
    if isinstance(mask, KeepEnds):
        return pl.lit(True), _keep_ends(mask, col)
    if mask is email_mask:
        has_at = col.str.contains(r"(?s)^[^@]*@.")
        masked = col.str.replace(r"(?s)^([^@]?)[^@]*@", "${1}***@")
        return pl.lit(True), pl.when(has_at).then(masked).otherwise(_keep_ends(KeepEnds(1, 0), col))
    if mask is mask_name:
        han = col.str.contains(r"^[\p{Han}]+$")
        keep = pl.when(col.str.slice(0, 2).is_in(sorted(compound_surnames()))).then(2).otherwise(1)
        return han, col.str.slice(0, keep) + pl.lit("*")
    if mask is mask_plate:
        n = col.str.len_chars()
        middle = col.str.slice(2, (n - 4).clip(lower_bound=0)).str.replace_all(r"[A-Z0-9]", "*")
        tail = col.str.slice(pl.max_horizontal(n - 2, pl.lit(0)))
        return n >= 5, col.str.slice(0, 2) + middle + tail
    if mask is hide_all:
        return pl.lit(True), col.str.replace_all(r"(?s).", "*")
    return None


def _keep_ends(m: KeepEnds, col: pl.Expr) -> pl.Expr:
    non = _NON if m.sep_aware else "."
    sep = _SEP if m.sep_aware else "[^\\s\\S]"
    n = col.str.count_matches(f"(?s){non}")

    def hide(first: int, last: int) -> pl.Expr:
        head = f"((?:{sep}*{non}){{{first}}})"
        tail = f"((?:{non}{sep}*){{{last}}})" if last else "()"
        parts = col.str.extract_groups(f"(?s)^{head}(.*?){tail}$")
        middle = parts.struct.field("2").str.replace_all(
            f"(?s){non}", m.char.replace("$", "$$"), literal=False
        )
        return pl.concat_str(parts.struct.field("1"), middle, parts.struct.field("3"))

    return (
        pl.when(n > m.first + m.last)
        .then(hide(m.first, m.last))
        .when(n > 1)
        .then(hide(1, 0))
        .otherwise(hide(0, 0))
    )
