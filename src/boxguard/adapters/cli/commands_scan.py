"""`boxguard scan`, `boxguard kinds`, `boxguard inventory` (Typer's side: their options;
``scanning.py`` does the scan)."""

from __future__ import annotations

import json
from enum import Enum
from pathlib import Path
from typing import Annotated

import typer

from boxguard.adapters.cli import scanning
from boxguard.adapters.cli.app import app, err_console
from boxguard.adapters.cli.console import out_console
from boxguard.adapters.cli.scanning import Format
from boxguard.detect.scanner import DEFAULT_THRESHOLD
from boxguard.errors import ConfigError
from boxguard.io.atomic import atomic_text
from boxguard.io.records import WHOLE
from boxguard.jobs.parallel import default_jobs
from boxguard.jobs.scan import inventory as inventory_job
from boxguard.kinds import all_kinds

__all__ = ["Format", "InventoryFormat", "KindsFormat", "inventory", "kinds", "scan"]


class KindsFormat(str, Enum):
    table = "table"
    json = "json"


class InventoryFormat(str, Enum):
    md = "md"
    json = "json"


PathsArg = Annotated[
    list[str] | None,
    typer.Argument(
        help="Files, directories, sqlite:///, postgresql:// or mysql:// (mariadb://) URLs; "
        "- for stdin."
    ),
]
KindsOpt = Annotated[
    str | None, typer.Option("--kinds", help="Comma-separated kind ids to look for (default: all).")
]
AllowOpt = Annotated[
    list[str] | None,
    typer.Option(
        "--allow",
        help="A value never to report (the company hotline, a test card), compared without "
        "spaces or hyphens; re:PATTERN for a pattern of whole values. Repeatable. Given here, "
        "it replaces boxguard.toml's allow list, as every flag replaces its setting.",
    ),
]
ThresholdOpt = Annotated[
    float, typer.Option("--threshold", min=0.0, max=1.0, help="Minimum score.")
]
NoModelOpt = Annotated[
    bool,
    typer.Option(
        "--no-model",
        help="Name model off: names and organizations only by rules (labels, suffixes).",
    ),
]
AccurateOpt = Annotated[
    bool,
    typer.Option(
        "--accurate",
        help="Names and organizations with the LAC-assisted model: better recall, ~1/6 "
        "of the speed (pip install 'boxguard[accurate]').",
    ),
]
FieldOpt = Annotated[
    str,
    typer.Option(
        "--field",
        help="JSON/JSONL: the key or JSON path ($.customer.mobile) to read in each record; "
        "'*' (default): every value of every field, and keys that may hold one.",
    ),
]
IncludeOpt = Annotated[
    list[str] | None, typer.Option("--include", help="Glob of files to scan in directories.")
]
ExcludeOpt = Annotated[list[str] | None, typer.Option("--exclude", help="Glob of files to skip.")]
SampleOpt = Annotated[
    int, typer.Option("--sample", min=1, help="Rows read per database table (its first N).")
]
TablesOpt = Annotated[
    list[str] | None,
    typer.Option(
        "--tables",
        help="Glob of database tables to scan (name, or schema.name outside the "
        "default schema; every schema by default).",
    ),
]
JobsOpt = Annotated[
    int | None,
    typer.Option(
        "--jobs",
        "-j",
        min=1,
        help="Worker processes for a large input (default: the machine's cores).",
    ),
]
HiddenOpt = Annotated[bool, typer.Option("--hidden", help="Also scan hidden files and folders.")]
QuietOpt = Annotated[bool, typer.Option("--quiet", "-q", help="No notices on stderr.")]
ProgressOpt = Annotated[
    bool, typer.Option("--progress", help="Show progress even when not on a terminal.")
]
DebugOpt = Annotated[bool, typer.Option("--debug", help="Show tracebacks on errors.")]


