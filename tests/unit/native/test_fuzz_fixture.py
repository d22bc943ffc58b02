"""The engine fuzz target's fixture (native/fuzz/fuzz_targets/kinds_fixture.rs) is what
scripts/fuzz-engine-fixture writes from today's kinds: a kind whose rules changed without
the fixture being rewritten fails here, not silently in the fuzzer."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[3]


def test_the_committed_fuzz_fixture_matches_the_kinds() -> None:
    done = subprocess.run(
        [sys.executable, str(ROOT / "scripts" / "fuzz-engine-fixture"), "--check"],
        check=False,
        capture_output=True,
        text=True,
        cwd=ROOT,
    )
    assert done.returncode == 0, done.stdout + done.stderr
