"""The vault and the audit log work through the key-provider port alone: a second provider
(in memory, its own key formats, no keyset anywhere) runs put, find, reveal, rotation and
the signing of audit heads; a keyset cannot read what it wrapped."""

from __future__ import annotations

import os
import secrets
from collections import Counter
from datetime import datetime, timezone

import pytest
from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from tests.vault_support import ListAuditLog, clock, people, rules

from boxguard.audit.events import AuditEvent
from boxguard.audit.memory import MemoryAuditLog
from boxguard.audit.verify import verify_log
from boxguard.crypto.envelope import DataKey, WrappedKey
from boxguard.crypto.keys import Keyset
from boxguard.crypto.provider import KeyProvider, KeysetProvider, Signer, as_provider
from boxguard.crypto.signing import SigningKey
from boxguard.errors import DecryptionFailed, KeyNotFound
from boxguard.vault import MemoryVaultStore, PersonField, Vault

PERSON = people(1, seed=11)[0]


class MemoryKms:
    """A stand-in KMS: random KEKs, signers and secrets held in dicts; counts every call."""

    def __init__(self) -> None:
        self._keks: dict[str, bytes] = {}
        self._seeds: dict[str, bytes] = {}
        self._secrets: dict[tuple[str, str], bytes] = {}
        self.calls: Counter[str] = Counter()
        self._primary = ""
        self.rotate()

    def rotate(self) -> str:
        kid = "kms-" + secrets.token_hex(3)
        self._keks[kid] = AESGCM.generate_key(bit_length=256)
        self._seeds[kid] = secrets.token_bytes(32)
        self._primary = kid
        return kid

    def retire(self, kid: str) -> None:
        del self._keks[kid]

    @property
    def primary_id(self) -> str:
        return self._primary

    def key_ids(self) -> tuple[str, ...]:
        return (self._primary, *(k for k in self._keks if k != self._primary))

    def wrap(self, key: DataKey, *, record_id: str) -> WrappedKey:
        self.calls["wrap"] += 1
        nonce = os.urandom(12)
        ad = f"memkms|{self._primary}|{record_id}".encode()
        body = AESGCM(self._keks[self._primary]).encrypt(nonce, key.material, ad)
        return WrappedKey(self._primary, nonce + body)

    def unwrap(self, wrapped: WrappedKey, *, record_id: str) -> DataKey:
        self.calls["unwrap"] += 1
        kek = self._keks.get(wrapped.kek_id)
        if kek is None:
            raise DecryptionFailed
        ad = f"memkms|{wrapped.kek_id}|{record_id}".encode()
        try:
            return DataKey(AESGCM(kek).decrypt(wrapped.blob[:12], wrapped.blob[12:], ad))
        except InvalidTag:
            raise DecryptionFailed from None

    def signer(self, key_id: str | None = None) -> Signer:
        self.calls["signer"] += 1
        return SigningKey(self._seeds[key_id or self._primary])

    def secret(self, purpose: str, key_id: str | None = None) -> bytes:
        self.calls["secret"] += 1
        k = (purpose, key_id or self._primary)
        if k[1] not in self._keks:
            raise KeyNotFound("no such key")
        return self._secrets.setdefault(k, secrets.token_bytes(32))


def _fields() -> list[PersonField]:
    return [PersonField(k, v, PERSON.kinds[k]) for k, v in PERSON.values.items()]


def test_both_providers_satisfy_the_port() -> None:
    assert isinstance(MemoryKms(), KeyProvider)
    ks = Keyset.generate()
    assert isinstance(as_provider(ks), KeysetProvider)
    kms = MemoryKms()
    assert as_provider(kms) is kms


def test_the_vault_runs_on_a_second_provider_and_rotates_through_it() -> None:
    kms, c = MemoryKms(), clock()
    store, log = MemoryVaultStore(), ListAuditLog(c)
    vault = Vault(store, log, c, kms, rules())
    vid = vault.put(_fields(), actor="importer", consent=["after_sales"])
    rec = store.get_record(vid)
    assert rec is not None
    assert rec.wrapped_key is not None
    first = kms.primary_id
    assert WrappedKey.from_bytes(rec.wrapped_key).kek_id == first
    assert kms.calls["wrap"] == 1
    assert kms.calls["secret"] >= 1
    mobile = PERSON.values["手机"]
    assert vault.find("cn_mobile", mobile, actor="t") == [vid]
    assert vault.reveal("wang.cs", vid, ["手机"], "after_sales") == {"手机": mobile}
    assert kms.calls["unwrap"] == 1

    # a keyset (the default provider) knows nothing of these keys
    other = Vault(store, ListAuditLog(c), c, Keyset.generate(), rules())
    with pytest.raises(DecryptionFailed):
        other.reveal("wang.cs", vid, ["手机"], "after_sales")

    # rotation: the data key moves to the new KEK; the old KEK retired; reads still work
    second = kms.rotate()
    assert vault.rotate("ops") == 1
    rec2 = store.get_record(vid)
    assert rec2 is not None
    assert rec2.wrapped_key is not None
    assert WrappedKey.from_bytes(rec2.wrapped_key).kek_id == second
    assert [f.ciphertext for f in rec2.fields] == [f.ciphertext for f in rec.fields]
    kms.retire(first)
    assert vault.reveal("wang.cs", vid, ["姓名"], "after_sales") == {"姓名": PERSON.values["姓名"]}
    assert vault.find("cn_mobile", mobile, actor="t") == [vid]  # re-indexed under the new key
    assert [r.event.action for r in log.recorded].count("rotate") == 1


def test_audit_heads_are_signed_by_the_providers_signer() -> None:
    kms = MemoryKms()
    t = datetime(2026, 3, 2, tzinfo=timezone.utc)
    log = MemoryAuditLog(kms.signer(), lambda: t)
    for i in range(4):
        log.append(AuditEvent(action="reveal", actor=f"u{i}", outcome="ok"))
    assert verify_log(log.recorded, log.heads, kms.signer().public_key).ok
    other = SigningKey.from_keyset(Keyset.generate()).public_key
    assert not verify_log(log.recorded, log.heads, other).ok
