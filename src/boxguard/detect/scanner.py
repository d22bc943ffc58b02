"""The scanner: one pass of every kind's patterns, validation, context, models.

Data flow: fold (same length) → candidates (patterns and finders of every
selected kind) → validate (invalid candidates dropped) → context score →
optional entity models → resolve overlaps → findings with offsets into the
original text. This module must never import an adapter or do I/O.

>>> s = Scanner(kinds=["cn_mobile"])
>>> [(f.kind, f.start, f.end) for f in s.scan("手机：１３８１２３４５６７８")]
[('cn_mobile', 3, 14)]
"""

from __future__ import annotations

import re
from bisect import bisect_left
from collections.abc import Callable, Iterable, Sequence
from collections.abc import Set as AbstractSet
from dataclasses import dataclass
from typing import Protocol, runtime_checkable

from boxguard.accel import native as _native
from boxguard.detect.allow import AllowList
from boxguard.detect.finding import Finding
from boxguard.detect.prefilter import BlobCache, Prefilter
from boxguard.detect.records import record_cells
from boxguard.detect.resolve import overlap_chains, resolve, resolve_chain
from boxguard.detect.table import column_matches
from boxguard.errors import ConfigError, ValidationError
from boxguard.kinds import Kind, Pattern, Span, all_kinds, get_kind
from boxguard.kinds._lazy import LazyRegex, lazy_re
from boxguard.text import fold, fold_many

#: Score added when a context word of the kind is near a candidate.
CONTEXT_BOOST = 0.2
#: Score removed when a negative context word (订单号, 版本...) precedes it.
NEGATIVE_PENALTY = 0.45
DEFAULT_THRESHOLD = 0.5
#: Base score of a record's cell under a column the kind's hints name (``邮编``, ``password``).
FIELD_SCORE = 0.8
#: Texts longer than this are scanned in windows, so that memory and the cost of a
#: pattern that matches once stay bounded by the window, not the text.
#: The score of a cell a column's name claims (a bare value of the kind's shape in a column
#: named for it): below a --threshold above it, no claim is made.
COLUMN_HINT_SCORE = 0.75
WINDOW = 1 << 16
#: Characters each window also reads on both sides: longer than any finding plus
#: its context window, so nothing is cut at a window's edge.
MARGIN = 512
#: The rank of a candidate that no taken span can rule out.
_UNRANKED = 1 << 30
_ASCII = int(re.ASCII)


@runtime_checkable
class EntityModel(Protocol):
    """A port: a statistical recognizer for model-based kinds (names, organizations).

    ``find`` receives the text as given (not folded) and yields ``(kind_id, span)`` pairs.
    """

    name: str
    kinds: tuple[str, ...]

    def find(self, text: str) -> Iterable[tuple[str, Span]]: ...


@dataclass(frozen=True)
class _Compiled:
    kind: Kind
    pattern: Pattern
    score: float
    context_required: bool

    @property
    def name(self) -> str:
        return self.pattern.name

    @property
    def labelled(self) -> bool:
        return "(?P<value>" in self.pattern.regex

    @property
    def flags(self) -> int:
        return int(self.pattern.flags) | _ASCII  # ints: RegexFlag arithmetic is slow

    @property
    def regex(self) -> re.Pattern[str]:
        """Compiled by Python's ``re`` only when the Python pass runs (``re`` caches it)."""
        return self.pattern.compile()


def _words_regex(words: Sequence[str]) -> LazyRegex | None:
    """The words as one caseless regex, compiled at first use (the native core has its own)."""
    if not words:
        return None
    alts = sorted({w for w in words if w}, key=len, reverse=True)
    return lazy_re("|".join(re.escape(w) for w in alts), re.IGNORECASE)


class _Folded(Sequence[str]):
    """A batch's folded texts that the core keeps (``_native.Folded``), read as ``str`` when
    Python needs one; a text UTF-8 cannot hold is folded here."""

    def __init__(self, core: _native.Folded, texts: Sequence[str]) -> None:
        self._core, self._texts = core, texts

    def __len__(self) -> int:
        return len(self._texts)

    def __getitem__(self, row: int) -> str:  # type: ignore[override]
        norm = self._core[row]
        return fold(self._texts[row]) if norm is None else norm

    def tabular(self, rows: Sequence[int], wanted: Callable[[str], bool]) -> list[int]:
        """Those of ``rows`` whose folded text may hold a record's cells in a column
        ``wanted`` accepts (a superset of :func:`record_cells`'s: a SQL ``INSERT``, a header
        naming such a column; a lone surrogate's text: Python folds it)."""
        return self._core.tabular(rows, wanted)


