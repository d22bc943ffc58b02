"""`boxguard risk`: k-anonymity and l-diversity of a CSV or Parquet table (Polars, lazy)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated

import typer

from boxguard import services
from boxguard.adapters.cli.app import app
from boxguard.jobs.risk import RiskRequest
from boxguard.jobs.risk import risk as risk_job
from boxguard.risk import DEFAULT_K


@app.command()
def risk(
    table: Annotated[Path, typer.Argument(help="A CSV, TSV or Parquet table (-: a CSV on stdin).")],
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
    Only they change: direct identifiers (a name, a phone) stay as they are in the copy
    (mask it for those), and the exit code says whether the copy reached k.

    Examples:

      boxguard risk patients.csv --quasi 出生日期,性别,邮编

      boxguard risk export.parquet --quasi age,zip --sensitive diagnosis --k 10

      boxguard risk patients.csv --quasi 出生日期,性别,邮编 --k 5 --generalize safe.csv
    """
    doc, at_risk = risk_job(
        RiskRequest(table, tuple(quasi.split(",")), sensitive, k, generalize, max_suppression),
        services,
    )
    typer.echo(json.dumps(doc, ensure_ascii=False, indent=2))
    raise typer.Exit(1 if at_risk else 0)
