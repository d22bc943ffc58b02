"""Signed tree heads: the log's Ed25519 signature over its Merkle root at a tree size.

The log signs a head after every append. Each head also names the SHA-256 of the head
before it (``previous``; 32 zero bytes for the first), so the heads form a hash chain and
one valid signature on the newest head vouches for every older head byte for byte: a
verifier checks one signature instead of one per event (docs/audit.md).

Signed payload (version 1), all integers big-endian::

    b"boxguard-audit-head/1\\n" || u64 tree_size || i64 timestamp_us || root_hash (32)
    || previous (32) || u8 len(key_id) || key_id (ASCII)

A head's own hash (what the next head's ``previous`` holds) is
``SHA-256(payload || signature)``.

Pure: never stores anything, never sees key material except through a
:class:`~boxguard.crypto.provider.Signer`.

>>> from datetime import datetime, timezone
>>> from boxguard.crypto.keys import Keyset
>>> from boxguard.crypto.signing import SigningKey
>>> signer = SigningKey.from_keyset(Keyset.generate())
>>> t = datetime(2026, 1, 1, tzinfo=timezone.utc)
>>> h1 = sign_head(signer, 1, b"\\x11" * 32, t, GENESIS)
>>> h1.verify(signer.public_key)
True
>>> h1.replace_root(b"\\x22" * 32).verify(signer.public_key)
False
"""

from __future__ import annotations

import dataclasses
import hashlib
import struct
from dataclasses import dataclass
from datetime import datetime

from boxguard.audit.encoding import from_us, to_us
from boxguard.crypto.provider import Signer
from boxguard.crypto.signing import VerifyKey

#: ``previous`` of the first head
GENESIS = bytes(32)
_MAGIC = b"boxguard-audit-head/1\n"
_FIXED = struct.Struct(">Qq")


@dataclass(frozen=True)
class SignedTreeHead:
    """The root of the log's tree at ``tree_size`` leaves, signed by key ``key_id``."""

    tree_size: int
    root_hash: bytes
    timestamp: datetime
    key_id: str
    signature: bytes
    previous: bytes = GENESIS

    def payload(self) -> bytes:
        """The canonical bytes the signature covers."""
        return head_payload(
            self.tree_size, self.root_hash, to_us(self.timestamp), self.previous, self.key_id
        )

    def hash(self) -> bytes:
        """SHA-256(payload || signature): the link the next head carries."""
        return hashlib.sha256(self.payload() + self.signature).digest()

    def verify(self, key: VerifyKey) -> bool:
        """Whether ``key`` signed this head (and is the key it names); False for a head no
        signer made (a hash not of 32 bytes, a key id not ASCII: an edited row)."""
        try:
            payload = self.payload()
        except ValueError:
            return False
        return key.key_id == self.key_id and key.verify(self.signature, payload)

    def replace_root(self, root: bytes) -> SignedTreeHead:
        """A copy with another root (for tests and tamper trials; its signature no longer holds)."""
        return dataclasses.replace(self, root_hash=root)

    def to_json(self) -> dict[str, object]:
        """The head as JSON values (hex hashes, base64-free hex signature, microseconds)."""
        return {
            "tree_size": self.tree_size,
            "root_hash": self.root_hash.hex(),
            "timestamp_us": to_us(self.timestamp),
            "key_id": self.key_id,
            "previous": self.previous.hex(),
            "signature": self.signature.hex(),
        }

    @classmethod
    def from_json(cls, obj: dict[str, object]) -> SignedTreeHead:
        """Inverse of :meth:`to_json`; ValueError/TypeError/KeyError if malformed."""
        size, ts, kid = obj["tree_size"], obj["timestamp_us"], obj["key_id"]
        root, prev, sig = obj["root_hash"], obj["previous"], obj["signature"]
        if type(size) is not int or type(ts) is not int or not isinstance(kid, str):
            raise TypeError("head tree_size/timestamp_us must be integers, key_id a string")
        if not (isinstance(root, str) and isinstance(prev, str) and isinstance(sig, str)):
            raise TypeError("head hashes and signature must be hex strings")
        return cls(
            size, bytes.fromhex(root), from_us(ts), kid, bytes.fromhex(sig), bytes.fromhex(prev)
        )


def head_payload(
    tree_size: int, root_hash: bytes, timestamp_us: int, previous: bytes, key_id: str
) -> bytes:
    """The version-1 signed payload (see the module docstring)."""
    kid = key_id.encode("ascii")
    if len(root_hash) != 32 or len(previous) != 32 or len(kid) > 255:
        raise ValueError("a head holds 32-byte hashes and a key id of at most 255 bytes")
    return (
        _MAGIC
        + _FIXED.pack(tree_size, timestamp_us)
        + root_hash
        + previous
        + bytes([len(kid)])
        + kid
    )


def sign_head(
    signer: Signer, tree_size: int, root_hash: bytes, timestamp: datetime, previous: bytes
) -> SignedTreeHead:
    """Sign the root ``root_hash`` of a tree of ``tree_size`` leaves, chained to ``previous``."""
    payload = head_payload(tree_size, root_hash, to_us(timestamp), previous, signer.key_id)
    return SignedTreeHead(
        tree_size, root_hash, timestamp, signer.key_id, signer.sign(payload), previous
    )
