"""Apply operators to the findings in a text, leaving every other character as it was.

>>> from boxguard import Scanner
>>> from boxguard.transform.base import Context
>>> from boxguard.transform.mask import Mask
>>> text = "客户手机：13812345678，谢谢"
>>> found = Scanner(kinds=["cn_mobile"]).scan(text)
>>> apply_to_text(text, found, lambda f: Mask(), Context())
'客户手机：138****5678，谢谢'
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from boxguard.detect.finding import Finding
from boxguard.kinds import get_kind
from boxguard.transform.base import Context, Operator


def apply_to_text(
    text: str,
    findings: Sequence[Finding],
    choose: Callable[[Finding], Operator],
    ctx: Context,
    offset: int = 0,
) -> str:
    """Replace each finding's span with its operator's output (findings must not overlap).

    ``offset``: where ``text`` starts in the text the findings' offsets count in (a piece
    of a longer text).
    """
    out: list[str] = []
    pos = 0
    for f in sorted(findings, key=lambda f: f.start):
        start = f.start - offset
        if start < pos:
            continue  # overlapping findings: the scanner resolves these; be safe anyway
        out.append(text[pos:start])
        out.append(choose(f).apply(f.value, get_kind(f.kind), ctx))
        pos = f.end - offset
    out.append(text[pos:])
    return "".join(out)
