"""Who may see which field of whom, for which purpose, and when: plain data and one decision.

A request is allowed only when every check passes, in this order (the first
that fails names the decision's rule):

1. the user exists and is active, and their role is declared;
2. the purpose is declared;
3. an export names an approver: a second, different, known user whose role
   holds an ``approve_export`` grant for the purpose (four eyes);
4. the role holds a grant for every requested field and the purpose
   (``field`` is a kind id, a column name, or ``*``);
5. the person consented to the purpose;
6. the role's working hours (in its time zone) include now;
7. the user's reveals in the last hour (counted by the caller from the audit
   log) are under the role's hourly limit.

A ``delete`` (erasure, e.g. on the person's request) needs checks 1, 2 and 4
only: it needs no consent, and no limit stands in its way.

Pure: plain frozen dataclasses in, a :class:`Decision` out; the time comes
from a :class:`~boxguard.clock.Clock`. Never a personal value in a rule.

>>> from datetime import datetime, timezone
>>> from boxguard.clock import FixedClock
>>> state = AccessState(
...     users={"li": User("li", "courier")},
...     roles=frozenset({"courier"}),
...     purposes=frozenset({"delivery"}),
...     grants=(Grant("courier", "cn_mobile", "delivery"),),
...     consent={"v1": frozenset({"delivery"})},
... )
>>> clock = FixedClock(datetime(2026, 3, 2, 3, 0, tzinfo=timezone.utc))
>>> decide(Request("li", "v1", (FieldRef("手机", "cn_mobile"),), "delivery"), state, clock)
Decision(allowed=True, rule='grant courier reveal cn_mobile for delivery')
>>> decide(Request("li", "v1", (FieldRef("身份证", "cn_resident_id"),), "delivery"), state, clock)
Decision(allowed=False, rule='no grant for field 身份证 and purpose delivery')
>>> decide(Request("li", "v2", (FieldRef("手机", "cn_mobile"),), "delivery"), state, clock)
Decision(allowed=False, rule='no consent for purpose delivery')
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import time
from typing import Literal
from zoneinfo import ZoneInfo

from boxguard.clock import Clock
from boxguard.detect.table import shown_name
from boxguard.errors import AccessDenied, ConfigError

#: What a grant allows: reveal a field, export it, approve someone else's export, or
#: delete (crypto-shred) a person's record.
Action = Literal["reveal", "export", "approve_export", "delete"]
ACTIONS: tuple[Action, ...] = ("reveal", "export", "approve_export", "delete")
#: A grant's field that matches every field.
ANY = "*"


@dataclass(frozen=True)
class User:
    """A person who uses boxguard (staff), with one role."""

    name: str
    role: str
    active: bool = True


@dataclass(frozen=True)
class Grant:
    """``role`` may ``action`` ``field`` (kind id, column name or ``*``) for ``purpose``."""

    role: str
    field: str
    purpose: str
    action: Action = "reveal"

    def covers(self, action: str, ref: FieldRef, purpose: str) -> bool:
        """True when this grant allows ``action`` on ``ref`` for ``purpose``.

        >>> Grant("cs", "*", "after_sales").covers("reveal", FieldRef("备注"), "after_sales")
        True
        >>> Grant("cs", "cn_mobile", "after_sales").covers("export", FieldRef("x", "cn_mobile"),
        ...                                                 "after_sales")
        False
        """
        return (
            self.action == action
            and self.purpose == purpose
            and self.field in (ANY, ref.name, ref.kind)
        )

    def __str__(self) -> str:
        return f"grant {self.role} {self.action} {self.field} for {self.purpose}"


@dataclass(frozen=True)
class FieldRef:
    """A field of a record: its column name and the kind it holds (if known)."""

    name: str
    kind: str | None = None


@dataclass(frozen=True)
class Limits:
    """A role's limits: reveals per hour per user, and working hours in a time zone.

    >>> Limits(working_hours=(time(18), time(9)))
    Traceback (most recent call last):
    ...
    boxguard.errors.ConfigError: working hours must start before they end
    """

    reveals_per_hour: int | None = None
    working_hours: tuple[time, time] | None = None
    timezone: str = "Asia/Shanghai"

    def __post_init__(self) -> None:
        if self.reveals_per_hour is not None and self.reveals_per_hour < 0:
            raise ConfigError("reveals_per_hour must be 0 or more")
        if self.working_hours is not None and self.working_hours[0] >= self.working_hours[1]:
            raise ConfigError("working hours must start before they end")
        try:
            ZoneInfo(self.timezone)
        except (ValueError, KeyError, OSError):
            raise ConfigError(f"unknown time zone {self.timezone!r}") from None

    def hours_text(self) -> str:
        if self.working_hours is None:
            return "any time"
        start, end = self.working_hours
        return f"{start:%H:%M}-{end:%H:%M} {self.timezone}"


@dataclass(frozen=True)
class Role:
    """A declared role: its name, what it is for, and its limits (``None``: none).

    >>> Role("courier", "delivers parcels", Limits(30)).limits.reveals_per_hour
    30
    """

    name: str
    description: str = ""
    limits: Limits | None = None


@dataclass(frozen=True)
class Purpose:
    """A declared purpose (why a field may be revealed) and what it means."""

    name: str
    description: str = ""


@dataclass(frozen=True)
class AccessState:
    """Everything a decision reads: declared roles and purposes, users, grants, consent,
    limits per role, and each user's reveals in the last hour (from the audit log)."""

    users: Mapping[str, User]
    roles: frozenset[str]
    purposes: frozenset[str]
    grants: tuple[Grant, ...] = ()
    #: record (vault id) → the purposes the person consented to
    consent: Mapping[str, frozenset[str]] = field(default_factory=dict)
    limits: Mapping[str, Limits] = field(default_factory=dict)
    #: user → reveals allowed in the last hour
    reveals_last_hour: Mapping[str, int] = field(default_factory=dict)


