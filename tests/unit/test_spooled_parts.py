"""`scan --jobs`: a worker's part left in the spool folder is written whole, in place of
the bytes it stands for, however the output is opened, and its file deleted."""

from __future__ import annotations

import io
from pathlib import Path

import pytest

from boxguard.adapters.cli.scanning import _spooled, _unspooled

PART = ("行一 13812345678\n" * 5000).encode()


@pytest.mark.parametrize("how", ["file", "append", "memory"])
def test_a_spooled_part_is_written_whole_and_deleted(tmp_path: Path, how: str) -> None:
    path = _spooled(tmp_path, PART)
    out = tmp_path / "out.jsonl"
    out.write_bytes(b"head\n")
    if how == "memory":  # no file under it: read back
        sink = io.BytesIO()
        sink.write(b"head\n")
        sink.write(_unspooled(path, sink))
        got = sink.getvalue()
    else:  # a file: the kernel copies; opened to append, sendfile refuses and it is read
        with open(out, "ab" if how == "append" else "r+b") as sink:
            sink.seek(0, 2)
            sink.write(_unspooled(path, sink))
        got = out.read_bytes()
    assert got == b"head\n" + PART
    assert not Path(path).exists()
    assert [p.name for p in tmp_path.iterdir()] == ["out.jsonl"]
