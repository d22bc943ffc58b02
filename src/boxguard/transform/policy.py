"""A desensitization policy, parsed from YAML and validated with clear, located errors.

Which operator applies to which kind, column and role: it belongs with the operators
it names (``boxguard.policy`` is kept for *access* policy). It must never import an
adapter, a database or a CLI library.

::

    default: mask
    kinds: {cn_resident_id: {op: mask, keep_first: 3, keep_last: 4}}
    columns: {收件人电话: {kind: cn_mobile, op: tokenize}}
    roles: {courier: {address: {op: generalize, level: community}}}

Precedence, most specific first: the role's rule for the kind, the column's
rule, the kind's rule, the default.

>>> p = load_policy("default: mask\\nkinds: {cn_mobile: {op: tag}}\\n")
>>> p.decide("cn_mobile").op, p.decide("email").op
('tag', 'mask')
>>> load_policy("default: scramble\\n")  # doctest: +ELLIPSIS
Traceback (most recent call last):
...
boxguard.errors.ConfigError: policy line 1: default.op: unknown operator 'scramble' (known: ...)
"""

from __future__ import annotations

from typing import Any

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator, model_validator

from boxguard.errors import ConfigError
from boxguard.kinds import kind_ids
from boxguard.transform.base import Operator
from boxguard.transform.registry import make_operator, operator_names


class OperatorSpec(BaseModel):
    """An operator name and its parameters: ``{op: mask, keep_first: 3}``."""

    model_config = ConfigDict(extra="allow", frozen=True)
    op: str

    @field_validator("op")
    @classmethod
    def _known(cls, v: str) -> str:
        if v not in operator_names():
            raise ValueError(f"unknown operator {v!r} (known: {', '.join(operator_names())})")
        return v

    @model_validator(mode="after")
    def _buildable(self) -> OperatorSpec:
        try:
            make_operator(self.op, **self.params)
        except ConfigError as err:  # pydantic locates ValueErrors, so re-raise as one
            raise ValueError(str(err)) from None
        return self

    @property
    def params(self) -> dict[str, Any]:
        return dict(self.model_extra or {})

    def build(self) -> Operator:
        return make_operator(self.op, **self.params)


class ColumnRule(OperatorSpec):
    """A column's rule; ``kind`` names what the column holds (skips classification)."""

    kind: str | None = None

    @property
    def params(self) -> dict[str, Any]:
        return {k: v for k, v in (self.model_extra or {}).items() if k != "kind"}


def _check_kind(kind_id: str) -> str:
    if kind_id not in kind_ids():
        raise ValueError(f"unknown kind {kind_id!r} (not among the registered kinds)")
    return kind_id


