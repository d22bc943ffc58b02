"""Which patterns may match a text: one pass over every pattern instead of one regex each.

With ``native=True`` (the native core, which every install builds), the patterns are
rewritten for the ``regex`` crate (``_for_core``: lookarounds dropped, Python's ASCII
classes spelt out; each then matches wherever its Python regex does) and the core's
``NativePrefilter`` runs them all at once in one lazy DFA (``regex-automata``'s, the
crate's engine), with the GIL released. The hits stay in Rust
(:class:`boxguard._native.Hits`) for the core's batch scan, with where each pattern's
matches may start (from its first and last match end in the DFA). On dense records it
takes ~5 ms where Hyperscan took ~14 (docs/native.md, part 8).

Otherwise (``Scanner(native=False)``, the oracle), Hyperscan compiles every pattern in
*prefilter* mode (a superset of the Python regex: lookarounds relaxed) and reports, per
text, the ids of the patterns that may match. Only those Python regexes then run, so the
exact semantics stay Python's while most texts cost one C-speed pass. Without the
``hyperscan`` package (or for a pattern it cannot compile, or a text that is not valid
UTF-8) every pattern runs: slower, same results.

A batch of short texts is scanned in one call (``candidates_many``): the
texts are joined by newlines and every match end is mapped back to its text,
so the per-call cost is paid once per batch instead of once per text.

For a text scanned alone a pattern keeps its edges: a leading ``(?<![0-9])`` becomes
``(?:^|[^0-9])`` and a trailing ``(?![0-9])`` ``(?:[^0-9]|$)`` (``_edged``), which prefilter
mode would drop, so a 13-digit pattern no longer passes every longer digit run (on dense
records, half the hits were such spares).

Compiling the databases takes about a second; given a ``cache`` (any mapping
from a key to bytes, e.g. ``boxguard.io.cache.DirectoryCache``) the compiled
databases are stored serialized and later loaded in a millisecond. A blob that
does not load (another Hyperscan build or CPU, a damaged file) is rebuilt.

This module must never change what is found, only how fast.

>>> import re
>>> pf = Prefilter([r"1[3-9]\\d{9}", r"密码[:：](?P<value>\\S+)"], [re.ASCII, re.ASCII])
>>> sorted(pf.candidates("手机13812345678"))
[0]
>>> sorted(pf.candidates("无"))
[]
"""

from __future__ import annotations

import contextlib
import hashlib
import re
import threading
from bisect import bisect_left
from collections import OrderedDict, defaultdict
from collections.abc import Sequence
from collections.abc import Set as AbstractSet
from itertools import accumulate
from typing import Any, Protocol

from boxguard.accel import native as _native

try:  # an accelerator, not a requirement
    import hyperscan as _hs
except ImportError:  # pragma: no cover - exercised on platforms without wheels
    _hs = None  # type: ignore[assignment]

#: Hyperscan's flags (hs_compile.h), the same for the Python package and the library
HS_CASELESS, HS_DOTALL, HS_MULTILINE, HS_SINGLEMATCH, HS_UTF8, HS_PREFILTER = 1, 2, 4, 8, 32, 128


#: Texts per joined scan; matches per text above which a group goes text by text (a joined
#: scan reports every match, a single one each pattern's first only); distinct candidates per
#: text below which joined scanning resumes.
GROUP, DENSE, SPARSE = 64, 8.0, 2.0

#: ``^``, ``$`` (outside a character class), ``\\A``, ``\\Z``: anchors a joined buffer
#: would break. Escapes and classes are taken out first (``[#$%]`` holds a literal ``$``).
_RE_ASCII, _RE_IGNORECASE = int(re.ASCII), int(re.IGNORECASE)
_RE_DOTALL, _RE_MULTILINE = int(re.DOTALL), int(re.MULTILINE)
_ANCHOR = re.compile(rb"[\^$]|\\[AZz]")
#: a character class, ``[...]`` (``]`` first or escaped inside)
_CLASS = rb"\[\^?\]?(?:\\.|[^\]\\])*\]"
_ESCAPE_OR_CLASS = re.compile(rb"\\[^AZz]|" + _CLASS)


