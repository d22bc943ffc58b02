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
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import time
from typing import Any, Literal

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator, model_validator

from boxguard.access.model import ANY, AccessState, Grant, Limits, User
from boxguard.errors import ConfigError

_NAME = r"^[A-Za-z0-9_.@\-一-龥]{1,64}$"
_HOURS = re.compile(r"^([01]\d|2[0-3]):([0-5]\d)-([01]\d|2[0-4]):([0-5]\d)$")


class _Limits(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)
    reveals_per_hour: int | None = Field(default=None, ge=0)
    working_hours: str | None = None
    timezone: str = "Asia/Shanghai"

    @field_validator("working_hours")
    @classmethod
    def _hours(cls, v: str | None) -> str | None:
        if v is not None and not _HOURS.match(v):
            raise ValueError("working hours are HH:MM-HH:MM, e.g. 09:00-18:00")
        return v

    def build(self) -> Limits:
        hours = None
        if self.working_hours is not None:
            m = _HOURS.match(self.working_hours)
            assert m is not None  # validated above
            h1, m1, h2, m2 = (int(g) for g in m.groups())
            end = time(23, 59, 59, 999999) if h2 == 24 else time(h2, m2)
            hours = (time(h1, m1), end)
        try:
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
            if not re.match(_NAME, p) or p == ANY:
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
    """The rules of a file, as plain data."""

    purposes: frozenset[str]
    roles: frozenset[str]
    limits: Mapping[str, Limits]
    grants: tuple[Grant, ...]
    users: tuple[User, ...]

    def check_grant(self, grant: Grant) -> None:
        """Refuse a grant (``boxguard grant``) naming an undeclared role or purpose."""
        if grant.role not in self.roles:
            raise ConfigError(f"role {grant.role!r} is not declared in the access rules")
        if grant.purpose not in self.purposes:
            raise ConfigError(f"purpose {grant.purpose!r} is not declared in the access rules")

    def check_user(self, user: User) -> None:
        """Refuse a user (``boxguard users add``) whose role is undeclared."""
        if not re.match(_NAME, user.name):
            raise ConfigError("a user name is 1-64 letters, digits, _ . @ -")
        if user.role not in self.roles:
            raise ConfigError(f"role {user.role!r} is not declared in the access rules")

    def check_purposes(self, purposes: Iterable[str]) -> None:
        """Refuse consent (``boxguard consent set``) to an undeclared purpose."""
        for p in purposes:
            if p not in self.purposes:
                raise ConfigError(f"purpose {p!r} is not declared in the access rules")

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
    try:
        return yaml.safe_load(text)
    except yaml.YAMLError as err:
        mark = getattr(err, "problem_mark", None)
        where = f" line {mark.line + 1}" if mark is not None else ""
        raise ConfigError(f"{source}{where}: not valid YAML") from None


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
    )