class Scanner:
    """A reusable scanner over a chosen set of kinds.

    ``kinds``: kind ids to look for (default: all). ``threshold``: minimum
    score to report. ``models``: entity models for model-based kinds; with
    none, model-based kinds are found only by their rules (if any).
    ``cache``: where the compiled prefilter is kept between runs (a second
    Hyperscan compile costs ~1 s; loading it ~1 ms).
    """

    def __init__(
        self,
        kinds: Iterable[str] | None = None,
        threshold: float = DEFAULT_THRESHOLD,
        models: Sequence[EntityModel] = (),
        *,
        prefilter: bool = True,
        cache: BlobCache | None = None,
        allow: Iterable[str] = (),
        native: bool | None = None,
    ) -> None:
        if not 0.0 <= threshold <= 1.0:
            raise ConfigError(f"threshold must be within [0, 1], got {threshold}")
        selected = all_kinds() if kinds is None else tuple(get_kind(k) for k in kinds)
        self.kinds: tuple[Kind, ...] = selected
        self.threshold = threshold
        self.models = tuple(models)
        self.allow = AllowList(allow)
        self._ids = frozenset(k.id for k in selected)
        self._kind_ids = tuple(k.id for k in selected)
        self._kind_index = {k.id: i for i, k in enumerate(selected)}
        self._priority = {k.id: k.priority for k in selected}
        self._model_kinds = {k.id: k.model_based for k in selected}
        self._compiled: list[_Compiled] = []
        self._context: dict[str, LazyRegex | None] = {}
        self._negative: dict[str, LazyRegex | None] = {}
        # higher-priority kinds first: a span they took is not validated again as another kind
        for kind in sorted(selected, key=lambda k: -k.priority):
            self._context[kind.id] = _words_regex(kind.context)
            self._negative[kind.id] = _words_regex(kind.negative_context)
            self._compiled += [
                _Compiled(kind, pat, pat.score, pat.context_required) for pat in kind.patterns
            ]
        self._finders = tuple((kind, f) for kind in selected for f in kind.finders)
        # kinds that need a label or context word: a record's column name is one
        self._field_kinds = tuple(
            k
            for k in selected
            if not k.model_based
            and k.validate is not None
            and k.column_hints
            and any(p.context_required or "(?P<value>" in p.regex for p in k.patterns)
        )
        self._columns: dict[str, tuple[tuple[Kind, ...], frozenset[str]]] = {}
        # finders with a trigger join the prefilter after the patterns; others always run
        triggers = [getattr(f, "trigger", ".*") for _, f in self._finders]
        self._native = self._native_engine() if native is not False else None
        self._plan: _native.NativePlan | None = None  # built at the first batch
        self._plan_twins: list[_native.NativeFinder | None] = []  # the twins in _plan
        if native and self._native is None:
            raise ConfigError("the native core is not built (pip install boxguard builds it)")
        self._prefilter = Prefilter(
            [c.pattern.regex for c in self._compiled] + triggers,
            [c.flags for c in self._compiled] + [_ASCII] * len(triggers),
            use_hyperscan=prefilter,
            cache=cache,
            native=self._native is not None,
        )

    def _native_engine(self) -> _native.NativeEngine | None:
        """The kinds' patterns and rules compiled by the native core (None: not built, or a
        pattern with flags, which only Python's ``re`` reads as written)."""
        if _native is None:
            return None
        if any(c.flags & ~_ASCII for c in self._compiled):
            return None
        index = self._kind_index
        kinds = [
            (
                k.id,
                list(k.context),
                list(k.negative_context),
                k.window,
                k.validated_score,
                k.validate is not None,
                k.priority,
                k.model_based,
                None
                if k.validate is None or _native.is_valid(k.id, "") is not None
                else _python_check(k),
            )
            for k in self.kinds
        ]
        patterns = [
            (index[c.kind.id], c.name, c.pattern.regex, c.score, c.context_required)
            for c in self._compiled
        ]
        try:
            return _native.NativeEngine(kinds, patterns)
        except ValueError as err:  # PCRE2 refused one (Python's re took it: too large)
            raise ConfigError(f"a kind's pattern cannot be compiled: {err}") from None

    # -- public -------------------------------------------------------------
    def scan(self, text: str) -> list[Finding]:
        """Find personal information in ``text``; offsets are code points into it."""
        if not text:
            return []
        if len(text) <= WINDOW + 2 * MARGIN:
            return self._allowed(self._scan(text, fold(text)))
        stream = self.stream()
        return stream.feed(text) + stream.close()

    def stream(self) -> TextStream:
        """Scan one text that arrives in pieces (a line too long to hold in memory).

        >>> s = Scanner(kinds=["cn_mobile"]).stream()
        >>> s.feed("电话1381234") + s.feed("5678，完")
        []
        >>> [(f.start, f.end) for f in s.close()]
        [(2, 13)]
        """
        return TextStream(self)

    def scan_many(self, texts: Sequence[str]) -> list[list[Finding]]:
        """``[self.scan(t) for t in texts]``; models that can (``find_many``) see the batch at once.

        >>> s = Scanner(kinds=["cn_mobile"])
        >>> [[f.value for f in fs] for fs in s.scan_many(["电话13812345678", "无"])]
        [['13812345678'], []]
        """
        native = self._native is not None and not self.models
        if texts and all(texts) and max(map(len, texts)) <= WINDOW + 2 * MARGIN:
            if native:  # the usual case: all short, none empty, in one call of the core
                return self._scan_batch(list(texts))
            short: Sequence[int] = range(len(texts))
            out: list[list[Finding]] = [[] for _ in texts]
            batch = list(texts)
        else:
            out, short = [[] for _ in texts], []
            for i, t in enumerate(texts):
                if len(t) > WINDOW + 2 * MARGIN:
                    out[i] = self.scan(t)  # windowed
                elif t:
                    short.append(i)
            batch = [texts[i] for i in short]
        if native:
            for i, got in zip(short, self._scan_batch(batch), strict=True):
                out[i] = got
            return out  # (long texts went through self.scan, which filtered them already)
        found: list[Sequence[Sequence[tuple[str, Span]]]] = []
        for model in self.models:
            find_many = getattr(model, "find_many", None)
            found.append(find_many(batch) if find_many else [list(model.find(t)) for t in batch])
        norms = fold_many(batch)
        for row, hits in enumerate(self._prefilter.candidates_many(norms)):
            if found:
                spans = [f[row] for f in found]
                if hits or any(spans):  # no candidate, no model span: nothing to do
                    out[short[row]] = self._allowed(self._scan(batch[row], norms[row], spans, hits))
            elif hits:
                out[short[row]] = self._allowed(self._scan(batch[row], norms[row], (), hits))
        return out  # (long texts went through self.scan, which filtered them already)

    def _scan_batch(self, batch: list[str]) -> list[list[Finding]]:
        """``scan_many`` of short, non-empty texts without models, one native call for the
        batch after the prefilter's: the core returns the findings of most texts, and hands
        back the rest (a finder without a twin, ``key=value`` siblings with a value that is
        not ASCII) to finish here, so Python builds only the findings; a text holding a
        record's cells is scanned whole here."""
        assert self._native is not None
        # the twins built so far (a twin is built at its finder's first use, in Python's
        # part: building them all would cost a one-line scan ~70 ms); a new one, a new plan
        twins = [_TWINS.get(f) for _, f in self._finders]
        if self._plan is None or twins != self._plan_twins:
            self._plan_twins = twins
            self._plan = _native.NativePlan(
                len(self._compiled),
                [
                    (t, self._kind_index[k.id])
                    for t, (k, _) in zip(twins, self._finders, strict=True)
                ],
            )
        ids = list(self._kind_ids)
        folded = self._prefilter.fold_candidates_many(batch)
        norms: Sequence[str]
        if folded is not None:  # folded and prefiltered in the core, which keeps both
            core_texts, hits = folded
            norms = _Folded(core_texts, batch)
        else:
            core_texts = norms = fold_many(batch)
            hits = self._prefilter.candidates_many(norms)
        # a text with a record's cells is scanned whole here (its cells change the
        # candidates themselves): the core skips it
        whole = self._with_cells(norms, hits) if self._field_kinds else set()
        # the core builds the Findings of the texts it finished, and hands back the rest
        found, rest = self._native.scan_batch(
            self._plan, core_texts, hits, self.threshold, sorted(whole), (Finding, batch, ids)
        )
        for row in whole:
            found[row] = self._scan(batch[row], norms[row], (), hits[row])
        for row, got in rest:
            if got is True:  # lone surrogates: the whole scan here
                found[row] = self._scan(batch[row], norms[row], (), hits[row])
            else:
                assert not isinstance(got, bool)
                found[row] = self._complete(batch[row], norms[row], *got)
        return [self._allowed(f) for f in found] if self.allow else found

    def _with_cells(self, norms: Sequence[str], hits: Sequence[AbstractSet[int]]) -> set[int]:
        """The rows of ``norms`` with a candidate that hold a record's cells."""
        matters = self._column_matters
        rows = (
            hits.rows() if isinstance(hits, _native.Hits) else [r for r, h in enumerate(hits) if h]
        )
        if isinstance(norms, _Folded):  # the core tells which may hold such cells at all
            rows = norms.tabular(rows, matters)
        return {row for row in rows if any(record_cells(norms[row], matters))}

    def _complete(
        self,
        text: str,
        norm: str,
        patterns: list[tuple[int, int, int, float, tuple[str, ...]]],
        finders: list[tuple[int, list[tuple[int, int, int, float, tuple[str, ...]]] | None]],
    ) -> list[Finding]:
        """Finish what the core began on ``text``: the finders it has no twin of (``None``
        in ``finders``), then siblings and ranking, as ``_scan`` does."""
        prepared = _Prepared(norm)
        ids = self._kind_ids
        cands = [Finding(st, en, ids[k], sc, ev, text[st:en]) for st, en, k, sc, ev in patterns]
        for j, got in finders:
            kind, finder = self._finders[j]
            if got is None:
                cands.extend(self._run_finder(kind, finder, text, norm, prepared))
            else:
                cands.extend(
                    Finding(st, en, ids[k], sc, ev, text[st:en]) for st, en, k, sc, ev in got
                )
        return self._ranked(norm, cands)

    def _allowed(self, found: list[Finding]) -> list[Finding]:
        """``found`` without the findings whose value is on the allow list."""
        if not self.allow or not found:
            return found
        return [f for f in found if not self.allow.allows(f.value)]

    def _scan(
        self,
        text: str,
        norm: str,
        model_found: Sequence[Iterable[tuple[str, Span]]] | None = None,
        hits: AbstractSet[int] | None = None,
    ) -> list[Finding]:
        """Scan one text; ``model_found`` (each model's output) and ``hits`` (the prefilter's)
        when already computed for a batch."""
        cands: list[Finding] = []
        if hits is None:
            hits = self._prefilter.candidates(norm)
        # a record's cells (under a header line): their column, not the words of the row
        # above, says what they are not
        cells = list(record_cells(norm, self._column_matters)) if self._field_kinds else []
        in_cell = {(s, e) for _c, s, e in cells} if cells else set()
        n_patterns = len(self._compiled)
        ordered = sorted(hits)
        split = bisect_left(ordered, n_patterns)
        prepared = _Prepared(norm) if self._native is not None else None
        if self._native is not None and prepared is not None and split:
            ids = self._kind_ids
            cands.extend(
                Finding(st, en, ids[k], sc, ev, text[st:en])
                for st, en, k, sc, ev in self._native.candidates(
                    prepared.text(), ordered[:split], in_cell, self.threshold
                )
            )
        elif split:
            cands.extend(self._pattern_candidates(text, norm, ordered[:split], in_cell))
        for j in ordered[split:]:
            kind, finder = self._finders[j - n_patterns]
            cands.extend(self._run_finder(kind, finder, text, norm, prepared))
        against = self._fields(text, norm, cells, cands, prepared) if cells else {}
        for nth, model in enumerate(self.models):
            # models see the text as given (a CRF learnt full-width punctuation); offsets agree
            spans = model.find(text) if model_found is None else model_found[nth]
            for kind_id, span in spans:
                if kind_id not in self._ids:
                    continue
                ev = (f"model:{model.name}", *span.evidence)
                kind = get_kind(kind_id)
                start, end = span.start, span.end
                if kind.refine is not None:
                    refined = kind.refine(norm, start, end)
                    if refined is None:
                        continue
                    start, end = refined
                found = self._assess(
                    kind, text, norm, start, end, span.score, ev, False, prepared=prepared
                )
                if found is not None:
                    cands.append(found)
        if against:
            cands = [self._unlike(f, against) for f in cands]
        return self._ranked(norm, cands)

    def _run_finder(
        self,
        kind: Kind,
        finder: Callable[[str], Iterable[Span]],
        text: str,
        norm: str,
        prepared: _Prepared | None,
    ) -> list[Finding]:
        """The assessed spans of a finder: its native twin's, built at the finder's first
        use, when the native engine runs and the core has one; else the Python finder's."""
        twin = None if self._native is None else _twin(finder)
        if twin is not None and prepared is not None and self._native is not None:
            kid = kind.id
            return [
                Finding(st, en, kid, sc, ev, text[st:en])
                for st, en, sc, ev in self._native.find(
                    prepared.text(), twin, self._kind_index[kid]
                )
            ]
        cands = []
        for span in finder(norm):
            found = self._assess(
                kind,
                text,
                norm,
                span.start,
                span.end,
                span.score,
                span.evidence,
                False,
                prepared=prepared,
            )
            if found is not None:
                cands.append(found)
        return cands

    def _ranked(self, norm: str, cands: list[Finding]) -> list[Finding]:
        """Siblings, threshold, tiers and overlap resolution of a text's candidates."""
        if "=" in norm:
            cands = _siblings(norm, cands)
        kept = [f for f in cands if f.score >= self.threshold]
        if self.models:  # a guess the model did not make is overruled by it, not just outranked
            kept = [f for f in kept if self._tier(f)]
        if self._native is not None and len(kept) > 1:
            pri, tier, model_kinds = self._priority, self._tier, self._model_kinds
            ranked = [
                (
                    f.start,
                    f.end,
                    # ``_tier`` without a model, inline: a model kind's rule guess is tier 1
                    (1 if model_kinds[f.kind] and "label" not in f.evidence else 2)
                    if not self.models and f.kind in model_kinds
                    else tier(f),
                    pri.get(f.kind, 0),
                    f.score,
                )
                for f in kept
            ]
            return [kept[i] for i in _native.resolve(ranked)]
        return resolve(kept, self._priority, self._tier)

    def _pattern_candidates(
        self, text: str, norm: str, hits: Sequence[int], in_cell: AbstractSet[tuple[int, int]]
    ) -> list[Finding]:
        """The assessed candidates of the patterns numbered in ``hits`` (the Python reference
        of the native core's ``candidates``)."""
        cands: list[Finding] = []
        # spans a validated format took, with its kind's priority: the same span as a kind of
        # lower priority would lose in ``resolve`` (same tier, lower priority), so it is not
        # assessed at all (an 18-digit resident ID is not also tried as a USCC and a bank card)
        taken: dict[tuple[int, int], int] = {}
        for i in hits:
            c = self._compiled[i]
            # a model-based kind's pattern may tie on priority and win on score: never skipped
            rank = _UNRANKED if c.kind.model_based else c.kind.priority
            for m in c.regex.finditer(norm):
                start, end = m.span("value") if c.labelled else m.span()
                if start == end or taken.get((start, end), -1) > rank:
                    continue
                ev: tuple[str, ...] = (
                    ("label", f"pattern:{c.name}") if c.labelled else (f"pattern:{c.name}",)
                )
                found = self._assess(
                    c.kind,
                    text,
                    norm,
                    start,
                    end,
                    c.score,
                    ev,
                    c.context_required and not c.labelled,
                    bool(in_cell) and (start, end) in in_cell,
                )
                if found is not None:
                    cands.append(found)
                    if rank != _UNRANKED and found.score >= self.threshold:
                        taken[start, end] = max(rank, taken.get((start, end), -1))
        return cands

    def _fields(
        self,
        text: str,
        norm: str,
        cells: Sequence[tuple[str, int, int]],
        cands: list[Finding],
        prepared: _Prepared | None = None,
    ) -> dict[tuple[int, int], frozenset[str]]:
        """A record's cells: a column named for a kind claims its cells (added to ``cands``);
        one named for something else (订单号, SKU, 金额) rules kinds out: returned by cell."""
        against: dict[tuple[int, int], frozenset[str]] = {}
        for column, start, end in cells:
            kinds, unlike = self._column_kinds(column)
            if unlike:
                against[start, end] = unlike
            for kind in kinds:
                ev = ("field", f"column:{column}")
                found = self._assess(
                    kind, text, norm, start, end, FIELD_SCORE, ev, False, True, prepared
                )
                if found is not None:
                    cands.append(found)
        return against

    def _column_matters(self, column: str) -> bool:
        """Whether a record's column claims or rules out any kind."""
        kinds, unlike = self._column_kinds(column)
        return bool(kinds or unlike)

    def _column_kinds(self, column: str) -> tuple[tuple[Kind, ...], frozenset[str]]:
        """The context-needing kinds a record's column name hints, and the kinds it rules
        out by naming something else (a negative context word: 订单号, SKU); cached."""
        known = self._columns.get(column)
        if known is None:
            kinds = tuple(
                k
                for k in self._field_kinds
                if any(column_matches(h, column) for h in k.column_hints)
            )
            unlike = frozenset(
                kid for kid, rx in self._negative.items() if rx is not None and rx.search(column)
            )
            known = (kinds, unlike)
            if len(self._columns) < 4096:
                self._columns[column] = known
        return known

    @staticmethod
    def _unlike(f: Finding, against: dict[tuple[int, int], frozenset[str]]) -> Finding:
        """``f`` less the negative penalty when its cell's column rules its kind out."""
        unlike = against.get((f.start, f.end))
        if unlike is None or f.kind not in unlike or "field" in f.evidence:
            return f
        score = round(max(f.score - NEGATIVE_PENALTY, 0.0), 4)
        return Finding(f.start, f.end, f.kind, score, (*f.evidence, "negative:column"), f.value)

    def _tier(self, f: Finding) -> int:
        """2: formats, checksums and label-anchored values; 1: model spans; 0: weak rules.

        A statistical model never overrides a validated ID, and a structural guess
        (an organization suffix, a ·-name) yields to the model when one runs, unless a
        record anchors it: a word before it (``anchor:入住``) or its field in a row (``field``).
        """
        if f.evidence and f.evidence[0].startswith("model:"):
            return 1
        if self._model_kinds.get(f.kind, False) and "label" not in f.evidence:
            anchored = "field" in f.evidence or any(e[:7] == "anchor:" for e in f.evidence)
            return 1 if anchored or not self.models else 0
        return 2

    def scan_cell(self, text: str, hinted: frozenset[str] = frozenset()) -> list[Finding]:
        """Scan a table cell; ``hinted`` kinds (from the column name) may claim the whole cell.

        >>> s = Scanner(kinds=["person_name"])
        >>> [f.kind for f in s.scan_cell("张伟", frozenset({"person_name"}))]
        ['person_name']
        >>> s.scan_cell("张伟")
        []
        >>> qq = Scanner(kinds=["qq_number"])
        >>> [f.kind for f in qq.scan_cell("12345678", frozenset({"qq_number"}))]
        ['qq_number']
        """
        found = self.scan(text)
        if found or not hinted or self.threshold > COLUMN_HINT_SCORE:
            return found  # (a claim by the column scores below a higher --threshold)
        value = text.strip()
        start = text.index(value) if value else 0
        for kind in self.kinds:
            if kind.id not in hinted or not value:
                continue
            # a column named for the kind is its context: a bare QQ number or date in a
            # "QQ号" / "出生日期" column is that kind when it validates whole
            if (kind.cell_shape is not None and kind.cell_shape(value)) or (
                kind.cell_shape is None and kind.is_valid(fold(value))
            ):
                return self._allowed(
                    [
                        Finding(
                            start,
                            start + len(value),
                            kind.id,
                            COLUMN_HINT_SCORE,
                            ("column-hint", "shape"),
                            value,
                        )
                    ]
                )
        return found

    # -- steps ----------------------------------------------------------------
    def _assess(
        self,
        kind: Kind,
        text: str,
        norm: str,
        start: int,
        end: int,
        score: float,
        evidence: tuple[str, ...],
        context_required: bool,
        in_cell: bool = False,
        prepared: _Prepared | None = None,
    ) -> Finding | None:
        """Validate, then score by context; None when the candidate is dropped.

        ``in_cell``: the candidate fills a record's cell, whose column (not the words
        before it) says what it is not. ``prepared``: ``norm`` prepared for the native core,
        which then does the work.
        """
        if prepared is not None and self._native is not None:
            got = self._native.assess(
                prepared.text(),
                self._kind_index[kind.id],
                start,
                end,
                score,
                list(evidence),
                context_required,
                in_cell,
            )
            return (
                None
                if got is None
                else Finding(start, end, kind.id, got[0], got[1], text[start:end])
            )
        if kind.validate is not None:
            try:
                kind.validate(norm[start:end])
            except ValidationError:
                return None
            evidence = (*evidence, kind.check_for(norm[start:end]))
            score = max(score, kind.validated_score)
        rx = self._context[kind.id]
        near = None if rx is None else self._near(rx, norm, start, end, kind.window)
        rx = self._negative[kind.id]
        neg = None
        if rx is not None and not in_cell:
            neg = self._near(rx, norm, start, end, (kind.window[0], 0))
            if neg is not None and ("\t" in norm[neg[1] : start] or "|" in norm[neg[1] : start]):
                # a negative word names the value of its own field, never one past a tab or
                # a | (运单号 in a header row above a record's first phone); the nearest word
                # is past one, so is every other
                neg = None
        if near is not None and neg is not None and neg[1] > near[1] and "label" not in evidence:
            # 别打电话 单据号：138…, 单号：138… 联系电话: the nearer label (单据号) names the
            # value; the context word labels another field
            near = None
        if near is not None:
            evidence = (*evidence, f"context:{near[0]}")
            score += CONTEXT_BOOST
        elif context_required:
            return None
        if neg is not None:
            evidence = (*evidence, f"negative:{neg[0]}")
            score -= NEGATIVE_PENALTY
        score = min(max(score, 0.0), 1.0)
        return Finding(start, end, kind.id, round(score, 4), evidence, text[start:end])

    @staticmethod
    def _near(
        rx: LazyRegex, norm: str, start: int, end: int, window: tuple[int, int]
    ) -> tuple[str, int] | None:
        """The nearest word before the value (and where it ends), else the first one after
        it (at -1: any word before is nearer)."""
        before, after = window
        # the nearest word before the value wins, so search the window right to left
        best: re.Match[str] | None = None
        for m in rx.finditer(norm, max(0, start - before), start):
            best = m
        if best is not None:
            return best.group(0), best.end()
        if after:
            m2 = rx.search(norm, end, min(len(norm), end + after))
            if m2 is not None:
                return m2.group(0), -1
        return None


