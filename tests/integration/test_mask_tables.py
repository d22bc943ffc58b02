"""`boxguard mask` / `unmask` on CSV, TSV, Parquet and XLSX tables, column-wise, end to end."""

from __future__ import annotations

import csv
import json
import random
from pathlib import Path

import polars as pl
import pytest
from openpyxl import Workbook, load_workbook

from boxguard.kinds import get_kind
from boxguard.synth import people
from tests.integration.test_cli import bg

COLUMNS = ["订单号", "姓名", "身份证号", "手机", "收货地址", "邮箱", "车牌", "金额", "备注"]
PERSONAL = ["姓名", "身份证号", "手机", "收货地址", "邮箱", "车牌"]


def rows(n: int, seed: int = 7) -> list[list[str]]:
    rng = random.Random(seed)
    out = []
    for i in range(n):
        mobile = get_kind("cn_mobile").generate(rng)  # type: ignore[misc]
        note = rng.choice(["", "易碎", "放门口", f"改送{mobile}", "周末送"])
        out.append(
            [
                f"2026{i:08d}",
                people.chinese_name(rng),
                get_kind("cn_resident_id").generate(rng),  # type: ignore[misc]
                mobile,
                people.address(rng),
                get_kind("email").generate(rng),  # type: ignore[misc]
                get_kind("cn_license_plate").generate(rng),  # type: ignore[misc]
                f"{rng.randrange(1, 99999) / 100:.2f}",
                note,
            ]
        )
    return out


def write_csv(path: Path, data: list[list[str]], sep: str = ",") -> None:
    with open(path, "w", encoding="utf-8", newline="") as fh:
        w = csv.writer(fh, delimiter=sep, lineterminator="\n")
        w.writerow(COLUMNS)
        w.writerows(data)


def read_csv(path: Path, sep: str = ",") -> list[list[str]]:
    with open(path, encoding="utf-8", newline="") as fh:
        return list(csv.reader(fh, delimiter=sep))


def personal_values(data: list[list[str]]) -> set[str]:
    idx = [COLUMNS.index(c) for c in PERSONAL]
    return {row[i] for row in data for i in idx} | {
        row[COLUMNS.index("备注")][2:]
        for row in data
        if row[COLUMNS.index("备注")].startswith("改送")
    }


def leaked(cells: list[str], secrets: set[str]) -> set[str]:
    text = "\n".join(cells)
    return {s for s in secrets if len(s) >= 4 and s in text}


@pytest.mark.parametrize(
    ("suffix", "sep"), [(".csv", ","), (".tsv", "\t"), (".csv", ";"), (".csv", "|")]
)
def test_delimited_table_keeps_shape_and_leaks_nothing(
    tmp_path: Path, suffix: str, sep: str
) -> None:
    data = rows(300)
    src, out = tmp_path / f"in{suffix}", tmp_path / f"out{suffix}"
    write_csv(src, data, sep)
    r = bg("mask", str(src), "--out", str(out), cwd=tmp_path)
    assert r.returncode == 0, r.stderr
    got = read_csv(out, sep)
    assert got[0] == COLUMNS
    assert len(got) == len(data) + 1
    for before, after in zip(data, got[1:], strict=True):
        assert after[0] == before[0], "order number (not personal) unchanged, rows in order"
        assert after[COLUMNS.index("金额")] == before[COLUMNS.index("金额")]
        assert after[COLUMNS.index("手机")] == before[3][:3] + "****" + before[3][-4:]
        assert after[COLUMNS.index("姓名")].endswith("*")
    assert leaked([c for row in got for c in row], personal_values(data)) == set()
    manifest = json.loads((tmp_path / f"out{suffix}.boxguard.json").read_text())
    plan = {c["column"]: (c["action"], c["kind"]) for c in manifest["columns"]}
    assert plan["手机"] == ("kind", "cn_mobile")
    assert plan["身份证号"] == ("kind", "cn_resident_id")
    assert plan["备注"] == ("detect", None)
    assert plan["金额"] == ("keep", None)


