from __future__ import annotations

import dataclasses
from datetime import datetime, timedelta, timezone

import pytest
from tests.vault_support import FailingAuditLog, ListAuditLog, clock, people, rules

from boxguard.crypto.aead import DecryptionFailed
from boxguard.crypto.envelope import WrappedKey, decrypt_field, unwrap
from boxguard.crypto.keys import Keyset
from boxguard.detect.scanner import Scanner
from boxguard.errors import AccessDenied, ConfigError, InputError, NotFound, StorageError
from boxguard.io.policies import read_policy
from boxguard.kinds import get_kind
from boxguard.transform.base import Context
from boxguard.transform.engine import Desensitizer
from boxguard.transform.policy import load_policy
from boxguard.vault import Masking, MemoryVaultStore, PersonField, Vault

PERSON = people(1)[0]


def fields(p=PERSON):  # type: ignore[no-untyped-def]
    return [PersonField(k, v, p.kinds[k]) for k, v in p.values.items()]


@pytest.fixture
def env():  # type: ignore[no-untyped-def]
    c = clock()
    ks = Keyset.generate()
    store = MemoryVaultStore()
    log = ListAuditLog(c)
    vault = Vault(store, log, c, ks, rules())
    vid = vault.put(
        fields(),
        actor="importer",
        consent=["delivery", "after_sales", "audit"],
        index_fields=["客户编号"],
    )
    return vault, store, log, c, ks, vid


def all_event_text(log: ListAuditLog) -> str:
    return "\n".join(repr(r) for r in log.recorded)


def test_put_find_reveal_round_trip(env) -> None:  # type: ignore[no-untyped-def]
    vault, _, log, _, _, vid = env
    mobile = PERSON.values["手机"]
    spaced = f"{mobile[:3]} {mobile[3:7]} {mobile[7:]}"
    assert vault.find("cn_mobile", spaced, actor="t") == [vid]
    assert vault.find("客户编号", PERSON.values["客户编号"], actor="t") == [vid]
    assert vault.find("cn_mobile", "13800000000", actor="t") == []
    assert vault.find("email", mobile, actor="t") == []
    got = vault.reveal("wang.cs", vid, None, "after_sales")
    assert got == PERSON.values
    assert vault.reveal("li.courier", vid, ["手机"], "delivery") == {"手机": mobile}
    actions = [(r.event.action, r.event.record is None) for r in log.recorded]
    assert actions == [
        ("put", False),
        ("find", False),  # found: the event names the record (the person's report shows it)
        ("find", False),
        ("find", True),  # nothing found: no record to name
        ("find", True),
        ("reveal", False),
        ("reveal", False),
    ]
    assert [r.event.reference for r in log.recorded[1:5]] == ["1 found"] * 2 + ["0 found"] * 2
    text = all_event_text(log)
    for value in PERSON.values.values():
        assert value not in text, "an audit event holds a personal value"
    assert vid not in text, "events name the record by its pseudonym only"
    assert log.recorded[1].event.record == vault.pseudonym(vid)


def test_a_field_is_named_by_its_column_or_by_its_kind(env) -> None:  # type: ignore[no-untyped-def]
    """The issue's FIELD is "a kind id or a column name": cn_mobile stands for 手机."""
    vault, _, log, _, _, vid = env
    mobile = PERSON.values["手机"]
    assert vault.reveal("li.courier", vid, ["cn_mobile"], "delivery") == {"手机": mobile}
    assert log.recorded[-1].event.fields == ("手机",)
    with pytest.raises(NotFound, match="no field 'vin'"):
        vault.reveal("li.courier", vid, ["vin"], "delivery")


