"""ADAPTER: what ``boxguard scan`` does once its options are parsed, without Typer.

The Typer command (``commands_scan.scan``) and the quick path of a plain scan
(``quick.py``) both call :func:`scan` with the same values, so that a one-line scan need
not import Typer to run (start-up). This module must never import Typer, nor rich at
import time (a table or a progress bar imports it when drawn).
"""

from __future__ import annotations

import contextlib
import io
import os
import sys
import time
from collections.abc import Callable, Iterator
from enum import Enum
from pathlib import Path
from typing import Any, TextIO, TypeAlias, cast

from boxguard import services
from boxguard.adapters.cli.console import err_console, out_console, output_path
from boxguard.adapters.cli.output import (
    CSV_HEADER,
    JsonlRecords,
    Sarif,
    columns_json,
    csv_rows,
    summary_table,
)
from boxguard.dburl import database_exists
from boxguard.detect import Scanner
from boxguard.detect.table import ColumnClass
from boxguard.errors import ConfigError
from boxguard.io.atomic import atomic_text, refuse_same_file
from boxguard.io.sources import Options, is_sql_url
from boxguard.jobs.parallel import default_jobs
from boxguard.jobs.scan import Record, Summary, run


class Format(str, Enum):
    table = "table"
    jsonl = "jsonl"
    csv = "csv"
    sarif = "sarif"


def options(
    field: str,
    include: list[str] | None,
    exclude: list[str] | None,
    hidden: bool,
    sample: int,
    tables: list[str] | None,
    quiet: bool,
) -> Options:
    def notice(msg: str) -> None:
        if not quiet:
            err_console.print(f"boxguard: {msg}", markup=False)

    def error(msg: str) -> None:  # never quieted: the scan is incomplete
        err_console.print(f"boxguard: error: {msg}", markup=False)

    return Options(field, include or (), exclude or (), hidden, sample, tables or (), notice, error)


def status(summary: Summary, opts: Options) -> int:
    """2 when an input could not be read (reported as it happened), else 1 found, 0 none."""
    return 2 if opts.failed else 1 if summary.total else 0


class Stop(Exception):
    """Ends a scan early with an exit code, out through the ``with`` blocks (a ``--out``
    file it stops in is not written): the Typer command turns it into ``typer.Exit``."""

    def __init__(self, code: int) -> None:
        super().__init__(code)
        self.code = code


def not_written(out: Path) -> None:
    err_console.print(f"boxguard: {out}: not written (an input could not be read)", markup=False)


def _with_source(targets: list[str]) -> bool:
    """Whether records need their source named: several inputs, or one with several tables."""
    return len(targets) > 1 or any(
        t != "-" and (is_sql_url(t) or t.lower().endswith(".xlsx") or Path(t).is_dir())
        for t in targets
    )


def build_scanner(
    kinds: str | None, threshold: float, no_model: bool, accurate: bool, allow: list[str] | None
) -> Scanner:
    if accurate and no_model:
        raise ConfigError("--accurate chooses the name model; it cannot go with --no-model")
    ids = None if kinds is None else tuple(k.strip() for k in kinds.split(",") if k.strip())
    if ids == ():
        raise ConfigError("--kinds is empty")
    return services.scanner(
        kinds=ids,
        threshold=threshold,
        use_model=not no_model,
        accurate=accurate,
        allow=tuple(allow or ()),
    )


#: ``--out`` suffixes that choose the format when ``--format`` is not given.
_SUFFIX_FORMATS = {".csv": "csv", ".sarif": "sarif", ".jsonl": "jsonl", ".ndjson": "jsonl"}


def _format_for(out: Path | None) -> Format:
    """No ``--format``: the table on a terminal, else by the ``--out`` suffix, else jsonl.

    >>> _format_for(Path("report.csv")).value, _format_for(Path("r.sarif.json")).value
    ('csv', 'sarif')
    """
    if out is None:
        return Format.table if sys.stdout.isatty() else Format.jsonl
    if out.name.lower().endswith(".sarif.json"):
        return Format.sarif
    return Format(_SUFFIX_FORMATS.get(out.suffix.lower(), "jsonl"))


@contextlib.contextmanager
def _sink(out: Path | None) -> Iterator[TextIO]:
    if out is None:
        yield sys.stdout
    else:
        with atomic_text(out) as fh:
            yield fh


