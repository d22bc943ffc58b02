"""JOB: reverse what `mask` made reversible (FPE, tokens) with the same keys and policy.

The manifest beside a masked file names the key that masked it; a keyset that did not
is refused before anything is written. Tokens are found by the prefixes the policy's
``tokenize`` rules use (``tok_`` unless a rule sets another).

>>> import re
>>> from boxguard.io.policies import read_policy
>>> token_pattern(read_policy(None)).pattern
'(?:tok_)[0-9a-f]{16}'
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from pathlib import Path

from boxguard.crypto.keys import Keyset
from boxguard.dburl import DEFAULT_TOKENS
from boxguard.errors import CryptoError, InputError
from boxguard.io.keys import key_check, load_keyset
from boxguard.io.policies import read_policy
from boxguard.io.sources import Options
from boxguard.jobs import Notify, Wiring, quiet
from boxguard.jobs.mask import (
    MANIFEST_SUFFIX,
    mirror,
    open_io,
    rewrite,
    table_path,
    token_store,
)
from boxguard.policy.model import Policy
from boxguard.transform.apply import apply_to_text
from boxguard.transform.base import Context
from boxguard.transform.fpe import DecryptFPE
from boxguard.transform.tokenize import Tokenize


@dataclass(frozen=True)
class UnmaskRequest:
    """What to unmask, with which policy and role, and where to write it."""

    path: str = "-"
    out: Path | None = None
    policy: str | None = None
    role: str | None = None
    field: str = "text"
    keys: Path | None = None
    tokens: str = DEFAULT_TOKENS


def unmask(req: UnmaskRequest, wiring: Wiring, notify: Notify = quiet) -> int:
    """Reverse ``req.path`` (a file, ``-`` or a folder of masked files); files written."""
    pol = read_policy(req.policy)
    keyset = load_keyset(req.keys, required=True)
    assert keyset is not None
    ctx = Context(keyset=keyset, tokens=token_store(wiring, req.tokens, keyset))
    job = UnmaskJob(pol, req.role, req.field, ctx, keyset, wiring, notify)
    if req.path != "-" and Path(req.path).is_dir():
        if req.out is None:
            raise InputError(
                f"{req.path}: a folder is unmasked into another folder: give --out DIR"
            )
        done = 0
        for file, target in mirror(Path(req.path), req.out, Options(notice=notify)):
            if file.name.endswith(MANIFEST_SUFFIX):
                continue
            target.parent.mkdir(parents=True, exist_ok=True)
            job.run(str(file), target)
            done += 1
        return done
    job.run(req.path, req.out)
    return 1


def token_pattern(policy: Policy) -> re.Pattern[str]:
    """Tokens any ``tokenize`` rule of ``policy`` writes (its prefix, then 16 hex digits)."""
    specs = [policy.default, *policy.kinds.values(), *policy.columns.values()]
    specs += [spec for rules in policy.roles.values() for spec in rules.values()]
    prefixes = {Tokenize().prefix}
    prefixes |= {op.prefix for s in specs if isinstance(op := s.build(), Tokenize)}
    alternatives = "|".join(re.escape(p) for p in sorted(prefixes, key=lambda p: (-len(p), p)))
    return re.compile(f"(?:{alternatives})[0-9a-f]{{16}}")


@dataclass
class UnmaskJob:
    """Reverse FPE and tokens in one file, with the key its manifest names."""

    policy: Policy
    role: str | None
    field: str
    ctx: Context
    keyset: Keyset
    wiring: Wiring
    notify: Notify = quiet

    def run(self, path: str, out: Path | None) -> None:
        key_id, touched, layout = self._manifest(path)
        scanner = self.wiring.scanner(use_model=False)
        decrypt = DecryptFPE(key_id=key_id)
        tokens = token_pattern(self.policy)

        def is_fpe(kind_id: str, column: str | None) -> bool:
            return self.policy.decide(kind_id, column=column, role=self.role).op == "encrypt_fpe"

        def text_fn(text: str, column: str | None = None) -> str:
            text = tokens.sub(lambda m: self.ctx.tokens.value_of(m.group()) or m.group(), text)
            found = scanner.scan(text) if column is None else scanner.scan_cell(text)
            found = [f for f in found if is_fpe(f.kind, column)]
            return apply_to_text(text, found, lambda _f: decrypt, self.ctx)

        def texts_fn(texts: list[str]) -> list[str]:
            return [text_fn(t) for t in texts]

        if out is not None and table_path(path, out):
            from boxguard.io.tables import rewrite_table
            from boxguard.jobs.tables import changed_columns

            rewrite_table(Path(path), out, changed_columns(text_fn, touched, layout))
        else:
            with open_io(path, out) as (src, dst, kind):
                rewrite(kind, src, dst, self.field, path, texts_fn, text_fn)

    def _manifest(self, path: str) -> tuple[str | None, set[str], list[dict[str, object]]]:
        """The key id, transformed columns and table layout the mask manifest records."""
        manifest_path = Path(path + MANIFEST_SUFFIX)
        if path == "-":
            return None, set(), []
        if not manifest_path.exists():
            self.notify(f"{path}: no manifest beside it: the key cannot be verified")
            return None, set(), []
        manifest = json.loads(manifest_path.read_text(encoding="utf-8"))
        key_id = manifest.get("key_id")
        if key_id is None:
            raise InputError(f"{path}: masked without a key, so nothing in it can be reversed")
        if key_id not in self.keyset.keys or key_check(self.keyset, key_id) != manifest.get(
            "key_check"
        ):
            raise CryptoError(
                "this keyset did not mask the file (key check failed); nothing written"
            )
        touched = {c["column"] for c in manifest.get("columns", []) if c["action"] != "keep"}
        return key_id, touched, list(manifest.get("tables", []))
