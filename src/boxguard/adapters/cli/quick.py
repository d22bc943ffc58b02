"""ADAPTER: the quick path of a plain ``boxguard scan``: no Typer, same values, same answer.

Importing Typer and building its command tree was a third of a one-line scan's start-up.
A plain scan — ``boxguard scan [--no-model] [-f FORMAT] [-o FILE] [PATH|-]...`` and a
few other flags, with no ``boxguard.toml`` here and no ``BOXGUARD_*`` variable that a
verb reads — needs none of what Typer does: no value to convert, no setting to place, no
help to print. :func:`plain_scan` parses exactly such a command line into the values
Typer would hand ``scan`` (``tests/integration/test_cli_startup.py`` compares both on
every form it accepts), and :func:`prepare` runs it as the Typer app would, errors and
exit codes included. Anything else — another verb, an option it does not list,
``--opt=value``, a repeated option, ``--help``, a settings file, a variable — gives
``None``, and the Typer app runs as ever.

This module must never import Typer or rich, and at import time nothing but the
standard library.
"""

from __future__ import annotations

import errno
import os
import sys
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any, NoReturn

from boxguard.adapters.cli import Terminated

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

#: ``scan``'s values when no option is given (as Typer hands them to the command).
DEFAULTS: dict[str, Any] = {
    "paths": None,
    "fmt": None,
    "out": None,
    "kinds": None,
    "threshold": 0.5,
    "allow": None,
    "no_model": False,
    "accurate": False,
    "field": "*",
    "include": None,
    "exclude": None,
    "hidden": False,
    "sample": 1000,
    "tables": None,
    "jobs": None,
    "show_values": False,
    "all_records": False,
    "quiet": False,
    "progress": False,
    "debug": False,
}

#: The flags the quick path takes, by the parameter each sets.
FLAGS = {
    "--no-model": "no_model",
    "--accurate": "accurate",
    "--hidden": "hidden",
    "--show-values": "show_values",
    "--all": "all_records",
    "--quiet": "quiet",
    "-q": "quiet",
    "--progress": "progress",
    "--debug": "debug",
}

#: The options with a value it takes (given once each): text as given, ``--format`` one
#: of its choices, ``--out`` a path.
VALUES = {
    "--format": "fmt",
    "-f": "fmt",
    "--out": "out",
    "-o": "out",
    "--kinds": "kinds",
    "--field": "field",
}

#: ``BOXGUARD_*`` variables that no verb's option reads and that name no verb: with them
#: set a scan is still plain (the Typer app would place none and refuse none).
QUIET_VARIABLES = frozenset(
    {
        "BOXGUARD_NATIVE",
        "BOXGUARD_CACHE_DIR",
        "BOXGUARD_DB",
        "BOXGUARD_TOKENS",
        "BOXGUARD_KEYSET",
        "BOXGUARD_KEYSET_FILE",
        "BOXGUARD_RULES",
        "BOXGUARD_RETENTION_DAYS",
    }
)

#: Variables of tests, benchmarks and smoke runs: no verb's option reads them.
_OTHERS_OWN = ("BOXGUARD_TEST_", "BOXGUARD_BENCH_", "BOXGUARD_SMOKE_")

_FORMATS = ("table", "jsonl", "csv", "sarif")


def plain_scan(argv: list[str]) -> dict[str, Any] | None:
    """The values Typer would call ``scan`` with for ``argv``, or None when ``argv`` is not
    a plain scan (the Typer app then parses it).

    >>> plain_scan(["scan", "--no-model", "a.txt"])["no_model"]
    True
    >>> plain_scan(["scan", "-f", "csv", "-"])["fmt"].value, plain_scan(["scan"])["paths"]
    ('csv', None)
    >>> [plain_scan(a) for a in (["scan", "--help"], ["scan", "--format=csv"], ["mask", "-"])]
    [None, None, None]
    """
    if not argv or argv[0] != "scan":
        return None
    values = dict(DEFAULTS)
    given: set[str] = set()
    paths: list[str] = []
    rest = iter(argv[1:])
    for arg in rest:
        if arg == "-" or not arg.startswith("-"):
            paths.append(arg)
        elif arg in FLAGS:
            values[FLAGS[arg]] = True
        elif arg in VALUES:
            name, value = VALUES[arg], next(rest, None)
            if name in given or value is None or value.startswith("-"):
                return None  # repeated, missing, or one that looks like an option: Typer's
            given.add(name)
            values[name] = _value(name, value)
            if values[name] is None:
                return None
        else:
            return None
    values["paths"] = paths or None
    return values


