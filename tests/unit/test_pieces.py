"""A large file cut in pieces (boxguard.io.pieces): cuts only right after a line's end,
every byte in exactly one piece, line numbers kept, and the pieces' cells, read one by
one, are the cells of the whole file, whatever the encoding, BOM and line ends."""

from __future__ import annotations

import tempfile
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from boxguard.io.pieces import by_lines, cuttable, piece_cells, plan
from boxguard.io.sources import LINE_PIECE, Options, _file

LINE = st.lists(
    st.sampled_from([*"ab 1\r张伟手机138。\ufeff\udc80", "13812345678", "身份证"]), max_size=12
).map("".join)


def _pieces_cells(path: Path, piece: int) -> tuple[list[tuple[object, ...]], list[int]]:
    got = plan(path, piece)
    assert got.encoding is not None
    counts = [0, 0]
    cells = [
        tuple(c)
        for start, end, before in got.pieces
        for c in piece_cells(path, start, end, before, got.encoding, Options(), counts)
    ]
    return cells, counts


@settings(max_examples=60, deadline=None)
@given(
    lines=st.lists(LINE, min_size=1, max_size=40),
    encoding=st.sampled_from(["utf-8", "utf-8-sig", "gb18030"]),
    crlf=st.booleans(),
    last_newline=st.booleans(),
    piece=st.integers(min_value=1, max_value=64),
)
def test_pieces_read_as_the_whole_file(
    lines: list[str], encoding: str, crlf: bool, last_newline: bool, piece: int
) -> None:
    end = "\r\n" if crlf else "\n"
    text = end.join(lines) + (end if last_newline else "")
    data = text.encode(encoding, errors="replace")
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "a.txt"
        path.write_bytes(data)
        if not data or plan(path).encoding is None:
            return
        got = plan(path, piece)
        assert got.pieces[0][0] == 0
        assert got.pieces[-1][1] == len(data)
        for (_s, e, _b), (s, _e, before) in zip(got.pieces, got.pieces[1:], strict=False):
            assert e == s  # no gap, no overlap
            assert data[s - 1 : s] == b"\n"  # cut right after a line end
            assert before == data[:s].count(b"\n")  # line numbers kept
        whole = [tuple(c) for c in _file(path, Options())]
        cells, _counts = _pieces_cells(path, piece)
        assert cells == whole


def test_a_bom_bad_bytes_and_a_long_line_read_as_the_whole_file(tmp_path: Path) -> None:
    path = tmp_path / "a.log"
    long = "手机13812345678 " * (LINE_PIECE // 8)  # longer than a line piece
    data = b"\xef\xbb\xbf" + "手机13912345678\r\n".encode() * 50 + b"bad \xff\xfe\n"
    path.write_bytes(data + long.encode() + b"\n" + "尾13712345678".encode())
    told: list[str] = []
    whole = [tuple(c) for c in _file(path, Options(notice=told.append))]
    cells, counts = _pieces_cells(path, 100)
    assert cells == whole
    assert [c[4] for c in cells if c[5]]  # the long line came in pieces
    assert counts[0] == 2  # bad bytes, counted (the caller tells of them once)
    assert any("2 byte(s) not valid utf-8-sig" in t for t in told)
    assert len(plan(path, 100).pieces) > 8


def test_jsonl_pieces_keep_line_numbers_and_surrogates(tmp_path: Path) -> None:
    path = tmp_path / "a.jsonl"
    rows = [f'{{"id": {i}, "text": "手机1381234567{i % 10} \\ud83d"}}' for i in range(40)]
    path.write_text("\n".join(rows[:20]) + "\n\n" + "\n".join(rows[20:]) + "\n", "utf-8")
    whole = [tuple(c) for c in _file(path, Options())]
    cells, counts = _pieces_cells(path, 64)
    assert cells == whole
    assert counts[1] == 40  # lone surrogates, counted
    assert max(c[4] for c in cells) == 41  # the blank line counted as a line


def test_what_is_cut() -> None:
    assert by_lines(Path("x.txt"))
    assert not by_lines(Path("x.xlsx"))
    assert not by_lines(Path("x.json"))
    assert cuttable("big5")
    assert not cuttable("utf-16-le")
    assert not cuttable("no-such-codec")


def test_utf16_is_read_whole(tmp_path: Path) -> None:
    path = tmp_path / "a.txt"
    path.write_text("手机13812345678\n" * 100, "utf-16")
    got = plan(path, 64)
    assert got.encoding == "utf-16"
    assert got.pieces == []
