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

from boxguard.accel import native as _native
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
_STOPS = "\n\r。！？!?；;"
_BREAKS = ",，、'\"()（）[] \t"
_LONGEST = 400
_SEGMENT = re.compile(
    f"[^{_STOPS}]{{1,{_LONGEST}}}(?=[{_STOPS}]|$)"
    f"|[^{_STOPS}]{{1,{_LONGEST - 1}}}[{re.escape(_BREAKS)}]"
    f"|[^{_STOPS}]{{1,{_LONGEST}}}"
)
#: Chinese characters (CJK Unified Ideographs): a segment without one is not tagged.
_HAN = (0x4E00, 0x9FFF)
_HAS_HAN = re.compile(f"[{chr(_HAN[0])}-{chr(_HAN[1])}]")
#: A span holding one of these is not a name the CRF knows (digits, punctuation).
_NOT_NAME_CHARS = "0123456789:：,，;；@#/|="
_NOT_NAME = re.compile(f"[{re.escape(_NOT_NAME_CHARS)}]")


class CrfEntityModel:
    """Finds person_name and organization spans with a trained CRF.

    ``words``: a word tagger (LAC) whose per-character tags the model was trained
    with as extra features — the accurate model; without it, the fast default.
    """

    kinds: tuple[str, ...] = ("person_name", "organization")

    def __init__(
        self, model_path: str | Path, words: LacTags | None = None, native: bool | None = None
    ) -> None:
        self._path = str(model_path)
        self._tagger = pycrfsuite.Tagger()
        self._tagger.open(self._path)
        self._fast: FastCrf | None = None
        self._words = words
        # None: the native core runs the default model's batches when it is built; False:
        # never (FastCrf with NumPy: the reference the differential tests compare with)
        self._native = native
        self._core: _native.CrfModel | None = None
        #: characters python-crfsuite tags before the core's model is built (``find_many``)
        self.build_after = ALONE_MIN_CHARS
        self._tagged = 0  # characters tagged by python-crfsuite so far
        self._kinds: list[str] = []  # the kind of each label id, for the core's spans
        self.name = "crf" if words is None else "crf+lac"

    def __repr__(self) -> str:
        return f"CrfEntityModel({Path(self._path).name!r})"

    def find(self, text: str) -> Iterator[tuple[str, Span]]:
        """Spans found in ``text``; one of ``ALONE_MIN_CHARS`` or more (a window of a long
        line) as a batch of one (``find_many``: the native core when it is built)."""
        if (
            len(text) >= ALONE_MIN_CHARS
            and self._words is None
            and self._native is not False
            and _native is not None
        ):
            found = self._find_native([text])
            if found is not None:
                yield from found[0]
                return
        yield from self._crfsuite(text)

    def _crfsuite(self, text: str) -> list[tuple[str, Span]]:
        """Spans found in ``text`` by python-crfsuite."""
        return [span for spans in self._tag_segments(list(_segments(text))) for span in spans]

    def _tag_segments(self, segs: Sequence[re.Match[str]]) -> list[list[tuple[str, Span]]]:
        """Spans found in each segment, with python-crfsuite (and LAC's tags if in use)."""
        chunks = [seg.group() for seg in segs]
        self._tagged += sum(map(len, chunks))
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
        if self._words is None and self._native is not False and _native is not None:
            found_native = self._find_native(texts)
            if found_native is not None:
                return found_native
        segs = [(i, seg) for i, text in enumerate(texts) for seg in _segments(text)]
        chunks = [seg.group() for _, seg in segs]
        if sum(len(c) for c in chunks) < BATCH_MIN_CHARS:
            if self._words is None:
                return [list(self.find(t)) for t in texts]
            found = self._tag_segments([seg for _, seg in segs])  # still one LAC call
        else:
            fast = self._fast_crf()
            words = self._words.tags(chunks) if self._words is not None else None
            decoded = fast.tag_many(chunks, words)
            found = [
                list(_found(seg.start(), chunk, fast.spans(path), marg.item))
                for (_, seg), chunk, (path, marg) in zip(segs, chunks, decoded, strict=True)
            ]
        out: list[list[tuple[str, Span]]] = [[] for _ in texts]
        for (i, _), spans in zip(segs, found, strict=True):
            out[i].extend(spans)
        return out

    def _fast_crf(self) -> FastCrf:
        """The batch decoder (built at the first batch)."""
        if self._fast is None:
            from boxguard.models.fastcrf import FastCrf

            self._fast = FastCrf(self._path, native=self._native)
        return self._fast

    def _find_native(self, texts: Sequence[str]) -> list[list[tuple[str, Span]]] | None:
        """``find_many`` in the native core; by python-crfsuite when the batch is small
        (fewer than ``BATCH_MIN_CHARS`` characters to tag) or python-crfsuite has tagged
        fewer than ``build_after`` characters so far counting this batch (building the
        core's model costs about what python-crfsuite takes for that many: a small input
        never pays for it, a large one at most twice); None when the core cannot run the
        model."""
        size = sum(map(len, texts))
        unbuilt = self._core is None and self._tagged + size < self.build_after
        if size < BATCH_MIN_CHARS or unbuilt:
            return [self._crfsuite(t) for t in texts]
        if self._core is None:
            core = self._fast_crf().native_model((_STOPS, _BREAKS, _LONGEST, _HAN), _NOT_NAME_CHARS)
            if core is None:
                self._native = False  # the tables were not built: FastCrf's NumPy path
                return None
            self._core = core
            self._kinds = [_KIND.get(label[2:], "") for label in self._fast_crf().w.labels]
        try:
            found = self._core.find_many(list(texts), BATCH_MIN_CHARS)
        except UnicodeEncodeError:  # a lone surrogate: U+FFFD, one code point for one
            found = self._core.find_many([replace_surrogates(t)[0] for t in texts], BATCH_MIN_CHARS)
        if found is None:
            return None
        kinds = self._kinds
        return [
            [(kinds[k], Span(start, end, score, ())) for start, end, k, score in spans]
            for spans in found
        ]


#: Below this many characters a batch goes through python-crfsuite (NumPy has a fixed cost).
BATCH_MIN_CHARS = 2000
#: From this many characters one text alone goes through the batch decoder too, and
#: batches do once python-crfsuite has tagged this many: about what python-crfsuite tags
#: (~200,000 characters a second) in the time the decoder takes to build (once per
#: process, ~0.35 s: the weights read from the model file, the core's tables).
ALONE_MIN_CHARS = 1 << 16


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
