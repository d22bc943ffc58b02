"""``pseudonymize``: keyed HMAC-SHA-256, consistent across files and runs for one key.

``format="opaque"`` gives a token such as ``cn_mobile_5kq2…``; ``format="same"``
gives a value of the same kind and format (a keyed surrogate).

>>> from boxguard.crypto.keys import Keyset
>>> from boxguard.kinds import get_kind
>>> from boxguard.transform.base import Context
>>> ctx, k = Context(keyset=Keyset.generate()), get_kind("cn_mobile")
>>> p = Pseudonymize().apply("13812345678", k, ctx)
>>> p.startswith("cn_mobile_"), len(p), p == Pseudonymize().apply("+86 138 1234 5678", k, ctx)
(True, 26, True)
"""

from __future__ import annotations

import base64
from dataclasses import dataclass
from typing import ClassVar, Literal

from boxguard.kinds import Kind
from boxguard.transform._keyed import keyed_digest
from boxguard.transform.base import Context
from boxguard.transform.surrogate import Surrogate


@dataclass(frozen=True)
class Pseudonymize:
    format: Literal["opaque", "same"] = "opaque"
    #: Characters of base32 digest kept (16 → 80 bits: collisions need ~2**40 values).
    length: int = 16
    #: Pin a key of the keyset (default: the primary) to keep outputs stable across rotation.
    key_id: str | None = None

    name: ClassVar[str] = "pseudonymize"
    reversible: ClassVar[bool] = False

    def apply(self, value: str, kind: Kind, ctx: Context) -> str:
        if self.format == "same":
            return Surrogate(self.key_id).apply(value, kind, ctx)
        key = ctx.require_keyset(self.name).derive("pseudonymize", key_id=self.key_id)
        digest = base64.b32encode(keyed_digest(key, kind, value)).decode().lower()
        return f"{kind.id}_{digest[: self.length]}"
