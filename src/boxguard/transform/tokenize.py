"""``tokenize``: a random token kept in a token table; reversible only through the table.

>>> from boxguard.kinds import get_kind
>>> from boxguard.transform.base import Context
>>> ctx, k = Context(), get_kind("cn_mobile")
>>> t = Tokenize().apply("13812345678", k, ctx)
>>> t == Tokenize().apply("138 1234 5678", k, ctx), ctx.tokens.value_of(t)
(True, '13812345678')
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from typing import ClassVar

from boxguard.kinds import Kind
from boxguard.transform._keyed import compact
from boxguard.transform.base import Context


@dataclass(frozen=True)
class Tokenize:
    prefix: str = "tok_"

    name: ClassVar[str] = "tokenize"
    reversible: ClassVar[bool] = True

    def apply(self, value: str, kind: Kind, ctx: Context) -> str:
        fresh = self.prefix + secrets.token_hex(8)
        return ctx.tokens.token_for(kind.id, compact(value, kind), fresh)
