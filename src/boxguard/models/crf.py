"""ADAPTER: a character CRF (python-crfsuite) for person names and organizations.

Implements the core's ``EntityModel`` port. The model runs on runs of text
that hold Chinese characters, split at sentence punctuation and line ends,
so long digit or ASCII stretches cost nothing.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator, Sequence
from pathlib import Path

import pycrfsuite

from boxguard.kinds import Span
from boxguard.models.features import sentence_features

_KIND = {"PER": "person_name", "ORG": "organization"}
#: Split points: sentence punctuation, line ends; keeps segments short for the CRF.
_SEGMENT = re.compile(r"[^\n\r。！？!?；;]{1,400}")
_HAS_HAN = re.compile(r"[\u4e00-\u9fff]")
_NOT_NAME = re.compile(r"[0-9:：,，;；@#/|=]")


class CrfEntityModel:
    """Finds person_name and organization spans with a trained CRF."""

    name: str = "crf"
    kinds: tuple[str, ...] = ("person_name", "organization")

    def __init__(self, model_path: str | Path) -> None:
        self._path = str(model_path)
        self._tagger = pycrfsuite.Tagger()
        self._tagger.open(self._path)

    def __repr__(self) -> str:
        return f"CrfEntityModel({Path(self._path).name!r})"

    def find(self, text: str) -> Iterator[tuple[str, Span]]:
        for seg in _SEGMENT.finditer(text):
            chunk = seg.group()
            if not _HAS_HAN.search(chunk):
                continue
            tags = self._tagger.tag(sentence_features(chunk))
            for start, end, label in _spans(tags):
                if _NOT_NAME.search(chunk, start, end):
                    continue  # digits, Latin letters or punctuation: not a name the CRF knows
                # mean marginal probability of the predicted tags: the model's confidence
                conf = sum(self._tagger.marginal(tags[i], i) for i in range(start, end))
                score = min(1.0, 0.3 + 0.7 * conf / (end - start))
                yield _KIND[label], Span(seg.start() + start, seg.start() + end, score, ())


def _spans(tags: Sequence[str]) -> Iterable[tuple[int, int, str]]:
    start, label = -1, ""
    for i, tag in enumerate([*tags, "O"]):
        if tag.startswith("B-") or tag == "O" or (tag.startswith("I-") and tag[2:] != label):
            if start >= 0:
                yield start, i, label
                start = -1
            if tag.startswith(("B-", "I-")):
                start, label = i, tag[2:]
    return


def train(
    sentences: Iterable[tuple[str, Sequence[str]]],
    out_path: str | Path,
    *,
    c1: float = 0.05,
    c2: float = 0.01,
    max_iterations: int = 120,
    min_freq: int = 2,
) -> None:
    """Train a CRF on (text, BIO tags) pairs and save it to ``out_path``."""
    trainer = pycrfsuite.Trainer(verbose=False)
    for text, tags in sentences:
        trainer.append(sentence_features(text), list(tags))
    trainer.set_params(
        {
            "c1": c1,
            "c2": c2,
            "max_iterations": max_iterations,
            "feature.minfreq": min_freq,
            "feature.possible_transitions": True,
        }
    )
    trainer.train(str(out_path))
