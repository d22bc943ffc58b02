"""Envelope encryption for the vault: a data key per record, wrapped by a key-encryption key.

Each record (person) gets a random 256-bit :class:`DataKey`. It is stored only
*wrapped*: AES-256-GCM under the key-encryption key (KEK)
``keyset.derive("vault-kek", key_id)``, with the KEK id carried in the
:class:`WrappedKey` and the record id bound as associated data, so a wrapped
key moved to another record does not unwrap. Field values are encrypted
under the data key with associated data binding each ciphertext to its
(record id, field name): a ciphertext copied to another record or field
fails to decrypt. Deleting the wrapped key makes every field of the record
unreadable (crypto-shredding); :func:`rewrap` moves a wrapped key to the
keyset's new primary KEK without touching the field ciphertexts.

Two field ciphers: ``aes-256-gcm`` (default) and ``sm4-gcm`` (GB/T 32907 SM4
in GCM mode, with subkeys derived from the data key) when the installed
``cryptography`` and OpenSSL support it (:func:`sm4_available`). The cipher is
named in the first byte of each ciphertext, so both can be read side by side.

Every decryption or unwrap failure is the same opaque
:class:`~boxguard.errors.DecryptionFailed`. This module never logs,
prints or ``repr``-s key material or plaintext.

>>> from boxguard.crypto.keys import Keyset
>>> ks = Keyset.generate()
>>> dk = DataKey.generate()
>>> wrapped = wrap(ks, dk, record_id="v-1")
>>> wrapped.kek_id == ks.primary_id
True
>>> ct = encrypt_field(dk, "13812345678", record_id="v-1", field="手机")
>>> decrypt_field(unwrap(ks, wrapped, record_id="v-1"), ct, record_id="v-1", field="手机")
'13812345678'
>>> decrypt_field(dk, ct, record_id="v-2", field="手机")
Traceback (most recent call last):
...
boxguard.errors.DecryptionFailed: decryption failed
>>> repr(dk)
'DataKey(<redacted>)'
"""

from __future__ import annotations

import functools
import os
import secrets
from dataclasses import dataclass, field
from typing import Literal

from cryptography.exceptions import InvalidTag, UnsupportedAlgorithm
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.ciphers import Cipher, algorithms, modes
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.hkdf import HKDF

from boxguard.crypto.aead import DecryptionFailed
from boxguard.crypto.keys import Keyset
from boxguard.errors import ConfigError, CryptoError

#: The keyset purpose of the key-encryption keys.
KEK_PURPOSE = "vault-kek"

FieldCipher = Literal["aes-256-gcm", "sm4-gcm"]

_WRAP_VERSION = b"\x01"
_ALG_ID: dict[str, bytes] = {"aes-256-gcm": b"\x01", "sm4-gcm": b"\x02"}
_ALG_NAME = {v: k for k, v in _ALG_ID.items()}
_NONCE = 12
_TAG = 16


def _ad(*parts: bytes) -> bytes:
    """Length-prefixed concatenation: ("ab", "c") and ("a", "bc") never collide."""
    return b"".join(len(p).to_bytes(4, "big") + p for p in parts)


@dataclass(frozen=True)
class DataKey:
    """A record's 256-bit data key. Never shown (``repr`` redacted), never pickled."""

    material: bytes = field(repr=False)

    def __post_init__(self) -> None:
        if len(self.material) != 32:
            raise ConfigError("a data key is 32 bytes")

    def __repr__(self) -> str:
        return "DataKey(<redacted>)"

    def __reduce__(self) -> tuple[object, ...]:
        raise TypeError("data keys are secrets and cannot be pickled")

    @classmethod
    def generate(cls) -> DataKey:
        return cls(secrets.token_bytes(32))


@dataclass(frozen=True)
class WrappedKey:
    """A data key encrypted under the KEK ``kek_id``: ``nonce | ciphertext+tag``.

    >>> w = WrappedKey("k1", bytes(60))
    >>> WrappedKey.from_bytes(w.to_bytes()) == w
    True
    """

    kek_id: str
    blob: bytes = field(repr=False)

    def to_bytes(self) -> bytes:
        """``version | len(kek id) | kek id | nonce | ciphertext+tag``, for storage."""
        kid = self.kek_id.encode()
        return _WRAP_VERSION + bytes([len(kid)]) + kid + self.blob

    @classmethod
    def from_bytes(cls, data: bytes) -> WrappedKey:
        try:
            if data[:1] != _WRAP_VERSION:
                raise DecryptionFailed
            n = data[1]
            raw_kid, blob = data[2 : 2 + n], data[2 + n :]
            if len(raw_kid) != n or len(blob) != _NONCE + 32 + _TAG:
                raise DecryptionFailed
            return cls(raw_kid.decode(), blob)
        except (IndexError, UnicodeDecodeError):
            raise DecryptionFailed from None


def _kek(keyset: Keyset, key_id: str | None) -> bytes:
    return keyset.derive(KEK_PURPOSE, key_id=key_id)


