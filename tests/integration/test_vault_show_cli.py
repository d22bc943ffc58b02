"""`Vault.show` for a role gives what `boxguard mask --policy P --role R` writes for a table."""

from __future__ import annotations

import csv
from pathlib import Path

from boxguard.crypto.keys import Keyset
from boxguard.detect.scanner import Scanner
from boxguard.io.policies import read_policy
from boxguard.storage import SqlTokenStore, connect, migrate
from boxguard.transform.base import Context
from boxguard.vault import Masking, MemoryVaultStore, PersonField, Vault
from tests.integration.test_cli import bg
from tests.vault_support import ListAuditLog, clock, people, rules


def test_show_matches_the_mask_cli_for_the_courier_role(tmp_path: Path) -> None:
    folks = people(6, seed=3)
    columns = list(folks[0].values)
    src, out = tmp_path / "in.csv", tmp_path / "out.csv"
    with open(src, "w", encoding="utf-8", newline="") as fh:
        w = csv.writer(fh, lineterminator="\n")
        w.writerow(columns)
        w.writerows([p.values[c] for c in columns] for p in folks)
    assert bg("keys", "init", cwd=tmp_path).returncode == 0
    tokens_url = f"sqlite:///{tmp_path / 'tokens.db'}"
    r = bg(
        "mask",
        "--policy",
        "privacy-waybill",
        "--role",
        "courier",
        "--tokens",
        tokens_url,
        str(src),
        "--out",
        str(out),
        cwd=tmp_path,
    )
    assert r.returncode == 0, r.stderr
    with open(out, encoding="utf-8", newline="") as fh:
        masked = list(csv.DictReader(fh))

    ks = Keyset.from_json((tmp_path / "boxguard.keys").read_text(encoding="utf-8"))
    engine = connect(tokens_url)
    migrate(engine)
    ctx = Context(keyset=ks, tokens=SqlTokenStore(engine, ks))
    c = clock()
    vault = Vault(
        MemoryVaultStore(),
        ListAuditLog(c),
        c,
        ks,
        rules(),
        masking=Masking(Scanner(), read_policy("privacy-waybill"), ctx),
    )
    for person, row in zip(folks, masked, strict=True):
        vid = vault.put(
            [PersonField(k, v, person.kinds[k]) for k, v in person.values.items()], actor="importer"
        )
        shown = vault.show("li.courier", vid)
        assert shown == row
        assert shown["手机"].startswith("tok_"), "the courier gets the virtual-number token"
        assert shown["身份证号"] == "[已隐藏]"
    engine.dispose()
