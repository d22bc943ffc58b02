"""A one-line ``boxguard scan`` starts fast: what it must not load, and how it parses options.

Guards of the start-up work (docs/native.md, "Start-up"), none of them timed: a one-line
scan, model on and off, imports no library it does not use (Typer, pydantic through
Typer's coercion, numpy, rich, python-stdnum, libphonenumber, multiprocessing, the
database and dataframe stacks) and at most :data:`MAX_MODULES` modules; the kinds
registry compiles only a handful of regexes at import (the rest compile at first use);
the quick path of a plain scan (``adapters/cli/quick.py``) hands ``scan`` exactly what
Typer would and answers exactly as the Typer app does; and the options that skip Typer's
pydantic coercion give exactly what Typer gives.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from typing import Any

import pytest

LINE = "我的手机13812345678\n"

#: Never loaded by a one-line scan (model on or off).
NOT_LOADED = (
    "pydantic",
    "numpy",
    "rich",
    "stdnum",
    "phonenumbers",
    "polars",
    "pyarrow",
    "openpyxl",
    "sqlalchemy",
    "alembic",
    "yaml",
    "fastapi",
    "typer",
    "click",
    "multiprocessing",
    "charset_normalizer",
    "datetime",
)
#: Never loaded by a one-line ``--no-model`` scan (the model's files are found with
#: importlib.resources, which imports tempfile and shutil).
NOT_LOADED_NO_MODEL = ("importlib.resources", "tempfile", "shutil")
#: Modules in ``sys.modules`` after a one-line ``--no-model`` scan (a file; stdin): 284; 252
#: before the quick path and the lazy imports of multiprocessing, tempfile, the codecs, TOML,
#: csv and datetime, 162; 160 after.
MAX_MODULES = 180

PROBE = f"""
import sys
from boxguard.adapters.cli import main
try:
    main(sys.argv[1:])
except SystemExit as stop:
    code = stop.code
names = {{m.split(".")[0] for m in sys.modules}} | set(sys.modules)
heavy = sorted(names & set({NOT_LOADED + NOT_LOADED_NO_MODEL!r}))
sys.stderr.write("MODULES " + str(len(sys.modules)) + "\\n")
sys.stderr.write("LOADED " + ",".join(heavy) + " EXIT " + str(code) + "\\n")
"""


def _probe(*args: str, stdin: str = LINE) -> tuple[str, list[str], int]:
    stdout, loaded, code, _ = _probe_modules(*args, stdin=stdin)
    return stdout, loaded, code


def _probe_modules(*args: str, stdin: str = LINE) -> tuple[str, list[str], int, int]:
    env = {**os.environ, "NO_COLOR": "1"}
    env.pop("FORCE_COLOR", None)
    env.pop("TTY_COMPATIBLE", None)
    out = subprocess.run(
        [sys.executable, "-c", PROBE, *args],
        input=stdin,
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
        check=False,
    )
    *_, modules, last = out.stderr.strip().splitlines()
    assert last.startswith("LOADED "), out.stderr
    loaded, _, code = last.removeprefix("LOADED ").partition(" EXIT ")
    count = int(modules.removeprefix("MODULES "))
    return out.stdout, [m for m in loaded.split(",") if m], int(code), count


@pytest.mark.parametrize("flags", [["--no-model"], []], ids=["no-model", "default"])
@pytest.mark.parametrize("target", ["-", "file"])
def test_a_one_line_scan_loads_no_library_it_does_not_use(
    flags: list[str], target: str, tmp_path: Any
) -> None:
    if target == "file":
        target = str(tmp_path / "one.txt")
        (tmp_path / "one.txt").write_text(LINE, "utf-8")
    _probe("scan", *flags, target)  # the first writes the compiled prefilter to the cache
    stdout, loaded, code, modules = _probe_modules("scan", *flags, target)
    assert code == 1
    (record,) = [json.loads(x) for x in stdout.splitlines()]
    assert [(f["kind"], f["start"], f["end"]) for f in record["findings"]] == [("cn_mobile", 4, 15)]
    if flags:
        assert loaded == []
        assert modules <= MAX_MODULES
    else:  # the model's files are found with importlib.resources
        assert [m for m in loaded if m not in NOT_LOADED_NO_MODEL] == []


def test_an_option_that_needs_converting_still_gets_typers_coercion() -> None:
    stdout, loaded, code = _probe("scan", "--no-model", "--threshold", "0.99", "-f", "jsonl", "-")
    assert code == 1
    assert json.loads(stdout)["findings"][0]["score"] == 1.0
    assert "pydantic" in loaded  # the number given as text went through Typer's adapter


def test_the_kinds_registry_compiles_few_regexes_at_import() -> None:
    """Module-level regexes of the kinds are lazy (kinds/_lazy.py): before, importing the
    registry compiled 79 (person.py 34, organization.py 13); now a few small ones."""
    probe = """
