"""``scan --jobs N`` over files and folders: workers read, find and write; this process
hands out file names and byte ranges and writes what comes back, in input order.

Each file is a unit of work: a small one whole, a large text or JSONL file in pieces that
end at line ends (:mod:`boxguard.io.pieces`; its plan, which reads the file, runs in a
worker too). A worker, forked with the scanner and the :class:`~boxguard.jobs.scan.Output`,
opens the file, reads and decodes its part, finds, and writes its records into the part
it returns with a small summary and what the user must be told; this process never opens
a file it hands out, so it stays nearly idle. At most ``2 × N`` units are in flight, so
memory is bounded by units (a piece's output), not by the input. Before the first
:data:`WARMUP` bytes, units run here (a small input never forks); when the input turns out
larger, those not yet found go to the workers too. A piece holding a line far longer than
a piece runs here, written as it is found. Never prints, never exits.
"""

from __future__ import annotations

import contextlib
import dataclasses
import os
from collections import deque
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any, NamedTuple, TypeAlias

from boxguard.detect import Scanner
from boxguard.detect.cells import CellFinder
from boxguard.errors import InputError
from boxguard.io.pieces import PIECE_BYTES, Plan, by_lines, piece_cells, plan
from boxguard.io.rewrite import chunks
from boxguard.io.sources import (
    Cell,
    Options,
    _file,
    _replaced_notice,
    _surrogates_notice,
    named_binary,
    walk,
)
from boxguard.jobs.parallel import WORKER_SIGNALS
from boxguard.jobs.scan import Output, Records, Summary, merge

if TYPE_CHECKING:
    from multiprocessing.pool import AsyncResult, Pool

#: Bytes of input read and found here before workers start (a small input never forks).
WARMUP = 1 << 19
#: A piece this many times :data:`~boxguard.io.pieces.PIECE_BYTES` holds a line far longer
#: than a piece: it runs here, its records written as they settle (memory stays flat).
LONG = 4


class Whole(NamedTuple):
    """A file read whole (a small one, a table, .json, a UTF-16 file); ``named`` on the
    command line (a binary one is then an error)."""

    path: str
    named: bool = False


class Piece(NamedTuple):
    """Bytes ``start``–``end`` of a file, its lines from line ``before + 1``."""

    path: str
    start: int
    end: int
    before: int
    encoding: str


class Told(NamedTuple):
    """What the user is told at this point of the input: an error (``failed``) or a notice."""

    message: str
    failed: bool


class FileEnd(NamedTuple):
    """A file cut in pieces ends: its bad bytes and lone surrogates, told once."""

    path: str
    encoding: str
    counts: list[int]


class Part(NamedTuple):
    """What a unit gave: its written part, summary, what to tell, bytes read as U+FFFD
    and lone surrogates."""

    out: object
    summary: Summary
    told: list[Told]
    counts: list[int]


Unit: TypeAlias = Whole | Piece
#: An item in line: a unit (its result; None: it runs here) and its file's counts (a piece).
Entry: TypeAlias = tuple[Unit | Told | FileEnd, "AsyncResult[Part] | None", list[int] | None]

#: The forked workers' scanner, options and output (inherited at the fork, never pickled).
_WORKER: dict[str, Any] = {}


def _work(unit: Unit) -> Part:
    return scan_unit(unit, _WORKER["scanner"], _WORKER["opts"], _WORKER["output"], keep=True)


def _plan(path: str, piece: int) -> Plan:
    return plan(Path(path), piece)


def scan_unit(unit: Unit, scanner: Scanner, opts: Options, output: Output, keep: bool) -> Part:
    """Read, find and write one unit; ``keep``: what it writes is kept (``Part.out``)."""
    told: list[Told] = []
    here = dataclasses.replace(
        opts,
        notice=lambda m: told.append(Told(m, False)),
        error=lambda m: told.append(Told(m, True)),
        failed=0,
    )
    counts = [0, 0]
    if isinstance(unit, Whole):
        cells = _file(Path(unit.path), here, unit.named)
    else:
        cells = piece_cells(Path(unit.path), *unit[1:4], unit.encoding, here, counts)
    finder = CellFinder(scanner)
    records = Records(output.record, output.columns)
    if keep:
        output.begin()
    for batch in chunks(_caught(cells, here), size=lambda c: len(c.text)):
        records.add(batch, finder.batch(batch), None)
    summary = records.finish()
    return Part(output.end() if keep else None, summary, told, counts)


def _caught(cells: Iterator[Cell], opts: Options) -> Iterator[Cell]:
    """``cells`` until an input error, which is told (what was read before it stays read)."""
    try:
        yield from cells
    except InputError as err:
        opts.fail(err)


