"""CORE: the key-provider port — where the vault and the audit log get their keys.

The vault and the audit log never read a keyset themselves: they ask a
:class:`KeyProvider` to wrap and unwrap data keys under the key-encryption key
(KEK) named by id, for the signer of audit heads (and the public keys of the
signers that signed older heads), and for the keyed-hash secrets of blind
indexes and record pseudonyms. :class:`KeysetProvider` is the default, over
the keyset of ``boxguard keys init``; a KMS (a cloud KMS, an HSM, HashiCorp
Vault transit) plugs in by implementing the same five members (docs/keys.md).

Rules every provider keeps: a wrapped key names the KEK that wrapped it
(``WrappedKey.kek_id``) and binds the record id, so a wrapped key moved to
another record does not unwrap; every unwrap failure is the one opaque
:class:`~boxguard.errors.DecryptionFailed`; key material is never logged,
printed, put in an error or pickled.

>>> from boxguard.crypto.keys import Keyset
>>> from boxguard.crypto.envelope import DataKey
>>> p = as_provider(Keyset.generate())
>>> dk = DataKey.generate()
>>> w = p.wrap(dk, record_id="v-1")
>>> (w.kek_id == p.primary_id, p.unwrap(w, record_id="v-1") == dk)
(True, True)
>>> p.signer().public_key == p.signer(p.primary_id).public_key
True
>>> p.secret("vault-index:email") != p.secret("vault-record-pseudonym")
True
"""

from __future__ import annotations

from typing import Protocol, runtime_checkable

from boxguard.crypto.envelope import DataKey, WrappedKey, unwrap, wrap
from boxguard.crypto.keys import Keyset
from boxguard.crypto.signing import SigningKey, VerifyKey


@runtime_checkable
class Signer(Protocol):
    """What signs audit heads: Ed25519, named by the id of its public key."""

    @property
    def key_id(self) -> str: ...

    @property
    def public_key(self) -> VerifyKey: ...

    def sign(self, message: bytes) -> bytes: ...


@runtime_checkable
class KeyProvider(Protocol):
    """The keys of the vault and the audit log, by id (the port a KMS implements)."""

    @property
    def primary_id(self) -> str:
        """The id of the key new data keys are wrapped under and new heads signed with."""
        ...

    def key_ids(self) -> tuple[str, ...]:
        """Every key id the provider still holds, the primary first (older ones unwrap
        data keys not yet rotated and verify heads they signed)."""
        ...

    def wrap(self, key: DataKey, *, record_id: str) -> WrappedKey:
        """``key`` wrapped under the primary KEK, bound to ``record_id``."""
        ...

    def unwrap(self, wrapped: WrappedKey, *, record_id: str) -> DataKey:
        """The data key, under the KEK ``wrapped.kek_id``; DecryptionFailed otherwise."""
        ...

    def signer(self, key_id: str | None = None) -> Signer:
        """The signer of key ``key_id`` (default: the primary)."""
        ...

    def secret(self, purpose: str, key_id: str | None = None) -> bytes:
        """A 32-byte secret for a keyed hash (``vault-index:<kind>``,
        ``vault-record-pseudonym``) of key ``key_id`` (default: the primary)."""
        ...


class KeysetProvider:
    """The default provider: every key derived (HKDF-SHA-256) from a keyset's keys."""

    def __init__(self, keyset: Keyset) -> None:
        self._keyset = keyset

    def __repr__(self) -> str:
        return f"KeysetProvider({self._keyset!r})"

    def __reduce__(self) -> tuple[object, ...]:
        raise TypeError("key providers hold secrets and cannot be pickled")

    @property
    def keyset(self) -> Keyset:
        return self._keyset

    @property
    def primary_id(self) -> str:
        return self._keyset.primary_id

    def key_ids(self) -> tuple[str, ...]:
        primary = self._keyset.primary_id
        return (primary, *(k for k in self._keyset.keys if k != primary))

    def wrap(self, key: DataKey, *, record_id: str) -> WrappedKey:
        return wrap(self._keyset, key, record_id=record_id)

    def unwrap(self, wrapped: WrappedKey, *, record_id: str) -> DataKey:
        return unwrap(self._keyset, wrapped, record_id=record_id)

    def signer(self, key_id: str | None = None) -> Signer:
        return SigningKey.from_keyset(self._keyset, key_id)

    def secret(self, purpose: str, key_id: str | None = None) -> bytes:
        return self._keyset.derive(purpose, key_id=key_id)


def as_provider(keys: Keyset | KeyProvider) -> KeyProvider:
    """``keys`` as a provider: a keyset goes behind :class:`KeysetProvider`."""
    return KeysetProvider(keys) if isinstance(keys, Keyset) else keys


def public_keys(provider: KeyProvider) -> list[VerifyKey]:
    """The public key of every signer the provider holds (older heads verify with them)."""
    return [provider.signer(k).public_key for k in provider.key_ids()]
