"""`boxguard keys`, `mask` and `unmask` end to end (real subprocesses, files, SQLite tokens)."""

from __future__ import annotations

import json
import stat
from pathlib import Path

import pytest

from tests.integration.test_cli import bg

LINE = "收件人：张伟 手机：13812345678 身份证11010519491231002X，订单号20261125000123\n"


@pytest.fixture
def keyed(tmp_path: Path) -> Path:
    r = bg("keys", "init", cwd=tmp_path)
    assert r.returncode == 0, r.stderr
    return tmp_path


def test_keys_init_is_private_and_never_printed(keyed: Path) -> None:
    key = keyed / "boxguard.keys"
    assert stat.S_IMODE(key.stat().st_mode) == 0o600
    material = json.loads(key.read_text())["keys"]
    again = bg("keys", "init", cwd=keyed)
    assert again.returncode == 2
    assert "exists" in again.stderr
    shown = bg("keys", "show", cwd=keyed)
    assert shown.returncode == 0
    for secret in material.values():
        assert secret not in shown.stdout + shown.stderr
    key.chmod(0o644)
    loose = bg("keys", "show", cwd=keyed)
    assert loose.returncode == 2
    assert "chmod 600" in loose.stderr


def test_keys_rotate_never_writes_the_variables_keyset_over_the_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """QA: with BOXGUARD_KEYSET set, ``keys rotate`` wrote the variable's keys plus a new one
    over the key file, and the file's own key (what it had encrypted) was gone."""
    for name in ("a.keys", "b.keys"):
        assert bg("keys", "init", "--keys", name, cwd=tmp_path).returncode == 0
    before = (tmp_path / "b.keys").read_text()
    monkeypatch.setenv("BOXGUARD_KEYSET", (tmp_path / "a.keys").read_text())
    r = bg("keys", "rotate", "--keys", "b.keys", cwd=tmp_path)
    assert r.returncode == 2
    assert "BOXGUARD_KEYSET is set" in r.stderr
    assert len(r.stderr.strip().splitlines()) == 1
    assert (tmp_path / "b.keys").read_text() == before
    monkeypatch.delenv("BOXGUARD_KEYSET")
    assert bg("keys", "rotate", "--keys", "b.keys", cwd=tmp_path).returncode == 0
    after = json.loads((tmp_path / "b.keys").read_text())["keys"]
    assert set(json.loads(before)["keys"]) < set(after)  # the old key kept, a new one added


def test_default_mask_removes_values_and_keeps_everything_else(tmp_path: Path) -> None:
    src = tmp_path / "in.txt"
    src.write_text("第一行没有个人信息\n" + LINE, encoding="utf-8")
    r = bg("mask", str(src), cwd=tmp_path)
    assert r.returncode == 0, r.stderr
    out = r.stdout.splitlines()
    assert out[0] == "第一行没有个人信息"
    assert "13812345678" not in r.stdout
    assert "11010519491231002X" not in r.stdout
    assert "138****5678" in r.stdout
    assert out[1].endswith("，订单号20261125000123"), "non-personal text unchanged"


def test_jsonl_keeps_ids_and_other_fields(tmp_path: Path) -> None:
    src = tmp_path / "chat.jsonl"
    src.write_text(
        json.dumps({"id": "m1", "user": "u9", "body": LINE.strip()}, ensure_ascii=False) + "\n"
    )
    r = bg("mask", "--field", "body", str(src), cwd=tmp_path)
    doc = json.loads(r.stdout)
    assert (doc["id"], doc["user"]) == ("m1", "u9")
    assert "13812345678" not in doc["body"]


def test_csv_column_rules_and_row_order(tmp_path: Path) -> None:
    policy = tmp_path / "p.yaml"
    policy.write_text(
        "default: mask\ncolumns:\n  电话: {kind: cn_mobile, op: redact, replacement: X}\n"
    )
    src = tmp_path / "t.csv"
    src.write_text("姓名,电话,备注\n张伟,13812345678,老客户\n李娜,13912345678,\n", encoding="utf-8")
    r = bg("mask", "--policy", str(policy), str(src), cwd=tmp_path)
    assert r.returncode == 0, r.stderr
    assert r.stdout.splitlines() == ["姓名,电话,备注", "张*,X,老客户", "李*,X,"]


