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
from boxguard.dburl import DEFAULT_TOKENS, shown_url
from boxguard.detect.table import hinted_kinds
from boxguard.errors import ConfigError, CryptoError, InputError
from boxguard.io.atomic import refuse_same_file
from boxguard.io.keys import key_check, load_keyset
from boxguard.io.policies import read_policy
from boxguard.io.records import WHOLE
from boxguard.io.sources import Options
from boxguard.jobs import Notify, Wiring, quiet
from boxguard.jobs.mask import (
    MANIFEST_SUFFIX,
    REVERSIBLE,
    mirror,
    open_io,
    ops_for,
    policy_digest,
    require_regular,
    rewrite,
    table_path,
    table_to,
    token_store,
)
from boxguard.transform.apply import apply_to_text
from boxguard.transform.base import Context
from boxguard.transform.fpe import DecryptFPE
from boxguard.transform.policy import Policy
from boxguard.transform.tokenize import Tokenize


@dataclass(frozen=True)
class UnmaskRequest:
    """What to unmask, with which policy and role, and where to write it."""

    path: str = "-"
    out: Path | None = None
    policy: str | None = None
    role: str | None = None
    field: str = WHOLE
    keys: Path | None = None
    tokens: str = DEFAULT_TOKENS
    #: The mask manifest, when it is not beside the input (stdin, a renamed file).
    manifest: Path | None = None


def unmask(req: UnmaskRequest, wiring: Wiring, notify: Notify = quiet) -> int:
    """Reverse ``req.path`` (a file, ``-`` or a folder of masked files); files written.

    Refused, with nothing written: an output naming the input, a keyset, policy or role
    other than the ones the manifest records, FPE values without a manifest to check them
    against, a token table that does not exist, tokens the table does not hold, a policy
    that reverses nothing for the role (every value would stay masked).
    """
    pol = read_policy(req.policy)
    if req.role is not None:
        pol.decide("person_name", role=req.role)  # an unknown role is refused here
    keyset = load_keyset(req.keys, required=True)
    assert keyset is not None
    if req.path == "-" or not Path(req.path).is_dir():
        require_regular(req.path)
    refuse_same_file(req.path, req.out)
    uses_tokens = "tokenize" in ops_for(pol, req.role)  # this role's rules, not another's
    if uses_tokens:
        require_token_table(req.tokens)
    ctx = Context(keyset=keyset, tokens=token_store(wiring, req.tokens, keyset, uses_tokens))
    job = UnmaskJob(pol, req.role, req.field, ctx, keyset, wiring, notify, req.manifest)
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
        notify(f"{job.restored} value(s) restored in {done} file(s)")
        return done
    job.run(req.path, req.out)
    notify(f"{job.restored} value(s) restored")
    return 1


def require_token_table(url: str) -> None:
    """The token table must exist: opening a missing one would create it (a server
    database: boxguard's whole schema) empty, and every token would then stay a token."""
    if url.startswith("sqlite:///"):
        db = url.removeprefix("sqlite:///").split("?", 1)[0]
        missing = db and db != ":memory:" and not Path(db).is_file()
        where = db
    else:
        from boxguard.storage.tokens import has_token_table

        missing, where = not has_token_table(url), shown_url(url)
    if missing:
        raise InputError(
            f"token table {where} not found: tokens cannot be reversed without the table "
            "`mask` wrote them to (give --tokens URL); nothing written"
        )


def token_pattern(policy: Policy) -> re.Pattern[str]:
    """Tokens any ``tokenize`` rule of ``policy`` writes (its prefix, then 16 hex digits)."""
    prefixes = {Tokenize().prefix}
    prefixes |= {
        op.prefix for s in policy.specs(every_role=True) if isinstance(op := s.build(), Tokenize)
    }
    alternatives = "|".join(re.escape(p) for p in sorted(prefixes, key=lambda p: (-len(p), p)))
    return re.compile(f"(?:{alternatives})[0-9a-f]{{16}}")