def test_a_short_semicolon_csv_is_split_not_masked_whole(tmp_path: Path) -> None:
    """Two lines delimited by ``;`` (a European export): three columns, so the name column
    is masked and the amount and order number are kept (read as one column named
    ``金额;订单号;客户``, its name said "customer" and every cell was masked whole)."""
    src, out = tmp_path / "t.csv", tmp_path / "o.csv"
    src.write_text("金额;订单号;客户\n9087.37;399014817709005912;林静\n", encoding="utf-8")
    r = bg("mask", str(src), "--out", str(out), cwd=tmp_path)
    assert r.returncode == 0, r.stderr
    assert out.read_text(encoding="utf-8") == "金额;订单号;客户\n9087.37;399014817709005912;林*\n"
    r = bg("scan", str(src), "-f", "jsonl", cwd=tmp_path)
    assert [f["column"] for f in json.loads(r.stdout.splitlines()[0])["findings"]] == ["客户"]


def test_column_wise_output_equals_cell_by_cell_output(tmp_path: Path) -> None:
    """The vectorised path is an optimisation: same bytes as the row-by-row path."""
    data = rows(200, seed=11)
    src = tmp_path / "in.csv"
    write_csv(src, data)
    fast = tmp_path / "fast.csv"
    assert bg("mask", "--no-model", str(src), "--out", str(fast)).returncode == 0
    slow = bg("mask", "--no-model", str(src))
    assert slow.returncode == 0
    # the row path scans each cell; the column path trusts the column's kind; on cells of
    # that kind both must agree
    for a, b in zip(
        read_csv(fast)[1:], list(csv.reader(slow.stdout.splitlines()))[1:], strict=True
    ):
        for col in ("身份证号", "手机", "邮箱", "车牌"):
            assert a[COLUMNS.index(col)] == b[COLUMNS.index(col)], col


def test_parquet_keeps_schema_of_untouched_columns(tmp_path: Path) -> None:
    data = rows(200)
    df = pl.DataFrame({c: [r[i] for r in data] for i, c in enumerate(COLUMNS)})
    df = df.with_columns(pl.col("金额").cast(pl.Float64), pl.col("手机").cast(pl.Int64))
    src, out = tmp_path / "in.parquet", tmp_path / "out.parquet"
    df.write_parquet(src)
    r = bg("mask", str(src), "--out", str(out))
    assert r.returncode == 0, r.stderr
    got = pl.read_parquet(out)
    assert got.columns == COLUMNS
    assert got.schema["金额"] == pl.Float64
    assert got["金额"].to_list() == df["金额"].to_list()
    assert got.schema["手机"] == pl.String, "a masked phone is text"
    cells = [str(v) for col in got.columns for v in got[col].to_list()]
    assert leaked(cells, personal_values(data)) == set()


def test_xlsx_sheets_and_fpe_round_trip(tmp_path: Path) -> None:
    data = rows(60)
    wb = Workbook()
    ws = wb.active
    assert ws is not None
    ws.title = "订单"
    ws.append(COLUMNS)
    for row in data:
        ws.append(row)
    wb.create_sheet("空白")
    src, out, back = tmp_path / "in.xlsx", tmp_path / "out.xlsx", tmp_path / "back.xlsx"
    wb.save(src)
    assert bg("keys", "init", cwd=tmp_path).returncode == 0
    policy = tmp_path / "p.yaml"
    policy.write_text("default: mask\nkinds: {cn_resident_id: encrypt_fpe}\n")
    r = bg("mask", "-p", str(policy), str(src), "--out", str(out), cwd=tmp_path)
    assert r.returncode == 0, r.stderr
    masked = load_workbook(out)
    assert masked.sheetnames == ["订单", "空白"]
    got = [list(r) for r in masked["订单"].iter_rows(values_only=True)]
    ids = [row[COLUMNS.index("身份证号")] for row in got[1:]]
    assert all(get_kind("cn_resident_id").is_valid(v) for v in ids), "FPE output is a valid ID"
    assert leaked([str(c) for row in got for c in row if c], personal_values(data)) == set()
    r = bg("unmask", "-p", str(policy), str(out), "--out", str(back), cwd=tmp_path)
    assert r.returncode == 0, r.stderr
    restored = [list(r) for r in load_workbook(back)["订单"].iter_rows(values_only=True)]
    assert [row[COLUMNS.index("身份证号")] for row in restored[1:]] == [r[2] for r in data]