#: a one-character class: ``[...]`` or ``\d``-like; a lookaround of one, at a pattern's start
#: or end; a lookaround without groups inside, at its end
_ONE = rb"(?:" + _CLASS + rb"|\\[dswDSW])"
_LEAD = re.compile(rb"\(\?<!(" + _ONE + rb")\)")
_TRAIL = re.compile(rb"\(\?!(" + _ONE + rb")\)\Z")
_FIRST_OF_MANY = re.compile(b"(" + _ONE + rb")\|")
_LAST_LOOKAHEAD = re.compile(rb"\(\?[!=]((?:\\.|" + _CLASS + rb"|[^()\\\[])*)\)\Z")


def _complement(one: bytes) -> bytes:
    r"""The class of the characters ``one`` (``[...]``, ``\d``, …) does not match.

    >>> _complement(rb"[0-9A-Za-z]"), _complement(rb"[^\n]"), _complement(rb"\d")
    (b'[^0-9A-Za-z]', b'[\\n]', b'\\D')
    """
    if one.startswith(b"\\"):
        return one[:1] + one[1:].swapcase()
    return b"[" + one[2:] if one.startswith(b"[^") else b"[^" + one[1:]


def _edged(expr: bytes) -> bytes:
    r"""``expr`` for Hyperscan scanning one text at a time, its edges kept: a leading
    ``(?<!C)`` becomes ``(?:^|[^C])``, a trailing ``(?!C)`` ``(?:[^C]|$)`` (C one character
    class), so the prefilter no longer passes a digit run inside a longer one. Other trailing
    lookaheads are dropped first (prefilter mode drops them anyway). A text holds a match of
    the result whenever it holds one of ``expr``: only fewer spare candidates.

    >>> _edged(rb"(?<![0-9A-Za-z])\d{8}(?![0-9A-Za-z])")
    b'(?:^|[^0-9A-Za-z])\\d{8}(?:[^0-9A-Za-z]|$)'
    >>> _edged(rb"(?<![0-9])1[3-9]\d{9}(?![0-9])(?!\.[0-9])")
    b'(?:^|[^0-9])1[3-9]\\d{9}(?:[^0-9]|$)'
    >>> _edged(rb"a(?<![0-9])b(?![0-9]|x)")
    b'a(?<![0-9])b(?:[^0-9]|$)'
    """
    lead = _LEAD.match(expr)
    if lead:
        expr = b"(?:^|" + _complement(lead[1]) + b")" + expr[lead.end() :]
    while (trail := _TRAIL.search(expr)) is None and (last := _LAST_LOOKAHEAD.search(expr)):
        # (?!C|…) implies (?!C); any other lookahead goes
        one = _FIRST_OF_MANY.match(last[1]) if last[0].startswith(b"(?!") else None
        expr = expr[: last.start()] + (b"(?!" + one[1] + b")" if one else b"")
    if trail:
        expr = expr[: trail.start()] + b"(?:" + _complement(trail[1]) + b"|$)"
    return expr


#: Python's ASCII classes (``re.ASCII``) spelt out for the ``regex`` crate, outside a class
#: and inside one (a negated one only outside: see ``_for_core``)
_OUTSIDE = {"d": "[0-9]", "D": "(?-i:[^0-9])", "w": "[0-9A-Za-z_]", "W": "(?-i:[^0-9A-Za-z_])",
            "s": r"[\t\n\x0B\x0C\r ]", "S": r"(?-i:[^\t\n\x0B\x0C\r ])", "b": r"(?-u:\b)",
            "B": r"(?-u:\B)", "A": r"\A", "Z": r"\z"}  # fmt: skip
