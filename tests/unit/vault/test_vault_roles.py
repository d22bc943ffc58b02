"""The vault's roles and purposes of the store (MemoryVaultStore): declared at run time,
their limits enforced by decisions at once, every change audited, refusals writing nothing."""

from __future__ import annotations

from datetime import timedelta

import pytest
from tests.vault_support import ListAuditLog, clock, people, rules

from boxguard.access import Grant, Limits, Purpose, Role, User, make_role
from boxguard.crypto.keys import Keyset
from boxguard.errors import AccessDenied, ConfigError
from boxguard.vault import MemoryVaultStore, PersonField, Vault

PERSON = people(1)[0]


@pytest.fixture
def env():  # type: ignore[no-untyped-def]
    c = clock()  # 10:00 in Shanghai
    store = MemoryVaultStore()
    log = ListAuditLog(c)
    vault = Vault(store, log, c, Keyset.generate(), rules())
    fields = [PersonField(k, v, PERSON.kinds[k]) for k, v in PERSON.values.items()]
    vid = vault.put(fields, actor="importer", consent=["delivery"])
    return vault, store, log, c, vid


def actions(log: ListAuditLog) -> list[tuple[str, str | None]]:
    return [(r.event.action, r.event.reference) for r in log.recorded]


def test_a_stored_role_and_purpose_are_usable_and_their_limits_enforced(env) -> None:  # type: ignore[no-untyped-def]
    vault, store, log, c, vid = env
    vault.add_purpose("admin", Purpose("returns"))
    vault.add_role("admin", make_role("night", reveals_per_hour=2, working_hours="08:00-12:00"))
    vault.add_user("admin", User("ann", "night"))
    vault.grant("admin", Grant("night", "cn_mobile", "returns"))
    vault.set_consent("admin", vid, ["returns"])
    mobile = PERSON.values["手机"]
    for _ in range(2):
        assert vault.reveal("ann", vid, ["cn_mobile"], "returns") == {"手机": mobile}
    with pytest.raises(AccessDenied, match="hourly limit 2 reached"):
        vault.reveal("ann", vid, ["cn_mobile"], "returns")
    c.at += timedelta(hours=3)  # 13:00 in Shanghai, past the stored working hours
    with pytest.raises(AccessDenied, match="outside working hours 08:00-12:00 Asia/Shanghai"):
        vault.reveal("ann", vid, ["cn_mobile"], "returns")
    assert ("role", "night added: 2 reveals/hour, 08:00-12:00 Asia/Shanghai") in actions(log)
    assert ("purpose", "returns") in actions(log)
    assert store.roles() == [make_role("night", reveals_per_hour=2, working_hours="08:00-12:00")]


def test_changing_a_file_role_stores_a_definition_that_wins(env) -> None:  # type: ignore[no-untyped-def]
    vault, store, log, _, vid = env
    assert vault.rules().limits["courier"].reveals_per_hour == 3
    with pytest.raises(ConfigError, match="declared already \\(in the rules file\\)"):
        vault.add_role("admin", Role("courier"))
    vault.change_role("admin", Role("courier", limits=Limits(1)))
    assert vault.rules().limits["courier"] == Limits(1)
    vault.reveal("li.courier", vid, ["cn_mobile"], "delivery")
    with pytest.raises(AccessDenied, match="hourly limit 1 reached"):
        vault.reveal("li.courier", vid, ["cn_mobile"], "delivery")
    # removing the stored definition brings the file's back, even with users on the role
    vault.remove_role("admin", "courier")
    assert vault.rules().limits["courier"].reveals_per_hour == 3
    assert store.roles() == []
    assert ("role_remove", "courier") in actions(log)
    with pytest.raises(ConfigError, match="unknown role 'pilot'"):
        vault.change_role("admin", Role("pilot"))


def test_removal_is_refused_while_in_use_and_writes_nothing(env) -> None:  # type: ignore[no-untyped-def]
    vault, store, log, _, vid = env
    vault.add_purpose("admin", Purpose("returns"))
    vault.add_role("admin", Role("night"))
    vault.add_user("admin", User("ann", "night"))
    vault.grant("admin", Grant("night", "cn_mobile", "returns"))
    vault.set_consent("admin", vid, ["returns"])
    before = len(log.recorded)
    with pytest.raises(ConfigError, match="'night' is still used by 1 user\\(s\\) and 1 grant"):
        vault.remove_role("admin", "night")
    with pytest.raises(ConfigError, match="1 grant\\(s\\) and the consent of 1 record"):
        vault.remove_purpose("admin", "returns")
    with pytest.raises(ConfigError, match="declared in the rules file"):
        vault.remove_role("admin", "dpo")
    with pytest.raises(ConfigError, match="declared in the rules file"):
        vault.remove_purpose("admin", "delivery")
    with pytest.raises(ConfigError, match="declared already"):
        vault.add_purpose("admin", Purpose("delivery"))
    with pytest.raises(ConfigError, match="a purpose name"):
        vault.add_purpose("admin", Purpose("*"))
    assert len(log.recorded) == before
    assert [r.name for r in store.roles()] == ["night"]
    # once nothing uses them, they go
    vault.add_user("admin", User("ann", "courier"))
    vault.revoke("admin", Grant("night", "cn_mobile", "returns"))
    vault.remove_role("admin", "night")
    vault.set_consent("admin", vid, ["delivery"])
    vault.remove_purpose("admin", "returns")
    assert store.roles() == []
    assert store.purposes() == []
    assert "night" not in vault.rules().roles
    assert "returns" not in vault.rules().purposes
