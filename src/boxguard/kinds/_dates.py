"""Parse a date as people write it, and write a new date back in the same format.

Used by the birth date's generalization and by the ``date_shift`` operator; stdlib only.

>>> d, fmt = parse_date("1990年1月2日")
>>> d.isoformat(), render_date(d.replace(day=28), fmt)
('1990-01-02', '1990年1月28日')
>>> render_date(*parse_date("19900102"))
'19900102'
>>> parse_date("1990-13-01") is None
True
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from boxguard.kinds._lazy import lazy_re

if TYPE_CHECKING:
    import datetime as dt

_FORMS = [
    lazy_re(r"^(?P<y>\d{4})(?P<s1>[-/.])(?P<m>\d{1,2})(?P<s2>[-/.])(?P<d>\d{1,2})$"),
    lazy_re(r"^(?P<y>\d{4})年(?P<m>\d{1,2})月(?P<d>\d{1,2})[日号]?$"),
    lazy_re(r"^(?P<y>\d{4})(?P<m>\d{2})(?P<d>\d{2})$"),
    lazy_re(r"^(?P<d>\d{1,2})(?P<s1>[-/.])(?P<m>\d{1,2})(?P<s2>[-/.])(?P<y>\d{4})$"),
]


def parse_date(text: str) -> tuple[dt.date, tuple[int, dict[str, str]]] | None:
    """The date and a format token, or None when ``text`` is not a date."""
    import datetime as dt  # here: a scan that reads no date never imports it

    text = text.strip()
    for i, rx in enumerate(_FORMS):
        m = rx.match(text)
        if m is None:
            continue
        g = m.groupdict()
        try:
            day = dt.date(int(g["y"]), int(g["m"]), int(g["d"]))
        except ValueError:
            return None
        pads = {"m2": "2" if len(g["m"]) == 2 else "1", "d2": "2" if len(g["d"]) == 2 else "1"}
        seps = {k: v for k, v in g.items() if k.startswith("s") and v is not None}
        suffix = {"suffix": text[-1]} if i == 1 and text[-1] in "日号" else {}
        return day, (i, {**pads, **seps, **suffix})
    return None


def render_date(day: dt.date, fmt: tuple[int, dict[str, str]]) -> str:
    i, opt = fmt
    m = f"{day.month:0{opt['m2']}d}"
    d = f"{day.day:0{opt['d2']}d}"
    if i == 0:
        return f"{day.year:04d}{opt['s1']}{m}{opt['s2']}{d}"
    if i == 1:
        return f"{day.year:04d}年{m}月{d}{opt.get('suffix', '')}"
    if i == 2:
        return f"{day.year:04d}{day.month:02d}{day.day:02d}"
    return f"{d}{opt['s1']}{m}{opt['s2']}{day.year:04d}"
