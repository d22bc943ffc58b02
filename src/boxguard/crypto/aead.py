"""AES-256-GCM with associated data required and the key id carried in the ciphertext.

Every decryption failure is the same opaque :class:`DecryptionFailed`, whatever
went wrong (wrong key, tampered bytes, wrong associated data).

>>> from boxguard.crypto.keys import Keyset
>>> ks = Keyset.generate()
>>> ct = encrypt(ks, b"13812345678", associated_data=b"tokens:cn_mobile")
>>> decrypt(ks, ct, associated_data=b"tokens:cn_mobile")
b'13812345678'
>>> decrypt(ks, ct, associated_data=b"tokens:email")
Traceback (most recent call last):
...
boxguard.errors.DecryptionFailed: decryption failed
"""

from __future__ import annotations

import os

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM

from boxguard.crypto.keys import Keyset
from boxguard.errors import CryptoError, DecryptionFailed

_VERSION = b"\x01"
_PURPOSE = "aead"


def encrypt(keyset: Keyset, plaintext: bytes, *, associated_data: bytes) -> bytes:
    """``version | key id length | key id | nonce | ciphertext+tag`` under the primary key."""
    kid = keyset.primary_id.encode()
    nonce = os.urandom(12)
    body = AESGCM(keyset.derive(_PURPOSE)).encrypt(
        nonce, plaintext, _VERSION + kid + associated_data
    )
    return _VERSION + bytes([len(kid)]) + kid + nonce + body


def decrypt(keyset: Keyset, ciphertext: bytes, *, associated_data: bytes) -> bytes:
    try:
        if ciphertext[:1] != _VERSION:
            raise DecryptionFailed
        n = ciphertext[1]
        kid = ciphertext[2 : 2 + n]
        nonce, body = ciphertext[2 + n : 14 + n], ciphertext[14 + n :]
        key = keyset.derive(_PURPOSE, key_id=kid.decode())
        return AESGCM(key).decrypt(nonce, body, _VERSION + kid + associated_data)
    except (InvalidTag, IndexError, ValueError, CryptoError):
        raise DecryptionFailed from None


__all__ = ["DecryptionFailed", "decrypt", "encrypt"]
