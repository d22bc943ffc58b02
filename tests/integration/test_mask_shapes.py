"""Black-box corpus: tables and records as people save them, masked under every shipped policy.

Each shape is generated here from synthetic values (valid check digits, fictitious people):
a CSV without a header row, a CSV with a title row above its header, an XLSX with a merged
title, a notes row, a formula and a notes sheet, a column of identity documents of several
kinds (证件号码, 证件号) and one of G-series passports (护照号), nested JSONL records, a .json
array of nested orders, CSV in GBK, UTF-16 and UTF-8 with BOM and CRLF. For each, no gold
value may survive `mask` under any shipped policy, the manifest holds no personal value,
and `unmask` restores every document exactly (the policy that encrypts them) or refuses
with nothing written (the policies that reverse nothing).
"""

from __future__ import annotations

import csv
import io
import json
import random
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from openpyxl import Workbook, load_workbook

from boxguard import services
from boxguard.crypto.keys import Keyset
from boxguard.errors import InputError
from boxguard.io.keys import write_keyset
from boxguard.io.policies import read_policy, shipped
from boxguard.jobs.mask import MANIFEST_SUFFIX, REVERSIBLE, MaskRequest, mask, ops_for
from boxguard.jobs.unmask import UnmaskRequest, unmask
from boxguard.kinds import get_kind
from boxguard.synth import people

TITLE_NAME, TITLE_PHONE = "王小明", "13800138000"
NOTE_NAME, NOTE_PHONE = "李娜娜", "13912345678"
SHEET_NAME, SHEET_PHONE, SHEET_ID = "赵敏敏", "13712345678", "11010519491231002X"
#: Values inside free text (a title, a note): looked for anywhere in the output.
FREE = {TITLE_NAME, TITLE_PHONE, NOTE_NAME, NOTE_PHONE, SHEET_NAME, SHEET_PHONE, SHEET_ID}


def _passport(rng: random.Random) -> str:
    return "G" + "".join(rng.choice("0123456789") for _ in range(8))


def people_rows(n: int, seed: int, passports: int = 0) -> list[list[str]]:
    """姓名, 证件号码, 手机, 地址 — every ``passports``-th document a G-series passport."""
    rng = random.Random(seed)
    out = []
    for i in range(n):
        doc = get_kind("cn_resident_id").generate(rng)  # type: ignore[misc]
        if passports and i % passports == 0:
            doc = _passport(rng)
        mobile = get_kind("cn_mobile").generate(rng)  # type: ignore[misc]
        out.append([people.chinese_name(rng), doc, mobile, people.address(rng)])
    return out


HEADER = ["姓名", "证件号码", "手机", "地址"]


@dataclass
class Shape:
    """A file to mask, the personal values in it, and how to read its output's cells."""

    name: str
    gold: set[str]
    cells: Callable[[Path], list[str]]
    encoding: str = "utf-8"
    extra: dict[str, object] = field(default_factory=dict)


def _csv_cells(encoding: str) -> Callable[[Path], list[str]]:
    def read(path: Path) -> list[str]:
        with open(path, encoding=encoding, newline="") as fh:
            return [c for row in csv.reader(fh) for c in row]

    return read


def _leaves(v: object) -> list[str]:
    if isinstance(v, dict):
        return [t for x in v.values() for t in _leaves(x)]
    if isinstance(v, list):
        return [t for x in v for t in _leaves(x)]
    return [str(v)]


def _jsonl_cells(path: Path) -> list[str]:
    """Every leaf of every record, in order (a record keeps its shape when masked)."""
    lines = path.read_text(encoding="utf-8").splitlines()
    return [t for line in lines for t in _leaves(json.loads(line))]


def _json_cells(path: Path) -> list[str]:
    """Every leaf of a .json document, in order (it keeps its shape when masked)."""
    return _leaves(json.loads(path.read_text(encoding="utf-8")))


def _xlsx_cells(path: Path) -> list[str]:
    """Every sheet's name and cells, 8 a row (a formula, not kept by mask, reads as empty)."""
    wb = load_workbook(path)
    cells = [ws.title for ws in wb.worksheets]
    for ws in wb.worksheets:
        for row in ws.iter_rows(values_only=True):
            texts = ["" if v is None or str(v).startswith("=") else str(v) for v in row]
            cells += (texts + [""] * 8)[:8]
    return cells


