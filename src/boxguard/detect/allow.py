"""Values that are never reported: the company's own hotline, a documented test card.

As Presidio's ``allow_list`` and Google DLP's exclusion rules: a finding whose
value is allowed is dropped after overlaps are resolved (nothing else takes its
place). Values are compared as found and in a compact form: full-width characters
folded, spaces and hyphens removed, case ignored (``400-812-3123`` allows
``4008123123``). An entry after ``re:`` is a pattern that must match the whole
value in either form, case ignored.

>>> allow = AllowList(["400-812-3123", r"re:test\\d+@example\\.com", r"re:1381234\\d{4}"])
>>> allow.allows("４００８１２３１２３"), allow.allows("Test7@Example.com")
(True, True)
>>> allow.allows("138 1234 5678"), allow.allows("13912345678")
(True, False)
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from boxguard.errors import ConfigError
from boxguard.text import fold

_SEPARATORS = re.compile(r"[\s\-]+")


def _compact(value: str) -> str:
    return _SEPARATORS.sub("", fold(value)).casefold()


class AllowList:
    """Allowed values and patterns (see the module's docstring)."""

    def __init__(self, entries: Iterable[str]) -> None:
        values: set[str] = set()
        patterns: list[re.Pattern[str]] = []
        for entry in entries:
            if entry.startswith("re:"):
                try:
                    patterns.append(re.compile(entry[3:], re.IGNORECASE))
                except re.error as err:
                    raise ConfigError(
                        f"allow: a pattern after 're:' does not compile ({err})"
                    ) from None
            elif _compact(entry):
                values.add(_compact(entry))
        self._values = frozenset(values)
        self._patterns = tuple(patterns)

    def __bool__(self) -> bool:
        return bool(self._values or self._patterns)

    def allows(self, value: str) -> bool:
        """Whether ``value`` (a finding's value as found) is allowed."""
        compact = _compact(value)
        if compact in self._values:
            return True
        folded = fold(value)
        return any(p.fullmatch(folded) or p.fullmatch(compact) for p in self._patterns)
