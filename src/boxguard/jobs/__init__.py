"""JOBS: the use cases every adapter shares (scan, inventory, mask, unmask, tables, risk).

The CLI and the HTTP API are two shells over these: an adapter parses its input into a
request, calls a job, and renders the result. A job never prints and never exits;
notices and progress go through callbacks. Jobs sit above io, storage and models and
below the composition root (``boxguard.services``), which they call for scanners and stores.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Protocol

if TYPE_CHECKING:
    from boxguard.crypto.keys import Keyset
    from boxguard.detect import Scanner
    from boxguard.transform.base import TokenStore

#: Notices (a file not copied, a table skipped) go here; an adapter shows or logs them.
Notify = Callable[[str], None]


def quiet(_message: str) -> None:
    """The default :data:`Notify`: notices dropped."""


class Wiring(Protocol):
    """What a job asks the composition root for. ``boxguard.services`` is one (the module
    itself); a test or a server may hand in another."""

    def scanner(
        self,
        kinds: tuple[str, ...] | None = None,
        threshold: float | None = None,
        use_model: bool = True,
        accurate: bool = False,
        allow: tuple[str, ...] = (),
    ) -> Scanner: ...

    def token_store(self, url: str | None, keyset: Keyset) -> TokenStore: ...
