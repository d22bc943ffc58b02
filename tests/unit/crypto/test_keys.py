from __future__ import annotations

import json
import pickle

import pytest

from boxguard.crypto.keys import Keyset
from boxguard.errors import ConfigError, CryptoError


def test_round_trip_and_purpose_separation() -> None:
    ks = Keyset.generate()
    again = Keyset.from_json(ks.to_json())
    assert again.derive("fpe") == ks.derive("fpe")
    assert ks.derive("fpe") != ks.derive("pseudonymize")
    assert len(ks.derive("token", length=16)) == 16


def test_rotation_keeps_old_keys_and_changes_primary() -> None:
    ks = Keyset.generate()
    rotated = ks.rotate()
    assert rotated.primary_id != ks.primary_id
    assert rotated.derive("fpe", key_id=ks.primary_id) == ks.derive("fpe")
    assert rotated.derive("fpe") != ks.derive("fpe")


def test_secrets_never_shown_or_pickled() -> None:
    ks = Keyset.generate()
    material = ks.keys[ks.primary_id]
    assert material.hex() not in repr(ks)
    assert "keys=<1 redacted>" in repr(ks)
    assert all(set(d) == {"id", "primary"} for d in ks.describe())
    with pytest.raises(TypeError):
        pickle.dumps(ks)


@pytest.mark.parametrize(
    "text",
    ["", "{}", "[]", '{"format": "other"}', json.dumps({"format": "boxguard-keyset/1"})],
)
def test_malformed_keysets_are_config_errors(text: str) -> None:
    with pytest.raises(ConfigError):
        Keyset.from_json(text)


def test_unknown_key_id_is_a_crypto_error() -> None:
    with pytest.raises(CryptoError):
        Keyset.generate().derive("fpe", key_id="nope")
