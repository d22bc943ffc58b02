"""Test doubles and synthetic people for the vault tests (fictitious values only)."""

from __future__ import annotations

import random
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import datetime, timezone

from boxguard.access import load_rules
from boxguard.audit.events import AuditEvent, RecordedEvent
from boxguard.clock import FixedClock
from boxguard.errors import StorageError
from boxguard.kinds import get_kind

RULES = """
purposes: [delivery, after_sales, audit, erasure]
roles:
  courier:
    limits: {reveals_per_hour: 3, working_hours: "09:00-18:00", timezone: Asia/Shanghai}
  customer_service: {}
  supervisor: {}
  dpo: {}
grants:
  - {role: courier, fields: [cn_mobile, address, 姓名], purposes: [delivery]}
  - {role: customer_service, fields: ["*"], purposes: [after_sales]}
  - {role: customer_service, action: export, fields: ["*"], purposes: [audit]}
  - {role: supervisor, action: approve_export, purposes: [audit]}
  - {role: dpo, action: delete, purposes: [erasure]}
users:
  - {name: li.courier, role: courier}
  - {name: wang.cs, role: customer_service}
  - {name: zhao.cs, role: customer_service}
  - {name: chen.boss, role: supervisor}
  - {name: sun.dpo, role: dpo}
"""

#: Monday 2026-03-02 10:00 in Shanghai
WORK_TIME = datetime(2026, 3, 2, 2, 0, tzinfo=timezone.utc)


def rules():  # type: ignore[no-untyped-def]
    return load_rules(RULES, source="test-rules.yaml")


def clock() -> FixedClock:
    return FixedClock(WORK_TIME)


@dataclass
class ListAuditLog:
    """An in-memory AuditLog: a list."""

    clock: FixedClock
    recorded: list[RecordedEvent] = field(default_factory=list)

    def append(self, event: AuditEvent) -> RecordedEvent:
        rec = RecordedEvent(len(self.recorded), self.clock.now(), event)
        self.recorded.append(rec)
        return rec

    def events(
        self,
        start: int = 0,
        stop: int | None = None,
        *,
        actor: str | None = None,
        record: str | None = None,
    ) -> Iterator[RecordedEvent]:
        for r in self.recorded[start:stop]:
            if actor is not None and r.event.actor != actor:
                continue
            if record is not None and r.event.record != record:
                continue
            yield r


@dataclass
class FailingAuditLog(ListAuditLog):
    """An AuditLog whose appends fail (a full disk, a lost database) once ``failing``."""

    failing: bool = True

    def append(self, event: AuditEvent) -> RecordedEvent:
        if self.failing:
            raise StorageError("audit log unavailable")
        return super().append(event)


@dataclass(frozen=True)
class Person:
    """A fictitious person: column → value, and column → kind."""

    values: dict[str, str]
    kinds: dict[str, str | None]


COLUMNS = {
    "客户编号": None,
    "姓名": "person_name",
    "手机": "cn_mobile",
    "身份证号": "cn_resident_id",
    "邮箱": "email",
    "地址": "address",
}


def people(n: int, seed: int = 7) -> list[Person]:
    """``n`` synthetic people with valid check digits (kinds' own generators)."""
    rng = random.Random(seed)
    out = []
    for i in range(n):
        values = {"客户编号": f"C{100000 + i}"}
        for col, kind in COLUMNS.items():
            if kind is not None:
                gen = get_kind(kind).generate
                assert gen is not None
                values[col] = gen(rng)
        out.append(Person(values, dict(COLUMNS)))
    return out
