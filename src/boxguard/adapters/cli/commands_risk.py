"""`boxguard risk`: k-anonymity and l-diversity of a CSV or Parquet table (Polars, lazy)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

if TYPE_CHECKING:
    import polars as pl

from boxguard import services
from boxguard.adapters.cli.app import app
from boxguard.detect.table import classify_sample
from boxguard.errors import ConfigError, InputError
from boxguard.io.atomic import atomic_path
from boxguard.risk import DEFAULT_K, assess
from boxguard.transform.k_anonymize import SUPPRESSED, ladder, search
from boxguard.transform.table_plan import SAMPLE_ROWS


@app.command()
def risk(
    table: Annotated[Path, typer.Argument(help="A CSV or Parquet table.")],
    quasi: Annotated[
        str, typer.Option("--quasi", help="Comma-separated quasi-identifier columns.")
    ],
    sensitive: Annotated[
        str | None, typer.Option("--sensitive", help="Sensitive column for l-diversity.")
    ] = None,
    k: Annotated[
        int, typer.Option("--k", min=2, help="Classes smaller than this are at risk.")
    ] = DEFAULT_K,
    generalize: Annotated[
        Path | None,
        typer.Option(
            "--generalize",
            help="Write a copy generalized to reach --k (same format) and report it too.",
        ),
    ] = None,
    max_suppression: Annotated[
        float,
        typer.Option(
            "--max-suppression",
            min=0.0,
            max=1.0,
            help="With --generalize: share of records that may be suppressed (quasi values *).",
        ),
    ] = 0.0,
) -> None:
    """Report re-identification risk: smallest class (k), share of records below k, l-diversity.

    With --generalize, the quasi-identifiers are generalized (birth date → year →
    decade, postal code → fewer digits, address → coarser division, other columns
    → *) by the least information loss that reaches k, as ARX's global recoding does.

    Examples:

      boxguard risk patients.csv --quasi 出生日期,性别,邮编

      boxguard risk export.parquet --quasi age,zip --sensitive diagnosis --k 10

      boxguard risk patients.csv --quasi 出生日期,性别,邮编 --k 5 --generalize safe.csv
    """
    import polars as pl

    cols = [c.strip() for c in quasi.split(",") if c.strip()]
    if not cols:
        raise ConfigError("--quasi names no column")
    if not table.is_file():
        raise InputError(f"{table}: no such file")
    try:
        lf = (
            pl.scan_parquet(table)
            if table.suffix.lower() == ".parquet"
            else pl.scan_csv(table, infer_schema=False)
        )
        names = lf.collect_schema().names()
        missing = [c for c in [*cols, *([sensitive] if sensitive else [])] if c not in names]
        if missing:
            shown = ", ".join(names[:12])
            raise ConfigError(
                f"{table}: no column {', '.join(map(repr, missing))} (columns: {shown})"
            )
        aggs = [pl.len().alias("_n")]
        if sensitive:
            aggs.append(pl.col(sensitive).n_unique().alias("_l"))
        groups = lf.group_by(cols).agg(aggs).collect()
    except (pl.exceptions.PolarsError, OSError) as err:
        raise InputError(f"{table}: cannot read as a table ({type(err).__name__})") from None
    report = assess(groups["_n"].to_list(), groups["_l"].to_list() if sensitive else None, k)
    doc: dict[str, object] = {"table": str(table), "quasi_identifiers": cols, **report.to_dict()}
    at_risk = bool(report.records_below_k)
    if generalize is not None:
        result = _generalize(lf, groups, cols, k, max_suppression, table, generalize)
        doc["generalized"] = result
        at_risk = not result["reached"]
    typer.echo(json.dumps(doc, ensure_ascii=False, indent=2))
    raise typer.Exit(1 if at_risk else 0)


def _generalize(
    lf: pl.LazyFrame,
    groups: pl.DataFrame,
    cols: list[str],
    k: int,
    max_suppression: float,
    table: Path,
    out: Path,
) -> dict[str, object]:
    import polars as pl

    if out.suffix.lower() != table.suffix.lower():
        raise InputError(f"--generalize must keep the input's format ({table.suffix})")
    sample = lf.select(cols).head(SAMPLE_ROWS).collect()
    kinds = {
        c.column: c.kind
        for c in classify_sample(
            services.scanner(use_model=False).scan_cell,
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
        frame = result.collect()
        with atomic_path(out) as tmp:
            if out.suffix.lower() == ".parquet":
                frame.write_parquet(tmp)
            else:
                frame.write_csv(tmp)
    except (pl.exceptions.PolarsError, OSError) as err:
        raise InputError(
            f"{table}: cannot write the generalized copy ({type(err).__name__})"
        ) from None
    return {
        "out": str(out),
        "levels": solution.level_names,
        "k_anonymity": solution.k,
        "records_suppressed": solution.suppressed,
        "reached": solution.reached,
        "column_kinds": kinds,
    }