def test_denied_reveal_is_audited_and_raises_naming_the_rule(env) -> None:  # type: ignore[no-untyped-def]
    vault, _, log, _, _, vid = env
    with pytest.raises(AccessDenied, match="no grant for field 身份证号 and purpose delivery"):
        vault.reveal("li.courier", vid, ["手机", "身份证号"], "delivery")
    last = log.recorded[-1].event
    assert (last.action, last.outcome, last.rule) == (
        "reveal",
        "denied",
        "no grant for field 身份证号 and purpose delivery",
    )
    assert last.fields == ("手机", "身份证号")
    with pytest.raises(AccessDenied, match="unknown user"):
        vault.reveal("mallory", vid, ["手机"], "delivery")
    with pytest.raises(NotFound, match="no field '工资'"):
        vault.reveal("wang.cs", vid, ["工资"], "after_sales")
    with pytest.raises(NotFound, match="no record"):
        vault.reveal("wang.cs", "v_guess", ["手机"], "after_sales")
    probe = log.recorded[-1].event
    assert (probe.outcome, probe.rule, probe.record) == (
        "denied",
        "unknown record",
        vault.pseudonym("v_guess"),
    )


def test_reveal_fails_closed_when_the_audit_append_fails(env, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    _, store, _, c, ks, vid = env
    failing = FailingAuditLog(c)
    closed = Vault(store, failing, c, ks, rules())
    calls: list[str] = []

    def spy(*args, **kw):  # type: ignore[no-untyped-def]
        calls.append("decrypt")
        return decrypt_field(*args, **kw)

    monkeypatch.setattr("boxguard.vault.service.decrypt_field", spy)
    result = None
    with pytest.raises(StorageError, match="audit log unavailable"):
        result = closed.reveal("wang.cs", vid, None, "after_sales")
    assert result is None
    assert calls == [], "nothing may be decrypted before the event is stored"
    with pytest.raises(StorageError):
        closed.show("wang.cs", vid)
    with pytest.raises(StorageError):
        closed.find("cn_mobile", PERSON.values["手机"], actor="wang.cs")
    assert calls == []
    with pytest.raises(StorageError):
        closed.delete("sun.dpo", vid, "erasure")
    assert store.record_ids() == [vid], "no unaudited deletion"
    failing.failing = False
    assert closed.reveal("wang.cs", vid, ["手机"], "after_sales") == {"手机": PERSON.values["手机"]}
    assert calls == ["decrypt"]


def test_hourly_limit_is_counted_from_the_audit_log(env) -> None:  # type: ignore[no-untyped-def]
    vault, _, log, c, _, vid = env
    for _ in range(3):
        vault.reveal("li.courier", vid, ["手机"], "delivery")
        c.at += timedelta(minutes=1)
    with pytest.raises(AccessDenied, match="hourly limit 3 reached"):
        vault.reveal("li.courier", vid, ["手机"], "delivery")
    # denied reveals do not count; an hour after the first reveal, one slot is free
    c.at += timedelta(minutes=57)  # T+60: the reveal at T has left the window
    assert vault.reveal("li.courier", vid, ["手机"], "delivery")
    with pytest.raises(AccessDenied, match="hourly limit 3 reached"):
        vault.reveal("li.courier", vid, ["手机"], "delivery")
    assert vault.check_reveal(
        "wang.cs", vid, ["手机"], "after_sales"
    ).allowed  # other users unaffected
    assert sum(r.event.outcome == "ok" and r.event.action == "reveal" for r in log.recorded) == 4


class CountingStore(MemoryVaultStore):
    """Records the names it serializes on."""

    def __init__(self) -> None:
        super().__init__()
        self.serialized: list[str] = []

    def serial(self, name: str):  # type: ignore[no-untyped-def]
        self.serialized.append(name)
        return super().serial(name)


def test_only_a_capped_users_reveals_take_turns() -> None:
    """A role without an hourly cap (a service account's) never waits for its own other
    reveals; a capped one's reveals, allowed or denied, each take the user's lock."""
    c = clock()
    store = CountingStore()
    vault = Vault(store, ListAuditLog(c), c, Keyset.generate(), rules())
    vid = vault.put(fields(), actor="importer", consent=["delivery", "after_sales"])
    vault.reveal("wang.cs", vid, ["手机"], "after_sales")
    assert store.serialized == []
    vault.reveal("li.courier", vid, ["手机"], "delivery")
    with pytest.raises(AccessDenied):
        vault.reveal("li.courier", vid, ["手机"], "after_sales")
    with pytest.raises(AccessDenied, match="unknown user"):
        vault.reveal("nobody", vid, ["手机"], "delivery")  # unknown: assumed capped
    assert store.serialized == ["reveal:li.courier"] * 2 + ["reveal:nobody"]


def test_outside_working_hours_and_withdrawn_consent(env) -> None:  # type: ignore[no-untyped-def]
    vault, _, _, c, _, vid = env
    c.at = datetime(2026, 3, 2, 12, 30, tzinfo=timezone.utc)  # 20:30 in Shanghai
    with pytest.raises(AccessDenied, match="outside working hours 09:00-18:00 Asia/Shanghai"):
        vault.reveal("li.courier", vid, ["手机"], "delivery")
    c.at = datetime(2026, 3, 2, 2, 0, tzinfo=timezone.utc)
    vault.set_consent("front.desk", vid, ["after_sales"])
    with pytest.raises(AccessDenied, match="no consent for purpose delivery"):
        vault.reveal("li.courier", vid, ["手机"], "delivery")
    with pytest.raises(ConfigError, match="purpose 'marketing'"):
        vault.set_consent("front.desk", vid, ["marketing"])


def test_show_is_the_mask_code_path_for_the_role(env) -> None:  # type: ignore[no-untyped-def]
    _, store, log, c, ks, _ = env
    policy = read_policy("privacy-waybill")
    scanner = Scanner()
    vault = Vault(store, log, c, ks, rules(), masking=Masking(scanner, policy, Context(keyset=ks)))
    vid = vault.put(fields(), actor="importer")
    shown = vault.show("li.courier", vid)  # courier is a role of privacy-waybill too
    engine = Desensitizer(scanner, policy, Context(keyset=ks), "courier")
    for name, value in PERSON.values.items():
        kind = PERSON.kinds[name]
        if name == "手机":  # tokenize: a random token, stable within one token store
            assert shown[name].startswith("tok_")
            continue
        expected = engine.whole_cell(kind, name)(value) if kind else engine.text(value, name)
        assert shown[name] == expected, name
    assert shown["身份证号"] == "[已隐藏]"
    assert shown["地址"] != PERSON.values["地址"]
    # a role the policy does not name gets its general rules
    general = Desensitizer(scanner, policy, Context(keyset=ks))
    cs_view = vault.show("wang.cs", vid)
    assert cs_view["手机"] == general.whole_cell("cn_mobile", "手机")(PERSON.values["手机"])
    assert log.recorded[-1].event.action == "show"
    with pytest.raises(AccessDenied, match="unknown user"):
        vault.show("mallory", vid)


def test_a_policy_that_keeps_values_in_clear_still_gives_a_masked_view(env) -> None:  # type: ignore[no-untyped-def]
    """QA: ``vault show --policy keepall.yaml`` gave a role that reveals nothing every field
    in clear, audited as a masked ``show``. A view masks ``keep`` with the display mask."""
    _, store, log, c, ks, _ = env
    keep_all = "default: keep\nkinds: {cn_mobile: keep, cn_resident_id: keep}\n"
    keep_all += "columns: {备注: {op: keep}}\nroles: {courier: {person_name: keep}}\n"
    masking = Masking(Scanner(), load_policy(keep_all), Context(keyset=ks))
    vault = Vault(store, log, c, ks, rules(), masking=masking)
    vid = vault.put(fields(), actor="importer")
    for user in ("li.courier", "wang.cs"):
        shown = vault.show(user, vid)
        for name, value in PERSON.values.items():
            kind = PERSON.kinds[name]
            if kind is not None:
                assert shown[name] != value, (user, name)
                assert shown[name] == get_kind(kind).mask(value), (user, name)


def test_delete_crypto_shreds_and_keeps_the_fact(env) -> None:  # type: ignore[no-untyped-def]
    vault, store, _, _, ks, vid = env
    vault.reveal("wang.cs", vid, ["手机"], "after_sales")
    before = store.get_record(vid)
    with pytest.raises(AccessDenied, match="no grant for field \\* and purpose erasure"):
        vault.delete("wang.cs", vid, "erasure")
    vault.delete("sun.dpo", vid, "erasure")
    after = store.get_record(vid)
    assert after.wrapped_key is None
    assert after.shredded_at is not None
    assert after.fields == before.fields, "ciphertexts stay, as they do in backups"
    with pytest.raises(NotFound, match="deleted"):
        vault.reveal("wang.cs", vid, ["手机"], "after_sales")
    # the consent went with the key: the event names the erasure, not the consent (QA)
    log = env[2]
    assert (log.recorded[-1].event.outcome, log.recorded[-1].event.rule) == (
        "denied",
        "record deleted",
    )
    with pytest.raises(NotFound, match="deleted already"):
        vault.delete("sun.dpo", vid, "erasure")
    with pytest.raises(NotFound, match="deleted"):
        vault.show("wang.cs", vid)
    assert vault.find("cn_mobile", PERSON.values["手机"], actor="t") == []
    assert store.consent(vid) == frozenset()
    # the ciphertexts left behind open only with the data key that was deleted
    old_key = unwrap(ks, WrappedKey.from_bytes(before.wrapped_key), record_id=vid)
    for f in after.fields:
        assert decrypt_field(old_key, f.ciphertext, record_id=vid, field=f.name)
    report = vault.report(vid)
    assert [(r.action, r.outcome) for r in report] == [
        ("put", "ok"),
        ("reveal", "ok"),
        ("delete", "denied"),
        ("delete", "ok"),
        ("reveal", "denied"),
    ]
    assert (report[1].actor, report[1].purpose) == ("wang.cs", "after_sales")


def test_report_is_the_persons_own_view(env) -> None:  # type: ignore[no-untyped-def]
    vault, _, _, _, _, vid = env
    other = vault.put(fields(people(2)[1]), actor="importer", consent=["delivery"])
    vault.reveal("li.courier", vid, ["地址"], "delivery")
    vault.reveal("li.courier", other, ["地址"], "delivery")
    vault.find("cn_mobile", PERSON.values["手机"], actor="li.courier")
    with pytest.raises(AccessDenied):
        vault.reveal("li.courier", vid, ["身份证号"], "delivery")
    lines = vault.report(vid)
    assert [(r.action, r.actor, r.outcome, r.fields) for r in lines] == [
        ("put", "importer", "ok", tuple(PERSON.values)),
        ("reveal", "li.courier", "ok", ("地址",)),
        ("find", "li.courier", "ok", ("cn_mobile",)),
        ("reveal", "li.courier", "denied", ("身份证号",)),
    ]
    assert lines[3].rule == "no grant for field 身份证号 and purpose delivery"
    assert lines[1].role == "courier"


def test_rotate_rewraps_and_reindexes_so_the_old_key_can_retire(env) -> None:  # type: ignore[no-untyped-def]
    vault, store, log, c, ks, vid = env
    ciphertexts = store.get_record(vid).fields
    rotated = ks.rotate()
    assert Vault(store, log, c, rotated, rules()).rotate("keeper") == 1
    assert store.get_record(vid).fields == ciphertexts, "data untouched"
    new_only = Keyset({rotated.primary_id: rotated.keys[rotated.primary_id]}, rotated.primary_id)
    fresh = Vault(store, log, c, new_only, rules())
    assert fresh.find("cn_mobile", PERSON.values["手机"], actor="t") == [vid]
    assert fresh.find("客户编号", PERSON.values["客户编号"], actor="t") == [vid]
    assert fresh.reveal("wang.cs", vid, ["邮箱"], "after_sales") == {"邮箱": PERSON.values["邮箱"]}
    assert fresh.rotate("keeper") == 0  # nothing left to rewrap
    with pytest.raises(DecryptionFailed):
        vault.reveal("wang.cs", vid, ["邮箱"], "after_sales")  # the old keyset lacks the new KEK
    assert log.recorded[-1].event.outcome == "error"
    assert log.recorded[-1].event.rule == "decryption failed"
    with pytest.raises(DecryptionFailed):  # QA: show's event said "ok", and nothing more
        vault.show("wang.cs", vid)
    assert [(r.event.action, r.event.outcome) for r in log.recorded[-2:]] == [
        ("show", "ok"),
        ("show", "error"),
    ]


def test_export_needs_four_eyes_and_is_single_use(env) -> None:  # type: ignore[no-untyped-def]
    vault, _, log, _, _, vid = env
    xid = vault.request_export("wang.cs", "audit", [vid], ["手机", "邮箱"])
    with pytest.raises(AccessDenied, match="export needs approval by a second user"):
        vault.export("wang.cs", xid)
    assert vault.approve_export("wang.cs", xid).rule == "approver must be a different user"
    assert not vault.approve_export("zhao.cs", xid).allowed  # no approve_export grant
    assert not vault.approve_export("li.courier", xid).allowed
    assert vault.approve_export("chen.boss", xid).allowed
    with pytest.raises(NotFound):
        vault.export("zhao.cs", xid)  # only the requester runs it
    rows = vault.export("wang.cs", xid)
    assert rows == [{"手机": PERSON.values["手机"], "邮箱": PERSON.values["邮箱"]}]
    with pytest.raises(AccessDenied, match="used already"):
        vault.export("wang.cs", xid)
    kinds = [(r.event.action, r.event.outcome) for r in log.recorded if "export" in r.event.action]
    assert kinds == [
        ("export_request", "ok"),
        ("export", "denied"),
        ("export_approve", "denied"),
        ("export_approve", "denied"),
        ("export_approve", "denied"),
        ("export_approve", "ok"),
        ("export", "ok"),
    ]
    # QA: an export and its request named no role in their events (a reveal names it)
    roles = {r.event.role for r in log.recorded if r.event.action in ("export", "export_request")}
    assert roles == {"customer_service"}


def test_export_is_all_or_nothing_on_consent(env) -> None:  # type: ignore[no-untyped-def]
    vault, _, _, _, _, vid = env
    other = vault.put(fields(people(2)[1]), actor="importer", consent=["delivery"])
    xid = vault.request_export("wang.cs", "audit", [vid, other], ["手机"])
    assert vault.approve_export("chen.boss", xid).allowed
    with pytest.raises(AccessDenied, match="no consent for purpose audit"):
        vault.export("wang.cs", xid)


def test_users_grants_and_pseudonyms(env) -> None:  # type: ignore[no-untyped-def]
    vault, store, log, c, _, vid = env
    with pytest.raises(AccessDenied, match="unknown user"):
        vault.reveal("zhou.new", vid, ["邮箱"], "delivery")
    vault.add_user("admin", dataclasses.replace(rules().users[0], name="zhou.new"))
    with pytest.raises(AccessDenied, match="no grant for field 邮箱"):
        vault.reveal("zhou.new", vid, ["邮箱"], "delivery")
    from boxguard.access import Grant

    vault.grant("admin", Grant("courier", "email", "delivery"))
    assert vault.reveal("zhou.new", vid, ["邮箱"], "delivery")
    with pytest.raises(ConfigError):
        vault.grant("admin", Grant("courier", "email", "marketing"))
    p = vault.pseudonym(vid)
    assert p.startswith("r-")
    assert len(p) == 34
    assert vid not in p
    assert Vault(store, log, c, Keyset.generate(), rules()).pseudonym(vid) != p
    assert [r.event.action for r in log.recorded if r.event.record is None] == ["user", "grant"]


def test_put_refuses_bad_records(env) -> None:  # type: ignore[no-untyped-def]
    vault = env[0]
    with pytest.raises(ConfigError):
        vault.put([], actor="x")
    with pytest.raises(ConfigError):
        vault.put([PersonField("a", "1"), PersonField("a", "2")], actor="x")
    with pytest.raises(ConfigError, match="unknown kind"):
        vault.put([PersonField("a", "1", "shoe_size")], actor="x")
    assert "13" not in repr(PersonField("手机", "13812345678", "cn_mobile"))


class BrokenStore(MemoryVaultStore):
    def add_record(self, record, index):  # type: ignore[no-untyped-def]
        raise StorageError("vault store failed: OperationalError")


def test_put_is_audited_first_and_a_failed_store_is_recorded() -> None:
    c = clock()
    failing = FailingAuditLog(c)
    store = MemoryVaultStore()
    with pytest.raises(StorageError, match="audit log unavailable"):
        Vault(store, failing, c, Keyset.generate(), rules()).put(fields(), actor="importer")
    assert store.record_ids() == [], "nothing stored unaudited"
    log = ListAuditLog(c)
    with pytest.raises(StorageError, match="vault store failed"):
        Vault(BrokenStore(), log, c, Keyset.generate(), rules()).put(fields(), actor="importer")
    assert [(r.event.action, r.event.outcome, r.event.rule) for r in log.recorded] == [
        ("put", "ok", None),
        ("put", "error", "store failed"),
    ]


def test_rotate_stops_at_a_key_it_cannot_rewrap(env) -> None:  # type: ignore[no-untyped-def]
    _, store, log, c, _, _ = env
    stranger = Keyset.generate()  # lacks the KEK the record is wrapped with
    with pytest.raises(DecryptionFailed):
        Vault(store, log, c, stranger, rules()).rotate("keeper")
    last = log.recorded[-1].event
    assert (last.action, last.outcome, last.rule, last.reference) == (
        "rotate",
        "error",
        "a data key could not be rewrapped",
        "0 records",
    )


def test_revoke_removes_a_run_time_grant(env) -> None:  # type: ignore[no-untyped-def]
    from boxguard.access import Grant

    vault, _, log, _, _, vid = env
    g = Grant("courier", "email", "delivery")
    vault.grant("admin", g)
    assert vault.reveal("li.courier", vid, ["邮箱"], "delivery")
    assert vault.revoke("admin", g)
    assert not vault.revoke("admin", g)
    with pytest.raises(AccessDenied, match="no grant for field 邮箱"):
        vault.reveal("li.courier", vid, ["邮箱"], "delivery")
    assert [r.event.action for r in log.recorded if r.event.record is None] == [
        "grant",
        "revoke",
        "revoke",
    ]


def test_find_by_a_name_that_is_neither_a_kind_nor_an_imported_column(env) -> None:  # type: ignore[no-untyped-def]
    """A typo ("cn_moblie"), or a value typed where the kind goes, is an input error, not
    "nobody found"; the name is not echoed (it may be the value); nothing is audited."""
    vault, store, log, _, _, _ = env
    mobile = PERSON.values["手机"]
    before = len(log.recorded)
    for name in ("cn_moblie", mobile, "客户编"):
        with pytest.raises(InputError, match="not a kind id nor the name of an imported") as e:
            vault.find(name, mobile, actor="t")
        assert name not in str(e.value)
    assert len(log.recorded) == before
    assert store.has_tag("column:客户编号")
    assert not store.has_tag("column:客户编")
    assert vault.find("客户编号", PERSON.values["客户编号"], actor="t") != []