class TextStream:
    """The findings of a text fed in pieces, with offsets into the whole text.

    The text is scanned in windows of :data:`WINDOW` characters that also read
    :data:`MARGIN` on both sides, as :meth:`Scanner.scan` does with a long text; a
    finding is reported by the window its start falls in. Findings come out in start
    order once no later window can overlap them, so memory stays bounded by a piece plus
    a window, however long the text. ``feed`` then ``close`` gives what
    ``Scanner.scan`` gives for the joined text.
    """

    def __init__(self, scanner: Scanner) -> None:
        self._scanner = scanner
        self._parts: list[str] = []
        self._held = 0  # characters in _parts
        self._base = 0  # offset of _parts' first character in the whole text
        self._lo = 0  # start of the next window's own range
        self._pending: list[Finding] = []  # found, still open to overlap from the next window

    @property
    def settled(self) -> int:
        """How far the text is settled: no finding still to come starts or ends before this
        offset, and every finding returned so far ends at or before it."""
        return min(self._lo, self._pending[0].start) if self._pending else self._lo

    def feed(self, piece: str) -> list[Finding]:
        """Add the next piece; return the findings settled so far (may be none)."""
        if piece:
            self._parts.append(piece)
            self._held += len(piece)
        end = self._base + self._held
        if end <= WINDOW + 2 * MARGIN or self._lo + WINDOW + MARGIN > end:
            return []  # may still be a short text, scanned whole; or no full window yet
        text = "".join(self._parts)
        out: list[Finding] = []
        while self._lo + WINDOW + MARGIN <= end:
            out += self._window(text, end)
        keep_from = self._lo - MARGIN  # the next window reads from here
        self._parts = [text[keep_from - self._base :]]
        self._held -= keep_from - self._base
        self._base = keep_from
        return out

    def close(self) -> list[Finding]:
        """The text has ended: the remaining findings."""
        text, end = "".join(self._parts), self._base + self._held
        self._parts, self._held = [], 0
        if self._lo == 0 and end <= WINDOW + 2 * MARGIN:
            self._lo = end
            return self._scanner.scan(text)
        out: list[Finding] = []
        while self._lo < end:
            out += self._window(text, end)
        self._lo = end
        return out + self._settle(None)

    def _window(self, text: str, end: int) -> list[Finding]:
        """Scan the next window of ``text`` (which starts at ``self._base``)."""
        lo = self._lo
        a, b = max(0, lo - MARGIN), min(end, lo + WINDOW + MARGIN)
        chunk = text[a - self._base : b - self._base]
        self._pending += [
            _shift(f, a)
            for f in self._scanner._scan(chunk, fold(chunk))
            if lo <= f.start + a < lo + WINDOW
        ]
        self._lo = lo + WINDOW
        return self._settle(self._lo)

    def _settle(self, next_start: int | None) -> list[Finding]:
        """Resolve the pending chains that nothing starting at ``next_start`` or later can
        overlap (all of them when the text has ended)."""
        chains = list(overlap_chains(self._pending))
        self._pending = []
        if chains and next_start is not None and _reach(chains[-1]) > next_start:
            self._pending = chains.pop()
        s = self._scanner
        return s._allowed([f for c in chains for f in resolve_chain(c, s._priority, s._tier)])


