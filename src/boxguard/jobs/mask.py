"""JOB: desensitize a file, standard input or a folder by policy, keeping its format.

Shared by every adapter: the CLI parses options into a :class:`MaskRequest` and calls
:func:`mask`; notices go through ``notify``. Text and JSONL are rewritten record by
record, a .json document whole (every value of every record, read by its key); tables
written to a file are planned column-wise (:mod:`boxguard.jobs.tables`); a manifest
beside the output records the policy, the key check and the plan per column.
Never prints, never exits, never writes a half-finished output.

>>> import tempfile, pathlib
>>> d = pathlib.Path(tempfile.mkdtemp())
>>> _ = (d / "in.txt").write_text("手机：13812345678\\n", encoding="utf-8")
>>> req = MaskRequest(path=str(d / "in.txt"), out=d / "out.txt", use_model=False)
>>> from boxguard import services
>>> mask(req, services).records
1
>>> (d / "out.txt").read_text(encoding="utf-8")
'手机：138****5678\\n'
"""

from __future__ import annotations

import codecs
import contextlib
import dataclasses
import hashlib
import io
import json
import os
import shutil
import stat
import sys
import tempfile
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, TextIO

from boxguard.crypto.keys import Keyset
from boxguard.dburl import DEFAULT_TOKENS
from boxguard.errors import ConfigError, InputError
from boxguard.io.atomic import atomic_text, refuse_same_file
from boxguard.io.decode import REPLACE_COUNTED, replaced, sniff
from boxguard.io.keys import key_check, load_keyset
from boxguard.io.policies import policy_line, read_policy
from boxguard.io.records import WHOLE, leaves, rebuilt
from boxguard.io.rewrite import Pieces, rewrite_json, rewrite_jsonl, rewrite_text, sniffed_kind
from boxguard.io.sources import TABLE_FORMATS, Options, reopened, sniff_stream, walk
from boxguard.jobs import Notify, Wiring, quiet
from boxguard.transform.base import Context, MemoryTokenStore, TokenStore
from boxguard.transform.engine import Desensitizer
from boxguard.transform.policy import Policy
from boxguard.transform.table_plan import SAMPLE_ROWS, ColumnPlan

if TYPE_CHECKING:
    from boxguard.io.tables import Planner
    from boxguard.transform.engine import Residue

#: Beside every output written to a file: what `unmask` needs to check key and policy.
MANIFEST_SUFFIX = ".boxguard.json"
#: Operators that need the keyset (tokenize: its token table is keyed and persistent).
KEYED_OPERATORS = frozenset({"pseudonymize", "encrypt_fpe", "tokenize", "surrogate", "date_shift"})


@dataclass(frozen=True)
class MaskRequest:
    """What to mask, how, and where to write it (the options of ``boxguard mask``)."""

    path: str = "-"
    out: Path | None = None
    policy: str | None = None
    role: str | None = None
    #: The part of each JSON record to mask (a key or a JSON path); ``*``: all of it.
    field: str = WHOLE
    keys: Path | None = None
    tokens: str = DEFAULT_TOKENS
    use_model: bool = True
    accurate: bool = False
    sample_rows: int = SAMPLE_ROWS
    scan_all: bool = False
    in_place: bool = False
    backup_suffix: str = ".orig"
    walk: Options = dataclasses.field(default_factory=Options)
    allow: tuple[str, ...] = ()
    #: Refuse (exit 2, nothing written) when a personal column keeps cells no rule masked.
    strict: bool = False
    #: Where to write the manifest of an output sent to stdout (default: beside stdout's
    #: file when stdout is redirected to one).
    manifest: Path | None = None
    #: Write text, JSONL, JSON and CSV in this encoding (default: the input's, BOM included).
    out_encoding: str | None = None


@dataclass(frozen=True)
class MaskResult:
    """What a mask run did: records (or rows) written, files masked and not copied."""

    records: int = 0
    files: int = 0
    skipped: int = 0


