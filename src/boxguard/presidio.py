"""ADAPTER: boxguard's kinds as a Presidio recognizer (optional extra ``boxguard[presidio]``).

Add Chinese personal information to an existing Presidio ``AnalyzerEngine`` in two lines::

    from boxguard.presidio import add_to
    add_to(analyzer)                      # then analyzer.analyze(text, language="en")

Entities are the kind ids upper-cased (``CN_RESIDENT_ID``, ``CN_MOBILE``...); each result's
explanation carries boxguard's evidence (check digit, context word, model).
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from presidio_analyzer import AnalysisExplanation, EntityRecognizer, RecognizerResult

from boxguard import services
from boxguard.kinds import kind_ids


def entity_name(kind_id: str) -> str:
    return kind_id.upper()


class BoxguardRecognizer(EntityRecognizer):
    """All (or some) boxguard kinds as one Presidio recognizer."""

    def __init__(
        self,
        kinds: Iterable[str] | None = None,
        supported_language: str = "en",
        threshold: float = 0.5,
        use_model: bool = True,
    ) -> None:
        ids = tuple(kinds) if kinds is not None else kind_ids()
        self._scanner = services.scanner(kinds=ids, threshold=threshold, use_model=use_model)
        super().__init__(
            supported_entities=[entity_name(k) for k in ids],
            supported_language=supported_language,
            name="BoxguardRecognizer",
        )

    def load(self) -> None:
        """Nothing to load eagerly: the scanner builds lazily and is cached."""

    def analyze(
        self, text: str, entities: list[str], nlp_artifacts: Any = None
    ) -> list[RecognizerResult]:
        wanted = set(entities or self.supported_entities)
        results = []
        for f in self._scanner.scan(text):
            entity = entity_name(f.kind)
            if entity not in wanted:
                continue
            explanation = AnalysisExplanation(
                recognizer="BoxguardRecognizer",
                original_score=f.score,
                textual_explanation="boxguard: " + ", ".join(f.evidence),
            )
            results.append(
                RecognizerResult(entity, f.start, f.end, f.score, analysis_explanation=explanation)
            )
        return results


def add_to(analyzer: Any, languages: Iterable[str] = ("en",), **options: Any) -> None:
    """Register boxguard's recognizer with ``analyzer`` for each of ``languages``."""
    for lang in languages:
        analyzer.registry.add_recognizer(BoxguardRecognizer(supported_language=lang, **options))