import collections, json, os, re, sys
from re import _compiler
import boxguard.kinds as kinds
root = os.path.dirname(kinds.__file__)
counts = collections.Counter()
real = _compiler.compile
def counting(p, flags=0):
    f = sys._getframe(1)
    while f is not None and f.f_code.co_name != "<module>":
        f = f.f_back
    if f is not None and f.f_code.co_filename.startswith(root):
        counts[os.path.basename(f.f_code.co_filename)] += 1
    return real(p, flags)
_compiler.compile = counting
re.purge()
kinds.all_kinds()
print(json.dumps(counts))
"""
    out = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, check=True, timeout=120
    )
    counts: dict[str, int] = json.loads(out.stdout)
    assert sum(counts.values()) <= 12, counts
    assert max(counts.values(), default=0) <= 4, counts


# -- the light coercion gives what Typer gives ----------------------------------------------

CASES = [
    ["scan", "--no-model", "-"],
    ["scan", "--no-model", "--threshold", "0.7", "-"],
    ["scan", "--no-model", "--threshold", "2", "-"],
    ["scan", "--no-model", "--threshold", "x", "-"],
    ["scan", "--no-model", "-f", "csv", "--kinds", "cn_mobile,email", "-"],
    ["scan", "--no-model", "-f", "nope", "-"],
    ["scan", "--no-model", "--sample", "0", "--allow", "13812345678", "-"],
    ["scan", "--no-model", "--jobs", "many", "-"],
    ["scan", "--no-model", "--field", "text", "-f", "sarif", "-"],
    ["kinds", "--format", "json"],
    ["mask", "--no-model", "-"],
    ["mask", "--no-model", "--bogus", "-"],
]

TYPER_ONLY = """
import sys
import boxguard.adapters.cli.app as app
if sys.argv[1] == "typer":
    app.lighten = lambda root: None
