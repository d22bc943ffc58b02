"""ADAPTER: the kinds' display masks as Polars expressions, for column-wise masking.

A twin is exact where it applies: ``vector_mask`` returns ``(applies, expr)``
and the caller runs the Python mask only on rows where ``applies`` is false.
Tests compare every twin with its Python mask on hypothesis strings and on
each kind's generated values.

>>> import polars as pl
>>> from boxguard.kinds import get_kind
>>> applies, expr = vector_mask(get_kind("cn_mobile").mask, pl.col("v"))
>>> pl.DataFrame({"v": ["13812345678", "138 1234 5678"]}).select(expr.alias("m"))["m"].to_list()
['138****5678', '138 **** 5678']
"""

from __future__ import annotations

import re
from collections.abc import Callable

import polars as pl

from boxguard.kinds._masks import SEPARATORS, KeepEnds, email_mask, hide_all
from boxguard.kinds.address import ADMIN, mask_address
from boxguard.kinds.dates import mask_birth_date
from boxguard.kinds.person import compound_surnames, mask_name
from boxguard.kinds.vehicle import mask_plate

_SEP = "[" + "".join(re.escape(c) for c in sorted(SEPARATORS)) + "]"
_NON = "[^" + "".join(re.escape(c) for c in sorted(SEPARATORS)) + "]"

Twin = tuple[pl.Expr, pl.Expr]


def vector_mask(mask: Callable[[str], str], col: pl.Expr) -> Twin | None:
    """``(applies, masked)`` for a kind's mask over string column ``col``, or None.

    Cells with space at either end are left to the Python path, which masks the
    value inside the spaces; so are cells of a kept-ends or date mask holding a Chinese
    character (a name beside a phone number: the Python path scans such a cell).
    """
    twin = _twin(mask, col)
    if twin is None:
        return None
    applies = twin[0] & col.str.contains(r"^\s|\s$").not_()
    if isinstance(mask, KeepEnds) or mask is mask_birth_date:
        # a value of these kinds holds no Chinese character (a date its 年月日): a cell that
        # does holds more than the column's value (张伟13700001111 in a phone column), which
        # the Python path scans instead of keeping its ends in clear
        applies = applies & col.str.contains(r"[\p{Han}--[年月日]]").not_()
    return applies, twin[1]


def _twin(mask: Callable[[str], str], col: pl.Expr) -> Twin | None:
    if isinstance(mask, KeepEnds):
        return pl.lit(True), _keep_ends(mask, col)
    if mask is email_mask:
        parts = col.str.splitn("@", 2)
        user, domain = parts.struct.field("field_0"), parts.struct.field("field_1")
        masked = pl.concat_str(user.str.slice(0, 1), pl.lit("***@"), domain)
        return (domain.str.len_chars() > 0).fill_null(False), masked
    if mask is mask_name:
        han = col.str.contains(r"^[\p{Han}]+$")
        keep = pl.when(col.str.slice(0, 2).is_in(sorted(compound_surnames()))).then(2).otherwise(1)
        return han, col.str.slice(0, keep) + pl.lit("*")
    if mask is mask_plate:
        n = col.str.len_chars()
        middle = col.str.slice(2, (n - 4).clip(lower_bound=0)).str.replace_all(r"[A-Z0-9]", "*")
        tail = col.str.slice(pl.max_horizontal(n - 2, pl.lit(0)))
        return n >= 5, col.str.slice(0, 2) + middle + tail
    if mask is mask_address:
        n = col.str.len_chars()
        admin = col.str.extract(f"^({ADMIN})", 1).str.len_chars().fill_null(0)
        keep = pl.when(admin > 0).then(admin).otherwise(pl.min_horizontal(n, pl.lit(2)))
        return pl.lit(True), col.str.slice(0, keep) + _hide(col.str.slice(keep), "(?s).")
    if mask is mask_birth_date:
        parts = col.str.extract_groups(r"(?s)^(.*?)((?:19|20)[0-9]{2})(.*)$")
        kept = pl.concat_str(
            _hide(parts.struct.field("1"), r"\d"),
            parts.struct.field("2"),
            _hide(parts.struct.field("3"), r"\d"),
        )
        return pl.lit(True), pl.when(kept.is_null()).then(_hide(col, r"\d")).otherwise(kept)
    if mask is hide_all:
        return pl.lit(True), col.str.replace_all(r"(?s).", "*")
    return None


def _hide(col: pl.Expr, pattern: str) -> pl.Expr:
    return col.str.replace_all(pattern, "*")


def _keep_ends(m: KeepEnds, col: pl.Expr) -> pl.Expr:
    """Values without separators take a slicing path; the rest a regex path (nulls elsewhere)."""
    n = col.str.len_chars()
    if len(m.char) != 1:
        return _keep_ends_regex(m, col)
    odd = n > _STARS_MAX
    if m.sep_aware:
        odd = odd | col.str.contains(_SEP)
    kf = pl.when(n > m.first + m.last).then(m.first).when(n > 1).then(1).otherwise(0)
    kl = pl.when(n > m.first + m.last).then(m.last).otherwise(0)
    stars = pl.lit(m.char * _STARS_MAX).str.slice(0, n - kf - kl)
    plain = pl.concat_str(col.str.slice(0, kf), stars, col.str.slice(n - kl))
    return pl.when(odd).then(_keep_ends_regex(m, pl.when(odd).then(col))).otherwise(plain)


#: Longest value the slicing path masks; longer ones take the regex path.
_STARS_MAX = 256


def _keep_ends_regex(m: KeepEnds, col: pl.Expr) -> pl.Expr:
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
