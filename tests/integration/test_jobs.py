"""Each job driven without the CLI: what the HTTP API and other adapters will call."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

import boxguard
from boxguard import services
from boxguard.crypto.keys import Keyset
from boxguard.detect import Scanner
from boxguard.io.keys import write_keyset
from boxguard.io.sources import Options
from boxguard.jobs.mask import MANIFEST_SUFFIX, MaskRequest, mask
from boxguard.jobs.risk import RiskRequest, risk
from boxguard.jobs.scan import Record, inventory, run
from boxguard.jobs.unmask import UnmaskRequest, unmask
from boxguard.kinds import custom_kind, register_kind, unregister_kind

SAMPLES = Path(__file__).resolve().parents[2] / "samples"


def test_scan_job_reports_records_and_columns_through_callbacks() -> None:
    records: list[Record] = []
    tables: dict[str, list[str]] = {}
    summary = run(
        [str(SAMPLES)],
        Options(),
        Scanner(models=()),
        records.append,
        lambda source, classes: tables.setdefault(source, [c.column for c in classes]),
    )
    assert summary.total == sum(len(r.findings) for r in records) > 0
    assert any(s.endswith("waybill_export.csv") for s in tables)
    kinds = {f.kind for r in records for f, _ in r.findings}
    assert {"cn_mobile", "cn_resident_id"} <= kinds


def test_inventory_job_counts_what_the_scan_found() -> None:
    inv, summary = inventory([str(SAMPLES / "waybill_export.csv")], Options(), Scanner(models=()))
    doc = inv.to_dict()
    counted = sum(k["count"] for cat in doc["categories"].values() for k in cat["kinds"].values())
    assert counted == summary.total > 0


def test_a_notice_goes_to_the_callback_not_to_a_terminal(tmp_path: Path) -> None:
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "a.txt").write_text("手机：13812345678\n", encoding="utf-8")
    (tmp_path / "in" / "b.bin").write_bytes(b"\x00\x01\x02" * 10)
    notices: list[str] = []
    done = mask(
        MaskRequest(path=str(tmp_path / "in"), out=tmp_path / "out", use_model=False),
        services,
        notices.append,
    )
    assert (done.files, done.skipped) == (1, 1)
    assert any("binary file not copied" in n for n in notices)
    assert "13812345678" not in (tmp_path / "out" / "a.txt").read_text(encoding="utf-8")


def test_unmask_restores_tokens_written_with_a_policy_prefix(tmp_path: Path) -> None:
    """A tokenize rule's own prefix (not tok_) is reversed too (it was left in place, exit 0)."""
    policy = tmp_path / "p.yaml"
    policy.write_text("kinds:\n  cn_mobile: {op: tokenize, prefix: 'MOB-'}\n", encoding="utf-8")
    write_keyset(tmp_path / "k", Keyset.generate())
    (tmp_path / "k").chmod(0o600)
    text = "客户手机：13812345678，备用 13912345678\n"
    (tmp_path / "in.txt").write_text(text, encoding="utf-8")
    common = {
        "policy": str(policy),
        "keys": tmp_path / "k",
        "tokens": f"sqlite:///{tmp_path / 't.db'}",
    }
    mask(
        MaskRequest(
            path=str(tmp_path / "in.txt"), out=tmp_path / "m.txt", use_model=False, **common
        ),
        services,
    )  # type: ignore[arg-type]
    masked = (tmp_path / "m.txt").read_text(encoding="utf-8")
    assert masked.count("MOB-") == 2
    assert "13812345678" not in masked
    manifest = json.loads(Path(str(tmp_path / "m.txt") + MANIFEST_SUFFIX).read_text("utf-8"))
    assert manifest["policy"] == str(policy)
    unmask(UnmaskRequest(path=str(tmp_path / "m.txt"), out=tmp_path / "b.txt", **common), services)  # type: ignore[arg-type]
    assert (tmp_path / "b.txt").read_text(encoding="utf-8") == text


def test_risk_job_without_the_cli(tmp_path: Path) -> None:
    table = tmp_path / "t.csv"
    table.write_text("邮编,性别\n100000,F\n100000,F\n100000,F\n200000,M\n", encoding="utf-8")
    doc, at_risk = risk(RiskRequest(table=table, quasi=("邮编", "性别"), k=3), services)
    assert (doc["k_anonymity"], doc["records_in_classes_below_k3"], at_risk) == (1, 1, True)
    doc, at_risk = risk(RiskRequest(table=table, quasi=("邮编",), k=1), services)
    assert at_risk is False


def test_scan_text_sees_a_kind_registered_after_its_first_call() -> None:
    """scan_text's cached scanner was built once, so a later register_kind went unseen."""
    text = "会员号 VIP20261203，手机13812345678"
    assert [f.kind for f in boxguard.scan_text(text, use_model=False)] == ["cn_mobile"]
    register_kind(custom_kind({"id": "member_no_t", "pattern": r"\bVIP\d{8}\b"}))
    try:
        kinds = [f.kind for f in boxguard.scan_text(text, use_model=False)]
        assert kinds == ["member_no_t", "cn_mobile"]
    finally:
        unregister_kind("member_no_t")
    assert [f.kind for f in boxguard.scan_text(text, use_model=False)] == ["cn_mobile"]


@pytest.mark.parametrize("bad", ["", "x"])
def test_mask_job_refuses_a_missing_input(tmp_path: Path, bad: str) -> None:
    from boxguard.errors import InputError

    with pytest.raises(InputError, match="no such file"):
        mask(
            MaskRequest(
                path=str(tmp_path / f"missing{bad}.txt"), out=tmp_path / "o.txt", use_model=False
            ),
            services,
        )
    assert not (tmp_path / "o.txt").exists()