def _value(name: str, value: str) -> Any:
    if name == "fmt":
        if value not in _FORMATS:
            return None
        from boxguard.adapters.cli.scanning import Format

        return Format(value)
    if name == "out":
        return Path(value) if value else None  # Typer's path of "" is not Path("")
    return value


def plain_environment(environ: Mapping[str, str] = os.environ) -> bool:
    """Whether nothing in the environment or the working folder sets or checks a setting:
    no ``boxguard.toml`` here, no ``BOXGUARD_*`` variable but :data:`QUIET_VARIABLES` and
    a test's, a benchmark's or a smoke run's own (``BOXGUARD_TEST_*``, ``_BENCH_*``,
    ``_SMOKE_*``, which no option reads, once the Typer app's check of misspelt names
    passes them), no shell-completion request.

    >>> plain_environment({"BOXGUARD_NATIVE": "0"}), plain_environment({"BOXGUARD_SCAN_X": "1"})
    (True, False)
    >>> plain_environment({"BOXGUARD_BENCH_ONLY": "startup", "BOXGUARD_TEST_PG_URL": "x"})
    True
    """
    others = False
    for name in environ:
        if name.startswith("BOXGUARD_") and name not in QUIET_VARIABLES:
            if not name.startswith(_OTHERS_OWN):
                return False
            others = True
        if name.endswith("_COMPLETE"):
            return False
    if others:  # what the Typer app would say of them (cli/settings.py)
        from boxguard.adapters.cli.settings import _no_misspelt_verbs
        from boxguard.errors import ConfigError

        try:
            _no_misspelt_verbs(VERBS)
        except ConfigError:
            return False
    here = Path("boxguard.toml")
    return not (here.exists() or here.is_symlink())


def prepare(argv: list[str]) -> Callable[[], NoReturn] | None:
    """When ``argv`` is a plain scan here, what runs it (and exits), its modules imported
    (an ImportError here is a missing extra); else None."""
    values = plain_scan(argv)
    if values is None or not plain_environment():
        return None
    from boxguard import services
    from boxguard.adapters.cli import scanning
    from boxguard.adapters.cli.console import fail
    from boxguard.io.config import Config
    from boxguard.settings import Settings

    def run() -> NoReturn:
        """What the Typer app does with this command line (app.main), without Typer."""
        debug = "--debug" in argv
        try:
            services.configure(Settings.load(config=Config()))  # no file: plain_environment
            try:  # what Typer's command invocation does with what the command raises
                code = scanning.scan(**values)
            except scanning.Stop as stop:
                code = stop.code
            except Terminated as err:  # as the Typer app: one line, 143
                fail(err, debug)
            except KeyboardInterrupt:
                code = 130
            except EOFError:
                sys.stderr.write("\n")
                code = 130
            except OSError as err:
                if err.errno != errno.EPIPE:
                    raise
                _pacify()
                code = 1
        except (Exception, KeyboardInterrupt) as err:
            fail(err, debug)
        sys.exit(code)

    return run


def _pacify() -> None:
    """Standard output and error wrapped as Typer's click wraps them on a broken pipe (no
    second error when they are flushed at exit): Typer's own copy of click (≥ 0.24) or
    click."""
    import importlib

    try:
        utils = importlib.import_module("typer._click.utils")  # a broken pipe only
    except ImportError:
        utils = importlib.import_module("click.utils")
    sys.stdout = utils.PacifyFlushWrapper(sys.stdout)
    sys.stderr = utils.PacifyFlushWrapper(sys.stderr)
