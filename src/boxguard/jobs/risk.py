"""JOB: re-identification risk of a CSV or Parquet table, and a generalized copy (Polars, lazy).

Reads the table once lazily, groups by the quasi-identifiers, and hands the class sizes to
the pure :func:`boxguard.risk.assess`; ``generalize`` searches the least generalization that
reaches k (:mod:`boxguard.transform.k_anonymize`) and writes the copy atomically.

>>> import tempfile, pathlib
>>> p = pathlib.Path(tempfile.mkdtemp()) / "t.csv"
>>> _ = p.write_text("zip,sex\\n100000,F\\n100000,F\\n200000,M\\n", encoding="utf-8")
>>> from boxguard import services
>>> doc, at_risk = risk(RiskRequest(table=p, quasi=("zip", "sex"), k=2), services)
>>> doc["k_anonymity"], at_risk
(1, True)
"""

from __future__ import annotations

import codecs
import contextlib
import csv
import io
import itertools
import sys
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import polars as pl

from boxguard.detect.table import (
    HEADER_REACH,
    classify_sample,
    find_header,
    shown_name,
)
from boxguard.errors import ConfigError, InputError
from boxguard.io.atomic import atomic_path, refuse_same_file
from boxguard.io.decode import sniff
from boxguard.jobs import Wiring
from boxguard.risk import DEFAULT_K, assess
from boxguard.transform.k_anonymize import SUPPRESSED, ladder, search
from boxguard.transform.table_plan import SAMPLE_ROWS


@dataclass(frozen=True)
class RiskRequest:
    """A table, its quasi-identifiers, and what to report (the options of ``boxguard risk``)."""

    table: Path
    quasi: tuple[str, ...]
    sensitive: str | None = None
    k: int = DEFAULT_K
    generalize: Path | None = None
    max_suppression: float = 0.0


def risk(req: RiskRequest, wiring: Wiring) -> tuple[dict[str, object], bool]:
    """The risk report (JSON-ready) and whether records stay at risk."""
    table = req.table
    cols = list(dict.fromkeys(c.strip() for c in req.quasi if c.strip()))  # age,age: once
    if not cols:
        raise ConfigError("--quasi names no column")
    if req.sensitive is not None and req.sensitive in cols:
        raise ConfigError("--sensitive names a quasi-identifier: l-diversity of it is always 1")
    if str(table) != "-" and not table.is_file():
        raise InputError(f"{table}: no such file")
    refuse_same_file(table, req.generalize, "--generalize")
    with _utf8(table) as readable:
        return _risk(req, readable, cols, wiring)


@contextlib.contextmanager
def _utf8(table: Path) -> Iterator[Path]:
    """``table`` as Polars reads it: itself, or a private UTF-8 copy of a CSV/TSV in
    another encoding (GBK: its names and values read right) or of standard input (``-``,
    a CSV), removed after."""
    stdin = str(table) == "-"
    if not stdin and table.suffix.lower() not in (".csv", ".tsv"):
        yield table
        return
    with contextlib.ExitStack() as stack:
        raw = sys.stdin.buffer if stdin else stack.enter_context(open(table, "rb"))
        head = raw.read(65536)
        encoding = sniff(head)
        if not stdin and encoding in (None, "utf-8", "ascii"):  # binary: _scan says so
            stack.close()
            yield table
            return
        if encoding is None:
            raise InputError(f"{table}: binary, not a table")
        tmp = stack.enter_context(tempfile.TemporaryDirectory(prefix="boxguard-risk-"))
        copy = Path(tmp) / ("stdin.csv" if stdin else table.name)
        decoder = codecs.getincrementaldecoder(encoding)("replace")  # a block at a time:
        with open(copy, "w", encoding="utf-8") as out:  # memory stays flat in table size
            for block in itertools.chain([head], iter(lambda: raw.read(1 << 20), b"")):
                out.write(decoder.decode(block))
            out.write(decoder.decode(b"", final=True))
        yield copy


def _risk(
    req: RiskRequest, readable: Path, cols: list[str], wiring: Wiring
) -> tuple[dict[str, object], bool]:
    """:func:`risk` of ``req`` with its table at ``readable`` (UTF-8)."""
    import polars as pl

    table, sensitive, k = req.table, req.sensitive, req.k
    try:
        lf = _scan(readable, table)
        names = lf.collect_schema().names()
        missing = [c for c in [*cols, *([sensitive] if sensitive else [])] if c not in names]
        if missing:
            scanner = wiring.scanner(use_model=False)
            shown = ", ".join(shown_name(n, scanner.scan, quote=False) for n in names[:12])
            asked = ", ".join(shown_name(c, scanner.scan) for c in missing)
            raise ConfigError(f"{table}: no column {asked} (columns: {shown})")
        aggs = [pl.len().alias("_n")]
        if sensitive:
            aggs.append(pl.col(sensitive).n_unique().alias("_l"))
        groups = lf.group_by(cols).agg(aggs).collect()
    except (pl.exceptions.PolarsError, OSError) as err:
        said = _READ_ERRORS.get(
            type(err).__name__, f"cannot read as a table ({type(err).__name__})"
        )
        if said.startswith("malformed") and table.suffix.lower() in (".csv", ".tsv"):
            from boxguard.io.tables import ragged_row  # (an error: pyarrow's import is fine)

            row = ragged_row(table, "\t" if table.suffix.lower() == ".tsv" else ",")
            said += "" if row is None else f" at row {row}"
        raise InputError(f"{table}: {said}") from None
    report = assess(groups["_n"].to_list(), groups["_l"].to_list() if sensitive else None, k)
    doc: dict[str, object] = {"table": str(table), "quasi_identifiers": cols, **report.to_dict()}
    at_risk = bool(report.records_below_k)
    if req.generalize is not None:
        result = _generalize(
            lf, groups, cols, k, req.max_suppression, readable, req.generalize, wiring
        )
        doc["generalized"] = result
        at_risk = not result["reached"]
    return doc, at_risk


