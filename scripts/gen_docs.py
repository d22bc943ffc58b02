"""Generate docs/kinds.md from the kind registry (run after adding or changing a kind).

Usage: .venv/bin/python scripts/gen_docs.py [--check]
"""

from __future__ import annotations

import sys
from pathlib import Path

from boxguard.kinds import all_kinds

OUT = Path(__file__).resolve().parent.parent / "docs" / "kinds.md"
CLI_OUT = OUT.parent / "cli.md"


def render_cli() -> str:
    """Every verb's --help, as click renders it (plain text, fixed width)."""
    import click
    import typer

    from boxguard.adapters.cli.app import app, register

    register()
    root = typer.main.get_command(app)
    parts = [
        "# Command line",
        "",
        "Generated from `--help` by `scripts/gen_docs.py`; do not edit by hand.",
        "",
    ]

    def walk(cmd: click.Command, path: list[str]) -> None:
        ctx = click.Context(
            cmd, info_name=" ".join(path), terminal_width=100, max_content_width=100
        )
        if path != ["boxguard"]:
            parts.extend(
                [f"## `{' '.join(path)}`", "", "```text", cmd.get_help(ctx).rstrip(), "```", ""]
            )
        if hasattr(cmd, "commands"):
            for name in sorted(cmd.commands):
                walk(cmd.commands[name], [*path, name])

    walk(root, ["boxguard"])
    return "\n".join(parts)


def render() -> str:
    lines = [
        "# Kinds of personal information",
        "",
        "Generated from the registry by `scripts/gen_docs.py`; do not edit by hand.",
        "Ids are a public contract (`shared/spec/pi-kinds.md`). **S** = sensitive",
        "(GB/T 35273 Appendix B / PIPL art. 28).",
        "",
        "| id | 中文 | English | category (GB/T 35273) | S | validated by | example (masked) |",
        "|---|---|---|---|---|---|---|",
    ]
    for k in all_kinds():
        example = k.mask(k.examples[0]) if k.examples else ""
        check = (
            k.check if k.validate is not None else ("model + rules" if k.model_based else "rules")
        )
        lines.append(
            f"| `{k.id}` | {k.zh} | {k.en} | {k.category.value} ({k.category.zh}) "
            f"| {'S' if k.sensitive else ''} | {check} | `{example}` |"
        )
    lines += ["", f"{len(all_kinds())} kinds.", ""]
    return "\n".join(lines)


def main() -> int:
    for path, text in ((OUT, render()), (CLI_OUT, render_cli())):
        if "--check" in sys.argv:
            if not path.exists() or path.read_text(encoding="utf-8") != text:
                print(f"{path.name} is stale: run scripts/gen_docs.py", file=sys.stderr)
                return 1
        else:
            path.write_text(text, encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