def wrap(keyset: Keyset, key: DataKey, *, record_id: str) -> WrappedKey:
    """Encrypt ``key`` under the keyset's primary KEK, bound to ``record_id``."""
    kid = keyset.primary_id
    nonce = os.urandom(_NONCE)
    ad = _ad(b"boxguard-vault-dek/1", kid.encode(), record_id.encode())
    return WrappedKey(kid, nonce + AESGCM(_kek(keyset, kid)).encrypt(nonce, key.material, ad))


def unwrap(keyset: Keyset, wrapped: WrappedKey, *, record_id: str) -> DataKey:
    """The data key, or :class:`DecryptionFailed` (unknown KEK, other record, tampered)."""
    ad = _ad(b"boxguard-vault-dek/1", wrapped.kek_id.encode(), record_id.encode())
    try:
        kek = _kek(keyset, wrapped.kek_id)
        nonce, body = wrapped.blob[:_NONCE], wrapped.blob[_NONCE:]
        return DataKey(AESGCM(kek).decrypt(nonce, body, ad))
    except (InvalidTag, ValueError, CryptoError, ConfigError):
        raise DecryptionFailed from None


def rewrap(keyset: Keyset, wrapped: WrappedKey, *, record_id: str) -> WrappedKey:
    """The same data key wrapped under the keyset's primary KEK (rotation).

    Already under the primary: returned unchanged. Field ciphertexts stay valid.

    >>> from boxguard.crypto.keys import Keyset
    >>> old = Keyset.generate()
    >>> dk = DataKey.generate()
    >>> w = wrap(old, dk, record_id="r")
    >>> new = old.rotate()
    >>> w2 = rewrap(new, w, record_id="r")
    >>> (w2.kek_id == new.primary_id != w.kek_id, unwrap(new, w2, record_id="r") == dk)
    (True, True)
    """
    if wrapped.kek_id == keyset.primary_id:
        return wrapped
    return wrap(keyset, unwrap(keyset, wrapped, record_id=record_id), record_id=record_id)


@functools.cache
def sm4_available() -> bool:
    """True when this ``cryptography``/OpenSSL build can run SM4 in GCM mode."""
    try:
        enc = Cipher(algorithms.SM4(bytes(16)), modes.GCM(bytes(12))).encryptor()
        enc.update(b"x")
        enc.finalize()
    except (UnsupportedAlgorithm, AttributeError, ValueError):
        return False
    return True


def _sm4_key(key: DataKey) -> bytes:
    """SM4 takes a 128-bit key: a subkey of the data key (HKDF), never a truncation."""
    hkdf = HKDF(algorithm=hashes.SHA256(), length=16, salt=None, info=b"boxguard-vault-sm4")
    return hkdf.derive(key.material)


def _field_ad(alg: bytes, record_id: str, field_name: str) -> bytes:
    return _ad(b"boxguard-vault-field/1", alg, record_id.encode(), field_name.encode())


def encrypt_field(
    key: DataKey,
    value: str,
    *,
    record_id: str,
    field: str,
    cipher: FieldCipher = "aes-256-gcm",
) -> bytes:
    """``alg | nonce | ciphertext | tag``; the associated data binds (record id, field)."""
    try:
        alg = _ALG_ID[cipher]
    except KeyError:
        raise ConfigError(
            f"unknown vault cipher {cipher!r} (known: {', '.join(_ALG_ID)})"
        ) from None
    nonce = os.urandom(_NONCE)
    ad = _field_ad(alg, record_id, field)
    data = value.encode("utf-8", "surrogatepass")  # any str, decrypted as it was
    if cipher == "aes-256-gcm":
        return alg + nonce + AESGCM(key.material).encrypt(nonce, data, ad)
    if not sm4_available():
        raise ConfigError("SM4-GCM is not available in this cryptography/OpenSSL build")
    enc = Cipher(algorithms.SM4(_sm4_key(key)), modes.GCM(nonce)).encryptor()
    enc.authenticate_additional_data(ad)
    body = enc.update(data) + enc.finalize()
    return alg + nonce + body + enc.tag


def decrypt_field(key: DataKey, ciphertext: bytes, *, record_id: str, field: str) -> str:
    """The field value, or :class:`DecryptionFailed` whatever went wrong."""
    try:
        alg = ciphertext[:1]
        name = _ALG_NAME[alg]
        nonce, body = ciphertext[1 : 1 + _NONCE], ciphertext[1 + _NONCE :]
        if len(nonce) != _NONCE or len(body) < _TAG:
            raise DecryptionFailed
        ad = _field_ad(alg, record_id, field)
        if name == "aes-256-gcm":
            data = AESGCM(key.material).decrypt(nonce, body, ad)
        else:
            dec = Cipher(algorithms.SM4(_sm4_key(key)), modes.GCM(nonce, body[-_TAG:])).decryptor()
            dec.authenticate_additional_data(ad)
            data = dec.update(body[:-_TAG]) + dec.finalize()
        return data.decode("utf-8", "surrogatepass")
    except (InvalidTag, KeyError, ValueError, UnsupportedAlgorithm, UnicodeDecodeError):
        raise DecryptionFailed from None
