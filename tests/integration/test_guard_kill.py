"""Kill -9 trials, CI-sized: ``boxguard serve`` is SIGKILLed during concurrent reveals, on
SQLite and PostgreSQL; the log must verify and hold every reveal a client received.

The full run (200 trials per backend) is ``bench/guard_kill.py``; this runs a few trials
of the same code, and shows that its check catches a reveal answered without its event.
Synthetic people only."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.bench_support import bench_module

kill = bench_module("guard_kill")


pytestmark = pytest.mark.usefixtures("guard_folder")


@pytest.mark.slow
def test_kill_trials_leave_a_log_that_verifies_and_holds_every_answered_reveal(
    db_url: str,
) -> None:
    summary = kill.run_trials(db_url, "ci", 4, clients=4, people_n=8, window=(0.05, 0.5))
    assert [t.problems + t.unexpected for t in summary.trials] == [[]] * 4
    assert summary.final_cli_verify == 0
    # the trials did what they claim: reveals were answered, and the kill cut some off
    assert sum(t.received for t in summary.trials) > 0
    assert sum(t.in_flight for t in summary.trials) > 0
    assert all(t.events_added >= t.received for t in summary.trials)
    assert summary.ok


def test_the_check_catches_an_answer_without_its_event(db_url: str) -> None:
    from boxguard import services
    from boxguard.jobs import guard as jobs

    folder = Path.cwd()
    ids, _tokens = kill.prepare(db_url, folder, 2, 1)
    opts = jobs.GuardOptions(db=db_url, rules=folder / "rules.yaml")
    with jobs.guard_session(opts, services) as g:
        before = g.audit.size()
        done = jobs.reveal(g, ids[0], "手机", user="cs0", purpose="after_sales")
        good = kill.Received("cs0", ids[0], "手机", done.event)
        trial = kill.Trial(0, 0.0)
        kill._check(g, trial, [good], before)
        assert trial.ok, trial.problems
        missing = kill.Received("cs0", ids[0], "手机", done.event + 1)  # answered, not logged
        other = kill.Received("cs0", ids[1], "手机", done.event)  # the event is someone else's
        wrong_field = kill.Received("cs0", ids[0], "姓名", done.event)
        for bad in (missing, other, wrong_field):
            trial = kill.Trial(0, 0.0)
            kill._check(g, trial, [good, bad], before)
            assert len(trial.problems) == 1, bad