def mask(req: MaskRequest, wiring: Wiring, notify: Notify = quiet) -> MaskResult:
    """Desensitize ``req.path`` (a file, ``-`` or a folder) into ``req.out`` (or stdout)."""
    out = req.out
    if req.out_encoding is not None:
        try:
            codecs.lookup(req.out_encoding)
        except LookupError:
            raise InputError(f"--out-encoding {req.out_encoding}: no such encoding") from None
    folder = req.path != "-" and Path(req.path).is_dir()
    if not folder:
        require_regular(req.path)
    if folder and (out is None or req.in_place):
        raise InputError(f"{req.path}: a folder is masked into another folder: give --out DIR")
    if req.in_place:
        out = in_place_temp(req.path, out, req.backup_suffix)
    pol = read_policy(req.policy)
    if req.role is not None:
        pol.decide("person_name", role=req.role)  # an unknown role is refused here
    keyset = load_keyset(req.keys)
    require_keys_for(pol, keyset, req.role)
    refuse_same_file(req.path, out if not req.in_place else None)
    uses_tokens = "tokenize" in pol.operators_used()
    ctx = Context(keyset=keyset, tokens=token_store(wiring, req.tokens, keyset, uses_tokens))
    scanner = wiring.scanner(use_model=req.use_model, accurate=req.accurate, allow=req.allow)
    engine = Desensitizer(scanner, pol, ctx, req.role)
    base: dict[str, object] = {
        "policy": req.policy or "default",
        "policy_digest": policy_digest(pol),
        "role": req.role,
        "reversible": sorted(pol.operators_used() & REVERSIBLE),
    }
    if keyset is not None:
        base |= {"key_id": keyset.primary_id, "key_check": key_check(keyset)}
    job = MaskJob(
        engine,
        base,
        req.field,
        req.sample_rows,
        keep_clean=not req.scan_all,
        strict=req.strict,
        notify=notify,
        out_encoding=req.out_encoding,
        policy_source=None if folder else req.policy,
    )
    if folder:
        assert out is not None
        return mask_tree(Path(req.path), out, job, req.walk, notify)
    manifest = job.run(req.path, out)
    if req.in_place:
        assert out is not None
        write_manifest(swap_in(Path(req.path), out, req.backup_suffix), manifest)
    elif out is not None:
        write_manifest(out, manifest)
    else:
        beside = req.manifest or stdout_file()
        if beside is not None:
            write_manifest(beside, manifest, suffix="" if req.manifest else MANIFEST_SUFFIX)
        elif base["reversible"]:
            notify(
                "standard output is not a file, so no manifest was written: give "
                "--manifest FILE, or `unmask` cannot check the key and policy"
            )
    return MaskResult(records=_records(manifest), files=1)


#: Operators `unmask` reverses: their outputs need the manifest's key and policy check.
REVERSIBLE = frozenset({"encrypt_fpe", "tokenize"})


def policy_digest(pol: Policy) -> str:
    """A fingerprint of what a policy decides (not of its comments or layout).

    >>> from boxguard.io.policies import policy_line, read_policy
    >>> policy_digest(read_policy(None)) == policy_digest(read_policy(None))
    True
    >>> policy_digest(read_policy("hotel-front-desk")) == policy_digest(read_policy(None))
    False
    """
    return hashlib.sha256(pol.model_dump_json().encode()).hexdigest()[:16]


def stdout_file() -> Path | None:
    """The regular file standard output is redirected to (``> out.txt``), if any (Linux)."""
    try:
        if not stat.S_ISREG(os.fstat(sys.stdout.fileno()).st_mode):
            return None
        target = Path(os.readlink(f"/proc/self/fd/{sys.stdout.fileno()}"))
    except (OSError, ValueError, io.UnsupportedOperation):
        return None
    return target if target.is_absolute() and target.exists() else None


def ops_for(policy: Policy, role: str | None) -> set[str]:
    """The operators ``policy`` may choose for ``role`` (its rules, then the others).

    >>> sorted(ops_for(read_policy("privacy-waybill"), "courier"))
    ['generalize', 'mask', 'redact', 'tokenize']
    >>> "tokenize" in ops_for(read_policy("privacy-waybill"), None)
    False
    """
    return {s.op for s in policy.specs(role)}


def require_regular(path: str) -> None:
    """A FIFO, socket or device given by path is refused before it is opened (reading one
    would wait, or never end); ``-`` is standard input.

    >>> require_regular("/dev/null")
    Traceback (most recent call last):
    ...
    boxguard.errors.InputError: /dev/null: not a regular file (a FIFO, socket or device)...
    """
    if path == "-":
        return
    p = Path(path)
    if not p.exists():
        raise InputError(f"{path}: no such file")
    if not p.is_file():
        raise InputError(f"{path}: not a regular file (a FIFO, socket or device); not read")


def token_store(wiring: Wiring, url: str, keyset: Keyset | None, needed: bool = True) -> TokenStore:
    """The token table at ``url``; none is opened (or created) without a keyset or when
    the policy does not tokenize."""
    if keyset is None or not needed:  # nothing would be stored: no empty table is made
        return MemoryTokenStore()
    return wiring.token_store(url, keyset)


