"""`boxguard keys`, `boxguard mask`, `boxguard unmask`."""

from __future__ import annotations

import contextlib
import dataclasses
import functools
import json
import os
import re
import shutil
import sys
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Annotated, TextIO

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
from boxguard.errors import ConfigError, CryptoError, InputError
from boxguard.io.atomic import atomic_text
from boxguard.io.decode import sniff
from boxguard.io.keys import key_check, key_path, load_keyset, write_keyset
from boxguard.io.policies import read_policy, shipped
from boxguard.io.rewrite import Pieces, rewrite_csv, rewrite_jsonl, rewrite_text
from boxguard.io.sources import TABLE_FORMATS, Options, sniff_stream, walk
from boxguard.transform.apply import apply_to_text
from boxguard.transform.base import Context, MemoryTokenStore, TokenStore
from boxguard.transform.engine import Desensitizer
from boxguard.transform.fpe import DecryptFPE
from boxguard.transform.policy import Policy
from boxguard.transform.table_plan import SAMPLE_ROWS, ColumnPlan

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
FieldOpt = Annotated[str, typer.Option("--field", help="JSONL field holding the text.")]
DEFAULT_TOKENS = "sqlite:///boxguard-tokens.db"
#: Operators that need the keyset (tokenize: its token table is keyed and persistent).
KEYED_OPERATORS = frozenset({"pseudonymize", "encrypt_fpe", "tokenize", "surrogate", "date_shift"})


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
    ks = load_keyset(path, required=True)
    assert ks is not None
    new = ks.rotate()
    write_keyset(path, new, replace=True)
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


def _token_store(url: str, keyset: Keyset | None) -> TokenStore:
    if keyset is None:  # no keyed operator can run (refused before): nothing is stored
        return MemoryTokenStore()
    return services.token_store(url, keyset)


@contextlib.contextmanager
def _io(path: str, out: Path | None) -> Iterator[tuple[TextIO, TextIO, str]]:
    if path == "-":
        src: TextIO = sys.stdin
        kind = "text"
    else:
        p = Path(path)
        if not p.is_file():
            raise InputError(f"{path}: no such file (mask takes one file or -)")
        suffix = p.suffix.lower()
        with open(p, "rb") as fh:  # sniffed as scan does: past a long ASCII start too
            encoding = sniff_stream(fh, fh.read(65536)) or "utf-8"
        src = open(p, encoding=encoding, errors="strict", newline="")  # noqa: SIM115
        kind = {".jsonl": "jsonl", ".ndjson": "jsonl", ".csv": "csv", ".tsv": "tsv"}.get(
            suffix, "text"
        )
    try:
        if out is None:
            yield src, sys.stdout, kind
        else:
            with atomic_text(out) as dst:
                yield src, dst, kind
    except UnicodeDecodeError:
        raise InputError(f"{path}: mixed or invalid encoding; nothing written") from None
    finally:
        if src is not sys.stdin:
            src.close()


def _rewrite(
    kind: str,
    src: TextIO,
    dst: TextIO,
    field: str,
    source: str,
    texts_fn: Callable[[list[str]], list[str]],
    cell_fn: Callable[[str, str], str],
    stream: Callable[[], Pieces] | None = None,
) -> int:
    if kind == "jsonl":
        return rewrite_jsonl(src, dst, field, texts_fn, source)
    if kind in ("csv", "tsv"):
        return rewrite_csv(src, dst, cell_fn, source, "\t" if kind == "tsv" else ",")
    return rewrite_text(src, dst, texts_fn, stream)


@app.command()
def mask(
    path: Annotated[str, typer.Argument(help="A text, JSONL or CSV file; - for stdin.")] = "-",
    policy: PolicyOpt = None,
    role: Annotated[str | None, typer.Option("--role", help="Apply this role's rules.")] = None,
    out: OutOpt = None,
    field: FieldOpt = "text",
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
    debug: Annotated[bool, typer.Option("--debug", help="Show tracebacks on errors.")] = False,  # noqa: ARG001
) -> None:
    """Desensitize a file by policy, keeping its format, columns and order.

    Tables (.csv, .tsv, .parquet, .xlsx written with --out) are classified once on
    their first rows; a column of one kind is then transformed column-wise, free
    text cell by cell, and a column with nothing personal in the sample is kept.
    The plan per column goes to the manifest beside the output.

    Examples:

      boxguard mask --policy privacy-waybill waybills.csv --out waybills.masked.csv

      boxguard mask --policy analytics-export --field content chats.jsonl > chats.safe.jsonl

      boxguard mask --policy test-data orders.parquet --out orders.test.parquet

      boxguard mask --in-place export.csv   # export.csv masked, export.csv.orig kept
    """
    folder = path != "-" and Path(path).is_dir()
    if folder and (out is None or in_place):
        raise InputError(f"{path}: a folder is masked into another folder: give --out DIR")
    if in_place:
        out = _in_place_temp(path, out, backup_suffix)
    pol = read_policy(policy)
    keyset = load_keyset(keys)
    _require_keys_for(pol, keyset)
    ctx = Context(keyset=keyset, tokens=_token_store(tokens, keyset))
    scanner = services.scanner(use_model=not no_model, accurate=accurate, allow=tuple(allow or ()))
    engine = Desensitizer(scanner, pol, ctx, role)
    base: dict[str, object] = {"policy": policy or "default", "role": role}
    if keyset is not None:
        base |= {"key_id": keyset.primary_id, "key_check": key_check(keyset)}
    job = _MaskJob(engine, base, field, sample_rows, keep_clean=not scan_all)
    if folder:
        assert out is not None
        walk_opts = Options(include=include or (), exclude=exclude or (), hidden=hidden)
        _mask_tree(Path(path), out, job, walk_opts)
    elif in_place:
        assert out is not None
        manifest = job.run(path, out)
        job.write_manifest(_swap_in(Path(path), out, backup_suffix), manifest)
    else:
        manifest = job.run(path, out)
        if out is not None:
            job.write_manifest(out, manifest)
    raise typer.Exit(0)


