"""Settings: flags > BOXGUARD_* > boxguard.toml > defaults, and `boxguard config`."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import pytest

from tests.integration.test_cli import MOBILE, jsonl

tomllib = pytest.importorskip("tomllib")  # Python 3.11+ (boxguard reads with tomli before)

TEXT = f"手机：{MOBILE} 邮箱 zhang.san@example.com\n"


def _kinds(stdout: str) -> list[str]:
    return [f["kind"] for d in jsonl(stdout) for f in d["findings"]]


@pytest.fixture
def here(tmp_path: Path) -> Path:
    (tmp_path / "a.txt").write_text(TEXT, encoding="utf-8")
    return tmp_path


def _run(here: Path, *args: str, **env: str) -> tuple[int, str, str]:
    import subprocess

    r = subprocess.run(
        [sys.executable, "-m", "boxguard", *args],
        capture_output=True,
        text=True,
        cwd=here,
        env={**os.environ, "NO_COLOR": "1", **env},
        check=False,
        timeout=300,
    )
    return r.returncode, r.stdout, r.stderr


def test_the_file_then_a_variable_then_a_flag_decide(here: Path) -> None:
    (here / "boxguard.toml").write_text(
        '[scan]\nkinds = "email"\nformat = "jsonl"\nexclude = "*.log"\n', encoding="utf-8"
    )
    assert _kinds(_run(here, "scan", "a.txt")[1]) == ["email"]
    code, out, _ = _run(here, "scan", "a.txt", BOXGUARD_SCAN_KINDS="cn_mobile")
    assert (code, _kinds(out)) == (1, ["cn_mobile"])
    code, out, _ = _run(
        here, "scan", "--kinds", "email,cn_mobile", "a.txt", BOXGUARD_SCAN_KINDS="cn_mobile"
    )
    assert sorted(_kinds(out)) == ["cn_mobile", "email"]
    (here / "skip.log").write_text(TEXT, encoding="utf-8")
    _, out, _ = _run(here, "scan", ".")
    assert {d["source"] for d in jsonl(out)} == {"a.txt"}  # exclude = "*.log" as a list of one


def test_another_file_by_variable(here: Path) -> None:
    other = here / "other.toml"
    other.write_text("[scan]\nthreshold = 1.0\nformat = 'jsonl'\n", encoding="utf-8")
    code, out, _ = _run(here, "scan", "--kinds", "email", "a.txt", BOXGUARD_CONFIG=str(other))
    assert code == 1
    assert _kinds(out) == ["email"]
    code, _, err = _run(here, "scan", "a.txt", BOXGUARD_CONFIG=str(here / "missing.toml"))
    assert code == 2
    assert "BOXGUARD_CONFIG" in err
    assert "no such file" in err


@pytest.mark.parametrize(
    ("content", "says"),
    [
        ("[scan]\ntreshold = 0.7\n", "[scan] has no setting 'treshold'"),
        ("[scna]\nthreshold = 0.7\n", "[scna] is not a verb"),
        ("[scan]\nthreshold = 1.7\n", "[scan] threshold: Invalid value for '--threshold'"),
        ('[scan]\nformat = "yaml"\n', "[scan] format: Invalid value for '--format'"),
        ('[inventory]\nformat = "xml"\n', "[inventory] format: Invalid value for '--format'"),
        ("threshold = 0.7\n", "must sit in a verb's table"),
        ("[scan\n", "not valid TOML"),
        ("[keys.init]\nforse = true\n", "[keys.init] has no setting 'forse'"),
        ("[scan.extra]\nthreshold = 0.9\n", "[scan.extra] is not a verb"),
        ("[scan]\nthreshhold = {a = 1}\n", "[scan.threshhold] is not a verb"),
        ("[keys]\nfoo = 1\n", "[keys] holds verbs, not settings: write them under [keys.init]"),
        ("[scan]\nthreshold = [0.5, 0.6]\n", "[scan] threshold: takes one value, not a list"),
        ("[scan]\nexclude = [{a = 1}]\n", "[scan] exclude: a list of plain values"),
    ],
)
def test_a_bad_settings_file_is_one_clear_error(here: Path, content: str, says: str) -> None:
    (here / "boxguard.toml").write_text(content, encoding="utf-8")
    args: tuple[str, ...] = ("scan", "a.txt")
    if "[keys" in content:
        args = ("keys", "init", "--keys", str(here / "k"))
    elif "[inventory" in content:
        args = ("inventory", "a.txt")
    code, out, err = _run(here, *args)
    assert code == 2, err
    assert err.startswith("boxguard: error: boxguard.toml: ")
    assert says in err
    assert "Traceback" not in err
    assert out == ""
    assert not (here / "k").exists()


def test_config_prints_a_toml_of_what_is_in_effect_with_secrets_hidden(here: Path) -> None:
    (here / "boxguard.toml").write_text("[scan]\nthreshold = 0.7\n", encoding="utf-8")
    code, out, err = _run(
        here,
        "config",
        BOXGUARD_SCAN_KINDS="email",
        BOXGUARD_TOKENS="postgresql://bob:S3cret@db/tokens",
    )
    assert code == 0, err
    doc = tomllib.loads(out)  # what it prints is itself a settings file
    assert doc["scan"]["threshold"] == 0.7
    assert doc["scan"]["kinds"] == "email"
    assert doc["mask"]["tokens"] == "postgresql://bob:***@db/tokens"
    assert doc["keys"]["init"]["force"] is False
    assert "threshold = 0.7  # boxguard.toml" in out
    assert 'kinds = "email"  # BOXGUARD_SCAN_KINDS' in out
    assert "S3cret" not in out
    code, only, _ = _run(here, "config", "scan")
    assert code == 0
    assert set(tomllib.loads(only)) == {"scan"}
    code, _, err = _run(here, "config", "nope")
    assert code == 2
    assert "no such verb" in err
    # QA: the [guard] table (shared by the guard verbs) was honoured but never printed
    (here / "boxguard.toml").write_text("[guard]\nretention_days = 200\n", encoding="utf-8")
    code, out, _ = _run(here, "config", "guard", BOXGUARD_RULES="team-rules.yaml")
    assert code == 0
    assert tomllib.loads(out) == {"guard": {"rules": "team-rules.yaml", "retention_days": 200}}
    assert "retention_days = 200  # boxguard.toml" in out
    assert 'rules = "team-rules.yaml"  # BOXGUARD_RULES' in out


def test_allowed_values_are_never_reported_nor_masked(here: Path) -> None:
    hotline = "13800138000"  # the company's own service number, published everywhere
    (here / "t.txt").write_text(f"客服：{hotline} 客户：{MOBILE}\n", encoding="utf-8")
    (here / "t.csv").write_text(f"手机\n{hotline}\n{MOBILE}\n", encoding="utf-8")
    code, out, _ = _run(here, "scan", "-f", "jsonl", "--allow", "138-0013-8000", "t.txt", "t.csv")
    assert code == 1
    values = [f["preview"] for d in jsonl(out) if "findings" in d for f in d["findings"]]
    assert values == ["138****5678", "138****5678"]  # the text's and the column's (whole cell)
    (here / "boxguard.toml").write_text(f'[mask]\nallow = ["{hotline}"]\n', encoding="utf-8")
    code, out, err = _run(here, "mask", "t.txt")
    assert code == 0, err
    assert out == f"客服：{hotline} 客户：138****5678\n"


def test_kinds_of_the_organization_s_own_serve_every_verb(here: Path) -> None:
    (here / "boxguard.toml").write_text(
        '[[kind]]\nid = "employee_no"\nzh = "工号"\npattern = \'EMP\\d{6}\'\n'
        'context = ["工号"]\ncategory = "education & work"\n',
        encoding="utf-8",
    )
    (here / "e.txt").write_text(f"工号：EMP204817 手机：{MOBILE}\n", encoding="utf-8")
    code, out, err = _run(here, "scan", "-f", "jsonl", "e.txt")
    assert code == 1, err
    (rec,) = jsonl(out)
    assert [(f["kind"], f["preview"]) for f in rec["findings"]] == [
        ("employee_no", "EM*****17"),
        ("cn_mobile", "138****5678"),
    ]
    code, out, _ = _run(here, "kinds", "--format", "json")
    assert code == 0
    assert "employee_no" in out
    code, out, _ = _run(here, "mask", "e.txt")
    assert out == "工号：EM*****17 手机：138****5678\n"
    code, out, _ = _run(here, "inventory", "--format", "json", "e.txt")
    assert "employee_no" in out
    assert "education" in out


def test_a_bad_kind_in_the_file_is_one_clear_error(here: Path) -> None:
    (here / "boxguard.toml").write_text('[[kind]]\nid = "email"\npattern = "x"\n', "utf-8")
    code, _, err = _run(here, "scan", "a.txt")
    assert code == 2
    assert (
        err.strip() == "boxguard: error: boxguard.toml: [[kind]] email: kind 'email' exists already"
    )


def test_an_allowed_value_is_kept_in_a_column_masked_column_wise(here: Path) -> None:
    rows = ["手机,备注", *(f"139{i:08d},x" for i in range(30)), "13812345678,y"]
    (here / "c.csv").write_text("\n".join(rows) + "\n", encoding="utf-8")
    code, _, err = _run(here, "mask", "--allow", "13812345678", "c.csv", "--out", "o.csv")
    assert code == 0, err
    out = (here / "o.csv").read_text(encoding="utf-8").splitlines()
    assert out[-1] == "13812345678,y"
    assert out[1] == "139****0000,x"


def test_what_the_file_cannot_be_is_said(here: Path) -> None:
    (here / "boxguard.toml").mkdir()
    code, _, err = _run(here, "scan", "a.txt")
    assert code == 2
    assert "boxguard.toml: not a settings file" in err
    (here / "boxguard.toml").rmdir()
    (here / "boxguard.toml").write_bytes(
        "\ufeff[scan]\nkinds = ['email']\nformat = 'jsonl'\n".encode()
    )
    code, out, err = _run(here, "scan", "a.txt")  # a BOM (Notepad) is not a setting
    assert code == 1, err
    assert _kinds(out) == ["email"]  # a list for a comma-separated option


def test_a_variable_typo_is_an_error_and_every_option_has_its_variable(here: Path) -> None:
    code, _, err = _run(here, "scan", "a.txt", BOXGUARD_SCAN_THRESHHOLD="0.7")
    assert code == 2
    assert "BOXGUARD_SCAN_THRESHHOLD: no such setting" in err
    assert "BOXGUARD_SCAN_THRESHOLD" in err
    code, out, _ = _run(
        here,
        "config",
        "mask",
        BOXGUARD_MASK_TOKENS="sqlite:///elsewhere.db",
        BOXGUARD_MASK_SAMPLE_ROWS="50",
    )
    assert code == 0
    assert 'tokens = "sqlite:///elsewhere.db"  # BOXGUARD_MASK_TOKENS' in out
    assert "sample_rows = 50  # BOXGUARD_MASK_SAMPLE_ROWS" in out  # typed, as the run reads it
    code, out, _ = _run(
        here,
        "config",
        "mask",
        BOXGUARD_MASK_TOKENS="sqlite:///mine.db",
        BOXGUARD_TOKENS="sqlite:///shared.db",
    )
    assert 'tokens = "sqlite:///mine.db"  # BOXGUARD_MASK_TOKENS' in out  # the verb's own wins
    code, out, _ = _run(here, "config", "mask", BOXGUARD_TOKENS="postgresql://u:p@ss@db/t")
    assert 'tokens = "postgresql://u:***@db/t"  # BOXGUARD_TOKENS' in out


def test_a_verb_typo_in_a_variable_is_an_error(here: Path) -> None:
    """BOXGUARD_SCNA_THRESHOLD was silently ignored: no verb 'scna' read it."""
    code, _, err = _run(here, "scan", "a.txt", BOXGUARD_SCNA_THRESHOLD="0.7")
    assert code == 2
    assert "BOXGUARD_SCNA_THRESHOLD: no verb 'scna'" in err
    assert "BOXGUARD_SCAN_THRESHOLD" in err
    code, _, err = _run(
        here, "scan", "a.txt", BOXGUARD_TEST_SOMETHING="1", BOXGUARD_KEYSET_FILE="k"
    )
    assert code == 1, err  # a variable of no verb, or boxguard's own, is not a misspelt verb


@pytest.mark.parametrize(
    ("typo", "meant"),
    [("BOXGUARD_KEYSET_FLIE", "BOXGUARD_KEYSET_FILE"), ("BOXGUARD_TOKEN", "BOXGUARD_TOKENS")],
)
def test_a_typo_in_one_of_boxguard_s_own_variables_is_an_error(
    here: Path, typo: str, meant: str
) -> None:
    """BOXGUARD_KEYSET_FLIE was silently ignored (KEYSET names no verb, so no verb check)."""
    code, _, err = _run(here, "scan", "a.txt", **{typo: "x"})
    assert code == 2
    assert err.strip().splitlines() == [
        f"boxguard: error: {typo}: not a boxguard variable (did you mean {meant}?)"
    ]


def test_what_config_prints_reads_back_as_the_same_settings(here: Path) -> None:
    """QA: `boxguard config > boxguard.toml` made a file no verb could read: its
    [audit.verify-export] table was refused as "not a verb" (the file's - is read as _)."""
    (here / "boxguard.toml").write_text(
        "[audit.verify-export]\nretention_days = 400\n[scan]\nthreshold = 0.7\n", "utf-8"
    )
    code, first, err = _run(here, "config")
    assert code == 0, err
    assert "retention_days = 400  # " in first
    (here / "boxguard.toml").write_text(first, encoding="utf-8")
    code, again, err = _run(here, "config")
    assert code == 0, err
    assert tomllib.loads(again) == tomllib.loads(first)
    code, _, err = _run(here, "audit", "verify-export", "nowhere", "--public-key", "k.pem")
    assert code == 2
    assert "no audit export here" in err


def test_config_prints_the_files_own_kinds_so_its_output_keeps_them(here: Path) -> None:
    """QA: `boxguard config` left out the file's [[kind]] tables, so `boxguard config >
    boxguard.toml` dropped the organization's own kinds."""
    kinds = (
        "[[kind]]\n"
        'id = "member_no"\nzh = "会员号"\n'
        "pattern = '8888\\d{12}'\n"  # a literal string, its backslash kept
        'context = ["会员", "key=val://x"]\ncategory = "identity"\nkeep = [4, 2]\n'
        "context_required = true\nscore = 0.6\n"
        "[[kind]]\n"
        'id = "emp_no"\nzh = "工号"\npattern = [\'\\bEMP\\d{6}\\b\', "E-[0-9]{4}"]\n'
        'category = "education & work"\n'
    )
    (here / "boxguard.toml").write_text("[scan]\nthreshold = 0.7\n" + kinds, encoding="utf-8")
    code, out, err = _run(here, "config")
    assert code == 0, err
    assert tomllib.loads(out)["kind"] == tomllib.loads(kinds)["kind"]
    code, only, _ = _run(here, "config", "scan")  # QA: a verb's own output dropped them
    assert code == 0
    assert tomllib.loads(only)["kind"] == tomllib.loads(kinds)["kind"]
    (here / "boxguard.toml").write_text(out, encoding="utf-8")
    (here / "a.txt").write_text("会员 8888123456789012\n", encoding="utf-8")
    code, found, err = _run(here, "scan", "--no-model", "-f", "jsonl", "a.txt")
    assert code == 1, err  # the kept kind still finds its value
    assert '"kind": "member_no"' in found


def test_a_bad_variable_seen_by_config_names_its_verb(here: Path) -> None:
    code, _, err = _run(here, "config", "scan", BOXGUARD_SCAN_THRESHOLD="abc")
    assert code == 2
    assert err.rstrip().endswith("(see 'boxguard scan --help')"), err
