"""Where the tests find the corpora they did not write: CLUENER2020's training split
(beside the repository, or beside a worktree's parent) and the blind held-out corpus."""

from __future__ import annotations

from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
_CLUENER = Path("shared") / "data" / "cluener2020" / "train.jsonl"
#: CLUENER2020's training split (the file may be absent: tests that need it skip)
CLUENER = next(
    (p / _CLUENER for p in (ROOT.parent, ROOT.parent.parent) if (p / _CLUENER).exists()),
    ROOT.parent / _CLUENER,
)
#: the blind held-out corpus (bench/blind), written by an author who never saw the detector
BLIND = ROOT / "bench" / "blind" / "heldout.jsonl"
