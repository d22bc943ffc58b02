"""`mask` keeps encodings, BOMs and line ends; errors (policies, risk, FIFOs, folders) say
what and where in one line, exit 2, and never show a value."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from boxguard import services
from boxguard.errors import ConfigError, InputError
from boxguard.io.policies import read_policy
from boxguard.io.sources import Options, walk
from boxguard.jobs.mask import MaskRequest, mask
from boxguard.jobs.risk import RiskRequest, risk
from tests.integration.test_cli import bg

LINE = "客户张伟，手机13812345678，已登记"
MASKED_PHONE = "138****5678"


def _mask(src: Path, out: Path | None, **kw: object) -> list[str]:
    notes: list[str] = []
    mask(MaskRequest(path=str(src), out=out, use_model=False, **kw), services, notes.append)  # type: ignore[arg-type]
    return notes


@pytest.mark.parametrize("encoding", ["gbk", "gb18030", "utf-16", "utf-16-le", "utf-16-be"])
def test_a_text_file_comes_back_in_its_encoding(tmp_path: Path, encoding: str) -> None:
    """(UTF-16 without a BOM, a Windows export, was read as binary-ish UTF-8: scan skipped
    it, mask wrote it back with the numbers in clear and its first characters broken.)"""
    src, out = tmp_path / "in.txt", tmp_path / "out.txt"
    src.write_bytes(((LINE + "\r\n") * 3).encode(encoding))
    _mask(src, out)
    text = out.read_bytes().decode(encoding)
    assert MASKED_PHONE in text
    assert "13812345678" not in text
    assert text.count("\r\n") == 3
    if encoding == "utf-16":
        assert out.read_bytes()[:2] in (b"\xff\xfe", b"\xfe\xff")
    else:
        assert out.read_bytes()[:2] not in (b"\xff\xfe", b"\xfe\xff"), "no BOM added"


def test_a_binary_file_is_refused_with_nothing_written(tmp_path: Path) -> None:
    src, out = tmp_path / "in.dat", tmp_path / "out.dat"
    src.write_bytes(bytes(range(256)) * 4 + "手机13812345678".encode())
    with pytest.raises(InputError, match=r"in\.dat: a binary file, not masked"):
        _mask(src, out)
    assert not out.exists()


def test_out_encoding_converts_and_stdout_says_what_it_wrote(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    src, out = tmp_path / "in.txt", tmp_path / "out.txt"
    src.write_bytes((LINE + "\n").encode("gbk"))
    _mask(src, out, out_encoding="utf-8")
    assert MASKED_PHONE in out.read_text(encoding="utf-8")
    notes = _mask(src, None)
    assert MASKED_PHONE in capsys.readouterr().out
    assert any("--out-encoding gb18030" in n for n in notes), notes


def test_a_gbk_csv_on_stdout_is_utf8_as_text_is(tmp_path: Path) -> None:
    """QA: a GBK CSV masked to stdout came out in GBK, though --out-encoding says stdout is
    UTF-8 (text was converted, tables were not)."""
    src = tmp_path / "g.csv"
    src.write_bytes("姓名,手机\n张霞敏,13812345678\n".encode("gbk"))
    r = subprocess.run(
        [sys.executable, "-m", "boxguard", "mask", "--no-model", str(src)],
        capture_output=True,
        check=False,
    )
    assert r.returncode == 0, r.stderr
    assert r.stdout.decode("utf-8").splitlines()[0] == "姓名,手机"
    r = subprocess.run(
        [sys.executable, "-m", "boxguard", "mask", "--no-model", "--out-encoding", "gbk", str(src)],
        capture_output=True,
        check=False,
    )
    assert r.stdout.decode("gbk").splitlines()[0] == "姓名,手机"


@pytest.mark.parametrize("suffix", [".txt", ".jsonl"])
def test_bom_and_crlf_are_kept(tmp_path: Path, suffix: str) -> None:
    src, out = tmp_path / f"in{suffix}", tmp_path / f"out{suffix}"
    line = LINE if suffix == ".txt" else '{"text": "' + LINE + '", "id": 1}'
    src.write_bytes(b"\xef\xbb\xbf" + ((line + "\r\n") * 2).encode())
    _mask(src, out)
    raw = out.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")
    assert raw.count(b"\r\n") == 2
    assert raw.count(b"\n") == 2
    assert MASKED_PHONE.encode() in raw


def test_utf8_with_a_few_bad_bytes_is_read_as_utf8_and_counted(tmp_path: Path) -> None:
    src, out = tmp_path / "in.txt", tmp_path / "out.txt"
    src.write_bytes(b"log \xff\xff\xff " + b"a" * 400 + b"\n" + (LINE + "\n").encode())
    notes = _mask(src, out)
    assert MASKED_PHONE in out.read_text(encoding="utf-8")
    assert any("3 byte(s) not valid utf-8" in n for n in notes), notes


@pytest.mark.parametrize(
    ("text", "line", "says"),
    [
        (b"default: mask\nkinds:\n  cn_mobile: {op: mask, keep_first: -3}\n", 3, "0 or more"),
        (b"default: mask\nroles:\n  courier: [a, b]\n", 3, "roles.courier"),
        (b"default: mask\n# \xd5\xc5\xce\xb0\n", 2, "not UTF-8"),
        (b"default: mask\nkinds:\n  person_name: {op: encrypt_fpe}\n", 3, "too few digits"),
        (b"default: encrypt_fpe\n", 1, "its own rule"),
    ],
)
def test_malformed_policies_are_one_located_line(
    tmp_path: Path, text: bytes, line: int, says: str
) -> None:
    p = tmp_path / "p.yaml"
    p.write_bytes(text)
    with pytest.raises(ConfigError) as err:
        read_policy(str(p))
    assert f"p.yaml line {line}:" in str(err.value)
    assert says in str(err.value)
    assert "\n" not in str(err.value)


def test_a_policy_column_no_table_has_is_refused(tmp_path: Path) -> None:
    p = tmp_path / "p.yaml"
    p.write_text("default: mask\ncolumns:\n  电话号码: {kind: cn_mobile, op: mask}\n")
    src, out = tmp_path / "in.csv", tmp_path / "out.csv"
    src.write_text("姓名,手机\n张伟,13812345678\n", encoding="utf-8")
    with pytest.raises(ConfigError, match=r"p\.yaml line 3: columns\.电话号码"):
        _mask(src, out, policy=str(p))
    assert not out.exists()


def test_an_error_inside_a_column_function_is_not_wrapped_by_polars(tmp_path: Path) -> None:
    from boxguard.io.tables import ColumnOp, Planner, rewrite_table

    def fail(_value: str) -> str:
        raise ConfigError("kind 'x' cannot take this operator")

    src, out = tmp_path / "in.csv", tmp_path / "out.csv"
    src.write_text("姓名,手机\n张伟,13812345678\n", encoding="utf-8")
    planner = Planner(lambda _sample: {"姓名": ColumnOp(fail)})
    with pytest.raises(ConfigError) as err:
        rewrite_table(src, out, planner)
    assert str(err.value) == "kind 'x' cannot take this operator"
    assert not out.exists()


def test_risk_errors_show_no_values(tmp_path: Path) -> None:
    t = tmp_path / "t.csv"
    t.write_text("张伟,11010519491231002X,13812345678\n李娜,110105194912310021,13912345678\n")
    with pytest.raises(ConfigError) as err:
        risk(RiskRequest(table=t, quasi=("出生日期",)), services)
    msg = str(err.value)
    assert "13812345678" not in msg
    assert "11010519491231002X" not in msg
    assert "column_1" in msg
    x = tmp_path / "t.xlsx"
    x.write_bytes(b"PK\x03\x04" + os.urandom(64))
    with pytest.raises(InputError) as err2:
        risk(RiskRequest(table=x, quasi=("a",)), services)
    assert "PK" not in str(err2.value)
    # QA: "(NoDataError)", "(ComputeError)": the library's error types, not what is wrong
    (tmp_path / "e.csv").write_text("")
    (tmp_path / "m.csv").write_text('a,b\n1,2,3,13812345678\n"x\n')
    # QA: nor where (the spec asks for where: the row)
    for name, says in (("e.csv", "an empty table"), ("m.csv", "malformed table .* at row 2")):
        with pytest.raises(InputError, match=says) as err3:
            risk(RiskRequest(table=tmp_path / name, quasi=("a",)), services)
        assert "Error" not in str(err3.value)
        assert "13812345678" not in str(err3.value)


def test_a_fifo_is_refused_not_waited_on(tmp_path: Path) -> None:
    fifo = tmp_path / "pipe.csv"
    os.mkfifo(fifo)
    r = bg("mask", str(fifo), "--out", str(tmp_path / "o.csv"))
    assert r.returncode == 2
    assert "not a regular file" in r.stderr
    r = bg("scan", str(fifo))
    assert r.returncode == 2
    assert "not a regular file" in r.stderr


@pytest.fixture
def locked(monkeypatch: pytest.MonkeyPatch) -> None:
    """A folder named ``locked`` cannot be read (as root, a mode would not stop reading)."""
    real = os.scandir

    def scandir(path: str | os.PathLike[str] = ".") -> object:
        if str(path).endswith("locked"):
            raise PermissionError(13, "Permission denied", str(path))
        return real(path)

    monkeypatch.setattr(os, "scandir", scandir)


@pytest.mark.usefixtures("locked")
def test_an_unreadable_folder_in_a_tree_is_reported(tmp_path: Path) -> None:
    (tmp_path / "ok").mkdir()
    (tmp_path / "ok" / "a.txt").write_text("x")
    (tmp_path / "locked").mkdir()
    errors: list[str] = []
    opts = Options(error=errors.append)
    assert [p.name for p in walk(tmp_path, opts)] == ["a.txt"]
    assert errors == [f"{tmp_path / 'locked'}: cannot read folder (Permission denied)"]
    assert opts.failed == 1


@pytest.mark.usefixtures("locked")
def test_a_folder_with_an_unreadable_subfolder_masks_the_rest_and_fails(tmp_path: Path) -> None:
    """(It said "1 files masked" and exited 0, as if the masked folder were complete.)"""
    src, out = tmp_path / "in", tmp_path / "out"
    (src / "ok").mkdir(parents=True)
    (src / "ok" / "a.txt").write_text(LINE + "\n", encoding="utf-8")
    (src / "locked").mkdir()
    with pytest.raises(InputError, match="1 folder") as err:
        _mask(src, out)
    assert "13812345678" not in str(err.value)
    assert MASKED_PHONE in (out / "ok" / "a.txt").read_text(encoding="utf-8")


def test_an_encoding_the_values_do_not_fit_is_refused_with_nothing_written(
    tmp_path: Path,
) -> None:
    src, out = tmp_path / "in.csv", tmp_path / "out.csv"
    src.write_text("姓名,手机\n张伟,13812345678\n", encoding="utf-8")
    with pytest.raises(InputError, match="cannot be written in latin-1"):
        _mask(src, out, out_encoding="latin-1")
    with pytest.raises(InputError, match="no such encoding"):
        _mask(src, out, out_encoding="no-such-encoding")
    assert not out.exists()
    _mask(src, out, out_encoding="gb18030")
    assert "138****5678" in out.read_text(encoding="gb18030")


def test_an_unnamed_column_is_planned_by_place_and_its_header_stays_empty(
    tmp_path: Path,
) -> None:

    src, out = tmp_path / "in.csv", tmp_path / "out.csv"
    src.write_text("姓名,,手机\n张伟,x,13812345678\n李娜,y,13912345678\n", encoding="utf-8")
    _mask(src, out)
    lines = out.read_text(encoding="utf-8").splitlines()
    assert lines[0] == "姓名,,手机"
    assert lines[1].endswith(",x,138****5678")
    manifest = json.loads((tmp_path / "out.csv.boxguard.json").read_text(encoding="utf-8"))
    assert [c["column"] for c in manifest["columns"]] == ["姓名", "column_2", "手机"]


def test_strict_exits_2_and_a_headerless_csv_to_stdout_is_masked_as_data(
    tmp_path: Path,
) -> None:
    assert bg("keys", "init", cwd=tmp_path).returncode == 0
    src = tmp_path / "h.csv"
    src.write_text(
        "张伟,11010519491231002X,13812345678\n"
        "李娜,G12345678,13912345678\n"
        "王芳,110105194912310021,13712345678\n"
        "赵敏,44030519900101123X,13612345678\n",
        encoding="utf-8",
    )
    r = bg("mask", "-p", "customer-service", str(src), cwd=tmp_path)
    assert r.returncode == 0, r.stderr
    assert "13812345678" not in r.stdout
    assert r.stdout.splitlines()[0].endswith(",*******5678")
    out = tmp_path / "o.csv"
    r = bg("mask", "-p", "hotel-front-desk", str(src), "--out", str(out), cwd=tmp_path)
    assert r.returncode == 0, r.stderr
    # the passport (no header: no context for it) and an ID whose check digit is wrong
    assert "column_2: 2 cell(s) matched no rule" in r.stderr
    assert "G12345678" not in out.read_text(encoding="utf-8")
    out.unlink()
    r = bg("mask", "-p", "hotel-front-desk", "--strict", str(src), "--out", str(out), cwd=tmp_path)
    assert r.returncode == 2
    assert "--strict" in r.stderr
    assert not out.exists()


def test_field_star_masks_every_field_of_a_record_by_its_key(tmp_path: Path) -> None:

    src, out = tmp_path / "r.jsonl", tmp_path / "o.jsonl"
    record = {"id": 1, "guest": {"证件号码": "G12345678", "手机": 13812345678}, "ok": True}
    src.write_text(json.dumps(record, ensure_ascii=False) + "\n", encoding="utf-8")
    _mask(src, out, field="*")
    got = json.loads(out.read_text(encoding="utf-8"))
    assert got == {"id": 1, "guest": {"证件号码": "G*****678", "手机": "138****5678"}, "ok": True}


BIG5_TEXT = "客戶姓名：陳美玲，電話：13812345678，備註：請於週三前聯絡\r\n"


def test_a_big5_file_is_read_as_big5_and_masked_back_in_big5(tmp_path: Path) -> None:
    """Big5 bytes decode as GBK too (into rare characters): read as GBK, the name was lost."""
    from boxguard.io.sources import cells

    src, out = tmp_path / "tw.txt", tmp_path / "out.txt"
    src.write_bytes((BIG5_TEXT * 3).encode("big5"))
    scanner = services.scanner(use_model=False)
    found = {(f.kind, f.value) for c in cells([str(src)], Options()) for f in scanner.scan(c.text)}
    assert ("person_name", "陳美玲") in found
    assert ("cn_mobile", "13812345678") in found
    _mask(src, out)
    text = out.read_bytes().decode("big5")  # written back in Big5
    assert text.count("客戶姓名：陳*，電話：138****5678，備註：請於週三前聯絡\r\n") == 3


def test_an_ip_column_with_a_scoped_ipv6_address_is_masked(tmp_path: Path) -> None:
    """(``fe80::1%eth0`` in an IP column stopped the whole file: "internal error".)"""
    src, out = tmp_path / "ips.csv", tmp_path / "o.csv"
    src.write_text("ip,备注\nfe80::1%eth0,a\n10.1.2.3,b\n192.168.1.1,c\n", encoding="utf-8")
    _mask(src, out)
    assert out.read_text(encoding="utf-8").splitlines() == [
        "ip,备注",
        "fe80:0:0:*:*:*:*:*,a",
        "10.1.*.*,b",
        "192.168.*.*,c",
    ]


def test_risk_reads_a_gbk_table_and_standard_input(tmp_path: Path) -> None:
    """QA: `risk` read a GBK CSV's column names as mojibake (no column '出生日期'), and
    `risk -` said "-: no such file"."""
    rows = "姓名,出生日期,性别\n王伟,1990-01-02,男\n李娜,1985-03-04,女\n张三,1985-03-04,女\n"
    gbk = tmp_path / "p.csv"
    gbk.write_bytes(rows.encode("gbk"))
    args = ["risk", "--quasi", "出生日期,性别", "--k", "2"]
    by_file = bg(*args, str(gbk))
    piped = bg(*args, "-", stdin=rows)
    for r in (by_file, piped):
        assert r.returncode == 1, r.stderr  # below k: at risk
        doc = json.loads(r.stdout)
        assert (doc["k_anonymity"], doc["equivalence_classes"]) == (1, 2)
    assert json.loads(piped.stdout)["table"] == "-"


def test_risk_takes_a_quasi_identifier_once_and_refuses_it_as_sensitive(tmp_path: Path) -> None:
    """QA: `--quasi age,age` failed as "cannot read as a table (DuplicateError)", and
    `--sensitive age --quasi age` reported l=1 without a word."""
    t = tmp_path / "q.csv"
    t.write_text("age,zip\n30,100000\n30,100000\n", encoding="utf-8")
    doc, _ = risk(RiskRequest(table=t, quasi=("age", "age"), k=2), services)
    assert (doc["quasi_identifiers"], doc["k_anonymity"]) == (["age"], 2)
    with pytest.raises(ConfigError, match="--sensitive names a quasi-identifier"):
        risk(RiskRequest(table=t, quasi=("age",), sensitive="age"), services)


def test_a_row_wider_than_the_header_is_named_by_its_row(tmp_path: Path) -> None:
    """QA: "a row has 3 fields, the header 2" said not which row."""
    table = tmp_path / "rag.csv"
    table.write_text("a,b\n1,2\n13812345678,11010519491231002X,extra\n", "utf-8")
    r = bg("mask", str(table), "--out", str(tmp_path / "o.csv"))
    assert r.returncode == 2
    assert "row 3 has 3 fields, the header 2" in r.stderr
    assert "13812345678" not in r.stderr
    assert not (tmp_path / "o.csv").exists()