@dataclasses.dataclass
class _MaskJob:
    """One policy applied to one file at a time (a file, stdin, or each file of a folder)."""

    engine: Desensitizer
    base: dict[str, object]
    field: str
    sample_rows: int
    keep_clean: bool

    def run(self, path: str, out: Path | None) -> dict[str, object]:
        plans: list[ColumnPlan] = []
        if _table_path(path, out):
            assert out is not None
            from boxguard.adapters.cli.table_jobs import mask_planner
            from boxguard.io.tables import rewrite_table

            planner = mask_planner(self.engine, self.keep_clean, plans)
            n = rewrite_table(Path(path), out, planner, self.sample_rows)
        else:
            with _io(path, out) as (src, dst, kind):
                e = self.engine
                n = _rewrite(kind, src, dst, self.field, path, e.texts, e.cell, e.stream)
        manifest = {**self.base, "records": n}
        if plans:
            manifest["columns"] = [p.to_dict() for p in plans]
        return manifest

    @staticmethod
    def write_manifest(out: Path, manifest: dict[str, object]) -> None:
        with atomic_text(Path(str(out) + MANIFEST_SUFFIX)) as fh:
            fh.write(json.dumps(manifest, indent=2, ensure_ascii=False) + "\n")


def _mask_tree(root: Path, out: Path, job: _MaskJob, opts: Options) -> None:
    """Mask every text, JSONL or table file under ``root`` into the same place under ``out``.

    Binary and empty files are not copied (a masked folder must not carry unmasked
    files along); each is named on stderr.
    """
    done = skipped = 0
    for file, target in _mirror(root, out, opts):
        with open(file, "rb") as fh:
            head = fh.read(65536)
        if file.suffix.lower() not in (".xlsx", ".parquet") and (not head or sniff(head) is None):
            _notice(f"{file}: {'empty' if not head else 'binary'} file not copied")
            skipped += 1
            continue
        target.parent.mkdir(parents=True, exist_ok=True)
        job.write_manifest(target, job.run(str(file), target))
        done += 1
    _notice(f"{done} files masked into {out}, {skipped} not copied")


def _mirror(root: Path, out: Path, opts: Options) -> Iterator[tuple[Path, Path]]:
    """Each file under ``root`` and its place under ``out``, which must be empty and outside."""
    if out.resolve().is_relative_to(root.resolve()):
        raise InputError(f"--out {out} is inside {root}; choose a folder outside it")
    if out.exists() and any(out.iterdir()):
        raise InputError(f"--out {out} is not empty; nothing written")
    for file in walk(root, opts):
        yield file, out / file.relative_to(root)


def _notice(message: str) -> None:
    err_console.print(f"boxguard: {message}", markup=False, highlight=False)


def map_list(fn: Callable[[str], str], items: list[str]) -> list[str]:
    return [fn(x) for x in items]


def _in_place_temp(path: str, out: Path | None, suffix: str) -> Path:
    """Check an --in-place run before anything is read; return where to write first."""
    if out is not None or path == "-":
        raise InputError("--in-place takes one file and no --out")
    src = Path(path)
    if not src.is_file():
        raise InputError(f"{path}: no such file")
    if not suffix or "/" in suffix:
        raise InputError("--backup-suffix must be a plain suffix such as .orig")
    backup = Path(path + suffix)
    if backup.exists():
        raise InputError(f"{backup}: a backup already exists; move it away first; nothing written")
    return src.with_name(f".{src.stem}.boxguard-in-place{src.suffix}")


def _swap_in(src: Path, written: Path, suffix: str) -> Path:
    """Keep the original as the backup (hard link, else copy); rename the output over it."""
    backup = Path(str(src) + suffix)
    try:
        os.link(src, backup)
    except OSError:
        shutil.copy2(src, backup)
    os.replace(written, src)
    return src


def _require_keys_for(pol: Policy, keyset: Keyset | None) -> None:
    """Keyed operators need a keyset; refuse before anything is read or written."""
    if keyset is not None:
        return
    keyed = sorted(pol.operators_used() & KEYED_OPERATORS)
    if keyed:
        raise ConfigError(
            f"the policy uses {', '.join(keyed)}, which need a key: run `boxguard keys init` "
            "or set BOXGUARD_KEYSET; nothing written"
        )


