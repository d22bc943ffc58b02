from __future__ import annotations

import runpy
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def test_kinds_page_is_generated_from_the_current_registry() -> None:
    gen = runpy.run_path(str(ROOT / "scripts" / "gen_docs.py"))
    assert (ROOT / "docs" / "kinds.md").read_text(encoding="utf-8") == gen["render"](), (
        "docs/kinds.md is stale: run .venv/bin/python scripts/gen_docs.py"
    )


def test_cli_page_is_generated_from_the_current_help() -> None:
    gen = runpy.run_path(str(ROOT / "scripts" / "gen_docs.py"))
    assert (ROOT / "docs" / "cli.md").read_text(encoding="utf-8") == gen["render_cli"](), (
        "docs/cli.md is stale: run .venv/bin/python scripts/gen_docs.py"
    )


def test_every_spec_kind_id_is_registered() -> None:
    from boxguard.kinds import kind_ids

    spec = ROOT.parent / "shared" / "spec" / "pi-kinds.md"
    if not spec.exists():  # the spec lives beside the repo in CI and dev checkouts
        import pytest

        pytest.skip("shared/spec/pi-kinds.md not beside the repo")
    import re

    ids = set(re.findall(r"^\| `([a-z_0-9]+)` \|", spec.read_text(encoding="utf-8"), re.MULTILINE))
    assert len(ids) == 31
    assert ids <= set(kind_ids()), sorted(ids - set(kind_ids()))
