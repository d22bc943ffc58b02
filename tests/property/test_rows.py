"""read_rows (vault import's reader): what csv/json write is what it reads, row for row."""

from __future__ import annotations

import csv
import json
import tempfile
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from boxguard.errors import InputError
from boxguard.io.rows import read_rows

_HEADERS = st.lists(
    st.text("编号姓名手机地址abcxyz_", min_size=1, max_size=6), min_size=1, max_size=5, unique=True
)
_CELL = st.text("张伟李娜北京市朝阳区0123456789 abc-", max_size=12)


@st.composite
def tables(draw: st.DrawFn) -> tuple[list[str], list[list[str]]]:
    header = draw(_HEADERS)
    rows = draw(st.lists(st.lists(_CELL, min_size=len(header), max_size=len(header)), max_size=6))
    # a row with every cell empty is no person: the reader skips it
    return header, [r for r in rows if any(c for c in r)]


@settings(max_examples=60, deadline=None)
@given(tables())
def test_csv_round_trip(table: tuple[list[str], list[list[str]]]) -> None:
    header, rows = table
    with tempfile.TemporaryDirectory() as d:
        path = Path(d) / "t.csv"
        with open(path, "w", encoding="utf-8", newline="") as fh:
            w = csv.writer(fh, lineterminator="\n")
            w.writerow(header)
            w.writerows(rows)
        # every column, one empty in every row too (a release copy is in DATA's columns)
        assert read_rows(path) == [dict(zip(header, r, strict=True)) for r in rows]


@settings(max_examples=60, deadline=None)
@given(tables())
def test_jsonl_round_trip(table: tuple[list[str], list[list[str]]]) -> None:
    header, rows = table
    with tempfile.TemporaryDirectory() as d:
        path = Path(d) / "t.jsonl"
        docs = [dict(zip(header, r, strict=True)) for r in rows]
        path.write_text(
            "".join(json.dumps(x, ensure_ascii=False) + "\n" for x in docs), encoding="utf-8"
        )
        assert read_rows(path) == docs


def test_errors_name_the_file_and_line_not_a_value(tmp_path: Path) -> None:
    bad = tmp_path / "bad.jsonl"
    bad.write_text('{"手机": "13812345678"}\n{"手机": 13812345678\n', encoding="utf-8")
    with pytest.raises(InputError, match=r"bad\.jsonl:2: not valid JSON") as err:
        read_rows(bad)
    assert "13812345678" not in str(err.value)
    with pytest.raises(InputError, match="not a table"):
        read_rows(tmp_path / "notes.txt")
    with pytest.raises(InputError, match="no such file"):
        read_rows(tmp_path / "gone.csv")


@settings(max_examples=40, deadline=None)
@given(tables(), st.sampled_from([".csv", ".tsv", ".jsonl", ".parquet", ".xlsx"]))
def test_write_rows_round_trip(table: tuple[list[str], list[list[str]]], suffix: str) -> None:
    """What write_rows writes in each format, read_rows reads back, every column (an
    all-empty one too: a release copy is in DATA's columns)."""
    from boxguard.io.rows import write_rows

    header, rows = table
    docs = [dict(zip(header, r, strict=True)) for r in rows]
    with tempfile.TemporaryDirectory() as d:
        path = Path(d) / f"t{suffix}"
        write_rows(path, header, docs)
        got = read_rows(path)
    if suffix == ".jsonl":
        assert got == docs
        return
    assert got == [doc for doc in docs if any(doc.values())]


def test_a_workbooks_sheets_are_read_one_after_another(tmp_path: Path) -> None:
    from openpyxl import Workbook

    wb = Workbook()
    first = wb.active
    assert first is not None
    first.append(["编号", "手机"])
    first.append(["c1", "13812345678"])
    second = wb.create_sheet("二")
    second.append(["编号", "地址"])
    second.append(["c2", "北京市朝阳区"])
    wb.save(tmp_path / "book.xlsx")
    assert read_rows(tmp_path / "book.xlsx") == [
        {"编号": "c1", "手机": "13812345678", "地址": ""},
        {"编号": "c2", "手机": "", "地址": "北京市朝阳区"},
    ]
