from __future__ import annotations

from datetime import datetime, time, timedelta, timezone
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given
from hypothesis import strategies as st

from boxguard.access import (
    AccessState,
    Decision,
    FieldRef,
    Grant,
    Limits,
    Request,
    User,
    decide,
)
from boxguard.clock import FixedClock
from boxguard.errors import AccessDenied

SHANGHAI = ZoneInfo("Asia/Shanghai")
TEN_AM = FixedClock(datetime(2026, 3, 2, 10, 0, tzinfo=SHANGHAI))
MOBILE = FieldRef("手机", "cn_mobile")
ID = FieldRef("身份证号", "cn_resident_id")


def state(**kw: object) -> AccessState:
    base: dict[str, object] = {
        "users": {
            "li": User("li", "courier"),
            "old": User("old", "courier", active=False),
            "ghost": User("ghost", "astronaut"),
            "wang": User("wang", "cs"),
            "chen": User("chen", "boss"),
        },
        "roles": frozenset({"courier", "cs", "boss"}),
        "purposes": frozenset({"delivery", "audit"}),
        "grants": (
            Grant("courier", "cn_mobile", "delivery"),
            Grant("courier", "地址", "delivery"),
            Grant("cs", "*", "audit", "export"),
            Grant("boss", "*", "audit", "approve_export"),
        ),
        "consent": {"v1": frozenset({"delivery", "audit"})},
        "limits": {"courier": Limits(2, (time(9), time(18)))},
        "reveals_last_hour": {},
    }
    base.update(kw)
    return AccessState(**base)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("request_", "rule"),
    [
        (Request("nobody", "v1", (MOBILE,), "delivery"), "unknown user"),
        (Request("old", "v1", (MOBILE,), "delivery"), "user is disabled"),
        (Request("ghost", "v1", (MOBILE,), "delivery"), "unknown role 'astronaut'"),
        (Request("li", "v1", (MOBILE,), "marketing"), "unknown purpose 'marketing'"),
        (Request("li", "v1", (), "delivery"), "no field requested"),
        (
            Request("li", "v1", (MOBILE, ID), "delivery"),
            "no grant for field 身份证号 and purpose delivery",
        ),
        (Request("li", "v1", (MOBILE,), "audit"), "no grant for field 手机 and purpose audit"),
        (Request("li", "v2", (MOBILE,), "delivery"), "no consent for purpose delivery"),
        (Request("wang", "v1", (ID,), "audit", "export"), "export needs approval by a second user"),
        (
            Request("wang", "v1", (ID,), "audit", "export", approver="wang"),
            "approver must be a different user",
        ),
        (
            Request("wang", "v1", (ID,), "audit", "export", approver="li"),
            "approver's role has no approve_export grant for purpose audit",
        ),
        (Request("wang", "v1", (ID,), "audit", "export", approver="nobody"), "unknown approver"),
        (
            Request("wang", "v1", (ID,), "audit", "reveal"),
            "no grant for field 身份证号 and purpose audit",
        ),
    ],
)
def test_each_denial_names_its_rule(request_: Request, rule: str) -> None:
    d = decide(request_, state(), TEN_AM)
    assert d == Decision(False, rule)
    with pytest.raises(AccessDenied, match=rule.replace("(", r"\(").replace(")", r"\)")):
        d.require()


def test_allowed_names_the_grants_used() -> None:
    d = decide(
        Request("li", "v1", (MOBILE, FieldRef("地址", "address")), "delivery"), state(), TEN_AM
    )
    assert d.allowed
    assert (
        d.rule
        == "grant courier reveal cn_mobile for delivery; grant courier reveal 地址 for delivery"
    )
    d.require()  # does not raise
    export = Request("wang", "v1", (ID, MOBILE), "audit", "export", approver="chen")
    assert decide(export, state(), TEN_AM) == Decision(True, "grant cs export * for audit")


@pytest.mark.parametrize(
    ("local", "allowed"),
    [((8, 59), False), ((9, 0), True), ((17, 59), True), ((18, 0), False), ((23, 0), False)],
)
def test_working_hours_in_the_roles_time_zone(local: tuple[int, int], allowed: bool) -> None:
    at = datetime(2026, 3, 2, *local, tzinfo=SHANGHAI).astimezone(timezone.utc)
    d = decide(Request("li", "v1", (MOBILE,), "delivery"), state(), FixedClock(at))
    assert d.allowed is allowed
    if not allowed:
        assert d.rule == "outside working hours 09:00-18:00 Asia/Shanghai"