@app.command()
def scan(
    paths: PathsArg = None,
    fmt: Annotated[
        Format | None,
        typer.Option(
            "--format", "-f", help="table (terminal default), jsonl (piped default), csv, sarif."
        ),
    ] = None,
    out: Annotated[
        Path | None, typer.Option("--out", "-o", help="Write here (atomically) instead of stdout.")
    ] = None,
    kinds: KindsOpt = None,
    threshold: ThresholdOpt = DEFAULT_THRESHOLD,
    allow: AllowOpt = None,
    no_model: NoModelOpt = False,
    accurate: AccurateOpt = False,
    field: FieldOpt = WHOLE,
    include: IncludeOpt = None,
    exclude: ExcludeOpt = None,
    hidden: HiddenOpt = False,
    sample: SampleOpt = 1000,
    tables: TablesOpt = None,
    jobs: JobsOpt = None,
    show_values: Annotated[
        bool, typer.Option("--show-values", help="Print raw values (never the default).")
    ] = False,
    all_records: Annotated[
        bool, typer.Option("--all", help="JSONL: also print records with no findings.")
    ] = False,
    quiet: QuietOpt = False,
    progress: ProgressOpt = False,
    debug: DebugOpt = False,
) -> None:
    """Find personal information in text, files, tables and databases.

    Examples:

      boxguard scan samples/

      boxguard scan --format jsonl --field content chats.jsonl

      boxguard scan orders.json   # each finding at its JSON path ($[3].customer.mobile)
    """
    try:
        code = scanning.scan(
            paths, fmt, out, kinds, threshold, allow, no_model, accurate, field, include,
            exclude, hidden, sample, tables, jobs, show_values, all_records, quiet, progress,
            debug,
        )  # fmt: skip
    except scanning.Stop as stop:
        raise typer.Exit(stop.code) from None
    raise typer.Exit(code)


@app.command()
def kinds(
    fmt: Annotated[
        KindsFormat, typer.Option("--format", "-f", help="table or json.")
    ] = KindsFormat.table,
) -> None:
    """List the kinds of personal information boxguard finds.

    Examples:

      boxguard kinds

      boxguard kinds --format json
    """
    rows = [
        {
            "id": k.id,
            "zh": k.zh,
            "en": k.en,
            "category": k.category.value,
            "category_zh": k.category.zh,
            "sensitive": k.sensitive,
            "model_based": k.model_based,
        }
        for k in all_kinds()
    ]
    if fmt is KindsFormat.json:
        typer.echo(json.dumps(rows, ensure_ascii=False, indent=2))
        return
    from rich.table import Table  # the kinds' table only

    table = Table(title=f"{len(rows)} kinds")
    for col in ("id", "中文", "category", "sensitive"):
        table.add_column(col)
    for r in rows:
        table.add_row(
            str(r["id"]),
            str(r["zh"]),
            f"{r['category']} ({r['category_zh']})",
            "S" if r["sensitive"] else "",
        )
    out_console().print(table)


@app.command()
def inventory(
    paths: PathsArg = None,
    out: Annotated[
        Path | None, typer.Option("--out", "-o", help="Folder for inventory.md and inventory.json.")
    ] = None,
    fmt: Annotated[
        InventoryFormat, typer.Option("--format", "-f", help="md or json (stdout when no --out).")
    ] = InventoryFormat.md,
    kinds: KindsOpt = None,
    threshold: ThresholdOpt = DEFAULT_THRESHOLD,
    allow: AllowOpt = None,
    no_model: NoModelOpt = False,
    accurate: AccurateOpt = False,
    field: FieldOpt = WHOLE,
    include: IncludeOpt = None,
    exclude: ExcludeOpt = None,
    hidden: HiddenOpt = False,
    sample: SampleOpt = 1000,
    tables: TablesOpt = None,
    jobs: JobsOpt = None,
    quiet: QuietOpt = False,
    progress: ProgressOpt = False,
    debug: DebugOpt = False,  # noqa: ARG001  (read by main() before parsing)
) -> None:
    """Write a data inventory by GB/T 35273 category (Markdown and JSON).

    Examples:

      boxguard inventory samples/ --out report/

      boxguard inventory sqlite:///crm.db --format json
    """
    opts = scanning.options(field, include, exclude, hidden, sample, tables, quiet)
    scanner = scanning.build_scanner(kinds, threshold, no_model, accurate, allow)
    with scanning.progress_ticks(progress or err_console.is_terminal) as tick:
        inv, summary = inventory_job(paths or ["-"], opts, scanner, tick, jobs or default_jobs())
    if opts.failed and (out is not None or not summary.records):  # nothing read: no
        scanning.not_written(out or Path("the inventory"))  # empty inventory either
    elif out is not None:
        if out.exists() and not out.is_dir():
            raise ConfigError(f"--out {out}: not a folder")
        out.mkdir(parents=True, exist_ok=True)
        with atomic_text(out / "inventory.json") as fh:
            fh.write(json.dumps(inv.to_dict(), ensure_ascii=False, indent=2) + "\n")
        with atomic_text(out / "inventory.md") as fh:
            fh.write(inv.to_markdown())
    elif fmt is InventoryFormat.json:
        typer.echo(json.dumps(inv.to_dict(), ensure_ascii=False, indent=2))
    else:
        typer.echo(inv.to_markdown())
    raise typer.Exit(scanning.status(summary, opts))
