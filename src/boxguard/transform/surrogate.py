"""``surrogate``: a realistic fake of the same kind, valid check digits, consistent per key.

The fake comes from the kind's own generator, seeded by a keyed HMAC of the
value, so the same person gets the same fake across files and runs (the
test-database use case), and nobody without the key can link them.

>>> from boxguard.crypto.keys import Keyset
>>> from boxguard.kinds import get_kind
>>> from boxguard.transform.base import Context
>>> ctx, k = Context(keyset=Keyset.generate()), get_kind("cn_mobile")
>>> fake = Surrogate().apply("13812345678", k, ctx)
>>> k.is_valid(fake), fake == Surrogate().apply("138 1234 5678", k, ctx)
(True, True)
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar

from boxguard.errors import ConfigError
from boxguard.kinds import Kind
from boxguard.transform._keyed import keyed_rng
from boxguard.transform.base import Context


@dataclass(frozen=True)
class Surrogate:
    #: Pin a key of the keyset (default: the primary) to keep outputs stable across rotation.
    key_id: str | None = None

    name: ClassVar[str] = "surrogate"
    reversible: ClassVar[bool] = False

    def apply(self, value: str, kind: Kind, ctx: Context) -> str:
        if kind.generate is None:
            raise ConfigError(
                f"kind {kind.id!r} has no surrogate generator; choose another operator"
            )
        key = ctx.require_keyset(self.name).derive("surrogate", key_id=self.key_id)
        return kind.generate(keyed_rng(key, kind, value))
