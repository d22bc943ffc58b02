"""Identify the source of a leak: match rows, read bits, accuse, weigh canaries.

The one call a ``boxguard trace`` job makes once it has loaded a release's records
(identity tag, default-mask view, canary owner) and parsed the leaked rows:

>>> from boxguard.crypto.keys import Keyset
>>> from boxguard.trace.code import TardosCode
>>> from boxguard.trace.embed import Schema, baseline_row, release_row
>>> code = TardosCode.from_keyset(Keyset.generate())
>>> s = Schema((("手机", "cn_mobile"), ("身份证", "cn_resident_id")), identity="身份证")
>>> people = [canary(code, 10_000, i) for i in range(40)]  # any synthetic people will do
>>> rows = [{"手机": p["cn_mobile"], "身份证": p["cn_resident_id"]} for p in people]
>>> records = [(release_row(code, s, r, 0)[0], baseline_row(s, r), None) for r in rows]
>>> leak = [release_row(code, s, r, recipient=17)[1] for r in rows]
>>> report = identify(code, s, records, leak, recipients=range(1000))
>>> report.status, report.named, report.rows_matched
('named', (17,), 40)

It never names anyone from rows it cannot match, and never reads a personal value
beyond comparing masked characters.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from boxguard.trace.accuse import NAME_AT, SUSPECT_AT, Status, Verdict, accuse
from boxguard.trace.canary import CanaryHit, canary, weigh
from boxguard.trace.code import TardosCode
from boxguard.trace.embed import Matcher, Schema

__all__ = ["Report", "canary", "identify"]


@dataclass(frozen=True)
class Report:
    """A trace's outcome: the fingerprint verdict and the canary hits, combined."""

    status: Status
    named: tuple[int, ...]
    suspected: tuple[int, ...]
    rows: int
    rows_matched: int
    verdict: Verdict
    canaries: tuple[CanaryHit, ...]


def identify(
    code: TardosCode,
    schema: Schema,
    records: Iterable[tuple[int, Mapping[str, str], int | None]],
    leaked_rows: Iterable[Mapping[str, str]],
    recipients: Iterable[int],
    canaries_released: int = 0,
    name_at: float = NAME_AT,
    suspect_at: float = SUSPECT_AT,
) -> Report:
    """Who leaked ``leaked_rows`` among ``recipients``, from the release's ``records``.

    ``records``: (identity tag, default-mask row, canary owner or None) of every row
    released (canaries included); ``canaries_released``: how many canaries in all.
    """
    matcher = Matcher(schema, records)
    rows = list(leaked_rows)
    leak, hits = matcher.read(rows)
    verdict = accuse(code, leak, recipients, name_at, suspect_at)
    kinds = dict(schema.columns)
    found: list[CanaryHit] = []
    for row_index, record_index in hits:
        owner = matcher.records[record_index][2]
        if owner is not None:
            shown = {c: t for c, t in rows[row_index].items() if c in kinds}
            found.append(weigh(owner, record_index, shown, kinds, len(rows), canaries_released))
    by_canary = {h.recipient: h.p_list for h in sorted(found, key=lambda h: -h.p_list)}
    named = set(verdict.named) | {j for j, p in by_canary.items() if p <= name_at}
    suspected = (
        set(verdict.suspected) | {j for j, p in by_canary.items() if p <= suspect_at}
    ) - named
    status: Status = "named" if named else "suspected" if suspected else "inconclusive"
    return Report(
        status,
        tuple(sorted(named)),
        tuple(sorted(suspected)),
        len(rows),
        len(hits),
        verdict,
        tuple(found),
    )
