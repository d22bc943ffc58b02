"""Personal values used as JSON object keys (``{"13812345678": {...}}``): scan finds them,
mask rewrites the key and the JSON stays valid (issue 15, QA pass)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from boxguard import services
from boxguard.io.sources import Options, cells
from boxguard.jobs.mask import MaskRequest, mask

PHONE, OTHER = "13812345678", "13812340000"
ID_NO = "110101199003070011"  # synthetic, valid check digit


def _records() -> list[dict[str, object]]:
    return [
        {"id": 1, "text": {PHONE: {"city": "北京"}, OTHER: 2}},
        {"id": 2, "text": {"user": {ID_NO: "ok"}}},
    ]


def _write(path: Path) -> None:
    lines = (json.dumps(r, ensure_ascii=False) for r in _records())
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


@pytest.mark.parametrize("field", ["text", "*"])
def test_keys_are_found_by_scan(tmp_path: Path, field: str) -> None:
    src = tmp_path / "k.jsonl"
    _write(src)
    scanner = services.scanner(use_model=False)
    found = {
        (c.row, f.value)
        for c in cells([str(src)], Options(text_field=field))
        for f in scanner.scan(c.text)
    }
    assert {(1, PHONE), (1, OTHER), (2, ID_NO)} <= found


@pytest.mark.parametrize("field", ["text", "*"])
def test_keys_are_masked_and_the_json_stays_valid(tmp_path: Path, field: str) -> None:
    src, out = tmp_path / "k.jsonl", tmp_path / "o.jsonl"
    _write(src)
    mask(MaskRequest(path=str(src), out=out, use_model=False, field=field), services, print)
    text = out.read_text(encoding="utf-8")
    for value in (PHONE, OTHER, ID_NO):
        assert value not in text
    got = [json.loads(line) for line in text.splitlines()]
    first = got[0]["text"]
    assert list(first) == ["138****5678", "138****0000"]  # every key kept, in order
    assert first["138****5678"] == {"city": "北京"}
    assert first["138****0000"] == 2
    assert got[1]["id"] == 2
    assert len(got[1]["text"]["user"]) == 1


def test_keys_masked_alike_keep_every_value(tmp_path: Path) -> None:
    src, out = tmp_path / "k.jsonl", tmp_path / "o.jsonl"
    src.write_text(json.dumps({"text": {PHONE: 1, "13899995678": 2}}) + "\n", encoding="utf-8")
    mask(MaskRequest(path=str(src), out=out, use_model=False), services, print)
    got = json.loads(out.read_text(encoding="utf-8"))["text"]
    assert sorted(got.values()) == [1, 2]
    assert len(got) == 2
    assert PHONE not in json.dumps(got)


def test_plain_word_keys_are_not_scanned_but_other_keys_are() -> None:
    from boxguard.io.records import leaves

    found = leaves({"name": "张伟", "mobile": {PHONE: 1}})
    assert [(x.text, x.key, x.is_key) for x in found] == [
        ("张伟", "name", False),
        (PHONE, None, True),
        ("1", PHONE, False),
    ]


def _scan(path: Path, *args: str) -> str:
    out = subprocess.run(
        [sys.executable, "-m", "boxguard", "scan", "--field", "*", *args, str(path)],
        capture_output=True,
        text=True,
        check=False,
        env={**os.environ, "NO_COLOR": "1", "COLUMNS": "300"},
    )
    assert out.returncode == 1, out.stderr  # found something
    return out.stdout


@pytest.mark.parametrize("fmt", ["jsonl", "csv", "sarif", "table"])
@pytest.mark.parametrize("jobs", ["1", "2"])
def test_a_key_that_holds_a_finding_is_written_masked_in_every_path(
    tmp_path: Path, fmt: str, jobs: str
) -> None:
    """A phone number or an ID number used as a key never shows in a path: the key is
    masked in its own path and in the paths below it; a key with a digit that holds
    nothing (``phone2``) is written as it is, and gives its hints."""
    src = tmp_path / "k.jsonl"
    records = [
        {"id": 1, "text": {PHONE: {"city": "北京", "mobile": OTHER}, "phone2": "13712345678"}},
        {"id": 2, "text": {"user": {ID_NO: {"note": "无", "tel": "13612345678"}}}},
    ]
    src.write_text("".join(json.dumps(r) + "\n" for r in records), encoding="utf-8")
    out = _scan(src, "--no-model", "-f", fmt, "--jobs", jobs)
    for value in (PHONE, OTHER, ID_NO, "13712345678", "13612345678"):
        assert value not in out
    if fmt != "jsonl":
        return
    paths = [
        (d["id"], f["path"], f["preview"])
        for d in map(json.loads, out.splitlines())
        for f in d["findings"]
    ]
    assert paths == [
        (1, "$.text['138****5678']", "138****5678"),
        (1, "$.text['138****5678'].mobile", "138****0000"),
        (1, "$.text.phone2", "137****5678"),
        (2, "$.text.user['110***********0011']", "110***********0011"),
        (2, "$.text.user['110***********0011'].tel", "136****5678"),
    ]


def test_a_name_used_as_a_key_is_masked_in_the_paths(tmp_path: Path) -> None:
    src = tmp_path / "k.jsonl"
    src.write_text(json.dumps({"id": 1, "客户": {"张伟": {"电话": PHONE}}}) + "\n", "utf-8")
    out = _scan(src, "-f", "jsonl")
    assert "张伟" not in out
    paths = [f["path"] for f in json.loads(out)["findings"]]
    assert paths == ["$.客户['张*']", "$.客户['张*'].电话"]
