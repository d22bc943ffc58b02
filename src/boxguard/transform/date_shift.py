"""``date_shift``: move a date by a keyed number of days, the same for one person.

The shift is derived from an HMAC of the record's subject (``Context.subject``,
e.g. the person's pseudonym), so intervals between one person's dates stay
true while the dates themselves move. Without a subject, the value itself keys it.

>>> from boxguard.crypto.keys import Keyset
>>> from boxguard.kinds import get_kind
>>> from boxguard.transform.base import Context
>>> ctx = Context(keyset=Keyset.generate(), subject="p1")
>>> a = DateShift().apply("1990-01-02", get_kind("cn_mobile"), ctx)
>>> b = DateShift().apply("1990-01-12", get_kind("cn_mobile"), ctx)
>>> import datetime as dt
>>> (dt.date.fromisoformat(b) - dt.date.fromisoformat(a)).days
10
"""

from __future__ import annotations

import hashlib
import hmac
from dataclasses import dataclass
from datetime import timedelta
from typing import ClassVar

from boxguard.errors import ConfigError
from boxguard.kinds import Kind
from boxguard.kinds._dates import parse_date, render_date
from boxguard.transform.base import Context


@dataclass(frozen=True)
class DateShift:
    max_days: int = 365
    #: Pin a key of the keyset (default: the primary) to keep outputs stable across rotation.
    key_id: str | None = None

    name: ClassVar[str] = "date_shift"
    reversible: ClassVar[bool] = False

    def apply(self, value: str, kind: Kind, ctx: Context) -> str:
        parsed = parse_date(value)
        if parsed is None:
            raise ConfigError(f"date_shift applies to dates; a {kind.id} value is not one")
        day, fmt = parsed
        key = ctx.require_keyset(self.name).derive("date_shift", key_id=self.key_id)
        subject = (ctx.subject if ctx.subject is not None else value).encode(
            "utf-8", "surrogatepass"
        )
        n = int.from_bytes(hmac.new(key, subject, hashlib.sha256).digest()[:8], "big")
        shift = n % (2 * self.max_days + 1) - self.max_days
        try:
            return render_date(day + timedelta(days=shift or 1), fmt)
        except OverflowError:
            return render_date(day - timedelta(days=abs(shift) or 1), fmt)