def test_hourly_limit_counts_the_callers_figure() -> None:
    req = Request("li", "v1", (MOBILE,), "delivery")
    assert decide(req, state(reveals_last_hour={"li": 1}), TEN_AM).allowed
    assert decide(req, state(reveals_last_hour={"li": 2}), TEN_AM) == Decision(
        False, "hourly limit 2 reached"
    )
    assert decide(req, state(reveals_last_hour={"wang": 9}), TEN_AM).allowed


def test_delete_needs_a_delete_grant_but_no_consent() -> None:
    st_ = state(grants=(Grant("boss", "*", "audit", "delete"),))
    assert decide(Request("chen", "v9", (FieldRef("*"),), "audit", "delete"), st_, TEN_AM).allowed
    assert not decide(Request("li", "v9", (FieldRef("*"),), "audit", "delete"), st_, TEN_AM).allowed


# -- the property: allowed ⇒ grant for every field ∧ consent ∧ within limits ----------------
USERS = ["u0", "u1", "u2"]
ROLES = ["r0", "r1"]
PURPOSES = ["p0", "p1"]
FIELDS = [FieldRef("手机", "cn_mobile"), FieldRef("地址", "address"), FieldRef("备注")]
GRANT_FIELDS = ["*", "cn_mobile", "address", "手机", "备注"]

grants_st = st.lists(
    st.builds(
        Grant,
        st.sampled_from(ROLES),
        st.sampled_from(GRANT_FIELDS),
        st.sampled_from(PURPOSES),
        st.sampled_from(["reveal", "export", "approve_export"]),
    ),
    max_size=8,
)
limits_st = st.builds(
    Limits,
    st.none() | st.integers(0, 3),
    st.none() | st.sampled_from([(time(9), time(18)), (time(0), time(12))]),
    st.sampled_from(["Asia/Shanghai", "UTC"]),
)
state_st = st.builds(
    AccessState,
    users=st.dictionaries(st.sampled_from(USERS), st.sampled_from([*ROLES, "rX"]), max_size=3).map(
        lambda d: {u: User(u, r) for u, r in d.items()}
    ),
    roles=st.just(frozenset(ROLES)),
    purposes=st.just(frozenset(PURPOSES)),
    grants=grants_st.map(tuple),
    consent=st.dictionaries(
        st.sampled_from(["v0", "v1"]), st.frozensets(st.sampled_from(PURPOSES))
    ),
    limits=st.dictionaries(st.sampled_from(ROLES), limits_st),
    reveals_last_hour=st.dictionaries(st.sampled_from(USERS), st.integers(0, 4)),
)
request_st = st.builds(
    Request,
    user=st.sampled_from(USERS),
    record=st.sampled_from(["v0", "v1", "v2"]),
    fields=st.lists(st.sampled_from(FIELDS), min_size=1, max_size=3, unique=True).map(tuple),
    purpose=st.sampled_from([*PURPOSES, "pX"]),
    action=st.sampled_from(["reveal", "export"]),
    approver=st.none() | st.sampled_from(USERS),
)
clock_st = st.datetimes(
    min_value=datetime(2026, 1, 1),
    max_value=datetime(2026, 12, 31),
    timezones=st.just(timezone.utc),
).map(FixedClock)


