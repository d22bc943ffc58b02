"""JOB: what each column of a table becomes under `mask` and `unmask` (imported only for tables).

Kept apart so that the CLI starts without Polars and Arrow unless a table is rewritten.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Mapping

import polars as pl

from boxguard.detect.table import classify_sample
from boxguard.io.table_masks import Twin, vector_mask
from boxguard.io.tables import ColumnOp, Planner
from boxguard.kinds import get_kind
from boxguard.transform.engine import Desensitizer
from boxguard.transform.mask import Mask
from boxguard.transform.table_plan import ColumnPlan, plan_columns


def mask_planner(engine: Desensitizer, keep_clean: bool, plans: list[ColumnPlan]) -> Planner:
    def plan(sample: Mapping[str, list[str]]) -> dict[str, ColumnOp]:
        classes = classify_sample(engine.scanner.scan_cell, sample)
        chosen = plan_columns(classes, engine.policy, keep_clean=keep_clean)
        plans.extend(chosen)
        ops: dict[str, ColumnOp] = {}
        for name, p in zip(sample, chosen, strict=True):
            col = name.strip()
            if p.action == "kind" and p.kind is not None:
                ops[name] = ColumnOp(engine.whole_cell(p.kind, col), _twin(engine, p.kind, col))
            elif p.action == "detect":
                ops[name] = ColumnOp(functools.partial(engine.text, column=col))
        return ops

    return plan


def _twin(
    engine: Desensitizer, kind_id: str, column: str
) -> Callable[[pl.Expr], Twin | None] | None:
    """A vectorised twin when the column's operator is a mask (its function has one) and
    no value is allowed (allowed values are kept cell by cell)."""
    op = engine.operator(kind_id, column)
    if not isinstance(op, Mask) or engine.scanner.allow:
        return None
    fn = op.function(get_kind(kind_id))
    return lambda col: vector_mask(fn, col)


def _bind(fn: Callable[[str, str], str], column: str) -> Callable[[str], str]:
    return lambda value: fn(value, column)


def changed_columns(fn: Callable[[str, str], str], touched: set[str]) -> Planner:
    """Rewrite, cell by cell, the columns the mask manifest names or where ``fn`` changes
    a sampled value."""

    def plan(sample: Mapping[str, list[str]]) -> dict[str, ColumnOp]:
        return {
            name: ColumnOp(_bind(fn, name.strip()))
            for name, values in sample.items()
            if name.strip() in touched or any(fn(v, name.strip()) != v for v in values)
        }

    return plan