def test_ragged_csv_exits_2_without_values_or_output(tmp_path: Path) -> None:
    src, out = tmp_path / "in.csv", tmp_path / "out.csv"
    src.write_text("姓名,手机\n张伟,13812345678\n李娜,13912345678,多余\n", encoding="utf-8")
    r = bg("mask", str(src), "--out", str(out))
    assert r.returncode == 2
    assert "3 fields" in r.stderr
    assert "13912345678" not in r.stderr
    assert "Traceback" not in r.stderr
    assert not out.exists()
    assert list(tmp_path.iterdir()) == [src], "no temporary file left behind"


def test_binary_tables_need_out_in_the_same_format(tmp_path: Path) -> None:
    src = tmp_path / "in.parquet"
    pl.DataFrame({"手机": ["13812345678"]}).write_parquet(src)
    r = bg("mask", str(src))
    assert r.returncode == 2
    assert "--out" in r.stderr
    r = bg("mask", str(src), "--out", str(tmp_path / "x.csv"))
    assert r.returncode == 2
    assert "format" in r.stderr


def test_keyed_operator_without_key_refuses_before_writing(tmp_path: Path) -> None:
    src, out = tmp_path / "in.csv", tmp_path / "out.csv"
    write_csv(src, rows(5))
    policy = tmp_path / "p.yaml"
    policy.write_text("default: mask\ncolumns: {手机: {kind: cn_mobile, op: tokenize}}\n")
    r = bg("mask", "-p", str(policy), str(src), "--out", str(out), cwd=tmp_path)
    assert r.returncode == 2
    assert "tokenize" in r.stderr
    assert "keys init" in r.stderr
    assert not out.exists()


def test_scan_all_scans_columns_the_sample_called_clean(tmp_path: Path) -> None:
    data = rows(30)
    late = [*data[-1][:-1], "联系13812345678"]
    src, out = tmp_path / "in.csv", tmp_path / "out.csv"
    write_csv(src, [*data, late])
    r = bg("mask", "--sample-rows", "5", "--scan-all", str(src), "--out", str(out))
    assert r.returncode == 0, r.stderr
    assert "13812345678" not in out.read_text(encoding="utf-8")


@pytest.mark.parametrize("suffix", [".csv", ".txt"])
def test_in_place_keeps_a_backup_and_refuses_to_overwrite_one(tmp_path: Path, suffix: str) -> None:
    src = tmp_path / f"export{suffix}"
    if suffix == ".csv":
        write_csv(src, rows(20))
    else:
        src.write_text("客户手机13812345678\n", encoding="utf-8")
    original = src.read_bytes()
    r = bg("mask", "--in-place", str(src), cwd=tmp_path)
    assert r.returncode == 0, r.stderr
    backup = tmp_path / f"export{suffix}.orig"
    assert backup.read_bytes() == original
    assert src.read_bytes() != original
    assert (tmp_path / f"export{suffix}.boxguard.json").exists()
    again = bg("mask", "--in-place", str(src), cwd=tmp_path)
    assert again.returncode == 2
    assert "backup already exists" in again.stderr
    assert backup.read_bytes() == original, "the backup is never overwritten"
    assert sorted(p.name for p in tmp_path.iterdir() if p.name.startswith(".")) == []