_INSIDE = {"d": "0-9", "w": "0-9A-Za-z_", "s": r"\t\n\x0B\x0C\r ", "b": r"\x08"}
_HEX_ESCAPE = re.compile(r"x[0-9A-Fa-f]{2}|u[0-9A-Fa-f]{4}|U[0-9A-Fa-f]{8}")
_LOOKAROUND = re.compile(r"\(\?<?[=!]")
_INLINE_FLAGS = re.compile(r"\(\?([aims]*)(?:-([ims]*))?([:)])")
_AT_MOST = re.compile(r"\{,(?=[0-9]+\})")
#: an inline flag group turning case-insensitivity on (maybe a spare: ``\(?i``)
_CASELESS = re.compile(r"\(\?[a-zA-Z]*i")


def _escape(expr: str, at: int, inside: bool, caseless: bool = True) -> tuple[str | None, int]:
    r"""The escape at ``expr[at]`` (a backslash) for the ``regex`` crate, and where it ends;
    None: one the crate reads otherwise (a back-reference, ``\N{…}``, a negated class
    inside a class)."""
    m = _HEX_ESCAPE.match(expr, at + 1)
    if m:
        return "\\" + m[0], m.end()
    c = expr[at + 1 : at + 2]
    table = _INSIDE if inside else _OUTSIDE
    if c in table:
        piece = table[c]
        return (piece if caseless else piece.replace("(?-i:", "(?:")), at + 2
    if c and c in "afnrtv":
        return "\\" + c, at + 2
    if not c or (c.isascii() and c.isalnum()):
        return None, at + 2
    return f"\\x{{{ord(c):X}}}", at + 2  # any other character, as itself


def _class(expr: str, at: int, caseless: bool = True) -> tuple[str | None, int]:
    """The character class at ``expr[at]`` (``[``) for the ``regex`` crate, and where it
    ends: its ``[``, ``&`` and ``~`` escaped (the crate's nested classes and set operations);
    a negated class read case-sensitively in a ``caseless`` pattern (the crate folds a
    caseless class's case before negating it: ``(?i)[^a-z]`` would lose ``K``, which
    Python's ASCII mode matches)."""
    i, out = at + 1, ["["]
    negated = expr.startswith("^", i)
    if negated:
        out.append("^")
        i += 1
    if expr.startswith("]", i):  # a first ``]`` is itself
        out.append(r"\]")
        i += 1
    while i < len(expr) and expr[i] != "]":
        c = expr[i]
        if c == "\\":
            piece, i = _escape(expr, i, inside=True)
            if piece is None:
                return None, i
            out.append(piece)
            continue
        if c == "-" and expr.startswith("--", i):
            return None, i  # the crate's set difference
        out.append("\\" + c if c in "[&~" else c)
        i += 1
    if i >= len(expr):
        return None, i
    out.append("]")
    body = "".join(out)
    return (f"(?-i:{body})" if negated and caseless else body), i + 1


def _group_end(expr: str, at: int) -> int | None:
    """Just past the ``)`` that closes the group opened at ``expr[at]``."""
    depth, i = 0, at
    while i < len(expr):
        c = expr[i]
        if c == "\\":
            i += 2
            continue
        if c == "[":
            piece, i = _class(expr, i)
            if piece is None:
                return None
            continue
        depth += (c == "(") - (c == ")")
        i += 1
        if depth == 0:
            return i
    return None


