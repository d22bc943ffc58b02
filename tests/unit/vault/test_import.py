from __future__ import annotations

import pytest
from tests.vault_support import ListAuditLog, clock, people, rules

from boxguard.crypto.keys import Keyset
from boxguard.detect.scanner import Scanner
from boxguard.errors import AccessDenied, InputError
from boxguard.vault import MemoryVaultStore, Vault, classify_and_import


def table(n: int = 12) -> list[dict[str, str]]:
    rows = []
    for i, p in enumerate(people(n)):
        row = dict(p.values)
        row["金额"] = f"{100 + i}.50"
        row["状态"] = "已签收"
        row["consent"] = "delivery; after_sales" if i % 2 == 0 else ""
        rows.append(row)
    return rows


@pytest.fixture(scope="module")
def scanner() -> Scanner:
    return Scanner()


def test_personal_columns_are_imported_with_their_kinds(scanner: Scanner) -> None:
    c = clock()
    store, log = MemoryVaultStore(), ListAuditLog(c)
    vault = Vault(store, log, c, Keyset.generate(), rules())
    rows = table()
    result = classify_and_import(vault, rows, "客户编号", actor="importer", scanner=scanner)
    assert len(result.vault_ids) == len(rows)
    plans = {p.column: (p.action, p.kind) for p in result.plans}
    assert plans["手机"] == ("kind", "cn_mobile")
    assert plans["身份证号"] == ("kind", "cn_resident_id")
    assert plans["邮箱"] == ("kind", "email")
    assert "consent" not in plans
    assert set(result.skipped) == {"金额", "状态"}
    rec = store.get_record(result.vault_ids[0])
    assert rec is not None
    assert [f.name for f in rec.fields] == ["客户编号", "姓名", "手机", "身份证号", "邮箱", "地址"]
    for i, (vid, row) in enumerate(zip(result.vault_ids, rows, strict=True)):
        assert vault.find("cn_mobile", row["手机"], actor="t") == [vid]
        assert vault.find("客户编号", row["客户编号"], actor="t") == [vid]
        consented = {"delivery", "after_sales"} if i % 2 == 0 else set()
        assert store.consent(vid) == consented
    first, second = result.vault_ids[:2]
    assert vault.reveal("wang.cs", first, ["身份证号"], "after_sales") == {
        "身份证号": rows[0]["身份证号"]
    }
    with pytest.raises(AccessDenied, match="no consent for purpose after_sales"):
        vault.reveal("wang.cs", second, ["身份证号"], "after_sales")
    assert [r.event.action for r in log.recorded[: len(rows)]] == ["put"] * len(rows)


def test_bad_tables_are_input_errors(scanner: Scanner) -> None:
    c = clock()
    store = MemoryVaultStore()
    vault = Vault(store, ListAuditLog(c), c, Keyset.generate(), rules())
    assert classify_and_import(vault, [], "id", actor="x", scanner=scanner).vault_ids == ()
    with pytest.raises(InputError, match="the id column 'id' is not in the table"):
        classify_and_import(vault, table(2), "id", actor="x", scanner=scanner)
    rows = table(2)
    rows[1]["客户编号"] = " "
    with pytest.raises(InputError, match="row 2: the id column"):
        classify_and_import(vault, rows, "客户编号", actor="x", scanner=scanner)
    assert store.record_ids() == [], "nothing is stored from a table with a bad row"


def test_a_person_is_imported_once(scanner: Scanner) -> None:
    """QA: importing the same table twice stored everyone twice, and a `vault delete` of one
    copy left the other findable and revealable."""
    c = clock()
    store, log = MemoryVaultStore(), ListAuditLog(c)
    vault = Vault(store, log, c, Keyset.generate(), rules())
    rows = table(4)
    first = classify_and_import(vault, rows, "客户编号", actor="x", scanner=scanner).vault_ids
    before = len(log.recorded)
    again = [rows[3], *table(6)[4:]]  # one person already in, two new ones
    with pytest.raises(
        InputError, match=r"1 row\(s\) \(1\): their '客户编号' is in the vault"
    ) as e:
        classify_and_import(vault, again, "客户编号", actor="x", scanner=scanner)
    assert rows[3]["客户编号"] not in str(e.value)
    assert sorted(store.record_ids()) == sorted(first), "nothing stored"
    denied = [r.event for r in log.recorded[before:]]
    assert [(e.action, e.outcome, e.rule) for e in denied] == [
        ("put", "denied", "already in the vault")
    ]
    assert denied[0].record == vault.pseudonym(first[3])
    twice = [*table(6)[4:], table(6)[4]]
    with pytest.raises(InputError, match=r"\(3\): .* earlier in the table"):
        classify_and_import(vault, twice, "客户编号", actor="x", scanner=scanner)
    vault.delete("sun.dpo", first[3], "erasure")  # erased: the person may come back
    done = classify_and_import(vault, [rows[3]], "客户编号", actor="x", scanner=scanner)
    assert vault.find("客户编号", rows[3]["客户编号"], actor="t") == list(done.vault_ids)
    many = classify_and_import(vault, rows[:2], "客户编号", actor="x", scanner=scanner, once=False)
    assert len(many.vault_ids) == 2, "without an id column, no row is taken for another"
