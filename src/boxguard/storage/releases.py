"""Releases in SQL: recipients, the releases made to them, and the released records.

What ``boxguard trace`` needs and nothing more: a recipient's stable id and its code
index (never reused), each release (recipient, dataset, trace schema, key id, cutoff,
canaries), and per dataset each released record once, deduplicated across recipients:
its 64-bit identity tag, its default-mask view (``baseline_row``: no more than any
recipient saw) and, for a canary, the recipient it belongs to. No unmasked value is
ever stored here; this module never decides anything, it only keeps and reads.

>>> from datetime import datetime, timezone
>>> from boxguard.storage import connect, migrate
>>> engine = connect("sqlite://")
>>> migrate(engine)
>>> store, now = SqlReleaseStore(engine), datetime(2026, 1, 1, tzinfo=timezone.utc)
>>> [store.recipient_index(r, now) for r in ("outlet-a", "outlet-b", "outlet-a")]
[0, 1, 0]
>>> store.recipients()
{0: 'outlet-a', 1: 'outlet-b'}
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import (
    Column,
    DateTime,
    Engine,
    Float,
    Integer,
    String,
    Table,
    Text,
    func,
    insert,
    select,
)
from sqlalchemy.exc import SQLAlchemyError

from boxguard.errors import StorageError
from boxguard.storage.schema import metadata

recipients = Table(
    "bg_trace_recipients",
    metadata,
    Column("recipient_id", String(128), primary_key=True),
    Column("code_index", Integer, nullable=False, unique=True),
    Column("created_at", DateTime(timezone=True), nullable=False),
)

releases = Table(
    "bg_releases",
    metadata,
    Column("release_id", Integer, primary_key=True, autoincrement=True),
    Column("recipient_id", String(128), nullable=False, index=True),
    Column("dataset", String(64), nullable=False, index=True),
    Column("schema_json", Text, nullable=False),
    Column("key_id", String(64), nullable=False),
    Column("cutoff", Float, nullable=False),
    Column("canaries", Integer, nullable=False),
    Column("created_at", DateTime(timezone=True), nullable=False),
)

release_records = Table(
    "bg_release_records",
    metadata,
    Column("dataset", String(64), primary_key=True),
    # the 64-bit tag as 16 hex digits (SQL integers are signed)
    Column("tag", String(16), primary_key=True),
    Column("baseline_json", Text, nullable=False),
    Column("canary_owner", Integer, nullable=True),
)


@dataclass(frozen=True)
class Release:
    """One release as stored."""

    recipient_id: str
    code_index: int
    dataset: str
    schema: Mapping[str, object]
    key_id: str
    cutoff: float
    canaries: int


Record = tuple[int, dict[str, str], int | None]


def _fail(what: str, err: SQLAlchemyError) -> StorageError:
    return StorageError(f"release store: {what} failed ({type(err).__name__})")


class SqlReleaseStore:
    """Recipients, releases and released records (migrated by :func:`boxguard.storage.migrate`)."""

    def __init__(self, engine: Engine) -> None:
        self._engine = engine

    def recipient_index(self, recipient_id: str, at: datetime) -> int:
        """The code index of ``recipient_id``, given the next free one on first use."""
        try:
            with self._engine.begin() as conn:
                found = conn.execute(
                    select(recipients.c.code_index).where(recipients.c.recipient_id == recipient_id)
                ).scalar_one_or_none()
                if found is not None:
                    return int(found)
                top = conn.execute(select(func.max(recipients.c.code_index))).scalar_one()
                index = 0 if top is None else int(top) + 1
                conn.execute(
                    insert(recipients).values(
                        recipient_id=recipient_id, code_index=index, created_at=at
                    )
                )
                return index
        except SQLAlchemyError as err:
            raise _fail("recipient", err) from None

    def recipients(self) -> dict[int, str]:
        """Code index → recipient id, of every recipient ever released to."""
        try:
            with self._engine.connect() as conn:
                rows = conn.execute(select(recipients.c.code_index, recipients.c.recipient_id))
                return {int(r.code_index): str(r.recipient_id) for r in rows}
        except SQLAlchemyError as err:
            raise _fail("reading recipients", err) from None

    def add_release(self, release: Release, records: Iterable[Record], at: datetime) -> None:
        """Store a release and the records it adds to its dataset (known ones are kept)."""
        try:
            with self._engine.begin() as conn:
                known = {
                    str(t)
                    for t in conn.execute(
                        select(release_records.c.tag).where(
                            release_records.c.dataset == release.dataset
                        )
                    ).scalars()
                }
                new = []
                for tag, base, owner in records:
                    key = f"{tag:016x}"
                    if key in known:
                        continue
                    known.add(key)
                    new.append(
                        {
                            "dataset": release.dataset,
                            "tag": key,
                            "baseline_json": json.dumps(base, ensure_ascii=False),
                            "canary_owner": owner,
                        }
                    )
                if new:
                    conn.execute(insert(release_records), new)
                conn.execute(
                    insert(releases).values(
                        recipient_id=release.recipient_id,
                        dataset=release.dataset,
                        schema_json=json.dumps(release.schema, ensure_ascii=False),
                        key_id=release.key_id,
                        cutoff=release.cutoff,
                        canaries=release.canaries,
                        created_at=at,
                    )
                )
        except SQLAlchemyError as err:
            raise _fail("storing the release", err) from None

    def releases(self) -> list[Release]:
        """Every release, oldest first."""
        q = (
            select(releases, recipients.c.code_index)
            .join(recipients, recipients.c.recipient_id == releases.c.recipient_id)
            .order_by(releases.c.release_id)
        )
        try:
            with self._engine.connect() as conn:
                return [
                    Release(
                        str(r.recipient_id),
                        int(r.code_index),
                        str(r.dataset),
                        json.loads(r.schema_json),
                        str(r.key_id),
                        float(r.cutoff),
                        int(r.canaries),
                    )
                    for r in conn.execute(q)
                ]
        except SQLAlchemyError as err:
            raise _fail("reading releases", err) from None

    def records(self, dataset: str) -> list[Record]:
        """(tag, default-mask view, canary owner) of every record released in ``dataset``."""
        q = select(release_records).where(release_records.c.dataset == dataset)
        try:
            with self._engine.connect() as conn:
                return [
                    (
                        int(r.tag, 16),
                        json.loads(r.baseline_json),
                        None if r.canary_owner is None else int(r.canary_owner),
                    )
                    for r in conn.execute(q.order_by(release_records.c.tag))
                ]
        except SQLAlchemyError as err:
            raise _fail("reading records", err) from None
