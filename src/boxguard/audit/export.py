"""The audit export file: JSON lines an outside auditor verifies with the public key alone.

Format ``boxguard-audit-export/1`` (UTF-8, one JSON object per line):

1. a header ``{"format": "boxguard-audit-export/1", "tree_size": N, "public_keys":
   {KEY_ID: BASE64_RAW_ED25519}}`` -- the keys are for information: the auditor checks
   against a public key obtained separately, never against the file's own;
2. N event lines ``{"event": OBJECT, "leaf_hash": HEX}`` in seq order, where OBJECT is the
   version-1 event object of :mod:`boxguard.audit.encoding` (its canonical serialization is
   the leaf data);
3. N head lines ``{"head": {"tree_size", "root_hash", "timestamp_us", "key_id",
   "previous", "signature"}}`` in tree_size order (hex hashes and signature).

Writes only the file it is given (atomically: a temporary file renamed into place); reads
no database.

>>> import tempfile, pathlib
>>> from datetime import datetime, timezone
>>> from boxguard.audit.events import AuditEvent
>>> from boxguard.audit.memory import MemoryAuditLog
>>> from boxguard.crypto.keys import Keyset
>>> from boxguard.crypto.signing import SigningKey
>>> log = MemoryAuditLog(SigningKey.from_keyset(Keyset.generate()),
...                      lambda: datetime(2026, 1, 1, tzinfo=timezone.utc))
>>> _ = log.append(AuditEvent(action="reveal", actor="a", outcome="ok"))
>>> path = pathlib.Path(tempfile.mkdtemp()) / "audit.jsonl"
>>> write_export(path, log.recorded, log.heads, [log.public_key])
1
>>> verify_export(path, log.public_key).ok
True
"""

from __future__ import annotations

import json
import os
import tempfile
from collections.abc import Iterable, Iterator
from datetime import datetime
from pathlib import Path

from boxguard.audit.encoding import event_object, from_us, object_to_event, to_us
from boxguard.audit.events import PrunedEvent, RecordedEvent
from boxguard.audit.heads import SignedTreeHead
from boxguard.audit.verify import VerifyResult, verify_log
from boxguard.crypto.signing import VerifyKey
from boxguard.errors import InputError

FORMAT = "boxguard-audit-export/1"


def write_export(
    path: str | Path,
    events: Iterable[RecordedEvent | PrunedEvent],
    heads: Iterable[SignedTreeHead],
    public_keys: Iterable[VerifyKey],
) -> int:
    """Write events, heads and public keys to ``path``; returns the number of events."""
    path = Path(path)
    heads = list(heads)
    header = {
        "format": FORMAT,
        "tree_size": heads[-1].tree_size if heads else 0,
        "public_keys": {k.key_id: k.base64() for k in public_keys},
    }
    fd, tmp = tempfile.mkstemp(prefix=".audit-", dir=path.parent)
    n = 0
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as out:
            out.write(json.dumps(header, sort_keys=True) + "\n")
            for rec in events:
                line: dict[str, object] = (
                    {"pruned": {"seq": rec.seq, "time_us": to_us(rec.time)}}
                    if isinstance(rec, PrunedEvent)
                    else {"event": event_object(rec)}
                )
                line["leaf_hash"] = rec.leaf_hash.hex()
                out.write(json.dumps(line, sort_keys=True, ensure_ascii=True) + "\n")
                n += 1
            for h in heads:
                out.write(json.dumps({"head": h.to_json()}, sort_keys=True) + "\n")
            out.flush()
            os.fsync(out.fileno())
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return n


def _lines(path: Path) -> Iterator[tuple[int, dict[str, object]]]:
    try:
        with path.open(encoding="utf-8") as f:
            for no, line in enumerate(f, 1):
                try:
                    obj = json.loads(line)
                except ValueError:
                    raise InputError(f"{path}:{no}: not a JSON line") from None
                if not isinstance(obj, dict):
                    raise InputError(f"{path}:{no}: not a JSON object")
                yield no, obj
    except OSError as err:
        raise InputError(f"cannot read {path}: {err.strerror}") from None
    except UnicodeDecodeError:
        raise InputError(f"{path}: not UTF-8") from None


def read_header(path: str | Path) -> dict[str, object]:
    """The export's header line; :class:`InputError` if it is not an export."""
    path = Path(path)
    for _, obj in _lines(path):
        if obj.get("format") != FORMAT:
            raise InputError(f"{path}: not a boxguard audit export (expected {FORMAT!r})")
        return obj
    raise InputError(f"{path}: empty file")


def read_heads(path: str | Path) -> list[SignedTreeHead]:
    path = Path(path)
    out = []
    for no, obj in _lines(path):
        if "head" in obj:
            try:
                out.append(SignedTreeHead.from_json(obj["head"]))  # type: ignore[arg-type]
            except (KeyError, TypeError, ValueError, OverflowError):
                raise InputError(f"{path}:{no}: malformed head") from None
    return out


def read_events(path: str | Path) -> Iterator[RecordedEvent | PrunedEvent]:
    path = Path(path)
    for no, obj in _lines(path):
        if "event" in obj or "pruned" in obj:
            lh = obj.get("leaf_hash")
            try:
                leaf = bytes.fromhex(lh) if isinstance(lh, str) else b""
            except ValueError:
                raise InputError(f"{path}:{no}: malformed leaf hash") from None
            if "pruned" in obj:
                yield _pruned(path, no, obj["pruned"], leaf)
                continue
            try:
                yield object_to_event(obj["event"], leaf)
            except InputError as err:
                raise InputError(f"{path}:{no}: {err}") from None


def _pruned(path: Path, no: int, obj: object, leaf: bytes) -> PrunedEvent:
    seq = obj.get("seq") if isinstance(obj, dict) else None
    time_us = obj.get("time_us") if isinstance(obj, dict) else None
    if type(seq) is not int or type(time_us) is not int:
        raise InputError(f"{path}:{no}: malformed pruned event")
    try:
        return PrunedEvent(seq, from_us(time_us), leaf)
    except (ValueError, OverflowError):
        raise InputError(f"{path}:{no}: malformed pruned event") from None


def verify_export(
    path: str | Path,
    public_key: VerifyKey | Iterable[VerifyKey],
    *,
    trusted: SignedTreeHead | None = None,
    pruned_before: datetime | None = None,
) -> VerifyResult:
    """Verify an export file with the auditor's own copy of the public key(s).

    Pruned events (``{"pruned": {"seq", "time_us"}, "leaf_hash"}``) pass only as a prefix
    and only older than ``pruned_before`` (the auditor's now minus the retention).
    """
    read_header(path)
    return verify_log(
        read_events(path),
        read_heads(path),
        public_key,
        trusted=trusted,
        pruned_before=pruned_before,
    )
