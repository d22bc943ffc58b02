"""ADAPTER: audit retention in SQL — erase the content of events past the retention.

:func:`prune_before` empties the content columns (action, actor, role, record, fields,
purpose, reference, rule, client; ``outcome`` becomes ``''``, which no stored event
has) of the events older than a cut-off, and keeps their ``seq``, ``time_us``,
``leaf_hash`` and ``node``. Every signed head stays. So the Merkle tree, every head and
the append path's frontier are exactly as before, and ``verify`` checks a pruned event
by its stored leaf hash, accepting it only as a prefix of the log older than the
retention (docs/audit.md, *Retention*). Only a prefix is pruned: the first event at or
after the cut-off ends it. It never deletes a row and never touches an event younger
than the cut-off.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Engine, func, select, update
from sqlalchemy.exc import SQLAlchemyError

from boxguard.audit.encoding import to_us
from boxguard.errors import StorageError
from boxguard.storage.audit import audit_events


def prune_before(engine: Engine, cutoff: datetime) -> int:
    """Erase the content of the log's prefix of events older than ``cutoff``; how many
    events were erased now (events pruned before are not counted again)."""
    c = audit_events.c
    try:
        with engine.begin() as conn:
            end = conn.execute(select(func.min(c.seq)).where(c.time_us >= to_us(cutoff))).scalar()
            if end is None:  # every event is old: keep the newest, a log is never emptied
                end = conn.execute(select(func.max(c.seq))).scalar()
            if end is None:
                return 0
            done = conn.execute(
                update(audit_events)
                .where(c.seq < end, c.outcome != "")
                .values(
                    action="", actor="", outcome="", role=None, record=None, fields="[]",
                    purpose=None, reference=None, rule=None, client=None,
                )
            )  # fmt: skip
    except SQLAlchemyError as err:
        raise StorageError(f"audit prune failed: {type(err).__name__}") from None
    return int(done.rowcount or 0)
