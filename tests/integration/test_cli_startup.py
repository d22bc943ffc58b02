"""A one-line ``boxguard scan`` starts fast: what it must not load, and how it parses options.

Guards of the start-up work (docs/native.md, "Start-up"), none of them timed: a one-line
scan, model on and off, imports no library it does not use (pydantic through Typer's
coercion, numpy, rich, python-stdnum, libphonenumber, the database and dataframe stacks);
the kinds registry compiles only a handful of regexes at import (the rest compile at first
use); and the options that skip Typer's pydantic coercion give exactly what Typer gives.
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
)

PROBE = f"""
import sys
from boxguard.adapters.cli import main
try:
    main(sys.argv[1:])
except SystemExit as stop:
    code = stop.code
heavy = sorted({{m.split(".")[0] for m in sys.modules}} & set({NOT_LOADED!r}))
sys.stderr.write("LOADED " + ",".join(heavy) + " EXIT " + str(code) + "\\n")
"""


def _probe(*args: str, stdin: str = LINE) -> tuple[str, list[str], int]:
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
    last = out.stderr.strip().splitlines()[-1]
    assert last.startswith("LOADED "), out.stderr
    loaded, _, code = last.removeprefix("LOADED ").partition(" EXIT ")
    return out.stdout, [m for m in loaded.split(",") if m], int(code)


@pytest.mark.parametrize("flags", [["--no-model"], []], ids=["no-model", "default"])
def test_a_one_line_scan_loads_no_library_it_does_not_use(flags: list[str]) -> None:
    stdout, loaded, code = _probe("scan", *flags, "-")
    assert code == 1
    (record,) = [json.loads(x) for x in stdout.splitlines()]
    assert [(f["kind"], f["start"], f["end"]) for f in record["findings"]] == [("cn_mobile", 4, 15)]
    assert loaded == []


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


def _run(mode: str, args: list[str], tmp: Any) -> tuple[int, str, str]:
    env = {**os.environ, "NO_COLOR": "1", "COLUMNS": "200", "BOXGUARD_DB": f"sqlite:///{tmp}/x.db"}
    out = subprocess.run(
        [sys.executable, "-c", TYPER_ONLY, mode, *args],
        input=LINE,
        capture_output=True,
        text=True,
        env=env,
        cwd=tmp,
        timeout=120,
        check=False,
    )
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
