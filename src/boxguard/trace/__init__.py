"""Trace: fingerprinted releases that name the source of a leak (pure core).

``code`` (keyed Tardos code, on demand) → ``embed`` (which rendering of each masked
value a recipient gets; reading it back) → ``accuse`` (symmetric Tardos scores, exact
Chernoff bound, verdict) and ``canary`` (keyed fictitious people per recipient) →
``identify`` (the whole trace of a leak). Design and measurements: ``docs/trace.md``.

This package imports no database, dataframe, web or CLI library, stores nothing and
never logs a value; jobs load and save what it returns.
"""

from __future__ import annotations

from boxguard.trace.accuse import Observations, Verdict, accuse
from boxguard.trace.canary import canary, canary_row
from boxguard.trace.code import TardosCode, record_tag
from boxguard.trace.embed import (
    Matcher,
    Schema,
    baseline_row,
    parse_text,
    read_row,
    release_row,
    release_rows,
)
from boxguard.trace.identify import Report, identify

__all__ = [
    "Matcher",
    "Observations",
    "Report",
    "Schema",
    "TardosCode",
    "Verdict",
    "accuse",
    "baseline_row",
    "canary",
    "canary_row",
    "identify",
    "parse_text",
    "read_row",
    "record_tag",
    "release_row",
    "release_rows",
]
