from __future__ import annotations

from boxguard.kinds import get_kind
from boxguard.trace import TardosCode, baseline_row, canary, canary_row, identify, release_row
from boxguard.trace.canary import chance, full_values
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
