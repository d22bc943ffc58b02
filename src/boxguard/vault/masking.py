"""The masked view of a record: the same code path as ``boxguard mask --policy P --role R``.

A field of a known kind goes through :meth:`Desensitizer.whole_cell` (the
column-wise path ``mask`` takes for a table column of that kind); a field of
no known kind through :meth:`Desensitizer.text` with its column name (the
cell-by-cell path). No mask is re-implemented here.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from boxguard.transform.base import Context
from boxguard.transform.engine import Desensitizer
from boxguard.transform.policy import ColumnRule, OperatorSpec, Policy, load_policy

if TYPE_CHECKING:
    from boxguard.detect.scanner import Scanner


def viewed(policy: Policy) -> Policy:
    """``policy`` as a masked view applies it: a rule that keeps a value in clear (``keep``)
    gives the kind's display mask instead. A value in clear is a reveal (a grant, a purpose,
    consent, an audit event naming it), never a view, whatever the policy says.

    >>> p = viewed(load_policy("default: keep\\nroles: {analyst: {cn_mobile: keep}}"))
    >>> p.default.op, p.roles["analyst"]["cn_mobile"].op
    ('mask', 'mask')
    """

    def masked(spec: OperatorSpec) -> OperatorSpec:
        if spec.op != "keep":
            return spec
        if isinstance(spec, ColumnRule):
            return ColumnRule(op="mask", kind=spec.kind)
        return OperatorSpec(op="mask")

    return policy.model_copy(
        update={
            "default": masked(policy.default),
            "kinds": {k: masked(v) for k, v in policy.kinds.items()},
            "columns": {k: masked(v) for k, v in policy.columns.items()},
            "roles": {r: {k: masked(v) for k, v in m.items()} for r, m in policy.roles.items()},
        }
    )


def default_policy() -> Policy:
    """``default: mask`` — every field masked with its kind's display mask."""
    return load_policy("default: mask\n", source="built-in default")


@dataclass
class Masking:
    """How :meth:`Vault.show` masks: a scanner (for fields of no known kind), a
    desensitization policy (as a view applies it: :func:`viewed`) and the operators'
    context (keys, token store)."""

    scanner: Scanner | None = None
    policy: Policy | None = None
    ctx: Context = field(default_factory=Context)
    _engines: dict[str | None, Desensitizer] = field(default_factory=dict)

    def engine(self, role: str | None) -> Desensitizer:
        """The desensitizer for ``role``; a role the policy does not name gets the
        policy's general rules (access roles and policy roles are separate lists)."""
        policy = viewed(self.policy) if self.policy is not None else default_policy()
        chosen = role if role is not None and role in policy.roles else None
        if chosen not in self._engines:
            if self.scanner is None:
                from boxguard.detect.scanner import Scanner

                self.scanner = Scanner(prefilter=False)
            self._engines[chosen] = Desensitizer(self.scanner, policy, self.ctx, chosen)
        return self._engines[chosen]

    def field(self, role: str | None, name: str, kind: str | None, value: str) -> str:
        """One field's masked value, as ``mask`` would write it in a column ``name``.

        >>> from boxguard.detect.scanner import Scanner
        >>> m = Masking(Scanner(kinds=["cn_mobile"]))
        >>> m.field(None, "手机", "cn_mobile", "13812345678")
        '138****5678'
        """
        engine = self.engine(role)
        if kind is not None:
            return engine.whole_cell(kind, name)(value)
        return engine.text(value, column=name)
