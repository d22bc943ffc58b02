"""`boxguard demo`: the whole story on synthetic people, narrated with rich.

Parses ``--dir``, runs :func:`boxguard.demo.run` and prints each step as it finishes
(a numbered title, one line, a small table). Exits 0 when every step went as
expected, 1 otherwise. Never prints an unmasked value (the job never hands one out).
"""

from __future__ import annotations

import tempfile
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.table import Table

from boxguard import services
from boxguard.adapters.cli.app import app
from boxguard.demo import Step, run
from boxguard.errors import InputError


@app.command("demo")
def demo(
    dir_: Annotated[
        Path | None,
        typer.Option("--dir", help="Folder to play in (default: a fresh temporary folder)."),
    ] = None,
    debug: Annotated[bool, typer.Option("--debug", help="Show tracebacks on errors.")] = False,  # noqa: ARG001
) -> int:
    """Guard and trace a courier network's customers, start to finish (synthetic people).

    Examples:

      boxguard demo

      boxguard demo --dir /tmp/boxguard-demo
    """
    folder = dir_ or Path(tempfile.mkdtemp(prefix="boxguard-demo-"))
    if (folder / "boxguard.db").exists() or (folder / "boxguard.keys").exists():
        raise InputError(f"--dir {folder}: already holds a boxguard database or keyset")
    console = Console(highlight=False)

    def show(s: Step) -> None:
        mark = "[green]✓[/]" if s.ok else "[red]✗ unexpected[/]"
        console.print(f"\n[bold]{s.number}. {s.title}[/] {mark}")
        console.print(s.line, markup=False)
        if s.rows:
            table = Table(*s.columns, show_edge=False, pad_edge=False)
            for r in s.rows[:8]:
                table.add_row(*r)
            console.print(table)

    result = run(folder, services, show)
    console.print(
        f"\n[bold]{'Done' if result.ok else 'FAILED'}[/] in {result.seconds:.1f} s. "
        f"Data and report in {folder} (report: {result.report})"
    )
    return 0 if result.ok else 1
