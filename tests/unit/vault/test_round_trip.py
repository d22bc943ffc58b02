from __future__ import annotations

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st
from tests.vault_support import ListAuditLog, clock, rules

from boxguard.crypto.envelope import sm4_available
from boxguard.crypto.keys import Keyset
from boxguard.vault import MemoryVaultStore, PersonField, Vault

KS = Keyset.generate()
column = st.text(st.characters(blacklist_categories=("Cs",)), min_size=1, max_size=12).filter(
    str.strip
)
value = st.text(st.characters(blacklist_categories=("Cs",)), min_size=1, max_size=60)


@pytest.mark.parametrize(
    "cipher",
    [
        "aes-256-gcm",
        pytest.param("sm4-gcm", marks=pytest.mark.skipif(not sm4_available(), reason="no SM4-GCM")),
    ],
)
@settings(suppress_health_check=[HealthCheck.function_scoped_fixture], max_examples=40)
@given(record=st.dictionaries(column, value, min_size=1, max_size=5))
@example(record={"pnr_code": "0"})  # a column named as a kind id is found by its name too
def test_put_then_reveal_gives_every_field_back(cipher: str, record: dict[str, str]) -> None:
    c = clock()
    store = MemoryVaultStore()
    vault = Vault(store, ListAuditLog(c), c, KS, rules(), cipher=cipher)  # type: ignore[arg-type]
    vid = vault.put(
        [PersonField(k, v) for k, v in record.items()],
        actor="t",
        consent=["after_sales"],
        index_fields=list(record),
    )
    assert vault.reveal("wang.cs", vid, None, "after_sales") == record
    stored = store.get_record(vid)
    assert stored is not None
    assert {f.ciphertext[0] for f in stored.fields} == {1 if cipher == "aes-256-gcm" else 2}
    name, v = next(iter(record.items()))
    assert vid in vault.find(name, v, actor="t")
