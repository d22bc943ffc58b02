"""ADAPTER: where each option's value comes from — flag > ``BOXGUARD_*`` > boxguard.toml > default.

Every option of every verb reads a variable named after the verb and the option as
``--help`` shows it (``BOXGUARD_SCAN_THRESHOLD``, ``BOXGUARD_KEYS_INIT_KEYS``), and
a boxguard.toml key of the same name (``[scan] threshold``); click applies the order.
A setting boxguard does not know is an error that names the file and the table, never
silently ignored (a typo would otherwise change nothing without a word).
"""

from __future__ import annotations

import difflib
import os
from collections.abc import Collection, Iterator
from dataclasses import dataclass
from typing import Any

from boxguard.errors import ConfigError
from boxguard.io.config import Config
from boxguard.settings import SHARED_TABLE, retention_days

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
    for verb, cmd in commands(root):
        for p in cmd.params:
            if p.param_type_name == "option" and p.name not in _NOT_SETTINGS:
                longs = [o for o in p.opts if o.startswith("--")]
                key = (longs[0][2:] if longs else str(p.name)).replace("-", "_")
                if key not in _NOT_SETTINGS:
                    yield Setting(verb, key, p, cmd)


def commands(cmd: Any, verb: tuple[str, ...] = ()) -> Iterator[tuple[tuple[str, ...], Any]]:
    """Every verb under ``cmd`` that runs (not a group), with its path: ("keys", "init")."""
    if hasattr(cmd, "commands"):  # a group
        for name, sub in cmd.commands.items():
            yield from commands(sub, (*verb, name))
    else:
        yield verb, cmd


def wire(root: Any, config: Config, verbs: Collection[str]) -> dict[str, Any]:
    """Give each option its variables and turn ``config`` into click's ``default_map``.

    An option reads ``BOXGUARD_<VERB>_<OPTION>`` (and the variable it names itself, if
    any). Anything the run cannot place is a ConfigError naming where it was written: a
    verb not in ``verbs``, a table or setting a loaded verb does not have, a value its
    option refuses, a ``BOXGUARD_<VERB>_…`` variable no option of that verb reads.
    """
    # a file's table names are read with - as _ ([audit.verify-export], as `config` writes
    # it): so are the verbs' names here; click's own names key the default map
    clicks = {underscored(v): v for v, _ in commands(root)}
    known: dict[tuple[str, ...], dict[str, Setting]] = {v: {} for v in clicks}
    for s in settings(root):
        known[underscored(s.verb)][s.key] = s
    loaded = {v[0] for v in known}
    default_map: dict[str, Any] = {}
    for verb, values in _leaves(config.tables, ()):
        if verb[0] == SHARED_TABLE:
            _check_shared(values, str(config.path))
            continue
        if verb[0] not in verbs:
            raise ConfigError(f"{config.path}: [{verb[0]}] is not a verb ({', '.join(verbs)})")
        if verb[0] not in loaded or (verb not in known and not values):
            continue  # a verb this run did not load (checked when it runs); a group's table
        if verb not in known:
            raise ConfigError(f"{config.path}: [{'.'.join(verb)}] {_not_a_verb(verb, known)}")
        into = default_map
        for word in clicks[verb]:
            into = into.setdefault(word, {})
        for key, value in values.items():
            found = known[verb].get(key)
            if found is None:
                names = ", ".join(sorted(known[verb])) or "none"
                raise ConfigError(
                    f"{config.path}: [{'.'.join(verb)}] has no setting '{key}' (settings: {names})"
                )
            into[str(found.param.name)] = checked(found, value, str(config.path))
    _no_stray_variables(known, loaded)
    _no_misspelt_verbs(verbs)
    for named in known.values():  # after the checks: a file's bad value is not the variable's
        for s in named.values():
            own = [s.param.envvar] if isinstance(s.param.envvar, str) else s.param.envvar or []
            # the verb's own variable first: BOXGUARD_MASK_TOKENS over BOXGUARD_TOKENS
            s.param.envvar = [s.variable, *(v for v in own if v != s.variable)]
    return default_map


def underscored(verb: tuple[str, ...]) -> tuple[str, ...]:
    """``("audit", "verify-export")`` → ``("audit", "verify_export")``."""
    return tuple(word.replace("-", "_") for word in verb)


def _check_shared(values: dict[str, Any], where: str) -> None:
    """``[guard]`` holds settings every guard verb shares (read by Settings.load)."""
    for key, value in values.items():
        if key not in ("rules", "retention_days"):
            raise ConfigError(
                f"{where}: [{SHARED_TABLE}] has no setting '{key}' "
                "(settings: rules, retention_days)"
            )
        if key == "rules" and not isinstance(value, str):
            raise ConfigError(f"{where}: [{SHARED_TABLE}] rules: a file path")
        if key == "retention_days":
            if not isinstance(value, int) or isinstance(value, bool):
                raise ConfigError(f"{where}: [{SHARED_TABLE}] retention_days: a number")
            try:
                retention_days(value)
            except ConfigError as err:
                raise ConfigError(f"{where}: [{SHARED_TABLE}] {err}") from None


