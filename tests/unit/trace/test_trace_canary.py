from __future__ import annotations

import random
import re

from hypothesis import given, settings
from hypothesis import strategies as st

from boxguard.kinds import get_kind
from boxguard.trace import TardosCode, baseline_row, canary, canary_row, identify, release_row
from boxguard.trace.canary import canary_cell, chance, full_values
from conftest import SCHEMA, fixed_code


def test_canaries_validate_as_their_kinds(code: TardosCode) -> None:
    for j in range(60):
        for i in range(3):
            c = canary(code, j, i)
            for kind in ("cn_mobile", "cn_resident_id", "bank_card", "birth_date"):
                assert get_kind(kind).is_valid(c[kind]), (kind, j, i)
            for kind in ("person_name", "address"):
                shape = get_kind(kind).cell_shape
                assert shape is not None
                assert shape(c[kind]), (kind, j, i)


def test_canaries_sit_in_unallocated_ranges(code: TardosCode) -> None:
    for j in range(60):
        c = canary(code, j, 0)
        assert c["cn_mobile"][:5] in {f"1740{d}" for d in range(6)}
        idn = c["cn_resident_id"]
        assert idn[14:17] in {"996", "997", "998", "999"}  # reserved for centenarians
        assert 1950 <= int(idn[6:10]) <= 2004
        assert c["birth_date"] == (f"{idn[6:10]}-{idn[10:12]}-{idn[12:14]}")


def test_canaries_are_keyed_and_distinct_across_recipients(code: TardosCode) -> None:
    values = full_values(code, range(300), 3)
    assert len(values) >= 300 * 3 * 3 - 20  # only birthday collisions are left out
    for j in range(300):
        for i in range(3):
            c = canary(code, j, i)
            for kind in ("cn_mobile", "cn_resident_id", "bank_card"):
                assert values.get(c[kind], (j, i))[0] == j  # never another recipient
    assert len({tuple(canary(code, j, 0).values()) for j in range(300)}) == 300
    assert canary(code, 5, 1) == canary(code, 5, 1)
    other = fixed_code(3)
    assert all(
        canary(code, j, 0)["cn_mobile"] != canary(other, j, 0)["cn_mobile"] for j in range(50)
    )


def test_a_leaked_canary_names_its_recipient_and_nobody_else(
    code: TardosCode, people: list[dict[str, str]]
) -> None:
    real = people[:100]
    records = [(release_row(code, SCHEMA, r, 0)[0], baseline_row(SCHEMA, r), None) for r in real]
    canaries = {
        (j, i): canary_row(code, SCHEMA.columns, j, i) for j in range(200) for i in range(2)
    }
    for (j, _i), row in canaries.items():
        records.append((release_row(code, SCHEMA, row, j)[0], baseline_row(SCHEMA, row), j))
    for leaker in (7, 150):
        mine = [release_row(code, SCHEMA, canaries[leaker, i], leaker)[1] for i in range(2)]
        # the canaries alone: suspected at least (masked, they show few keyed characters)
        report = identify(code, SCHEMA, records, mine, range(1000), canaries_released=400)
        assert {h.recipient for h in report.canaries} == {leaker}
        assert min(h.p_list for h in report.canaries) <= 1e-2
        assert report.status in ("named", "suspected")
        assert leaker in report.named + report.suspected
        assert set(report.named + report.suspected) == {leaker}
        # with a few real rows, the fingerprint names the leaker too
        copy = mine + [release_row(code, SCHEMA, r, leaker)[1] for r in real[:8]]
        report = identify(code, SCHEMA, records, copy, range(1000), canaries_released=400)
        assert report.named == (leaker,)
        assert report.verdict.named == (leaker,)


def test_chance_counts_only_keyed_characters() -> None:
    kinds = dict(SCHEMA.columns)
    assert chance({"姓名": "张*", "地址": "北京市朝阳区****"}, kinds) == 1.0
    assert chance({"手机": "174****5678"}, kinds) == 1e-4
    assert chance({"手机": "17*****5678", "出生日期": "199*/**/**"}, kinds) == 1e-4 * 10 / 55


@given(st.integers(0, 2**32), st.integers(0, 999), st.integers(0, 2))
@settings(max_examples=60, deadline=None)
def test_a_canarys_other_cells_are_nobodys(seed: int, recipient: int, index: int) -> None:
    """The cells a canary takes outside the fingerprinted columns: an identifying column
    never gets a real person's value, kinds keep valid check digits, a category column
    a value many people share; each recipient's canary its own."""
    code = fixed_code(4)
    rng = random.Random(seed)
    n = rng.randint(8, 80)
    email, card = get_kind("email").generate, get_kind("bank_card").generate
    assert email is not None
    assert card is not None
    table = {
        "客户编号": [f"C{100000 + i}" for i in range(n)],
        "会员号": [f"VIP-{rng.randint(0, 99999):05d}-A" for _ in range(n)],
        "邮箱": [email(rng) for _ in range(n)],
        "卡号": [card(rng) for _ in range(n)],
        "等级": [rng.choice(["金卡", "银卡"]) for _ in range(n - 1)] + ["钻石"],
        "备注": [f"备注{'甲乙丙丁'[i % 4] * (i + 1)}" for i in range(n)],
    }
    kinds = {"邮箱": "email", "卡号": "bank_card"}
    t = rng.randrange(n)
    got = {
        c: canary_cell(code, recipient, index, c, kinds.get(c), values[t], values)
        for c, values in table.items()
    }
    for column in ("客户编号", "会员号", "邮箱", "卡号"):
        assert got[column], column
        assert got[column] not in table[column], column
    assert re.fullmatch(r"C1\d{5}", got["客户编号"])
    assert re.fullmatch(r"VIP-\d{5}-A", got["会员号"])
    assert get_kind("email").is_valid(got["邮箱"])
    assert get_kind("bank_card").is_valid(got["卡号"])
    assert got["卡号"] == canary(code, recipient, index)["bank_card"]  # the canary's own
    assert got["等级"] in ("金卡", "银卡")  # never 钻石, the one person's own
    assert got["备注"] == ""  # free text one person wrote: left empty
    other = {
        c: canary_cell(code, recipient + 1, index, c, kinds.get(c), values[t], values)
        for c, values in table.items()
    }
    assert other["卡号"] != got["卡号"]


def test_an_empty_template_cell_stays_empty() -> None:
    assert canary_cell(fixed_code(4), 1, 0, "邮箱", "email", "", ["a@example.com"]) == ""
