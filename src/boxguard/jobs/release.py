"""JOB: ``boxguard release`` — the fingerprinted, masked copy of a table for one recipient.

The columns the detector classifies as a kind with a trace channel (name, mobile,
resident ID, bank card, birth date, address) *and* that the recipient's policy shows
partly (``mask`` / ``generalize``) are rendered by :func:`boxguard.trace.release_rows`:
the fingerprinted rendering *is* their mask. Every other column goes through the
policy's :class:`~boxguard.transform.engine.Desensitizer`. A few canary rows (keyed
fictitious people; their other columns keyed too, never a real person's value:
:func:`boxguard.trace.canary.canary_cell`; then desensitized) are slipped in at keyed
places. The audit event ``release`` is appended first (fail closed: nothing is stored
or written when it cannot be), then the release and its records (tag, default-mask
view, canary owner — never an unmasked value) are stored, then the copy is written
atomically. It never prints and never exits.
"""

from __future__ import annotations

import hashlib
import hmac
import random
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from boxguard.access import check_line
from boxguard.audit.events import AuditEvent
from boxguard.errors import InputError
from boxguard.io.policies import read_policy
from boxguard.io.rows import WRITE_SUFFIXES, read_rows, write_rows
from boxguard.jobs import Notify, quiet
from boxguard.jobs.guard import DEFAULT_POLICY, Guard, GuardOptions, GuardWiring, guard_session
from boxguard.trace import Schema, TardosCode, baseline_row, canary_row, release_rows
from boxguard.trace.canary import canary_cell
from boxguard.trace.embed import CHANNELS, identity_tag
from boxguard.transform.base import Context
from boxguard.transform.engine import Desensitizer
from boxguard.vault.importer import classify

if TYPE_CHECKING:
    from boxguard.storage.releases import SqlReleaseStore

#: Canary rows added to each release.
CANARIES = 3
#: Kinds that may identify a record, in order of preference.
IDENTITY_KINDS = ("cn_resident_id", "cn_mobile", "bank_card")
#: Operators whose output a fingerprinted rendering may replace (they show part of a value).
TRACEABLE_OPS = frozenset({"mask", "generalize"})
PURPOSE_DATASET = "boxguard/trace/dataset"


@dataclass(frozen=True)
class ReleaseResult:
    """What a release did: where, to whom, how many rows, which columns carry the mark."""

    recipient: str
    code_index: int
    dataset: str
    rows: int
    canaries: int
    traced: tuple[str, ...]
    out: Path
    event: int


