"""``read_rows`` keeps every column of DATA, one with no value in any row included (a
release copy is in DATA's columns), in CSV, TSV, XLSX and Parquet; a scan never sees the
header's placeholder cells."""

from __future__ import annotations

from pathlib import Path

import polars as pl
import pytest
from openpyxl import Workbook

from boxguard.io.rows import read_rows
from boxguard.io.sources import Options, cells

HEADER = ["姓名", "备注", "手机"]
ROWS = [["张伟", "", "13812345678"], ["李娜", "", "13912345678"]]


def _write(path: Path) -> None:
    if path.suffix == ".xlsx":
        wb = Workbook()
        ws = wb.active
        assert ws is not None
        for row in [HEADER, *ROWS]:
            ws.append([v or None for v in row])
        wb.save(path)
    elif path.suffix == ".parquet":
        cols = {h: [r[i] or None for r in ROWS] for i, h in enumerate(HEADER)}
        pl.DataFrame(cols, schema=dict.fromkeys(HEADER, pl.String)).write_parquet(path)
    else:
        sep = "\t" if path.suffix == ".tsv" else ","
        path.write_text("\n".join(sep.join(r) for r in [HEADER, *ROWS]) + "\n", "utf-8")


@pytest.mark.parametrize("suffix", [".csv", ".tsv", ".xlsx", ".parquet"])
def test_an_empty_column_is_kept(tmp_path: Path, suffix: str) -> None:
    path = tmp_path / f"people{suffix}"
    _write(path)
    rows = read_rows(path)
    assert [list(r) for r in rows] == [HEADER, HEADER]
    assert [r["备注"] for r in rows] == ["", ""]
    assert [r["手机"] for r in rows] == ["13812345678", "13912345678"]


@pytest.mark.parametrize("suffix", [".csv", ".xlsx", ".parquet"])
def test_a_scan_sees_no_placeholder_cell(tmp_path: Path, suffix: str) -> None:
    path = tmp_path / f"people{suffix}"
    _write(path)
    got = list(cells([str(path)], Options()))
    assert got
    assert all(c.row >= 1 and c.text for c in got)


@pytest.mark.parametrize(
    ("body", "said"),
    [
        ('张霞敏,13583016613\n"林芳平,13530824628\n王伟,13887574911\n', "unexpected end of data"),
        ("张霞敏,13583016613\n王伟,13887574911,extra\n", "row 2 has 3 fields, the header 2"),
        ("张霞敏\n王伟,13887574911\n", "row 1 has 1 fields, the header 2"),
    ],
)
def test_a_row_that_is_not_one_person_is_an_error(tmp_path: Path, body: str, said: str) -> None:
    """QA: a quote left open folded the next people into one person's field, and `vault
    import` stored them there; a row is one person, or the table is malformed."""
    from boxguard.errors import InputError

    path = tmp_path / "people.csv"
    path.write_text("姓名,手机\n" + body, "utf-8")
    with pytest.raises(InputError, match=said) as err:
        read_rows(path)
    assert "13887574911" not in str(err.value)
    assert len(list(cells([str(path)], Options()))) >= 2  # a scan still reads what it can
