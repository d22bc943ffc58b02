"""Which patterns may match a text: one Hyperscan pass instead of one regex per pattern.

Hyperscan compiles every pattern in *prefilter* mode (a superset of the
Python regex: lookarounds relaxed) and reports, per text, the ids of the
patterns that may match. Only those Python regexes then run, so the exact
semantics stay Python's while most texts cost one C-speed pass. Without the
``hyperscan`` package (or for a pattern it cannot compile, or a text that is
not valid UTF-8) every pattern runs: slower, same results.

A batch of short texts is scanned in one call (``candidates_many``): the
texts are joined by newlines and every match end is mapped back to its text,
so the per-call cost is paid once per batch instead of once per text.

With ``native=True`` and the system's Hyperscan library there (Debian's libhyperscan5,
loaded by the native core), the same databases are compiled and scanned from Rust: no Python
call per match, and the hits stay in Rust (:class:`boxguard._native.Hits`) for the core's
batch scan. Without it the ``hyperscan`` Python package scans, as before.

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


#: a byte of a non-ASCII character, or an escape naming a character by number or property
_NAMES_CHARACTERS = re.compile(rb"[^\x00-\x7f]|\\[xuUNpPo0-9]")


def _compactable(expr: bytes) -> bool:
    r"""Whether Hyperscan may read ``expr`` without UTF-8 mode over the compacted text (each
    non-ASCII character the one byte 0x80, boxguard-hs's ``compact``): spelt in ASCII, naming
    no character by number or property. Such a pattern (``re.ASCII``) reads a non-ASCII
    character only as one of a negated class, ``.``, ``\S``, ``\W`` or ``\D``, as it reads
    0x80: the same hits.

    >>> _compactable(rb"(?:^|[^0-9])\d{13}"), _compactable("密码".encode())
    (True, False)
    >>> _compactable(rb"[\x{4e00}-\x{9fa5}]"), _compactable(rb"\u4e00")
    (False, False)
    """
    return _NAMES_CHARACTERS.search(expr) is None


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
        # the native core's Hyperscan (the system's libhs), else the Python package's
        self._rust = native and _native is not None and bool(_native.hs_version())
        self._native: list[Any] = [None, None]  # the core's prefilter: one text, a batch
        self._single: list[tuple[Any, bool]] = []  # its databases for one text (_parts)
        if not use_hyperscan or (_hs is None and not self._rust):
            return
        hs_flags = [self._flags(flags[i] if flags else 0) for i in range(self._n)]
        exprs = [rx.encode("utf-8") for rx in regexes]
        edged = [_edged(e) for e in exprs]
        everyone = list(range(self._n))
        if self._rust:  # the core's databases, split (_parts); the whole one if they fail
            self._single = self._parts("single", edged, everyone, hs_flags)
        whole = None if self._single else self._load("single", edged, everyone, hs_flags, False)
        if self._single or whole is not None:
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
        if self._rust and self._ids:
            return set(self._native_prefilter(joined=False).candidates(text))
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
        if self._rust and self._ids:
            return self._native_prefilter(joined=True).candidates_many(texts)  # type: ignore[no-any-return]
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
        """With the core's Hyperscan: the texts folded (``boxguard.text.fold``) and the
        ``candidates_many`` of the folded texts, both kept in the core (``_native.Folded``,
        ``_native.Hits``); None without it."""
        if not (self._rust and self._ids):
            return None
        return self._native_prefilter(joined=True).fold_candidates_many(texts)  # type: ignore[no-any-return]

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

    def _native_prefilter(self, joined: bool) -> Any:
        """The core's prefilter (built once, shared by threads: the core keeps a scratch
        space per scan); ``joined``: with the joined-batch database, for batches."""
        if self._native[joined] is None:
            single = (
                self._single
                or self._parts("single", self._edged, self._ids, self._hs_flags)
                or [(self._database(), False)]
            )
            batch = self._batch_database() if joined else None
            self._native[joined] = _native.NativePrefilter(
                single, batch, self._n, sorted(self._always), sorted(self._batch_always)
            )
        return self._native[joined]

    def _parts(
        self, name: str, exprs: list[bytes], ids: list[int], flags: list[int]
    ) -> list[tuple[Any, bool]]:
        """The core's databases of these patterns for one text at a time, each with whether
        it scans the compacted text: those Hyperscan may read so (``_compactable``) compiled
        without UTF-8 mode, the others with it (dense records: 2.5 ms less of a 19 ms
        prefilter). Empty when a part does not compile: the caller takes the whole one."""
        parts = []
        ascii = [_compactable(e) for e in exprs]
        for compact in (False, True):
            picked = [i for i, a in enumerate(ascii) if a is compact]
            if not picked:
                continue
            db = self._load(
                f"{name}-{'compact' if compact else 'utf8'}",
                [exprs[i] for i in picked],
                [ids[i] for i in picked],
                [flags[i] & ~HS_UTF8 if compact else flags[i] for i in picked],
                must=False,
            )
            if db is None:
                return []
            parts.append((db, compact))
        return parts

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
        blob = db.serialize() if self._rust else _hs.dumpb(db)
        _COMPILED.put(key, blob)
        self._keep(key, blob)
        return db

    def _keep(self, key: str, blob: bytes) -> None:
        if self._cache is not None:
            with contextlib.suppress(OSError):  # a read-only cache is only slower
                self._cache[key] = blob

    def _build(self, exprs: list[bytes], ids: list[int], flags: list[int]) -> Any:
        """A database compiled by the core's Hyperscan or the Python package's."""
        if self._rust:
            return _native.HsDatabase.compile(exprs, ids, flags)
        assert _hs is not None
        db = _hs.Database()
        db.compile(expressions=exprs, ids=ids, elements=len(ids), flags=flags)
        return db

    def _undump(self, blob: bytes) -> Any:
        """A database from its serialized bytes (an error when they are not loadable)."""
        if self._rust:
            return _native.HsDatabase.deserialize(blob)
        assert _hs is not None
        db = _hs.loadb(blob, _hs.HS_MODE_BLOCK)
        db.scratch = _hs.Scratch(db)
        return db

    def _key(self, name: str, exprs: list[bytes], ids: list[int], flags: list[int]) -> str:
        """A cache key naming the Hyperscan (core's or package's), its version and everything
        compiled."""
        version = f"core-{_native.hs_version()}" if self._rust else getattr(_hs, "__version__", "?")
        h = hashlib.sha256(f"{name}|{version}|{ids}|{flags}".encode())
        for e in exprs:
            h.update(len(e).to_bytes(4, "big") + e)
        return f"hyperscan-{name}-{h.hexdigest()[:40]}"
