"""ADAPTER: the values of a JSON record (a JSONL line, a .json document) with their JSON paths.

What `scan`, `mask` and `unmask` read in a record: every string and number, nested
objects and arrays included, each with the key it is under (its hint, as a table's
column name is) and its JSON path (``$.customer.mobile``, ``$[3].items[0].phone``), the
location a finding is reported at. ``--field`` narrows a record to one key or path.
Never shows a value in an error: only keys and paths.

>>> doc = {"customer": {"mobile": 13812345678, "tags": ["vip", None]}, "ok": True}
>>> [(v.text, v.key, v.path) for v in leaves(doc)]
[('13812345678', 'mobile', '$.customer.mobile'), ('vip', 'tags', '$.customer.tags[0]')]
>>> rebuilt(doc, iter(["138****5678", "vip"]))
{'customer': {'mobile': '138****5678', 'tags': ['vip', None]}, 'ok': True}
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator, Sequence
from typing import NamedTuple

from boxguard.detect.table import json_step
from boxguard.errors import InputError

#: ``--field '*'``: every field of a record, each value read with its key's hints.
WHOLE = "*"
#: What an error says when a record has no field ``--field`` names.
FIELD_HINT = "--field names a key or a JSON path of each record"


class Leaf(NamedTuple):
    """A string or number of a record: its text, the key it is under, its JSON path."""

    text: str
    key: str | None
    path: str
    #: an object key read as text (it may hold a personal value), not a value
    is_key: bool = False


#: An object key that can hold nothing personal: a word of letters and underscores
#: (``name``, ``user_id``); any other key (``"13812345678"``, ``"张伟"``) is read as text.
_PLAIN_KEY = re.compile(r"[A-Za-z_]{1,64}")


def may_hold(key: str) -> bool:
    """Whether an object key may hold a personal value (a phone number used as a key).

    >>> may_hold("user_name"), may_hold("13812345678"), may_hold("张伟"), may_hold("")
    (False, True, True, False)
    """
    return bool(key) and not _PLAIN_KEY.fullmatch(key)


def leaves(value: object, path: str = "$", key: str | None = None) -> list[Leaf]:
    """The strings and numbers of ``value`` in order (a number as written: a phone number
    stored as one is still one); lists and objects walked, true/false/null skipped; a
    list's items are under the list's key. An object key that :func:`may_hold` a personal
    value is a leaf too, before its value, read as free text (key None); its path is its
    value's, key and all (what scan writes out masks a key that holds a finding:
    :func:`masked_key`).

    >>> [tuple(x[:3]) for x in leaves([{"手机": "13812345678"}, 1.5, False])]
    [('手机', None, '$[0].手机'), ('13812345678', '手机', '$[0].手机'), ('1.5', None, '$[1]')]
    >>> [tuple(x[:3]) for x in leaves({"13812345678": {"city": "北京"}})]
    [('13812345678', None, "$['13812345678']"), ('北京', 'city', "$['13812345678'].city")]
    """
    if isinstance(value, str):
        return [Leaf(value, key, path)]
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return [Leaf(json.dumps(value), key, path)]
    if isinstance(value, list):
        return [t for i, v in enumerate(value) for t in leaves(v, json_step(path, i), key)]
    if isinstance(value, dict):
        out: list[Leaf] = []
        for k, v in value.items():
            at = json_step(path, str(k))
            if may_hold(str(k)):
                out.append(Leaf(str(k), None, at, True))
            out += leaves(v, at, str(k))
        return out
    return []


def renamed_key(path: str, key: str, shown: str) -> str:
    """``path``, the path of a ``key`` that is a leaf itself, with ``shown`` (the key masked)
    as its last key: what scan writes out for a key that holds a finding.

    >>> renamed_key("$.user['13812345678']", "13812345678", "138****5678")
    "$.user['138****5678']"
    >>> renamed_key("$[2].张伟", "张伟", "张*")
    "$[2]['张*']"
    """
    step = json_step("", key)
    if not path.endswith(step):
        raise ValueError("not the path of that key")  # (leaves() writes it so: a bug here)
    return json_step(path[: -len(step)], shown)


def moved(path: str, renamed: Sequence[tuple[str, str]]) -> str:
    """``path`` with each ``(old, new)`` of ``renamed`` in turn: a path at ``old`` or below
    it starts with ``new`` instead.

    >>> moved("$['138'].city", [("$['138']", "$['1*']")]), moved("$.ab", [("$.a", "$.x")])
    ("$['1*'].city", '$.ab')
    """
    for old, new in renamed:
        if path.startswith(old) and path[len(old) : len(old) + 1] in ("", ".", "["):
            path = new + path[len(old) :]
    return path


def rebuilt(value: object, outs: Iterator[str]) -> object:
    """``value`` with each of its :func:`leaves` replaced by the next of ``outs``; a number
    that changed becomes a string (``"138****5678"``), one that did not stays a number. A
    rewritten key that another key of the object already has gets ``#2``, ``#3``… so that
    no value is lost (two phones masked alike).

    >>> rebuilt({"13812345678": 1, "13812340000": 2}, iter(["138*", "1", "138*", "2"]))
    {'138*': 1, '138*#2': 2}
    """
    if isinstance(value, str):
        return next(outs)
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        out = next(outs)
        return value if out == json.dumps(value) else out
    if isinstance(value, list):
        return [rebuilt(v, outs) for v in value]
    if isinstance(value, dict):
        obj: dict[str, object] = {}
        for k, v in value.items():
            key = next(outs) if may_hold(str(k)) else k
            if key != k:
                key = _unused(key, obj, value)
            obj[key] = rebuilt(v, outs)
        return obj
    return value


def _unused(key: str, *taken: dict[str, object]) -> str:
    """``key``, or ``key#2``, ``key#3``… the first that no mapping of ``taken`` holds."""
    n, found = 1, key
    while any(found in t for t in taken):
        n += 1
        found = f"{key}#{n}"
    return found


