"""The header of a table among its first rows (detect.table.find_header), as `mask`,
`scan` and `risk` find it: properties over generated tables of synthetic people."""

from __future__ import annotations

import random

from hypothesis import given, settings
from hypothesis import strategies as st

from boxguard.detect.table import find_header
from boxguard.kinds import get_kind
from boxguard.synth import people

HEADERS = [["姓名", "手机", "证件号码", "地址"], ["name", "phone", "id_no", "address"]]


def _rows(seed: int, n: int) -> list[list[object]]:
    rng = random.Random(seed)
    out: list[list[object]] = []
    for _ in range(n):
        out.append(
            [
                people.chinese_name(rng),
                get_kind("cn_mobile").generate(rng),  # type: ignore[misc]
                get_kind("cn_resident_id").generate(rng),  # type: ignore[misc]
                people.address(rng),
            ]
        )
    return out


@settings(max_examples=60, deadline=None)
@given(
    seed=st.integers(0, 10_000),
    n=st.integers(1, 30),
    header=st.sampled_from(HEADERS),
    titles=st.integers(0, 3),
    as_numbers=st.booleans(),
)
def test_the_header_is_found_below_any_title_rows(
    seed: int, n: int, header: list[str], titles: int, as_numbers: bool
) -> None:
    data = _rows(seed, n)
    if as_numbers:  # phone numbers stored as numbers, as spreadsheets do
        data = [[r[0], int(str(r[1])), r[2], r[3]] for r in data]
    title: list[list[object]] = [[f"第{i}行 标题 制表人", None, None, None] for i in range(titles)]
    assert find_header([*title, header, *data]) == (titles, True)
    assert find_header([*title, *data]) == (titles, False)


@given(cells=st.lists(st.text(min_size=1, max_size=12), min_size=1, max_size=8))
def test_find_header_never_fails_and_stays_in_range(cells: list[str]) -> None:
    rows = [cells, cells[::-1]]
    start, _ = find_header(rows)
    assert 0 <= start < len(rows)


def test_a_header_naming_companies_is_still_a_header() -> None:
    from boxguard import services

    scan_cell = services.scanner(use_model=True).scan_cell
    # sales per supplier: the columns are named by companies
    rows = [["月份", "华为技术有限公司", "腾讯公司"], ["一月", "12", "30"]]
    assert find_header(rows, scan_cell) == (0, True)
    rows = [["张伟", "北京市朝阳区建国路88号", "加急"], ["李娜", "上海市浦东新区", ""]]
    assert find_header(rows, scan_cell) == (0, False)