@st.composite
def scenario(draw: st.DrawFn) -> tuple[Request, AccessState, FixedClock]:
    """A request and a state in which each condition holds most of the time, so that
    both allowed and denied requests are drawn (pure random states deny everything)."""
    req = draw(request_st)
    s = draw(state_st)
    users = dict(s.users)
    grants = list(s.grants)
    role = draw(st.sampled_from(ROLES))
    if draw(st.integers(0, 9)):
        users[req.user] = User(req.user, role)
    for ref in req.fields:
        if draw(st.integers(0, 6)):
            spec = draw(st.sampled_from([f for f in ("*", ref.name, ref.kind) if f]))
            grants.append(Grant(role, spec, req.purpose, req.action))
    if req.approver is not None and req.approver != req.user and draw(st.integers(0, 4)):
        boss = draw(st.sampled_from(ROLES))
        users[req.approver] = User(req.approver, boss)
        grants.append(Grant(boss, "*", req.purpose, "approve_export"))
    consent = dict(s.consent)
    if draw(st.integers(0, 6)):
        consent[req.record] = consent.get(req.record, frozenset()) | {req.purpose}
    state_ = AccessState(
        users, s.roles, s.purposes, tuple(grants), consent, s.limits, s.reveals_last_hour
    )
    return req, state_, draw(clock_st)


def _conditions_hold(req: Request, s: AccessState, clock: FixedClock) -> bool:
    user = s.users.get(req.user)
    if user is None or user.role not in s.roles or req.purpose not in s.purposes:
        return False
    for ref in req.fields:
        if not any(
            g.role == user.role
            and g.action == req.action
            and g.purpose == req.purpose
            and g.field in ("*", ref.name, ref.kind)
            for g in s.grants
        ):
            return False
    if req.purpose not in s.consent.get(req.record, frozenset()):
        return False
    lim = s.limits.get(user.role)
    if lim is not None:
        if lim.working_hours is not None:
            t = clock.now().astimezone(ZoneInfo(lim.timezone)).time()
            if not lim.working_hours[0] <= t < lim.working_hours[1]:
                return False
        if (
            req.action == "reveal"
            and lim.reveals_per_hour is not None
            and s.reveals_last_hour.get(req.user, 0) >= lim.reveals_per_hour
        ):
            return False
    if req.action == "export":
        approver = s.users.get(req.approver or "")
        if approver is None or req.approver == req.user or approver.role not in s.roles:
            return False
        if not any(
            g.role == approver.role and g.action == "approve_export" and g.purpose == req.purpose
            for g in s.grants
        ):
            return False
    return True


@given(case=scenario())
def test_allowed_exactly_when_grant_and_consent_and_limits_hold(
    case: tuple[Request, AccessState, FixedClock],
) -> None:
    req, s, clock = case
    d = decide(req, s, clock)
    assert d.allowed == _conditions_hold(req, s, clock), d.rule
    assert d.rule  # always names a rule


@given(case=scenario())
def test_removing_consent_or_grants_never_allows(
    case: tuple[Request, AccessState, FixedClock],
) -> None:
    req, s, clock = case
    no_consent = AccessState(
        s.users, s.roles, s.purposes, s.grants, {}, s.limits, s.reveals_last_hour
    )
    no_grants = AccessState(
        s.users, s.roles, s.purposes, (), s.consent, s.limits, s.reveals_last_hour
    )
    assert not decide(req, no_consent, clock).allowed
    assert not decide(req, no_grants, clock).allowed


@given(case=scenario())
def test_an_hour_later_a_limit_reached_is_still_the_callers_count(
    case: tuple[Request, AccessState, FixedClock],
) -> None:
    req, s, clock = case
    # decide reads the count it is given, never the clock, for the hourly limit
    later = FixedClock(clock.now() + timedelta(hours=24))
    a, b = decide(req, s, clock), decide(req, s, later)
    if a.rule.startswith("hourly limit"):
        assert b.rule.startswith(("hourly limit", "outside working hours"))


def test_the_scenarios_draw_both_outcomes() -> None:
    from hypothesis import find

    allowed = find(scenario(), lambda c: decide(*c).allowed)
    assert decide(*allowed).allowed
    denied = find(scenario(), lambda c: decide(*c).rule.startswith("hourly limit"))
    assert not decide(*denied).allowed


def test_an_approve_export_grant_naming_a_field_lets_its_role_approve() -> None:
    """Found by the property test: approval is of the export as a whole, so an
    approve_export grant approves whichever field it names (it demanded field '*')."""
    from boxguard.access import can_approve

    s = state(grants=(Grant("boss", "cn_mobile", "audit", "approve_export"),))
    assert can_approve(s, "chen", "audit").allowed
    assert not can_approve(s, "chen", "delivery").allowed
    assert not can_approve(s, "wang", "audit").allowed