def test_fpe_round_trip_and_wrong_key_fails_loudly(keyed: Path) -> None:
    src = keyed / "in.txt"
    src.write_text(LINE, encoding="utf-8")
    out = keyed / "masked.txt"
    r = bg("mask", "--policy", "hotel-front-desk", str(src), "--out", str(out), cwd=keyed)
    assert r.returncode == 0, r.stderr
    masked = out.read_text(encoding="utf-8")
    assert "11010519491231002X" not in masked
    scan = bg("scan", "--format", "jsonl", "--kinds", "cn_resident_id", str(out))
    assert scan.returncode == 1, "the encrypted ID is still a valid resident ID"
    back = bg("unmask", "--policy", "hotel-front-desk", str(out), cwd=keyed)
    assert back.returncode == 0, back.stderr
    assert "11010519491231002X" in back.stdout

    other = keyed / "other"
    other.mkdir()
    assert bg("keys", "init", cwd=other).returncode == 0
    restored = keyed / "restored.txt"
    wrong = bg(
        "unmask",
        "--policy",
        "hotel-front-desk",
        str(out),
        "--keys",
        str(other / "boxguard.keys"),
        "--out",
        str(restored),
        cwd=keyed,
    )
    assert wrong.returncode == 2
    assert "key check failed" in wrong.stderr
    assert not restored.exists()


def test_tokens_round_trip_through_the_sqlite_table(keyed: Path) -> None:
    src = keyed / "in.txt"
    src.write_text(LINE, encoding="utf-8")
    tokens = f"sqlite:///{keyed / 'tokens.db'}"
    r = bg(
        "mask",
        "--policy",
        "privacy-waybill",
        "--role",
        "courier",
        "--tokens",
        tokens,
        str(src),
        cwd=keyed,
    )
    assert "tok_" in r.stdout
    assert "13812345678" not in r.stdout
    masked = keyed / "m.txt"
    masked.write_text(r.stdout, encoding="utf-8")
    back = bg(
        "unmask",
        "--policy",
        "privacy-waybill",
        "--role",
        "courier",
        "--tokens",
        tokens,
        str(masked),
        cwd=keyed,
    )
    assert "13812345678" in back.stdout


def test_bad_policies_and_inputs_exit_2_with_nothing_written(tmp_path: Path) -> None:
    bad = tmp_path / "bad.yaml"
    bad.write_text("default: mask\nkinds:\n  cn_mobile: {op: scramble}\n")
    src = tmp_path / "in.txt"
    src.write_text(LINE, encoding="utf-8")
    out = tmp_path / "out.txt"
    r = bg("mask", "--policy", str(bad), str(src), "--out", str(out))
    assert r.returncode == 2
    assert "line 3" in r.stderr
    assert not out.exists()
    r = bg("mask", "--policy", "no-such-scene", str(src))
    assert "privacy-waybill" in r.stderr
    mixed = tmp_path / "mixed.txt"
    mixed.write_bytes("手机13812345678\n".encode() + "张伟\n".encode("gbk"))
    r = bg("mask", str(mixed), "--out", str(out))
    # UTF-8 with a few bad bytes: read as UTF-8, the bad bytes replaced and counted
    assert r.returncode == 0, r.stderr
    assert "byte(s) not valid utf-8" in r.stderr
    assert "13812345678" not in out.read_text(encoding="utf-8")
    out.unlink()
    r = bg("mask", "--policy", "test-data", str(src))
    assert r.returncode == 2, "surrogates need a key"
    assert "keys init" in r.stderr


def test_residual_risk_zero_on_the_synthetic_corpus() -> None:
    """After the default mask, no original value is left and every other character is unchanged."""
    from boxguard import Scanner, services
    from boxguard.synth.corpus import corpus
    from boxguard.transform import Context
    from boxguard.transform.engine import Desensitizer
    from boxguard.transform.policy import load_policy

    engine = Desensitizer(
        Scanner(models=services.default_models()), load_policy("default: mask"), Context()
    )
    residual = 0
    for doc in corpus(400, seed=99):
        out = engine.text(doc.text)
        for start, end, _ in doc.spans:
            value = doc.text[start:end]
            if value in out:  # every gold value, names of two characters included
                residual += 1
        # the text between gold spans survives byte for byte, in order
        pos = 0
        for start, end, _ in sorted(doc.spans):
            between = doc.text[pos:start]
            assert between in out
            pos = end
        assert doc.text[pos:] in out
    assert residual == 0