@dataclass
class MaskJob:
    """One policy applied to one file at a time (a file, stdin, or each file of a folder)."""

    engine: Desensitizer
    base: dict[str, object]
    field: str
    sample_rows: int
    keep_clean: bool
    strict: bool = False
    notify: Notify = quiet
    out_encoding: str | None = None
    #: The policy's file or name, to check its column rules against a single table.
    policy_source: str | None = None

    def run(self, path: str, out: Path | None) -> dict[str, object]:
        """Mask ``path`` into ``out`` (stdout when None); the manifest to write beside it."""
        plans: list[ColumnPlan] = []
        layout: list[dict[str, object]] = []
        if table_path(path, out):
            from boxguard.jobs.tables import mask_planner
            from boxguard.transform.engine import Residue

            residue = Residue()
            planner = mask_planner(self.engine, self.keep_clean, plans, residue)
            n = self._table(Path(path), out, planner, residue, plans)
            layout = planner.layout
            kept = [p.column for p in plans if p.action == "keep"]
            if kept and n > self.sample_rows:  # not silent: a value may sit past the sample
                self.notify(
                    f"{path}: {len(kept)} column(s) held nothing personal in the first "
                    f"{self.sample_rows} rows and were kept as they are in all {n} "
                    f"({', '.join(kept[:5])}{', …' if len(kept) > 5 else ''}); "
                    "--scan-all scans every cell"
                )
        else:
            with open_io(path, out, self.notify, self.out_encoding) as (src, dst, kind):
                e = self.engine
                n = rewrite(kind, src, dst, self.field, path, e.texts, e.cell, e.stream)
        manifest = {**self.base, "records": n}
        if plans:
            manifest["columns"] = [p.to_dict() for p in plans]
        if layout:
            manifest["tables"] = layout
        return manifest

    def _table(
        self,
        path: Path,
        out: Path | None,
        planner: Planner,
        residue: Residue,
        plans: list[ColumnPlan],
    ) -> int:
        """A table rewritten column-wise into ``out`` (or, for stdout, through a temp file)."""

        def check() -> None:
            if self.policy_source is not None:  # one table: a rule for no column is a mistake
                planned = {p.column for p in plans}
                for name in sorted(set(self.engine.policy.columns) - planned):
                    at = policy_line(self.policy_source, ["columns", name])
                    raise ConfigError(
                        f"{at}: columns.{name}: {path} has no such column; nothing written"
                    )
            for note in planner.notices:
                self.notify(note)
            planner.notices.clear()
            for column, count in sorted(residue.items()):
                self.notify(
                    f"column {column}: {count} cell(s) matched no rule of the policy "
                    "(not a valid value of the column's kind, nothing detected); "
                    "masked whole, not reversible"
                )
            if self.strict and residue:
                raise InputError(
                    f"{path}: {sum(residue.values())} cell(s) of personal columns matched "
                    "no rule (--strict); nothing written"
                )

        return table_to(path, out, planner, self.sample_rows, check, self.out_encoding)


def table_to(
    path: Path,
    out: Path | None,
    planner: Planner,
    sample_rows: int = SAMPLE_ROWS,
    check: Callable[[], None] | None = None,
    encoding: str | None = None,
) -> int:
    """Rewrite table ``path`` into ``out``, or into stdout through a temporary file (a
    failure then writes nothing there either); a CSV/TSV on stdout is UTF-8 unless
    ``encoding`` names another, as text is."""
    from boxguard.io.tables import rewrite_table

    if out is not None:
        return rewrite_table(path, out, planner, sample_rows, check, encoding)
    with tempfile.TemporaryDirectory(prefix="boxguard-") as tmp:
        target = Path(tmp) / path.name
        n = rewrite_table(path, target, planner, sample_rows, check, encoding or "utf-8")
        sys.stdout.flush()
        with open(target, "rb") as fh:
            shutil.copyfileobj(fh, sys.stdout.buffer)
        sys.stdout.buffer.flush()
    return n


def _records(manifest: dict[str, object]) -> int:
    n = manifest["records"]
    assert isinstance(n, int)
    return n


def write_manifest(out: Path, manifest: dict[str, object], suffix: str = MANIFEST_SUFFIX) -> None:
    """Write ``manifest`` beside ``out`` (atomically)."""
    with atomic_text(Path(str(out) + suffix)) as fh:
        fh.write(json.dumps(manifest, indent=2, ensure_ascii=False) + "\n")