@contextlib.contextmanager
def progress_ticks(enabled: bool) -> Iterator[Callable[[int], None]]:
    if not enabled:
        yield lambda _n: None
        return
    if not err_console.is_terminal:  # --progress into a log: a plain line every few seconds
        yield _plain_progress()
        return
    from rich.progress import BarColumn, Progress, TextColumn, TransferSpeedColumn  # a bar only

    with Progress(
        TextColumn("scanning"),
        BarColumn(),
        TransferSpeedColumn(),
        console=err_console,
        transient=True,
    ) as bar:
        task = bar.add_task("scan", total=None)
        yield lambda n: bar.advance(task, n)


def _plain_progress(every: float = 5.0) -> Callable[[int], None]:
    start = last = time.monotonic()
    done = 0

    def tick(n: int) -> None:
        nonlocal last, done
        done += n
        now = time.monotonic()
        if now - last >= every:
            last = now
            rate = done / (now - start) / 1e6
            err_console.print(f"boxguard: scanned {done / 1e6:.1f} MB ({rate:.2f} MB/s)")

    return tick


def scan(
    paths: list[str] | None,
    fmt: Format | None,
    out: Path | None,
    kinds: str | None,
    threshold: float,
    allow: list[str] | None,
    no_model: bool,
    accurate: bool,
    field: str,
    include: list[str] | None,
    exclude: list[str] | None,
    hidden: bool,
    sample: int,
    tables: list[str] | None,
    jobs: int | None,
    show_values: bool,
    all_records: bool,
    quiet: bool,
    progress: bool,
    debug: bool,  # noqa: ARG001  (read by the entry point before parsing)
) -> int:
    """Run ``boxguard scan`` with these option values; its exit code (raises :class:`Stop`
    when it stops early, a BoxguardError when it cannot start)."""
    opts = options(field, include, exclude, hidden, sample, tables, quiet)
    scanner = build_scanner(kinds, threshold, no_model, accurate, allow)
    out = output_path(out)
    fmt = fmt or _format_for(out)
    targets = paths or ["-"]
    for target in targets:  # the report over the file it reports on: refused, as mask does
        refuse_same_file(target, out)
    multi = _with_source(targets)
    canaries = _Canaries()
    with _sink(out) as sink, progress_ticks(progress or err_console.is_terminal) as tick:
        if fmt is Format.csv:
            sink.write(",".join(CSV_HEADER + (["value"] if show_values else [])) + "\n")

        output = _Output(fmt, sink, show_values, multi, all_records, canaries)
        render = output.jsonl.render_all if fmt is Format.jsonl else None
        summary = run(
            targets,
            opts,
            scanner,
            output.record,
            output.columns,
            tick,
            jobs or default_jobs(),
            render,
            output,
        )
        if opts.failed and out is not None:  # no --out file that looks complete
            not_written(out)
            raise Stop(status(summary, opts))
        if opts.failed and not summary.records:  # nothing read: no "nothing found"
            raise Stop(status(summary, opts))
        if fmt is Format.sarif:
            sink.write(output.sarif.render())
        elif fmt is Format.table:
            summary_table(summary, out_console(sink))  # rich: a table only
    canaries.report()
    return status(summary, opts)


class _Canaries:
    """Canary numbers among a scan's findings (a released list's canary seen again):
    each hit names its recipient on stderr, with where it was seen, never the value.
    The watch list is built at the first mobile, ID or card found (no database is opened
    for a scan that finds none)."""

    def __init__(self) -> None:
        self.watch: dict[str, str] | None = None
        self.hits: dict[str, list[str]] = {}

    KINDS = ("cn_mobile", "cn_resident_id", "bank_card")  # jobs.trace.WATCHED_KINDS

    def check(self, rec: Record) -> None:
        for finding, _column in rec.findings:
            if finding.kind not in self.KINDS:
                continue
            if self.watch is None and not database_exists(services.current().db_url):
                self.watch = {}  # no database here: nothing was released from it
            if self.watch == {}:
                return
            # imported here: a scan that finds no number loads no database code
            from boxguard.jobs.trace import canary_owner, canary_watch

            if self.watch is None:
                self.watch = canary_watch(services)
            owner = canary_owner(self.watch, finding.kind, finding.value)
            if owner is not None:
                self.hits.setdefault(owner, []).append(f"{rec.source}:{rec.row}")

    def report(self) -> None:
        for owner, where in self.hits.items():
            seen = ", ".join(dict.fromkeys(where))
            err_console.print(
                f"boxguard: canary hit: {owner} (a canary released to {owner} seen at {seen})",
                markup=False,
                highlight=False,
            )