@dataclass
class UnmaskJob:
    """Reverse FPE and tokens in one file, with the key, policy and role its manifest names."""

    policy: Policy
    role: str | None
    field: str
    ctx: Context
    keyset: Keyset
    wiring: Wiring
    notify: Notify = quiet
    manifest: Path | None = None
    restored: int = 0

    def run(self, path: str, out: Path | None) -> None:
        key_id, touched, layout = self._manifest(path)
        if not ops_for(self.policy, self.role) & REVERSIBLE:
            # every value would stay masked: an output looking restored is worse than none
            who = "" if self.role is None else f" for role {self.role!r}"
            raise InputError(
                f"{path}: the policy reverses nothing{who} (no encrypt_fpe or tokenize rule), "
                "so no value can be restored; nothing written"
            )
        scanner = self.wiring.scanner(use_model=False)
        decrypt = DecryptFPE(key_id=key_id)
        tokens = token_pattern(self.policy)
        unknown = 0

        def is_fpe(kind_id: str, column: str | None) -> bool:
            return self.policy.decide(kind_id, column=column, role=self.role).op == "encrypt_fpe"

        def token(m: re.Match[str]) -> str:
            nonlocal unknown
            value = self.ctx.tokens.value_of(m.group())
            if value is None:
                unknown += 1
                return m.group()
            self.restored += 1
            return value

        def text_fn(text: str, column: str | None = None) -> str:
            text = tokens.sub(token, text)
            if column is None:
                found = scanner.scan(text)
            else:  # as mask scanned the cell: with its column's hints
                found = scanner.scan_cell(text, frozenset(hinted_kinds(column)))
            found = [f for f in found if is_fpe(f.kind, column)]
            self.restored += len(found)
            return apply_to_text(text, found, lambda _f: decrypt, self.ctx)

        def texts_fn(texts: list[str]) -> list[str]:
            return [text_fn(t) for t in texts]

        def check() -> None:
            if unknown:
                raise CryptoError(
                    f"{path}: {unknown} token(s) are not in the token table (another --tokens "
                    "or keyset masked it?); nothing written"
                )

        if table_path(path, out):
            from boxguard.jobs.tables import changed_columns

            planner = changed_columns(text_fn, touched, layout)
            table_to(Path(path), out, planner, check=check)
        else:
            with open_io(path, out, self.notify) as (src, dst, kind):
                rewrite(kind, src, dst, self.field, path, texts_fn, text_fn)
                check()

    def _manifest(self, path: str) -> tuple[str | None, set[str], list[dict[str, object]]]:
        """The key id, transformed columns and table layout the mask manifest records,
        after checking that this keyset, policy and role are the ones that masked it."""
        manifest_path = self.manifest or (None if path == "-" else Path(path + MANIFEST_SUFFIX))
        if manifest_path is None or not manifest_path.exists():
            where = "for standard input" if path == "-" else f"beside {path}"
            fpe = {"encrypt_fpe"} & ops_for(self.policy, self.role)
            if fpe:
                raise InputError(
                    f"no manifest {where}: the key and policy that masked it cannot be "
                    "checked, and FPE values decrypted under another key look just as valid; "
                    "give --manifest FILE (written by `mask`); nothing written"
                )
            self.notify(f"no manifest {where}: tokens are checked against the token table")
            return None, set(), []
        try:
            manifest = json.loads(manifest_path.read_text(encoding="utf-8"))
        except (OSError, UnicodeDecodeError, json.JSONDecodeError):
            raise InputError(f"{manifest_path}: not a readable mask manifest") from None
        if not isinstance(manifest, dict):
            raise InputError(f"{manifest_path}: not a mask manifest")
        digest = manifest.get("policy_digest")
        if digest is not None and digest != policy_digest(self.policy):
            raise ConfigError(
                f"{path} was masked with policy {manifest.get('policy')!r}; this policy "
                "differs, so values would be reversed wrongly; nothing written"
            )
        if "role" in manifest and manifest.get("role") != self.role:
            raise ConfigError(
                f"{path} was masked {_for(manifest.get('role'))}, not {_for(self.role)}; "
                "give the same --role; nothing written"
            )
        key_id = manifest.get("key_id")
        if key_id is None:
            if manifest.get("reversible"):
                raise InputError(f"{manifest_path}: no key id in the manifest")
            raise InputError(f"{path}: masked without a key, so nothing in it can be reversed")
        if key_id not in self.keyset.keys or key_check(self.keyset, key_id) != manifest.get(
            "key_check"
        ):
            raise CryptoError(
                "this keyset did not mask the file (key check failed); nothing written"
            )
        touched = {c["column"] for c in manifest.get("columns", []) if c["action"] != "keep"}
        return key_id, touched, list(manifest.get("tables", []))


def _for(role: object) -> str:
    """``for role 'courier'``, or ``with no role``.

    >>> _for("courier"), _for(None)
    ("for role 'courier'", 'with no role')
    """
    return "with no role" if role is None else f"for role {role!r}"
