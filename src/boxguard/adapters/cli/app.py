"""ADAPTER: the `boxguard` command line (Typer + rich). A shell over the Python API.

Exit codes like grep: 0 nothing found, 1 found, 2 usage or input error.
Errors are one line on standard error and never contain a personal value.
"""

from __future__ import annotations

import importlib
import os
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any, cast

import typer

from boxguard import __version__, services
from boxguard.adapters.cli.coerce import lighten
from boxguard.adapters.cli.settings import register_kinds, wire
from boxguard.errors import AccessDenied, BoxguardError
from boxguard.settings import Settings

if TYPE_CHECKING:
    from rich.console import Console

app = typer.Typer(
    name="boxguard",
    help="Keep personal information in the box: find, desensitize, guard and trace it.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,
)


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


#: The module that defines each verb. A run imports only the one it names: masking's
#: policies, crypto and pydantic are not loaded to scan (start-up 0.81 s -> 0.44 s).
VERBS = {
    "scan": "commands_scan",
    "kinds": "commands_scan",
    "inventory": "commands_scan",
    "mask": "commands_mask",
    "unmask": "commands_mask",
    "keys": "commands_mask",
    "risk": "commands_risk",
    "config": "commands_config",
    "vault": "commands_guard",
    "users": "commands_guard",
    "roles": "commands_guard",
    "purposes": "commands_guard",
    "grant": "commands_guard",
    "revoke": "commands_guard",
    "consent": "commands_guard",
    "reveal": "commands_guard",
    "audit": "commands_guard",
    "serve": "commands_guard",
    "release": "commands_release",
    "trace": "commands_release",
    "demo": "commands_demo",
}


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
        sys.exit(result if isinstance(result, int) else 0)
    except BoxguardError as err:
        if debug:
            raise
        err_console.print(f"boxguard: error: {err}", markup=False)
        sys.exit(exit_code(err))
    except typer.Exit as ex:
        sys.exit(ex.exit_code)
    except KeyboardInterrupt:
        err_console.print("boxguard: interrupted", markup=False)
        sys.exit(130)
    except BrokenPipeError:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        sys.exit(0)
    except OSError as err:  # the file system said no (a path we could not stat, a full disk)
        if debug:
            raise
        where = f"{err.filename}: " if err.filename else ""
        reason = (err.strerror or type(err).__name__).lower()
        err_console.print(f"boxguard: error: {where}{reason}", markup=False)
        sys.exit(EXIT_CODES[BoxguardError])
    except Exception as err:  # the click layer's usage errors and anything unexpected
        aborts, usage = _click_errors()
        if isinstance(err, aborts):
            sys.exit(130)
        message = getattr(err, "format_message", None)
        if isinstance(err, usage) and callable(message):
            # one line, as every other error: "No such option: --out (see 'boxguard keys
            # init --help')"
            ctx = getattr(err, "ctx", None)
            where = ctx.command_path if ctx is not None else "boxguard"
            err_console.print(f"boxguard: error: {message()} (see '{where} --help')", markup=False)
            sys.exit(2)
        if debug:
            raise
        err_console.print(
            f"boxguard: internal error ({type(err).__name__}); rerun with --debug for details",
            markup=False,
        )
        sys.exit(2)


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


def output_path(out: Path | None) -> Path | None:
    if out is not None and out.exists() and out.is_dir():
        raise BoxguardError(f"--out {out}: is a directory; give a file name")
    return out
