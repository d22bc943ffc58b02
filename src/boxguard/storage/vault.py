"""ADAPTER: the vault's records and run-time access state in SQL (SQLite, PostgreSQL).

Implements :class:`boxguard.vault.VaultStore`. What is stored: random vault
ids and their keyed audit pseudonyms, wrapped data keys (with their KEK id),
field names, kinds and ciphertexts, truncated keyed blind indexes, staff
users, grants, roles (with their limits) and purposes added at run time,
consent purposes and export approvals. Never a personal value in clear, never
a key in clear. Tables are created by migrations ``0003_vault``, ``0007_roles`` and
``0008_access_version``; ``migrate`` brings a database to them. Users, grants, roles and
purposes are cached per process and re-read only when the access version (bumped in the
same transaction as each change) moved.
"""

from __future__ import annotations

import contextlib
import fcntl
import hashlib
import json
import os
import threading
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import (
    BigInteger,
    Boolean,
    CheckConstraint,
    Column,
    Connection,
    DateTime,
    Engine,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    String,
    Table,
    Text,
    delete,
    func,
    insert,
    select,
    text,
    update,
)
from sqlalchemy.exc import IntegrityError, SQLAlchemyError

from boxguard.access import Grant, Limits, Purpose, Role, User, hours_spec, parse_hours
from boxguard.crypto.envelope import WrappedKey
from boxguard.errors import StorageError
from boxguard.storage.db import raw_rows, reason, utc
from boxguard.storage.schema import metadata
from boxguard.vault.store import (
    ExportApproval,
    IndexEntry,
    NamedLocks,
    StoredField,
    StoredRecord,
)

vault_records = Table(
    "bg_vault_records",
    metadata,
    Column("vault_id", String(40), primary_key=True),
    # HMAC of the vault id: what audit events name
    Column("pseudonym", String(40), nullable=False, unique=True),
    Column("created_at", DateTime(timezone=True), nullable=False),
    Column("shredded_at", DateTime(timezone=True), nullable=True),
)

vault_keys = Table(
    "bg_vault_keys",
    metadata,
    Column(
        "vault_id",
        String(40),
        ForeignKey("bg_vault_records.vault_id", ondelete="CASCADE"),
        primary_key=True,
    ),
    Column("kek_id", String(64), nullable=False),
    # the data key, AES-256-GCM under the KEK; deleting this row shreds the record
    Column("wrapped_key", LargeBinary, nullable=False),
)

vault_fields = Table(
    "bg_vault_fields",
    metadata,
    Column(
        "vault_id",
        String(40),
        ForeignKey("bg_vault_records.vault_id", ondelete="CASCADE"),
        primary_key=True,
    ),
    Column("name", String(200), primary_key=True),
    Column("position", Integer, nullable=False),
    Column("kind", String(40), nullable=True),
    Column("indexed", Boolean, nullable=False),
    # AES-256-GCM (or SM4-GCM) under the record's data key, AD = (vault id, name)
    Column("ciphertext", LargeBinary, nullable=False),
)

vault_index = Table(
    "bg_vault_index",
    metadata,
    Column(
        "vault_id",
        String(40),
        ForeignKey("bg_vault_records.vault_id", ondelete="CASCADE"),
        primary_key=True,
    ),
    Column("field_name", String(200), primary_key=True),
    Column("tag", String(240), nullable=False),
    Column("key_id", String(64), nullable=False),
    # HMAC-SHA-256 of the index form, truncated to 16 bytes
    Column("mac", LargeBinary(32), nullable=False),
    Index("ix_bg_vault_index_tag_mac", "tag", "mac"),
)

users = Table(
    "bg_users",
    metadata,
    Column("name", String(64), primary_key=True),
    Column("role", String(64), nullable=False),
    Column("active", Boolean, nullable=False),
)

grants = Table(
    "bg_grants",
    metadata,
    Column("role", String(64), primary_key=True),
    Column("action", String(20), primary_key=True),
    Column("field", String(200), primary_key=True),
    Column("purpose", String(64), primary_key=True),
)

purposes = Table(
    "bg_purposes",
    metadata,
    Column("name", String(64), primary_key=True),
    Column("description", String(200), nullable=False),
)