@dataclass(frozen=True)
class Request:
    """``user`` asks to ``action`` the ``fields`` of ``record`` for ``purpose``."""

    user: str
    record: str
    fields: tuple[FieldRef, ...]
    purpose: str
    action: Literal["reveal", "export", "delete"] = "reveal"
    #: export only: the second user who approved it
    approver: str | None = None


@dataclass(frozen=True)
class Decision:
    """Allowed or not, and the rule that decided (the grants used, or the denial)."""

    allowed: bool
    rule: str

    def require(self) -> None:
        """Raise :class:`AccessDenied` naming the rule unless allowed.

        >>> Decision(False, "no consent for purpose delivery").require()
        Traceback (most recent call last):
        ...
        boxguard.errors.AccessDenied: access denied: no consent for purpose delivery
        """
        if not self.allowed:
            raise AccessDenied(f"access denied: {self.rule}")


def _deny(rule: str) -> Decision:
    return Decision(False, rule)


def _who(state: AccessState, name: str | None, label: str) -> User | Decision:
    user = state.users.get(name) if name is not None else None
    if user is None:
        return _deny(f"unknown {label}")
    if not user.active:
        return _deny(f"{label} is disabled")
    if user.role not in state.roles:
        return _deny(f"unknown role {user.role!r}")
    return user


def can_approve(state: AccessState, approver: str | None, purpose: str) -> Decision:
    """Whether ``approver`` may approve an export for ``purpose`` (its own check, so an
    approval is refused when it is given, not only when it is used)."""
    who = _who(state, approver, "approver")
    if isinstance(who, Decision):
        return who
    for g in state.grants:  # approving is of the export as a whole: any field's grant
        if g.role == who.role and g.action == "approve_export" and g.purpose == purpose:
            return Decision(True, str(g))
    return _deny(f"approver's role has no approve_export grant for purpose {purpose}")


def decide(request: Request, state: AccessState, clock: Clock) -> Decision:
    """Allow ``request`` only with a grant for every field AND consent AND within limits."""
    who = _who(state, request.user, "user")
    if isinstance(who, Decision):
        return who
    if request.purpose not in state.purposes:
        return _deny(f"unknown purpose {shown_name(request.purpose)}")
    if not request.fields:
        return _deny("no field requested")
    if request.action == "export":
        if request.approver is None:
            return _deny("export needs approval by a second user")
        if request.approver == request.user:
            return _deny("approver must be a different user")
        approval = can_approve(state, request.approver, request.purpose)
        if not approval.allowed:
            return approval
    used: list[str] = []
    for ref in request.fields:
        grant = next(
            (
                g
                for g in state.grants
                if g.role == who.role and g.covers(request.action, ref, request.purpose)
            ),
            None,
        )
        if grant is None:
            return _deny(f"no grant for field {ref.name} and purpose {request.purpose}")
        if str(grant) not in used:
            used.append(str(grant))
    if request.action == "delete":
        return Decision(True, "; ".join(used))
    if request.purpose not in state.consent.get(request.record, frozenset()):
        return _deny(f"no consent for purpose {request.purpose}")
    limits = state.limits.get(who.role)
    if limits is not None:
        if limits.working_hours is not None:
            local = clock.now().astimezone(ZoneInfo(limits.timezone)).time()
            start, end = limits.working_hours
            if not start <= local < end:
                return _deny(f"outside working hours {limits.hours_text()}")
        cap = limits.reveals_per_hour
        if (
            request.action == "reveal"
            and cap is not None
            and state.reveals_last_hour.get(request.user, 0) >= cap
        ):
            return _deny(f"hourly limit {cap} reached")
    return Decision(True, "; ".join(used))
