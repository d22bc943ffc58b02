"""`boxguard demo` end to end: every step's outcome, the exit code, and an HTML report
that is self-contained and holds no unmasked value of the synthetic customers (the
revealed phone included: the report shows it masked)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from boxguard import services
from boxguard.demo import CUSTOMERS, LEAKER, customers, run
from tests.integration.test_guard_cli import Bg, bg, env  # noqa: F401


@pytest.fixture
def played(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):  # type: ignore[no-untyped-def]
    monkeypatch.delenv("BOXGUARD_KEYSET", raising=False)
    return run(tmp_path / "demo", services)


def test_every_step_goes_as_expected(played) -> None:  # type: ignore[no-untyped-def]
    by_title = {s.title: s for s in played.steps}
    assert played.ok
    assert len(played.steps) == 10
    named = by_title["trace names the outlet"]
    assert named.rows[0][0] == LEAKER
    assert "verdict named" in named.line
    assert "access denied: no grant" in by_title["A reveal without a grant is denied"].line
    caught = by_title["An edited log entry is caught"]
    event = re.search(r"event (\d+) was edited", caught.line)
    assert event is not None
    assert f"verify: event {event[1]}:" in caught.line
    assert played.seconds < 60


def test_the_report_is_self_contained_and_masked(played) -> None:  # type: ignore[no-untyped-def]
    assert played.report is not None
    page = played.report.read_text(encoding="utf-8")
    assert "<style>" in page
    assert not re.search(r"(src|href)=", page)
    people = customers(CUSTOMERS)
    clear = {p[c] for p in people for c in ("姓名", "手机", "地址")}
    assert not [v for v in clear if v in page]
    assert people[0]["手机"][:3] + "****" + people[0]["手机"][-4:] in page  # masked reveal


@pytest.mark.usefixtures("env")
def test_the_verb_exits_0_and_refuses_a_used_folder(bg: Bg, tmp_path: Path) -> None:  # noqa: F811
    ran = bg("demo", "--dir", str(tmp_path / "d"))
    assert ran.code == 0, ran.err
    assert "trace names the outlet" in ran.out
    assert "Done" in ran.out
    assert not [v for p in customers(CUSTOMERS) for v in (p["手机"], p["姓名"]) if v in ran.out]
    again = bg("demo", "--dir", str(tmp_path / "d"))
    assert again.code == 2
