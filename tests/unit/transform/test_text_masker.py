"""Desensitizer.stream(): a text fed in pieces comes out as Desensitizer.text would make it."""

from __future__ import annotations

import itertools

from hypothesis import given, settings
from hypothesis import strategies as st
from tests.unit.test_scanner import LONG

from boxguard import Scanner
from boxguard.detect import scanner as scanner_mod
from boxguard.transform import Context
from boxguard.transform.engine import Desensitizer
from boxguard.transform.policy import load_policy

ENGINE = Desensitizer(Scanner(models=()), load_policy("default: mask"), Context())


@settings(max_examples=30)
@given(st.lists(st.integers(0, len(LONG)), max_size=10))
def test_pieces_are_masked_as_the_whole_text(cuts: list[int]) -> None:
    saved = scanner_mod.WINDOW, scanner_mod.MARGIN
    scanner_mod.WINDOW, scanner_mod.MARGIN = 300, 120
    try:
        whole = ENGINE.text(LONG)
        stream = ENGINE.stream()
        parts = []
        for a, b in itertools.pairwise([0, *sorted(cuts), len(LONG)]):
            parts.append(stream.feed(LONG[a:b]))
        parts.append(stream.close())
    finally:
        scanner_mod.WINDOW, scanner_mod.MARGIN = saved
    assert "".join(parts) == whole
    assert whole != LONG


def test_masked_text_is_handed_out_before_the_end() -> None:
    saved = scanner_mod.WINDOW, scanner_mod.MARGIN
    scanner_mod.WINDOW, scanner_mod.MARGIN = 300, 120
    try:
        stream = ENGINE.stream()
        early = "".join(stream.feed(LONG[at : at + 100]) for at in range(0, len(LONG), 100))
        rest = stream.close()
    finally:
        scanner_mod.WINDOW, scanner_mod.MARGIN = saved
    assert len(early) > len(rest) > 0
