from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from boxguard.crypto.aead import DecryptionFailed, decrypt, encrypt
from boxguard.crypto.keys import Keyset

KS = Keyset.generate()


@given(st.binary(max_size=200), st.binary(max_size=50))
def test_round_trip(plaintext: bytes, ad: bytes) -> None:
    assert decrypt(KS, encrypt(KS, plaintext, associated_data=ad), associated_data=ad) == plaintext


def test_rotated_keyset_still_decrypts_old_ciphertexts() -> None:
    ct = encrypt(KS, b"x", associated_data=b"a")
    assert decrypt(KS.rotate(), ct, associated_data=b"a") == b"x"


@given(st.binary(max_size=80))
def test_any_tampering_fails_opaquely(junk: bytes) -> None:
    ct = bytearray(encrypt(KS, b"secret", associated_data=b"a"))
    for i in range(len(ct)):
        bad = bytes(ct[:i]) + bytes([ct[i] ^ 1]) + bytes(ct[i + 1 :])
        with pytest.raises(DecryptionFailed, match=r"^decryption failed$"):
            decrypt(KS, bad, associated_data=b"a")
    with pytest.raises(DecryptionFailed):
        decrypt(KS, junk, associated_data=b"a")
    with pytest.raises(DecryptionFailed):
        decrypt(Keyset.generate(), bytes(ct), associated_data=b"a")
