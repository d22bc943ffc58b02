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

import dataclasses
import re
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


#: A found value shorter than this is not looked for again (4821 inside 14821 is no repeat).
REPEAT_MIN = 4


def with_repeats(text: str, findings: Sequence[Finding]) -> list[Finding]:
    """``findings`` and every other place in ``text`` where a found value is written again,
    whole (not inside a longer run of letters or digits) and outside every finding.

    A booking locator found after a passenger's name is masked in the remarks line too; a
    name found once in a chat is masked wherever the chat repeats it. DLP tools call this
    consistent masking; a value the detector proved personal once is personal everywhere.

    >>> from boxguard import Scanner
    >>> text = "PNR 5UEZ8M 订座 … RMK 5UEZ8M / X5UEZ8MX"
    >>> found = Scanner(kinds=["pnr_code"], models=()).scan(text)
    >>> [(f.start, f.evidence[-1]) for f in with_repeats(text, found)]
    [(4, 'context:PNR'), (20, 'repeat')]
    """
    out = list(findings)
    taken = bytearray(len(text))  # 1 where a finding (or a repeat already added) stands
    for f in findings:
        taken[f.start : f.end] = b"\x01" * (f.end - f.start)
    first = {f.value: f for f in findings if len(f.value) >= REPEAT_MIN}
    for value, f in first.items():
        if text.count(value) < 2:
            continue  # only the finding itself: the common case, no regex needed
        before = r"(?<![0-9A-Za-z])" if value[:1].isalnum() and value[:1].isascii() else ""
        after = r"(?![0-9A-Za-z])" if value[-1:].isalnum() and value[-1:].isascii() else ""
        for m in re.finditer(before + re.escape(value) + after, text):
            if any(taken[m.start() : m.end()]):
                continue
            taken[m.start() : m.end()] = b"\x01" * (m.end() - m.start())
            out.append(
                dataclasses.replace(
                    f, start=m.start(), end=m.end(), evidence=(*f.evidence, "repeat")
                )
            )
    return sorted(out, key=lambda f: f.start)
