"""Keysets: named 256-bit secrets with one primary, and per-purpose subkeys.

A keyset is what `boxguard keys init` writes (a JSON file, mode 0600) or what
``BOXGUARD_KEYSET`` holds. Every operator derives its own subkey with
HKDF-SHA-256 (``info`` = purpose), so the pseudonym key, the FPE key and the
token key never coincide. Rotation adds a key and makes it primary; old keys
stay to reverse what they produced (a caller names the key id).

Key material is never shown (``repr`` is redacted) and never pickled.

>>> ks = Keyset.generate()
>>> ks2 = Keyset.from_json(ks.to_json())
>>> ks2.derive("pseudonymize") == ks.derive("pseudonymize") != ks.derive("fpe")
True
>>> repr(ks) == f"Keyset(primary_id={ks.primary_id!r}, keys=<1 redacted>)"
True
"""

from __future__ import annotations

import base64
import json
import secrets
from dataclasses import dataclass, field

from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.kdf.hkdf import HKDF

from boxguard.errors import ConfigError, KeyNotFound

_FORMAT = "boxguard-keyset/1"


@dataclass(frozen=True)
class Keyset:
    keys: dict[str, bytes] = field(repr=False)
    primary_id: str

    def __post_init__(self) -> None:
        if self.primary_id not in self.keys:
            raise ConfigError("the keyset's primary key id is not in the keyset")
        if any(len(k) != 32 for k in self.keys.values()):
            raise ConfigError("keyset keys must be 32 bytes")

    def __repr__(self) -> str:
        return f"Keyset(primary_id={self.primary_id!r}, keys=<{len(self.keys)} redacted>)"

    def __reduce__(self) -> tuple[object, ...]:
        raise TypeError("keysets hold secrets and cannot be pickled")

    # -- making and reading ------------------------------------------------------
    @classmethod
    def generate(cls) -> Keyset:
        kid = secrets.token_hex(4)
        return cls({kid: secrets.token_bytes(32)}, kid)

    def rotate(self) -> Keyset:
        """A keyset with a new primary key; the old ones stay for reversal."""
        kid = secrets.token_hex(4)
        return Keyset({**self.keys, kid: secrets.token_bytes(32)}, kid)

    @classmethod
    def from_json(cls, text: str) -> Keyset:
        try:
            doc = json.loads(text)
            if doc.get("format") != _FORMAT:
                raise ConfigError(f"not a boxguard keyset (expected format {_FORMAT!r})")
            keys = {kid: base64.b64decode(v, validate=True) for kid, v in doc["keys"].items()}
            return cls(keys, doc["primary"])
        except ConfigError:
            raise
        except (ValueError, KeyError, TypeError, AttributeError):
            raise ConfigError("the keyset is malformed (not a boxguard keyset file)") from None

    def to_json(self) -> str:
        doc = {
            "format": _FORMAT,
            "primary": self.primary_id,
            "keys": {kid: base64.b64encode(k).decode() for kid, k in self.keys.items()},
        }
        return json.dumps(doc, indent=2) + "\n"

    def describe(self) -> list[dict[str, object]]:
        """Key metadata, safe to print: ids and which one is primary, never material."""
        return [{"id": kid, "primary": kid == self.primary_id} for kid in self.keys]

    # -- use -------------------------------------------------------------------------
    def derive(self, purpose: str, key_id: str | None = None, length: int = 32) -> bytes:
        """The subkey for ``purpose`` (HKDF-SHA-256) of key ``key_id`` (default primary)."""
        kid = key_id or self.primary_id
        try:
            material = self.keys[kid]
        except KeyError:
            raise KeyNotFound(f"key {kid!r} is not in the keyset") from None
        hkdf = HKDF(algorithm=hashes.SHA256(), length=length, salt=None, info=purpose.encode())
        return hkdf.derive(material)
