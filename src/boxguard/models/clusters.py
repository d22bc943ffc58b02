"""Character clusters: which characters are used alike, learnt from unlabelled text.

A name's given characters (伟, 娜, 芳...) share neighbours that a verb's or a
unit's do not. Each character is described by the characters seen ±1 and ±2
around it (positive pointwise mutual information), projected on the 100 main
directions of that matrix, and the characters are grouped by k-means (cosine)
into ``K`` clusters. The CRF then reads the cluster of a character and of its
neighbours as features, so a character seldom or never seen in a labelled name
still inherits what its cluster taught (Brown-cluster features, built with NumPy).

The shipped table (``data/char_clusters.tsv``) was built by
``scripts/build_char_clusters.py`` from the text (never the labels) of CLUENER's
non-held-out lines and MSRA NER's training split. Measured by 3-fold
cross-validation on CLUENER's non-held-out side (held-out never read), person /
organization F1 of the CRF:

=====================================  ===============  ===============
training                               without          with clusters
=====================================  ===============  ===============
CLUENER                                0.678 / 0.734    0.706 / 0.740
CLUENER + MSRA's names (default)       0.730 / 0.727    0.737 / 0.729
CLUENER + LAC's word tags (accurate)   0.770 / 0.759    0.769 / 0.760
=====================================  ===============  ===============

So the default model reads them and the accurate one does not. On the 860-line
tuning slice used before, K=100 and K=400 did no better than K=200 (person 0.736,
0.734 vs 0.741, CLUENER only), nor did six cluster features instead of three (0.736).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping
from functools import lru_cache
from importlib import resources

#: Clusters in the shipped table; a character outside it is in cluster ``K`` ("unknown").
K = 200
#: Offsets of the context characters that describe a character.
OFFSETS = (-2, -1, 1, 2)
#: Characters seen fewer times than this get no cluster; the most frequent ``CONTEXTS``
#: characters are the context columns; ``DIMENSIONS`` directions are kept.
MIN_COUNT, CONTEXTS, DIMENSIONS = 3, 3000, 100
_PAD = "\x02"


def build(texts: Iterable[str], k: int = K, seed: int = 0, iterations: int = 30) -> dict[str, int]:
    """Cluster the characters of ``texts`` into ``k`` groups (deterministic for a seed).

    >>> table = build(["张伟说", "李娜说", "王芳说", "他们说", "我们说"] * 3, k=2)
    >>> table["伟"] == table["娜"] == table["芳"]
    True
    """
    import numpy as np  # building only: reading the shipped table needs none (start-up)

    texts = list(texts)
    freq = Counter(c for t in texts for c in t)
    vocab = [c for c, n in freq.most_common() if n >= MIN_COUNT]
    if not vocab:
        return {}
    contexts = [c for c, _ in freq.most_common(CONTEXTS)]
    row = {c: i for i, c in enumerate(vocab)}
    col = {c: i for i, c in enumerate(contexts)}
    pad = _PAD * max(map(abs, OFFSETS))
    joined = pad + pad.join(texts) + pad
    rows = np.array([row.get(c, -1) for c in joined], dtype=np.int64)
    cols = np.array([col.get(c, -1) for c in joined], dtype=np.int64)
    width = len(contexts)
    counts = np.zeros((len(vocab), len(OFFSETS) * width), dtype=np.float64)
    n = len(joined)
    for slot, off in enumerate(OFFSETS):
        lo, hi = max(0, -off), n - max(0, off)
        r, c = rows[lo:hi], cols[lo + off : hi + off]
        keep = (r >= 0) & (c >= 0)
        np.add.at(counts, (r[keep], slot * width + c[keep]), 1.0)
    total = counts.sum()
    expected = counts.sum(1, keepdims=True) * counts.sum(0, keepdims=True) / max(total, 1.0)
    with np.errstate(divide="ignore", invalid="ignore"):
        ppmi = np.where(counts > 0, np.log(counts / np.where(expected > 0, expected, 1.0)), 0.0)
    ppmi = np.maximum(ppmi, 0.0)
    # the main directions through the smaller Gram matrix: P v = sigma u, P P^T u = sigma^2 u
    values, vectors = np.linalg.eigh(ppmi @ ppmi.T)
    d = min(DIMENSIONS, int((values > values[-1] * 1e-9).sum()))  # no rounding-noise directions
    emb = vectors[:, -d:] * np.sqrt(values[-d:])
    emb /= np.linalg.norm(emb, axis=1, keepdims=True) + 1e-12
    k = min(k, len(vocab))
    centres = emb[np.random.default_rng(seed).choice(len(emb), k, replace=False)]
    labels = np.zeros(len(vocab), dtype=np.int64)
    for _ in range(iterations):
        labels = np.argmax(emb @ centres.T, axis=1)
        for j in range(k):
            members = emb[labels == j]
            if len(members):
                centre = members.mean(axis=0)
                centres[j] = centre / (np.linalg.norm(centre) + 1e-12)
    return {c: int(j) for c, j in zip(vocab, labels, strict=True)}


def dumps(table: Mapping[str, int]) -> str:
    """The table as text: a character and its cluster a line (code point order).

    >>> dumps({"伟": 3, "一": 0})
    '一\\t0\\n伟\\t3\\n'
    """
    return "".join(f"{c}\t{j}\n" for c, j in sorted(table.items()))


@lru_cache(maxsize=1)
def shipped() -> dict[str, int]:
    """The shipped table: character -> cluster in [0, K).

    >>> table = shipped()
    >>> len(table) > 3000 and all(0 <= j < K for j in table.values())
    True
    """
    text = resources.files("boxguard").joinpath("data/char_clusters.tsv").read_text("utf-8")
    return {c: int(j) for c, _, j in (line.partition("\t") for line in text.splitlines())}
