from __future__ import annotations

import pickle

import pytest
from hypothesis import given
from hypothesis import strategies as st

from boxguard.crypto.aead import DecryptionFailed
from boxguard.crypto.envelope import (
    DataKey,
    WrappedKey,
    decrypt_field,
    encrypt_field,
    rewrap,
    sm4_available,
    unwrap,
    wrap,
)
from boxguard.crypto.keys import Keyset
from boxguard.errors import ConfigError

KS = Keyset.generate()
CIPHERS = [
    "aes-256-gcm",
    pytest.param(
        "sm4-gcm",
        marks=pytest.mark.skipif(
            not sm4_available(), reason="this cryptography/OpenSSL build has no SM4-GCM"
        ),
    ),
]
names = st.text(min_size=1, max_size=20)


@pytest.mark.parametrize("cipher", CIPHERS)
@given(
    # a lone surrogate too: JSON's "\\ud83d" of a cut emoji reaches a vault as it is
    value=st.text(max_size=200) | st.text(st.sampled_from("a张\ud83d\udc00"), max_size=20),
    record=names,
    field=names,
)
def test_field_round_trip(cipher: str, value: str, record: str, field: str) -> None:
    dk = DataKey.generate()
    ct = encrypt_field(dk, value, record_id=record, field=field, cipher=cipher)  # type: ignore[arg-type]
    assert decrypt_field(dk, ct, record_id=record, field=field) == value
    if len(value) >= 4:
        assert value.encode("utf-8", "surrogatepass") not in ct


@pytest.mark.parametrize("cipher", CIPHERS)
def test_ciphertexts_cannot_move_between_records_or_fields(cipher: str) -> None:
    dk = DataKey.generate()
    ct = encrypt_field(dk, "13812345678", record_id="v1", field="手机", cipher=cipher)  # type: ignore[arg-type]
    for record, field in [("v2", "手机"), ("v1", "电话"), ("v", "1手机")]:
        with pytest.raises(DecryptionFailed) as err:
            decrypt_field(dk, ct, record_id=record, field=field)
        assert str(err.value) == "decryption failed"
    with pytest.raises(DecryptionFailed):
        decrypt_field(DataKey.generate(), ct, record_id="v1", field="手机")


@pytest.mark.parametrize("cipher", CIPHERS)
@given(data=st.data())
def test_any_flipped_byte_fails_opaquely(cipher: str, data: st.DataObject) -> None:
    dk = DataKey.generate()
    ct = bytearray(encrypt_field(dk, "张伟", record_id="v1", field="姓名", cipher=cipher))  # type: ignore[arg-type]
    pos = data.draw(st.integers(0, len(ct) - 1))
    ct[pos] ^= data.draw(st.integers(1, 255))
    with pytest.raises(DecryptionFailed):
        decrypt_field(dk, bytes(ct), record_id="v1", field="姓名")


@pytest.mark.skipif(not sm4_available(), reason="no SM4-GCM")
def test_sm4_is_named_in_the_ciphertext_and_differs_from_aes() -> None:
    dk = DataKey.generate()
    sm4 = encrypt_field(dk, "x", record_id="r", field="f", cipher="sm4-gcm")
    aes = encrypt_field(dk, "x", record_id="r", field="f")
    assert (sm4[0], aes[0]) == (2, 1)
    # relabelling an SM4 ciphertext as AES (or back) does not decrypt
    with pytest.raises(DecryptionFailed):
        decrypt_field(dk, b"\x01" + sm4[1:], record_id="r", field="f")


def test_unknown_cipher_is_a_config_error() -> None:
    with pytest.raises(ConfigError, match="unknown vault cipher"):
        encrypt_field(DataKey.generate(), "x", record_id="r", field="f", cipher="des")  # type: ignore[arg-type]


def test_wrapped_key_is_bound_to_its_record_and_kek() -> None:
    dk = DataKey.generate()
    w = wrap(KS, dk, record_id="v1")
    assert w.kek_id == KS.primary_id
    assert dk.material not in w.to_bytes()
    assert unwrap(KS, WrappedKey.from_bytes(w.to_bytes()), record_id="v1") == dk
    with pytest.raises(DecryptionFailed):
        unwrap(KS, w, record_id="v2")
    with pytest.raises(DecryptionFailed):
        unwrap(Keyset.generate(), w, record_id="v1")  # KEK id unknown to that keyset
    relabelled = WrappedKey(KS.primary_id, w.blob)
    other = Keyset({KS.primary_id: bytes(32)}, KS.primary_id)  # same id, other material
    with pytest.raises(DecryptionFailed):
        unwrap(other, relabelled, record_id="v1")


@given(garbage=st.binary(max_size=80))
def test_garbage_wrapped_keys_fail_opaquely(garbage: bytes) -> None:
    with pytest.raises(DecryptionFailed):
        unwrap(KS, WrappedKey.from_bytes(garbage), record_id="v1")


def test_rewrap_moves_to_the_new_primary_and_leaves_data_untouched() -> None:
    dk = DataKey.generate()
    ct = encrypt_field(dk, "440230196110117612", record_id="v1", field="身份证号")
    w_old = wrap(KS, dk, record_id="v1")
    rotated = KS.rotate()
    w_new = rewrap(rotated, w_old, record_id="v1")
    assert w_new.kek_id == rotated.primary_id != w_old.kek_id
    assert rewrap(rotated, w_new, record_id="v1") is w_new  # already primary: unchanged
    # the old key can now be retired: only the new primary is needed
    only_new = Keyset({rotated.primary_id: rotated.keys[rotated.primary_id]}, rotated.primary_id)
    key = unwrap(only_new, w_new, record_id="v1")
    assert decrypt_field(key, ct, record_id="v1", field="身份证号") == "440230196110117612"
    with pytest.raises(DecryptionFailed):
        unwrap(only_new, w_old, record_id="v1")


def test_data_keys_are_redacted_and_refuse_pickling() -> None:
    dk = DataKey.generate()
    assert dk.material.hex() not in repr(dk)
    with pytest.raises(TypeError, match="cannot be pickled"):
        pickle.dumps(dk)
    with pytest.raises(ConfigError):
        DataKey(b"short")
