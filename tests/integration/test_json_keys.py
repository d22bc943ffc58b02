"""Personal values used as JSON object keys (``{"13812345678": {...}}``): scan finds them,
mask rewrites the key and the JSON stays valid (issue 15, QA pass)."""

from __future__ import annotations

import json
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


def test_plain_word_keys_are_not_scanned_and_a_number_key_never_shows_in_a_path() -> None:
    from boxguard.io.records import leaves

    found = leaves({"name": "张伟", "mobile": {PHONE: 1}})
    assert [(x.text, x.key) for x in found] == [("张伟", "name"), (PHONE, None), ("1", PHONE)]
    assert all(PHONE not in x.path for x in found)
