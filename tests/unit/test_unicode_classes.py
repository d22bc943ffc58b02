"""The shipped tables of Python's ``\\d``, ``\\w`` and ``str.isdigit`` are Python's own."""

from __future__ import annotations

import re
import unicodedata

import pytest

from boxguard.kinds import _classes
from boxguard.kinds._classes import Table, computed, table


def _direct(name: Table) -> list[tuple[int, int]]:
    """The ranges, one code point at a time (the slow, obvious way)."""
    if name == "isdigit":
        ok = [chr(i).isdigit() for i in range(0x110000)]
    else:
        rx = re.compile(rf"\{name}")
        ok = [rx.match(chr(i)) is not None for i in range(0x110000)]
    out: list[tuple[int, int]] = []
    for i, yes in enumerate(ok):
        if yes:
            if out and out[-1][1] == i - 1:
                out[-1] = (out[-1][0], i)
            else:
                out.append((i, i))
    return out


@pytest.mark.parametrize("name", ["d", "w", "isdigit"])
def test_each_table_is_what_python_says_of_every_code_point(name: Table) -> None:
    assert list(computed(name)) == _direct(name)
    assert table(name) == computed(name)


def test_the_shipped_file_is_this_pythons_and_is_used(monkeypatch: pytest.MonkeyPatch) -> None:
    assert _classes._shipped()["unidata"] == unicodedata.unidata_version  # else: rebuild it

    def refuse(_name: Table) -> tuple[tuple[int, int], ...]:
        raise AssertionError("computed, not read")

    table.cache_clear()
    monkeypatch.setattr(_classes, "computed", refuse)
    try:
        assert (0x660, 0x669) in table("d")
    finally:
        table.cache_clear()


def test_another_unicode_database_computes_the_tables(monkeypatch: pytest.MonkeyPatch) -> None:
    table.cache_clear()
    monkeypatch.setattr(_classes, "_shipped", lambda: {"unidata": "0.0.0", "d": [[0, 0]]})
    try:
        assert table("d") == computed("d")
    finally:
        table.cache_clear()