def _for_core(expr: str, re_flags: int = _RE_ASCII, opening: bool = True) -> str | None:
    r"""``expr`` (Python's syntax, ``re.ASCII``) rewritten for the native core's prefilter,
    the ``regex`` crate's lazy DFA: a pattern that matches wherever ``expr`` does, ending
    where it ends. Its edges are kept as ``_edged`` keeps them, and a look-behind that
    opens a match (``(?:(?<![0-9])|(?<=tel))…``) reads what it looks at instead
    (``(?:(?:^|[^0-9])|(?:tel))…``: the match starts sooner, ends the same); other
    lookarounds go (the crate has none); ``$`` is read multi-line (Python's ``$`` also
    matches before a final newline); ``\d``, ``\w``, ``\s``, ``\b`` are spelt as ASCII;
    named groups become plain ones. None: a construct the crate reads otherwise (a
    back-reference, a comment, an atomic group, verbose mode): the pattern then runs on
    every text. ``opening=False`` drops an opening look-behind too: that pattern's
    shortest match is no longer than ``expr``'s (the core bounds a search with it).

    >>> _for_core(r"(?<![0-9])1[3-9]\d{9}(?![0-9])")
    '(?:^|[^0-9])1[3-9][0-9]{9}(?:[^0-9]|(?m:$))'
    >>> _for_core(r"(?i:pnr)\s*[:：](?P<value>[A-Z0-9]{6})(?=\W|$)")
    '(?i:pnr)[\\t\\n\\x0B\\x0C\\r ]*[:：](?:[A-Z0-9]{6})'
    >>> _for_core(r"b(?<=b){2}c(?=[0-9]\.)")
    'b(?:){2}c'
    >>> _for_core(r"(?:(?<![0-9])|(?<=[Tt]el))\d{8}|(?<!\w)(?<!x)y|\b(?<=a)b")
    '(?:(?:^|[^0-9])|(?:[Tt]el))[0-9]{8}|(?:^|(?:[^0-9A-Za-z_]))(?:)y|(?-u:\\b)(?:)b'
    >>> _for_core(r"[^\d&]{,3}", int(re.ASCII | re.IGNORECASE)), _for_core(r"(?i:x)\W")
    ('(?i)(?-i:[^0-9\\&]){0,3}', '(?i:x)(?-i:[^0-9A-Za-z_])')
    >>> _for_core(r"(a)\1"), _for_core(r"(?x) a"), _for_core(r"(?>a)")
    (None, None, None)
    """
    return _for_core_edged(_edged(expr.encode("utf-8")).decode("utf-8"), re_flags, opening)


def _for_core_edged(expr: str, re_flags: int, opening: bool) -> str | None:
    """``_for_core`` of a pattern ``_edged`` already."""
    caseless = bool(re_flags & _RE_IGNORECASE) or _CASELESS.search(expr) is not None
    flags = "".join(
        f for f, bit in (("i", _RE_IGNORECASE), ("s", _RE_DOTALL), ("m", _RE_MULTILINE))
        if re_flags & bit
    )  # fmt: skip
    body = _rewrite(expr, caseless, leading=opening)
    return None if body is None else (f"(?{flags})" if flags else "") + body


def _core_pair(expr: str, re_flags: int) -> tuple[str, str] | None:
    """What the core's prefilter takes of a pattern: ``_for_core``'s rewriting, and the one
    without opening look-behinds (for the shortest match); None when it has none."""
    edged = _edged(expr.encode("utf-8")).decode("utf-8")
    matching = _for_core_edged(edged, int(re_flags), opening=True)
    opens = "(?<" in edged  # a look-behind left
    shortest = _for_core_edged(edged, int(re_flags), opening=False) if opens else matching
    return None if matching is None or shortest is None else (matching, shortest)


#: pieces that read nothing and assert nothing: a match still opens after them (not after
#: ``^`` or ``\b``: a look-behind read after one would move where the assertion is made)
_NOTHING = frozenset({"(?:)", ""})


