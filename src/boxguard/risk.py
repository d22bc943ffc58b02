"""Re-identification risk of a table: k-anonymity and l-diversity over quasi-identifiers.

Pure: takes the size of each equivalence class (rows sharing the same
quasi-identifier values) and, optionally, how many distinct sensitive values
each class holds; the adapter computes those with a group-by.

>>> r = assess([12, 3], [4, 1])
>>> (r.k, r.records, r.share_below_k, r.l)
(3, 15, 0.2, 1)

A table without records (a header alone) has no class: its k is None, not 0, and no
record is at risk.

>>> r = assess([])
>>> (r.k, r.records, r.records_below_k)
(None, 0, 0)
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

#: A class smaller than this is "at risk" (the usual threshold of DLP tools).
DEFAULT_K = 5


@dataclass(frozen=True)
class RiskReport:
    #: the smallest class's size; None without records
    k: int | None
    records: int
    classes: int
    records_below_k: int
    share_below_k: float
    l: int | None  # noqa: E741  (the name the literature uses)
    k_target: int

    def to_dict(self) -> dict[str, object]:
        return {
            "k_anonymity": self.k,
            "records": self.records,
            "equivalence_classes": self.classes,
            f"records_in_classes_below_k{self.k_target}": self.records_below_k,
            f"share_below_k{self.k_target}": self.share_below_k,
            "l_diversity": self.l,
        }


def assess(
    sizes: Sequence[int],
    distinct_sensitive: Sequence[int] | None = None,
    k_target: int = DEFAULT_K,
) -> RiskReport:
    """Metrics from equivalence-class sizes (and distinct sensitive values per class).

    Class keys never enter: they are quasi-identifier values, personal in themselves.
    """
    records = sum(sizes)
    below = sum(s for s in sizes if s < k_target)
    return RiskReport(
        k=min(sizes) if sizes else None,
        records=records,
        classes=len(sizes),
        records_below_k=below,
        share_below_k=round(below / records, 4) if records else 0.0,
        l=min(distinct_sensitive) if distinct_sensitive else None,
        k_target=k_target,
    )
