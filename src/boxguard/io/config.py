"""ADAPTER: settings from ``boxguard.toml``, the working folder's (or ``BOXGUARD_CONFIG``'s).

Precedence, as the command-line conventions set it: flags > ``BOXGUARD_*``
variables > this file > built-in defaults. The file holds one table a verb
(``[keys.init]`` for a verb of a group) whose keys are that verb's option names,
with ``_`` or ``-``::

    [scan]
    threshold = 0.6
    exclude = ["*.log", "vendor/**"]
    allow = ["400-812-3123"]   # the hotline: never a finding

    [[kind]]                   # an organization's own kind, for every verb
    id = "employee_no"
    pattern = '\\bEMP\\d{6}\\b'
    context = ["工号"]

Keys and secrets never belong here (they come from a key file or a variable);
this module only reads and shapes the file, the CLI checks the names.

>>> import tempfile, pathlib
>>> p = pathlib.Path(tempfile.mkdtemp()) / "boxguard.toml"
>>> _ = p.write_text('[scan]\\nno-model = true\\n[keys.init]\\nforce = false\\n', encoding="utf-8")
>>> read_config(p).tables
{'scan': {'no_model': True}, 'keys': {'init': {'force': False}}}
"""

from __future__ import annotations

import os
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from boxguard.errors import ConfigError

#: The file looked for in the working folder.
CONFIG_FILE = "boxguard.toml"
#: A variable naming another file (it must then exist).
CONFIG_VAR = "BOXGUARD_CONFIG"


@dataclass(frozen=True)
class Config:
    """Where the settings came from (None: no file) and the tables, verb → option → value."""

    path: Path | None = None
    tables: dict[str, Any] = field(default_factory=dict)
    #: ``[[kind]]`` tables: the organization's own kinds (``boxguard.kinds.custom_kind``).
    kinds: tuple[dict[str, Any], ...] = ()


def find_config() -> Config:
    """The settings in effect here: ``$BOXGUARD_CONFIG``, else ``./boxguard.toml``, else none."""
    named = os.environ.get(CONFIG_VAR)
    if named:
        if not Path(named).exists():
            raise ConfigError(f"{CONFIG_VAR}={named}: no such file")
        return read_config(Path(named))
    here = Path(CONFIG_FILE)
    if here.exists() or here.is_symlink():  # a folder or a dangling link is not "no file"
        return read_config(here)
    return Config()


def _toml() -> Any:
    """The TOML reader, imported when a settings file is read (a run without one never
    needs it)."""
    if sys.version_info >= (3, 11):
        import tomllib
    else:  # pragma: no cover
        import tomli as tomllib
    return tomllib


def read_config(path: Path) -> Config:
    """Read one settings file; a clear error for bad TOML or a setting outside a table."""
    if not path.is_file():
        raise ConfigError(f"{path}: not a settings file (a folder, a device or a broken link)")
    tomllib = _toml()
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8-sig"))  # a BOM is not a setting
    except tomllib.TOMLDecodeError as err:
        raise ConfigError(f"{path}: not valid TOML ({err})") from None
    except UnicodeDecodeError:
        raise ConfigError(f"{path}: not UTF-8 text") from None
    except OSError as err:
        raise ConfigError(f"{path}: cannot read ({err.strerror or type(err).__name__})") from None
    kinds = data.pop("kind", [])
    if not isinstance(kinds, list) or not all(isinstance(k, dict) for k in kinds):
        raise ConfigError(f"{path}: 'kind' must be tables written [[kind]], one a kind")
    return Config(path, _shape(data, path), tuple(kinds))


def _shape(table: dict[str, Any], path: Path, top: bool = True) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for key, value in table.items():
        name = key.replace("-", "_")
        if isinstance(value, dict):
            out[name] = _shape(value, path, top=False)
        elif top:
            raise ConfigError(
                f"{path}: '{key}' must sit in a verb's table, e.g. [scan] (settings are per verb)"
            )
        else:
            out[name] = value
    return out
