"""Decide, once per table, how each column is desensitized.

A column is handled in one of three ways:

- ``kind``: every non-empty cell is a value of one kind (the policy says so,
  or at least :data:`WHOLE_COLUMN_SHARE` of the sampled cells were that
  kind) and gets that kind's operator without detection: column-wise, as
  ShardingSphere's and Ranger's column masks do;
- ``detect``: free text with personal information in some sampled cells, or a
  column the policy names without a kind: each cell is scanned;
- ``keep``: no personal information in any sampled cell: copied as is.

>>> from boxguard.detect.table import ColumnClass
>>> from boxguard.transform.policy import load_policy
>>> cols = [
...     ColumnClass("手机", "cn_mobile", 1.0, 1.0, 100, 100, True),
...     ColumnClass("备注", None, 0.0, 0.0, 100, 7, False),
...     ColumnClass("金额", None, 0.0, 0.0, 100, 0, False),
... ]
>>> [(p.column, p.action, p.kind) for p in plan_columns(cols, load_policy("default: mask"))]
[('手机', 'kind', 'cn_mobile'), ('备注', 'detect', None), ('金额', 'keep', None)]
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal

from boxguard.detect.table import ColumnClass
from boxguard.transform.policy import Policy

#: Rows read first to classify a table's columns.
SAMPLE_ROWS = 1000
#: Share of sampled non-empty cells of one kind that makes a column that kind.
WHOLE_COLUMN_SHARE = 0.9

Action = Literal["kind", "detect", "keep"]


@dataclass(frozen=True)
class ColumnPlan:
    column: str
    action: Action
    kind: str | None
    reason: str

    def to_dict(self) -> dict[str, str | None]:
        return {"column": self.column, "action": self.action, "kind": self.kind, "why": self.reason}


def plan_columns(
    classes: Sequence[ColumnClass], policy: Policy, *, keep_clean: bool = True
) -> list[ColumnPlan]:
    """One plan per column, from the sample's classification and the policy's column rules.

    ``keep_clean=False`` scans every cell of a column whose sample held nothing.
    """
    plans: list[ColumnPlan] = []
    for c in classes:
        rule = policy.columns.get(c.column)
        if rule is not None and rule.kind is not None:
            plans.append(ColumnPlan(c.column, "kind", rule.kind, "policy column rule"))
        elif rule is not None:
            plans.append(ColumnPlan(c.column, "detect", None, "policy column rule without kind"))
        elif c.kind is not None and c.share >= WHOLE_COLUMN_SHARE:
            why = f"{c.share:.0%} of {c.cells} sampled cells are {c.kind}"
            plans.append(ColumnPlan(c.column, "kind", c.kind, why))
        elif c.cells_with_findings or not keep_clean:
            why = f"{c.cells_with_findings} of {c.cells} sampled cells hold personal information"
            plans.append(ColumnPlan(c.column, "detect", None, why))
        else:
            plans.append(ColumnPlan(c.column, "keep", None, f"none in {c.cells} sampled cells"))
    return plans
