"""The vault's storage port, and what it stores: never a personal value in clear.

A :class:`VaultStore` keeps records (a random vault id, a keyed pseudonym for
the audit log, the wrapped data key), field ciphertexts, blind indexes, and the
access state that changes at run time (users, grants, roles and their limits,
purposes, consent, export approvals). Implementations:
:class:`boxguard.vault.memory.MemoryVaultStore` (tests) and
``boxguard.storage.vault.SqlVaultStore`` (SQLite, PostgreSQL).
Every method raises :class:`boxguard.errors.StorageError` when the back end fails.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator, Sequence
from contextlib import AbstractContextManager, contextmanager
from dataclasses import dataclass, field
from datetime import datetime
from typing import Protocol

from boxguard.access import Grant, Purpose, Role, User


@dataclass(frozen=True)
class StoredField:
    """One field of a record: its name, the kind it holds (if known), its ciphertext, and
    whether it is blind-indexed."""

    name: str
    kind: str | None
    ciphertext: bytes = field(repr=False)
    indexed: bool = False


@dataclass(frozen=True)
class IndexEntry:
    """A blind index of one field: ``tag`` is the kind id or ``column:<name>``."""

    field_name: str
    tag: str
    key_id: str
    mac: bytes = field(repr=False)


@dataclass(frozen=True)
class StoredRecord:
    """A record as stored. ``wrapped_key`` is ``None`` once the record is shredded."""

    vault_id: str
    pseudonym: str
    wrapped_key: bytes | None = field(repr=False)
    fields: tuple[StoredField, ...]
    created_at: datetime
    shredded_at: datetime | None = None


@dataclass(frozen=True)
class ExportApproval:
    """An export asked by ``requester``; ``approver`` set once a second user approved it."""

    id: str
    requester: str
    purpose: str
    records: tuple[str, ...]
    fields: tuple[str, ...]
    created_at: datetime
    approver: str | None = None
    approved_at: datetime | None = None
    used_at: datetime | None = None


class NamedLocks:
    """Locks by name for the threads of one process, each kept while someone holds or
    waits for it (what :meth:`VaultStore.serial` takes first).

    >>> locks = NamedLocks()
    >>> with locks.hold("reveal:li"):
    ...     locks.held()
    ['reveal:li']
    >>> locks.held()
    []
    """

    def __init__(self) -> None:
        self._guard = threading.Lock()
        self._locks: dict[str, tuple[threading.Lock, int]] = {}

    @contextmanager
    def hold(self, name: str) -> Iterator[None]:
        with self._guard:
            lock, users = self._locks.get(name, (None, 0))
            lock = lock or threading.Lock()
            self._locks[name] = (lock, users + 1)
        try:
            with lock:
                yield
        finally:
            with self._guard:
                users = self._locks[name][1] - 1
                if users:
                    self._locks[name] = (lock, users)
                else:
                    del self._locks[name]

    def held(self) -> list[str]:
        """The names held or waited for now."""
        with self._guard:
            return sorted(self._locks)


class VaultStore(Protocol):
    """Where the vault keeps its records and run-time access state."""

    def serial(self, name: str) -> AbstractContextManager[None]:
        """Hold the lock ``name`` for the block, against every thread and process that
        uses this store: a decision and the audit event it rests on are then one step
        (the hourly count and the reveal that raises it, an export's single use)."""
        ...

    # -- records ---------------------------------------------------------------------
    def add_record(self, record: StoredRecord, index: Sequence[IndexEntry]) -> None:
        """Store a new record with its fields and blind indexes, all or nothing."""
        ...

    def get_record(self, vault_id: str) -> StoredRecord | None: ...

    def record_ids(self) -> list[str]:
        """Every vault id that still has a data key (not shredded)."""
        ...

    def find(self, tag: str, macs: Sequence[bytes]) -> list[str]:
        """Vault ids with a field indexed under ``tag`` by any of ``macs``."""
        ...

    def has_tag(self, tag: str) -> bool:
        """Whether any record (not shredded) has a field indexed under ``tag``."""
        ...

    def shred(self, vault_id: str, at: datetime) -> bool:
        """Delete the record's wrapped data key, blind indexes and consent; True if it
        had a key. The record's row (pseudonym, time) and field ciphertexts stay."""
        ...

    def replace_key(
        self, vault_id: str, wrapped_key: bytes, index: Sequence[IndexEntry] | None = None
    ) -> None:
        """Put a rewrapped data key in place (and the re-computed indexes if given)."""
        ...

    # -- access state ------------------------------------------------------------------
    def put_user(self, user: User) -> None:
        """Add or update a user."""
        ...

    def users(self) -> list[User]: ...

    def add_grant(self, grant: Grant) -> None:
        """Add a grant (adding one that exists changes nothing)."""
        ...

    def remove_grant(self, grant: Grant) -> bool: ...

    def grants(self) -> list[Grant]: ...

    def put_role(self, role: Role) -> None:
        """Add or replace a role (its description and limits)."""
        ...

    def remove_role(self, name: str) -> bool: ...

    def roles(self) -> list[Role]: ...

    def add_purpose(self, purpose: Purpose) -> None:
        """Add or replace a purpose."""
        ...

    def remove_purpose(self, name: str) -> bool: ...

    def purposes(self) -> list[Purpose]: ...

    def consent_count(self, purpose: str) -> int:
        """How many records hold consent to ``purpose``."""
        ...

    def set_consent(self, vault_id: str, purposes: frozenset[str]) -> None:
        """Replace the purposes a person consented to (empty: withdrawn)."""
        ...

    def consent(self, vault_id: str) -> frozenset[str]: ...

    def add_approval(self, approval: ExportApproval) -> None: ...

    def get_approval(self, approval_id: str) -> ExportApproval | None: ...

    def update_approval(self, approval: ExportApproval) -> None: ...
