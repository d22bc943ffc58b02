"""Embedding: which rendering of each masked value a recipient gets, and reading it back.

Each *channel* is a kind whose masked rendering has several equivalent spellings, every
one of which reveals **no more than the kind's default mask** (so colluders who pool
their copies learn nothing the default mask would not have shown them):

- ``person_name`` (2 bits): mark ``*`` / ``某``; one mark / two (张* 张某 张** 张某某);
- ``cn_mobile`` (3): first 2 / 3 digits kept; last 3 / 4 kept; groups 3-4-4 by space /
  dash (``13* **** *678``) — the separator bit dies when separators are removed;
- ``cn_resident_id`` (3): first 2 / 3 kept; last 1 / 2 / 3 / 4 kept;
- ``bank_card`` (3): first 3 / 4 kept; last 3 / 4 kept; groups of 4 by space / dash;
- ``birth_date`` (2): year whole / last digit hidden; ``1990/**/**`` / ``1990年**月**日``
  — the spelling bit dies when the date is re-typed;
- ``address`` (1–2): 4 / 6 stars; province kept / omitted (when there is one).

Dropping a column erases its bits; docs/trace.md argues the choices and measures them.

A record's bits sit at positions (``tag``, ``slot``): ``tag`` is the keyed hash of the
record's stable identity (:func:`boxguard.trace.code.record_tag`), ``slot`` = 16 × column
index + bit index. Reading needs no row order: a leaked row is matched back to the
released records by the characters it shows (:class:`Matcher`), and every bit a channel
no longer shows is an *erasure* (``None``), never a guess. A canonical spelling that no
variant uses (ISO dates, ungrouped digits) reads as an erasure, so an attacker who
normalizes forces no bit.

Renderings are computed from values in memory and returned; nothing here stores or logs
a value.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Protocol

import numpy as np

from boxguard.errors import ConfigError, ValidationError
from boxguard.kinds import get_kind
from boxguard.trace.accuse import Observations
from boxguard.trace.code import TardosCode, record_tag

Bits = tuple[int | None, ...]
_SEPARATORS = re.compile(r"[\s\-·./]")
_SLOTS_PER_COLUMN = 16


def normalize(text: str) -> str:
    """What travel does to text that a reader undoes: NFKC (full width → half width), trim."""
    return unicodedata.normalize("NFKC", text).strip()


def _from_bits(bits: Sequence[int | None]) -> int | None:
    out = 0
    for i, b in enumerate(bits):
        if b is None:
            return None
        out |= int(b) << i
    return out


def _to_bits(value: int | None, width: int) -> Bits:
    if value is None:
        return (None,) * width
    return tuple((value >> i) & 1 for i in range(width))


def _width(options: int) -> int:
    return max(options - 1, 0).bit_length()


class Channel(Protocol):
    """How one kind carries bits. ``value`` is the unmasked value; ``baseline`` its default mask."""

    @property
    def kind(self) -> str: ...

    def baseline(self, value: str) -> str: ...
    def width(self, baseline: str) -> int: ...
    def render(self, value: str, bits: Sequence[int]) -> str: ...
    def read(self, text: str, baseline: str) -> Bits: ...
    def key(self, text: str) -> str | None: ...
    def compatible(self, text: str, baseline: str) -> bool: ...


@dataclass(frozen=True)
class DigitsChannel:
    """Digits masked in the middle: which ends stay, and how groups are separated.

    >>> ch = CHANNELS["cn_mobile"]
    >>> ch.render("13812345678", (1, 1, 0)), ch.render("13812345678", (0, 0, 1))
    ('138 **** 5678', '13*-****-*678')
    >>> ch.read("13*-****-*678", ch.baseline("13812345678")), ch.read("13*****5678", "138****5678")
    ((0, 0, 1), (0, 1, None))
    """

    kind: str
    firsts: tuple[int, ...]
    lasts: tuple[int, ...]
    #: group sizes from the left (the last group takes the rest); empty: never grouped
    groups: tuple[int, ...] = ()
    seps: tuple[str, ...] = (" ", "-")

    def _compact(self, value: str) -> str:
        kind = get_kind(self.kind)
        return kind.validate(value) if kind.validate else _SEPARATORS.sub("", value)

    def baseline(self, value: str) -> str:
        v = self._compact(value)
        f, lst = max(self.firsts), max(self.lasts)
        return v[:f] + "*" * (len(v) - f - lst) + v[len(v) - lst :]

    def width(self, baseline: str) -> int:
        w = _width(len(self.firsts)) + _width(len(self.lasts))
        return w + (_width(len(self.seps)) if self.groups else 0)

    def _bits(self) -> tuple[int, int]:
        return _width(len(self.firsts)), _width(len(self.lasts))

    def render(self, value: str, bits: Sequence[int]) -> str:
        v = self._compact(value)
        wf, wl = self._bits()
        f = self.firsts[_from_bits(bits[:wf]) or 0]
        lst = self.lasts[_from_bits(bits[wf : wf + wl]) or 0]
        masked = v[:f] + "*" * (len(v) - f - lst) + v[len(v) - lst :]
        if not self.groups:
            return masked
        sep = self.seps[_from_bits(bits[wf + wl :]) or 0]
        return sep.join(_split(masked, self.groups))

    def _core(self, text: str) -> str:
        return _SEPARATORS.sub("", normalize(text)).upper()

    def read(self, text: str, baseline: str) -> Bits:
        wf, wl = self._bits()
        core = self._core(text)
        m = re.fullmatch(r"([0-9X]*)(\*+)([0-9X]*)", core)
        if m is None or len(core) != len(baseline):
            return (None,) * self.width(baseline)
        f, lst = len(m[1]), len(m[3])
        out = _to_bits(self.firsts.index(f) if f in self.firsts else None, wf)
        out += _to_bits(self.lasts.index(lst) if lst in self.lasts else None, wl)
        if self.groups:
            out += _to_bits(self._sep(normalize(text), len(core)), _width(len(self.seps)))
        return out

    def _sep(self, text: str, n: int) -> int | None:
        for i, sep in enumerate(self.seps):
            parts = text.split(sep)
            if sep.join(parts) == text and [len(p) for p in parts] == _sizes(n, self.groups):
                return i
        return None

    def key(self, text: str) -> str | None:
        core = self._core(text)
        f, lst = min(self.firsts), min(self.lasts)
        m = re.fullmatch(r"([0-9X]*)(\*+)([0-9X]*)", core)
        if m is None or len(m[1]) < f or len(m[3]) < lst:
            return None
        return f"{len(core)}:{core[:f]}:{core[len(core) - lst :]}"

    def compatible(self, text: str, baseline: str) -> bool:
        core = self._core(text)
        return len(core) == len(baseline) and all(
            c == "*" or (c == b and b != "*") for c, b in zip(core, baseline, strict=True)
        )


def _sizes(n: int, groups: tuple[int, ...]) -> list[int]:
    out: list[int] = []
    i = 0
    for g in groups:
        if i + g >= n:
            break
        out.append(g)
        i += g
    out.append(n - i)
    return out


def _split(text: str, groups: tuple[int, ...]) -> list[str]:
    out, i = [], 0
    for size in _sizes(len(text), groups):
        out.append(text[i : i + size])
        i += size
    return out


@dataclass(frozen=True)
class NameChannel:
    """Keep the surname's first character; the mark (``*`` / ``某``) and how many (1 / 2).

    >>> ch = NameChannel()
    >>> [ch.render("张小明", (a, b)) for b in (0, 1) for a in (0, 1)]
    ['张*', '张某', '张**', '张某某']
    >>> ch.read("张某某", "张**"), ch.read("张小明", "张**")
    ((1, 1), (None, None))
    """

    kind: str = "person_name"

    def baseline(self, value: str) -> str:
        return get_kind(self.kind).mask(value.strip())

    def width(self, baseline: str) -> int:
        return 2

    def render(self, value: str, bits: Sequence[int]) -> str:
        return value.strip()[:1] + ("某" if bits[0] else "*") * (1 + bits[1])

    def read(self, text: str, baseline: str) -> Bits:
        m = re.fullmatch(r"([^\s*某])(\*{1,2}|某{1,2})", normalize(text))
        if m is None:
            return (None, None)
        return (int(m[2][0] == "某"), len(m[2]) - 1)

    def key(self, text: str) -> str | None:
        t = normalize(text)
        return t[:1] if t and t[:1] not in "*某" else None

    def compatible(self, text: str, baseline: str) -> bool:
        t = normalize(text)
        return bool(t) and t[:1] == baseline[:1]


@dataclass(frozen=True)
class DateChannel:
    """A birth date masked to its year: year whole or its last digit hidden; ``/`` or 年月日.

    >>> ch = DateChannel()
    >>> ch.render("1990年1月2日", (0, 0)), ch.render("1990-01-02", (1, 1))
    ('1990/**/**', '199*年**月**日')
    >>> ch.read("199*年**月**日", "1990-**-**"), ch.read("1990-**-**", "1990-**-**")
    ((1, 1), (0, None))
    """

    kind: str = "birth_date"

    def _iso(self, value: str) -> str:
        kind = get_kind(self.kind)
        return kind.validate(value) if kind.validate else value.strip()

    def baseline(self, value: str) -> str:
        return self._iso(value)[:4] + "-**-**"

    def width(self, baseline: str) -> int:
        return 2

    def render(self, value: str, bits: Sequence[int]) -> str:
        year = self._iso(value)[:4]
        year = year[:3] + "*" if bits[0] else year
        return year + ("年**月**日" if bits[1] else "/**/**")

    def read(self, text: str, baseline: str) -> Bits:
        t = normalize(text)
        m = re.match(r"(\d{3})([\d*])", t)
        if m is None:
            return (None, None)
        rest = t[m.end() :]
        spelling = 0 if rest == "/**/**" else 1 if rest == "年**月**日" else None
        return (int(m[2] == "*"), spelling)

    def key(self, text: str) -> str | None:
        m = re.match(r"(\d{3})", normalize(text))
        return m[1] if m else None

    def compatible(self, text: str, baseline: str) -> bool:
        m = re.match(r"(\d{3})([\d*])", normalize(text))
        return m is not None and m[1] == baseline[:3] and m[2] in ("*", baseline[3])


_PROVINCE = re.compile(r"[\u4e00-\u9fff]{2,8}?(?:省|自治区|特别行政区)")


@dataclass(frozen=True)
class AddressChannel:
    """An address masked to its district: 4 or 6 stars; the province kept or omitted.

    >>> ch = AddressChannel()
    >>> b = ch.baseline("广东省深圳市南山区科技园南路18号")
    >>> b, ch.width(b), ch.render("广东省深圳市南山区科技园南路18号", (1, 1))
    ('广东省深圳市南山区********', 2, '深圳市南山区******')
    >>> ch.read("深圳市南山区******", b), ch.read("深圳市南山区***", b)
    ((1, 1), (None, 1))
    >>> ch.width(ch.baseline("北京市朝阳区建国路88号"))
    1
    """

    kind: str = "address"

    def baseline(self, value: str) -> str:
        return get_kind(self.kind).mask(value.strip())

    @staticmethod
    def _admin(baseline: str) -> tuple[str, str]:
        """The kept prefix and its province (or '')."""
        admin = baseline.rstrip("*")
        m = _PROVINCE.match(admin)
        return admin, (m.group() if m and m.end() < len(admin) else "")

    def width(self, baseline: str) -> int:
        return 1 + bool(self._admin(baseline)[1])

    def render(self, value: str, bits: Sequence[int]) -> str:
        admin, province = self._admin(self.baseline(value))
        if province and bits[1]:
            admin = admin[len(province) :]
        return admin + "*" * (6 if bits[0] else 4)

    def read(self, text: str, baseline: str) -> Bits:
        admin, province = self._admin(baseline)
        m = re.fullmatch(r"([^*]+?)(\*+)", normalize(text))
        stars = None if m is None else {4: 0, 6: 1}.get(len(m[2]))
        if not province:
            return (stars,)
        prefix = None if m is None else m[1]
        kept = 0 if prefix == admin else 1 if prefix == admin[len(province) :] else None
        return (stars, kept)

    def key(self, text: str) -> str | None:
        admin, province = self._admin(normalize(text))
        return admin[len(province) :] or None

    def compatible(self, text: str, baseline: str) -> bool:
        t = normalize(text).rstrip("*")
        admin, province = self._admin(baseline)
        return bool(t) and t in (admin, admin[len(province) :])


CHANNELS: dict[str, Channel] = {
    "person_name": NameChannel(),
    "cn_mobile": DigitsChannel("cn_mobile", (2, 3), (3, 4), (3, 4)),
    "cn_resident_id": DigitsChannel("cn_resident_id", (2, 3), (1, 2, 3, 4)),
    "bank_card": DigitsChannel("bank_card", (3, 4), (3, 4), (4, 4, 4, 4)),
    "birth_date": DateChannel(),
    "address": AddressChannel(),
}


@dataclass(frozen=True)
class Schema:
    """The columns of a release: (name, kind id) in order, and the identity column.

    >>> s = Schema((("姓名", "person_name"), ("手机", "cn_mobile")), identity="手机")
    >>> s.slot("手机", 2)
    18
    """

    columns: tuple[tuple[str, str], ...]
    identity: str

    def __post_init__(self) -> None:
        names = [c for c, _ in self.columns]
        if len(set(names)) != len(names) or self.identity not in names:
            raise ConfigError("a trace schema needs distinct columns and names its identity one")
        for _, kind in self.columns:
            get_kind(kind)  # unknown kinds are a ConfigError here, not at release time

    def kind_of(self, column: str) -> str:
        return dict(self.columns)[column]

    def slot(self, column: str, bit: int) -> int:
        index = [c for c, _ in self.columns].index(column)
        if bit >= _SLOTS_PER_COLUMN:
            raise ConfigError("a column carries at most 16 bits")
        return _SLOTS_PER_COLUMN * index + bit

    def traced(self) -> tuple[tuple[str, Channel], ...]:
        """The columns that carry bits, with their channels."""
        return tuple((c, CHANNELS[k]) for c, k in self.columns if k in CHANNELS)


def identity_tag(code: TardosCode, schema: Schema, row: Mapping[str, str]) -> int:
    """The record's 64-bit keyed identity, from its identity column's compact value."""
    kind = get_kind(schema.kind_of(schema.identity))
    raw = row[schema.identity]
    try:
        compact = kind.validate(raw) if kind.validate else raw.strip()
    except ValidationError:
        compact = raw.strip()
    return record_tag(code, kind.id, compact)


def baseline_row(schema: Schema, row: Mapping[str, str]) -> dict[str, str]:
    """The default-mask view of a row: what the release stores to match leaked rows back.

    Every variant shows a subset of it, so it reveals nothing a recipient did not see.
    """
    out: dict[str, str] = {}
    for column, kind_id in schema.columns:
        channel = CHANNELS.get(kind_id)
        value = row.get(column, "")
        if channel is None:
            out[column] = get_kind(kind_id).mask(value)
            continue
        try:  # a value that is not a valid instance of its kind carries no bits: ""
            out[column] = channel.baseline(value) if value.strip() else ""
        except ValidationError:
            out[column] = ""
    return out


def width(channel: Channel, baseline: str) -> int:
    """Bits a column carries in a row whose default-mask view is ``baseline`` (0 if none)."""
    return channel.width(baseline) if baseline else 0


def positions(schema: Schema, baseline: Mapping[str, str]) -> dict[str, tuple[int, ...]]:
    """The slots of each traced column of a row."""
    return {
        c: tuple(schema.slot(c, b) for b in range(width(ch, baseline[c])))
        for c, ch in schema.traced()
    }


def row_bits(
    code: TardosCode, schema: Schema, baseline: Mapping[str, str], tag: int, recipient: int
) -> dict[str, tuple[int, ...]]:
    """The codeword bits recipient ``recipient`` gets in each traced column of a row."""
    slots = positions(schema, baseline)
    flat = [s for c in slots for s in slots[c]]
    if not flat:
        return dict.fromkeys(slots, ())
    bits = code.codewords(
        [recipient], np.full(len(flat), tag, np.uint64), np.array(flat, np.uint16)
    )[0]
    out, i = {}, 0
    for c, ss in slots.items():
        out[c] = tuple(int(b) for b in bits[i : i + len(ss)])
        i += len(ss)
    return out


def render_row(
    schema: Schema, row: Mapping[str, str], bits: Mapping[str, Sequence[int]]
) -> dict[str, str]:
    """The released rendering of a row with the given bits per traced column."""
    out = baseline_row(schema, row)
    for column, channel in schema.traced():
        value = row.get(column, "")
        if out[column]:
            out[column] = channel.render(value, bits[column])
        else:  # no channel in this cell: the kind's default mask, as an untraced release
            out[column] = get_kind(channel.kind).mask(value)
    return out


def release_row(
    code: TardosCode, schema: Schema, row: Mapping[str, str], recipient: int
) -> tuple[int, dict[str, str]]:
    """(identity tag, rendering) of one unmasked row for one recipient.

    >>> from boxguard.crypto.keys import Keyset
    >>> code = TardosCode.from_keyset(Keyset.generate())
    >>> s = Schema((("手机", "cn_mobile"),), identity="手机")
    >>> tag, out = release_row(code, s, {"手机": "13812345678"}, recipient=4)
    >>> read_row(s, out, baseline_row(s, {"手机": "13812345678"}))["手机"] == tuple(
    ...     code.codeword(4, tag, slot) for slot in (0, 1, 2))
    True
    """
    tag = identity_tag(code, schema, row)
    base = baseline_row(schema, row)
    return tag, render_row(schema, row, row_bits(code, schema, base, tag, recipient))


def release_rows(
    code: TardosCode, schema: Schema, rows: Sequence[Mapping[str, str]], recipient: int
) -> tuple[list[int], list[dict[str, str]]]:
    """:func:`release_row` for many rows at once (one batch of AES calls, not one per row).

    >>> from boxguard.crypto.keys import Keyset
    >>> code = TardosCode.from_keyset(Keyset.generate())
    >>> s = Schema((("手机", "cn_mobile"),), identity="手机")
    >>> rows = [{"手机": "13812345678"}, {"手机": "13912345678"}]
    >>> release_rows(code, s, rows, 7) == tuple(map(list, zip(*(release_row(code, s, r, 7)
    ...     for r in rows))))
    True
    """
    tags = [identity_tag(code, schema, r) for r in rows]
    bases = [baseline_row(schema, r) for r in rows]
    layout = [positions(schema, b) for b in bases]
    flat_tags = [
        t for t, slots in zip(tags, layout, strict=True) for ss in slots.values() for _ in ss
    ]
    flat_slots = [s for slots in layout for ss in slots.values() for s in ss]
    bits = code.codewords(
        [recipient], np.array(flat_tags, np.uint64), np.array(flat_slots, np.uint16)
    )[0].tolist()
    out, i = [], 0
    for row, slots in zip(rows, layout, strict=True):
        per_column: dict[str, tuple[int, ...]] = {}
        for column, ss in slots.items():
            per_column[column] = tuple(int(b) for b in bits[i : i + len(ss)])
            i += len(ss)
        out.append(render_row(schema, row, per_column))
    return tags, out


def read_row(
    schema: Schema, leaked: Mapping[str, str], baseline: Mapping[str, str]
) -> dict[str, Bits]:
    """The bits a leaked row still shows, per traced column (``None``: erased)."""
    out: dict[str, Bits] = {}
    for column, channel in schema.traced():
        n = width(channel, baseline[column])
        text = leaked.get(column)
        if n == 0:
            out[column] = ()
        elif text is None or not channel.compatible(text, baseline[column]):
            out[column] = (None,) * n
        else:
            out[column] = channel.read(text, baseline[column])
    return out


def observed(schema: Schema, tag: int, bits: Mapping[str, Bits]) -> Iterable[tuple[int, int, int]]:
    """(tag, slot, bit) for every bit not erased."""
    for column, bs in bits.items():
        for i, b in enumerate(bs):
            if b is not None:
                yield tag, schema.slot(column, i), b


class Matcher:
    """Finds the released record a leaked row comes from, by the characters it shows.

    Built from the released records' (tag, baseline row, owner) — ``owner`` is the
    recipient of a canary record, ``None`` for a real one. A leaked row matches when
    exactly one record is compatible with every traced column it shows; otherwise it
    is left out (an ambiguous row never adds a bit).
    """

    def __init__(
        self,
        schema: Schema,
        records: Iterable[tuple[int, Mapping[str, str], int | None]],
    ) -> None:
        self.schema = schema
        self.records: list[tuple[int, Mapping[str, str], int | None]] = list(records)
        self._index: dict[tuple[str, str], list[int]] = {}
        for i, (_, base, _owner) in enumerate(self.records):
            for column, channel in schema.traced():
                key = channel.key(base[column]) if column in base else None
                if key is not None:
                    self._index.setdefault((column, key), []).append(i)

    def match(self, leaked: Mapping[str, str]) -> int | None:
        """Index of the one compatible record, or None."""
        candidates: set[int] | None = None
        shown = 0
        for column, channel in self.schema.traced():
            text = leaked.get(column)
            key = channel.key(text) if text else None
            if key is None:
                continue
            shown += 1
            found = set(self._index.get((column, key), ()))
            candidates = found if candidates is None else candidates & found
            if not candidates:
                return None
        if candidates is None or shown < 2:  # one column alone never pins a record
            return None
        ok = [
            i
            for i in candidates
            if all(
                channel.compatible(leaked[c], self.records[i][1][c])
                for c, channel in self.schema.traced()
                if leaked.get(c) and channel.key(leaked[c]) is not None
            )
        ]
        return ok[0] if len(ok) == 1 else None

    def read(
        self, leaked_rows: Iterable[Mapping[str, str]]
    ) -> tuple[Observations, list[tuple[int, int]]]:
        """Observations from leaked rows, and (row index, record index) of each match."""
        seen: list[tuple[int, int, int]] = []
        hits: list[tuple[int, int]] = []
        for r, row in enumerate(leaked_rows):
            i = self.match(row)
            if i is None:
                continue
            tag, base, _ = self.records[i]
            hits.append((r, i))
            seen.extend(observed(self.schema, tag, read_row(self.schema, row, base)))
        return Observations.collect(seen), hits


_SHAPES: dict[str, str] = {
    "bank_card": r"[0-9*]{4}(?:[ -][0-9*]{4}){3}(?:[ -][0-9*]{1,3})?|[0-9*]{16,17}|[0-9*]{19}",
    "cn_resident_id": r"[0-9*]{17}[0-9Xx*]",
    "cn_mobile": r"[0-9*]{3}[ -]?[0-9*]{4}[ -]?[0-9*]{4}",
    "birth_date": r"(?:19|20)[0-9*]{2}(?:/\*\*/\*\*|年\*\*月\*\*日|-\*\*-\*\*)",
    # one character before the level: a kept part can be as short as 林区 (湖北省林区****)
    "address": r"[\u4e00-\u9fff]{1,40}?(?:区|县|市|旗|盟|州)\*{2,}",
    "person_name": r"[\u4e00-\u9fff](?:\*{1,2}|某{1,2})",
}


_EDGE = r"(?![0-9A-Za-z*])"
#: What may not touch a shape (default: a digit, a letter, a star). An address begins with
#: a Chinese character, so it may follow anything (a masked name's stars: 张**浙江省……)
#: and end before anything but a star (its date glued after: ……西湖区****1990年**月**日);
#: a date begins with 19/20, so it may follow an address's stars.
_BEFORE = {"address": "", "birth_date": r"(?<![0-9A-Za-z])"}
_AFTER = {"address": r"(?!\*)"}


def parse_text(schema: Schema, text: str) -> dict[str, str]:
    """The traced columns found, by shape, in a row pasted as free text (a chat line).

    >>> s = Schema((("姓名", "person_name"), ("手机", "cn_mobile")), identity="手机")
    >>> parse_text(s, "张某 联系电话：138 **** 5678")
    {'手机': '138 **** 5678', '姓名': '张某'}

    An address glued to the text before it starts at its first division name:

    >>> s = Schema((("姓名", "person_name"), ("地址", "address")), identity="地址")
    >>> parse_text(s, "张某浙江省杭州市西湖区******")
    {'地址': '浙江省杭州市西湖区******', '姓名': '张某'}
    """
    t = normalize(text)
    out: dict[str, str] = {}
    for kind_id, shape in _SHAPES.items():  # longest shapes first, each span consumed once
        columns = [c for c, k in schema.columns if k == kind_id]
        if not columns:
            continue
        before, after = _BEFORE.get(kind_id, r"(?<![0-9A-Za-z*])"), _AFTER.get(kind_id, _EDGE)
        rx = re.compile(before + "(?:" + shape + ")" + after)
        for column, m in zip(columns, rx.finditer(t), strict=False):
            start = _address_start(t, m.start(), m.end()) if kind_id == "address" else m.start()
            out[column] = t[start : m.end()]
            t = t[:start] + " " * (m.end() - start) + t[m.end() :]
    return out


def _address_start(text: str, start: int, end: int) -> int:
    """Where an address found by shape really starts: the first division name in it.

    Chinese text has no spaces, so the shape also takes the characters glued before the
    address — a name (``张某``), a label (``住``). The address starts at the first
    division name (python-stdnum's list, :func:`boxguard.kinds.address.starts_with_division`)
    from which the rest still has the shape; with none, the whole match stays.

    >>> t = "张某浙江省杭州市西湖区****"
    >>> t[_address_start(t, 0, len(t)):]
    '浙江省杭州市西湖区****'
    >>> t = "住林区****"
    >>> t[_address_start(t, 0, len(t)):]
    '林区****'
    """
    from boxguard.kinds.address import starts_with_division

    shape = re.compile(_SHAPES["address"])
    for i in range(start, end):
        if text[i] == "*":
            break
        if starts_with_division(text, i) and shape.fullmatch(text, i, end):
            return i
    return start
