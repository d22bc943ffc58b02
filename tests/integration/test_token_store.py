from __future__ import annotations

import stat
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
from sqlalchemy import inspect, select

from boxguard.crypto.aead import DecryptionFailed
from boxguard.crypto.keys import Keyset
from boxguard.kinds import get_kind
from boxguard.storage import SqlTokenStore, TokenTable, connect, migrate
from boxguard.storage.schema import tokens
from boxguard.transform import Context, make_operator


@pytest.fixture
def engine(db_url: str):  # type: ignore[no-untyped-def]
    eng = connect(db_url)
    migrate(eng)
    yield eng
    eng.dispose()


def test_migration_creates_the_table_and_is_idempotent(engine) -> None:  # type: ignore[no-untyped-def]
    migrate(engine)
    assert "bg_tokens" in inspect(engine).get_table_names()


def test_tokenize_round_trip_and_values_encrypted_at_rest(engine) -> None:  # type: ignore[no-untyped-def]
    ks = Keyset.generate()
    ctx = Context(keyset=ks, tokens=SqlTokenStore(engine, ks))
    op, kind = make_operator("tokenize"), get_kind("cn_mobile")
    t1 = op.apply("13812345678", kind, ctx)
    assert op.apply("138 1234 5678", kind, ctx) == t1, "same value, same token"
    assert op.apply("13912345678", kind, ctx) != t1
    assert ctx.tokens.value_of(t1) == "13812345678"
    assert ctx.tokens.value_of("tok_missing") is None
    with engine.connect() as conn:
        stored = b"".join(r.value_ct + r.value_mac.encode() for r in conn.execute(select(tokens)))
    assert b"13812345678" not in stored


def test_a_second_store_with_the_same_key_agrees_and_a_wrong_key_fails(engine) -> None:  # type: ignore[no-untyped-def]
    ks = Keyset.generate()
    t = SqlTokenStore(engine, ks).token_for("cn_mobile", "13812345678", "tok_a")
    assert SqlTokenStore(engine, ks).token_for("cn_mobile", "13812345678", "tok_b") == t
    with pytest.raises(DecryptionFailed):
        SqlTokenStore(engine, Keyset.generate()).value_of(t)


def test_concurrent_tokenization_gives_one_token_per_value(engine) -> None:  # type: ignore[no-untyped-def]
    ks = Keyset.generate()
    store = SqlTokenStore(engine, ks)

    def work(i: int) -> str:
        return store.token_for("cn_mobile", "13812345678", f"tok_{i}")

    with ThreadPoolExecutor(4) as pool:
        assert len(set(pool.map(work, range(16)))) == 1


def test_rotation_keeps_tokens_and_reads_old_values(engine) -> None:  # type: ignore[no-untyped-def]
    old = Keyset.generate()
    t = SqlTokenStore(engine, old).token_for("cn_mobile", "13812345678", "tok_old")
    new = old.rotate()
    store = SqlTokenStore(engine, new)
    assert store.token_for("cn_mobile", "13812345678", "tok_new") == t, "same token after rotation"
    assert store.value_of(t) == "13812345678"
    t2 = store.token_for("cn_mobile", "13912345678", "tok_2")
    with engine.connect() as conn:
        kid = conn.execute(select(tokens.c.value_ct).where(tokens.c.token == t2)).scalar_one()
    assert new.primary_id.encode() in kid, "new values are encrypted under the new primary"
    with pytest.raises(DecryptionFailed):
        SqlTokenStore(engine, old).value_of(t2)


def test_a_postgres_scheme_url_opens_the_token_store(db_url: str) -> None:
    """postgres:// (libpq's spelling) works for the token store as it does for scan."""
    from boxguard import services

    if not db_url.startswith("postgresql"):
        pytest.skip("the postgres:// spelling is PostgreSQL's")
    url = "postgres://" + db_url.split("://", 1)[1]
    ks = Keyset.generate()
    store = services.token_store(url, ks)
    token = store.token_for("cn_mobile", "13812345678", "tok_0123456789abcdef")
    assert store.value_of(token) == "13812345678"
    store.close()  # its own engine: a PostgreSQL connection left to the GC warns later


def test_a_new_sqlite_token_table_is_readable_by_its_owner_only(tmp_path: Path) -> None:
    """QA: boxguard-tokens.db was created 0644 (the vault's database is 0600): it holds
    the tokens, their values' ciphertext and their index."""
    ks = Keyset.generate()
    table = TokenTable(f"sqlite:///{tmp_path}/t.db", ks)
    token = table.token_for("cn_mobile", "13812345678", "tok_1")
    assert table.value_of(token) == "13812345678"
    table.close()
    assert stat.S_IMODE((tmp_path / "t.db").stat().st_mode) == 0o600