def scan_files(
    targets: list[str],
    opts: Options,
    scanner: Scanner,
    output: Output,
    tick: Callable[[int], None],
    jobs: int,
) -> Summary:
    """Scan files and folders with ``jobs`` workers, in input order (see the module)."""
    summary = Summary()
    pending: deque[Entry] = deque()

    def settle(entry: Entry) -> None:
        item, result, file_counts = entry
        if isinstance(item, Told):
            _tell(opts, item)
        elif isinstance(item, FileEnd):
            replaced, surrogates = item.counts
            if surrogates:
                opts.notice(_surrogates_notice(item.path, surrogates))
            if replaced:
                opts.notice(_replaced_notice(item.path, replaced, item.encoding))
        else:
            part = (
                result.get()
                if result is not None
                else scan_unit(item, scanner, opts, output, keep=False)
            )
            if part.out is not None:
                output.put(part.out)
            merge(summary, part.summary)
            tick(part.summary.bytes)
            for told in part.told:
                _tell(opts, told)
            if file_counts is not None:
                file_counts[0] += part.counts[0]
                file_counts[1] += part.counts[1]

    pool: Pool | None = None

    def workers() -> Pool:
        nonlocal pool
        if pool is None:
            import multiprocessing  # only here: a small input never forks (start-up)

            pool = multiprocessing.get_context("fork").Pool(jobs, *WORKER_SIGNALS)
            # the warm-up's units not found yet go to the workers too: this process, a third
            # one on the cores, then only plans and writes
            for i, (item, result, file_counts) in enumerate(pending):
                if result is None and _to_workers(item):
                    pending[i] = (item, pool.apply_async(_work, (item,)), file_counts)
        return pool

    _WORKER.update(scanner=scanner, opts=opts, output=output)
    seen = 0
    try:
        for item, size, file_counts in _in_line(targets, opts, workers):
            if not _to_workers(item) or (pool is None and seen + size < WARMUP):
                # told here; a long line found here; a small input never forks
                pending.append((item, None, file_counts))
            else:
                pending.append((item, workers().apply_async(_work, (item,)), file_counts))
            seen += size
            while len(pending) > 2 * jobs:
                settle(pending.popleft())
        while pending:
            settle(pending.popleft())
    finally:
        _WORKER.clear()
        if pool is not None:
            # ended, never closed: a worker that exits on its own flushes the stdout buffer
            # it inherited at the fork (what this process had not yet written), twice written
            pool.terminate()
            pool.join()
    return summary


@contextlib.contextmanager
def spooled(output: Output) -> Iterator[None]:
    """A private folder (0700) where workers leave their parts (``Output.spool``) instead
    of sending them through the pool's pipe; removed, whatever is left in it, at the end.
    Made without ``tempfile`` (a one-line scan imports neither it nor ``shutil``); where
    it cannot be made, parts go through the pipe as before."""
    folder = Path(os.environ.get("TMPDIR") or "/tmp") / f"boxguard-parts-{os.urandom(8).hex()}"
    try:
        folder.mkdir(mode=0o700)
    except OSError:
        yield
        return
    output.spool = folder
    try:
        yield
    finally:
        output.spool = None
        for left in folder.iterdir():
            left.unlink(missing_ok=True)
        folder.rmdir()


def _to_workers(item: Whole | Piece | Told | FileEnd) -> bool:
    """Whether a worker may find ``item``: a file or a piece, but not a piece holding a line
    far longer than a piece (found here, its records written as they settle)."""
    if isinstance(item, Piece):
        return item.end - item.start <= LONG * PIECE_BYTES
    return isinstance(item, Whole)


def _in_line(
    targets: list[str], opts: Options, workers: Callable[[], Pool]
) -> Iterator[tuple[Unit | Told | FileEnd, int, list[int] | None]]:
    """The units of ``targets`` in order, with their sizes and (a piece) their file's
    counts; a large text or JSONL file's pieces as a worker plans them."""
    for item, size in _units(targets, opts):
        if isinstance(item, Told) or size < 2 * PIECE_BYTES or not by_lines(Path(item.path)):
            yield item, size, None
            continue
        try:
            got = workers().apply_async(_plan, (item.path, PIECE_BYTES)).get()
        except InputError as err:
            yield Told(str(err), True), 0, None
            continue
        if got.encoding is None:  # (a large file is never empty: binary)
            named = isinstance(item, Whole) and item.named
            yield Told(named_binary(got.notice) if named else got.notice, named), 0, None
        elif not got.pieces:
            yield item, size, None
        else:
            counts = [0, 0]
            for start, end, before in got.pieces:
                yield Piece(item.path, start, end, before, got.encoding), end - start, counts
            yield FileEnd(item.path, got.encoding, counts), 0, None


def _units(targets: list[str], opts: Options) -> Iterator[tuple[Whole | Told, int]]:
    """Every file of ``targets`` (folders walked) with its size, and what to tell, in order."""
    told: list[Told] = []
    walking = dataclasses.replace(opts, error=lambda m: told.append(Told(m, True)))
    for target in targets:
        path = Path(target)
        if path.is_dir():
            for file in walk(path, walking):
                yield from ((t, 0) for t in told)
                told.clear()
                yield from _unit(file)
            yield from ((t, 0) for t in told)
            told.clear()
        elif path.is_file():
            yield from _unit(path, named=True)
        elif path.exists():  # a FIFO would be waited on, a device read forever
            yield Told(f"{target}: not a regular file (a FIFO, socket or device)", True), 0
        else:
            yield Told(f"{target}: no such file or directory", True), 0


def _unit(path: Path, named: bool = False) -> Iterator[tuple[Whole | Told, int]]:
    try:
        yield Whole(str(path), named), path.stat().st_size
    except OSError as err:
        yield Told(f"{path}: cannot read ({err.strerror or type(err).__name__})", True), 0


def _tell(opts: Options, told: Told) -> None:
    if told.failed:
        opts.fail(InputError(told.message))
    else:
        opts.notice(told.message)
