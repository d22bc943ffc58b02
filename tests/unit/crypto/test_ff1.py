"""FF1 against the NIST SP 800-38G sample vectors, and round-trip properties."""

from __future__ import annotations

import pickle

import pytest
from hypothesis import given
from hypothesis import strategies as st

from boxguard.crypto import FF1
from boxguard.errors import ConfigError, CryptoError

K128 = "2B7E151628AED2A6ABF7158809CF4F3C"
K192 = K128 + "EF4359D8D580AA4F"
K256 = K192 + "7F036D6F04FC6A94"
T2 = "39383736353433323130"
T3 = "3737373770717273373737"
P10 = "0123456789"
P36 = "0123456789abcdefghi"

NIST = [
    (K128, 10, "", P10, "2433477484"),
    (K128, 10, T2, P10, "6124200773"),
    (K128, 36, T3, P36, "a9tv40mll9kdu509eum"),
    (K192, 10, "", P10, "2830668132"),
    (K192, 10, T2, P10, "2496655549"),
    (K192, 36, T3, P36, "xbj3kv35jrawxv32ysr"),
    (K256, 10, "", P10, "6657667009"),
    (K256, 10, T2, P10, "1001623463"),
    (K256, 36, T3, P36, "xs8a0azh2avyalyzuwd"),
]


@pytest.mark.parametrize(
    ("key", "radix", "tweak", "pt", "ct"), NIST, ids=[f"sample{i}" for i in range(1, 10)]
)
def test_nist_sample_vectors(key: str, radix: int, tweak: str, pt: str, ct: str) -> None:
    ff1 = FF1(bytes.fromhex(key), radix=radix)
    assert ff1.encrypt(pt, bytes.fromhex(tweak)) == ct
    assert ff1.decrypt(ct, bytes.fromhex(tweak)) == pt


@given(
    key=st.binary(min_size=32, max_size=32),
    digits=st.text(alphabet="0123456789", min_size=6, max_size=40),
    tweak=st.binary(max_size=20),
)
def test_round_trip_keeps_format(key: bytes, digits: str, tweak: bytes) -> None:
    ff1 = FF1(key)
    ct = ff1.encrypt(digits, tweak)
    assert len(ct) == len(digits)
    assert ct.isdigit()
    assert ff1.decrypt(ct, tweak) == digits


@given(digits=st.text(alphabet="0123456789", min_size=8, max_size=18))
def test_wrong_key_or_tweak_does_not_decrypt(digits: str) -> None:
    # a collision has probability 10 ** -8 per example at these lengths
    a, b = FF1(bytes(range(16))), FF1(bytes(range(1, 17)))
    ct = a.encrypt(digits, b"t")
    assert b.decrypt(ct, b"t") != digits
    assert a.decrypt(ct, b"u") != digits


def test_small_domain_is_refused() -> None:
    with pytest.raises(CryptoError, match="at least 6"):
        FF1(bytes(16)).encrypt("12345")


def test_foreign_characters_are_refused_without_echoing_them() -> None:
    with pytest.raises(CryptoError) as err:
        FF1(bytes(16)).encrypt("1381234567X")
    assert "1381234567" not in str(err.value)


def test_bad_key_and_alphabet_are_config_errors() -> None:
    with pytest.raises(ConfigError):
        FF1(b"short")
    with pytest.raises(ConfigError):
        FF1(bytes(16), radix=3, alphabet="aab")


def test_key_is_not_shown_nor_pickled() -> None:
    ff1 = FF1(bytes.fromhex(K128))
    assert "2B7E" not in repr(ff1).upper()
    with pytest.raises(TypeError):
        pickle.dumps(ff1)