_KEY_BEFORE = re.compile(r"(?<![A-Za-z0-9_])([A-Za-z_][A-Za-z0-9_]{0,23})=$")
_VALUE_AFTER = r"(?<![A-Za-z0-9_]){}=([^\s,;&'\"]+)"


def _shape(value: str) -> frozenset[str]:
    """The character classes of a value: 'd' for digits, 'a' for letters, punctuation as is.

    >>> sorted(_shape("10.0.1.2")), sorted(_shape("a1-b"))
    (['.', 'd'], ['-', 'a', 'd'])
    """
    return frozenset("d" if c.isdigit() else "a" if c.isalpha() else c for c in value)


def _siblings(norm: str, cands: list[Finding]) -> list[Finding]:
    """Penalize ``key=value`` findings whose key holds, elsewhere in the text, a value of the
    same shape that is not of the kind: ``ap=10.0.20716.2838`` on one log line says that
    ``ap=4.10.40.194`` on the next is a version, not an IP address.

    >>> from boxguard.detect.finding import Finding
    >>> t = "ap=4.10.40.194\\nap=10.0.20716.2838\\nip=8.8.4.4"
    >>> fs = [Finding(3, 14, "ip_address", 0.9, (), "4.10.40.194"),
    ...       Finding(37, 44, "ip_address", 0.9, (), "8.8.4.4")]
    >>> [f.score for f in _siblings(t, fs)]
    [0.45, 0.9]
    """
    verdict: dict[tuple[str, str], bool] = {}
    out = []
    for f in cands:
        key = None
        if f.start and norm[f.start - 1] == "=" and "label" not in f.evidence:
            key = _KEY_BEFORE.search(norm, max(0, f.start - 25), f.start)
        if key is None:
            out.append(f)
            continue
        k = (key.group(1), f.kind)
        if k not in verdict:  # the shapes of folded values, the candidate's and its siblings'
            kind, shape = get_kind(f.kind), _shape(norm[f.start : f.end])
            verdict[k] = kind.validate is not None and any(
                _shape(m.group(1)) == shape and not kind.is_valid(m.group(1))
                for m in re.finditer(_VALUE_AFTER.format(re.escape(key.group(1))), norm)
            )
        if verdict[k]:
            score = round(max(f.score - NEGATIVE_PENALTY, 0.0), 4)
            out.append(
                Finding(f.start, f.end, f.kind, score, (*f.evidence, "negative:sibling"), f.value)
            )
        else:
            out.append(f)
    return out


