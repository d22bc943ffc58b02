"""JOB: ``boxguard trace`` — name the recipient a leaked copy came from.

The leak is a file of rows (any table ``read_rows`` reads: its columns are matched by
name) or text (a chat paste: each line parsed by shape, :func:`boxguard.trace.parse_text`).
For every dataset released, the stored records (tag, default-mask view, canary owner)
are matched against the leak and :func:`boxguard.trace.identify` scores every
recipient ever released to; the dataset with the strongest outcome is reported. A
canary's unmasked mobile, ID or card number seen anywhere in the leak is a canary hit
naming its recipient. A leak nothing matches is *inconclusive*: no name is ever given
without the bound. The trace is audited (``trace``; fail closed). :func:`canary_watch`
gives ``scan`` the canary numbers to watch for. Never prints or exits.
"""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path

from boxguard.audit.events import AuditEvent
from boxguard.dburl import database_exists
from boxguard.errors import InputError
from boxguard.io.rows import ROW_SUFFIXES, read_rows
from boxguard.jobs.guard import GuardOptions, GuardWiring, guard_session
from boxguard.jobs.release import guard_store
from boxguard.trace import Report, Schema, TardosCode, identify, parse_text
from boxguard.trace.accuse import NAME_AT, SUSPECT_AT, Status
from boxguard.trace.canary import full_bound, full_values

_RANK = {"named": 0, "suspected": 1, "inconclusive": 2}


@dataclass(frozen=True)
class Suspect:
    """A recipient's line: score, bound for this recipient, list-wide bound, canary hits."""

    id: str
    score: float
    p_innocent: float
    p_list: float
    canary_hits: int = 0
    #: named by the fingerprint or by a canary
    named: bool = False


@dataclass(frozen=True)
class TraceResult:
    """The outcome of a trace, best suspect first."""

    verdict: str
    recipients: tuple[Suspect, ...]
    rows: int
    records_matched: int
    canary_hits: tuple[str, ...]
    event: int

    @property
    def named(self) -> tuple[str, ...]:
        return tuple(s.id for s in self.recipients if s.named)


def leaked_text(leak: Path) -> tuple[list[dict[str, str]] | None, str]:
    """(rows, text) of a leak: rows for a table file, else ``None`` and its text."""
    if leak.is_dir():
        raise InputError(f"{leak}: a folder; trace takes one leaked copy (a file)")
    if not leak.is_file():
        raise InputError(f"{leak}: no such file")
    if leak.suffix.lower() in ROW_SUFFIXES:
        rows = read_rows(leak)
        return rows, "\n".join("  ".join(r.values()) for r in rows)
    # another encoding reads as replacement characters: nothing matches, inconclusive
    return None, leak.read_bytes().decode("utf-8", errors="replace")


def _rows_for(schema: Schema, rows: list[dict[str, str]] | None, text: str) -> list[dict[str, str]]:
    names = {c for c, _ in schema.columns}
    if rows is not None and rows and len(names & set(rows[0])) >= 2:
        return [{c: v for c, v in r.items() if c in names and v.strip()} for r in rows]
    parsed = (parse_text(schema, line) for line in text.splitlines() if line.strip())
    return [p for p in parsed if len(p) >= 2]


def trace(
    leak: Path,
    *,
    actor: str = "cli",
    opts: GuardOptions | None = None,
    wiring: GuardWiring,
) -> TraceResult:
    """Who leaked ``leak`` (see the module docstring)."""
    rows, text = leaked_text(leak)
    compact = re.sub(r"[\s\-]", "", text).upper()
    with guard_session(opts or GuardOptions(), wiring) as guard:
        store = guard_store(guard)
        names = store.recipients()
        if not names:
            raise InputError("nothing was released from this database: no copy to trace to")
        groups: dict[tuple[str, str, float], list[int]] = defaultdict(list)
        schemas: dict[tuple[str, str, float], Schema] = {}
        canaries: dict[tuple[str, str, float], int] = defaultdict(int)
        for rel in store.releases():
            key = (rel.dataset, rel.key_id, rel.cutoff)
            cols = rel.schema["columns"]
            assert isinstance(cols, list)
            schemas[key] = Schema(
                tuple((str(c), str(k)) for c, k in cols), identity=str(rel.schema["identity"])
            )
            groups[key].append(rel.code_index)
            canaries[key] += rel.canaries
        best: Report | None = None
        best_rows = 0
        hits: dict[int, int] = defaultdict(int)
        bounds: dict[int, float] = {}  # canary evidence: list-wide bound per recipient
        positions = sum(c.isdigit() or c == "X" for c in compact)
        per_recipient = max((r.canaries for r in store.releases()), default=0)
        for key, schema in schemas.items():
            code = TardosCode.from_keyset(guard.keyset, key[1], key[2])
            leaked = _rows_for(schema, rows, text)
            report = identify(
                code,
                schema,
                store.records(key[0]),
                leaked,
                recipients=sorted(names),
                canaries_released=canaries[key],
            )
            for h in report.canaries:
                hits[h.recipient] += 1
                bounds[h.recipient] = min(bounds.get(h.recipient, 1.0), h.p_list)
            seen: dict[tuple[int, int], list[str]] = defaultdict(list)
            watched = full_values(code, sorted(set(groups[key])), per_recipient)
            for value, canary_of in watched.items():
                if value in compact:
                    hits[canary_of[0]] += 1
                    seen[canary_of].append(value)
            for (owner, _), values in seen.items():
                p = full_bound(values, positions, len(set(groups[key])) * per_recipient)
                bounds[owner] = min(bounds.get(owner, 1.0), p)
                if p <= SUSPECT_AT:
                    report = _with(report, owner, named=p <= NAME_AT)
            if best is None or _strength(report) < _strength(best):
                best, best_rows = report, len(leaked)
        verdict = best.status if best is not None else "inconclusive"
        if best is not None and best.status == "inconclusive" and hits:
            verdict = "suspected"
        suspects = _suspects(best, names, hits, bounds)
        event = guard.recorder.append(
            AuditEvent(
                action="trace",
                actor=actor,
                outcome="ok",
                fields=tuple(s.id for s in suspects if s.p_list <= 1e-2 or s.canary_hits)[:8],
                reference=f"verdict:{verdict}",
            )
        )
    return TraceResult(
        verdict,
        suspects,
        best_rows,
        best.rows_matched if best is not None else 0,
        tuple(names[j] for j in sorted(hits)),
        event.seq,
    )


