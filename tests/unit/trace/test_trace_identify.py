from __future__ import annotations

import random

import numpy as np

from boxguard.trace import TardosCode, baseline_row, identify, release_row
from boxguard.trace.embed import positions, read_row, render_row
from conftest import SCHEMA, fixed_code, person

RECIPIENTS = range(1000)


def _records(code: TardosCode, rows: list[dict[str, str]]) -> list:
    return [(release_row(code, SCHEMA, r, 0)[0], baseline_row(SCHEMA, r), None) for r in rows]


def test_ten_leaked_rows_name_the_leaker(code: TardosCode, people: list[dict[str, str]]) -> None:
    records = _records(code, people)
    rng = random.Random(1)
    for leaker in (0, 421, 999):
        rows = rng.sample(people, 10)
        leak = [release_row(code, SCHEMA, r, leaker)[1] for r in rows]
        report = identify(code, SCHEMA, records, leak, RECIPIENTS)
        assert (report.status, report.named, report.rows_matched) == ("named", (leaker,), 10)


def test_three_colluders_mixing_rows_point_to_one_of_them(
    code: TardosCode, people: list[dict[str, str]]
) -> None:
    records = _records(code, people)
    colluders = (3, 77, 640)
    rng = random.Random(2)
    leak = []
    for r in rng.sample(people, 120):  # majority bit by bit, a valid rendering
        base = baseline_row(SCHEMA, r)
        copies = [read_row(SCHEMA, release_row(code, SCHEMA, r, j)[1], base) for j in colluders]
        merged = {
            c: tuple(int(sum(cp[c][i] for cp in copies) >= 2) for i in range(len(copies[0][c])))
            for c in positions(SCHEMA, base)
        }
        leak.append(render_row(SCHEMA, r, merged))
    report = identify(code, SCHEMA, records, leak, RECIPIENTS)
    assert report.status == "named"
    assert set(report.named) <= set(colluders)


def test_data_never_released_is_inconclusive(
    code: TardosCode, people: list[dict[str, str]]
) -> None:
    records = _records(code, people)
    rng = random.Random(3)
    strangers = [person(rng) for _ in range(200)]
    leak = [release_row(code, SCHEMA, r, 5)[1] for r in strangers]  # fingerprinted, never released
    report = identify(code, SCHEMA, records, leak, RECIPIENTS)
    assert report.status == "inconclusive"
    assert report.named == ()
    assert report.rows_matched <= 2  # at most a stray coincidence


def test_no_known_rows_and_another_encoding_are_inconclusive(
    code: TardosCode, people: list[dict[str, str]]
) -> None:
    records = _records(code, people)
    assert identify(code, SCHEMA, records, [], RECIPIENTS).status == "inconclusive"
    garbage = [{"姓名": "不详", "手机": "未知"}] * 20
    assert identify(code, SCHEMA, records, garbage, RECIPIENTS).status == "inconclusive"
    other = fixed_code(3)
    leak = [release_row(other, SCHEMA, r, 9)[1] for r in people[:200]]  # another key's release
    report = identify(code, SCHEMA, records, leak, RECIPIENTS)
    assert report.rows_matched == 200
    assert report.status != "named"
    assert report.verdict.ranking[0].p_list > 1e-6


def test_leaks_independent_of_the_code_never_name_anyone(
    code: TardosCode, people: list[dict[str, str]]
) -> None:
    """Random renderings of released rows (bits nobody was given): 30 leaks of 40 rows."""
    records = _records(code, people)
    rng = np.random.default_rng(4)
    for _ in range(30):
        leak = []
        for i in rng.choice(len(people), 40, replace=False):
            r = people[i]
            base = baseline_row(SCHEMA, r)
            bits = {
                c: tuple(int(b) for b in rng.integers(0, 2, len(s)))
                for c, s in positions(SCHEMA, base).items()
            }
            leak.append(render_row(SCHEMA, r, bits))
        assert identify(code, SCHEMA, records, leak, RECIPIENTS).named == ()
