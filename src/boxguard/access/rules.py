"""The access rules file (YAML or TOML): purposes, roles and their limits, grants, users.

::

    purposes: [delivery, after_sales, audit]
    roles:
      courier: {limits: {reveals_per_hour: 30, working_hours: "09:00-18:00",
                         timezone: Asia/Shanghai}}
      supervisor: {}
    grants:
      - {role: courier, fields: [cn_mobile, address], purposes: [delivery]}
      - {role: supervisor, action: approve_export, purposes: [audit]}
    users:
      - {name: li.clerk, role: courier}

Validated with pydantic: unknown keys are refused, a grant or user naming an
undeclared role or purpose is refused, and errors name the file and the field.
Users, grants and consent added later (``boxguard users add``, ``grant``,
``consent set``) live in the vault's store; :meth:`AccessRules.state` merges both.
Roles and purposes added later (``boxguard roles add``, ``purposes add``) live
there too; :meth:`AccessRules.with_stored` merges them, a stored role's definition
(description and limits) winning over the file's of the same name.

>>> r = load_rules("purposes: [delivery]\\nroles: {courier: {}}\\n"
...                "grants: [{role: courier, fields: [cn_mobile], purposes: [delivery]}]\\n")
>>> r.grants
(Grant(role='courier', field='cn_mobile', purpose='delivery', action='reveal'),)
>>> load_rules("purposes: [a]\\nroles: {r: {colour: red}}\\n", source="rules.yaml")
Traceback (most recent call last):
...
boxguard.errors.ConfigError: rules.yaml: roles.r.colour: Extra inputs are not permitted
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import time
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator, model_validator

from boxguard.access.model import ANY, AccessState, Grant, Limits, Purpose, Role, User
from boxguard.detect.table import shown_name
from boxguard.errors import ConfigError
from boxguard.transform.policy import read_yaml

_NAME = r"^[A-Za-z0-9_.@\-一-龥]{1,64}$"
_HOURS = re.compile(r"^([01]\d|2[0-3]):([0-5]\d)-([01]\d|2[0-4]):([0-5]\d)$")
#: The end of working hours written ``24:00``.
_END_OF_DAY = time(23, 59, 59, 999999)
#: The time zone of limits that name none.
DEFAULT_TIMEZONE = "Asia/Shanghai"
#: The longest description of a role or purpose the database keeps.
MAX_DESCRIPTION = 200


def check_name(name: str, what: str) -> str:
    """``name`` if it can name a ``what`` (role, purpose, user): 1-64 letters, digits,
    Chinese characters, ``_ . @ -``; ConfigError otherwise (the name is not echoed).

    >>> check_name("快递员", "role")
    '快递员'
    >>> check_name("*", "purpose")
    Traceback (most recent call last):
    ...
    boxguard.errors.ConfigError: a purpose name is 1-64 letters, digits, _ . @ -
    """
    if not re.fullmatch(_NAME, name) or name == ANY:
        raise ConfigError(f"a {what} name is 1-64 letters, digits, _ . @ -")
    return name


def check_description(text: str) -> str:
    """``text`` if it can describe a role or purpose: one line of at most
    :data:`MAX_DESCRIPTION` characters.

    >>> check_description("a\\nb")
    Traceback (most recent call last):
    ...
    boxguard.errors.ConfigError: a description is one line of at most 200 characters
    """
    return check_line(text, "description")


def check_line(text: str, what: str, limit: int = MAX_DESCRIPTION) -> str:
    """``text`` if it is one line of at most ``limit`` characters with no control character
    (what an audit event keeps: a line break would forge a row of a table or a log);
    ConfigError otherwise (the text is not echoed).

    >>> check_line("WB123", "reference")
    'WB123'
    >>> check_line("a\\u2028b", "recipient id", 64)
    Traceback (most recent call last):
    ...
    boxguard.errors.ConfigError: a recipient id is one line of at most 64 characters
    """
    if len(text) > limit or any(unicodedata.category(c) in _NOT_IN_A_LINE for c in text):
        raise ConfigError(f"a {what} is one line of at most {limit} characters")
    return text


#: Control characters and line or paragraph separators.
_NOT_IN_A_LINE = frozenset({"Cc", "Zl", "Zp"})


def parse_hours(text: str) -> tuple[time, time]:
    """Working hours ``HH:MM-HH:MM`` (an end of ``24:00`` is the end of the day).

    >>> parse_hours("09:00-18:00")
    (datetime.time(9, 0), datetime.time(18, 0))
    >>> parse_hours("9-18")
    Traceback (most recent call last):
    ...
    boxguard.errors.ConfigError: working hours are HH:MM-HH:MM, e.g. 09:00-18:00
    """
    m = _HOURS.fullmatch(text)
    if m is None:
        raise ConfigError("working hours are HH:MM-HH:MM, e.g. 09:00-18:00")
    h1, m1, h2, m2 = (int(g) for g in m.groups())
    if h2 == 24 and m2:
        raise ConfigError("working hours end at 24:00 at the latest")
    end = _END_OF_DAY if h2 == 24 else time(h2, m2)
    return time(h1, m1), end


def hours_spec(hours: tuple[time, time]) -> str:
    """The ``HH:MM-HH:MM`` text of working hours (the inverse of :func:`parse_hours`).

    >>> hours_spec(parse_hours("08:30-24:00"))
    '08:30-24:00'
    """
    start, end = hours
    return f"{start:%H:%M}-{'24:00' if end == _END_OF_DAY else f'{end:%H:%M}'}"


def make_role(
    name: str,
    description: str = "",
    *,
    reveals_per_hour: int | None = None,
    working_hours: str | None = None,
    timezone: str | None = None,
) -> Role:
    """A role from what a person typed; ConfigError naming what is wrong. Limits are
    set when any of them is given (a time zone alone is kept with no limit).

    >>> make_role("courier", reveals_per_hour=30, working_hours="09:00-18:00").limits
    Limits(reveals_per_hour=30, working_hours=(datetime.time(9, 0), datetime.time(18, 0)), \
timezone='Asia/Shanghai')
    >>> make_role("courier", reveals_per_hour=-1)
    Traceback (most recent call last):
    ...
    boxguard.errors.ConfigError: reveals_per_hour must be 0 or more
    """
    check_name(name, "role")
    check_description(description)
    if reveals_per_hour is None and working_hours is None and timezone is None:
        return Role(name, description, None)
    hours = parse_hours(working_hours) if working_hours is not None else None
    return Role(name, description, Limits(reveals_per_hour, hours, timezone or DEFAULT_TIMEZONE))


class _Limits(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)
    reveals_per_hour: int | None = Field(default=None, ge=0)
    working_hours: str | None = None
    timezone: str = DEFAULT_TIMEZONE

    @field_validator("working_hours")
    @classmethod
    def _hours(cls, v: str | None) -> str | None:
        if v is not None and not _HOURS.fullmatch(v):
            raise ValueError("working hours are HH:MM-HH:MM, e.g. 09:00-18:00")
        return v

    def build(self) -> Limits:
        try:
            hours = parse_hours(self.working_hours) if self.working_hours is not None else None
            return Limits(self.reveals_per_hour, hours, self.timezone)
        except ConfigError as err:
            raise ValueError(str(err)) from None


class _Role(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)
    description: str = ""
    limits: _Limits | None = None

    @model_validator(mode="after")
    def _limits_ok(self) -> _Role:
        if self.limits is not None:
            self.limits.build()
        return self


class _Grant(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)
    role: str
    action: Literal["reveal", "export", "approve_export", "delete"] = "reveal"
    fields: list[str] = Field(default_factory=lambda: [ANY], min_length=1)
    purposes: list[str] = Field(min_length=1)


class _User(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)
    name: str = Field(pattern=_NAME)
    role: str
    active: bool = True


class _Rules(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)
    purposes: list[str] = Field(default_factory=list)
    roles: dict[str, _Role] = Field(default_factory=dict)
    grants: list[_Grant] = Field(default_factory=list)
    users: list[_User] = Field(default_factory=list)

    @field_validator("purposes")
    @classmethod
    def _names(cls, v: list[str]) -> list[str]:
        for p in v:
            if not re.fullmatch(_NAME, p) or p == ANY:
                raise ValueError(f"purpose {p!r} is not a name (letters, digits, _ . @ -)")
        return v

    @model_validator(mode="after")
    def _declared(self) -> _Rules:
        for i, g in enumerate(self.grants):
            if g.role not in self.roles:
                raise ValueError(f"grants[{i}]: role {g.role!r} is not declared under roles")
            for p in g.purposes:
                if p not in self.purposes:
                    raise ValueError(f"grants[{i}]: purpose {p!r} is not declared under purposes")
        for u in self.users:
            if u.role not in self.roles:
                raise ValueError(f"users: {u.name}: role {u.role!r} is not declared under roles")
        return self


@dataclass(frozen=True)
class AccessRules:
    """The rules of a file (merged with the database's roles and purposes by
    :meth:`with_stored`), as plain data."""

    purposes: frozenset[str]
    roles: frozenset[str]
    limits: Mapping[str, Limits]
    grants: tuple[Grant, ...]
    users: tuple[User, ...]
    #: role → its description (roles that have one)
    descriptions: Mapping[str, str] = field(default_factory=dict)
    #: purpose → its description (purposes that have one)
    purpose_descriptions: Mapping[str, str] = field(default_factory=dict)

    def role(self, name: str) -> Role | None:
        """The declared role ``name`` with its description and limits, or None.

        >>> load_rules("roles: {courier: {limits: {reveals_per_hour: 3}}}").role("courier")
        Role(name='courier', description='', limits=Limits(reveals_per_hour=3, \
working_hours=None, timezone='Asia/Shanghai'))
        """
        if name not in self.roles:
            return None
        return Role(name, self.descriptions.get(name, ""), self.limits.get(name))

    def is_bare(self, name: str) -> bool:
        """True when the role ``name`` is declared with nothing to say (``courier: {}``):
        no description, no limits."""
        return name in self.roles and name not in self.limits and name not in self.descriptions

    def with_stored(self, roles: Iterable[Role], purposes: Iterable[Purpose]) -> AccessRules:
        """These rules plus the roles and purposes of the database. A stored role's
        definition wins over the file's of the same name, whole: its description and
        its limits (a stored role without limits has none, whatever the file says).

        >>> file = load_rules("purposes: [a]\\nroles: {r: {limits: {reveals_per_hour: 3}}}")
        >>> both = file.with_stored([Role("r"), Role("s", limits=Limits(5))], [Purpose("b")])
        >>> sorted(both.roles), sorted(both.purposes), both.limits
        (['r', 's'], ['a', 'b'], {'s': Limits(reveals_per_hour=5, working_hours=None, \
timezone='Asia/Shanghai')})
        """
        limits = dict(self.limits)
        descriptions = dict(self.descriptions)
        names = set(self.roles)
        for r in roles:
            names.add(r.name)
            limits.pop(r.name, None)
            descriptions.pop(r.name, None)
            if r.limits is not None:
                limits[r.name] = r.limits
            if r.description:
                descriptions[r.name] = r.description
        purpose_descriptions = dict(self.purpose_descriptions)
        all_purposes = set(self.purposes)
        for p in purposes:
            all_purposes.add(p.name)
            if p.description:
                purpose_descriptions[p.name] = p.description
        return AccessRules(
            purposes=frozenset(all_purposes),
            roles=frozenset(names),
            limits=limits,
            grants=self.grants,
            users=self.users,
            descriptions=descriptions,
            purpose_descriptions=purpose_descriptions,
        )

    def check_grant(self, grant: Grant) -> None:
        """Refuse a grant (``boxguard grant``) naming an undeclared role or purpose."""
        if grant.role not in self.roles:
            raise ConfigError(f"role {shown_name(grant.role)} is not declared in the access rules")
        if grant.purpose not in self.purposes:
            raise ConfigError(
                f"purpose {shown_name(grant.purpose)} is not declared in the access rules"
            )

    def check_user(self, user: User) -> None:
        """Refuse a user (``boxguard users add``) whose role is undeclared."""
        check_name(user.name, "user")
        if user.role not in self.roles:
            raise ConfigError(f"role {shown_name(user.role)} is not declared in the access rules")

    def check_purposes(self, purposes: Iterable[str]) -> None:
        """Refuse consent (``boxguard consent set``) to an undeclared purpose."""
        for p in purposes:
            if p not in self.purposes:
                raise ConfigError(f"purpose {shown_name(p)} is not declared in the access rules")

    def state(
        self,
        *,
        users: Iterable[User] = (),
        grants: Iterable[Grant] = (),
        consent: Mapping[str, frozenset[str]] | None = None,
        reveals_last_hour: Mapping[str, int] | None = None,
    ) -> AccessState:
        """The state a decision reads: this file's rules plus stored users and grants
        (a stored user overrides the file's of the same name)."""
        all_users = {u.name: u for u in self.users}
        all_users.update({u.name: u for u in users})
        return AccessState(
            users=all_users,
            roles=self.roles,
            purposes=self.purposes,
            grants=(*self.grants, *grants),
            consent=dict(consent or {}),
            limits=dict(self.limits),
            reveals_last_hour=dict(reveals_last_hour or {}),
        )


def _parse(text: str, source: str) -> Any:
    if source.endswith(".toml"):
        try:
            import tomllib
        except ImportError:  # Python 3.10
            import tomli as tomllib  # type: ignore[no-redef,import-not-found,unused-ignore]
        try:
            return tomllib.loads(text)
        except tomllib.TOMLDecodeError as err:
            raise ConfigError(f"{source}: not valid TOML ({err})") from None
    return read_yaml(text, source)[1]


def load_rules(text: str, source: str = "access rules") -> AccessRules:
    """Parse and validate access rules; ``source`` ending in ``.toml`` reads TOML.

    >>> load_rules('purposes = ["audit"]\\n[roles.auditor]\\n', source="rules.toml").roles
    frozenset({'auditor'})
    >>> load_rules("purposes: [a]\\nroles: {r: {}}\\nusers: [{name: li, role: boss}]\\n",
    ...            source="r.yaml")
    Traceback (most recent call last):
    ...
    boxguard.errors.ConfigError: r.yaml: users: li: role 'boss' is not declared under roles
    """
    data = _parse(text, source)
    if data is None:
        data = {}
    if not isinstance(data, dict):
        raise ConfigError(f"{source}: access rules are a mapping (purposes, roles, grants, users)")
    try:
        doc = _Rules.model_validate(data)
    except ValidationError as err:
        first = err.errors()[0]
        loc = ".".join(str(p) for p in first["loc"] if not str(p).startswith("function-"))
        msg = str(first.get("ctx", {}).get("error", first["msg"])).removeprefix("Value error, ")
        raise ConfigError(f"{source}: {loc + ': ' if loc else ''}{msg}") from None
    grants = tuple(
        Grant(g.role, f, p, g.action) for g in doc.grants for f in g.fields for p in g.purposes
    )
    return AccessRules(
        purposes=frozenset(doc.purposes),
        roles=frozenset(doc.roles),
        limits={n: r.limits.build() for n, r in doc.roles.items() if r.limits is not None},
        grants=grants,
        users=tuple(User(u.name, u.role, u.active) for u in doc.users),
        descriptions={n: r.description for n, r in doc.roles.items() if r.description},
    )