def mask_tree(root: Path, out: Path, job: MaskJob, opts: Options, notify: Notify) -> MaskResult:
    """Mask every text, JSON(L) or table file under ``root`` into the same place under ``out``.

    Binary and empty files are not copied (a masked folder must not carry unmasked
    files along); each is named in a notice. A folder or file that cannot be read is named
    too, and then the run fails (``InputError``, exit 2) after masking the rest.
    """
    done = skipped = records = 0
    opts = dataclasses.replace(opts, error=notify)  # an unreadable folder is named
    for file, target in mirror(root, out, opts):
        with open(file, "rb") as fh:
            head = fh.read(65536)
        if file.suffix.lower() not in (".xlsx", ".parquet") and (not head or sniff(head) is None):
            notify(f"{file}: {'empty' if not head else 'binary'} file not copied")
            skipped += 1
            continue
        target.parent.mkdir(parents=True, exist_ok=True)
        manifest = job.run(str(file), target)
        write_manifest(target, manifest)
        records += _records(manifest)
        done += 1
    notify(f"{done} files masked into {out}, {skipped} not copied")
    if opts.failed:  # the masked folder lacks what could not be read: not a success
        raise InputError(f"{root}: {opts.failed} folder(s) or file(s) could not be read")
    return MaskResult(records=records, files=done, skipped=skipped)


def mirror(root: Path, out: Path, opts: Options) -> Iterator[tuple[Path, Path]]:
    """Each file under ``root`` and its place under ``out``, which must be empty and outside."""
    if out.resolve().is_relative_to(root.resolve()):
        raise InputError(f"--out {out} is inside {root}; choose a folder outside it")
    if out.exists() and any(out.iterdir()):
        raise InputError(f"--out {out} is not empty; nothing written")
    for file in walk(root, opts):
        yield file, out / file.relative_to(root)


def in_place_temp(path: str, out: Path | None, suffix: str) -> Path:
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


def swap_in(src: Path, written: Path, suffix: str) -> Path:
    """Keep the original as the backup (hard link, else copy); rename the output over it."""
    backup = Path(str(src) + suffix)
    try:
        os.link(src, backup)
    except OSError:
        shutil.copy2(src, backup)
    os.replace(written, src)
    return src


def require_keys_for(pol: Policy, keyset: Keyset | None, role: str | None = None) -> None:
    """Keyed operators (those ``role`` may meet) need a keyset; refuse before anything is
    read or written."""
    if keyset is not None:
        return
    keyed = sorted(ops_for(pol, role) & KEYED_OPERATORS)
    if keyed:
        raise ConfigError(
            f"the policy uses {', '.join(keyed)}, which need a key: run `boxguard keys init` "
            "or set BOXGUARD_KEYSET; nothing written"
        )


def table_path(path: str, out: Path | None) -> bool:
    """Tables go column-wise (CSV and TSV to stdout too); binary tables need a file."""
    suffix = Path(path).suffix.lower()
    if path == "-" or suffix not in TABLE_FORMATS:
        return False
    if out is None:
        if suffix in (".parquet", ".xlsx"):
            raise InputError(f"{path}: a {suffix} table is written with --out FILE{suffix}")
        return Path(path).is_file()
    if Path(out).suffix.lower() != suffix:
        raise InputError(f"--out must keep the input's format ({suffix})")
    return True


#: Encodings written to standard output as they are (others go out as UTF-8, with a notice).
_STDOUT_AS_IS = ("utf-8", "utf_8", "ascii")


@contextlib.contextmanager
def open_io(
    path: str, out: Path | None, notify: Notify = quiet, out_encoding: str | None = None
) -> Iterator[tuple[TextIO, TextIO, str]]:
    """The input (decoded as scan decodes it: bad bytes replaced and counted), the output
    (atomic, in the input's encoding with its BOM unless ``out_encoding`` says otherwise),
    and the input's kind."""
    src, kind, encoding = _open_input(path)
    written = out_encoding or encoding
    replaced(reset=True)
    try:
        with _output(path, out, encoding, out_encoding, notify) as dst:
            yield src, dst, kind
    except UnicodeEncodeError:
        raise InputError(
            f"{path}: a masked value cannot be written in {written}; give --out-encoding "
            "utf-8; nothing written"
        ) from None
    finally:
        if src is not sys.stdin:
            src.close()
    bad = replaced(reset=True)
    if bad:
        notify(f"{path}: {bad} byte(s) not valid {encoding}, read and written as U+FFFD")


