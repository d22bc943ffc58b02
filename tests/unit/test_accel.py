"""``BOXGUARD_NATIVE`` turns the native core off with any usual spelling of "no"."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

from boxguard.accel import native


@pytest.mark.skipif(native is None, reason="the native core is not built")
@pytest.mark.parametrize(
    ("value", "off"),
    [("0", True), ("false", True), ("No", True), (" off ", True), ("1", False), ("", False)],
)
def test_the_variable_turns_the_core_off(value: str, off: bool) -> None:
    env = {**os.environ, "BOXGUARD_NATIVE": value}
    code = "from boxguard.accel import native; print(native is None)"
    out = subprocess.run(
        [sys.executable, "-c", code], env=env, capture_output=True, text=True, check=True
    )
    assert out.stdout.strip() == str(off), out.stderr
