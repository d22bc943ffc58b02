"""CLUENER2020 as training and evaluation data, with the project's fixed split.

The split is fixed for the whole project: line ``i`` (0-based) with
``i % 5 == 0`` is HELD OUT — never trained or tuned on; every other line
may be used for training and tuning.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

from boxguard.evaluate import Counts, score

#: CLUENER labels → boxguard kinds.
LABELS = {
    "name": "person_name",
    "company": "organization",
    "organization": "organization",
    "government": "organization",
}


@dataclass(frozen=True)
class Record:
    text: str
    spans: tuple[tuple[int, int, str], ...]  # [start, end) code points, kind


def load(path: str | Path) -> list[Record]:
    out: list[Record] = []
    with open(path, encoding="utf-8") as fh:
        for line in fh:
            doc = json.loads(line)
            spans = []
            for label, entities in doc.get("label", {}).items():
                kind = LABELS.get(label)
                if kind is None:
                    continue
                for positions in entities.values():
                    for start, end in positions:  # inclusive in CLUENER
                        spans.append((start, end + 1, kind))
            out.append(Record(doc["text"], tuple(sorted(spans))))
    return out


def split(path: str | Path) -> tuple[list[Record], list[Record]]:
    """(train, heldout): every 5th line (i % 5 == 0) is held out."""
    records = load(path)
    train = [r for i, r in enumerate(records) if i % 5 != 0]
    heldout = [r for i, r in enumerate(records) if i % 5 == 0]
    return train, heldout


def bio(record: Record) -> list[str]:
    tags = ["O"] * len(record.text)
    for start, end, kind in record.spans:
        tag = "PER" if kind == "person_name" else "ORG"
        if any(t != "O" for t in tags[start:end]):
            continue  # CLUENER has a few nested/overlapping labels: keep the first
        tags[start] = "B-" + tag
        for j in range(start + 1, end):
            tags[j] = "I-" + tag
    return tags


def evaluate(
    find: Callable[[str], Iterable[tuple[int, int, str]]],
    records: Sequence[Record],
    kinds: Sequence[str] = ("person_name", "organization"),
) -> dict[str, Counts]:
    """Exact-span precision/recall/F1 per kind of ``find`` (text → spans) on ``records``."""
    wanted = set(kinds)
    report = score(
        ([s for s in rec.spans if s[2] in wanted] for rec in records),
        ([s for s in find(rec.text) if s[2] in wanted] for rec in records),
    )
    return {k: report.per_kind.get(k, Counts()) for k in kinds}