roles = Table(
    "bg_roles",
    metadata,
    Column("name", String(64), primary_key=True),
    Column("description", String(200), nullable=False),
    # limits: all three NULL = none; working hours as written, HH:MM-HH:MM
    Column("reveals_per_hour", Integer, nullable=True),
    Column("working_hours", String(11), nullable=True),
    Column("timezone", String(64), nullable=True),
    CheckConstraint(
        "reveals_per_hour IS NULL OR reveals_per_hour >= 0", name="ck_bg_roles_reveals"
    ),
)

consent = Table(
    "bg_consent",
    metadata,
    Column(
        "vault_id",
        String(40),
        ForeignKey("bg_vault_records.vault_id", ondelete="CASCADE"),
        primary_key=True,
    ),
    Column("purpose", String(64), primary_key=True),
)

#: One row: bumped in the same transaction as every change of users, grants, roles or
#: purposes, so a process keeps them cached and re-reads them only after a change.
access_version = Table(
    "bg_access_version",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("n", BigInteger, nullable=False),
)

export_approvals = Table(
    "bg_export_approvals",
    metadata,
    Column("id", String(40), primary_key=True),
    Column("requester", String(64), nullable=False),
    Column("purpose", String(64), nullable=False),
    # JSON lists of vault ids and field names (never values)
    Column("records", Text, nullable=False),
    Column("fields", Text, nullable=False),
    Column("created_at", DateTime(timezone=True), nullable=False),
    Column("approver", String(64), nullable=True),
    Column("approved_at", DateTime(timezone=True), nullable=True),
    Column("used_at", DateTime(timezone=True), nullable=True),
)


_GET_RECORD = (
    "SELECT r.vault_id, r.pseudonym, r.created_at, r.shredded_at, k.wrapped_key, "
    "f.name, f.kind, f.ciphertext, f.indexed, f.position AS pos, NULL AS purpose "
    "FROM bg_vault_records r "
    "LEFT OUTER JOIN bg_vault_keys k ON k.vault_id = r.vault_id "
    "LEFT OUTER JOIN bg_vault_fields f ON f.vault_id = r.vault_id "
    "WHERE r.vault_id = ? "
    # the record's consent in the same round trip (rows whose purpose is set)
    "UNION ALL SELECT NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, c.purpose "
    "FROM bg_consent c WHERE c.vault_id = ? ORDER BY pos"
)


def _role(r: Any) -> Role:
    """A role from its row (limits when any limit column is set)."""
    if r.reveals_per_hour is None and r.working_hours is None and r.timezone is None:
        return Role(r.name, r.description, None)
    hours = parse_hours(r.working_hours) if r.working_hours is not None else None
    limits = Limits(r.reveals_per_hour, hours, r.timezone or "Asia/Shanghai")
    return Role(r.name, r.description, limits)


def _when(value: datetime | str | None) -> datetime | None:
    """A datetime column as a raw read gives it (SQLite: text).

    >>> _when("2026-12-06 18:00:00.000001")
    datetime.datetime(2026, 12, 6, 18, 0, 0, 1)
    """
    return datetime.fromisoformat(value) if isinstance(value, str) else value


def _failed(err: Exception) -> StorageError:
    return StorageError(f"vault store failed: {type(err).__name__}")


_VERSION = "SELECT n FROM bg_access_version WHERE id = 1"
_CONSENT = "SELECT purpose FROM bg_consent WHERE vault_id = ?"
#: The statement that moves the access version (in the transaction of the change)
BUMP_ACCESS = (
    update(access_version).where(access_version.c.id == 1).values(n=access_version.c.n + 1)
)


@dataclass(frozen=True)
class _Access:
    """Users, grants, roles and purposes as of one access version."""

    version: int
    users: list[User]
    grants: list[Grant]
    roles: list[Role]
    purposes: list[Purpose]


