"""Text normalization at the bottom of the layers: full-width folding, lone surrogates.

Every layer above (kinds, detect, transform, the adapters) may use it; it imports
nothing of boxguard's but :mod:`boxguard.errors`, and must never import more.

The fold is one code point for one code point, so an offset into the
normalized text is the same offset into the original: no map back is
needed, and findings always point into the text as given.

>>> fold("手机：１３８１２３４５６７８")
'手机:13812345678'
>>> len(fold("ＡＢＣ　１")) == len("ＡＢＣ　１")
True
"""

from __future__ import annotations

import re
from collections.abc import Sequence

_TABLE = {cp: cp - 0xFEE0 for cp in range(0xFF01, 0xFF5F)}
_TABLE[0x3000] = 0x20  # ideographic space
_TABLE[0x2014] = 0x2D  # em dash used as a separator in numbers
_TABLE[0x2013] = 0x2D  # en dash
_TABLE[0x2212] = 0x2D  # minus sign
_TABLE[0x00A0] = 0x20  # no-break space


#: Any character the table changes. A text holds few distinct ones (often only "，" and "："),
#: and one C-speed replace per distinct character is ~3× faster than ``str.translate``, which
#: looks every character up in a dict.
_FOLDABLE = re.compile("[" + "".join(re.escape(chr(cp)) for cp in sorted(_TABLE)) + "]")
_TO = {chr(k): chr(v) for k, v in _TABLE.items()}


def fold(text: str) -> str:
    """Return ``text`` with full-width ASCII and odd spaces/dashes folded, same length."""
    if text.isascii():
        return text
    # one replace per distinct character: after it, the search resumes where that
    # character was first seen (a folded character is ASCII and never matches again)
    m = _FOLDABLE.search(text)
    while m is not None:
        ch = m.group()
        text = text.replace(ch, _TO[ch])
        m = _FOLDABLE.search(text, m.start())
    return text


def fold_many(texts: Sequence[str]) -> list[str]:
    """``[fold(t) for t in texts]``, folding them joined (one pass instead of one per text).

    >>> fold_many(["１３８", "", "ａ：b"])
    ['138', '', 'a:b']
    """
    joined = "\n".join(texts)
    folded = fold(joined)  # "\n" is not folded and the fold keeps lengths
    if joined.count("\n") == len(texts) - 1:  # no text holds a "\n" of its own
        return folded.split("\n")
    out, pos = [], 0
    for t in texts:
        out.append(folded[pos : pos + len(t)])
        pos += len(t) + 1
    return out


_SURROGATE = re.compile("[\ud800-\udfff]")


def replace_surrogates(text: str) -> tuple[str, int]:
    """``text`` with each lone surrogate (JSON's ``\\ud83d`` of a cut emoji) as U+FFFD, and
    how many: the same length, so offsets hold, and the text encodes to UTF-8 (crfsuite and
    ONNX need it).

    >>> replace_surrogates("a" + chr(0xD83D) + "b") == ("a" + chr(0xFFFD) + "b", 1)
    True
    >>> replace_surrogates("无")
    ('无', 0)
    """
    return _SURROGATE.subn("\ufffd", text) if _SURROGATE.search(text) else (text, 0)