app.main(sys.argv[2:])
"""


def _python(
    code: str, args: list[str], cwd: Any = None, env: dict[str, str] | None = None
) -> subprocess.CompletedProcess[str]:
    """``python -c code *args`` fed :data:`LINE` on stdin, its output as text."""
    return subprocess.run(
        [sys.executable, "-c", code, *args],
        input=LINE,
        capture_output=True,
        text=True,
        env=env,
        cwd=cwd,
        timeout=120,
        check=False,
    )


def _run(mode: str, args: list[str], tmp: Any) -> tuple[int, str, str]:
    env = {**os.environ, "NO_COLOR": "1", "COLUMNS": "200", "BOXGUARD_DB": f"sqlite:///{tmp}/x.db"}
    out = _python(TYPER_ONLY, [mode, *args], tmp, env)
    return out.returncode, out.stdout, out.stderr


@pytest.mark.parametrize("args", CASES, ids=[" ".join(c) for c in CASES])
def test_light_coercion_gives_what_typer_gives(args: list[str], tmp_path: Any) -> None:
    light = _run("light", args, tmp_path)
    typer = _run("typer", args, tmp_path)
    assert light == typer
    assert light[0] in (0, 1, 2)


def test_the_light_coercer_returns_values_as_typer_coerces_them() -> None:
    import typer

    from boxguard.adapters.cli import app as cli
    from boxguard.adapters.cli.coerce import _Light

    cli.register(["scan"])
    root = typer.main.get_command(cli.app)
    scan = root.commands["scan"]  # type: ignore[attr-defined]
    ctx = scan.make_context("scan", ["-"], resilient_parsing=True)
    seen = 0
    for param in scan.params:
        if not hasattr(param, "type_descriptor"):
            continue
        for value in (param.default, None, "-", ("a", "b"), 0.5, 3):
            try:
                want = param.get_runtime_param().coerce(value, param=param, ctx=ctx)
            except Exception:
                continue
            got = _Light(param).coerce(value, param=param, ctx=ctx)
            assert (got, type(got)) == (want, type(want)), (param.name, value)
            seen += 1
    assert seen > 20


# -- the quick path of a plain scan hands scan what Typer hands it ----------------------------

#: Command lines the quick path takes (it must give what Typer gives) and some it leaves to
#: Typer (None).
PLAIN = [
    ["scan"],
    ["scan", "-"],
    ["scan", "--no-model", "a.txt"],
    ["scan", "a.txt", "--no-model", "b.log", "-"],
    ["scan", "-f", "jsonl", "-"],
    ["scan", "--format", "csv", "--out", "r.csv", "a.txt"],
    ["scan", "-o", "out/r.sarif", "-f", "sarif", "x"],
    ["scan", "-f", "table", "--kinds", "cn_mobile,email", "--field", "$.text", "a.jsonl"],
    ["scan", "--accurate", "--hidden", "--show-values", "--all", "-q", "--progress", "d/"],
    ["scan", "--quiet", "--debug", "--no-model", "--no-model", "-"],
    ["scan", "--kinds", "", "-"],
]
NOT_PLAIN = [
    ["kinds"],
    ["--version"],
    ["scan", "--help"],
    ["scan", "--format=csv", "-"],
    ["scan", "-fcsv", "-"],
    ["scan", "-f", "nope", "-"],
    ["scan", "-f", "csv", "-f", "jsonl", "-"],
    ["scan", "--threshold", "0.7", "-"],
    ["scan", "--allow", "x", "-"],
    ["scan", "--jobs", "1", "-"],
    ["scan", "-o", "-", "a"],
    ["scan", "--out"],
    ["scan", "--out", "", "-"],
    ["scan", "--", "-x"],
    ["scan", "-x"],
]


def _typers_values(argv: list[str]) -> dict[str, Any]:
    """What the Typer command hands ``scanning.scan`` for ``argv`` (it is not run)."""
    import inspect

    import typer

    from boxguard.adapters.cli import app as cli
    from boxguard.adapters.cli import scanning
    from boxguard.adapters.cli.coerce import lighten

    cli.register(argv)
    root = typer.main.get_command(cli.app)
    lighten(root)
    seen: list[dict[str, Any]] = []
    signature = inspect.signature(scanning.scan)

    def record(*args: Any) -> int:
        seen.append(dict(signature.bind(*args).arguments))
        return 0

    real, scanning.scan = scanning.scan, record  # type: ignore[assignment]
    try:
        root.main(args=argv, standalone_mode=False)
    except typer.Exit:
        pass
    finally:
        scanning.scan = real
    (values,) = seen
    return values


@pytest.mark.parametrize("argv", PLAIN, ids=[" ".join(a) for a in PLAIN])
def test_the_quick_path_hands_scan_what_typer_hands_it(argv: list[str]) -> None:
    from boxguard.adapters.cli.quick import plain_scan

    quick = plain_scan(argv)
    assert quick is not None
    typers = _typers_values(argv)
    assert [(k, v, type(v)) for k, v in quick.items()] == [
        (k, v, type(v)) for k, v in typers.items()
    ]


@pytest.mark.parametrize("argv", NOT_PLAIN, ids=[" ".join(a) for a in NOT_PLAIN])
def test_the_quick_path_leaves_anything_else_to_typer(argv: list[str]) -> None:
    from boxguard.adapters.cli.quick import plain_scan

    assert plain_scan(argv) is None


def test_a_quiet_variable_is_no_setting_of_scan_and_trips_no_check(monkeypatch: Any) -> None:
    """With only these set, the Typer app places no setting and refuses none for a scan."""
    import typer

    from boxguard.adapters.cli import app as cli
    from boxguard.adapters.cli.quick import QUIET_VARIABLES, plain_environment
    from boxguard.adapters.cli.settings import wire
    from boxguard.io.config import Config

    for name in QUIET_VARIABLES:
        monkeypatch.setenv(name, "x")
    monkeypatch.setenv("BOXGUARD_BENCH_ONLY", "startup")  # a benchmark's, a test's own
    monkeypatch.setenv("BOXGUARD_TEST_PG_URL", "postgresql://x")
    assert plain_environment()
    cli.register(["scan"])
    root = typer.main.get_command(cli.app)
    assert wire(root, Config(), cli.VERBS) == {}
    read = set()
    for verb in ("scan", "kinds", "inventory"):  # what the Typer app loads for a scan
        for param in root.commands[verb].params:  # type: ignore[attr-defined]
            names = [param.envvar] if isinstance(param.envvar, str) else param.envvar or []
            read |= set(names)
    assert read  # the options were wired
    assert not read & QUIET_VARIABLES
    assert not [v for v in read if v.startswith(("BOXGUARD_TEST_", "BOXGUARD_BENCH_"))]
    monkeypatch.setenv("BOXGUARD_SCAN_THRESHOLD", "0.7")
    assert not plain_environment()


QUICK_OR_TYPER = """
import sys
import boxguard.adapters.cli as cli
from boxguard.adapters.cli import main, quick
if sys.argv[1] == "typer":
    quick.prepare = lambda argv: None
