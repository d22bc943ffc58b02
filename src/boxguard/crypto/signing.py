"""Ed25519 signing for the audit log: a key derived from the keyset, a public key to share.

The signing key is never stored: its 32-byte seed is ``keyset.derive("audit-signing")``
(HKDF-SHA-256 of the keyset's primary key, or of the key named), so whoever holds the
keyset signs and whoever holds only the public key verifies. A public key travels as raw
bytes, base64 or PEM; its id is the first 8 bytes of SHA-256 of the raw key, in hex.

Private material is never shown (``repr`` redacted) and never pickled.

>>> from boxguard.crypto.keys import Keyset
>>> ks = Keyset.generate()
>>> signer = SigningKey.from_keyset(ks)
>>> sig = signer.sign(b"head")
>>> pub = VerifyKey.from_base64(signer.public_key.base64())
>>> pub.verify(sig, b"head"), pub.verify(sig, b"other")
(True, False)
>>> pub.key_id == SigningKey.from_keyset(ks).key_id
True
>>> VerifyKey.from_pem(pub.pem()).raw() == pub.raw()
True
"""

from __future__ import annotations

import base64
import binascii
import hashlib

from cryptography.exceptions import InvalidSignature, UnsupportedAlgorithm
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import (
    Ed25519PrivateKey,
    Ed25519PublicKey,
)

from boxguard.crypto.keys import Keyset
from boxguard.errors import CryptoError

#: the HKDF purpose of the audit signing seed
PURPOSE = "audit-signing"


def key_id_of(raw_public: bytes) -> str:
    """The id of a raw Ed25519 public key: hex of the first 8 bytes of its SHA-256."""
    return hashlib.sha256(raw_public).digest()[:8].hex()


class VerifyKey:
    """An Ed25519 public key: checks signatures, exports itself, names itself."""

    __slots__ = ("_key", "_raw", "key_id")

    def __init__(self, key: Ed25519PublicKey) -> None:
        self._key = key
        self._raw = key.public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)
        self.key_id = key_id_of(self._raw)

    def __repr__(self) -> str:
        return f"VerifyKey(key_id={self.key_id!r})"

    def __eq__(self, other: object) -> bool:
        return isinstance(other, VerifyKey) and other._raw == self._raw

    def __hash__(self) -> int:
        return hash(self._raw)

    @classmethod
    def from_raw(cls, raw: bytes) -> VerifyKey:
        try:
            return cls(Ed25519PublicKey.from_public_bytes(raw))
        except (ValueError, UnsupportedAlgorithm):
            raise CryptoError("not an Ed25519 public key (32 raw bytes)") from None

    @classmethod
    def from_base64(cls, text: str) -> VerifyKey:
        try:
            return cls.from_raw(base64.b64decode(text.strip(), validate=True))
        except (binascii.Error, ValueError):
            raise CryptoError("not a base64 Ed25519 public key") from None

    @classmethod
    def from_pem(cls, pem: str | bytes) -> VerifyKey:
        data = pem.encode() if isinstance(pem, str) else pem
        try:
            key = serialization.load_pem_public_key(data)
        except (ValueError, UnsupportedAlgorithm):
            raise CryptoError("not a PEM public key") from None
        if not isinstance(key, Ed25519PublicKey):
            raise CryptoError("the PEM public key is not Ed25519")
        return cls(key)

    @classmethod
    def load(cls, text: str) -> VerifyKey:
        """A public key from PEM or base64 text (what ``export`` writes either way)."""
        return cls.from_pem(text) if "-----BEGIN" in text else cls.from_base64(text)

    def raw(self) -> bytes:
        return self._raw

    def base64(self) -> str:
        return base64.b64encode(self._raw).decode("ascii")

    def pem(self) -> str:
        return self._key.public_bytes(
            serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo
        ).decode("ascii")

    def verify(self, signature: bytes, message: bytes) -> bool:
        """Whether ``signature`` is this key's signature of ``message``."""
        try:
            self._key.verify(signature, message)
        except InvalidSignature:
            return False
        return True


class SigningKey:
    """The Ed25519 key that signs audit heads, derived from a keyset."""

    __slots__ = ("_key", "public_key")

    def __init__(self, seed: bytes) -> None:
        if len(seed) != 32:
            raise CryptoError("an Ed25519 seed is 32 bytes")
        self._key = Ed25519PrivateKey.from_private_bytes(seed)
        self.public_key = VerifyKey(self._key.public_key())

    @classmethod
    def from_keyset(cls, keyset: Keyset, key_id: str | None = None) -> SigningKey:
        """The signing key of ``keyset``'s key ``key_id`` (default: the primary key)."""
        return cls(keyset.derive(PURPOSE, key_id=key_id))

    @property
    def key_id(self) -> str:
        return self.public_key.key_id

    def __repr__(self) -> str:
        return f"SigningKey(key_id={self.key_id!r}, <redacted>)"

    def __reduce__(self) -> tuple[object, ...]:
        raise TypeError("signing keys are secrets and cannot be pickled")

    def sign(self, message: bytes) -> bytes:
        return self._key.sign(message)