def _strength(report: Report) -> tuple[int, float]:
    top = report.verdict.ranking[0].p_list if report.verdict.ranking else 1.0
    return _RANK[report.status], top


def _with(report: Report, owner: int, *, named: bool) -> Report:
    """``report`` with ``owner`` named (or suspected) by a canary seen in full."""
    from dataclasses import replace

    if not named:
        if owner in report.named or owner in report.suspected:
            return report
        status: Status = "named" if report.named else "suspected"
        return replace(report, status=status, suspected=tuple(sorted({*report.suspected, owner})))
    names = tuple(sorted({*report.named, owner}))
    return replace(
        report,
        status="named",
        named=names,
        suspected=tuple(j for j in report.suspected if j not in names),
    )


def _suspects(
    report: Report | None,
    names: dict[int, str],
    hits: dict[int, int],
    bounds: dict[int, float],
) -> tuple[Suspect, ...]:
    if report is None:
        return ()
    named, suspected = set(report.named), set(report.suspected)
    lines = [
        Suspect(
            names.get(a.recipient, str(a.recipient)),
            a.score,
            a.p_innocent,
            min(a.p_list, bounds.get(a.recipient, 1.0)),  # the fingerprint's or a canary's
            hits.get(a.recipient, 0),
            a.recipient in named,
        )
        for a in report.verdict.ranking
    ]
    order = {names.get(j, str(j)): 0 for j in named} | {names.get(j, str(j)): 1 for j in suspected}
    return tuple(sorted(lines, key=lambda s: (order.get(s.id, 2), -s.canary_hits, -s.score)))


#: Kinds whose unmasked canary values are watched for (a canary's numbers).
WATCHED_KINDS = ("cn_mobile", "cn_resident_id", "bank_card")


def canary_watch(wiring: GuardWiring, db: str | None = None) -> dict[str, str]:
    """Every canary's unmasked mobile, ID and card number (compact) → its recipient's id.

    For ``scan``: a canary number seen anywhere is a canary hit naming its recipient.
    Built from the releases recorded in the guard's database under the keyset here;
    empty when there is no keyset, no database or no release — it never creates a
    database, never migrates one and never writes.
    """
    from boxguard.errors import BoxguardError
    from boxguard.io.keys import load_keyset
    from boxguard.storage import connect
    from boxguard.storage.releases import SqlReleaseStore

    settings = wiring.current()
    try:
        keyset = load_keyset(settings.keys)
    except BoxguardError:
        return {}
    url = db or settings.db_url
    if keyset is None or not database_exists(url):
        return {}
    try:
        engine = connect(url)
    except BoxguardError:  # a database that cannot be opened: nothing to watch
        return {}
    try:
        store = SqlReleaseStore(engine)
        releases, names = store.releases(), store.recipients()
    except BoxguardError:  # an older database, no release table: nothing to watch
        return {}
    finally:
        engine.dispose()
    groups: dict[tuple[str, float], set[int]] = defaultdict(set)
    per_recipient = max((r.canaries for r in releases), default=0)
    for rel in releases:
        groups[(rel.key_id, rel.cutoff)].add(rel.code_index)
    out: dict[str, str] = {}
    for (key_id, cutoff), indices in groups.items():
        try:
            code = TardosCode.from_keyset(keyset, key_id, cutoff)
        except (BoxguardError, KeyError):  # released under a key this keyset no longer holds
            continue
        for value, (owner, _) in full_values(code, sorted(indices), per_recipient).items():
            out[value] = names.get(owner, str(owner))
    return out


def canary_owner(watch: dict[str, str], kind: str | None, value: str) -> str | None:
    """The recipient whose canary ``value`` (a found mobile, ID or card) is, if any;
    ``kind`` ``None``: a value of any watched kind.

    >>> canary_owner({"17403436218": "south"}, "cn_mobile", "174-0343-6218")
    'south'
    >>> canary_owner({"17403436218": "south"}, None, "174 0343 6218")
    'south'
    >>> canary_owner({"17403436218": "south"}, "cn_mobile", "13812345678") is None
    True
    """
    if kind is None:
        owners = (canary_owner(watch, k, value) for k in WATCHED_KINDS)
        return next((o for o in owners if o is not None), None)
    if kind not in WATCHED_KINDS or not watch:
        return None
    from boxguard.errors import ValidationError
    from boxguard.kinds import get_kind

    validate = get_kind(kind).validate
    try:
        compact = validate(value) if validate else value
    except ValidationError:
        compact = value
    return watch.get(re.sub(r"[\s\-]", "", compact).upper())