def _write_csv(path: Path, rows: list[list[str]], encoding: str, nl: str = "\n") -> None:
    buf = io.StringIO()
    csv.writer(buf, lineterminator=nl).writerows(rows)
    path.write_bytes(buf.getvalue().encode(encoding))


def _gold(rows: list[list[str]]) -> set[str]:
    return {c for r in rows for c in r if c}


def make_shapes(d: Path) -> list[Shape]:
    shapes = []
    rows = people_rows(40, seed=11, passports=5)
    _write_csv(d / "headerless.csv", rows, "utf-8")
    shapes.append(Shape("headerless.csv", _gold(rows), _csv_cells("utf-8")))

    rows = people_rows(40, seed=12, passports=4)
    title = [f"2026年11月入住登记表（制表：{TITLE_NAME} {TITLE_PHONE}）", "", "", ""]
    _write_csv(d / "titled.csv", [title, HEADER, *rows], "utf-8")
    gold = _gold(rows) | {TITLE_NAME, TITLE_PHONE}
    shapes.append(Shape("titled.csv", gold, _csv_cells("utf-8")))

    rows = people_rows(29, seed=13, passports=3)
    wb = Workbook()
    ws = wb.active
    assert ws is not None
    ws.title = "登记"
    ws.append([f"2026年11月入住登记表（制表：{TITLE_NAME} {TITLE_PHONE}）"])
    ws.merge_cells("A1:D1")
    ws.append([*HEADER, "字数"])
    for i, r in enumerate(rows, start=3):
        ws.append([*r, f"=LEN(A{i})"])
    ws.append([f"备注：联系人{NOTE_NAME}，电话{NOTE_PHONE}"])
    notes = wb.create_sheet("说明")
    notes["A1"] = f"联系人：{SHEET_NAME} {SHEET_PHONE} 身份证 {SHEET_ID}"
    wb.save(d / "titled.xlsx")
    gold = _gold(rows) | {TITLE_NAME, TITLE_PHONE, NOTE_NAME, NOTE_PHONE}
    gold |= {SHEET_NAME, SHEET_PHONE, SHEET_ID}
    shapes.append(Shape("titled.xlsx", gold, _xlsx_cells))

    for name, encoding in (("gbk.csv", "gbk"), ("utf16.csv", "utf-16")):
        rows = people_rows(30, seed=len(name))
        _write_csv(d / name, [HEADER, *rows], encoding)
        shapes.append(Shape(name, _gold(rows), _csv_cells(encoding), encoding))

    rows = people_rows(20, seed=15, passports=2)
    with open(d / "nested.jsonl", "w", encoding="utf-8", newline="") as fh:
        for i, (name, doc, mobile, address) in enumerate(rows):
            guest = {"姓名": name, "证件号码": doc, "联系": {"手机": mobile, "地址": address}}
            record = {"id": i, "text": {"guest": guest, "tags": ["vip", mobile]}}
            fh.write(json.dumps(record, ensure_ascii=False) + "\r\n")
    shapes.append(Shape("nested.jsonl", _gold(rows), _jsonl_cells))

    rows = people_rows(24, seed=16, passports=2)
    orders = [
        {
            "order": f"SO-2026-{i:04d}",
            "guest": {"姓名": name, "证件号码": doc, "联系": {"手机": mobile, "地址": address}},
            "items": [{"sku": "A-1", "qty": 2}, {"phone": int(mobile)}],
            "remark": "请尽快处理",
        }
        for i, (name, doc, mobile, address) in enumerate(rows)
    ]
    (d / "orders.json").write_text(
        json.dumps(orders, ensure_ascii=False, indent=2) + "\n", encoding="utf-8"
    )
    shapes.append(Shape("orders.json", _gold(rows), _json_cells))

    rng = random.Random(17)
    rows = [
        [name, doc if i % 2 else _passport(rng), _passport(rng), mobile]
        for i, (name, doc, mobile, _) in enumerate(people_rows(30, seed=17))
    ]
    _write_csv(d / "passports.csv", [["姓名", "证件号", "护照号", "手机"], *rows], "utf-8")
    shapes.append(Shape("passports.csv", _gold(rows), _csv_cells("utf-8")))

    rows = people_rows(30, seed=14)
    _write_csv(d / "bom-crlf.csv", [HEADER, *rows], "utf-8-sig", "\r\n")
    shapes.append(Shape("bom-crlf.csv", _gold(rows), _csv_cells("utf-8-sig"), "utf-8-sig"))
    return shapes


