"""Keyed, deterministic helpers shared by pseudonyms and surrogates.

Hashing a personal value is always keyed (HMAC-SHA-256): a bare hash of an
ID number is brute-forced in seconds.
"""

from __future__ import annotations

import hashlib
import hmac
import random

from boxguard.errors import ValidationError
from boxguard.kinds import Kind


def compact(value: str, kind: Kind) -> str:
    """The canonical form of a value (so ``138 1234 5678`` and ``13812345678`` agree)."""
    if kind.validate is not None:
        try:
            return kind.validate(value)
        except ValidationError:
            pass
    return value.strip()


def keyed_digest(key: bytes, kind: Kind, value: str) -> bytes:
    # any str: a lone surrogate (a JSON "\ud83d" of a cut emoji) is hashed as it is
    data = compact(value, kind).encode("utf-8", "surrogatepass")
    return hmac.new(key, kind.id.encode() + b"\x00" + data, hashlib.sha256).digest()


def keyed_rng(key: bytes, kind: Kind, value: str) -> random.Random:
    """A random generator seeded by the keyed digest: same key and value, same stream."""
    return random.Random(int.from_bytes(keyed_digest(key, kind, value), "big"))
