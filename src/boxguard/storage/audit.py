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

Retention: ``boxguard audit prune`` (:mod:`boxguard.storage.audit_retention`) erases the
content of events past the retention and keeps their seq, time, leaf hash and node, so the
tree and every head still verify; reads skip such rows (docs/audit.md, *Retention*).
"""

from __future__ import annotations

import functools
import json
import queue
import threading
from collections.abc import Iterable, Iterator
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

from sqlalchemy import (
    BigInteger,
    Column,
    Engine,
    Index,
    LargeBinary,
    String,
    Table,
    Text,
    func,
    select,
)
from sqlalchemy.exc import SQLAlchemyError

from boxguard.audit.encoding import encode_event, encode_values, from_us, to_us
from boxguard.audit.events import AuditEvent, PrunedEvent, RecordedEvent
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
from boxguard.audit.verify import VerifyResult, verify_rows
from boxguard.clock import Clock, SystemClock
from boxguard.crypto.keys import Keyset
from boxguard.crypto.provider import KeyProvider, as_provider, public_keys
from boxguard.crypto.signing import VerifyKey
from boxguard.errors import NotFound, StorageError
from boxguard.storage.db import driver_sql, reason
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


def _offer(pages: queue.Queue[object], item: object, stop: threading.Event) -> bool:
    """Put ``item`` in ``pages`` unless the reader stopped (False then)."""
    while not stop.is_set():
        try:
            pages.put(item, timeout=0.05)
            return True
        except queue.Full:
            continue
    return False


def _quiet_rollback(raw: Any) -> None:
    try:
        raw.rollback()
    except Exception:  # the connection is already broken; the pool discards it
        return


_OPTIONAL = ("role", "record", "purpose", "reference", "rule", "client")


class _Slot:
    """One caller's event waiting for a group commit, and its outcome."""

    __slots__ = ("done", "error", "event", "result", "wake")

    def __init__(self, event: AuditEvent) -> None:
        self.event = event
        self.done = False
        self.result: RecordedEvent | None = None
        self.error: StorageError | None = None
        # set when the slot is done, or when its thread is to lead the next batch
        self.wake = threading.Event()

    def finish(self, result: RecordedEvent | None, error: StorageError | None) -> None:
        self.result, self.error, self.done = result, error, True
        self.wake.set()


_EVENT_COLUMNS = (
    "seq", "time_us", "action", "actor", "outcome", "role", "record", "fields", "purpose",
    "reference", "rule", "client", "leaf_hash",
)  # fmt: skip
_HEAD_COLUMNS = ("tree_size", "root_hash", "timestamp_us", "key_id", "previous", "signature")


@functools.lru_cache(maxsize=4096)
def _fields(text: str) -> tuple[str, ...]:
    """The stored JSON array of field names (few distinct values: decoded once each)."""
    return tuple(json.loads(text))


def _row_to_event(row: Any) -> RecordedEvent:
    """A row of ``_EVENT_COLUMNS``, in that order."""
    event = AuditEvent(
        action=row[2],
        actor=row[3],
        outcome=row[4],
        role=row[5],
        record=row[6],
        fields=_fields(row[7]),
        purpose=row[8],
        reference=row[9],
        rule=row[10],
        client=row[11],
    )
    return RecordedEvent(row[0], from_us(row[1]), event, bytes(row[12]))


def _row_to_head(row: Any) -> SignedTreeHead:
    """A row of ``_HEAD_COLUMNS``, in that order."""
    return SignedTreeHead(
        row[0], bytes(row[1]), from_us(row[2]), row[3], bytes(row[5]), bytes(row[4])
    )


