"""JOB: what each column of a table becomes under `mask` and `unmask` (imported only for tables).

Kept apart so that the CLI starts without Polars and Arrow unless a table is rewritten.
A column the plan calls personal masks every cell it holds: a cell its kind's operator
cannot take is scanned, and one nothing recognises is masked whole with the kind's
display mask and counted (:data:`~boxguard.transform.engine.Residue`), so the run can
say so or refuse (--strict).
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Iterator, Mapping, Sequence

import polars as pl

from boxguard.detect.table import ColumnClass, classify_sample, find_header, hinted_kinds
from boxguard.io.table_masks import Twin, vector_mask
from boxguard.io.tables import ColumnOp, Planner
from boxguard.kinds import get_kind
from boxguard.transform.engine import Desensitizer, Residue
from boxguard.transform.mask import Mask
from boxguard.transform.table_plan import ColumnPlan, plan_columns


def mask_planner(
    engine: Desensitizer, keep_clean: bool, plans: list[ColumnPlan], residue: Residue
) -> Planner:
    """The planner `mask` gives :func:`boxguard.io.tables.rewrite_table`."""

    def columns(sample: Mapping[str, list[str]]) -> dict[str, ColumnOp]:
        classes = classify_sample(engine.scanner.scan_cell, sample)
        chosen = plan_columns(classes, engine.policy, keep_clean=keep_clean)
        chosen = [by_header(p, c) for p, c in zip(chosen, classes, strict=True)]
        plans.extend(chosen)
        ops: dict[str, ColumnOp] = {}
        for name, p in zip(sample, chosen, strict=True):
            col = name.strip()
            if p.action == "kind" and p.kind is not None:
                fn = engine.whole_cell(p.kind, col, residue)
                ops[name] = ColumnOp(fn, _twin(engine, p.kind, col))
            elif p.action == "detect":
                ops[name] = ColumnOp(functools.partial(engine.text, column=col))
        return ops

    def header(rows: Sequence[Sequence[object]]) -> tuple[int, bool]:
        return find_header(rows, engine.scanner.scan_cell)

    return Planner(columns, header, engine.text)


def by_header(plan: ColumnPlan, c: ColumnClass) -> ColumnPlan:
    """A column classified as a kind keeps that kind when its cells vary.

    The plan asks 90% of sampled cells for a column-wise plan; a column most of whose cells
    are one kind, or named for a kind (姓名, 证件号码) with some cells of it (names a
    detector misses, other documents), is still that kind's column: every cell is masked
    (:meth:`Desensitizer.whole_cell`), where per-cell detection would leave what it misses in clear.
    """
    if plan.action == "kind" or plan.reason.startswith("policy"):
        return plan
    if c.kind is not None:
        said = f"the column's name says {c.kind}; " if c.hint else ""
        why = f"{said}{c.share:.0%} of {c.cells} sampled cells are {c.kind}"
        return ColumnPlan(plan.column, "kind", c.kind, why)
    hinted = hinted_kinds(c.column)
    if c.kind is None and len(hinted) == 1 and c.cells_with_findings:
        (kind,) = hinted
        why = f"the column's name says {kind}; {c.cells_with_findings} of {c.cells} cells hold PI"
        return ColumnPlan(plan.column, "kind", kind, why)
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


def changed_columns(
    fn: Callable[[str, str | None], str],
    touched: set[str],
    layout: Sequence[Mapping[str, object]] = (),
) -> Planner:
    """Rewrite, cell by cell, the columns the mask manifest names or where ``fn`` changes
    a sampled value; each table starts where the manifest's ``layout`` says it did."""

    def columns(sample: Mapping[str, list[str]]) -> dict[str, ColumnOp]:
        return {
            name: ColumnOp(_bind(fn, name.strip()))
            for name, values in sample.items()
            if name.strip() in touched or any(fn(v, name.strip()) != v for v in values)
        }

    tables: Iterator[Mapping[str, object]] = iter(layout)

    def header(rows: Sequence[Sequence[object]]) -> tuple[int, bool]:
        known = next(tables, None)
        if known is None or not isinstance(known.get("table_row"), int):
            return find_header(rows)
        start = known["table_row"]
        assert isinstance(start, int)
        return start - 1, bool(known.get("header"))

    return Planner(columns, header, lambda text: fn(text, None))
