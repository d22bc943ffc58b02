"""ADAPTER: where each option's value comes from — flag > ``BOXGUARD_*`` > boxguard.toml > default.

Every option of every verb reads a variable named after the verb and the option as
``--help`` shows it (``BOXGUARD_SCAN_THRESHOLD``, ``BOXGUARD_KEYS_INIT_KEYS``), and
a boxguard.toml key of the same name (``[scan] threshold``); click applies the order.
A setting boxguard does not know is an error that names the file and the table, never
silently ignored (a typo would otherwise change nothing without a word).
"""

from __future__ import annotations

import os
from collections.abc import Collection, Iterator
from dataclasses import dataclass
from typing import Any

from boxguard.errors import ConfigError
from boxguard.io.config import Config

#: Options that are not settings (they act at once).
_NOT_SETTINGS = {"help", "debug", "version"}


@dataclass(frozen=True)
class Setting:
    """One option of one verb: its place in boxguard.toml and its variable."""

    verb: tuple[str, ...]  # ("scan",), ("keys", "init")
    key: str  # the long flag's name: show_values for --show-values
    param: Any  # a click Option (Typer ships its own click: compared by shape, not class)
    command: Any

    @property
    def variable(self) -> str:
        return "_".join(("BOXGUARD", *self.verb, self.key)).upper()


def settings(root: Any) -> Iterator[Setting]:
    """Every option of every verb under ``root``, in --help order."""
    yield from _walk(root, ())


def _walk(cmd: Any, verb: tuple[str, ...]) -> Iterator[Setting]:
    if hasattr(cmd, "commands"):  # a group
        for name, sub in cmd.commands.items():
            yield from _walk(sub, (*verb, name))
        return
    for p in cmd.params:
        if p.param_type_name == "option" and p.name not in _NOT_SETTINGS:
            longs = [o for o in p.opts if o.startswith("--")]
            key = (longs[0][2:] if longs else str(p.name)).replace("-", "_")
            if key not in _NOT_SETTINGS:
                yield Setting(verb, key, p, cmd)


def wire(root: Any, config: Config, verbs: Collection[str]) -> dict[str, Any]:
    """Give each option its variable (unless it names its own) and turn ``config`` into
    click's ``default_map``; a verb not in ``verbs``, a setting the verb does not have or a
    value its option does not take is a ConfigError that names the file."""
    known: dict[tuple[str, ...], dict[str, Setting]] = {}
    for s in settings(root):
        known.setdefault(s.verb, {})[s.key] = s
    default_map: dict[str, Any] = {}
    for verb, values in _leaves(config.tables, ()):
        if verb[0] not in verbs:
            raise ConfigError(f"{config.path}: [{verb[0]}] is not a verb ({', '.join(verbs)})")
        if verb not in known:
            continue  # a verb this run did not load (checked when it runs)
        into = default_map
        for word in verb:
            into = into.setdefault(word, {})
        for key, value in values.items():
            found = known[verb].get(key)
            if found is None:
                names = ", ".join(sorted(known[verb]))
                raise ConfigError(
                    f"{config.path}: [{'.'.join(verb)}] has no setting '{key}' (settings: {names})"
                )
            into[str(found.param.name)] = _checked(found, value, config)
    for named in known.values():  # after the checks: a file's bad value is not the variable's
        for s in named.values():
            s.param.envvar = s.param.envvar or s.variable
    return default_map


def _checked(s: Setting, value: Any, config: Config) -> Any:
    """``value`` as the option takes it (one string for a list option becomes a list of
    one); a value the option would refuse is blamed on the file, not on a variable."""
    if s.param.multiple and not isinstance(value, list):
        value = [value]
    try:
        s.param.process_value(s.command.context_class(s.command), value)
    except Exception as err:  # click's BadParameter (Typer ships its own click)
        why = err.format_message() if hasattr(err, "format_message") else type(err).__name__
        raise ConfigError(f"{config.path}: [{'.'.join(s.verb)}] {s.key}: {why}") from None
    return value


def _leaves(
    tables: dict[str, Any], verb: tuple[str, ...]
) -> Iterator[tuple[tuple[str, ...], dict[str, Any]]]:
    """(verb path, its plain values) for every table; nested tables are sub-verbs."""
    plain = {k: v for k, v in tables.items() if not isinstance(v, dict)}
    if verb:
        yield verb, plain
    for k, v in tables.items():
        if isinstance(v, dict):
            yield from _leaves(v, (*verb, k))


def source(s: Setting, config: Config) -> str:
    """Where ``s`` gets its value when no flag is given."""
    if s.param.envvar and os.environ.get(str(s.param.envvar)) is not None:
        return str(s.param.envvar)
    table: Any = config.tables
    for word in s.verb:
        table = table.get(word, {}) if isinstance(table, dict) else {}
    if isinstance(table, dict) and s.key in table:
        return str(config.path)
    return "default"


def register_kinds(config: Config) -> None:
    """Register the file's ``[[kind]]`` tables; a bad one is an error naming the file."""
    from boxguard.kinds import custom_kind, register_kind

    for n, spec in enumerate(config.kinds, start=1):
        name = spec.get("id", n) if isinstance(spec.get("id"), str) else n
        try:
            register_kind(custom_kind(spec))
        except ConfigError as err:
            raise ConfigError(f"{config.path}: [[kind]] {name}: {err}") from None
