"""Write ``src/boxguard/data/unicode_classes.json``: the code points of Python's ``\\d``,
``\\w`` (Unicode mode) and ``str.isdigit``, as ranges, for this Python's Unicode database.

A process whose Python has another Unicode database computes them instead (slower to start,
the same answers). Run: ``.venv/bin/python scripts/build_unicode_classes.py``.
"""

from __future__ import annotations

import json
import unicodedata
from pathlib import Path

from boxguard.kinds._classes import computed

OUT = Path(__file__).resolve().parents[1] / "src" / "boxguard" / "data" / "unicode_classes.json"


def main() -> int:
    tables: dict[str, object] = {"unidata": unicodedata.unidata_version}
    for name in ("d", "w", "isdigit"):
        tables[name] = [list(r) for r in computed(name)]
    OUT.write_text(json.dumps(tables, separators=(",", ":")) + "\n", "utf-8")
    print(f"{OUT}: Unicode {unicodedata.unidata_version}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
