"""The audit log in SQL: events, their Merkle leaves, and a signed head per append.

Implements the core's :class:`boxguard.audit.AuditLog` port. Each append, in ONE
transaction under a log-wide lock (SQLite ``BEGIN IMMEDIATE``; PostgreSQL ``LOCK TABLE
bg_audit_heads IN EXCLUSIVE MODE``), reads the newest head, adds the event row and the
head signed over the new root, and commits; if anything fails nothing is written and
``append`` raises :class:`StorageError` (callers fail closed). Several processes may
append: the lock serializes them, and a process whose cached tree is stale rebuilds the
frontier from O(log n) rows and checks it against the newest signed head first.

Each event row also keeps ``node``: the hash of the largest perfect subtree ending at its
leaf, which is how the frontier is rebuilt without reading the log. Rows hold only what
callers pass in an :class:`AuditEvent` (ids, names, purposes; never a personal value).

Retention: events are kept; pruning is not supported yet (docs/audit.md).
"""

from __future__ import annotations

import json
import threading
from collections.abc import Iterator
from datetime import timezone
from pathlib import Path
from typing import Any

from sqlalchemy import (
    BigInteger,
    Column,
    Connection,
    Engine,
    Index,
    LargeBinary,
    String,
    Table,
    Text,
    func,
    insert,
    select,
    text,
)
from sqlalchemy.exc import SQLAlchemyError

from boxguard.audit.encoding import encode_event, from_us, to_us
from boxguard.audit.events import AuditEvent, RecordedEvent
from boxguard.audit.export import write_export
from boxguard.audit.heads import GENESIS, SignedTreeHead, sign_head
from boxguard.audit.merkle import (
    CompactTree,
    consistency_proof,
    frontier_positions,
    inclusion_proof,
    leaf_hash,
    tree_hash,
)
from boxguard.audit.verify import VerifyResult, verify_log
from boxguard.clock import Clock, SystemClock
from boxguard.crypto.keys import Keyset
from boxguard.crypto.signing import SigningKey, VerifyKey
from boxguard.errors import NotFound, StorageError
from boxguard.storage.schema import metadata

audit_events = Table(
    "bg_audit_events",
    metadata,
    Column("seq", BigInteger, primary_key=True, autoincrement=False),
    Column("time_us", BigInteger, nullable=False),
    Column("action", Text, nullable=False),
    Column("actor", Text, nullable=False),
    Column("outcome", String(16), nullable=False),
    Column("role", Text),
    Column("record", Text),
    Column("fields", Text, nullable=False),  # JSON array of kind ids / column names
    Column("purpose", Text),
    Column("reference", Text),
    Column("rule", Text),
    Column("client", Text),
    Column("leaf_hash", LargeBinary, nullable=False),
    Column("node", LargeBinary, nullable=False),
    Index("ix_bg_audit_events_actor", "actor"),
    Index("ix_bg_audit_events_record", "record"),
)

audit_heads = Table(
    "bg_audit_heads",
    metadata,
    Column("tree_size", BigInteger, primary_key=True, autoincrement=False),
    Column("root_hash", LargeBinary, nullable=False),
    Column("timestamp_us", BigInteger, nullable=False),
    Column("key_id", String(64), nullable=False),
    Column("previous", LargeBinary, nullable=False),
    Column("signature", LargeBinary, nullable=False),
)

_PAGE = 5000
_OPTIONAL = ("role", "record", "purpose", "reference", "rule", "client")


def _row_to_event(row: Any) -> RecordedEvent:
    event = AuditEvent(
        action=row.action,
        actor=row.actor,
        outcome=row.outcome,
        fields=tuple(json.loads(row.fields)),
        **{k: getattr(row, k) for k in _OPTIONAL},
    )
    return RecordedEvent(row.seq, from_us(row.time_us), event, bytes(row.leaf_hash))


def _row_to_head(row: Any) -> SignedTreeHead:
    return SignedTreeHead(
        row.tree_size,
        bytes(row.root_hash),
        from_us(row.timestamp_us),
        row.key_id,
        bytes(row.signature),
        bytes(row.previous),
    )