_STEP = re.compile(r"\.([^\W\d]\w*)|\[(\d+)\]|\['((?:[^'\\]|\\.)*)'\]")


def steps(path: str) -> list[str | int] | None:
    """The keys and indices of a JSON path as :func:`leaves` writes it; None if it is not one.

    >>> steps("$.customer.mobile"), steps("$[3].items[0]"), steps("$['a b']"), steps("$x")
    (['customer', 'mobile'], [3, 'items', 0], ['a b'], None)
    """
    if not path.startswith("$"):
        return None
    out: list[str | int] = []
    at = 1
    while at < len(path):
        m = _STEP.match(path, at)
        if m is None:
            return None
        key, index, quoted = m.groups()
        out.append(
            key if key is not None else int(index) if index is not None else _unquote(quoted)
        )
        at = m.end()
    return out


def _unquote(text: str) -> str:
    return re.sub(r"\\(.)", r"\1", text)


class Selected(NamedTuple):
    """The part of a record ``--field`` names: where it is, and the value."""

    path: str
    key: str | None
    value: object


def select(record: object, field: str) -> Selected | None:
    """What ``--field`` names in ``record``: the whole record (``*``), a top-level key, or a
    JSON path (``$.customer.mobile``); None when the record has no such part.

    >>> select({"text": "hi"}, "text"), select({"a": [{"b": 1}]}, "$.a[0].b")
    (Selected(path='$.text', key='text', value='hi'), Selected(path='$.a[0].b', key='b', value=1))
    >>> select({"a": 1}, "b") is None, select({"a": 1}, "*").path
    (True, '$')
    """
    if field == WHOLE:
        return Selected("$", None, record)
    if isinstance(record, dict) and field in record:
        return Selected(json_step("$", field), field, record[field])
    path = steps(field)
    if path is None:
        return None
    value, key = record, None
    for step in path:
        if isinstance(step, int) and isinstance(value, list) and 0 <= step < len(value):
            value = value[step]
        elif isinstance(step, str) and isinstance(value, dict) and step in value:
            value, key = value[step], step
        else:
            return None
        # a list's items are under the list's key
    return Selected(field, key, value)


def replaced(record: object, field: str, part: object) -> object:
    """``record`` with the part ``field`` selects (:func:`select`) replaced by ``part``."""
    if field == WHOLE:
        return part
    if isinstance(record, dict) and field in record:
        return {**record, field: part}
    path = steps(field)
    assert path is not None
    return _put(record, path, part)


def _put(value: object, path: list[str | int], part: object) -> object:
    if not path:
        return part
    step, rest = path[0], path[1:]
    if isinstance(value, list) and isinstance(step, int):
        return [_put(v, rest, part) if i == step else v for i, v in enumerate(value)]
    assert isinstance(value, dict)
    return {k: _put(v, rest, part) if k == step else v for k, v in value.items()}


def parse_document(text: str, source: str, line: int = 1) -> object:
    """A whole .json document (its first line numbered ``line``); an error names the line and
    column, never the text.

    >>> parse_document('[{"a": 1}]', "x.json")
    [{'a': 1}]
    >>> parse_document('{"a": 13812345678', "x.json")
    Traceback (most recent call last):
    ...
    boxguard.errors.InputError: x.json:1: not valid JSON (column 18)
    """
    try:
        return json.loads(text)
    except json.JSONDecodeError as err:
        where = f"{source}:{err.lineno + line - 1}"
        raise InputError(f"{where}: not valid JSON (column {err.colno})") from None
    except RecursionError:
        raise InputError(f"{source}: nested too deeply") from None


def parse_line(text: str, source: str, line: int) -> object:
    r"""JSONL line number ``line`` (its line break is not a line of its own for an error).

    >>> parse_line('{"a": "13812345678"\n', "x.jsonl", 7)
    Traceback (most recent call last):
    ...
    boxguard.errors.InputError: x.jsonl:7: not valid JSON (column 20)
    """
    return parse_document(text.rstrip("\r\n"), source, line)


def records(document: object) -> list[tuple[str, object]]:
    """The records of a .json document and their paths: an array's items, else the whole.

    >>> records([{"a": 1}, {"a": 2}]), records({"a": 1})
    ([('$[0]', {'a': 1}), ('$[1]', {'a': 2})], [('$', {'a': 1})])
    """
    if isinstance(document, list):
        return [(json_step("$", i), item) for i, item in enumerate(document)]
    return [("$", document)]


def under(base: str, path: str) -> str:
    """``path`` (of a record) as a path in the document whose record sits at ``base``.

    >>> under("$[3]", "$.items[0].phone"), under("$", "$.a")
    ('$[3].items[0].phone', '$.a')
    """
    return base + path[1:]