def _not_a_verb(verb: tuple[str, ...], known: Collection[tuple[str, ...]]) -> str:
    under = [".".join(v) for v in known if v[: len(verb)] == verb]
    if under:
        return f"holds verbs, not settings: write them under [{'], ['.join(under)}]"
    return "is not a verb (a setting's value is not a table)"


def _no_stray_variables(
    known: dict[tuple[str, ...], dict[str, Setting]], loaded: Collection[str]
) -> None:
    """A ``BOXGUARD_SCAN_…`` variable that no option of scan reads is a typo, not a setting."""
    ours = {s.variable for named in known.values() for s in named.values()}
    for name in sorted(os.environ):
        for verb in loaded:
            prefix = f"BOXGUARD_{verb.upper()}_"
            if name.startswith(prefix) and name not in ours:
                close = sorted(v for v in ours if v.startswith(prefix))
                raise ConfigError(
                    f"{name}: no such setting (variables of {verb}: {', '.join(close) or 'none'})"
                )


#: First words of boxguard's variables that name no verb (BOXGUARD_KEYSET_FILE, ...).
_NOT_VERBS = frozenset({"KEYSET", "CACHE", "CONFIG", "TEST", "BENCH", "SMOKE"})


#: boxguard's own variables that belong to no verb (after ``BOXGUARD_``).
_OWN = frozenset({"KEYSET", "KEYSET_FILE", "CACHE_DIR", "CONFIG", "DB", "RULES", "TOKENS"})


def _no_misspelt_verbs(verbs: Collection[str]) -> None:
    """``BOXGUARD_SCNA_THRESHOLD``: a variable whose verb is a typo of one is an error (other
    ``BOXGUARD_*`` variables, such as a test's or a script's own, are left alone).

    >>> import os
    >>> os.environ["BOXGUARD_SCNA_THRESHOLD"] = "0.7"
    >>> try:
    ...     _no_misspelt_verbs(["scan", "mask"])
    ... except ConfigError as err:
    ...     print(err)
    BOXGUARD_SCNA_THRESHOLD: no verb 'scna' (did you mean BOXGUARD_SCAN_THRESHOLD?)
    >>> del os.environ["BOXGUARD_SCNA_THRESHOLD"]
    >>> os.environ["BOXGUARD_KEYSET_FLIE"] = "k.json"  # one of boxguard's own, misspelt
    >>> try:
    ...     _no_misspelt_verbs(["scan", "mask"])
    ... except ConfigError as err:
    ...     print(err)
    BOXGUARD_KEYSET_FLIE: not a boxguard variable (did you mean BOXGUARD_KEYSET_FILE?)
    >>> del os.environ["BOXGUARD_KEYSET_FLIE"]
    """
    names = {v.upper() for v in verbs}
    for name in sorted(os.environ):
        word, _, rest = name.removeprefix("BOXGUARD_").partition("_")
        whole = name.removeprefix("BOXGUARD_")
        if name.startswith("BOXGUARD_") and whole not in _OWN:
            own = difflib.get_close_matches(whole, sorted(_OWN), n=1, cutoff=0.8)
            if own:  # BOXGUARD_KEYSET_FLIE, BOXGUARD_TOKEN
                raise ConfigError(
                    f"{name}: not a boxguard variable (did you mean BOXGUARD_{own[0]}?)"
                )
        if not name.startswith("BOXGUARD_") or not rest or word in names | _NOT_VERBS:
            continue
        close = difflib.get_close_matches(word, sorted(names), n=1, cutoff=0.74)
        if close:
            raise ConfigError(
                f"{name}: no verb '{word.lower()}' (did you mean BOXGUARD_{close[0]}_{rest}?)"
            )


def checked(s: Setting, value: Any, where: str) -> Any:
    """``value`` as the option takes it: one string for a list option becomes a list of one,
    a list for a comma-separated option becomes one string. A value the option would refuse
    is a ConfigError that blames ``where`` (the file), not a variable."""
    blame = f"{where}: [{'.'.join(s.verb)}] {s.key}"
    if s.param.multiple and not isinstance(value, list):
        value = [value]
    elif not s.param.multiple and isinstance(value, list):
        if "comma-separated" not in (s.param.help or "").lower():
            raise ConfigError(f"{blame}: takes one value, not a list")
        value = ",".join(str(v) for v in value)
    if isinstance(value, list) and any(isinstance(v, (dict, list)) for v in value):
        raise ConfigError(f"{blame}: a list of plain values, not of tables or lists")
    try:
        s.param.process_value(s.command.context_class(s.command), value)
    except Exception as err:  # click's BadParameter (Typer ships its own click)
        why = err.format_message() if hasattr(err, "format_message") else type(err).__name__
        raise ConfigError(f"{blame}: {why}") from None
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
    names = [s.param.envvar] if isinstance(s.param.envvar, str) else s.param.envvar or []
    for name in names:
        if os.environ.get(str(name)) is not None:
            return str(name)
    table: Any = config.tables
    for word in underscored(s.verb):  # the file's names, - read as _
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