def _rewrite(expr: str, caseless: bool, leading: bool) -> str | None:
    """``_for_core``'s rewriting of ``expr`` (already edged); ``leading``: ``expr`` opens a
    match, so a look-behind before anything is read may read what it looks at (and so may
    one opening each of its top-level branches)."""
    top = leading
    out: list[str] = []
    opened: list[bool] = []  # for each open group: whether it opened a match
    i = 0
    while i < len(expr):
        c = expr[i]
        piece: str | None
        if c in "*+?|)" or (c == "{" and not _AT_MOST.match(expr, i)):
            if c == "|":  # the next branch opens a match where its group did
                leading = opened[-1] if opened else top
            elif c == ")":
                if opened:
                    opened.pop()
                leading = False
            out.append(c)
            i += 1
            continue  # a quantifier: what it repeats said whether a match opened
        if c == "(":
            start = i
            piece, i, opens = _open(expr, i, caseless, leading)
            if piece is None:
                return None
            out.append(piece)
            if opens:  # a quantified group does not open a match: it may repeat
                end = _group_end(expr, start)
                leading = leading and not (end and expr.startswith(tuple("*+?{"), end))
                opened.append(leading)
            else:  # a lookaround or global flags: a look-ahead keeps a match opening
                leading = leading and piece in _NOTHING
            continue
        if c == "\\":
            piece, i = _escape(expr, i, False, caseless)
        elif c == "[":
            piece, i = _class(expr, i, caseless)
        else:
            piece, i = {"$": "(?m:$)", "{": "{0,"}.get(c, c), i + (2 if c == "{" else 1)
        if piece is None:
            return None
        out.append(piece)
        leading = False
    return "".join(out)


def _open(expr: str, at: int, caseless: bool, leading: bool) -> tuple[str | None, int, bool]:
    """The ``(`` at ``expr[at]`` for ``_rewrite``: the piece, where it ends, and whether it
    opens a group (not a lookaround, not global flags)."""
    if not expr.startswith("(?", at):
        return "(", at + 1, True
    end = _group_end(expr, at) if _LOOKAROUND.match(expr, at) else None
    if end is not None:  # (a quantified one reads nothing: `(?<=a){2}` is one `a` before)
        reads = leading and not expr.startswith(tuple("*+?{"), end)
        return (_lookaround(expr[at:end], caseless) if reads else "(?:)"), end, False
    if expr.startswith("(?P<", at) and ">" in expr[at:]:
        return "(?:", expr.index(">", at) + 1, True
    m = _INLINE_FLAGS.match(expr, at)
    if m is None:
        return None, at, False  # (?P=…), (?#…), (?>…), (?(…), (?x)
    on, off = m[1].replace("a", ""), f"-{m[2]}" if m[2] else ""
    if m[3] == ":":
        return f"(?{on}{off}:", m.end(), True
    return (f"(?{on}{off})" if on or off else ""), m.end(), False


def _lookaround(group: str, caseless: bool) -> str | None:
    """A lookaround that opens a match, for ``_rewrite``: a look-behind reads what it looks
    at (``(?<=X)`` → ``(?:X)``; ``(?<!C)`` of one character class → ``(?:^|[^C])``); a
    look-ahead, or a look-behind of anything else, is an empty group."""
    if group.startswith("(?<="):
        inner = _rewrite(group[4:-1], caseless, leading=False)
        return None if inner is None else f"(?:{inner})"
    one = _LEAD.fullmatch(group.encode("utf-8"))
    if one is None:
        return "(?:)"
    inner = _rewrite(_complement(one[1]).decode("utf-8"), caseless, leading=False)
    return None if inner is None else f"(?:^|{inner})"


def _anchored(expr: bytes) -> bool:
    r"""Whether a pattern holds an anchor (outside character classes, not escaped).

    >>> _anchored(rb"(?<![^\n])x"), _anchored(rb"[!@#$%^]+"), _anchored(rb"ab$"), _anchored(rb"\$1")
    (False, False, True, False)
    >>> _anchored(rb"^a"), _anchored(rb"a\Z"), _anchored(rb"[]^]x")
    (True, True, False)
    """
    return _ANCHOR.search(_ESCAPE_OR_CLASS.sub(b"", expr)) is not None


