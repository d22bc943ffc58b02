"""`boxguard release` and `boxguard trace`: fingerprinted copies, and naming a leak's source.

Each verb parses its options, calls one job (:mod:`boxguard.jobs.release`,
:mod:`boxguard.jobs.trace`) and renders the result. ``trace`` exits 1 when it names or
suspects someone, 0 when inconclusive, 2 on an error. Never prints a personal value.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Annotated

import typer
from rich.table import Table

from boxguard import services
from boxguard.adapters.cli.app import app, err_console
from boxguard.adapters.cli.commands_guard import DbOpt, DebugOpt, RulesOpt, _admin, _open, _say
from boxguard.errors import InputError
from boxguard.jobs.guard import DEFAULT_POLICY
from boxguard.jobs.release import release as release_job
from boxguard.jobs.trace import TraceResult
from boxguard.jobs.trace import trace as trace_job


@app.command("release")
def release(
    data: Annotated[
        Path, typer.Argument(help="The table to release (CSV, TSV, XLSX, Parquet, JSONL).")
    ],
    to: Annotated[str, typer.Option("--to", help="The recipient's stable id.")],
    out: Annotated[
        Path,
        typer.Option(
            "--out",
            help="Where to write the copy, in DATA's format as a rule "
            "(.csv .tsv .xlsx .parquet .jsonl).",
        ),
    ],
    policy: Annotated[
        str, typer.Option("--policy", help="Desensitization policy.")
    ] = DEFAULT_POLICY,
    db: DbOpt = None,
    rules: RulesOpt = None,
    debug: DebugOpt = False,  # noqa: ARG001
) -> None:
    """Write the masked copy a recipient receives, fingerprinted for them and recorded.

    Examples:

      boxguard release customers.csv --to outlet-17 --out outlet-17.csv

      boxguard release guests.xlsx --to agency-3 --out agency-3.xlsx --policy hotel-front-desk
    """
    done = release_job(
        data,
        to=to,
        out=out,
        policy=policy,
        actor=_admin(),
        opts=_open(db, rules, policy),
        wiring=services,
    )
    _say(
        f"released {done.rows} rows (+{done.canaries} canaries) to {done.recipient} in {done.out}; "
        f"fingerprinted columns: {', '.join(done.traced)}; recorded as audit event {done.event}"
    )


def render(result: TraceResult, format_: str, top: int = 10) -> str:
    """The trace result as one JSON object, or a table's text."""
    if format_ == "json":
        return json.dumps(
            {
                "verdict": result.verdict,
                "recipients": [
                    {
                        "id": s.id,
                        "score": round(s.score, 3),
                        "p_innocent": s.p_list,
                        "named": s.named,
                        "canary_hits": s.canary_hits,
                    }
                    for s in result.recipients
                ],
                "records_matched": result.records_matched,
                "rows": result.rows,
            },
            ensure_ascii=False,
        )
    table = Table(
        title=f"verdict: {result.verdict} ({result.records_matched} of {result.rows} rows matched)"
    )
    for col in ("recipient", "score", "p_innocent (list-wide)", "canary hits"):
        table.add_column(col)
    for s in result.recipients[:top]:
        table.add_row(s.id, f"{s.score:.2f}", f"{s.p_list:.1e}", str(s.canary_hits))
    from rich.console import Console

    console = Console(record=True, width=100, highlight=False)
    with console.capture() as cap:
        console.print(table)
    return cap.get()


@app.command("trace")
def trace(
    leak: Annotated[Path, typer.Argument(help="The leaked copy: a table file or pasted text.")],
    format_: Annotated[
        str | None,
        typer.Option("--format", help="table or json (default: table on a terminal, json piped)."),
    ] = None,
    db: DbOpt = None,
    rules: RulesOpt = None,
    debug: DebugOpt = False,  # noqa: ARG001
) -> int:
    """Name the recipient a leaked copy came from. Exits 1 named/suspected, 0 inconclusive.

    Examples:

      boxguard trace leaked.csv

      boxguard trace post.txt --format json
    """
    if format_ is None:  # as every verb: rich on a terminal, machine-readable piped
        format_ = "table" if sys.stdout.isatty() else "json"
    if format_ not in ("table", "json"):
        raise InputError(f"--format {format_!r}: table or json")
    result = trace_job(leak, actor=_admin(), opts=_open(db, rules, existing=True), wiring=services)
    typer.echo(render(result, format_).rstrip("\n"))
    if result.canary_hits:
        err_console.print(f"boxguard: canary hit: {', '.join(result.canary_hits)}", markup=False)
    _say(f"recorded as audit event {result.event}")
    return 0 if result.verdict == "inconclusive" else 1
