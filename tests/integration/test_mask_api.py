"""The Python API: `boxguard.mask_text` and `boxguard.mask_record` mask as `mask` does."""

from __future__ import annotations

from pathlib import Path

import pytest

import boxguard
from boxguard.crypto.keys import Keyset
from boxguard.errors import ConfigError, InputError
from boxguard.io.keys import write_keyset

RECORD = {
    "id": 7,
    "guest": {"姓名": "张伟", "证件号码": "G12345678", "手机": 13812345678},
    "docs": [{"证件号码": "11010519491231002X"}],
    "note": "改送13912345678",
    "vip": True,
}


def test_mask_record_keeps_shape_and_masks_by_key() -> None:
    out = boxguard.mask_record(RECORD, policy="customer-service")
    assert out["id"] == 7
    assert out["vip"] is True
    assert set(out) == set(RECORD)
    flat = repr(out)
    for value in ("张伟", "G12345678", "13812345678", "11010519491231002X", "13912345678"):
        assert value not in flat
    assert RECORD["guest"]["证件号码"] == "G12345678"  # type: ignore[index]  # not changed in place


def test_mask_record_fpe_needs_keys_and_encrypts_documents(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="keys init"):
        boxguard.mask_record(RECORD, policy="hotel-front-desk", keys=str(tmp_path / "none"))
    keys = tmp_path / "k"
    write_keyset(keys, Keyset.generate())
    out = boxguard.mask_record(RECORD, policy="hotel-front-desk", keys=str(keys))
    passport = out["guest"]["证件号码"]  # type: ignore[index]
    assert passport != "G12345678"
    assert len(passport) == 9  # format kept: FF1-encrypted, reversible by unmask
    assert passport[0] == "G"


def test_mask_text_and_errors() -> None:
    assert "13812345678" not in boxguard.mask_text("手机13812345678", policy="privacy-waybill")
    with pytest.raises(ConfigError, match="role"):
        boxguard.mask_text("x", policy="privacy-waybill", role="nobody")
    with pytest.raises(InputError):
        boxguard.mask_record(["not", "a", "record"])  # type: ignore[arg-type]
