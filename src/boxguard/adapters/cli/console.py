"""ADAPTER: standard error's console, the exit codes of errors, and how an error is told.

Typer-free, so that the quick path of a one-line ``boxguard scan`` (``quick.py``) and the
Typer app (``app.py``) share them without importing Typer or rich: rich is imported when
standard error is first printed to. This module must never import Typer or rich at import
time, nor print a personal value.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any, NoReturn, cast

from boxguard.adapters.cli import Terminated
from boxguard.errors import AccessDenied, BoxguardError

if TYPE_CHECKING:
    from rich.console import Console


class _ErrConsole:
    """Standard error's rich ``Console``, made at its first use: importing rich costs
    ~25 ms that a run which prints nothing there never pays.

    ``is_terminal`` answers without rich when rich would say no: standard error is not a
    TTY and neither ``TTY_COMPATIBLE=1`` nor ``FORCE_COLOR`` says otherwise.
    """

    def __init__(self) -> None:
        self._console: Console | None = None

    def _get(self) -> Console:
        if self._console is None:
            from rich.console import Console

            # one line per error; NO_COLOR honored by rich
            self._console = Console(stderr=True, highlight=False, soft_wrap=True)
        return self._console

    @property
    def is_terminal(self) -> bool:
        env = os.environ
        if (
            self._console is None
            and env.get("TTY_COMPATIBLE", "") != "1"
            and "FORCE_COLOR" not in env
            and not _isatty(sys.stderr)
        ):
            return False
        return self._get().is_terminal

    def __getattr__(self, name: str) -> Any:
        return getattr(self._get(), name)


def _isatty(stream: Any) -> bool:
    try:
        return bool(stream.isatty())
    except (AttributeError, ValueError, OSError):
        return False


#: Standard error, for notices, progress and errors (NO_COLOR honored by rich).
err_console = cast("Console", _ErrConsole())

#: Columns of a table written to a file or a pipe (rich would cut it at 80).
FILE_WIDTH = 160


def out_console(file: Any = None) -> Console:
    """A rich console for a table on standard output (or ``file``): the terminal's width on
    a terminal, :data:`FILE_WIDTH` columns elsewhere (rich's 80 cut values to ``cn_residen…``)."""
    from rich.console import Console

    tty = _isatty(file if file is not None else sys.stdout)
    return Console(file=file, highlight=False, width=None if tty else FILE_WIDTH)


#: Where each error class exits (one place, as cli.md asks): the first class of an
#: error's MRO found here decides.
EXIT_CODES: dict[type[BaseException], int] = {AccessDenied: 3, BoxguardError: 2}


def exit_code(err: BaseException) -> int:
    """The exit code of an error boxguard raised on purpose.

    >>> from boxguard.errors import AccessDenied, ConfigError
    >>> exit_code(AccessDenied("no grant")), exit_code(ConfigError("bad"))
    (3, 2)
    """
    return next(EXIT_CODES[c] for c in type(err).__mro__ if c in EXIT_CODES)


def fail(err: BaseException, debug: bool) -> NoReturn:
    """Tell ``err`` in one line on standard error and exit with its code (re-raised with
    ``--debug``): the command line's answer to any error but the click layer's own."""
    if isinstance(err, BoxguardError):
        if debug:
            raise err
        err_console.print(f"boxguard: error: {err}", markup=False)
        sys.exit(exit_code(err))
    if isinstance(err, Terminated):
        err_console.print("boxguard: terminated", markup=False)
        sys.exit(143)
    if isinstance(err, KeyboardInterrupt):
        err_console.print("boxguard: interrupted", markup=False)
        sys.exit(130)
    if isinstance(err, BrokenPipeError):
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        sys.exit(0)
    if isinstance(err, OSError):  # the file system said no (a path we could not stat, a full disk)
        if debug:
            raise err
        where = f"{err.filename}: " if err.filename else ""
        reason = (err.strerror or type(err).__name__).lower()
        err_console.print(f"boxguard: error: {where}{reason}", markup=False)
        sys.exit(EXIT_CODES[BoxguardError])
    if debug or not isinstance(err, Exception):
        raise err
    err_console.print(
        f"boxguard: internal error ({type(err).__name__}); rerun with --debug for details",
        markup=False,
    )
    sys.exit(2)


def output_path(out: Path | None) -> Path | None:
    if out is not None and out.exists() and out.is_dir():
        raise BoxguardError(f"--out {out}: is a directory; give a file name")
    return out