def test_shipped_policies_load() -> None:
    from boxguard.io.policies import read_policy, shipped

    assert set(shipped()) == {
        "privacy-waybill",
        "hotel-front-desk",
        "customer-service",
        "analytics-export",
        "test-data",
    }
    for name in shipped():
        pol = read_policy(name)
        pol.default.build()


def test_risk_reports_k_and_l(tmp_path: Path) -> None:
    src = tmp_path / "p.csv"
    rows = (
        ["出生日期,性别,邮编,诊断"]
        + ["1990,男,100020,A"] * 5
        + ["1990,男,100020,B", "1991,女,200030,C"]
    )
    src.write_text("\n".join(rows) + "\n", encoding="utf-8")
    r = bg("risk", str(src), "--quasi", "出生日期,性别,邮编", "--sensitive", "诊断")
    assert r.returncode == 1, "a class below k=5 exists"
    doc = json.loads(r.stdout)
    assert (doc["k_anonymity"], doc["records"], doc["l_diversity"]) == (1, 7, 1)
    assert doc["records_in_classes_below_k5"] == 1
    bad = bg("risk", str(src), "--quasi", "年龄")
    assert bad.returncode == 2
    assert "no column '年龄'" in bad.stderr


def test_risk_of_a_table_without_records_is_none_not_k0(tmp_path: Path) -> None:
    """QA: a header-only CSV reported k = 0, and --generalize said k was not reached (exit
    1): no record means no class, k undefined (null) and nothing at risk."""
    src = tmp_path / "h.csv"
    src.write_text("出生日期,性别,邮编\n", encoding="utf-8")
    out = tmp_path / "g.csv"
    r = bg("risk", str(src), "--quasi", "出生日期,邮编", "--generalize", str(out))
    assert r.returncode == 0, r.stderr
    doc = json.loads(r.stdout)
    assert (doc["k_anonymity"], doc["records"], doc["share_below_k5"]) == (None, 0, 0.0)
    g = doc["generalized"]
    assert (g["k_anonymity"], g["records_suppressed"], g["reached"]) == (None, 0, True)
    assert out.read_text("utf-8").splitlines() == ["出生日期,性别,邮编"]
    # QA: a CRLF table's copy came out with LF line ends
    src.write_bytes("出生日期,邮编\r\n1990-01-02,100020\r\n1990-03-04,100021\r\n".encode())
    r = bg("risk", str(src), "--quasi", "出生日期,邮编", "--k", "2", "--generalize", str(out))
    assert r.returncode == 0, r.stderr
    assert out.read_bytes().count(b"\r\n") == 3


def test_risk_generalize_keeps_a_parquet_columns_type_where_it_can(tmp_path: Path) -> None:
    """QA: an Int64 postal code came back as String after --generalize. Zeroed codes are
    still numbers (Int64 kept); a column with stars or ranges is text."""
    import polars as pl

    src, out = tmp_path / "p.parquet", tmp_path / "g.parquet"
    pl.DataFrame(
        {
            "邮编": [100020, 100021, 100022, 100031, 100032, 100120],
            "出生日期": [
                "1990-01-02",
                "1990-03-04",
                "1991-05-06",
                "1992-07-08",
                "1993-01-01",
                "1990-01-05",
            ],
            "诊断": list("ABCABC"),
        },
        schema={"邮编": pl.Int64, "出生日期": pl.String, "诊断": pl.String},
    ).write_parquet(src)
    r = bg("risk", str(src), "--quasi", "邮编,出生日期", "--k", "3", "--generalize", str(out))
    assert r.returncode == 0, r.stderr
    got = pl.read_parquet(out)
    assert got.schema["邮编"] == pl.Int64
    assert got["邮编"].to_list() == [100000] * 6
    assert got.schema["出生日期"] == pl.String


