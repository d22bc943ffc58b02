"""Which patterns may match a text: one Hyperscan pass instead of one regex per pattern.

Hyperscan compiles every pattern in *prefilter* mode (a superset of the
Python regex: lookarounds relaxed) and reports, per text, the ids of the
patterns that may match. Only those Python regexes then run, so the exact
semantics stay Python's while most texts cost one C-speed pass. Without the
``hyperscan`` package (or for a pattern it cannot compile, or a text that is
not valid UTF-8) every pattern runs: slower, same results.

This module must never change what is found, only how fast.

>>> import re
>>> pf = Prefilter([r"1[3-9]\\d{9}", r"密码[:：](?P<value>\\S+)"], [re.ASCII, re.ASCII])
>>> sorted(pf.candidates("手机13812345678"))
[0]
>>> sorted(pf.candidates("无"))
[]
"""

from __future__ import annotations

import re
import threading
from collections.abc import Sequence
from typing import Any

try:  # an accelerator, not a requirement
    import hyperscan as _hs
except ImportError:  # pragma: no cover - exercised on platforms without wheels
    _hs = None  # type: ignore[assignment]


class Prefilter:
    """Report the indices of ``regexes`` that may match a text."""

    def __init__(
        self,
        regexes: Sequence[str],
        flags: Sequence[int] | None = None,
        *,
        use_hyperscan: bool = True,
    ) -> None:
        self._n = len(regexes)
        self._always: frozenset[int] = frozenset(range(self._n))
        self._exprs: list[bytes] = []
        self._ids: list[int] = []
        self._hs_flags: list[int] = []
        self._local = threading.local()
        if _hs is None or not use_hyperscan:
            return
        hs_flags = [self._flags(flags[i] if flags else 0) for i in range(self._n)]
        whole = self._compiles([rx.encode("utf-8") for rx in regexes], hs_flags)
        if whole is not None:
            usable = list(range(self._n))
            self._local.db = whole
        else:  # find the few patterns Hyperscan cannot prefilter; they always run
            usable = [
                i for i in range(self._n) if self._compiles([regexes[i].encode()], [hs_flags[i]])
            ]
        self._ids = usable
        self._exprs = [regexes[i].encode("utf-8") for i in usable]
        self._hs_flags = [hs_flags[i] for i in usable]
        self._always = frozenset(set(range(self._n)) - set(usable))

    @property
    def accelerated(self) -> bool:
        """True when at least one pattern is prefiltered by Hyperscan."""
        return bool(self._ids)

    def candidates(self, text: str) -> set[int]:
        """Indices of the patterns worth running on ``text``."""
        db = self._database()
        if db is None:
            return set(self._always)
        try:
            data = text.encode("utf-8")
        except UnicodeEncodeError:  # lone surrogates: Hyperscan needs valid UTF-8
            return set(range(self._n))
        hits = set(self._always)

        def on_match(pid: int, _from: int, _to: int, _flags: int, _ctx: object) -> None:
            hits.add(pid)

        db.scan(data, match_event_handler=on_match)
        return hits

    # -- internals -------------------------------------------------------------
    @staticmethod
    def _flags(re_flags: int) -> int:
        """Hyperscan flags matching Python's: ASCII classes (no UCP), UTF-8 literals."""
        assert _hs is not None
        if not re_flags & re.ASCII:
            raise ValueError("prefiltered patterns must use ASCII classes (re.ASCII)")
        out = _hs.HS_FLAG_UTF8 | _hs.HS_FLAG_PREFILTER | _hs.HS_FLAG_SINGLEMATCH
        if re_flags & re.IGNORECASE:
            out |= _hs.HS_FLAG_CASELESS
        if re_flags & re.DOTALL:
            out |= _hs.HS_FLAG_DOTALL
        if re_flags & re.MULTILINE:
            out |= _hs.HS_FLAG_MULTILINE
        return int(out)

    @staticmethod
    def _compiles(exprs: list[bytes], hs_flags: list[int]) -> Any:
        """The compiled database, or None when Hyperscan cannot prefilter these."""
        assert _hs is not None
        db = _hs.Database()
        try:
            db.compile(
                expressions=exprs, ids=list(range(len(exprs))), elements=len(exprs), flags=hs_flags
            )
        except Exception:  # hyperscan.error: a construct it cannot prefilter
            return None
        return db

    def _database(self) -> Any:
        """One compiled database per thread (Hyperscan scratch space is not shared)."""
        if not self._ids:
            return None
        db = getattr(self._local, "db", None)
        if db is None:
            assert _hs is not None
            db = _hs.Database()
            db.compile(
                expressions=self._exprs,
                ids=self._ids,
                elements=len(self._ids),
                flags=self._hs_flags,
            )
            self._local.db = db
        return db
