"""A finding: where a kind of personal information sits in a text.

A finding keeps the raw value (a masker needs it) but never shows it: its
``repr`` and ``to_dict`` carry only a masked preview.

>>> f = Finding(3, 14, "cn_mobile", 0.99, ("segment",), "13812345678")
>>> f
Finding(kind='cn_mobile', start=3, end=14, score=0.99, preview='138****5678')
>>> f.to_dict()["preview"]
'138****5678'
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from boxguard.kinds import get_kind


@dataclass(frozen=True, slots=True, init=False)
class Finding:
    start: int
    end: int
    kind: str
    score: float
    evidence: tuple[str, ...]
    value: str = field(repr=False, compare=True)

    def __init__(
        self, start: int, end: int, kind: str, score: float, evidence: tuple[str, ...], value: str
    ) -> None:
        # what the generated __init__ of a frozen dataclass does (object.__setattr__ per
        # field), through the slots' own setters: ~40 % cheaper, and a scan builds one per
        # finding
        _SET_START(self, start)
        _SET_END(self, end)
        _SET_KIND(self, kind)
        _SET_SCORE(self, score)
        _SET_EVIDENCE(self, evidence)
        _SET_VALUE(self, value)

    @property
    def preview(self) -> str:
        """The value masked with its kind's default display mask."""
        return get_kind(self.kind).mask(self.value)

    def to_dict(self, show_value: bool = False) -> dict[str, Any]:
        out: dict[str, Any] = {
            "start": self.start,
            "end": self.end,
            "kind": self.kind,
            "score": round(self.score, 4),
            "evidence": list(self.evidence),
            "preview": self.preview,
        }
        if show_value:
            out["value"] = self.value
        return out

    def __repr__(self) -> str:
        return (
            f"Finding(kind={self.kind!r}, start={self.start}, end={self.end}, "
            f"score={self.score}, preview={self.preview!r})"
        )


_SET_START, _SET_END, _SET_KIND, _SET_SCORE, _SET_EVIDENCE, _SET_VALUE = (
    Finding.__dict__[name].__set__
    for name in ("start", "end", "kind", "score", "evidence", "value")
)