def test_risk_generalize_reaches_k_in_the_same_format(tmp_path: Path) -> None:
    import polars as pl

    rows = ["出生日期,性别,邮编,诊断"] + [
        f"1990-0{m}-1{m},男,10002{m},{d}" for m, d in zip(range(1, 6), "ABACA", strict=True)
    ]
    rows.append("1985-03-03,女,200030,B")
    src = tmp_path / "p.csv"
    src.write_text("\n".join(rows) + "\n", encoding="utf-8")
    out = tmp_path / "g.csv"
    args = ["risk", str(src), "--quasi", "出生日期,性别,邮编", "--k", "5", "--generalize", str(out)]
    r = bg(*args, "--max-suppression", "0.2")
    assert r.returncode == 0, r.stderr
    doc = json.loads(r.stdout)
    assert doc["k_anonymity"] == 1, "the input's own risk is reported too"
    g = doc["generalized"]
    assert (g["k_anonymity"], g["records_suppressed"], g["reached"]) == (5, 1, True)
    assert g["column_kinds"]["出生日期"] == "birth_date"
    again = bg("risk", str(out), "--quasi", "出生日期,性别,邮编", "--k", "5")
    after = json.loads(again.stdout)
    assert after["records_in_classes_below_k5"] == 1, "only the suppressed record stands alone"
    assert pl.read_csv(out)["诊断"].to_list() == list("ABACAB"), "other columns and order kept"
    strict = bg(*args)
    assert json.loads(strict.stdout)["generalized"]["levels"]["性别"] == "*"
    wrong = bg("risk", str(src), "--quasi", "邮编", "--generalize", str(tmp_path / "g.parquet"))
    assert wrong.returncode == 2
    assert "format" in wrong.stderr
    before = src.read_bytes()
    itself = bg("risk", str(src), "--quasi", "邮编", "--generalize", str(tmp_path / "." / "p.csv"))
    assert itself.returncode == 2, "QA: the generalized copy replaced its own input"
    assert "is the input file" in itself.stderr
    assert src.read_bytes() == before


