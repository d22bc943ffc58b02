"""ADAPTER: the `boxguard` command line (Typer + rich). A shell over the Python API.

Exit codes like grep: 0 nothing found, 1 found, 2 usage or input error.
Errors are one line on standard error and never contain a personal value.
"""

from __future__ import annotations

import importlib
import re
import sys
from collections.abc import Sequence
from typing import Annotated

import typer

from boxguard import __version__, services
from boxguard.adapters.cli import Terminated, terminated
from boxguard.adapters.cli.coerce import lighten
from boxguard.adapters.cli.console import (
    EXIT_CODES,
    err_console,
    exit_code,
    fail,
    output_path,
)
from boxguard.adapters.cli.quick import VERBS
from boxguard.adapters.cli.settings import register_kinds, wire
from boxguard.errors import BoxguardError
from boxguard.settings import Settings

__all__ = [
    "EXIT_CODES",
    "VERBS",
    "app",
    "err_console",
    "exit_code",
    "main",
    "output_path",
    "register",
]

app = typer.Typer(
    name="boxguard",
    help="Keep personal information in the box: find, desensitize, guard and trace it.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,
)


def _version(value: bool) -> None:
    if value:
        typer.echo(f"boxguard {__version__}")
        raise typer.Exit(0)


@app.callback()
def _main(
    version: Annotated[
        bool, typer.Option("--version", callback=_version, is_eager=True, help="Print the version.")
    ] = False,
) -> None:
    """Keep personal information in the box."""


def register(argv: Sequence[str] = ()) -> None:
    """Import the verbs (each module adds its commands to ``app``): the one ``argv``
    names, or all of them (help, a mistyped verb, ``--version``)."""
    words = [a for a in argv if not a.startswith("-")]
    verb = VERBS.get(words[0]) if words else None
    for module in [verb] if verb else dict.fromkeys(VERBS.values()):
        importlib.import_module(f"boxguard.adapters.cli.{module}")


def main(argv: list[str] | None = None) -> None:
    """Entry point: run the app, map errors to exit codes, never print a traceback."""
    args = argv if argv is not None else sys.argv[1:]
    register(args)
    debug = "--debug" in args
    try:
        # flags > BOXGUARD_* > boxguard.toml > defaults (settings.py); what app() does, with
        # the settings wired into the command tree it builds
        root = typer.main.get_command(app)
        lighten(root)  # pydantic only for a value that needs converting (coerce.py)
        settings = Settings.load()  # the one settings object of this run
        register_kinds(settings.config)
        defaults = wire(root, settings.config, VERBS)
        services.configure(settings)
        result = root.main(args=args, standalone_mode=False, default_map=defaults)
        if terminated():  # Typer answers any interrupt with 130
            fail(Terminated(), debug)
        sys.exit(result if isinstance(result, int) else 0)
    except typer.Exit as ex:
        sys.exit(ex.exit_code)
    except (Exception, KeyboardInterrupt) as err:
        if not isinstance(err, (BoxguardError, OSError, KeyboardInterrupt)):
            _click_exit(err)  # the click layer's usage errors and aborts
        fail(err, debug)  # boxguard's errors, the file system's, anything unexpected


def _click_exit(err: Exception) -> None:
    """Exit as the command line answers the click layer's abort (130) and usage errors (2,
    one line); return for any other error."""
    aborts, usage = _click_errors()
    if isinstance(err, aborts):
        sys.exit(130)
    message = getattr(err, "format_message", None)
    if isinstance(err, usage) and callable(message):
        # one line, as every other error: "No such option: --out (see 'boxguard keys
        # init --help')"
        ctx = getattr(err, "ctx", None)
        where = ctx.command_path if ctx is not None else "boxguard"
        said = _tidy(message())
        err_console.print(f"boxguard: error: {said} (see '{where} --help')", markup=False)
        sys.exit(2)


#: Typer's ``(env var: '['BOXGUARD_SCAN_FORMAT']')`` (a list where click expects a name).
_ENV_LIST = re.compile(r"\(env var: '\[((?:'[A-Z0-9_]+'(?:, )?)+)\]'\)")


def _tidy(message: str) -> str:
    """A usage error as a person would write it: the option's variables named plainly, and
    no ``Value error, `` (pydantic's prefix, through Typer's coercion).

    >>> _tidy("Invalid value for '-f' (env var: '['BOXGUARD_SCAN_FORMAT']'): Value error, 'x'")
    "Invalid value for '-f' (or BOXGUARD_SCAN_FORMAT): 'x'"
    """
    message = _ENV_LIST.sub(lambda m: f"(or {m.group(1).replace(chr(39), '')})", message)
    return message.replace("Value error, ", "")


def _click_errors() -> tuple[tuple[type[BaseException], ...], tuple[type[BaseException], ...]]:
    """(abort, usage-error) classes of Typer's own copy of click (Typer ≥ 0.24) and, where it
    is installed, of click itself: a user's ``pip install 'boxguard[cli]'`` has no click."""
    aborts: list[type[BaseException]] = []
    usage: list[type[BaseException]] = []
    from typer import exceptions as typer_errors

    for name, bucket in (("Abort", aborts), ("TyperException", usage)):
        cls = getattr(typer_errors, name, None)
        if isinstance(cls, type) and issubclass(cls, BaseException):
            bucket.append(cls)
    try:
        import click
    except ImportError:
        return tuple(aborts), tuple(usage)
    aborts.append(click.exceptions.Abort)
    usage.append(click.ClickException)
    return tuple(aborts), tuple(usage)
