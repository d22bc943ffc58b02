"""`boxguard risk`: k-anonymity and l-diversity of a CSV or Parquet table (Polars, lazy)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated

import typer

from boxguard.adapters.cli.app import app
from boxguard.errors import ConfigError, InputError
from boxguard.risk import DEFAULT_K, assess


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
) -> None:
    """Report re-identification risk: smallest class (k), share of records below k, l-diversity.

    Examples:

      boxguard risk patients.csv --quasi 出生日期,性别,邮编

      boxguard risk export.parquet --quasi age,zip --sensitive diagnosis --k 10
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
    typer.echo(
        json.dumps(
            {"table": str(table), "quasi_identifiers": cols, **report.to_dict()},
            ensure_ascii=False,
            indent=2,
        )
    )
    raise typer.Exit(1 if report.records_below_k else 0)