def _table_path(path: str, out: Path | None) -> bool:
    """Tables go column-wise when written to a file; binary tables must be."""
    suffix = Path(path).suffix.lower()
    if path == "-" or suffix not in TABLE_FORMATS:
        return False
    if out is None:
        if suffix in (".parquet", ".xlsx"):
            raise InputError(f"{path}: a {suffix} table is written with --out FILE{suffix}")
        return False
    if Path(out).suffix.lower() != suffix:
        raise InputError(f"--out must keep the input's format ({suffix})")
    if suffix in (".csv", ".tsv"):
        with open(path, "rb") as fh:
            return (sniff_stream(fh, fh.read(65536)) or "utf-8").replace("_", "-").lower() in (
                "utf-8",
                "utf-8-sig",
                "ascii",
            )
    return True


@app.command()
def unmask(
    path: Annotated[
        str, typer.Argument(help="A file written by `boxguard mask`; - for stdin.")
    ] = "-",
    policy: PolicyOpt = None,
    role: Annotated[str | None, typer.Option("--role", help="The role used to mask.")] = None,
    out: OutOpt = None,
    field: FieldOpt = "text",
    keys: KeysOpt = None,
    tokens: TokensOpt = DEFAULT_TOKENS,
    debug: Annotated[bool, typer.Option("--debug", help="Show tracebacks on errors.")] = False,  # noqa: ARG001
) -> None:
    """Reverse the reversible operators (encrypt_fpe, tokenize) with the same keys and policy.

    Examples:

      boxguard unmask --policy hotel-front-desk checkin.masked.csv --out checkin.csv

      boxguard unmask --policy privacy-waybill --role courier masked.txt
    """
    pol = read_policy(policy)
    keyset = load_keyset(keys, required=True)
    assert keyset is not None
    ctx = Context(keyset=keyset, tokens=_token_store(tokens, keyset))
    job = _UnmaskJob(pol, role, field, ctx, keyset)
    if path != "-" and Path(path).is_dir():
        if out is None:
            raise InputError(f"{path}: a folder is unmasked into another folder: give --out DIR")
        for file, target in _mirror(Path(path), out, Options(notice=_notice)):
            if file.name.endswith(MANIFEST_SUFFIX):
                continue
            target.parent.mkdir(parents=True, exist_ok=True)
            job.run(str(file), target)
    else:
        job.run(path, out)
    raise typer.Exit(0)


MANIFEST_SUFFIX = ".boxguard.json"
_TOKEN = re.compile(r"tok_[0-9a-f]{16}")


@dataclasses.dataclass
class _UnmaskJob:
    """Reverse FPE and tokens in one file, with the key its manifest names."""

    policy: Policy
    role: str | None
    field: str
    ctx: Context
    keyset: Keyset

    def run(self, path: str, out: Path | None) -> None:
        key_id, touched = self._manifest(path)
        scanner = services.scanner(use_model=False)
        decrypt = DecryptFPE(key_id=key_id)

        def is_fpe(kind_id: str, column: str | None) -> bool:
            return self.policy.decide(kind_id, column=column, role=self.role).op == "encrypt_fpe"

        def text_fn(text: str, column: str | None = None) -> str:
            text = _TOKEN.sub(lambda m: self.ctx.tokens.value_of(m.group()) or m.group(), text)
            found = scanner.scan(text) if column is None else scanner.scan_cell(text)
            found = [f for f in found if is_fpe(f.kind, column)]
            return apply_to_text(text, found, lambda _f: decrypt, self.ctx)

        if _table_path(path, out):
            assert out is not None
            from boxguard.adapters.cli.table_jobs import changed_columns
            from boxguard.io.tables import rewrite_table

            rewrite_table(Path(path), out, changed_columns(text_fn, touched))
        else:
            with _io(path, out) as (src, dst, kind):
                _rewrite(
                    kind, src, dst, self.field, path, functools.partial(map_list, text_fn), text_fn
                )

    def _manifest(self, path: str) -> tuple[str | None, set[str]]:
        """The key id and transformed columns the mask manifest records, checked."""
        manifest_path = Path(path + MANIFEST_SUFFIX)
        if path == "-":
            return None, set()
        if not manifest_path.exists():
            _notice(f"{path}: no manifest beside it: the key cannot be verified")
            return None, set()
        manifest = json.loads(manifest_path.read_text(encoding="utf-8"))
        key_id = manifest.get("key_id")
        if key_id is None:
            raise InputError(f"{path}: masked without a key, so nothing in it can be reversed")
        if key_id not in self.keyset.keys or key_check(self.keyset, key_id) != manifest.get(
            "key_check"
        ):
            raise CryptoError(
                "this keyset did not mask the file (key check failed); nothing written"
            )
        touched = {c["column"] for c in manifest.get("columns", []) if c["action"] != "keep"}
        return key_id, touched