class SqlAuditLog:
    """The tamper-evident audit log on a SQL database (see the module docstring)."""

    def __init__(self, engine: Engine, keyset: Keyset, *, clock: Clock | None = None) -> None:
        self._engine = engine
        self._signer = SigningKey.from_keyset(keyset)
        # every key of the keyset may have signed older heads (rotation)
        self._keys = [SigningKey.from_keyset(keyset, k).public_key for k in keyset.keys]
        self._clock = clock or SystemClock()
        self._mutex = threading.Lock()
        self._tree = CompactTree()
        self._head: SignedTreeHead | None = None
        self._sqlite = engine.dialect.name == "sqlite"

    def __repr__(self) -> str:
        return f"SqlAuditLog({self._engine.url.render_as_string(hide_password=True)!r})"

    @property
    def public_key(self) -> VerifyKey:
        """The key that signs new heads (give it to auditors)."""
        return self._signer.public_key

    @property
    def public_keys(self) -> list[VerifyKey]:
        """Every key of the keyset that may have signed a head."""
        return list(self._keys)

    # -- appending ---------------------------------------------------------------------
    def _lock(self, conn: Connection) -> None:
        if self._sqlite:
            conn.exec_driver_sql("BEGIN IMMEDIATE")
        else:
            conn.execute(text("LOCK TABLE bg_audit_heads IN EXCLUSIVE MODE"))

    def _state(self, conn: Connection) -> tuple[CompactTree, SignedTreeHead | None]:
        """The tree and newest head as committed (under the lock), from cache if current."""
        row = conn.execute(
            select(audit_heads).order_by(audit_heads.c.tree_size.desc()).limit(1)
        ).one_or_none()
        if row is None:
            return CompactTree(), None
        cached = self._head
        if (
            cached is not None
            and cached.tree_size == row.tree_size
            and cached.signature == bytes(row.signature)
        ):
            return self._tree, cached
        head = _row_to_head(row)
        positions = frontier_positions(head.tree_size)
        nodes = dict(
            conn.execute(
                select(audit_events.c.seq, audit_events.c.node).where(
                    audit_events.c.seq.in_(positions)
                )
            ).all()
        )
        keys = {k.key_id: k for k in self._keys}
        try:
            tree = CompactTree(head.tree_size, [bytes(nodes[p]) for p in positions])
        except KeyError:
            tree = None
        key = keys.get(head.key_id)
        if tree is None or tree.root() != head.root_hash or key is None or not head.verify(key):
            raise StorageError(
                "the audit log's newest head does not match its stored tree: "
                "nothing appended (run `boxguard audit verify`)"
            )
        return tree, head

    def append(self, event: AuditEvent) -> RecordedEvent:
        """Record ``event`` with the next seq and sign the new head; durable on return."""
        with self._mutex:
            try:
                with self._engine.connect() as conn:
                    self._lock(conn)
                    tree, head = self._state(conn)
                    seq = tree.size
                    time = self._clock.now().astimezone(timezone.utc)
                    rec = RecordedEvent(seq, time, event)
                    leaf = leaf_hash(encode_event(rec))
                    tree = tree.copy()
                    node = tree.append(leaf)
                    previous = head.hash() if head is not None else GENESIS
                    new = sign_head(self._signer, seq + 1, tree.root(), time, previous)
                    conn.execute(
                        insert(audit_events),
                        {
                            "seq": seq,
                            "time_us": to_us(time),
                            "action": event.action,
                            "actor": event.actor,
                            "outcome": event.outcome,
                            "fields": json.dumps(list(event.fields)),
                            **{k: getattr(event, k) for k in _OPTIONAL},
                            "leaf_hash": leaf,
                            "node": node,
                        },
                    )
                    conn.execute(
                        insert(audit_heads),
                        {
                            "tree_size": new.tree_size,
                            "root_hash": new.root_hash,
                            "timestamp_us": to_us(time),
                            "key_id": new.key_id,
                            "previous": new.previous,
                            "signature": new.signature,
                        },
                    )
                    conn.commit()
            except SQLAlchemyError as err:
                raise StorageError(f"audit append failed: {type(err).__name__}") from None
            except (ValueError, UnicodeError, OverflowError) as err:
                raise StorageError(f"audit append failed: {type(err).__name__}") from None
            self._tree, self._head = tree, new
            return RecordedEvent(seq, time, event, leaf)

    # -- reading -----------------------------------------------------------------------
    def size(self) -> int:
        """How many events the log holds (the newest head's tree size)."""
        try:
            with self._engine.connect() as conn:
                n = conn.execute(select(func.max(audit_heads.c.tree_size))).scalar()
        except SQLAlchemyError as err:
            raise StorageError(f"audit read failed: {type(err).__name__}") from None
        return int(n or 0)

    def _extent(self) -> int:
        """One past the largest seq or tree size stored, read in one statement (a snapshot
        that later appends do not extend)."""
        q = select(
            select(func.max(audit_events.c.seq)).scalar_subquery(),
            select(func.max(audit_heads.c.tree_size)).scalar_subquery(),
        )
        try:
            with self._engine.connect() as conn:
                seq, size = conn.execute(q).one()
        except SQLAlchemyError as err:
            raise StorageError(f"audit read failed: {type(err).__name__}") from None
        return max(-1 if seq is None else int(seq), int(size or 0) - 1) + 1

    def events(
        self,
        start: int = 0,
        stop: int | None = None,
        *,
        actor: str | None = None,
        record: str | None = None,
    ) -> Iterator[RecordedEvent]:
        """Events with ``start <= seq < stop`` in seq order, optionally of one actor or record."""
        c = audit_events.c
        cursor = start
        while True:
            q = select(audit_events).where(c.seq >= cursor).order_by(c.seq).limit(_PAGE)
            if stop is not None:
                q = q.where(c.seq < stop)
            if actor is not None:
                q = q.where(c.actor == actor)
            if record is not None:
                q = q.where(c.record == record)
            try:
                with self._engine.connect() as conn:
                    rows = conn.execute(q).all()
            except SQLAlchemyError as err:
                raise StorageError(f"audit read failed: {type(err).__name__}") from None
            for row in rows:
                yield _row_to_event(row)
            if len(rows) < _PAGE:
                return
            cursor = rows[-1].seq + 1

    def heads(self, start: int = 1, stop: int | None = None) -> Iterator[SignedTreeHead]:
        """Signed heads with ``start <= tree_size < stop``, in tree_size order."""
        c = audit_heads.c
        cursor = start
        while True:
            q = select(audit_heads).where(c.tree_size >= cursor)
            if stop is not None:
                q = q.where(c.tree_size < stop)
            try:
                with self._engine.connect() as conn:
                    rows = conn.execute(q.order_by(c.tree_size).limit(_PAGE)).all()
            except SQLAlchemyError as err:
                raise StorageError(f"audit read failed: {type(err).__name__}") from None
            for row in rows:
                yield _row_to_head(row)
            if len(rows) < _PAGE:
                return
            cursor = rows[-1].tree_size + 1

    def head(self, tree_size: int | None = None) -> SignedTreeHead | None:
        """The signed head for ``tree_size`` (default the newest), None for an empty log."""
        c = audit_heads.c
        q = select(audit_heads)
        q = (
            q.order_by(c.tree_size.desc()).limit(1)
            if tree_size is None
            else q.where(c.tree_size == tree_size)
        )
        try:
            with self._engine.connect() as conn:
                row = conn.execute(q).one_or_none()
        except SQLAlchemyError as err:
            raise StorageError(f"audit read failed: {type(err).__name__}") from None
        return None if row is None else _row_to_head(row)

    def _leaves(self, stop: int) -> list[bytes]:
        c = audit_events.c
        try:
            with self._engine.connect() as conn:
                rows = conn.execute(select(c.leaf_hash).where(c.seq < stop).order_by(c.seq)).all()
        except SQLAlchemyError as err:
            raise StorageError(f"audit read failed: {type(err).__name__}") from None
        return [bytes(r.leaf_hash) for r in rows]

    # -- proving and verifying -----------------------------------------------------------
    def inclusion_proof(self, seq: int, tree_size: int | None = None) -> list[bytes]:
        """The audit path of event ``seq`` in the tree of ``tree_size`` (default newest)."""
        n = self.size() if tree_size is None else tree_size
        leaves = self._leaves(n)
        if len(leaves) != n or not 0 <= seq < n:
            raise NotFound(f"no event seq {seq} in a log of {len(leaves)} events")
        return inclusion_proof(leaves, seq)

    def consistency_proof(self, old_size: int, new_size: int | None = None) -> list[bytes]:
        """The proof that the log at ``old_size`` is a prefix of the log at ``new_size``."""
        n = self.size() if new_size is None else new_size
        leaves = self._leaves(n)
        if len(leaves) != n or not 0 <= old_size <= n:
            raise NotFound(f"no tree of size {old_size} within {len(leaves)} events")
        return consistency_proof(leaves, old_size)

    def root(self, tree_size: int) -> bytes:
        """The Merkle root recomputed from the stored leaf hashes (no signature involved)."""
        return tree_hash(self._leaves(tree_size))

    def verify(self, trusted: SignedTreeHead | None = None) -> VerifyResult:
        """Verify the whole log (see :func:`boxguard.audit.verify.verify_log`)."""
        stop = self._extent()
        return verify_log(
            self.events(stop=stop), self.heads(stop=stop + 1), self._keys, trusted=trusted
        )

    def export(self, path: str | Path) -> int:
        """Write events, heads and the public keys to ``path`` (JSONL); the number of events."""
        stop = self._extent()
        return write_export(path, self.events(stop=stop), self.heads(stop=stop + 1), self._keys)
