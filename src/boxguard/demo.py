"""JOB: ``boxguard demo`` — the whole story on synthetic people, in a fresh folder.

A courier network loads its customers into the vault; an outlet, a clerk and an
analyst see their masked views (roles of the ``privacy-waybill`` policy and the shipped
access rules); the clerk reveals one phone for after-sales (told the audit event
number); the analyst's reveal is denied (no grant); each outlet receives a
fingerprinted list (``release``); an insider at one outlet pastes part of it into a
"doxxing post"; ``trace`` names the outlet; the person reads who accessed their
data; the audit log verifies, then one edited event is caught by ``audit verify``.

Every step is a :class:`Step` with the expectation it checked. Steps go to an
``on_step`` callback as they finish (the CLI narrates them); :func:`html_report`
writes the self-contained report. No value in a step is unmasked: the revealed phone
is told as "revealed (11 digits)" and shown masked, in the terminal and the report.
This module never prints and never exits; it uses only fictitious people
(:mod:`boxguard.synth`, the kinds' generators) in the folder it is given.
"""

from __future__ import annotations

import csv
import html
import random
import time
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from pathlib import Path

from boxguard.crypto.keys import Keyset
from boxguard.errors import AccessDenied
from boxguard.io.keys import write_keyset
from boxguard.jobs import guard as jobs
from boxguard.jobs.guard import GuardOptions, GuardWiring, guard_session
from boxguard.jobs.release import release
from boxguard.jobs.trace import trace
from boxguard.kinds import get_kind
from boxguard.settings import Settings
from boxguard.synth.people import address, chinese_name

OUTLETS = ("outlet-nanshan", "outlet-futian", "outlet-baoan", "outlet-longgang", "outlet-luohu")
LEAKER = "outlet-futian"
CUSTOMERS = 80
LEAKED_ROWS = 10
ADMIN = "demo.admin"


@dataclass(frozen=True)
class Step:
    """One step of the story: what happened, a small table, and whether it went as expected."""

    number: int
    title: str
    line: str
    ok: bool
    columns: tuple[str, ...] = ()
    rows: tuple[tuple[str, ...], ...] = ()


@dataclass
class DemoResult:
    """Every step, the folder, the HTML report and the wall time."""

    folder: Path
    steps: list[Step] = field(default_factory=list)
    report: Path | None = None
    seconds: float = 0.0

    @property
    def ok(self) -> bool:
        return bool(self.steps) and all(s.ok for s in self.steps)


class _Wiring:
    """The caller's composition root with the demo folder's settings."""

    def __init__(self, base: GuardWiring, settings: Settings) -> None:
        self._base, self._settings = base, settings
        self.scanner = base.scanner
        self.token_store = base.token_store

    def current(self) -> Settings:
        return self._settings


def customers(n: int, seed: int = 2026) -> list[dict[str, str]]:
    """``n`` fictitious customers (valid check digits, invented names and addresses)."""
    rng = random.Random(seed)
    mobile = get_kind("cn_mobile").generate
    assert mobile is not None
    return [
        {
            "客户编号": f"K{20000 + i}",
            "姓名": chinese_name(rng),
            "手机": mobile(rng),
            "地址": address(rng),
            "consent": "delivery;after_sales",
        }
        for i in range(n)
    ]


