"""JSON documents and JSON records: every value of every field scanned, masked and unmasked,
findings located by JSON path, ``--field`` narrowing to a key or a path; a policy that
reverses nothing is refused by `unmask`.

Synthetic values only (valid check digits, fictitious people).
"""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest
from rich.console import Console

from boxguard import services
from boxguard.adapters.cli.output import JsonlRecords, summary_table
from boxguard.crypto.keys import Keyset
from boxguard.errors import InputError
from boxguard.io.keys import write_keyset
from boxguard.io.sources import Options
from boxguard.jobs.mask import MaskRequest, mask
from boxguard.jobs.scan import Record, run
from boxguard.jobs.unmask import UnmaskRequest, unmask

NAME, MOBILE, MOBILE2, ID = "张伟", "13812345678", "13912345678", "11010519491231002X"
PASSPORT = "G12345675"
DOC = [
    {
        "id": 1,
        "customer": {"name": NAME, "mobile": MOBILE, "id_no": ID},
        "text": "请尽快处理",
    },
    {"id": 2, "items": [{"phone": int(MOBILE2)}, {"phone": None}], "ok": True},
    {"id": 3, "guest": {"证件号码": PASSPORT}},
]


def _write(path: Path, doc: object, indent: int | None = 2, nl: str = "\n") -> None:
    text = json.dumps(doc, ensure_ascii=False, indent=indent) + "\n"
    path.write_bytes(text.replace("\n", nl).encode("utf-8"))