def _open_input(path: str) -> tuple[TextIO, str, str]:
    """A file (or stdin) as text, its kind and its encoding, sniffed as scan sniffs it."""
    if path == "-":  # decoded as scan decodes it; JSON Lines when its first record is one
        raw = sys.stdin.buffer
        head = raw.read(65536)
        encoding = sniff_stream(raw, head)
        if encoding is None:
            raise InputError("standard input: binary data, not masked (nothing written)")
        src, kind = sniffed_kind(reopened(head, raw, encoding, REPLACE_COUNTED, ""))
        return src, kind, encoding
    p = Path(path)
    if not p.is_file():
        what = "a FIFO, device or folder" if p.exists() else "no such file"
        raise InputError(f"{path}: {what} (mask takes one regular file or -)")
    with open(p, "rb") as fh:  # sniffed as scan does: past a long ASCII start too
        head = fh.read(65536)
        encoding = sniff_stream(fh, head)
    if encoding is None:  # scan skips it; masking would write its bytes back as U+FFFD
        raise InputError(f"{path}: a binary file, not masked (nothing written)")
    if _plain_utf8(encoding) and head.startswith(codecs.BOM_UTF8):
        encoding = "utf-8-sig"
    src = open(p, encoding=encoding, errors=REPLACE_COUNTED, newline="")  # noqa: SIM115
    suffix = p.suffix.lower()
    kind = {".jsonl": "jsonl", ".ndjson": "jsonl", ".json": "json"}.get(suffix, "text")
    return src, kind, encoding


def _plain_utf8(encoding: str) -> bool:
    return encoding.replace("_", "-").lower() in ("utf-8", "ascii")


@contextlib.contextmanager
def _output(
    path: str, out: Path | None, encoding: str, out_encoding: str | None, notify: Notify
) -> Iterator[TextIO]:
    """Where the output goes: ``out`` (atomic) in the input's encoding or ``out_encoding``;
    stdout in UTF-8 unless ``out_encoding`` names another."""
    if out is not None:
        with atomic_text(out, encoding=out_encoding or encoding) as dst:
            yield dst
        return
    if out_encoding is None or _plain_utf8(out_encoding):
        if out_encoding is None and not _plain_utf8(encoding) and encoding != "utf-8-sig":
            notify(
                f"{path}: read as {encoding}, written to stdout as UTF-8 "
                f"(--out-encoding {encoding} keeps it)"
            )
        yield sys.stdout
        return
    sys.stdout.flush()
    dst = io.TextIOWrapper(sys.stdout.buffer, encoding=out_encoding, newline="")
    try:
        yield dst
    finally:
        dst.flush()
        dst.detach()


def rewrite(
    kind: str,
    src: TextIO,
    dst: TextIO,
    field: str,
    source: str,
    texts_fn: Callable[[list[str]], list[str]],
    cell_fn: Callable[[str, str], str],
    stream: Callable[[], Pieces] | None = None,
) -> int:
    """Rewrite ``src`` into ``dst`` by its kind (jsonl, json, text); records written.
    (Tables go column-wise through :func:`table_to`, never through here.)"""
    if kind == "jsonl":
        return rewrite_jsonl(src, dst, field, texts_fn, source, cell_fn)
    if kind == "json":
        return rewrite_json(src, dst, field, texts_fn, source, cell_fn)
    return rewrite_text(src, dst, texts_fn, stream)


def masker(
    wiring: Wiring,
    policy: str | None = None,
    role: str | None = None,
    keys: Path | None = None,
    tokens: str = DEFAULT_TOKENS,
    use_model: bool = True,
) -> Desensitizer:
    """The engine `mask` runs with these options (for :func:`mask_text`, :func:`mask_record`)."""
    pol = read_policy(policy)
    if role is not None:
        pol.decide("person_name", role=role)  # an unknown role is refused here
    keyset = load_keyset(keys)
    require_keys_for(pol, keyset, role)
    needed = "tokenize" in pol.operators_used()
    ctx = Context(keyset=keyset, tokens=token_store(wiring, tokens, keyset, needed))
    return Desensitizer(wiring.scanner(use_model=use_model), pol, ctx, role)


def mask_record_with(engine: Desensitizer, record: Mapping[str, object]) -> dict[str, object]:
    """``record`` (a JSON object) with every value masked as a cell under its key: a value
    under 证件号码 or ``phone`` is read with that key's hints, free text is scanned; the
    shape, the keys and the values with nothing personal are kept; a number that changed
    becomes a string.

    >>> from boxguard import services
    >>> e = masker(services, use_model=False)
    >>> mask_record_with(e, {"guest": {"手机": 13812345678, "room": 1203}, "ok": True})
    {'guest': {'手机': '138****5678', 'room': 1203}, 'ok': True}
    """
    if not isinstance(record, Mapping):
        raise InputError("a record is a JSON object (a mapping)")
    outs = iter([engine.cell(leaf.text, leaf.key or "") for leaf in leaves(dict(record))])
    out = rebuilt(dict(record), outs)
    assert isinstance(out, dict)
    return out