def run(  # noqa: PLR0915 (the story, told in order, reads best as one script)
    folder: Path, wiring: GuardWiring, on_step: Callable[[Step], None] = lambda _s: None
) -> DemoResult:
    """Play the story in ``folder`` (created; must not hold a demo already)."""
    start = time.perf_counter()
    folder.mkdir(parents=True, exist_ok=True)
    result = DemoResult(folder)

    def step(title: str, line: str, ok: bool, columns: tuple[str, ...] = (), rows=()) -> None:  # type: ignore[no-untyped-def]
        s = Step(len(result.steps) + 1, title, line, ok, columns, tuple(tuple(r) for r in rows))
        result.steps.append(s)
        on_step(s)

    keys = folder / "boxguard.keys"
    write_keyset(keys, Keyset.generate())
    db = f"sqlite:///{folder / 'boxguard.db'}"
    settings = replace(
        wiring.current(),
        keys=keys,
        db_url=db,
        tokens_url=f"sqlite:///{folder / 'tokens.db'}",
        rules=None,
    )
    w = _Wiring(wiring, settings)
    people = customers(CUSTOMERS)
    data = folder / "customers.csv"
    with open(data, "w", encoding="utf-8", newline="") as fh:
        out = csv.DictWriter(fh, fieldnames=list(people[0]), lineterminator="\n")
        out.writeheader()
        out.writerows(people)
    opts = GuardOptions(db=db)
    with guard_session(opts, w) as guard:
        jobs.add_user(guard, ADMIN, "admin", actor=ADMIN)  # who runs the demo: a user too
        done = jobs.import_table(guard, data, actor=ADMIN, id_column="客户编号", use_model=False)
        step(
            "The courier network loads its customers into the vault",
            f"{len(done.vault_ids)} fictitious customers stored encrypted, one data key each; "
            "the CSV can now be deleted",
            len(done.vault_ids) == CUSTOMERS,
            ("column", "stored as"),
            [(p.column, p.kind or "free text") for p in done.plans if p.column in people[0]],
        )
        staff = (
            ("wang.outlet", "courier"),
            ("li.clerk", "customer_service"),
            ("zhao.analyst", "analyst"),
        )
        for name, role in staff:
            jobs.add_user(guard, name, role, actor=ADMIN)
        person = done.vault_ids[0]
        views = [(n, r, jobs.show(guard, person, user=n)) for n, r in staff]
        shown = {v for _, _, view in views for v in view.values()}
        clear = set(people[0].values()) - {people[0]["客户编号"], people[0]["consent"]}
        step(
            "Outlet, clerk and analyst see their masked views",
            "each role sees what the privacy-waybill policy shows it; every view is audited",
            not (shown & clear),
            ("user", "role", "姓名", "手机", "地址"),
            [(n, r, v.get("姓名", ""), v.get("手机", ""), v.get("地址", "")) for n, r, v in views],
        )
        got = jobs.reveal(
            guard, person, "手机", user="li.clerk", purpose="after_sales", reference="T-1024"
        )
        masked_phone = get_kind("cn_mobile").mask(got.value)
        step(
            "A clerk reveals a phone, with a purpose",
            f"li.clerk got the full number ({len(got.value)} digits, shown masked here: "
            f"{masked_phone}) for after_sales, ticket T-1024; recorded as audit event {got.event}",
            got.value == people[0]["手机"],
        )
        reveal_event = got.event
        try:
            jobs.reveal(guard, person, "手机", user="zhao.analyst", purpose="analytics")
            denied = ""
        except AccessDenied as err:
            denied = str(err)
        step(
            "A reveal without a grant is denied",
            f"zhao.analyst asked for the phone: {denied or 'ALLOWED (unexpected)'}",
            bool(denied),
        )
    copies = {}
    for outlet in OUTLETS:
        copies[outlet] = folder / f"{outlet}.csv"
        release(data, to=outlet, out=copies[outlet], actor=ADMIN, opts=opts, wiring=w)
    with open(copies[LEAKER], encoding="utf-8", newline="") as fh:
        leaked = list(csv.DictReader(fh))
    sample = leaked[:3]
    step(
        "Each outlet receives its customer list, fingerprinted",
        f"{len(OUTLETS)} copies of {CUSTOMERS} rows (+3 canaries each), masked by the policy; "
        "each renders the masks slightly differently",
        all(p.exists() for p in copies.values()),
        ("outlet", "姓名", "手机", "地址"),
        [(LEAKER, r["姓名"], r["手机"], r["地址"]) for r in sample],
    )
    post = folder / "doxxing-post.txt"
    lines = [
        f"{r['姓名']}，电话 {r['手机']}，住址：{r['地址']}" for r in leaked[20 : 20 + LEAKED_ROWS]
    ]
    post.write_text("扒一扒这些人，大家认识吗：\n" + "\n".join(lines) + "\n", encoding="utf-8")
    step(
        "An insider leaks part of the list in a doxxing post",
        f"{LEAKED_ROWS} rows pasted as chat text into {post.name}",
        post.exists(),
    )
    traced = trace(post, actor=ADMIN, opts=opts, wiring=w)
    top = traced.recipients[0] if traced.recipients else None
    step(
        "trace names the outlet",
        f"verdict {traced.verdict}: {top.id if top else 'nobody'} "
        f"({traced.records_matched} of {traced.rows} rows matched)",
        traced.verdict == "named" and top is not None and top.id == LEAKER,
        ("outlet", "score", "p_innocent (list-wide)"),
        [(s.id, f"{s.score:.1f}", f"{s.p_list:.1e}") for s in traced.recipients[:5]],
    )
    with guard_session(opts, w) as guard:
        lines_ = jobs.report(guard, person)
        step(
            "The customer looks up who accessed their data",
            f"{len(lines_)} entries in their report: who, what, why",
            any(x.action == "reveal" and x.actor == "li.clerk" for x in lines_),
            ("time", "action", "who", "purpose", "outcome"),
            [(f"{x.time:%H:%M:%S}", x.action, x.actor, x.purpose or "", x.outcome) for x in lines_],
        )
        verified = jobs.audit_verify(guard)
        step(
            "The audit log verifies",
            f"{verified.events} events, every one covered by a signed head",
            verified.ok,
        )
        from sqlalchemy import text

        with guard.engine.begin() as conn:
            conn.execute(
                text("UPDATE bg_audit_events SET actor = 'someone.else' WHERE seq = :s"),
                {"s": reveal_event},
            )
        caught = jobs.audit_verify(guard)
        said = "OK (unexpected)" if caught.ok else f"event {caught.first_bad_seq}: {caught.reason}"
        step(
            "An edited log entry is caught",
            f"the reveal's event {reveal_event} was edited to hide who did it. verify: {said}",
            not caught.ok and caught.first_bad_seq == reveal_event,
        )
    result.seconds = time.perf_counter() - start
    result.report = folder / "demo-report.html"
    result.report.write_text(html_report(result), encoding="utf-8")
    return result


