"""The settings of a run: one object, built once, handed to the composition root.

Order, as the command-line conventions set it: flags > ``BOXGUARD_*`` variables >
``boxguard.toml`` > built-in defaults. :meth:`Settings.load` reads the file and the
variables; an adapter adds its flags (the CLI through click's ``default_map``, which
already sits below the flags) and hands the result to :func:`boxguard.services.configure`,
so a server reads the same file and variables as the command line.

>>> s = Settings.load(environ={"BOXGUARD_DB": "postgres://db/crm"}, config=Config())
>>> s.db_url, s.threshold
('postgres://db/crm', 0.5)
>>> Settings.load(environ={}, config=Config()).db_url
'sqlite:///boxguard.db'
>>> Settings.load(environ={"BOXGUARD_RULES": "rules.yaml"}, config=Config()).rules
PosixPath('rules.yaml')
>>> s.audit_retention_days, retention_days("400")
(365, 400)
>>> try:
...     retention_days("90")
... except ConfigError as err:
...     print(err)
audit retention: at least 184 days (six months, Cybersecurity Law Art. 21), got 90
>>> s.verb("scan", environ={"BOXGUARD_SCAN_THRESHOLD": "0.7"})
{'threshold': '0.7'}
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from boxguard.dburl import DEFAULT_DB, DEFAULT_TOKENS
from boxguard.detect.scanner import DEFAULT_THRESHOLD
from boxguard.errors import ConfigError
from boxguard.io.config import Config, find_config

#: The boxguard.toml table of settings shared by the guard verbs (not a verb itself):
#: ``[guard] rules = "rules.yaml"``.
SHARED_TABLE = "guard"
#: Audit events are kept at least this many days: six months (Cybersecurity Law Art. 21)
#: is at most 184 days; ``audit prune`` refuses a shorter retention.
MIN_RETENTION_DAYS = 184
#: The default retention of audit events (``[guard] retention_days``,
#: ``BOXGUARD_RETENTION_DAYS``).
DEFAULT_RETENTION_DAYS = 365


def retention_days(value: object) -> int:
    """A retention in days from a setting (an int or its text); ConfigError if it is not
    a whole number of at least :data:`MIN_RETENTION_DAYS`."""
    try:
        days = int(str(value).strip()) if not isinstance(value, bool) else None
    except ValueError:
        days = None
    if days is None:
        raise ConfigError(f"audit retention: a whole number of days, got {value!r}")
    if days < MIN_RETENTION_DAYS:
        raise ConfigError(
            f"audit retention: at least {MIN_RETENTION_DAYS} days "
            f"(six months, Cybersecurity Law Art. 21), got {days}"
        )
    return days


@dataclass(frozen=True)
class Settings:
    """What every adapter reads: the settings file, and the values shared by all verbs."""

    config: Config = field(default_factory=Config)
    db_url: str = DEFAULT_DB
    tokens_url: str = DEFAULT_TOKENS
    keys: Path | None = None
    threshold: float = DEFAULT_THRESHOLD
    #: the access rules file of the guard verbs (``BOXGUARD_RULES`` or ``[guard] rules``);
    #: None: the shipped default rules
    rules: Path | None = None
    #: days audit events are kept before ``audit prune`` may erase their content
    audit_retention_days: int = DEFAULT_RETENTION_DAYS

    @classmethod
    def load(
        cls, environ: Mapping[str, str] | None = None, config: Config | None = None
    ) -> Settings:
        """The settings in effect here: ``boxguard.toml`` (or ``$BOXGUARD_CONFIG``) and
        ``BOXGUARD_*`` variables over the defaults."""
        env = os.environ if environ is None else environ
        keys = env.get("BOXGUARD_KEYSET_FILE")
        cfg = find_config() if config is None else config
        guard = cfg.tables.get(SHARED_TABLE, {})
        rules = env.get("BOXGUARD_RULES") or (
            guard.get("rules") if isinstance(guard, dict) else None
        )
        retention = env.get("BOXGUARD_RETENTION_DAYS") or (
            guard.get("retention_days") if isinstance(guard, dict) else None
        )
        return cls(
            audit_retention_days=(
                DEFAULT_RETENTION_DAYS if retention is None else retention_days(retention)
            ),
            config=cfg,
            rules=Path(str(rules)) if rules else None,
            db_url=env.get("BOXGUARD_DB") or DEFAULT_DB,
            tokens_url=env.get("BOXGUARD_TOKENS") or DEFAULT_TOKENS,
            keys=Path(keys) if keys else None,
        )

    def verb(self, *path: str, environ: Mapping[str, str] | None = None) -> dict[str, Any]:
        """A verb's settings from the file, overlaid by its ``BOXGUARD_<VERB>_<OPTION>``
        variables (as strings: the adapter's option types convert them)."""
        env = os.environ if environ is None else environ
        table: Any = self.config.tables
        for word in path:
            table = table.get(word, {}) if isinstance(table, dict) else {}
        values = {k: v for k, v in table.items() if not isinstance(v, dict)}
        prefix = "_".join(("BOXGUARD", *path)).upper() + "_"
        values |= {k[len(prefix) :].lower(): v for k, v in env.items() if k.startswith(prefix)}
        return values
