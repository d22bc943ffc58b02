"""`boxguard keys`, `boxguard mask`, `boxguard unmask`."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated

import typer

from boxguard import services
from boxguard.adapters.cli.app import app, err_console
from boxguard.adapters.cli.commands_scan import (
    AccurateOpt,
    AllowOpt,
    ExcludeOpt,
    HiddenOpt,
    IncludeOpt,
)
from boxguard.crypto.keys import Keyset
from boxguard.dburl import DEFAULT_TOKENS
from boxguard.io.keys import key_check, key_path, load_keyset, rotate_keyset, write_keyset
from boxguard.io.policies import shipped
from boxguard.io.records import WHOLE
from boxguard.io.sources import Options
from boxguard.jobs.mask import MaskRequest
from boxguard.jobs.mask import mask as mask_job
from boxguard.jobs.unmask import UnmaskRequest
from boxguard.jobs.unmask import unmask as unmask_job
from boxguard.transform.table_plan import SAMPLE_ROWS

keys_app = typer.Typer(
    help="Create, rotate and show key metadata (never key material).", no_args_is_help=True
)
app.add_typer(keys_app, name="keys")

KeysOpt = Annotated[Path | None, typer.Option("--keys", help="Key file (default ./boxguard.keys).")]
PolicyOpt = Annotated[
    str | None,
    typer.Option("--policy", "-p", help=f"Policy file or shipped name ({', '.join(shipped())})."),
]
TokensOpt = Annotated[
    str,
    typer.Option("--tokens", envvar="BOXGUARD_TOKENS", help="Token table URL for tokenize/unmask."),
]
OutOpt = Annotated[
    Path | None, typer.Option("--out", "-o", help="Write here (atomically); stdout otherwise.")
]
FieldOpt = Annotated[
    str,
    typer.Option(
        "--field",
        help="JSON/JSONL: the key or JSON path ($.customer) to mask in each record; '*' "
        "(default): every value of every field, each read by its key.",
    ),
]
ManifestOpt = Annotated[
    Path | None,
    typer.Option(
        "--manifest",
        help="The mask manifest (key check, policy, role) when output goes to stdout "
        "or the masked file was moved away from its FILE.boxguard.json.",
    ),
]


@keys_app.command("init")
def keys_init(
    keys: KeysOpt = None,
    force: Annotated[bool, typer.Option("--force", help="Replace an existing key file.")] = False,
) -> None:
    """Create a new keyset file (mode 0600).

    Examples:

      boxguard keys init

      boxguard keys init --keys /etc/boxguard/keys
    """
    path = key_path(keys)
    ks = Keyset.generate()
    write_keyset(path, ks, replace=force)
    err_console.print(f"boxguard: wrote keyset {path} (primary key {ks.primary_id})", markup=False)


@keys_app.command("rotate")
def keys_rotate(keys: KeysOpt = None) -> None:
    """Add a new primary key; old keys stay to reverse what they produced.

    Examples:

      boxguard keys rotate

      boxguard keys rotate --keys /etc/boxguard/keys
    """
    path = key_path(keys)
    new = rotate_keyset(path)
    err_console.print(f"boxguard: new primary key {new.primary_id}", markup=False)


@keys_app.command("show")
def keys_show(keys: KeysOpt = None) -> None:
    """Show key ids and which is primary (never material).

    Examples:

      boxguard keys show

      BOXGUARD_KEYSET="$(cat keys)" boxguard keys show
    """
    ks = load_keyset(keys, required=True)
    assert ks is not None
    typer.echo(json.dumps({"keys": ks.describe(), "check": key_check(ks)}, indent=2))


@app.command()
def mask(
    path: Annotated[
        str, typer.Argument(help="A text, JSON, JSONL or table file, or a folder; - for stdin.")
    ] = "-",
    policy: PolicyOpt = None,
    role: Annotated[str | None, typer.Option("--role", help="Apply this role's rules.")] = None,
    out: OutOpt = None,
    field: FieldOpt = WHOLE,
    keys: KeysOpt = None,
    tokens: TokensOpt = DEFAULT_TOKENS,
    no_model: Annotated[bool, typer.Option("--no-model", help="Model-based kinds off.")] = False,
    accurate: AccurateOpt = False,
    sample_rows: Annotated[
        int, typer.Option("--sample-rows", min=1, help="Table rows read to classify columns.")
    ] = SAMPLE_ROWS,
    scan_all: Annotated[
        bool,
        typer.Option("--scan-all", help="Scan every cell of columns whose sample held nothing."),
    ] = False,
    in_place: Annotated[
        bool,
        typer.Option("--in-place", help="Replace the input; the original is kept as a backup."),
    ] = False,
    include: IncludeOpt = None,
    exclude: ExcludeOpt = None,
    hidden: HiddenOpt = False,
    backup_suffix: Annotated[
        str, typer.Option("--backup-suffix", help="With --in-place: the backup's suffix.")
    ] = ".orig",
    allow: AllowOpt = None,
    strict: Annotated[
        bool,
        typer.Option(
            "--strict",
            help="Exit 2 and write nothing when a personal column has cells no rule masked.",
        ),
    ] = False,
    manifest: ManifestOpt = None,
    out_encoding: Annotated[
        str | None,
        typer.Option(
            "--out-encoding",
            help="Write text, JSONL and CSV in this encoding (default: the input's; "
            "stdout: UTF-8).",
        ),
    ] = None,
    debug: Annotated[bool, typer.Option("--debug", help="Show tracebacks on errors.")] = False,  # noqa: ARG001
) -> None:
    """Desensitize a file by policy, keeping its format, columns and order.

    Tables (.csv, .tsv, .parquet, .xlsx written with --out) are classified once on
    their first rows; a column of one kind is then transformed column-wise, free
    text cell by cell, and a column with nothing personal in the sample is kept
    (as Presidio's structured analysis does; said when the table is longer than the
    sample; --scan-all scans every cell instead). The header row is found (a title
    or notes above it are masked as text; a first row of values is data), every
    sheet is masked, and cells of a personal column that no rule masked are masked
    whole and counted (--strict: refused).
    The plan per column goes to the manifest beside the output (beside stdout's file
    when stdout is redirected to one, or --manifest FILE). Standard input (-) is read
    as JSON Lines when its first line that is not blank is a JSON object, else as text.

    Examples:

      boxguard mask --policy privacy-waybill waybills.csv --out waybills.masked.csv

      boxguard mask --policy analytics-export --field content chats.jsonl > chats.safe.jsonl

      boxguard mask --policy test-data orders.parquet --out orders.test.parquet

      boxguard mask --in-place export.csv   # export.csv masked, export.csv.orig kept

      boxguard mask -p hotel-front-desk checkin.txt > safe.txt   # safe.txt.boxguard.json too
    """
    req = MaskRequest(
        path=path,
        out=out,
        policy=policy,
        role=role,
        field=field,
        keys=keys,
        tokens=tokens,
        use_model=not no_model,
        accurate=accurate,
        sample_rows=sample_rows,
        scan_all=scan_all,
        in_place=in_place,
        backup_suffix=backup_suffix,
        walk=Options(include=include or (), exclude=exclude or (), hidden=hidden),
        allow=tuple(allow or ()),
        strict=strict,
        manifest=manifest,
        out_encoding=out_encoding,
    )
    mask_job(req, services, _notice)
    raise typer.Exit(0)


def _notice(message: str) -> None:
    err_console.print(f"boxguard: {message}", markup=False, highlight=False)


@app.command()
def unmask(
    path: Annotated[
        str, typer.Argument(help="A file written by `boxguard mask`; - for stdin.")
    ] = "-",
    policy: PolicyOpt = None,
    role: Annotated[str | None, typer.Option("--role", help="The role used to mask.")] = None,
    out: OutOpt = None,
    field: FieldOpt = WHOLE,
    keys: KeysOpt = None,
    tokens: TokensOpt = DEFAULT_TOKENS,
    manifest: ManifestOpt = None,
    debug: Annotated[bool, typer.Option("--debug", help="Show tracebacks on errors.")] = False,  # noqa: ARG001
) -> None:
    """Reverse the reversible operators (encrypt_fpe, tokenize) with the same keys and policy.

    The manifest `mask` wrote (FILE.boxguard.json, or --manifest) is checked first: another
    keyset, policy or role, FPE values without a manifest, a missing token table or tokens
    it does not hold are refused with nothing written. The values restored are counted.

    Examples:

      boxguard unmask --policy hotel-front-desk checkin.masked.csv --out checkin.csv

      boxguard unmask --policy privacy-waybill --role courier masked.txt
    """
    req = UnmaskRequest(path, out, policy, role, field, keys, tokens, manifest)
    unmask_job(req, services, _notice)
    raise typer.Exit(0)
