"""Score predicted spans against gold spans: per-kind precision, recall, F1 and micro F1.

A prediction counts only with the exact span and kind (strict, as CoNLL scoring).

>>> gold = [[(0, 11, "cn_mobile"), (12, 30, "cn_resident_id")]]
>>> pred = [[(0, 11, "cn_mobile"), (12, 29, "cn_resident_id"), (40, 45, "email")]]
>>> r = score(gold, pred)
>>> r.per_kind["cn_mobile"].f1, r.per_kind["cn_resident_id"].recall
(1.0, 0.0)
>>> r.micro.tp, r.micro.fp, r.micro.fn
(1, 2, 1)
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

Span = tuple[int, int, str]


@dataclass
class Counts:
    tp: int = 0
    fp: int = 0
    fn: int = 0

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 0.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 0.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    @property
    def support(self) -> int:
        return self.tp + self.fn


@dataclass
class Report:
    per_kind: dict[str, Counts] = field(default_factory=dict)

    @property
    def micro(self) -> Counts:
        return Counts(
            sum(c.tp for c in self.per_kind.values()),
            sum(c.fp for c in self.per_kind.values()),
            sum(c.fn for c in self.per_kind.values()),
        )

    def markdown(self, targets: dict[str, float] | None = None) -> str:
        targets = targets or {}
        lines = ["| kind | P | R | F1 | support | target |", "|---|---|---|---|---|---|"]
        for kind in sorted(self.per_kind):
            c = self.per_kind[kind]
            t = targets.get(kind)
            mark = "" if t is None else (f"≥ {t} ✓" if c.f1 >= t else f"≥ {t} ✗")
            prf = f"{c.precision:.3f} | {c.recall:.3f} | {c.f1:.3f}"
            lines.append(f"| `{kind}` | {prf} | {c.support} | {mark} |")
        m = self.micro
        lines.append(
            f"| **micro** | {m.precision:.3f} | {m.recall:.3f} | **{m.f1:.3f}** | {m.support} | |"
        )
        return "\n".join(lines)


def score(gold: Iterable[Sequence[Span]], predicted: Iterable[Sequence[Span]]) -> Report:
    """Per-document gold and predicted spans, in the same order."""
    report = Report()
    for g_doc, p_doc in zip(gold, predicted, strict=True):
        g: set[Span] = {(s, e, k) for s, e, k in g_doc}
        p: set[Span] = {(s, e, k) for s, e, k in p_doc}
        for s in g | p:
            c = report.per_kind.setdefault(s[2], Counts())
            if s in g and s in p:
                c.tp += 1
            elif s in p:
                c.fp += 1
            else:
                c.fn += 1
    return report
