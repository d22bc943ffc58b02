"""`boxguard config`: the settings in effect here, as a boxguard.toml one could keep."""

from __future__ import annotations

import enum
import json
import os
from pathlib import Path
from typing import Annotated, Any

import typer

from boxguard import services
from boxguard.adapters.cli.app import VERBS, app, register
from boxguard.adapters.cli.settings import (
    Setting,
    checked,
    settings,
    source,
    underscored,
    wire,
)
from boxguard.dburl import shown_url
from boxguard.errors import ConfigError
from boxguard.io.config import CONFIG_VAR
from boxguard.settings import SHARED_TABLE


@app.command("config")
def config(
    verb: Annotated[
        str | None, typer.Argument(help="Only this verb's settings (scan, mask, keys.init…).")
    ] = None,
) -> None:
    """Print the settings in effect here and where each comes from (secrets hidden).

    Order: command-line flags > BOXGUARD_* variables > ./boxguard.toml (or the file
    $BOXGUARD_CONFIG names) > built-in defaults. The output is itself a valid
    boxguard.toml.

    Examples:

      boxguard config

      BOXGUARD_SCAN_THRESHOLD=0.7 boxguard config scan
    """
    register()  # every verb, not only this one
    root = typer.main.get_command(app)
    cfg = services.current().config
    wire(root, cfg, VERBS)
    where = cfg.path.resolve() if cfg.path else f"./boxguard.toml or ${CONFIG_VAR}: none"
    lines = [
        "# boxguard settings here: flags > BOXGUARD_* > boxguard.toml > defaults",
        f"# file: {where}",
    ]
    verbs: dict[tuple[str, ...], list[Setting]] = {}
    for s in settings(root):
        if s.verb != ("config",):
            verbs.setdefault(s.verb, []).append(s)
    if verb is not None and verb != SHARED_TABLE and tuple(verb.split(".")) not in verbs:
        raise ConfigError(f"config {verb}: no such verb (verbs: {', '.join(_names(verbs))})")
    if verb in (None, SHARED_TABLE):
        lines += _shared(cfg.tables.get(SHARED_TABLE, {}))
    for path, group in verbs.items():
        if verb is not None and path != tuple(verb.split(".")):
            continue
        lines.append(f"\n[{'.'.join(path)}]")
        for s in group:
            lines.append(_line(s, source(s, cfg), cfg.tables))
    if verb != SHARED_TABLE:  # every verb reads the file's own kinds
        lines += _kinds(cfg.kinds)
    typer.echo("\n".join(lines))


def _kinds(kinds: tuple[dict[str, Any], ...]) -> list[str]:
    r"""The file's ``[[kind]]`` tables as it wrote them (each verb reads them).

    >>> print("\n".join(_kinds(({"id": "emp", "pattern": r"EMP\d{6}", "keep": [2, 2]},))))
    <BLANKLINE>
    [[kind]]  # boxguard.toml
    id = "emp"
    pattern = "EMP\\d{6}"
    keep = [2, 2]
    """
    lines = []
    for kind in kinds:
        lines += ["", "[[kind]]  # boxguard.toml"]
        lines += [f"{key} = {_toml(value, hide=False)}" for key, value in kind.items()]
    return lines


def _shared(table: Any) -> list[str]:
    """The ``[guard]`` table: the settings every guard verb shares, and where each comes
    from (``BOXGUARD_RULES`` > the file > the default), as the verbs' lines."""
    now = services.current()
    lines = [f"\n[{SHARED_TABLE}]"]
    for key, var, value in (
        ("rules", "BOXGUARD_RULES", now.rules),
        ("retention_days", "BOXGUARD_RETENTION_DAYS", now.audit_retention_days),
    ):
        in_file = isinstance(table, dict) and key in table
        origin = var if os.environ.get(var) else "boxguard.toml" if in_file else "default"
        if value is None:
            lines.append(f"# {key} =   # not set ({origin}: the shipped rules)")
        else:
            lines.append(f"{key} = {_toml(value)}  # {origin}")
    return lines


def _names(verbs: dict[tuple[str, ...], list[Setting]]) -> list[str]:
    return [".".join(v) for v in verbs]


def _line(s: Setting, origin: str, tables: dict[str, Any]) -> str:
    if origin == "default":
        value = s.param.default
    elif origin.startswith("BOXGUARD_"):
        ctx = s.command.context_class(s.command, info_name="boxguard " + " ".join(s.verb))
        value = s.param.process_value(ctx, s.param.value_from_envvar(ctx))  # typed, as used
    else:
        table: Any = tables
        for word in underscored(s.verb):  # the file's names: - read as _
            table = table[word]
        value = checked(s, table[s.key], origin)
    if value is None or (isinstance(value, (list, tuple)) and not value):
        return f"# {s.key} =   # not set ({origin})"
    return f"{s.key} = {_toml(value)}  # {origin}"


def _toml(value: Any, hide: bool = True) -> str:
    """A TOML literal for a setting's value; URL passwords hidden unless ``hide`` is
    False (a kind's pattern may hold ``=`` or ``://``: written as it is)."""
    if isinstance(value, enum.Enum):
        value = value.value
    if isinstance(value, Path):
        value = str(value)
    if hide and isinstance(value, str) and ("://" in value or "=" in value):
        value = shown_url(value)
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (list, tuple)):
        return "[" + ", ".join(_toml(v, hide) for v in value) + "]"
    if isinstance(value, dict):
        return (
            "{" + ", ".join(f"{json.dumps(k)} = {_toml(v, hide)}" for k, v in value.items()) + "}"
        )
    if isinstance(value, (int, float)):
        return repr(value)
    return json.dumps(str(value), ensure_ascii=False)