def _shape(value: object) -> object:
    """The structure of a JSON value: keys and lengths, every leaf a type name."""
    if isinstance(value, dict):
        return {k: _shape(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_shape(v) for v in value]
    return None if value is None or isinstance(value, bool) else "leaf"


def _scan(path: Path, field: str = "*") -> tuple[list[Record], object]:
    records: list[Record] = []
    scanner = services.scanner(use_model=False)
    summary = run([str(path)], Options(text_field=field), scanner, records.append, lambda *_: None)
    return records, summary


@pytest.fixture
def keyed(tmp_path: Path) -> Path:
    write_keyset(tmp_path / "boxguard.keys", Keyset.generate(), replace=True)
    return tmp_path


def test_a_json_array_is_masked_in_every_field_and_keeps_its_shape(tmp_path: Path) -> None:
    src, out = tmp_path / "orders.json", tmp_path / "orders.masked.json"
    _write(src, DOC, nl="\r\n")
    result = mask(MaskRequest(path=str(src), out=out, use_model=False), services)
    assert result.records == 3
    raw = out.read_bytes().decode("utf-8")
    for value in (NAME, MOBILE, MOBILE2, ID, PASSPORT):
        assert value not in raw, value
    got = json.loads(raw)
    assert _shape(got) == _shape(DOC)
    assert got[0]["text"] == "请尽快处理"  # nothing personal: kept
    assert got[1]["items"][0]["phone"] == "139****5678"  # a masked number becomes a string
    assert got[1]["ok"] is True
    assert got[0]["id"] == 1
    assert raw.startswith('[\r\n  {\r\n    "id": 1,')  # indentation and CRLF kept
    assert raw.endswith("]\r\n")


def test_one_json_object_on_one_line_and_field_narrows_it(tmp_path: Path) -> None:
    src = tmp_path / "one.json"
    _write(src, DOC[0], indent=None)
    out = tmp_path / "all.json"
    mask(MaskRequest(path=str(src), out=out, use_model=False), services)
    assert out.read_text(encoding="utf-8").count("\n") == 1  # still one line
    assert json.loads(out.read_text(encoding="utf-8"))["customer"]["id_no"] != ID
    only = tmp_path / "mobile.json"
    req = MaskRequest(path=str(src), out=only, field="$.customer.mobile", use_model=False)
    mask(req, services)
    got = json.loads(only.read_text(encoding="utf-8"))
    assert got["customer"] == {"name": NAME, "mobile": "138****5678", "id_no": ID}
    with pytest.raises(InputError, match="no field 'nope'"):
        mask(MaskRequest(path=str(src), out=tmp_path / "x.json", field="nope"), services)
    assert not (tmp_path / "x.json").exists()


def test_compact_and_ascii_json_come_out_as_they_came_in(keyed: Path) -> None:
    """QA: a compact document came out spaced (", ", ": ") and an ASCII one with its
    ``\\u`` escapes as UTF-8, so a masked file differed from its source in every line.
    Each document and each JSONL line is now written in its own style, through unmask
    too."""
    lines = [
        json.dumps(DOC[0], separators=(",", ":"), ensure_ascii=False),  # compact
        json.dumps(DOC[0]),  # spaced, ASCII (\u escapes)
        json.dumps(DOC[0], separators=(",", ":")),  # compact and ASCII
    ]
    src, out, back = keyed / "c.jsonl", keyed / "m.jsonl", keyed / "b.jsonl"
    src.write_text("\n".join(lines) + "\n", encoding="utf-8")
    keys, tokens = keyed / "boxguard.keys", f"sqlite:///{keyed}/t.db"
    req = MaskRequest(str(src), out, "hotel-front-desk", keys=keys, tokens=tokens, use_model=False)
    mask(req, services)
    got = out.read_text(encoding="utf-8").splitlines()
    assert [json.loads(g)["customer"]["id_no"] != ID for g in got] == [True] * 3
    assert [(": " in g, g.isascii()) for g in got] == [(False, False), (True, True), (False, True)]
    assert "\\u5f20" in got[1]  # 张's escape kept
    unmask(UnmaskRequest(str(out), back, "hotel-front-desk", keys=keys, tokens=tokens), services)
    restored = back.read_text(encoding="utf-8").splitlines()
    assert [json.loads(r)["customer"]["id_no"] for r in restored] == [ID] * 3
    style = [(": " in x, x.isascii()) for x in lines]
    assert [(": " in x, x.isascii()) for x in restored] == style


def test_malformed_json_is_refused_by_line_without_its_text(tmp_path: Path) -> None:
    src = tmp_path / "bad.json"
    src.write_text('[\n{"mobile": "' + MOBILE + '"\n', encoding="utf-8")
    with pytest.raises(InputError) as err:
        mask(MaskRequest(path=str(src), out=tmp_path / "o.json", use_model=False), services)
    assert f"{src}:3: not valid JSON" in str(err.value)
    assert MOBILE not in str(err.value)


def test_scan_reports_each_finding_at_its_json_path(tmp_path: Path) -> None:
    src = tmp_path / "orders.json"
    _write(src, DOC)
    records, _ = _scan(src)
    at = {(column, f.kind) for r in records for f, column in r.findings}
    assert ("$[0].customer.name", "person_name") in at  # found by its key's hint (no model)
    assert ("$[0].customer.mobile", "cn_mobile") in at
    assert ("$[0].customer.id_no", "cn_resident_id") in at
    assert ("$[1].items[0].phone", "cn_mobile") in at
    assert ("$[2].guest.证件号码", "cn_passport") in at
    assert [r.id for r in records] == [1, 2, 3]
    narrowed, _ = _scan(src, "customer")  # records without it are reported, not scanned
    assert {c for r in narrowed for _, c in r.findings} == {
        "$[0].customer.name",
        "$[0].customer.mobile",
        "$[0].customer.id_no",
    }


def test_jsonl_paths_in_the_jsonl_and_table_outputs(tmp_path: Path) -> None:
    src = tmp_path / "chat.jsonl"
    lines = [{"id": "a", "customer": {"mobile": MOBILE}}, {"id": "b", "text": f"电话{MOBILE2}"}]
    src.write_text("".join(json.dumps(x) + "\n" for x in lines), encoding="utf-8")
    sink = io.StringIO()
    records, summary = _scan(src)
    write = JsonlRecords(sink, show_values=False, with_source=False, all_records=False)
    for r in records:
        write(r)
    docs = [json.loads(line) for line in sink.getvalue().splitlines()]
    assert [(d["id"], [f["path"] for f in d["findings"]]) for d in docs] == [
        ("a", ["$.customer.mobile"]),
        ("b", ["$.text"]),
    ]
    table = io.StringIO()
    summary_table(summary, Console(file=table, width=200, highlight=False))  # type: ignore[arg-type]
    assert "$.customer.mobile, $.text" in table.getvalue()
    only, _ = _scan(src, "$.customer.mobile")
    assert [[c for _, c in r.findings] for r in only] == [["$.customer.mobile"]]


def test_json_documents_unmask_exactly(keyed: Path) -> None:
    src, out, back = keyed / "g.json", keyed / "m.json", keyed / "b.json"
    _write(src, DOC)
    keys, tokens = keyed / "boxguard.keys", f"sqlite:///{keyed}/t.db"
    req = MaskRequest(str(src), out, "hotel-front-desk", keys=keys, tokens=tokens, use_model=False)
    mask(req, services)
    masked = json.loads(out.read_text(encoding="utf-8"))
    assert masked[0]["customer"]["id_no"] != ID
    assert masked[2]["guest"]["证件号码"] != PASSPORT
    notes: list[str] = []
    ureq = UnmaskRequest(str(out), back, "hotel-front-desk", keys=keys, tokens=tokens)
    unmask(ureq, services, notes.append)
    got = json.loads(back.read_text(encoding="utf-8"))
    assert got[0]["customer"]["id_no"] == ID
    assert got[2]["guest"]["证件号码"] == PASSPORT
    assert notes[-1] == "2 value(s) restored"


def test_unmask_refuses_a_policy_that_reverses_nothing(keyed: Path) -> None:
    src, out, back = keyed / "in.json", keyed / "m.json", keyed / "b.json"
    _write(src, DOC)
    keys = keyed / "boxguard.keys"
    mask(MaskRequest(str(src), out, "customer-service", keys=keys, use_model=False), services)
    with pytest.raises(InputError, match="reverses nothing"):
        unmask(UnmaskRequest(str(out), back, "customer-service", keys=keys), services)
    assert not back.exists()


def test_json_records_on_standard_input_stay_json() -> None:
    """QA: `mask -` read JSON Lines as text: ``{"mobile": 13887574911}`` came out as
    ``{"mobile": 138****4911}`` (not JSON) and ``--field`` was ignored. Standard input is
    JSON Lines when its first record is one, as a .jsonl file."""
    from tests.integration.test_cli import bg

    lines = ['{"mobile": 13812345678}', "", '{"text": "a", "nested": {"tel": "13912345678"}}']
    r = bg("mask", "--no-model", "-", stdin="\n" + "\n".join(lines) + "\n")
    assert r.returncode == 0, r.stderr
    out = [json.loads(line) for line in r.stdout.splitlines() if line.strip()]
    assert out == [{"mobile": "138****5678"}, {"text": "a", "nested": {"tel": "139****5678"}}]
    assert r.stdout.startswith("\n"), "blank lines kept where they were"
    only = bg("mask", "--no-model", "--field", "text", "-", stdin=lines[2] + "\n")
    assert json.loads(only.stdout) == json.loads(lines[2]), "--field narrows standard input"
    text = bg("mask", "--no-model", "-", stdin=f"电话 {MOBILE}\n{{not json}}\n")
    assert text.stdout == "电话 138****5678\n{not json}\n", "text stays text"
    long = "x" * 300_000 + f" {MOBILE}\n"  # a first line longer than a piece: text, whole
    assert bg("mask", "--no-model", "-", stdin=long).stdout == long.replace(MOBILE, "138****5678")
