"""The delimiter of a .csv file is read from its head: any of ``,`` ``;`` tab ``|`` that
writes a table of 2 or more columns is found again, its fields holding the others (a
decimal comma in a ``;`` file); a file whose lines a comma splits alike stays a comma file."""

from __future__ import annotations

import csv
import io

from hypothesis import given, settings
from hypothesis import strategies as st

from boxguard.io.sources import csv_delimiter

_FIELD = st.text(alphabet=st.sampled_from('abc张伟1 3.",;|\t'), max_size=6)
_NAME = st.text(alphabet=st.sampled_from("abc姓名手机 _."), min_size=1, max_size=6)


@settings(max_examples=300)
@given(
    st.sampled_from([",", ";", "\t", "|"]),
    st.integers(2, 6),
    st.lists(_NAME, min_size=6, max_size=6),
    st.lists(st.lists(_FIELD, min_size=6, max_size=6), min_size=1, max_size=30),
    st.booleans(),
)
def test_a_written_table_s_delimiter_is_found(
    sep: str, width: int, header: list[str], rows: list[list[str]], cut: bool
) -> None:
    buf = io.StringIO()
    writer = csv.writer(buf, delimiter=sep, lineterminator="\n")
    writer.writerows([header[:width], *(r[:width] for r in rows)])
    text = buf.getvalue()
    if cut:  # a head that ends inside its last line
        text += sep.join(["x"] * (width - 1))
    assert csv_delimiter(text, ".csv", whole=not cut) == sep
    assert csv_delimiter(text, ".tsv") == "\t"


@given(st.text(alphabet=st.sampled_from('ab;|\t\n,"张'), max_size=80))
def test_any_head_gives_one_of_the_four_and_a_comma_table_keeps_the_comma(head: str) -> None:
    got = csv_delimiter(head, ".csv")
    assert got in {",", ";", "\t", "|"}
    lines = head.splitlines()[:20]
    while lines and not any(c in lines[0] for c in ",;\t|"):
        lines.pop(0)
    widths = [len(row) for row in csv.reader(lines) if row]
    if len(widths) >= 2 and len(set(widths)) == 1 and widths[0] > 1:
        assert got == ","
