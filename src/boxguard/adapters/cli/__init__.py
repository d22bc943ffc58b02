"""ADAPTER: the ``boxguard`` command line.

The entry point lives here, apart from the Typer app, so that ``pip install boxguard``
without the ``cli`` extra answers ``boxguard`` with one line saying how to get the
command line, not with a traceback.
"""

from __future__ import annotations

import sys
from typing import NoReturn

#: The ``cli`` extra's packages (pyproject.toml): a missing one means the extra is missing.
_CLI_EXTRA = frozenset(
    {
        "typer",
        "rich",
        "charset_normalizer",
        "polars",
        "pyarrow",
        "openpyxl",
        "sqlalchemy",
        "alembic",
        "psycopg",
        "tomli",
    }
)


class Terminated(KeyboardInterrupt):
    """SIGTERM: unwinds like Ctrl-C (a half-written output's temporary file is removed, a
    pool's workers are ended), then exits 143."""


_SIGNALLED: list[int] = []


def _terminate(signum: int, _frame: object) -> NoReturn:
    _SIGNALLED.append(signum)
    raise Terminated


def terminated() -> bool:
    """Whether SIGTERM came (Typer turns the unwinding into its own exit 130)."""
    return bool(_SIGNALLED)


def main(argv: list[str] | None = None) -> None:
    """Run the command line, or say in one line (exit 2) what to install for it."""
    import signal

    signal.signal(signal.SIGTERM, _terminate)
    args = sys.argv[1:] if argv is None else argv
    missing = extra_missing()
    if missing is not None:
        _need_the_extra(missing)
    try:
        from boxguard.adapters.cli.quick import prepare

        plain = prepare(args)  # a plain scan runs without Typer (quick.py)
        if plain is None:
            from boxguard.adapters.cli.app import main as run
    except ImportError as err:
        if (err.name or "").partition(".")[0] not in _CLI_EXTRA:
            raise
        _need_the_extra(err.name or "")
    if plain is not None:
        plain()
    run(args)


def extra_missing() -> str | None:
    """The first of the ``cli`` extra's packages that is not installed, looked for without
    importing it (the quick path of a plain scan imports Typer and rich only when it
    fails, so a missing extra must be named before anything runs); None when all are."""
    from importlib.util import find_spec

    return next((m for m in sorted(_CLI_EXTRA - {"tomli"}) if find_spec(m) is None), None)


def _need_the_extra(missing: str) -> NoReturn:
    """Say in one line that the command line needs the ``cli`` extra; exit 2."""
    sys.stderr.write(
        f"boxguard: error: the command line needs the 'cli' extra ({missing.partition('.')[0]} "
        "is not installed): pip install 'boxguard[cli]'\n"
    )
    sys.exit(2)
