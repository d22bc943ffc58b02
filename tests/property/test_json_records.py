"""Property tests: JSON paths written for a record's values lead back to those values, and
rewriting a record with its own values gives the record back."""

from __future__ import annotations

import json

from hypothesis import given
from hypothesis import strategies as st

from boxguard.detect.table import json_step, path_key
from boxguard.io.records import Leaf, leaves, moved, rebuilt, renamed_key, replaced, select, steps

KEYS = st.text(min_size=1, max_size=6)
SCALARS = st.none() | st.booleans() | st.integers() | st.text(max_size=8)
SCALARS |= st.floats(allow_nan=False, allow_infinity=False)
VALUES = st.recursive(
    SCALARS,
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(KEYS, inner, max_size=4),
    max_leaves=20,
)


@given(KEYS)
def test_a_key_written_in_a_path_is_read_back(key: str) -> None:
    path = json_step(json_step("$", "a"), key)
    assert path_key(path) == key
    assert path_key(json_step(path, 3)) == key  # a list's items: the list's key
    assert steps(path) == ["a", key]


def _values(found: list[Leaf]) -> list[Leaf]:
    """The leaves that are values: not keys that may hold a value (read as text, at their
    value's path)."""
    return [x for x in found if not x.is_key]


@given(VALUES)
def test_every_leaf_path_selects_that_leaf(value: object) -> None:
    found = leaves(value)
    for leaf in found:
        assert not leaf.is_key or leaf.key is None  # a key is read as free text
    for leaf in _values(found):
        got = select(value, leaf.path)
        assert got is not None, leaf.path
        shown = got.value if isinstance(got.value, str) else json.dumps(got.value)
        assert shown == leaf.text
        assert got.key == leaf.key


@given(VALUES)
def test_a_record_rebuilt_from_its_own_values_is_unchanged(value: object) -> None:
    assert rebuilt(value, iter([x.text for x in leaves(value)])) == value


@given(st.dictionaries(KEYS, VALUES, min_size=1, max_size=4), st.data())
def test_replacing_what_a_path_selects_changes_only_that(
    record: dict[str, object], data: st.DataObject
) -> None:
    found = leaves(record)
    if not _values(found):
        return
    leaf = data.draw(st.sampled_from(_values(found)))
    out = replaced(record, leaf.path, "X")
    after = select(out, leaf.path)
    assert after is not None
    assert after.value == "X"
    assert [x.path for x in leaves(out)] == [x.path for x in found]
    changed = [
        x.path for x, y in zip(found, leaves(out), strict=True) if x.text != y.text and not x.is_key
    ]
    assert changed in ([], [leaf.path])


def _steps(path: str) -> list[str | int]:
    got = steps(path)
    assert got is not None, path
    return got


@given(VALUES, KEYS, st.data())
def test_a_key_renamed_moves_exactly_the_paths_below_it(
    value: object, shown: str, data: st.DataObject
) -> None:
    found = leaves({"k": value})
    keys = [x for x in found if x.is_key]
    if not keys:
        return
    key = data.draw(st.sampled_from(keys))
    new = renamed_key(key.path, key.text, shown)
    at = _steps(key.path)
    assert _steps(new) == [*at[:-1], shown]
    for leaf in found:
        got = moved(leaf.path, [(key.path, new)])
        below = _steps(leaf.path)[: len(at)] == at
        assert (got != leaf.path) == (below and shown != key.text)
        if below:
            assert _steps(got) == [*_steps(new), *_steps(leaf.path)[len(at) :]]
