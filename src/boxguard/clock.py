"""The clock port: where the core asks what time it is, so tests can fix it.

Never read ``datetime.now()`` in the core; take a :class:`Clock`.

>>> from datetime import datetime, timezone
>>> FixedClock(datetime(2026, 1, 1, tzinfo=timezone.utc)).now().year
2026
>>> SystemClock().now().tzinfo is not None
True
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timezone
from typing import Protocol


class Clock(Protocol):
    """Tells the time, always timezone-aware."""

    def now(self) -> datetime: ...


class SystemClock:
    """The machine's clock, in UTC."""

    def now(self) -> datetime:
        return datetime.now(timezone.utc)


@dataclass
class FixedClock:
    """A clock that says what it is told (tests, replays); ``advance`` moves it on."""

    at: datetime

    def now(self) -> datetime:
        return self.at