def leaks(cells: list[str], gold: set[str]) -> set[str]:
    """Gold values in ``cells``: a whole cell, or (3 characters or more) inside one.

    Two-character names are only looked for as whole cells: 沈阳 is a name and a city.
    """
    whole = set(cells)
    text = "\n".join(cells)
    return {g for g in gold if g in whole or (len(g) >= 3 and g in text)}


def survivors(before: list[str], after: list[str], gold: set[str]) -> set[str]:
    """Gold cells still in their place after masking (a surrogate may by chance equal
    another row's value: that is no leak), and free-text gold values anywhere."""
    assert len(before) == len(after)
    kept = {
        a
        for a, b in zip(before, after, strict=True)
        if a in gold and (b == a or (len(a) >= 3 and a in b))
    }
    return kept | leaks(after, FREE & gold)


def manifest_values(manifest: object) -> list[str]:
    if isinstance(manifest, dict):
        return [s for k, v in manifest.items() for s in [str(k), *manifest_values(v)]]
    if isinstance(manifest, list):
        return [s for v in manifest for s in manifest_values(v)]
    return [str(manifest)]


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, list[Shape]]:
    d = tmp_path_factory.mktemp("shapes")
    write_keyset(d / "boxguard.keys", Keyset.generate(), replace=True)
    return d, make_shapes(d)


def _mask(d: Path, shape: Shape, policy: str, notes: list[str], strict: bool = False) -> Path:
    out = d / policy / shape.name
    out.parent.mkdir(exist_ok=True)
    req = MaskRequest(
        path=str(d / shape.name),
        out=out,
        policy=policy,
        keys=d / "boxguard.keys",
        tokens=f"sqlite:///{d}/tokens.db",
        strict=strict,
    )
    mask(req, services, notes.append)
    return out


@pytest.mark.parametrize("policy", shipped())
def test_no_gold_value_survives_any_shipped_policy(
    corpus: tuple[Path, list[Shape]], policy: str
) -> None:
    d, shapes = corpus
    scanner = services.scanner(use_model=True)
    for shape in shapes:
        notes: list[str] = []
        out = _mask(d, shape, policy, notes)
        before, after = shape.cells(d / shape.name), shape.cells(out)
        left = survivors(before, after, shape.gold)
        assert not left, (policy, shape.name, sorted(left)[:5])
        manifest = json.loads(Path(str(out) + MANIFEST_SUFFIX).read_text(encoding="utf-8"))
        strings = manifest_values(manifest)
        assert not leaks(strings, shape.gold), shape.name
        found = [f.kind for s in strings for f in scanner.scan(s)]
        assert not found, (shape.name, found)


def test_titled_sheet_finds_its_header_and_masks_every_sheet(
    corpus: tuple[Path, list[Shape]],
) -> None:
    d, shapes = corpus
    shape = next(s for s in shapes if s.name == "titled.xlsx")
    notes: list[str] = []
    out = _mask(d, shape, "customer-service", notes)
    wb = load_workbook(out)
    ws = wb.worksheets[0]
    got = [list(r) for r in ws.iter_rows(values_only=True)]
    assert got[1][:4] == HEADER  # the header stays where it was, in clear
    assert TITLE_PHONE not in str(got[0][0])
    assert "入住登记表" in str(got[0][0])
    assert [w.title for w in wb.worksheets] == ["登记", "说明"]
    assert SHEET_PHONE not in str(wb.worksheets[1]["A1"].value)
    said = f"{d / shape.name}: 29 formula(s) dropped, written as their last computed values, "
    assert f"{said}29 of them empty (the file kept no value)" in " ".join(notes), notes
    assert any("1 merged range(s) dropped" in n for n in notes), notes
    manifest = json.loads(Path(str(out) + MANIFEST_SUFFIX).read_text(encoding="utf-8"))
    plans = {c["column"]: (c["action"], c["kind"]) for c in manifest["columns"]}
    assert plans["姓名"] == ("kind", "person_name")
    assert plans["证件号码"][0] == "kind"
    assert manifest["tables"][0] == {"sheet": "登记", "table_row": 2, "header": True}


