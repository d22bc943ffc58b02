"""Values that are never reported: the company's own hotline, a documented test card.

As Presidio's ``allow_list`` and Google DLP's exclusion rules: a finding whose
value is allowed is dropped after overlaps are resolved (nothing else takes its
place). An entry is a value, compared with full-width characters folded, spaces
and hyphens removed and case ignored (``400-812-3123`` allows ``4008123123``), or
a pattern after ``re:`` that must match the whole (folded) value.

>>> allow = AllowList(["400-812-3123", r"re:test\\d+@example\\.com"])
>>> allow.allows("４００８１２３１２３"), allow.allows("Test7@example.com")
(True, False)
>>> allow.allows("test7@example.com"), allow.allows("13812345678")
(True, False)
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from boxguard.detect.normalize import fold
from boxguard.errors import ConfigError

_SEPARATORS = re.compile(r"[\s\-]+")


def _compact(value: str) -> str:
    return _SEPARATORS.sub("", fold(value)).casefold()


class AllowList:
    """Allowed values and patterns (see the module's docstring)."""

    def __init__(self, entries: Iterable[str]) -> None:
        values: set[str] = set()
        patterns: list[str] = []
        for entry in entries:
            if entry.startswith("re:"):
                patterns.append(entry[3:])
            elif _compact(entry):
                values.add(_compact(entry))
        self._values = frozenset(values)
        try:
            self._pattern = re.compile("|".join(f"(?:{p})" for p in patterns)) if patterns else None
        except re.error as err:
            raise ConfigError(f"allow: a pattern after 're:' does not compile ({err})") from None

    def __bool__(self) -> bool:
        return bool(self._values) or self._pattern is not None

    def allows(self, value: str) -> bool:
        """Whether ``value`` (a finding's value as found) is allowed."""
        if _compact(value) in self._values:
            return True
        return self._pattern is not None and self._pattern.fullmatch(fold(value)) is not None
