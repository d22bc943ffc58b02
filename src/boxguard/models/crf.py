"""ADAPTER: a character CRF (python-crfsuite) for person names and organizations.

Implements the core's ``EntityModel`` port. The model runs on runs of text
that hold Chinese characters, split at sentence punctuation and line ends,
so long digit or ASCII stretches cost nothing.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable, Iterable, Iterator, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

import pycrfsuite

from boxguard.kinds import Span
from boxguard.models import ACCURATE_FILE, MODEL_FILE
from boxguard.models.features import sentence_features, with_word_tags
from boxguard.text import replace_surrogates

if TYPE_CHECKING:
    from boxguard.models.fastcrf import FastCrf
    from boxguard.models.lac import LacTags

DEFAULT_PATH = Path(__file__).with_name(MODEL_FILE)
#: The accurate model: trained with LAC's word tags as extra features.
ACCURATE_PATH = Path(__file__).with_name(ACCURATE_FILE)

_KIND = {"PER": "person_name", "ORG": "organization"}
#: Split points: sentence punctuation, line ends; keeps segments short for the CRF.
#: A sentence of at most 400 characters; a longer run (a one-line SQL dump) is cut after
#: its last comma, quote, bracket or space within 400, so that no name is cut in two.
_SEGMENT = re.compile(
    r"[^\n\r。！？!?；;]{1,400}(?=[\n\r。！？!?；;]|$)"
    r"|[^\n\r。！？!?；;]{1,399}[,，、'\"()（）\[\] \t]"
    r"|[^\n\r。！？!?；;]{1,400}"
)
_HAS_HAN = re.compile(r"[\u4e00-\u9fff]")
_NOT_NAME = re.compile(r"[0-9:：,，;；@#/|=]")


class CrfEntityModel:
    """Finds person_name and organization spans with a trained CRF.

    ``words``: a word tagger (LAC) whose per-character tags the model was trained
    with as extra features — the accurate model; without it, the fast default.
    """

    kinds: tuple[str, ...] = ("person_name", "organization")

    def __init__(self, model_path: str | Path, words: LacTags | None = None) -> None:
        self._path = str(model_path)
        self._tagger = pycrfsuite.Tagger()
        self._tagger.open(self._path)
        self._fast: FastCrf | None = None
        self._words = words
        self.name = "crf" if words is None else "crf+lac"

    def __repr__(self) -> str:
        return f"CrfEntityModel({Path(self._path).name!r})"

    def find(self, text: str) -> Iterator[tuple[str, Span]]:
        for spans in self._tag_segments(list(_segments(text))):
            yield from spans

    def _tag_segments(self, segs: Sequence[re.Match[str]]) -> list[list[tuple[str, Span]]]:
        """Spans found in each segment, with python-crfsuite (and LAC's tags if in use)."""
        chunks = [seg.group() for seg in segs]
        words = self._words.tags(chunks) if self._words is not None and chunks else None
        out = []
        for n, (seg, chunk) in enumerate(zip(segs, chunks, strict=True)):
            feats = sentence_features(chunk)
            if words is not None:
                feats = with_word_tags(feats, words[n])
            tags = self._tagger.tag(feats)
            marginal = functools.partial(self._marginal, tags)
            out.append(list(_found(seg.start(), chunk, _spans(tags), marginal)))
        return out

    def _marginal(self, tags: Sequence[str], i: int) -> float:
        return float(self._tagger.marginal(tags[i], i))

    def find_many(self, texts: Sequence[str]) -> list[list[tuple[str, Span]]]:
        """``[list(self.find(t)) for t in texts]``, with the batch decoder (same results).

        >>> m = CrfEntityModel(DEFAULT_PATH)
        >>> texts = ["记者张伟报道", "无"]
        >>> m.find_many(texts) == [list(m.find(t)) for t in texts]
        True
        """
        segs = [(i, seg) for i, text in enumerate(texts) for seg in _segments(text)]
        chunks = [seg.group() for _, seg in segs]
        if sum(len(c) for c in chunks) < BATCH_MIN_CHARS:
            if self._words is None:
                return [list(self.find(t)) for t in texts]
            found = self._tag_segments([seg for _, seg in segs])  # still one LAC call
        else:
            if self._fast is None:
                from boxguard.models.fastcrf import FastCrf

                self._fast = FastCrf(self._tagger)
            words = self._words.tags(chunks) if self._words is not None else None
            decoded = self._fast.tag_many(chunks, words)
            found = [
                list(_found(seg.start(), chunk, self._fast.spans(path), marg.item))
                for (_, seg), chunk, (path, marg) in zip(segs, chunks, decoded, strict=True)
            ]
        out: list[list[tuple[str, Span]]] = [[] for _ in texts]
        for (i, _), spans in zip(segs, found, strict=True):
            out[i].extend(spans)
        return out


#: Below this many characters a batch goes through python-crfsuite (NumPy has a fixed cost).
BATCH_MIN_CHARS = 2000


def _segments(text: str) -> Iterator[re.Match[str]]:
    """Runs with Chinese to tag, over ``text`` with lone surrogates as U+FFFD (same length)."""
    clean = replace_surrogates(text)[0]
    return (seg for seg in _SEGMENT.finditer(clean) if _HAS_HAN.search(seg.group()))


def _found(
    offset: int,
    chunk: str,
    spans: Iterable[tuple[int, int, str]],
    marginal: Callable[[int], float],
) -> Iterator[tuple[str, Span]]:
    for start, end, label in spans:
        if _NOT_NAME.search(chunk, start, end):
            continue  # digits or punctuation: not a name the CRF knows
        # mean marginal probability of the predicted tags: the model's confidence
        conf = sum(marginal(i) for i in range(start, end))
        score = min(1.0, 0.3 + 0.7 * conf / (end - start))
        yield _KIND[label], Span(offset + start, offset + end, score, ())


def _spans(tags: Sequence[str]) -> Iterable[tuple[int, int, str]]:
    """BIO tags to (start, end, label) spans.

    >>> list(_spans(["O", "B-PER", "I-PER", "O", "I-ORG"]))
    [(1, 3, 'PER'), (4, 5, 'ORG')]
    """
    tags = list(tags)
    if tags.count("O") == len(tags):  # most segments name nobody
        return
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
    words: LacTags | None = None,
    clusters: bool = True,
) -> None:
    """Train a CRF on (text, BIO tags) pairs and save it to ``out_path``.

    ``words``: also learn from a word tagger's per-character tags (the accurate model);
    ``clusters``: from the character clusters (:mod:`boxguard.models.clusters`).
    """
    trainer = pycrfsuite.Trainer(verbose=False)
    pairs = list(sentences)
    word_tags = words.tags([text for text, _ in pairs]) if words is not None else None
    for n, (text, tags) in enumerate(pairs):
        feats = sentence_features(text, clusters)
        if word_tags is not None:
            feats = with_word_tags(feats, word_tags[n])
        trainer.append(feats, list(tags))
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