def test_headerless_csv_masks_its_first_row_as_data(corpus: tuple[Path, list[Shape]]) -> None:
    d, shapes = corpus
    shape = next(s for s in shapes if s.name == "headerless.csv")
    first = (d / shape.name).read_text(encoding="utf-8").splitlines()[0].split(",")
    out = _mask(d, shape, "customer-service", [])
    masked_first = out.read_text(encoding="utf-8").splitlines()[0].split(",")
    assert len(masked_first) == len(first)
    assert not set(first) & set(masked_first)
    manifest = json.loads(Path(str(out) + MANIFEST_SUFFIX).read_text(encoding="utf-8"))
    assert [c["column"] for c in manifest["columns"]] == [f"column_{i}" for i in range(1, 5)]
    assert manifest["records"] == 40


def test_encodings_bom_and_crlf_come_back_as_they_were(corpus: tuple[Path, list[Shape]]) -> None:
    d, shapes = corpus
    for name, start in (("gbk.csv", "姓名".encode("gbk")), ("utf16.csv", b"\xff\xfe")):
        out = _mask(d, next(s for s in shapes if s.name == name), "customer-service", [])
        assert out.read_bytes().startswith(start), name
    out = _mask(d, next(s for s in shapes if s.name == "bom-crlf.csv"), "customer-service", [])
    raw = out.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")
    assert raw.count(b"\r\n") == 31
    assert raw.count(b"\n") == 31


def test_strict_refuses_cells_no_rule_masked_and_writes_nothing(
    corpus: tuple[Path, list[Shape]],
) -> None:
    d, shapes = corpus
    shape = next(s for s in shapes if s.name == "headerless.csv")
    notes: list[str] = []
    out = _mask(d, shape, "hotel-front-desk", notes)
    assert any("column_2: 8 cell(s) matched no rule" in n for n in notes), notes
    out.unlink()
    with pytest.raises(InputError, match="--strict"):
        _mask(d, shape, "hotel-front-desk", [], strict=True)
    assert not out.exists()


@pytest.mark.parametrize(
    "name", ["titled.xlsx", "nested.jsonl", "titled.csv", "orders.json", "passports.csv"]
)
def test_fpe_documents_unmask_exactly_in_every_shape(
    corpus: tuple[Path, list[Shape]], name: str
) -> None:
    d, shapes = corpus
    shape = next(s for s in shapes if s.name == name)
    out = _mask(d, shape, "hotel-front-desk", [])
    back = d / f"back-{name}"
    keys = d / "boxguard.keys"
    notes: list[str] = []
    req = UnmaskRequest(str(out), back, "hotel-front-desk", None, "*", keys, "sqlite:///x")
    unmask(req, services, notes.append)
    docs = {g for g in shape.gold - FREE if g[:1] == "G" or (len(g) == 18 and g[:17].isdigit())}
    before, masked, after = shape.cells(d / name), shape.cells(out), shape.cells(back)
    assert not docs & set(masked)
    assert docs <= set(after)  # every document (IDs and passports) restored, in place
    assert [a for a in before if a in docs] == [b for b in after if b in docs]
    free_ids = 1 if SHEET_ID in shape.gold else 0  # the notes sheet's ID, inside its text
    assert f"{len(docs) + free_ids} value(s) restored" in notes, notes


def test_fpe_columns_unmask_exactly(corpus: tuple[Path, list[Shape]]) -> None:
    d, shapes = corpus
    shape = next(s for s in shapes if s.name == "bom-crlf.csv")
    out = _mask(d, shape, "hotel-front-desk", [])
    back = d / "back.csv"
    req = UnmaskRequest(
        str(out), back, "hotel-front-desk", None, "text", d / "boxguard.keys", f"sqlite:///{d}/t"
    )
    unmask(req, services)
    src = list(csv.reader(io.StringIO((d / shape.name).read_text(encoding="utf-8-sig"))))
    got = list(csv.reader(io.StringIO(back.read_text(encoding="utf-8-sig"))))
    assert [r[1] for r in got] == [r[1] for r in src]


def _reverses(policy: str) -> bool:
    return bool(ops_for(read_policy(policy), None) & REVERSIBLE)


@pytest.mark.parametrize("policy", [p for p in shipped() if not _reverses(p)])
def test_unmask_refuses_what_a_policy_made_irreversible(
    corpus: tuple[Path, list[Shape]], policy: str
) -> None:
    d, shapes = corpus
    for shape in shapes:
        out = _mask(d, shape, policy, [])
        back = d / f"back-{policy}-{shape.name}"
        req = UnmaskRequest(str(out), back, policy, None, "*", d / "boxguard.keys", "sqlite:///x")
        with pytest.raises(InputError, match="reverses nothing"):
            unmask(req, services)
        assert not back.exists(), shape.name
