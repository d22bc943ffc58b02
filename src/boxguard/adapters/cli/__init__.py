"""ADAPTER: the ``boxguard`` command line.

The entry point lives here, apart from the Typer app, so that ``pip install boxguard``
without the ``cli`` extra answers ``boxguard`` with one line saying how to get the
command line, not with a traceback.
"""

from __future__ import annotations

import sys

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


def main(argv: list[str] | None = None) -> None:
    """Run the command line, or say in one line (exit 2) what to install for it."""
    args = sys.argv[1:] if argv is None else argv
    try:
        from boxguard.adapters.cli.quick import prepare

        plain = prepare(args)  # a plain scan runs without Typer (quick.py)
        if plain is None:
            from boxguard.adapters.cli.app import main as run
    except ImportError as err:
        missing = (err.name or "").partition(".")[0]
        if missing not in _CLI_EXTRA:
            raise
        sys.stderr.write(
            f"boxguard: error: the command line needs the 'cli' extra ({missing} is not "
            "installed): pip install 'boxguard[cli]'\n"
        )
        sys.exit(2)
    if plain is not None:
        plain()
    run(args)