#: What a worker's ``_Output.end`` returns: JSONL or CSV lines (encoded as the sink encodes;
#: or the file in the spool folder that holds them), SARIF rules and results, canary hits.
_Part: TypeAlias = tuple[
    bytes | str, dict[str, dict[str, Any]], list[dict[str, Any]], dict[str, list[str]]
]
#: Bytes of lines above which a worker leaves them in a file of the spool folder (read
#: back by the kernel, ``os.sendfile``) instead of sending them through the pool's pipe:
#: pickled, piped and unpickled, 240 MB of JSONL cost this process ~1 s of CPU, taken
#: from the workers on two cores.
SPOOL_BYTES = 1 << 16


def _spooled(folder: Path, data: bytes) -> str:
    """``data`` in a new file of ``folder`` (a worker's part); its path."""
    import tempfile

    fd, path = tempfile.mkstemp(dir=folder, suffix=".part")
    with open(fd, "wb") as fh:
        fh.write(data)
    return path


def _unspooled(path: str, buffer: Any) -> bytes:
    """A spooled part, deleted here: copied by the kernel to ``buffer``'s file, and what
    it could not copy (no file under ``buffer``; one open to append) read back to write."""
    try:
        with open(path, "rb") as src:
            size, sent = os.fstat(src.fileno()).st_size, 0
            with contextlib.suppress(OSError, ValueError, AttributeError):
                out = buffer.fileno()  # (io.UnsupportedOperation, a ValueError: none)
                buffer.flush()
                while sent < size and (n := os.sendfile(out, src.fileno(), sent, size - sent)):
                    sent += n
            src.seek(sent)
            return src.read()
    finally:
        os.unlink(path)


class _Output:
    """What `scan` writes, by format (a :class:`boxguard.jobs.scan.Output`): JSONL lines,
    CSV rows, SARIF results, canary hits. A worker keeps its part apart (``begin``,
    ``end``); this process writes it (``put``)."""

    def __init__(
        self,
        fmt: Format,
        sink: TextIO,
        show_values: bool,
        multi: bool,
        all_records: bool,
        canaries: _Canaries,
    ) -> None:
        self.fmt, self.sink, self.show_values, self.canaries = fmt, sink, show_values, canaries
        self.to = sink
        self.jsonl = JsonlRecords(sink, show_values, multi, all_records)
        self.sarif = Sarif(show_values)
        self._kept: tuple[TextIO, Sarif, dict[str, list[str]]] | None = None
        self._codec = (getattr(sink, "encoding", None) or "utf-8", sink.errors or "strict")
        self.spool: Path | None = None

    def record(self, rec: Record) -> None:
        self.canaries.check(rec)
        if self.fmt is Format.jsonl:
            self.jsonl(rec)
        elif self.fmt is Format.csv:
            self.to.write(csv_rows(rec, self.show_values))
        elif self.fmt is Format.sarif:
            self.sarif.add(rec)

    def columns(self, source: str, classes: list[ColumnClass]) -> None:
        if self.fmt is Format.jsonl:
            self.to.write(columns_json(source, classes) + "\n")

    def begin(self) -> None:
        self._kept = (self.to, self.sarif, self.canaries.hits)
        self.to = self.jsonl.sink = io.StringIO()
        self.sarif, self.canaries.hits = Sarif(self.show_values), {}

    def end(self) -> object:
        assert self._kept is not None
        assert isinstance(self.to, io.StringIO)
        # encoded here (a worker) as the sink encodes: this process only copies bytes
        data: bytes | str = self.to.getvalue().encode(*self._codec)
        if self.spool is not None and len(data) > SPOOL_BYTES:
            data = _spooled(self.spool, cast(bytes, data))
        part = (data, self.sarif.rules, self.sarif.results, self.canaries.hits)
        self.to, self.sarif, self.canaries.hits = self._kept
        self.jsonl.sink, self._kept = self.to, None
        return part

    def put(self, part: object) -> None:
        data, rules, results, hits = cast(_Part, part)  # what end() returned
        buffer = getattr(self.to, "buffer", None)
        if buffer is not None:
            self.to.flush()  # what was written as text first
        if isinstance(data, str):  # a spooled part: the file is this process's to delete
            data = _unspooled(data, buffer)
        if buffer is not None:
            buffer.write(data)
        else:
            self.to.write(data.decode(*self._codec))
        for kind, rule in rules.items():
            self.sarif.rules.setdefault(kind, rule)
        self.sarif.results.extend(results)
        for owner, where in hits.items():
            self.canaries.hits.setdefault(owner, []).extend(where)
