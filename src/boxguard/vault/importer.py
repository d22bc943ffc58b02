"""Put the people of a table in the vault, keeping only the columns that are personal.

Columns are classified by the detector (:func:`boxguard.detect.table.classify_sample`)
and planned as ``mask`` plans them (:func:`boxguard.transform.table_plan.plan_columns`):
a column of one kind is stored as that kind (and blind-indexed), a free-text
column holding personal information is stored encrypted with no kind, and a
column with none is not imported. The id column is always stored and indexed
(``find <id column> <value>``); a consent column (purposes separated by ``;``)
becomes the person's consent, not a field. Reading files is the caller's job.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from boxguard.detect.scanner import Scanner
from boxguard.detect.table import ColumnClass, classify_sample, shown_name
from boxguard.errors import InputError
from boxguard.transform.table_plan import SAMPLE_ROWS, ColumnPlan, plan_columns
from boxguard.vault.masking import default_policy
from boxguard.vault.service import PersonField, Vault


@dataclass(frozen=True)
class ImportResult:
    """The vault ids in row order, each column's plan, and the columns not imported."""

    vault_ids: tuple[str, ...]
    plans: tuple[ColumnPlan, ...]
    skipped: tuple[str, ...]


def _purposes(cell: str) -> list[str]:
    """``delivery; after_sales`` → ``['delivery', 'after_sales']`` (； and , too).

    >>> _purposes("delivery；after_sales, ")
    ['delivery', 'after_sales']
    """
    for sep in ("；", ",", "，"):
        cell = cell.replace(sep, ";")
    return [p.strip() for p in cell.split(";") if p.strip()]


def classify(rows: Sequence[dict[str, str]], scanner: Scanner) -> list[ColumnClass]:
    """The detector's classification of each column over the first :data:`SAMPLE_ROWS`."""
    columns = list(rows[0]) if rows else []
    sample = {
        c: [v for r in rows[:SAMPLE_ROWS] if (v := (r.get(c) or "")).strip()] for c in columns
    }
    return classify_sample(scanner.scan_cell, sample)


def classify_and_import(
    vault: Vault,
    rows: Sequence[dict[str, str]],
    id_column: str,
    *,
    actor: str,
    consent_column: str | None = "consent",
    scanner: Scanner | None = None,
    once: bool = True,
) -> ImportResult:
    """Put one person per row (audited as ``put`` by ``actor``); the result holds their
    vault ids in row order. Empty cells are not stored. ``once``: the id column names a
    person, so a value the vault holds already, or that the table repeats, is an error
    (nothing stored)."""
    if not rows:
        return ImportResult((), (), ())
    if id_column not in rows[0]:
        raise InputError(f"the id column {id_column!r} is not in the table")
    scan = scanner if scanner is not None else Scanner(prefilter=False)
    data_rows = [{k: v for k, v in r.items() if k != consent_column} for r in rows]
    plans = plan_columns(classify(data_rows, scan), default_policy())
    kinds = {p.column: p.kind for p in plans}
    keep = {p.column for p in plans if p.action != "keep"} | {id_column}
    skipped = tuple(p.column for p in plans if p.column not in keep)
    for n, row in enumerate(rows, start=1):  # all checked before any is stored
        if not (row.get(id_column) or "").strip():
            raise InputError(f"row {n}: the id column {id_column!r} is empty")
    values = [r[id_column] for r in rows]
    again = vault.held(id_column, kinds.get(id_column), values, actor=actor) if once else []
    if again:
        shown = ", ".join(str(i + 1) for i in again[:5]) + (", …" if len(again) > 5 else "")
        raise InputError(
            f"{len(again)} row(s) ({shown}): their {id_column!r} is in the vault already or "
            "earlier in the table; nothing imported (a person is imported once)"
        )
    consents = [_purposes(r.get(consent_column) or "") if consent_column else [] for r in rows]
    declared = vault.rules().purposes if any(consents) else frozenset()
    for n, consent in enumerate(consents, start=1):
        unknown = [p for p in consent if p not in declared]
        if unknown:  # (found while storing, the rows before it stayed stored)
            raise InputError(
                f"row {n}, column {consent_column!r}: purpose {shown_name(unknown[0])} is not "
                "declared in the access rules; nothing imported"
            )
    ids = []
    for row, consent in zip(rows, consents, strict=True):
        fields = [
            PersonField(col, value, kinds.get(col))
            for col, value in row.items()
            if col in keep and (value or "").strip()
        ]
        ids.append(vault.put(fields, actor=actor, consent=consent, index_fields=[id_column]))
    return ImportResult(tuple(ids), tuple(plans), skipped)