else:
    cli.extra_missing = lambda: None  # Typer is installed (the check looks, never imports)
    sys.modules["typer"] = None  # the quick path must not need it: importing it would fail
main(sys.argv[2:])
"""

#: Runs compared whole (exit code, stdout, stderr), the quick path against the Typer app.
RUNS = [
    ["scan", "--no-model", "-"],
    ["scan", "-"],
    ["scan", "--no-model", "-f", "csv", "one.txt"],
    ["scan", "--no-model", "-f", "sarif", "one.txt", "-"],
    ["scan", "--no-model", "--show-values", "--all", "one.txt", "empty.txt"],
    ["scan", "--no-model", "-o", "r.jsonl", "one.txt"],
    ["scan", "--no-model", "-o", ".", "one.txt"],
    ["scan", "--no-model", "missing.txt"],
    ["scan", "--no-model", "-q", "missing.txt", "one.txt"],
    ["scan", "--no-model", "-o", "r2.jsonl", "missing.txt"],
    ["scan", "--no-model", "--kinds", "nope", "-"],
    ["scan", "--no-model", "--kinds", "", "-"],
    ["scan", "--no-model", "--accurate", "-"],
    ["scan", "--no-model", "--kinds", "email", "-f", "table", "-"],
    ["scan", "--no-model", "--field", "text", "rows.jsonl"],
]


def _both(args: list[str], tmp: Any) -> list[tuple[int, str, str, list[str]]]:
    (tmp / "one.txt").write_text(LINE, "utf-8")
    (tmp / "empty.txt").write_text("nothing here\n", "utf-8")
    (tmp / "rows.jsonl").write_text('{"text": "电话13812345678", "n": 1}\n', "utf-8")
    env = {**os.environ, "NO_COLOR": "1", "COLUMNS": "200"}
    env = {k: v for k, v in env.items() if not k.startswith("BOXGUARD_")}
    got = []
    for mode in ("quick", "typer"):
        for name in ("r.jsonl", "r2.jsonl"):
            (tmp / name).unlink(missing_ok=True)
        out = _python(QUICK_OR_TYPER, [mode, *args], tmp, env)
        files = sorted(p.name + ":" + p.read_text("utf-8") for p in tmp.glob("r*.jsonl"))
        got.append((out.returncode, out.stdout, out.stderr, files))
    return got


@pytest.mark.parametrize("args", RUNS, ids=[" ".join(r) for r in RUNS])
def test_the_quick_path_answers_as_the_typer_app(args: list[str], tmp_path: Any) -> None:
    quick, typer = _both(args, tmp_path)
    assert quick == typer
    assert quick[0] in (0, 1, 2)


@pytest.mark.parametrize("missing", ["rich", "typer", "openpyxl"])
def test_without_the_cli_extra_a_plain_scan_says_what_to_install(missing: str) -> None:
    """A core-only install (one of the extra's packages absent: ``sys.modules[name] = None``
    makes it unfindable) answers even a plain scan, which would run without Typer, with one
    line and exit 2, before reading anything."""
    code = (
        "import sys\n"
        f"sys.modules[{missing!r}] = None\n"
        "from boxguard.adapters.cli import main\n"
        "main(['scan', '-'])\n"
    )
    out = _python(code, [])
    assert (out.returncode, out.stdout) == (2, "")
    assert out.stderr == (
        f"boxguard: error: the command line needs the 'cli' extra ({missing} is not "
        "installed): pip install 'boxguard[cli]'\n"
    )