#: What Polars' errors mean for a table read (never its message: it quotes the data).
_READ_ERRORS = {
    "NoDataError": "an empty table, nothing to assess",
    "ComputeError": "malformed table (a row does not fit the header)",
    "ShapeError": "malformed table (a row does not fit the header)",
}

#: Tables `risk` reads, by suffix.
_RISK_FORMATS = (".csv", ".tsv", ".parquet")


def _scan(table: Path, named: Path) -> pl.LazyFrame:
    """The table, lazily (``named``: how errors name it); a CSV/TSV's header found as
    `mask` finds it (a title row above it skipped, a first row of values read as data:
    columns ``column_1``…)."""
    import polars as pl

    suffix = table.suffix.lower()
    if suffix not in _RISK_FORMATS:
        raise InputError(f"{named}: risk reads CSV, TSV or Parquet tables (not {suffix or 'this'})")
    if suffix == ".parquet":
        return pl.scan_parquet(table)
    with open(table, "rb") as fh:
        head = fh.read(65536)
    encoding = sniff(head)
    if encoding is None:
        raise InputError(f"{named}: binary, not a {suffix} table")
    sep = "\t" if suffix == ".tsv" else ","
    text = head.decode(encoding, errors="replace")
    rows = list(csv.reader(io.StringIO(text), delimiter=sep))[:HEADER_REACH]
    start, has_header = find_header(rows)
    if has_header or not rows:
        return pl.scan_csv(table, separator=sep, infer_schema=False, skip_rows=start)
    width = len(rows[start])
    return pl.scan_csv(
        table,
        separator=sep,
        infer_schema=False,
        skip_rows=start,
        has_header=False,
        new_columns=[f"column_{i + 1}" for i in range(width)],
    )


def _line_end(table: Path) -> str:
    """The line end of a CSV/TSV's first line (``\r\n`` or ``\n``), for its copy."""
    with open(table, "rb") as fh:
        first = fh.readline(1 << 20)
    return "\r\n" if first.endswith(b"\r\n") else "\n"


def _typed_back(frame: pl.DataFrame, schema: pl.Schema, cols: list[str]) -> pl.DataFrame:
    """Each generalized column in its input type again where every value still is one (a
    Parquet Int64 postal code zeroed to ``100000``); else String (``*``, ``30-39``).

    >>> import polars as pl
    >>> f = pl.DataFrame({"zip": ["100000", ""], "age": ["30-39", "30-39"]})
    >>> _typed_back(f, pl.Schema({"zip": pl.Int64, "age": pl.Int64}), ["zip", "age"]).dtypes
    [Int64, String]
    """
    import polars as pl

    typed = []
    for c in cols:
        was = schema[c]
        if was == pl.String:
            continue
        # a null came out as "" (no value of another type is written empty)
        col = pl.when(pl.col(c) == "").then(None).otherwise(pl.col(c))
        try:
            typed.append(frame.select(col.cast(was, strict=True).alias(c)).to_series())
        except pl.exceptions.PolarsError:
            continue  # a range, a star: the column stays text
    return frame.with_columns(typed) if typed else frame


def _generalize(
    lf: pl.LazyFrame,
    groups: pl.DataFrame,
    cols: list[str],
    k: int,
    max_suppression: float,
    table: Path,
    out: Path,
    wiring: Wiring,
) -> dict[str, object]:
    import polars as pl

    if out.suffix.lower() != table.suffix.lower():
        raise InputError(f"--generalize must keep the input's format ({table.suffix})")
    sample = lf.select(cols).head(SAMPLE_ROWS).collect()
    kinds = {
        c.column: c.kind
        for c in classify_sample(
            wiring.scanner(use_model=False).scan_cell,
            {c: [str(v) for v in sample[c].to_list() if v not in (None, "")] for c in cols},
        )
    }
    counts = {
        tuple("" if v is None else str(v) for v in row[:-1]): row[-1]
        for row in groups.select([*cols, "_n"]).iter_rows()
    }
    solution = search(counts, [ladder(c, kinds.get(c)) for c in cols], k, max_suppression)
    exprs = []
    for i, c in enumerate(cols):
        pairs = [(v, g) for (j, v), g in solution.mapping.items() if j == i]
        exprs.append(
            pl.col(c)
            .cast(pl.String)
            .fill_null("")
            .replace_strict([v for v, _ in pairs], [g for _, g in pairs], return_dtype=pl.String)
            .alias(c)
        )
    size = pl.len().over(cols)
    result = lf.with_columns(exprs).with_columns(
        [pl.when(size < k).then(pl.lit(SUPPRESSED)).otherwise(pl.col(c)).alias(c) for c in cols]
    )
    try:
        frame = _typed_back(result.collect(), lf.collect_schema(), cols)
        with atomic_path(out) as tmp:
            if out.suffix.lower() == ".parquet":
                frame.write_parquet(tmp)
            else:
                frame.write_csv(tmp, line_terminator=_line_end(table))
    except (pl.exceptions.PolarsError, OSError) as err:
        raise InputError(
            f"{out}: cannot write the generalized copy ({type(err).__name__})"
        ) from None
    return {
        "out": str(out),
        "levels": solution.level_names,
        "k_anonymity": solution.k,
        "records_suppressed": solution.suppressed,
        "reached": solution.reached,
        "column_kinds": kinds,
    }