_SURROGATE = re.compile("[\ud800-\udfff]")


class _Prepared:
    """``norm`` for the native core, prepared at the first use (a text with no candidate,
    most of a news corpus, never copies itself into it); a lone surrogate (which UTF-8
    cannot hold) becomes U+FFFD, one code point for one, so offsets stay the same."""

    __slots__ = ("_norm", "_text")

    def __init__(self, norm: str) -> None:
        self._norm = norm
        self._text: _native.Text | None = None

    def text(self) -> _native.Text:
        if self._text is None:
            try:
                self._text = _native.Text(self._norm)
            except UnicodeEncodeError:
                self._text = _native.Text(_SURROGATE.sub("\ufffd", self._norm))
        return self._text


#: The twins built so far, by finder (None: the finder has none).
_TWINS: dict[Callable[..., object], _native.NativeFinder | None] = {}


def _twin(finder: Callable[..., object]) -> _native.NativeFinder | None:
    """The native core's twin of ``finder`` (built once per process), or None: the finder
    has none, or its rules hold what the core does not read as Python does."""
    if finder in _TWINS:
        return _TWINS[finder]
    build = getattr(finder, "native_twin", None)
    twin = None
    if build is not None:
        try:
            built = build()
        except ValueError:
            built = None
        twin = built if isinstance(built, _native.NativeFinder) else None
    _TWINS[finder] = twin
    return twin


def _python_check(kind: Kind) -> Callable[[str], str | None]:
    """``kind``'s Python validator as the native core calls it: the evidence of a valid
    value, None for an invalid one (as ``Scanner._assess`` reads a ValidationError)."""

    def check(value: str) -> str | None:
        assert kind.validate is not None
        try:
            kind.validate(value)
        except ValidationError:
            return None
        return kind.check_for(value)

    return check


def _reach(chain: list[Finding]) -> int:
    return max(max(f.end, f.start + 1) for f in chain)


def _shift(f: Finding, by: int) -> Finding:
    return Finding(f.start + by, f.end + by, f.kind, f.score, f.evidence, f.value)