_CSS = """
body{font-family:system-ui,sans-serif;max-width:60rem;margin:2rem auto;color:#222}
h1{font-size:1.5rem} h2{font-size:1.1rem;margin-top:1.6rem}
.ok{color:#1a7f37} .bad{color:#cf222e} table{border-collapse:collapse;margin:.4rem 0}
td,th{border:1px solid #ccc;padding:.2rem .5rem;text-align:left;font-size:.9rem}
"""


def html_report(result: DemoResult) -> str:
    """The demo's report: one self-contained page (inline CSS, no external assets)."""
    e = html.escape
    parts = [
        "<!doctype html><html lang='zh'><head><meta charset='utf-8'>",
        f"<title>boxguard demo</title><style>{_CSS}</style></head><body>",
        "<h1>boxguard demo: guard and trace a courier network's customers</h1>",
        f"<p>Fictitious people only. {len(result.steps)} steps in {result.seconds:.1f} s; "
        f"{'every expectation met' if result.ok else 'SOME EXPECTATIONS FAILED'}.</p>",
    ]
    for s in result.steps:
        mark = "<span class='ok'>✓</span>" if s.ok else "<span class='bad'>✗</span>"
        parts.append(f"<h2>{mark} {s.number}. {e(s.title)}</h2><p>{e(s.line)}</p>")
        if s.rows:
            parts.append("<table><tr>" + "".join(f"<th>{e(c)}</th>" for c in s.columns) + "</tr>")
            for r in s.rows:
                parts.append("<tr>" + "".join(f"<td>{e(c)}</td>" for c in r) + "</tr>")
            parts.append("</table>")
    parts.append("</body></html>\n")
    return "".join(parts)
