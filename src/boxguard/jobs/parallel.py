"""Detection of batches of cells in worker processes, with the results in input order.

``scan --jobs N`` of standard input, a database or one table reads in this process and
hands each batch to one of N forked workers, which inherit the scanner (its compiled
patterns, native engine and models) instead of building it again (files and folders go
whole, or in pieces, to workers that read them: :mod:`boxguard.jobs.files`).
At most ``2 × N`` batches are in flight, so memory stays bounded by batches, not by the
input. The pieces of a line too long to hold go through one stream
whose state lives here, so batches holding them are found here, in order. Small inputs
never start a worker: the first ``warmup`` characters are found here, and workers start
only when more follows. Never prints, never exits.

>>> from boxguard.detect import Scanner
>>> from boxguard.detect.cells import CellFinder, Piece
>>> finder = CellFinder(Scanner(kinds=["cn_mobile"], models=()))
>>> batches = [[Piece("a", f"电话1381234567{i}")] for i in range(4)]
>>> [len(found[0]) for _b, found, _r in find_batches(batches, finder, jobs=2, warmup=10)]
[1, 1, 1, 1]
"""

from __future__ import annotations

import os
import signal
from collections import deque
from collections.abc import Callable, Iterable, Iterator, Sequence
from typing import TYPE_CHECKING, TypeAlias, TypeVar

from boxguard.detect import Finding
from boxguard.detect.cells import CellFinder, CellLike

if TYPE_CHECKING:
    from multiprocessing.pool import AsyncResult

C = TypeVar("C", bound=CellLike)
#: Renders a cell's findings, each with its column (the adapter's output line for each).
Render: TypeAlias = Callable[[list[tuple[Finding, str | None]]], list[str]]
#: A finding as it travels back from a worker: its fields (pickled 3× faster than the object).
Row: TypeAlias = tuple[int, int, str, float, tuple[str, ...], str]
#: A batch's findings by cell, and each finding rendered when a worker rendered them.
Found: TypeAlias = tuple[list[list[Row]], list[list[str]] | None]

#: Characters found in this process before workers start (~0.1 s of finding: a one-line
#: input never forks; forking costs a few ms, the workers inherit the scanner).
WARMUP = 1 << 17

#: A pool's initializer and its arguments: SIGTERM ends a worker at once (the command's own
#: handler, inherited at the fork, unwinds the main process, which then ends the pool).
WORKER_SIGNALS = (signal.signal, (signal.SIGTERM, signal.SIG_DFL))

#: The forked workers' finder and renderer (inherited at the fork, never pickled).
_WORKER: dict[str, CellFinder | Render] = {}


def default_jobs() -> int:
    """The cores this process may run on."""
    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1


def _find(batch: Sequence[CellLike]) -> Found:
    finder, render = _WORKER["finder"], _WORKER.get("render")
    assert isinstance(finder, CellFinder)
    found = finder.batch(batch)
    rows = [[(f.start, f.end, f.kind, f.score, f.evidence, f.value) for f in fs] for fs in found]
    if render is None or isinstance(render, CellFinder):
        return rows, None
    return rows, [render([(f, c.column) for f in fs]) for c, fs in zip(batch, found, strict=True)]


def find_batches(
    batches: Iterable[list[C]],
    finder: CellFinder,
    jobs: int = 1,
    warmup: int = WARMUP,
    render: Render | None = None,
) -> Iterator[tuple[list[C], list[list[Finding]], list[list[str]] | None]]:
    """Each batch with its cells' findings (``finder.batch``), in input order; with
    ``render``, a worker also renders each finding (the output's work moves to the workers
    too), else the rendering is None."""
    it = iter(batches)
    seen = 0
    open_line = False  # the last cell read is a piece of a line that goes on
    for batch in it:
        yield batch, finder.batch(batch), None
        open_line = batch[-1].more if batch else open_line
        seen += sum(len(c.text) for c in batch)
        if jobs > 1 and seen >= warmup:
            break
    else:
        return
    _WORKER["finder"] = finder
    if render is not None:
        _WORKER["render"] = render
    try:
        yield from _in_workers(it, finder, jobs, open_line)
    finally:
        _WORKER.clear()


def _in_workers(
    it: Iterator[list[C]], finder: CellFinder, jobs: int, open_line: bool
) -> Iterator[tuple[list[C], list[list[Finding]], list[list[str]] | None]]:
    import multiprocessing  # only here: a one-line scan never forks (start-up)

    pending: deque[tuple[list[C], AsyncResult[Found] | None]] = deque()
    with multiprocessing.get_context("fork").Pool(jobs, *WORKER_SIGNALS) as pool:
        for batch in it:
            here = open_line or any(c.more for c in batch)
            open_line = batch[-1].more if batch else open_line
            pending.append((batch, None if here else pool.apply_async(_find, (batch,))))
            while len(pending) > 2 * jobs:
                yield _settle(pending.popleft(), finder)
        while pending:
            yield _settle(pending.popleft(), finder)


def _settle(
    item: tuple[list[C], AsyncResult[Found] | None], finder: CellFinder
) -> tuple[list[C], list[list[Finding]], list[list[str]] | None]:
    batch, result = item
    if result is None:
        return batch, finder.batch(batch), None
    rows, rendered = result.get()
    return batch, [[Finding(*r) for r in fs] for fs in rows], rendered