class BlobCache(Protocol):
    """Where compiled databases are kept between runs (a ``dict`` will do)."""

    def get(self, key: str, /) -> bytes | None: ...

    def __setitem__(self, key: str, value: bytes, /) -> None: ...


class _Recent:
    """The few serialized databases this process compiled or loaded last, by key: another
    scanner of the same kinds (another thread's database too) loads one in milliseconds
    instead of compiling it again (1-2 s), with or without a disk cache."""

    def __init__(self, size: int) -> None:
        self._size, self._lock = size, threading.Lock()
        self._blobs: OrderedDict[str, bytes] = OrderedDict()

    def get(self, key: str) -> bytes | None:
        with self._lock:
            return self._blobs.get(key)

    def put(self, key: str, blob: bytes) -> None:
        with self._lock:
            self._blobs[key] = blob
            self._blobs.move_to_end(key)
            while len(self._blobs) > self._size:
                self._blobs.popitem(last=False)


_COMPILED = _Recent(8)


class Prefilter:
    """Report the indices of ``regexes`` that may match a text."""

    def __init__(
        self,
        regexes: Sequence[str],
        flags: Sequence[int] | None = None,
        *,
        use_hyperscan: bool = True,
        cache: BlobCache | None = None,
        native: bool = False,
    ) -> None:
        self._cache = cache
        self._n = len(regexes)
        self._always: frozenset[int] = frozenset(range(self._n))
        self._batch_always: frozenset[int] = self._always
        self._exprs: list[bytes] = []  # as given: for the joined batch
        self._edged: list[bytes] = []  # ... and with their edges (_edged): one text at a time
        self._ids: list[int] = []
        self._hs_flags: list[int] = []
        self._local = threading.local()
        self._core: Any = None  # the native core's prefilter (the regex crate's lazy DFA)
        if not use_hyperscan:
            return
        hs_flags = [self._flags(flags[i] if flags else 0) for i in range(self._n)]
        if native and _native is not None:
            self._core = _native.NativePrefilter(
                [_core_pair(rx, f) for rx, f in zip(regexes, flags or [0] * self._n, strict=True)]
            )
            self._always = self._batch_always = frozenset(self._core.always())
            self._ids = [i for i in range(self._n) if i not in self._always]
            return
        if _hs is None:
            return
        exprs = [rx.encode("utf-8") for rx in regexes]
        edged = [_edged(e) for e in exprs]
        everyone = list(range(self._n))
        whole = self._load("single", edged, everyone, hs_flags, False)
        if whole is not None:
            usable = everyone
            self._local.db = whole
        else:  # find the few patterns Hyperscan cannot prefilter; they always run
            usable = [i for i in range(self._n) if self._compiles([edged[i]], [hs_flags[i]])]
        self._ids = usable
        self._exprs = [exprs[i] for i in usable]
        self._edged = [edged[i] for i in usable]
        self._hs_flags = [hs_flags[i] for i in usable]
        self._always = frozenset(set(range(self._n)) - set(usable))

    @property
    def accelerated(self) -> bool:
        """True when at least one pattern is prefiltered by Hyperscan."""
        return bool(self._ids)

    def candidates(self, text: str) -> set[int]:
        """Indices of the patterns worth running on ``text``."""
        if self._core is not None:
            return set(self._core.candidates(text))
        db = self._database()
        if db is None:
            return set(self._always)
        try:
            data = text.encode("utf-8")
        except UnicodeEncodeError:  # lone surrogates: Hyperscan needs valid UTF-8
            return set(range(self._n))
        hits = set(self._always)

        def on_match(pid: int, _from: int, _to: int, _flags: int, _ctx: object) -> None:
            hits.add(pid)

        db.scan(data, match_event_handler=on_match)
        return hits

    def candidates_many(self, texts: Sequence[str]) -> list[AbstractSet[int]]:
        """``[self.candidates(t) for t in texts]``, sparse texts in one Hyperscan call per group.

        Texts are taken in groups of ``GROUP``. A group is joined by newlines and
        scanned once; a match that straddles two texts is reported for the later
        one: a spare candidate (its regex then finds nothing), never a lost one.
        Joined scanning reports every match, not one per pattern, so when a group
        turns out dense (``DENSE`` matches a text: records full of digit runs) the
        next groups go text by text, until they are sparse again. Patterns anchored
        to a text's start or end (``^``, ``$``, ``\\A``, ``\\Z``) always run.

        >>> import re
        >>> pf = Prefilter([r"1[3-9]\\d{9}", r"@qq\\.com"], [re.ASCII, re.ASCII])
        >>> [sorted(h) for h in pf.candidates_many(["13812345678", "无", "a@qq.com"])]
        [[0], [], [1]]
        """
        if self._core is not None:
            return self._core.candidates_many(texts)  # type: ignore[no-any-return]
        db = self._batch_database()
        if db is None:
            return [self.candidates(t) for t in texts]
        out: list[AbstractSet[int]] = []
        joined = True
        for lo in range(0, len(texts), GROUP):
            group = texts[lo : lo + GROUP]
            if joined:
                hits, matches = self._joined(db, group)
                joined = matches <= DENSE * len(group)
            else:
                hits = [self.candidates(t) for t in group]
                joined = sum(map(len, hits)) <= SPARSE * len(group)
            out.extend(hits)
        return out

    def _joined(self, db: Any, texts: Sequence[str]) -> tuple[list[AbstractSet[int]], int]:
        """Candidates of each text from one scan of them joined; and how many matches."""
        spoilt: list[int] = []  # texts Hyperscan cannot take (lone surrogates): every pattern
        try:
            chunks = [t.encode("utf-8") for t in texts]
        except UnicodeEncodeError:
            chunks = []
            for i, t in enumerate(texts):
                try:
                    chunks.append(t.encode("utf-8"))
                except UnicodeEncodeError:
                    chunks.append(b"")
                    spoilt.append(i)
        # byte offset just past each text in the joined buffer (its "\n", or the end)
        ends = list(accumulate([len(c) + 1 for c in chunks], initial=-1))[1:]
        found: list[tuple[int, int]] = []
        add = found.append

        def on_match(pid: int, _from: int, to: int, _flags: int, _ctx: object) -> None:
            add((to, pid))

        db.scan(b"\n".join(chunks), match_event_handler=on_match)
        per_text: defaultdict[int, set[int]] = defaultdict(set)
        for to, pid in found:
            per_text[bisect_left(ends, to)].add(pid)
        out: list[AbstractSet[int]] = [self._batch_always] * len(texts)  # most: no match
        for i, pids in per_text.items():
            out[i] = pids | self._batch_always
        for i in spoilt:
            out[i] = frozenset(range(self._n))
        return out, len(found)

    def fold_candidates_many(self, texts: Sequence[str]) -> tuple[Any, Any] | None:
        """With the core's prefilter: the texts folded (``boxguard.text.fold``) and the
        ``candidates_many`` of the folded texts, both kept in the core (``_native.Folded``,
        ``_native.Hits``); None without it."""
        if self._core is None:
            return None
        return self._core.fold_candidates_many(texts)  # type: ignore[no-any-return]

    # -- internals -------------------------------------------------------------
    @staticmethod
    def _flags(re_flags: int) -> int:
        """Hyperscan flags matching Python's: ASCII classes (no UCP), UTF-8 literals."""
        re_flags = int(re_flags)  # int arithmetic: a RegexFlag's is ~50x slower
        if not re_flags & _RE_ASCII:
            raise ValueError("prefiltered patterns must use ASCII classes (re.ASCII)")
        out = HS_UTF8 | HS_PREFILTER | HS_SINGLEMATCH
        if re_flags & _RE_IGNORECASE:
            out |= HS_CASELESS
        if re_flags & _RE_DOTALL:
            out |= HS_DOTALL
        if re_flags & _RE_MULTILINE:
            out |= HS_MULTILINE
        return out

    def _compiles(self, exprs: list[bytes], hs_flags: list[int]) -> bool:
        """True when Hyperscan can prefilter these patterns."""
        try:
            self._build(exprs, list(range(len(exprs))), hs_flags)
        except Exception:  # hyperscan.error, ValueError: a construct it cannot prefilter
            return False
        return True

    def _batch_database(self) -> Any:
        """A database reporting every match (not one per pattern), for joined texts."""
        db = getattr(self._local, "batch", None)
        if db is None and self._ids:
            kept = [i for i, rx in enumerate(self._exprs) if not _anchored(rx)]
            anchored = {pid for i, pid in enumerate(self._ids) if i not in kept}
            self._batch_always = self._always | anchored
            # the patterns as given, not edged: one that Hyperscan cannot take so (only its
            # edges let it compile) leaves joined scanning off, text by text instead
            db = self._local.batch = (
                kept
                and self._load(
                    "batch",
                    [self._exprs[i] for i in kept],
                    [self._ids[i] for i in kept],
                    [self._hs_flags[i] & ~HS_SINGLEMATCH for i in kept],
                    must=False,
                )
            ) or False  # none: tried, and no joined scanning
        return db or None

    def _database(self) -> Any:
        """One compiled database per thread (Hyperscan scratch space is not shared)."""
        db = getattr(self._local, "db", None)
        if db is None and self._ids:
            db = self._local.db = self._load("single", self._edged, self._ids, self._hs_flags)
        return db

    def _load(
        self, name: str, exprs: list[bytes], ids: list[int], flags: list[int], must: bool = True
    ) -> Any:
        """The database for these patterns: from memory, the cache, or compiled (then kept).

        ``must=False``: None instead of an error when Hyperscan cannot compile them.
        """
        key = self._key(name, exprs, ids, flags)
        cached = self._cache.get(key) if self._cache is not None else None
        for blob in (cached, _COMPILED.get(key)):
            if blob is None:
                continue
            try:
                db = self._undump(blob)
            except Exception:  # another Hyperscan build or CPU, or a damaged blob: rebuild
                continue
            _COMPILED.put(key, blob)
            if blob is not cached:
                self._keep(key, blob)  # a cache that lacked it (or held it damaged)
            return db
        try:
            db = self._build(exprs, ids, flags)
        except Exception:  # hyperscan.error, ValueError: a construct it cannot prefilter
            if must:
                raise
            return None
        blob = _hs.dumpb(db)
        _COMPILED.put(key, blob)
        self._keep(key, blob)
        return db

    def _keep(self, key: str, blob: bytes) -> None:
        if self._cache is not None:
            with contextlib.suppress(OSError):  # a read-only cache is only slower
                self._cache[key] = blob

    def _build(self, exprs: list[bytes], ids: list[int], flags: list[int]) -> Any:
        """A database compiled by the Python package's Hyperscan."""
        assert _hs is not None
        db = _hs.Database()
        db.compile(expressions=exprs, ids=ids, elements=len(ids), flags=flags)
        return db

    def _undump(self, blob: bytes) -> Any:
        """A database from its serialized bytes (an error when they are not loadable)."""
        assert _hs is not None
        db = _hs.loadb(blob, _hs.HS_MODE_BLOCK)
        db.scratch = _hs.Scratch(db)
        return db

    def _key(self, name: str, exprs: list[bytes], ids: list[int], flags: list[int]) -> str:
        """A cache key naming the Hyperscan package's version and everything compiled."""
        version = getattr(_hs, "__version__", "?")
        h = hashlib.sha256(f"{name}|{version}|{ids}|{flags}".encode())
        for e in exprs:
            h.update(len(e).to_bytes(4, "big") + e)
        return f"hyperscan-{name}-{h.hexdigest()[:40]}"