class SqlAuditLog:
    """The tamper-evident audit log on a SQL database (see the module docstring)."""

    def __init__(
        self, engine: Engine, keyset: Keyset | KeyProvider, *, clock: Clock | None = None
    ) -> None:
        self._engine = engine
        provider = as_provider(keyset)  # the keys come through the port only
        self._signer = provider.signer()
        # every key of the provider may have signed older heads (rotation)
        self._keys = public_keys(provider)
        self._clock = clock or SystemClock()
        self._qlock = threading.Lock()  # guards _queue and _leading
        self._queue: list[_Slot] = []
        self._leading = False
        self._write_lock = threading.Lock()  # one writing transaction per process at a time
        self._tree = CompactTree()
        self._head: SignedTreeHead | None = None
        self._sqlite = engine.dialect.name == "sqlite"
        #: appends after a known head go in one statement (PostgreSQL: psycopg)
        self._one_statement = engine.dialect.name == "postgresql"
        self._sql_lock = (
            "BEGIN IMMEDIATE" if self._sqlite else "LOCK TABLE bg_audit_heads IN EXCLUSIVE MODE"
        )
        self._sql_newest = (
            "SELECT tree_size, root_hash, timestamp_us, key_id, previous, signature "
            "FROM bg_audit_heads ORDER BY tree_size DESC LIMIT 1"
        )
        self._sql_node = self._sql("SELECT node FROM bg_audit_events WHERE seq = ?")
        self._sql_event = self._sql(
            "INSERT INTO bg_audit_events (seq, time_us, action, actor, outcome, role, record, "
            "fields, purpose, reference, rule, client, leaf_hash, node) "
            "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
        )
        self._sql_head = self._sql(
            "INSERT INTO bg_audit_heads (tree_size, root_hash, timestamp_us, key_id, previous, "
            "signature) VALUES (?, ?, ?, ?, ?, ?)"
        )
        #: :meth:`_write_known`'s statement, VALUES lists to fill in (psycopg placeholders)
        self._sql_known = (
            f"WITH e AS (INSERT INTO bg_audit_events ({', '.join(_EVENT_COLUMNS)}, node) "
            f"VALUES {{events}}) "
            f"INSERT INTO bg_audit_heads ({', '.join(_HEAD_COLUMNS)}) VALUES {{heads}}"
        )

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
    # Appends go through the DBAPI connection with SQL written once: SQLAlchemy's statement
    # compilation cost more than the rest of an append together (measured: 215 of 860 us).
    def _sql(self, sql: str) -> str:
        return driver_sql(sql, self._engine.dialect.paramstyle)

    def _state(self, cur: Any) -> tuple[CompactTree, SignedTreeHead | None]:
        """The tree and newest head as committed (under the lock), from cache if current."""
        cur.execute(self._sql_newest)
        row = cur.fetchone()
        if row is None:
            return CompactTree(), None
        cached = self._head
        if cached is not None and cached.tree_size == row[0] and cached.signature == bytes(row[5]):
            return self._tree, cached
        head = _row_to_head(row)
        positions = frontier_positions(head.tree_size)
        nodes: dict[int, bytes] = {}
        for p in positions:
            cur.execute(self._sql_node, (p,))
            found = cur.fetchone()
            if found is not None:
                nodes[p] = bytes(found[0])
        key = {k.key_id: k for k in self._keys}.get(head.key_id)
        tree = None
        if len(nodes) == len(positions):
            tree = CompactTree(head.tree_size, [nodes[p] for p in positions])
        if tree is None or tree.root() != head.root_hash or key is None or not head.verify(key):
            raise StorageError(
                "the audit log's newest head does not match its stored tree: "
                "nothing appended (run `boxguard audit verify`)"
            )
        return tree, head

    def append(self, event: AuditEvent) -> RecordedEvent:
        """Record ``event`` with the next seq and sign the new head; committed on return.

        Threads of one process that append at the same time share a transaction (group
        commit): the first becomes the leader, writes every waiting event with its own
        signed head, commits once, and wakes the others. No call returns before the
        commit that holds its event; if the shared commit fails, each event is retried
        alone, so only the event that cannot be stored fails.
        """
        slot = _Slot(event)
        with self._qlock:
            self._queue.append(slot)
            lead = not self._leading
            self._leading = True
        if not lead:
            slot.wake.wait()  # done by a leader's commit, or promoted to lead the next
        if not slot.done:
            self._lead()
        if slot.error is not None:
            raise slot.error
        assert slot.result is not None
        return slot.result

    def _lead(self) -> None:
        """Write every queued event in one transaction, then hand the lead to the first
        caller that queued meanwhile (one wake-up per caller, not one per batch)."""
        with self._qlock:
            batch, self._queue = self._queue, []
        try:
            with self._write_lock:
                self._write_batch(batch)
        finally:
            with self._qlock:
                if self._queue:
                    self._queue[0].wake.set()  # not done: its thread leads
                else:
                    self._leading = False

    def append_many(self, events: Iterable[AuditEvent]) -> list[RecordedEvent]:
        """Record several events in one transaction (all or nothing), each with its own
        signed head; committed on return. For imports and replays; callers that audit one
        action at a time use :meth:`append`."""
        with self._write_lock:
            return self._write(events)

    def _write_batch(self, batch: list[_Slot]) -> None:
        try:
            results = self._write(e.event for e in batch)
        except StorageError as err:
            if len(batch) == 1:
                batch[0].finish(None, err)
                return
            for one in batch:  # find the event that cannot be stored; store the rest
                try:
                    one.finish(self._write([one.event])[0], None)
                except StorageError as err1:
                    one.finish(None, err1)
            return
        except BaseException as err:  # never leave a waiting caller without an answer
            for one in batch:
                one.finish(None, StorageError(f"audit append failed: {reason(err)}"))
            raise
        for one, rec in zip(batch, results, strict=True):
            one.finish(rec, None)

    def _write(self, events: Iterable[AuditEvent]) -> list[RecordedEvent]:
        """Append ``events`` in one transaction; all or nothing. On a server database whose
        tree this process knows, optimistically in one statement (:meth:`_write_known`);
        else, or when another process appended meanwhile, under the log lock."""
        batch = list(events)
        if not batch:
            return []
        if self._one_statement and self._head is not None:
            done = self._write_known(batch)
            if done is not None:
                return done
        return self._write_locked(batch)

    def _next(
        self, tree: CompactTree, head: SignedTreeHead | None, events: list[AuditEvent]
    ) -> tuple[list[tuple[Any, ...]], list[tuple[Any, ...]], list[RecordedEvent], SignedTreeHead]:
        """The event rows, head rows and recorded events that append ``events`` to ``tree``
        (extended in place) after ``head``; the last new head."""
        rows, heads, out = [], [], []
        for e in events:
            seq = tree.size
            time = self._clock.now().astimezone(timezone.utc)
            leaf = leaf_hash(encode_event(RecordedEvent(seq, time, e)))
            node = tree.append(leaf)
            previous = head.hash() if head is not None else GENESIS
            head = sign_head(self._signer, seq + 1, tree.root(), time, previous)
            us = to_us(time)
            rows.append(
                (seq, us, e.action, e.actor, e.outcome, e.role, e.record,
                 json.dumps(list(e.fields)), e.purpose, e.reference, e.rule, e.client,
                 leaf, node)
            )  # fmt: skip
            heads.append((seq + 1, head.root_hash, us, head.key_id, previous, head.signature))
            out.append(RecordedEvent(seq, time, e, leaf))
        assert head is not None  # events is never empty
        return rows, heads, out, head

    def _write_known(self, events: list[AuditEvent]) -> list[RecordedEvent] | None:
        """Append after the head this process last wrote or read, in ONE autocommitted
        statement (the events and their heads: a data-modifying CTE), so an append is one
        round trip instead of six (BEGIN, lock, read the head, two inserts, COMMIT). The
        primary keys are the lock: if another process appended meanwhile, the first seq is
        taken and the statement fails whole (a concurrent writer of that seq is waited
        for). None then: the caller appends under the lock, which reads the new tree."""
        tree = self._tree.copy()
        rows, heads, out, head = self._next(tree, self._head, events)
        sql = self._sql_known.format(
            events=", ".join(["(" + ", ".join(["%s"] * 14) + ")"] * len(rows)),
            heads=", ".join(["(" + ", ".join(["%s"] * 6) + ")"] * len(heads)),
        )
        params = [v for r in rows for v in r] + [v for h in heads for v in h]
        try:
            raw = self._engine.raw_connection()
        except SQLAlchemyError as err:
            raise StorageError(f"audit append failed: {reason(err)}") from None
        try:
            conn: Any = raw.driver_connection  # psycopg's: autocommit for one statement
            conn.autocommit = True
            try:
                with conn.cursor() as cur:
                    cur.execute(sql, params)
            finally:
                conn.autocommit = False
        except self._engine.dialect.loaded_dbapi.IntegrityError:
            return None  # the seq is taken: another process appended
        except Exception as err:  # any driver's error: the statement wrote nothing
            raise StorageError(f"audit append failed: {reason(err)}") from None
        finally:
            raw.close()
        self._tree, self._head = tree, head
        return out

    def _write_locked(self, events: list[AuditEvent]) -> list[RecordedEvent]:
        """Append ``events`` in one transaction under the log lock; all or nothing."""
        try:
            raw = self._engine.raw_connection()
        except SQLAlchemyError as err:
            raise StorageError(f"audit append failed: {reason(err)}") from None
        try:
            cur = raw.cursor()
            cur.execute(self._sql_lock)
            tree, head = self._state(cur)
            tree = tree.copy()
            rows, heads, out, head = self._next(tree, head, events)
            if len(rows) == 1:
                cur.execute(self._sql_event, rows[0])
                cur.execute(self._sql_head, heads[0])
            else:
                cur.executemany(self._sql_event, rows)
                cur.executemany(self._sql_head, heads)
            cur.close()
            raw.commit()
        except StorageError:
            _quiet_rollback(raw)
            raise
        except Exception as err:  # any driver's error: nothing was committed
            _quiet_rollback(raw)
            raise StorageError(f"audit append failed: {reason(err)}") from None
        finally:
            raw.close()
        self._tree, self._head = tree, head
        return out

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

    def _pages(self, sql: str, params: list[Any], key: int) -> Iterator[tuple[Any, ...]]:
        """Rows of ``sql`` (which ends in ``col >= ? ORDER BY col LIMIT page``) page by page,
        each page in its own short transaction; ``key`` is the column that pages."""
        cursor = params[0]
        while True:
            try:
                raw = self._engine.raw_connection()
                try:
                    cur = raw.cursor()
                    cur.execute(sql, (cursor, *params[1:]))
                    rows = cur.fetchall()
                    cur.close()
                    raw.rollback()
                finally:
                    raw.close()
            except SQLAlchemyError as err:
                raise StorageError(f"audit read failed: {type(err).__name__}") from None
            except Exception as err:  # the driver's own errors
                raise StorageError(f"audit read failed: {type(err).__name__}") from None
            yield from rows
            if len(rows) < _PAGE:
                return
            cursor = rows[-1][key] + 1

    def _prefetched(self, sql: str, params: list[Any], key: int) -> Iterator[tuple[Any, ...]]:
        """:meth:`_pages`, read one page ahead by a helper thread: the database prepares
        the next page while the caller checks this one (verify waited on PostgreSQL for
        more than half its time). Same rows, same order, same errors."""
        pages: queue.Queue[object] = queue.Queue(maxsize=2)
        stop = threading.Event()
        end = object()

        def fetch() -> None:
            page: list[tuple[Any, ...]] = []
            item: object = end
            try:
                for row in self._pages(sql, params, key):
                    page.append(row)
                    if len(page) == _PAGE:
                        if not _offer(pages, page, stop):
                            return
                        page = []
                if page and not _offer(pages, page, stop):
                    return
            except StorageError as err:
                item = err
            _offer(pages, item, stop)

        worker = threading.Thread(target=fetch, name="bg-audit-prefetch", daemon=True)
        worker.start()
        try:
            while True:
                item = pages.get()
                if item is end:
                    return
                if isinstance(item, StorageError):
                    raise item
                assert isinstance(item, list)
                yield from item
        finally:  # the caller may stop early (a bad event): let the helper end
            stop.set()
            worker.join()

    def events(
        self,
        start: int = 0,
        stop: int | None = None,
        *,
        actor: str | None = None,
        record: str | None = None,
    ) -> Iterator[RecordedEvent]:
        """Events with ``start <= seq < stop`` in seq order, optionally of one actor or record."""
        where: list[str] = ["seq >= ?", "outcome <> ''"]  # pruned rows have no outcome
        params: list[Any] = [start]
        cond: str
        value: Any
        for cond, value in (("seq < ?", stop), ("actor = ?", actor), ("record = ?", record)):
            if value is not None:
                where.append(cond)
                params.append(value)
        sql = self._sql(
            f"SELECT {', '.join(_EVENT_COLUMNS)} FROM bg_audit_events WHERE "
            f"{' AND '.join(where)} ORDER BY seq LIMIT {_PAGE}"
        )
        for row in self._pages(sql, params, 0):
            yield _row_to_event(row)

    def events_since(self, actor: str, since: datetime) -> list[RecordedEvent]:
        """``actor``'s events after ``since`` (the vault's hourly limit reads these rather
        than the actor's whole history)."""
        c = audit_events.c
        q = select(audit_events).where(c.actor == actor, c.time_us > to_us(since)).order_by(c.seq)
        try:
            with self._engine.connect() as conn:
                rows = conn.execute(q).all()
        except SQLAlchemyError as err:
            raise StorageError(f"audit read failed: {type(err).__name__}") from None
        return [_row_to_event(row) for row in rows]

    def heads(self, start: int = 1, stop: int | None = None) -> Iterator[SignedTreeHead]:
        """Signed heads with ``start <= tree_size < stop``, in tree_size order."""
        where: list[str] = ["tree_size >= ?"]
        params: list[Any] = [start]
        if stop is not None:
            where.append("tree_size < ?")
            params.append(stop)
        sql = self._sql(
            f"SELECT {', '.join(_HEAD_COLUMNS)} FROM bg_audit_heads WHERE "
            f"{' AND '.join(where)} ORDER BY tree_size LIMIT {_PAGE}"
        )
        for row in self._pages(sql, params, 0):
            yield _row_to_head(row)

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

    def entries(self, stop: int | None = None) -> Iterator[RecordedEvent | PrunedEvent]:
        """Every event with ``seq < stop``, pruned ones as :class:`PrunedEvent` (exports)."""
        sql = self._sql(
            f"SELECT {', '.join(_EVENT_COLUMNS)} FROM bg_audit_events WHERE seq >= ?"
            + ("" if stop is None else " AND seq < ?")
            + f" ORDER BY seq LIMIT {_PAGE}"
        )
        for row in self._pages(sql, [0] if stop is None else [0, stop], 0):
            if row[4] == "":
                yield PrunedEvent(row[0], from_us(row[1]), bytes(row[12]))
            else:
                yield _row_to_event(row)

    def verify(
        self, trusted: SignedTreeHead | None = None, *, pruned_before: datetime | None = None
    ) -> VerifyResult:
        """Verify the whole log (see :func:`boxguard.audit.verify.verify_log`); pruned
        events pass only as a prefix older than ``pruned_before``."""
        stop = self._extent()
        events = self._prefetched(
            self._sql(
                f"SELECT {', '.join(_EVENT_COLUMNS)} FROM bg_audit_events "
                f"WHERE seq >= ? AND seq < ? ORDER BY seq LIMIT {_PAGE}"
            ),
            [0, stop],
            0,
        )
        heads = self._prefetched(
            self._sql(
                f"SELECT {', '.join(_HEAD_COLUMNS)} FROM bg_audit_heads "
                f"WHERE tree_size >= ? AND tree_size < ? ORDER BY tree_size LIMIT {_PAGE}"
            ),
            [1, stop + 1],
            0,
        )
        leaves = (
            (r[0], r[1], encode_values(r[0], r[1], r[2], r[3], r[4], r[5], r[6], _fields(r[7]),
                                       r[8], r[9], r[10], r[11]) if r[4] else None, r[12])
            for r in events
        )  # fmt: skip
        # both drivers return BLOB/bytea as bytes: the rows are HeadRows as they are
        return verify_rows(leaves, heads, self._keys, trusted=trusted, pruned_before=pruned_before)

    def export(self, path: str | Path) -> int:
        """Write events, heads and the public keys to ``path`` (JSONL); the number of events."""
        stop = self._extent()
        return write_export(path, self.entries(stop), self.heads(stop=stop + 1), self._keys)
