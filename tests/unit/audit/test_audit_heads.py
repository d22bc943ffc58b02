"""Ed25519 keys derived from the keyset, and signed tree heads that any change breaks."""

from __future__ import annotations

import dataclasses
import pickle
import struct
from datetime import datetime, timedelta, timezone

import pytest
from hypothesis import given
from hypothesis import strategies as st

from boxguard.audit.heads import GENESIS, SignedTreeHead, head_payload, sign_head
from boxguard.crypto.keys import Keyset
from boxguard.crypto.signing import SigningKey, VerifyKey, key_id_of
from boxguard.errors import CryptoError

KS = Keyset.generate()
SIGNER = SigningKey.from_keyset(KS)
T = datetime(2026, 1, 1, tzinfo=timezone.utc)


def test_the_signing_key_is_the_keysets_audit_signing_subkey() -> None:
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
    from cryptography.hazmat.primitives.serialization import Encoding, PublicFormat

    seed = KS.derive("audit-signing")
    raw = (
        Ed25519PrivateKey.from_private_bytes(seed)
        .public_key()
        .public_bytes(Encoding.Raw, PublicFormat.Raw)
    )
    assert SIGNER.public_key.raw() == raw
    assert SIGNER.key_id == key_id_of(raw) == SigningKey.from_keyset(KS).key_id
    assert SigningKey.from_keyset(Keyset.generate()).key_id != SIGNER.key_id


def test_rotation_signs_with_the_new_key_and_keeps_the_old_one() -> None:
    rotated = KS.rotate()
    assert SigningKey.from_keyset(rotated).key_id != SIGNER.key_id
    assert SigningKey.from_keyset(rotated, KS.primary_id).key_id == SIGNER.key_id


def test_public_key_exports_round_trip() -> None:
    pub = SIGNER.public_key
    assert VerifyKey.from_raw(pub.raw()) == pub
    assert VerifyKey.from_base64(pub.base64()) == pub
    assert VerifyKey.from_pem(pub.pem()) == pub
    assert VerifyKey.load(pub.pem()) == VerifyKey.load(pub.base64() + "\n") == pub
    assert pub.pem().startswith("-----BEGIN PUBLIC KEY-----")
    assert len(pub.raw()) == 32


@pytest.mark.parametrize("bad", [b"", b"x" * 31, b"x" * 33])
def test_bad_public_keys_are_refused(bad: bytes) -> None:
    with pytest.raises(CryptoError):
        VerifyKey.from_raw(bad)


def test_bad_texts_are_refused() -> None:
    with pytest.raises(CryptoError):
        VerifyKey.from_base64("not base64!")
    with pytest.raises(CryptoError):
        VerifyKey.from_pem("-----BEGIN PUBLIC KEY-----\nAAAA\n-----END PUBLIC KEY-----\n")


def test_the_signing_key_is_never_shown_or_pickled() -> None:
    assert "redacted" in repr(SIGNER)
    seed = KS.derive("audit-signing")
    assert seed.hex() not in repr(SIGNER)
    assert seed.hex() not in repr(SIGNER.public_key)
    with pytest.raises(TypeError, match="pickled"):
        pickle.dumps(SIGNER)
    with pytest.raises(CryptoError):
        SigningKey(b"short")


def test_the_payload_layout_is_the_documented_one() -> None:
    p = head_payload(5, b"\x11" * 32, 42, b"\x22" * 32, "abcd")
    magic = b"boxguard-audit-head/1\n"
    assert p == magic + struct.pack(">Qq", 5, 42) + b"\x11" * 32 + b"\x22" * 32 + b"\x04abcd"
    with pytest.raises(ValueError, match="32-byte"):
        head_payload(5, b"\x11" * 31, 42, b"\x22" * 32, "abcd")


HEAD = sign_head(SIGNER, 3, b"\x33" * 32, T, GENESIS)
CHANGES = {
    "tree_size": 4,
    "root_hash": b"\x34" + b"\x33" * 31,
    "timestamp": T + timedelta(microseconds=1),
    "previous": b"\x01" * 32,
    "key_id": "0000000000000000",
    "signature": bytes([HEAD.signature[0] ^ 1]) + HEAD.signature[1:],
}


@pytest.mark.parametrize("field", sorted(CHANGES))
def test_any_changed_field_breaks_the_head(field: str) -> None:
    assert HEAD.verify(SIGNER.public_key)
    bad = dataclasses.replace(HEAD, **{field: CHANGES[field]})
    assert not bad.verify(SIGNER.public_key)
    assert bad.hash() != HEAD.hash()


def test_another_key_does_not_verify() -> None:
    other = SigningKey.from_keyset(Keyset.generate()).public_key
    assert not HEAD.verify(other)
    forged = dataclasses.replace(HEAD, key_id=other.key_id)
    assert not forged.verify(other)


@given(st.integers(0, 2**63 - 1), st.binary(min_size=32, max_size=32), st.integers(-(2**40), 2**52))
def test_heads_round_trip_through_json(size: int, root: bytes, us: int) -> None:
    from boxguard.audit.encoding import from_us

    h = sign_head(SIGNER, size, root, from_us(us), HEAD.hash())
    back = SignedTreeHead.from_json(h.to_json())
    assert back == h
    assert back.verify(SIGNER.public_key)


def test_malformed_head_json_is_refused() -> None:
    obj = HEAD.to_json()
    with pytest.raises(TypeError):
        SignedTreeHead.from_json({**obj, "tree_size": "3"})
    with pytest.raises(ValueError, match="hex"):
        SignedTreeHead.from_json({**obj, "root_hash": "zz"})
    with pytest.raises(KeyError):
        SignedTreeHead.from_json({k: v for k, v in obj.items() if k != "signature"})