def test_a_folder_is_masked_into_a_mirror_folder_without_binaries(tmp_path: Path) -> None:
    src = tmp_path / "export"
    (src / "sub").mkdir(parents=True)
    data = rows(40)
    write_csv(src / "orders.csv", data)
    (src / "sub" / "chat.txt").write_text("客户手机13812345678，IP 240e:f285:2dbc::9d85\n")
    (src / "sub" / "photo.bin").write_bytes(bytes(range(256)) * 4)
    out = tmp_path / "safe"
    r = bg("mask", str(src), "--out", str(out))
    assert r.returncode == 0, r.stderr
    assert "photo.bin: binary file not copied" in r.stderr
    files = sorted(p.relative_to(out).as_posix() for p in out.rglob("*") if p.is_file())
    assert files == [
        "orders.csv",
        "orders.csv.boxguard.json",
        "sub/chat.txt",
        "sub/chat.txt.boxguard.json",
    ]
    assert (
        leaked([(out / "orders.csv").read_text(encoding="utf-8")], personal_values(data)) == set()
    )
    chat = (out / "sub" / "chat.txt").read_text(encoding="utf-8")
    assert "13812345678" not in chat
    assert "9d85" not in chat, "an IPv6 address keeps only its /48"
    again = bg("mask", str(src), "--out", str(out))
    assert again.returncode == 2
    assert "not empty" in again.stderr
    inside = bg("mask", str(src), "--out", str(src / "masked"))
    assert inside.returncode == 2
    assert "inside" in inside.stderr
    assert bg("mask", str(src)).returncode == 2, "a folder needs --out"


def test_a_folder_round_trips_through_mask_and_unmask(tmp_path: Path) -> None:
    src = tmp_path / "in"
    src.mkdir()
    data = rows(30)
    write_csv(src / "a.csv", data)
    (src / "b.txt").write_text("身份证11010519491231002X\n", encoding="utf-8")
    assert bg("keys", "init", cwd=tmp_path).returncode == 0
    policy = tmp_path / "p.yaml"
    policy.write_text(
        "default: mask\ncolumns: {身份证号: {kind: cn_resident_id, op: encrypt_fpe}}\n"
        "kinds: {cn_resident_id: encrypt_fpe}\n"
    )
    masked, back = tmp_path / "masked", tmp_path / "back"
    r = bg("mask", "-p", str(policy), str(src), "--out", str(masked), cwd=tmp_path)
    assert r.returncode == 0, r.stderr
    assert "11010519491231002X" not in (masked / "b.txt").read_text(encoding="utf-8")
    r = bg("unmask", "-p", str(policy), str(masked), "--out", str(back), cwd=tmp_path)
    assert r.returncode == 0, r.stderr
    assert (back / "b.txt").read_text(encoding="utf-8") == "身份证11010519491231002X\n"
    ids = [row[COLUMNS.index("身份证号")] for row in read_csv(back / "a.csv")[1:]]
    assert ids == [row[2] for row in data]
    assert not (back / "a.csv.boxguard.json").exists(), "manifests are read, not copied"


def test_folder_masking_honours_include_and_exclude(tmp_path: Path) -> None:
    src = tmp_path / "in"
    (src / "sub").mkdir(parents=True)
    (src / "a.txt").write_text("手机13812345678\n", encoding="utf-8")
    (src / "sub" / "b.txt").write_text("手机13912345678\n", encoding="utf-8")
    (src / "c.log").write_text("手机13712345678\n", encoding="utf-8")
    out = tmp_path / "out"
    r = bg("mask", str(src), "--out", str(out), "--include", "*.txt", "--exclude", "sub/*")
    assert r.returncode == 0, r.stderr
    assert sorted(p.name for p in out.rglob("*") if p.is_file()) == ["a.txt", "a.txt.boxguard.json"]