def release(
    data: Path,
    *,
    to: str,
    out: Path,
    policy: str = DEFAULT_POLICY,
    actor: str = "cli",
    canaries: int = CANARIES,
    opts: GuardOptions | None = None,
    wiring: GuardWiring,
    notify: Notify = quiet,
) -> ReleaseResult:
    """Write ``out``: ``data`` masked by ``policy`` and fingerprinted for recipient ``to``."""
    to = check_line(to.strip(), "recipient id", 64)  # a line break would forge a recipient
    if not to:
        raise InputError("--to: a recipient id is needed")
    _check_out(data, out)
    rows = read_rows(data)
    if not rows:
        raise InputError(f"{data}: no rows to release")
    columns = list(rows[0])
    pol = read_policy(policy)
    scanner = wiring.scanner()
    kinds = {c.column: c.kind for c in classify(rows, scanner) if c.kind is not None}
    traced = tuple(
        (c, kinds[c])
        for c in columns
        if kinds.get(c) in CHANNELS and pol.decide(kinds[c], column=c).op in TRACEABLE_OPS
    )
    ids = [c for kind in IDENTITY_KINDS for c, k in traced if k == kind]
    if len(traced) < 2 or not ids:
        raise InputError(
            f"{data}: a release needs two columns the policy masks of name, mobile, resident "
            "ID, bank card, birth date or address kinds, one of them mobile, ID or card"
        )
    schema = Schema(traced, identity=ids[0])
    with guard_session(opts or GuardOptions(policy=policy), wiring) as guard:
        code = TardosCode.from_keyset(guard.keyset)
        now = guard.vault_clock.now()
        dkey = guard.keyset.derive(PURPOSE_DATASET)
        plain = [{c: r.get(c, "") for c, _ in traced} for r in rows]
        ids_ = sorted(identity_tag(code, schema, r) for r in plain)
        dataset = hmac.new(
            dkey, b"".join(t.to_bytes(8, "big") for t in ids_), hashlib.sha256
        ).hexdigest()[:32]
        # audited before anything is stored or written (fail closed)
        event = guard.recorder.append(
            AuditEvent(
                action="release",
                actor=actor,
                outcome="ok",
                record=f"dataset:{dataset}",
                fields=tuple(c for c, _ in traced),
                reference=f"recipient:{to}",
            )
        )
        index = guard_store(guard).recipient_index(to, now)
        tags, rendered = release_rows(code, schema, plain, index)
        rng = random.Random(hmac.new(dkey, f"{dataset}:{index}".encode(), "sha256").digest())
        fake = [canary_row(code, schema.columns, index, i) for i in range(canaries)]
        fake_tags, fake_rendered = release_rows(code, schema, fake, index)
        engine = Desensitizer(
            scanner,
            pol,
            Context(
                keyset=guard.keyset,
                tokens=wiring.token_store(wiring.current().tokens_url, guard.keyset),
            ),
        )
        out_rows = [
            _row(columns, r, m, dict(traced), engine) for r, m in zip(rows, rendered, strict=True)
        ]
        real = {c: [r.get(c, "") for r in rows] for c in columns if c not in dict(traced)}
        for i, shown in enumerate(fake_rendered):
            template = rows[rng.randrange(len(rows))]
            filler = {
                c: canary_cell(code, index, i, c, kinds.get(c), template.get(c, ""), values)
                for c, values in real.items()
            }
            out_rows.insert(
                rng.randrange(len(out_rows) + 1), _row(columns, filler, shown, dict(traced), engine)
            )
        records: list[tuple[int, dict[str, str], int | None]] = [
            (t, baseline_row(schema, r), None) for t, r in zip(tags, plain, strict=True)
        ]
        records += [
            (t, baseline_row(schema, r), index) for t, r in zip(fake_tags, fake, strict=True)
        ]
        from boxguard.storage.releases import Release

        guard_store(guard).add_release(
            Release(
                to,
                index,
                dataset,
                {"columns": [list(c) for c in traced], "identity": schema.identity},
                guard.keyset.primary_id,
                code.cutoff,
                canaries,
            ),
            records,
            now,
        )
    write_rows(out, columns, out_rows)
    notify(f"released {len(rows)} rows and {canaries} canaries to {to}")
    return ReleaseResult(
        to, index, dataset, len(rows), canaries, tuple(c for c, _ in traced), out, event.seq
    )


def _check_out(data: Path, out: Path) -> None:
    """Refuse an ``out`` the copy could not be written to, before anything is recorded
    (a release recorded and audited without its copy would name a list nobody got), and
    ``DATA`` itself (the masked copy would replace the data).

    >>> import tempfile, pathlib
    >>> d = pathlib.Path(tempfile.mkdtemp())
    >>> _check_out(d / "a.csv", d / "a.txt")
    Traceback (most recent call last):
    boxguard.errors.InputError: ...a.txt: cannot write this format (.csv, ...)
    """
    if out.suffix.lower() not in WRITE_SUFFIXES:
        raise InputError(f"{out}: cannot write this format ({', '.join(WRITE_SUFFIXES)})")
    if not out.parent.is_dir():
        raise InputError(f"{out}: no such folder {out.parent}")
    if out.exists() and data.exists() and out.resolve() == data.resolve():
        raise InputError(f"{out}: --out is DATA itself; the copy would replace the data")


def _row(
    columns: list[str],
    row: dict[str, str],
    shown: dict[str, str],
    traced: dict[str, str],
    engine: Desensitizer,
) -> dict[str, str]:
    return {
        c: shown[c] if c in traced else engine.cell(row.get(c, ""), c) if row.get(c) else ""
        for c in columns
    }


def guard_store(guard: Guard) -> SqlReleaseStore:
    """The release store over an open guard's database."""
    from boxguard.storage.releases import SqlReleaseStore

    return SqlReleaseStore(guard.engine)