class SqlVaultStore:
    """The vault's tables in one SQL database (migrated with :func:`boxguard.storage.migrate`)."""

    def __init__(self, engine: Engine, reads: Engine | None = None) -> None:
        self._engine = engine
        #: short reads (:func:`boxguard.storage.db.reader`); writes always use ``engine``
        self._reads = reads or engine
        self._local = threading.local()
        self._access: _Access | None = None
        self._serial = NamedLocks()

    @contextmanager
    def serial(self, name: str) -> Iterator[None]:
        """Hold the lock ``name`` for the block against every thread and process using this
        database: the threads of this process queue first (one holds a connection or file
        at a time); then PostgreSQL takes a transaction-scoped advisory lock
        (``pg_advisory_xact_lock``) on a connection of its own, a SQLite file ``flock``
        on ``FILE-lock`` beside it (created 0600), and nothing more is needed for an
        in-memory database, which no other process sees. Released at the block's end,
        and by the database or the kernel if this process dies holding it."""
        with self._serial.hold(name):
            if self._engine.dialect.name == "postgresql":
                with self._advisory_lock(name):
                    yield
            elif self._engine.dialect.name == "sqlite" and _sqlite_file(self._engine):
                with _file_lock(f"{self._engine.url.database}-lock"):
                    yield
            else:
                yield

    @contextmanager
    def _advisory_lock(self, name: str) -> Iterator[None]:
        digest = hashlib.sha256(b"boxguard-serial:" + name.encode()).digest()
        key = int.from_bytes(digest[:8], "big", signed=True)
        try:
            conn = self._engine.connect()
        except SQLAlchemyError as err:
            raise _failed(err) from None
        with conn:  # closing it rolls back: the lock goes with the transaction
            try:
                conn.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": key})
            except SQLAlchemyError as err:
                raise _failed(err) from None
            yield

    def __repr__(self) -> str:
        return f"SqlVaultStore({self._engine.url.render_as_string(hide_password=True)!r})"

    @contextmanager
    def reading(self) -> Iterator[None]:
        """Reads of this thread inside the block share one connection (one pool checkout
        instead of one per read: a reveal reads the record, consent, users and grants).
        Writes never use it; nested blocks reuse the outer one."""
        if getattr(self._local, "conn", None) is not None:
            yield
            return
        try:
            conn = self._reads.connect()
        except SQLAlchemyError as err:
            raise _failed(err) from None
        self._local.conn = conn
        try:
            yield
        finally:
            self._local.conn = None
            if not getattr(self._local, "same", False):
                self._local.access = None
            self._local.consent = None
            conn.close()

    @contextmanager
    def same_access(self) -> Iterator[None]:
        """Reads of this thread inside the block see users, grants, roles, purposes and the
        access version as of one read of the version (at the first need): what one request
        decides on. Where reads and writes share one pool (SQLite) it holds no connection,
        so a write inside the block (the audit append) never waits for a connection its
        own block holds; where reads have a pool of their own it is :meth:`reading`."""
        if getattr(self._local, "same", False):
            yield
            return
        if self._reads is not self._engine:
            # reads have their own pool (a server database): holding one of its connections
            # never keeps a write waiting, so the whole block shares one
            with self.reading():
                yield
            return
        self._local.same = True
        try:
            yield
        finally:
            self._local.same = False
            self._local.access = None

    @contextmanager
    def _read(self) -> Iterator[Connection]:
        """The thread's shared read connection inside :meth:`reading`, else a fresh one."""
        shared: Connection | None = getattr(self._local, "conn", None)
        if shared is not None:
            yield shared
            return
        with self._reads.connect() as conn:
            yield conn

    # -- records ---------------------------------------------------------------------
    def add_record(self, record: StoredRecord, index: Sequence[IndexEntry]) -> None:
        if record.wrapped_key is None:
            raise StorageError("a new record needs its wrapped data key")
        kek_id = WrappedKey.from_bytes(record.wrapped_key).kek_id
        try:
            with self._engine.begin() as conn:
                conn.execute(
                    insert(vault_records).values(
                        vault_id=record.vault_id,
                        pseudonym=record.pseudonym,
                        created_at=record.created_at,
                    )
                )
                conn.execute(
                    insert(vault_keys).values(
                        vault_id=record.vault_id, kek_id=kek_id, wrapped_key=record.wrapped_key
                    )
                )
                conn.execute(
                    insert(vault_fields),
                    [
                        {
                            "vault_id": record.vault_id,
                            "name": f.name,
                            "position": i,
                            "kind": f.kind,
                            "indexed": f.indexed,
                            "ciphertext": f.ciphertext,
                        }
                        for i, f in enumerate(record.fields)
                    ],
                )
                if index:
                    conn.execute(insert(vault_index), self._index_rows(record.vault_id, index))
        except SQLAlchemyError as err:
            raise _failed(err) from None

    @staticmethod
    def _index_rows(vault_id: str, index: Sequence[IndexEntry]) -> list[dict[str, Any]]:
        return [
            {
                "vault_id": vault_id,
                "field_name": e.field_name,
                "tag": e.tag,
                "key_id": e.key_id,
                "mac": e.mac,
            }
            for e in index
        ]

    def get_record(self, vault_id: str) -> StoredRecord | None:
        # one round trip: the record, its key (none once shredded), its fields and its
        # consent; every reveal and show reads it, so it goes straight through the driver.
        # Inside a reading block the consent is kept for :meth:`consent` of this record.
        try:
            with self._read() as conn:
                both = raw_rows(conn, _GET_RECORD, (vault_id, vault_id))
        except Exception as err:  # SQLAlchemy's, or the driver's own
            raise _failed(err) from None
        rows = [r for r in both if r[10] is None]
        if getattr(self._local, "conn", None) is not None:
            self._local.consent = (vault_id, frozenset(str(r[10]) for r in both if r[10]))
        if not rows:
            return None
        vid, pseudonym, created_at, shredded_at, wrapped = rows[0][:5]
        created = utc(_when(created_at))
        assert created is not None
        return StoredRecord(
            vault_id=vid,
            pseudonym=pseudonym,
            wrapped_key=bytes(wrapped) if wrapped is not None else None,
            fields=tuple(
                StoredField(name, kind, bytes(ct), bool(indexed))
                for *_, name, kind, ct, indexed, _pos, _purpose in rows
                if name is not None
            ),
            created_at=created,
            shredded_at=utc(_when(shredded_at)),
        )

    def record_ids(self) -> list[str]:
        try:
            with self._engine.connect() as conn:
                ids = conn.execute(select(vault_keys.c.vault_id).order_by(vault_keys.c.vault_id))
                return [str(v) for v in ids.scalars()]
        except SQLAlchemyError as err:
            raise _failed(err) from None

    def find(self, tag: str, macs: Sequence[bytes]) -> list[str]:
        if not macs:
            return []
        query = (
            select(vault_index.c.vault_id)
            .where(vault_index.c.tag == tag, vault_index.c.mac.in_(list(macs)))
            .distinct()
            .order_by(vault_index.c.vault_id)
        )
        try:
            with self._engine.connect() as conn:
                return [str(v) for v in conn.execute(query).scalars()]
        except SQLAlchemyError as err:
            raise _failed(err) from None

    def has_tag(self, tag: str) -> bool:
        query = select(vault_index.c.vault_id).where(vault_index.c.tag == tag).limit(1)
        try:
            with self._engine.connect() as conn:
                return conn.execute(query).first() is not None
        except SQLAlchemyError as err:
            raise _failed(err) from None

    def shred(self, vault_id: str, at: datetime) -> bool:
        self._local.consent = None  # what a record read kept is no longer so
        try:
            with self._engine.begin() as conn:
                gone = conn.execute(delete(vault_keys).where(vault_keys.c.vault_id == vault_id))
                if not gone.rowcount:
                    return False
                conn.execute(delete(vault_index).where(vault_index.c.vault_id == vault_id))
                conn.execute(delete(consent).where(consent.c.vault_id == vault_id))
                conn.execute(
                    update(vault_records)
                    .where(vault_records.c.vault_id == vault_id)
                    .values(shredded_at=at)
                )
                return True
        except SQLAlchemyError as err:
            raise _failed(err) from None

    def replace_key(
        self, vault_id: str, wrapped_key: bytes, index: Sequence[IndexEntry] | None = None
    ) -> None:
        kek_id = WrappedKey.from_bytes(wrapped_key).kek_id
        try:
            with self._engine.begin() as conn:
                done = conn.execute(
                    update(vault_keys)
                    .where(vault_keys.c.vault_id == vault_id)
                    .values(kek_id=kek_id, wrapped_key=wrapped_key)
                )
                if not done.rowcount:
                    raise StorageError("no data key to replace for this vault id")
                if index is not None:
                    conn.execute(delete(vault_index).where(vault_index.c.vault_id == vault_id))
                    if index:
                        conn.execute(insert(vault_index), self._index_rows(vault_id, index))
        except SQLAlchemyError as err:
            raise _failed(err) from None

    # -- access state --------------------------------------------------------------------
    def put_user(self, user: User) -> None:
        try:
            with self._engine.begin() as conn:
                conn.execute(delete(users).where(users.c.name == user.name))
                conn.execute(
                    insert(users).values(name=user.name, role=user.role, active=user.active)
                )
                conn.execute(BUMP_ACCESS)
        except SQLAlchemyError as err:
            raise _failed(err) from None

    def users(self) -> list[User]:
        return list(self._current().users)

    def access_version(self) -> int:
        """The access version as committed now (read once inside a :meth:`reading` block):
        it moves with every change of users, grants, roles, purposes and API tokens, so
        whatever a process derives from those may be kept while it stands still."""
        return self._current().version

    def _current(self) -> _Access:
        """Users, grants, roles and purposes as committed now: one read of the access
        version, and of the tables only when it moved (another process, or this one,
        changed them). Inside a :meth:`reading` or :meth:`same_access` block the version is
        read once."""
        held: _Access | None = getattr(self._local, "access", None)
        if held is not None:
            return held
        try:
            with self._read() as conn:
                ((version,),) = raw_rows(conn, _VERSION)
                cached = self._access
                if cached is None or cached.version != version:
                    # read after the version: a change committed in between makes the next
                    # call read again, never keeps a newer version over older rows
                    cached = _Access(
                        version,
                        self._read_users(conn),
                        self._read_grants(conn),
                        [_role(r) for r in conn.execute(select(roles).order_by(roles.c.name))],
                        [
                            Purpose(r.name, r.description)
                            for r in conn.execute(select(purposes).order_by(purposes.c.name))
                        ],
                    )
                    self._access = cached
        except Exception as err:  # SQLAlchemy's, or the driver's own
            raise _failed(err) from None
        if getattr(self._local, "conn", None) is not None or getattr(self._local, "same", False):
            self._local.access = cached
        return cached

    @staticmethod
    def _read_users(conn: Connection) -> list[User]:
        rows = conn.execute(select(users).order_by(users.c.name)).all()
        return [User(r.name, r.role, bool(r.active)) for r in rows]

    @staticmethod
    def _read_grants(conn: Connection) -> list[Grant]:
        rows = conn.execute(
            select(grants).order_by(
                grants.c.role, grants.c.action, grants.c.field, grants.c.purpose
            )
        ).all()
        return [Grant(r.role, r.field, r.purpose, r.action) for r in rows]

    def add_grant(self, grant: Grant) -> None:
        row = {
            "role": grant.role,
            "action": grant.action,
            "field": grant.field,
            "purpose": grant.purpose,
        }
        try:
            with self._engine.begin() as conn:
                exists = conn.execute(
                    select(grants.c.role).where(*(grants.c[k] == v for k, v in row.items()))
                ).first()
                if exists is None:
                    conn.execute(insert(grants).values(**row))
                    conn.execute(BUMP_ACCESS)
        except IntegrityError:
            return  # another process added the same grant first
        except SQLAlchemyError as err:
            raise _failed(err) from None

    def remove_grant(self, grant: Grant) -> bool:
        cond = (
            grants.c.role == grant.role,
            grants.c.action == grant.action,
            grants.c.field == grant.field,
            grants.c.purpose == grant.purpose,
        )
        try:
            with self._engine.begin() as conn:
                removed = bool(conn.execute(delete(grants).where(*cond)).rowcount)
                if removed:
                    conn.execute(BUMP_ACCESS)
                return removed
        except SQLAlchemyError as err:
            raise _failed(err) from None

    def grants(self) -> list[Grant]:
        return list(self._current().grants)

    def put_role(self, role: Role) -> None:
        lim = role.limits
        row = {
            "name": role.name,
            "description": role.description,
            "reveals_per_hour": lim.reveals_per_hour if lim else None,
            "working_hours": hours_spec(lim.working_hours) if lim and lim.working_hours else None,
            "timezone": lim.timezone if lim else None,
        }
        try:
            with self._engine.begin() as conn:
                conn.execute(delete(roles).where(roles.c.name == role.name))
                conn.execute(insert(roles).values(**row))
                conn.execute(BUMP_ACCESS)
        except SQLAlchemyError as err:
            raise _failed(err) from None

    def remove_role(self, name: str) -> bool:
        try:
            with self._engine.begin() as conn:
                removed = bool(conn.execute(delete(roles).where(roles.c.name == name)).rowcount)
                if removed:
                    conn.execute(BUMP_ACCESS)
                return removed
        except SQLAlchemyError as err:
            raise _failed(err) from None

    def roles(self) -> list[Role]:
        return list(self._current().roles)

    def add_purpose(self, purpose: Purpose) -> None:
        try:
            with self._engine.begin() as conn:
                conn.execute(delete(purposes).where(purposes.c.name == purpose.name))
                conn.execute(
                    insert(purposes).values(name=purpose.name, description=purpose.description)
                )
                conn.execute(BUMP_ACCESS)
        except SQLAlchemyError as err:
            raise _failed(err) from None

    def remove_purpose(self, name: str) -> bool:
        try:
            with self._engine.begin() as conn:
                gone = delete(purposes).where(purposes.c.name == name)
                removed = bool(conn.execute(gone).rowcount)
                if removed:
                    conn.execute(BUMP_ACCESS)
                return removed
        except SQLAlchemyError as err:
            raise _failed(err) from None

    def purposes(self) -> list[Purpose]:
        return list(self._current().purposes)

    def consent_count(self, purpose: str) -> int:
        try:
            with self._read() as conn:
                n = conn.execute(
                    select(func.count()).select_from(consent).where(consent.c.purpose == purpose)
                ).scalar_one()
        except SQLAlchemyError as err:
            raise _failed(err) from None
        return int(n)

    def set_consent(self, vault_id: str, purposes: frozenset[str]) -> None:
        self._local.consent = None  # what a record read kept is no longer so
        try:
            with self._engine.begin() as conn:
                conn.execute(delete(consent).where(consent.c.vault_id == vault_id))
                if purposes:
                    conn.execute(
                        insert(consent),
                        [{"vault_id": vault_id, "purpose": p} for p in sorted(purposes)],
                    )
        except SQLAlchemyError as err:
            raise _failed(err) from None

    def consent(self, vault_id: str) -> frozenset[str]:
        held: tuple[str, frozenset[str]] | None = getattr(self._local, "consent", None)
        if held is not None and held[0] == vault_id:  # read with the record, this block
            return held[1]
        try:
            with self._read() as conn:
                rows = raw_rows(conn, _CONSENT, (vault_id,))
        except Exception as err:  # SQLAlchemy's, or the driver's own
            raise _failed(err) from None
        return frozenset(str(p) for (p,) in rows)

    def add_approval(self, approval: ExportApproval) -> None:
        try:
            with self._engine.begin() as conn:
                conn.execute(insert(export_approvals).values(**self._approval_row(approval)))
        except SQLAlchemyError as err:
            raise _failed(err) from None

    @staticmethod
    def _approval_row(a: ExportApproval) -> dict[str, Any]:
        return {
            "id": a.id,
            "requester": a.requester,
            "purpose": a.purpose,
            "records": json.dumps(list(a.records)),
            "fields": json.dumps(list(a.fields), ensure_ascii=False),
            "created_at": a.created_at,
            "approver": a.approver,
            "approved_at": a.approved_at,
            "used_at": a.used_at,
        }

    def get_approval(self, approval_id: str) -> ExportApproval | None:
        try:
            with self._engine.connect() as conn:
                r = conn.execute(
                    select(export_approvals).where(export_approvals.c.id == approval_id)
                ).one_or_none()
        except SQLAlchemyError as err:
            raise _failed(err) from None
        if r is None:
            return None
        created = utc(r.created_at)
        assert created is not None
        return ExportApproval(
            id=r.id,
            requester=r.requester,
            purpose=r.purpose,
            records=tuple(json.loads(r.records)),
            fields=tuple(json.loads(r.fields)),
            created_at=created,
            approver=r.approver,
            approved_at=utc(r.approved_at),
            used_at=utc(r.used_at),
        )

    def update_approval(self, approval: ExportApproval) -> None:
        row = self._approval_row(approval)
        row.pop("id")
        try:
            with self._engine.begin() as conn:
                conn.execute(
                    update(export_approvals)
                    .where(export_approvals.c.id == approval.id)
                    .values(**row)
                )
        except SQLAlchemyError as err:
            raise _failed(err) from None


def _sqlite_file(engine: Engine) -> bool:
    """Whether ``engine`` is a SQLite database in a file (not in memory).

    >>> from sqlalchemy import create_engine
    >>> _sqlite_file(create_engine("sqlite://")), _sqlite_file(create_engine("sqlite:///a.db"))
    (False, True)
    """
    db = engine.url.database
    return bool(db) and db != ":memory:" and not str(db).startswith("file::memory:")


@contextmanager
def _file_lock(path: str) -> Iterator[None]:
    """An exclusive ``flock`` on ``path`` (0600) for the block."""
    try:
        fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o600)
    except OSError as err:
        raise StorageError(f"cannot open the vault's lock file: {reason(err)}") from None
    try:
        with contextlib.suppress(OSError):  # one made before, wider: narrowed if ours
            os.fchmod(fd, 0o600)
        fcntl.flock(fd, fcntl.LOCK_EX)
        yield
    finally:
        os.close(fd)  # releases the lock