def test_a_line_longer_than_a_piece_is_masked_as_a_whole_line(tmp_path: Path) -> None:
    from boxguard import Scanner
    from boxguard.io.sources import LINE_PIECE
    from boxguard.transform import Context
    from boxguard.transform.engine import Desensitizer
    from boxguard.transform.policy import load_policy

    rec = "收件人：张伟 手机：13812345678 身份证11010519491231002X，备注：无。"
    body = rec * (LINE_PIECE * 5 // 2 // len(rec))
    at = body.rindex("13812345678", 0, LINE_PIECE - 5)
    line = "x" * (LINE_PIECE - 5 - at) + body  # the first piece ends inside a mobile
    src = tmp_path / "dump.txt"
    src.write_text(f"短行 手机13912345670\n{line}\r\n末行\n", encoding="utf-8")
    r = bg("mask", "--no-model", str(src), "--out", str(tmp_path / "out.txt"))
    assert r.returncode == 0, r.stderr
    engine = Desensitizer(Scanner(models=()), load_policy("default: mask"), Context())
    whole = engine.text(line)
    assert "13812345678" not in whole
    expected = f"{engine.text('短行 手机13912345670')}\n{whole}\r\n末行\n"
    assert (tmp_path / "out.txt").read_bytes() == expected.encode()


def test_a_long_line_masked_with_fpe_unmasks_whole(keyed: Path) -> None:
    from boxguard.io.sources import LINE_PIECE

    rec = "入住登记 身份证11010519491231002X 房号1203；"
    # a piece of the masked file ends inside the (encrypted, same-length) ID
    line = "无" * (LINE_PIECE - 9 - rec.index("1101")) + rec * 3
    src = keyed / "in.txt"
    src.write_text(line + "\n", encoding="utf-8")
    out = keyed / "masked.txt"
    r = bg("mask", "--policy", "hotel-front-desk", str(src), "--out", str(out), cwd=keyed)
    assert r.returncode == 0, r.stderr
    assert "11010519491231002X" not in out.read_text(encoding="utf-8")
    back = keyed / "back.txt"
    r = bg("unmask", "--policy", "hotel-front-desk", str(out), "--out", str(back), cwd=keyed)
    assert r.returncode == 0, r.stderr
    assert back.read_text(encoding="utf-8") == line + "\n"


def test_jsonl_values_that_are_not_strings_are_masked_too(tmp_path: Path) -> None:
    src = tmp_path / "n.jsonl"
    src.write_text(
        '{"text": 13812345678, "id": 1}\n'
        '{"text": ["手机：13812345678", 7, true]}\n'
        '{"text": {"a": "卡号 4111111111111111", "n": 7}}\n'
        '{"text": null}\n',
        encoding="utf-8",
    )
    r = bg("mask", "--no-model", str(src))
    assert r.returncode == 0, r.stderr
    assert [json.loads(x) for x in r.stdout.splitlines()] == [
        {"text": "138****5678", "id": 1},  # a number that held a phone becomes its mask
        {"text": ["手机：138****5678", 7, True]},  # other numbers stay numbers
        {"text": {"a": "卡号 4111********1111", "n": 7}},
        {"text": None},
    ]


def test_a_sql_dump_keeps_its_syntax_when_masked(tmp_path: Path) -> None:
    import random

    from boxguard.synth import people

    rng = random.Random(9)
    names = [people.chinese_name(rng) for _ in range(200)]
    rows = ",".join(f"({i},'{n}','1390000{i:04d}')" for i, n in enumerate(names))
    dump = f"INSERT INTO `t_user` VALUES {rows};\n"
    src = tmp_path / "dump.sql.txt"
    src.write_text(dump, encoding="utf-8")
    r = bg("mask", str(src))  # the name model on: the default
    assert r.returncode == 0, r.stderr
    assert r.stdout.startswith("INSERT INTO `t_user` VALUES (0,'")
    assert r.stdout.count("'") == dump.count("'")
    assert r.stdout.count("(") == dump.count("(")
    assert not [n for n in names if n in r.stdout]


def test_gbk_after_a_long_ascii_start_is_masked_as_scan_reads_it(tmp_path: Path) -> None:
    src = tmp_path / "g.txt"
    src.write_bytes(b"x" * 200_000 + "\n手机：13812345678\n".encode("gbk"))
    out = tmp_path / "g.masked.txt"
    r = bg("mask", "--no-model", str(src), "--out", str(out))
    assert r.returncode == 0, r.stderr
    # written back in its own encoding (GB18030, of which GBK is a part)
    assert out.read_text(encoding="gb18030").endswith("\n手机：138****5678\n")


def test_jsonl_records_too_deep_or_with_lone_surrogates_are_handled(tmp_path: Path) -> None:
    deep = tmp_path / "deep.jsonl"
    deep.write_text('{"text": ' + "[" * 600 + '"13812345678"' + "]" * 600 + "}\n")
    r = bg("mask", "--no-model", str(deep), "--out", str(tmp_path / "o.jsonl"))
    assert r.returncode == 2
    assert r.stderr.strip() == f"boxguard: error: {deep}: a record is nested too deeply"
    assert not (tmp_path / "o.jsonl").exists()
    odd = tmp_path / "odd.jsonl"
    odd.write_text('{"text": "手机 13812345678", "x": "\\ud800"}\n')  # a cut emoji elsewhere
    r = bg("mask", "--no-model", str(odd))
    assert r.returncode == 0, r.stderr
    assert json.loads(r.stdout) == {"text": "手机 138****5678", "x": "\ud800"}


@pytest.mark.parametrize(
    "policy",
    ["analytics-export", "customer-service", "hotel-front-desk", "privacy-waybill", "test-data"],
)
def test_every_shipped_policy_masks_a_value_with_a_lone_surrogate(keyed: Path, policy: str) -> None:
    """A cut emoji inside a personal value (JSON's ``\\ud83d``) is hashed, encrypted and
    shifted as it is: it used to stop a keyed policy with a message about the output's
    encoding."""
    src = keyed / "cut.jsonl"
    src.write_text(
        '{"name": "张三\\ud83d", "phone": "13812345678\\udc00", "born": "1990-01-02\\ud83d"}\n'
    )
    r = bg("mask", "--policy", policy, str(src), cwd=keyed)
    assert r.returncode == 0, r.stderr
    assert "13812345678" not in r.stdout
    assert set(json.loads(r.stdout)) == {"name", "phone", "born"}