class Policy(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    default: OperatorSpec = Field(default_factory=lambda: OperatorSpec(op="mask"))
    kinds: dict[str, OperatorSpec] = Field(default_factory=dict)
    columns: dict[str, ColumnRule] = Field(default_factory=dict)
    roles: dict[str, dict[str, OperatorSpec]] = Field(default_factory=dict)

    @field_validator("default", mode="before")
    @classmethod
    def _short_default(cls, v: Any) -> Any:
        return {"op": v} if isinstance(v, str) else v

    @field_validator("kinds", mode="before")
    @classmethod
    def _short_kinds(cls, v: Any) -> Any:
        if isinstance(v, dict):
            return {_check_kind(k): ({"op": s} if isinstance(s, str) else s) for k, s in v.items()}
        return v

    @field_validator("roles", mode="before")
    @classmethod
    def _short_roles(cls, v: Any) -> Any:
        if isinstance(v, dict):
            return {
                role: {
                    _check_kind(k): ({"op": s} if isinstance(s, str) else s)
                    for k, s in (rules or {}).items()
                }
                for role, rules in v.items()
            }
        return v

    @field_validator("columns")
    @classmethod
    def _column_kinds(cls, v: dict[str, ColumnRule]) -> dict[str, ColumnRule]:
        for rule in v.values():
            if rule.kind is not None:
                _check_kind(rule.kind)
        return v

    def operators_used(self) -> set[str]:
        """Every operator name the policy can choose.

        >>> sorted(load_policy("default: mask\\nkinds: {email: tokenize}").operators_used())
        ['mask', 'tokenize']
        """
        return {spec.op for spec in self.specs(every_role=True)}

    def specs(self, role: str | None = None, *, every_role: bool = False) -> list[OperatorSpec]:
        """The rules the policy may apply: its default, kind and column rules, and ``role``'s
        rules (or, with ``every_role``, every role's).

        >>> [s.op for s in load_policy("default: mask\\nroles: {a: {email: tokenize}}").specs("a")]
        ['mask', 'tokenize']
        """
        out: list[OperatorSpec] = [self.default, *self.kinds.values(), *self.columns.values()]
        roles = self.roles.values() if every_role else [self.roles.get(role or "", {})]
        return out + [spec for rules in roles for spec in rules.values()]

    def decide(
        self, kind_id: str, column: str | None = None, role: str | None = None
    ) -> OperatorSpec:
        """The operator for a value of ``kind_id`` in ``column``, seen by ``role``."""
        if role is not None:
            if role not in self.roles:
                known = ", ".join(sorted(self.roles)) or "none"
                raise ConfigError(f"role {role!r} is not in the policy (its roles: {known})")
            if kind_id in self.roles[role]:
                return self.roles[role][kind_id]
        if column is not None and column in self.columns:
            return self.columns[column]
        return self.kinds.get(kind_id, self.default)


def read_yaml(text: str, source: str) -> tuple[yaml.Node | None, Any]:
    """``text``'s YAML node tree (for line numbers) and data; a ConfigError naming the line
    for text that is no YAML, or whose value YAML cannot build (``0000-00-00``: a date out
    of range).

    >>> read_yaml("a: 1", "p")[1]
    {'a': 1}
    >>> read_yaml("0000-00-00", "p")
    Traceback (most recent call last):
    boxguard.errors.ConfigError: p: not valid YAML (a value out of range)
    """
    try:  # parsed once: the node, then the data built from it (as safe_load builds it)
        loader = yaml.SafeLoader(text)  # (refuses a control character here already)
        try:
            node = loader.get_single_node()
            return node, None if node is None else loader.construct_document(node)
        finally:
            loader.dispose()
    except yaml.YAMLError as err:
        mark = getattr(err, "problem_mark", None)
        where = f" line {mark.line + 1}" if mark is not None else ""
        raise ConfigError(f"{source}{where}: not valid YAML") from None
    except (ValueError, OverflowError):  # a timestamp or number YAML cannot build
        raise ConfigError(f"{source}: not valid YAML (a value out of range)") from None


def load_policy(text: str, source: str = "policy") -> Policy:
    """Parse and validate a YAML policy; errors name the line and the field."""
    node, data = read_yaml(text, source)
    if data is None:
        data = {}
    if not isinstance(data, dict):
        raise ConfigError(
            f"{source} line 1: a policy is a mapping (default, kinds, columns, roles)"
        )
    try:
        return Policy.model_validate(data)
    except ValidationError as err:
        first = err.errors()[0]
        loc = [str(p) for p in first["loc"] if not str(p).startswith("function-")]
        line = _line_of(node, loc)
        msg = str(first.get("ctx", {}).get("error", first["msg"]))
        msg = msg.removeprefix("Value error, ")
        raise ConfigError(f"{source} line {line}: {'.'.join(loc) or 'policy'}: {msg}") from None


def _line_of(node: yaml.Node | None, loc: list[str]) -> int:
    """The 1-based line of the deepest YAML node on ``loc`` that exists."""
    line = 1
    for part in loc:
        if not isinstance(node, yaml.MappingNode):
            break
        for key, value in node.value:
            if str(key.value) == part:
                line = key.start_mark.line + 1
                node = value
                break
        else:
            break
    return line
