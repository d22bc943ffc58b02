"""An in-memory :class:`~boxguard.vault.store.VaultStore` (tests, one-shot runs).

Holds the same things the SQL store does and nothing more: ciphertexts,
wrapped keys, blind indexes, users, grants, roles, purposes, consent, approvals.

>>> from datetime import datetime, timezone
>>> from boxguard.vault.store import StoredRecord
>>> s = MemoryVaultStore()
>>> now = datetime(2026, 1, 1, tzinfo=timezone.utc)
>>> s.add_record(StoredRecord("v1", "r-1", b"k", (), now), [])
>>> s.record_ids(), s.shred("v1", now), s.record_ids()
(['v1'], True, [])
"""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence
from contextlib import AbstractContextManager
from datetime import datetime

from boxguard.access import Grant, Purpose, Role, User
from boxguard.errors import StorageError
from boxguard.vault.store import ExportApproval, IndexEntry, NamedLocks, StoredRecord


class MemoryVaultStore:
    def __init__(self) -> None:
        self._records: dict[str, StoredRecord] = {}
        self._index: dict[str, list[IndexEntry]] = {}
        self._users: dict[str, User] = {}
        self._grants: list[Grant] = []
        self._consent: dict[str, frozenset[str]] = {}
        self._roles: dict[str, Role] = {}
        self._purposes: dict[str, Purpose] = {}
        self._approvals: dict[str, ExportApproval] = {}
        self._serial = NamedLocks()

    def serial(self, name: str) -> AbstractContextManager[None]:
        """A lock of this process: nothing else sees this store."""
        return self._serial.hold(name)

    def add_record(self, record: StoredRecord, index: Sequence[IndexEntry]) -> None:
        if record.vault_id in self._records:
            raise StorageError("a record with this vault id exists already")
        self._records[record.vault_id] = record
        self._index[record.vault_id] = list(index)

    def get_record(self, vault_id: str) -> StoredRecord | None:
        return self._records.get(vault_id)

    def record_ids(self) -> list[str]:
        return sorted(v for v, r in self._records.items() if r.wrapped_key is not None)

    def find(self, tag: str, macs: Sequence[bytes]) -> list[str]:
        wanted = set(macs)
        return sorted(
            v
            for v, entries in self._index.items()
            if any(e.tag == tag and e.mac in wanted for e in entries)
        )

    def has_tag(self, tag: str) -> bool:
        return any(e.tag == tag for entries in self._index.values() for e in entries)

    def shred(self, vault_id: str, at: datetime) -> bool:
        rec = self._records.get(vault_id)
        if rec is None or rec.wrapped_key is None:
            return False
        self._records[vault_id] = dataclasses.replace(rec, wrapped_key=None, shredded_at=at)
        self._index.pop(vault_id, None)
        self._consent.pop(vault_id, None)
        return True

    def replace_key(
        self, vault_id: str, wrapped_key: bytes, index: Sequence[IndexEntry] | None = None
    ) -> None:
        rec = self._records[vault_id]
        self._records[vault_id] = dataclasses.replace(rec, wrapped_key=wrapped_key)
        if index is not None:
            self._index[vault_id] = list(index)

    def put_user(self, user: User) -> None:
        self._users[user.name] = user

    def users(self) -> list[User]:
        return sorted(self._users.values(), key=lambda u: u.name)

    def add_grant(self, grant: Grant) -> None:
        if grant not in self._grants:
            self._grants.append(grant)

    def remove_grant(self, grant: Grant) -> bool:
        if grant in self._grants:
            self._grants.remove(grant)
            return True
        return False

    def grants(self) -> list[Grant]:
        return list(self._grants)

    def put_role(self, role: Role) -> None:
        self._roles[role.name] = role

    def remove_role(self, name: str) -> bool:
        return self._roles.pop(name, None) is not None

    def roles(self) -> list[Role]:
        return [self._roles[n] for n in sorted(self._roles)]

    def add_purpose(self, purpose: Purpose) -> None:
        self._purposes[purpose.name] = purpose

    def remove_purpose(self, name: str) -> bool:
        return self._purposes.pop(name, None) is not None

    def purposes(self) -> list[Purpose]:
        return [self._purposes[n] for n in sorted(self._purposes)]

    def consent_count(self, purpose: str) -> int:
        return sum(1 for held in self._consent.values() if purpose in held)

    def set_consent(self, vault_id: str, purposes: frozenset[str]) -> None:
        self._consent[vault_id] = frozenset(purposes)

    def consent(self, vault_id: str) -> frozenset[str]:
        return self._consent.get(vault_id, frozenset())

    def add_approval(self, approval: ExportApproval) -> None:
        self._approvals[approval.id] = approval

    def get_approval(self, approval_id: str) -> ExportApproval | None:
        return self._approvals.get(approval_id)

    def update_approval(self, approval: ExportApproval) -> None:
        self._approvals[approval.id] = approval
