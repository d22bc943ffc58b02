"""A keyed Tardos code over an unbounded set of positions (Škorić's symmetric variant).

A *position* is one bit slot of one released record: the pair (``tag``, ``slot``) where
``tag`` is the 64-bit keyed hash of the record's stable identity (see
:func:`record_tag`) and ``slot`` numbers the bit among the record's channels. Nothing
is stored per recipient or per position: the bias ``p`` of a position and the bit
recipient ``j`` holds there are computed on demand from two keys with AES-256 used as
a pseudorandom function (one block in, one block out, inputs never repeat within a
key and domain):

- bias: ``AES(k_bias, tag ‖ slot ‖ 0)`` → ``u`` uniform → ``p = sin²(t' + u(π/2 − 2t'))``
  with ``t' = arcsin(√t)``: Tardos's arcsine density cut off at ``t``, quantized to a
  16-bit threshold (the quantized ``p`` is the one the score uses, so nothing is
  approximated);
- codeword: ``AES(k_word, tag ‖ slot ‖ j // 8)`` → eight 16-bit lanes; recipient ``j``
  holds 1 at the position when lane ``j % 8`` is below the bias threshold.

This module only computes; it never stores, prints or logs a key, and takes no
personal value other than through :func:`record_tag` (a keyed HMAC).

>>> from boxguard.crypto.keys import Keyset
>>> code = TardosCode.from_keyset(Keyset.generate())
>>> tags = np.array([record_tag(code, "cn_mobile", "13812345678")] * 3, dtype=np.uint64)
>>> slots = np.array([0, 1, 2], dtype=np.uint16)
>>> words = code.codewords(np.arange(5), tags, slots)
>>> words.shape, words.dtype
((5, 3), dtype('bool'))
>>> bool((code.codewords(np.array([3]), tags, slots) == words[3]).all())
True
"""

from __future__ import annotations

import hashlib
import hmac
import math
from dataclasses import dataclass, field

import numpy as np
import numpy.typing as npt
from cryptography.hazmat.primitives.ciphers import Cipher, algorithms, modes

from boxguard.crypto.keys import Keyset
from boxguard.errors import ConfigError

#: Keyset purposes (HKDF ``info``) of the three trace keys.
PURPOSE_BIAS = "boxguard/trace/bias"
PURPOSE_WORD = "boxguard/trace/codeword"
PURPOSE_IDENTITY = "boxguard/trace/identity"
PURPOSE_CANARY = "boxguard/trace/canary"

#: Default bias cutoff t (Tardos's arcsine density on [t, 1 − t]).
DEFAULT_CUTOFF = 0.003
_Q = 65536  # bias thresholds are 16-bit

U64 = npt.NDArray[np.uint64]
U16 = npt.NDArray[np.uint16]
F64 = npt.NDArray[np.float64]
Bool = npt.NDArray[np.bool_]


@dataclass(frozen=True)
class TardosCode:
    """The keys and parameters of one fingerprinting code (key material redacted from repr)."""

    bias_key: bytes = field(repr=False)
    word_key: bytes = field(repr=False)
    identity_key: bytes = field(repr=False)
    canary_key: bytes = field(repr=False)
    cutoff: float = DEFAULT_CUTOFF

    def __post_init__(self) -> None:
        if not 0 < self.cutoff < 0.25:
            raise ConfigError("the Tardos cutoff t must be in (0, 0.25)")
        keys = (self.bias_key, self.word_key, self.identity_key, self.canary_key)
        if any(len(k) != 32 for k in keys):
            raise ConfigError("trace keys must be 32 bytes")

    def __reduce__(self) -> tuple[object, ...]:
        raise TypeError("trace codes hold secrets and cannot be pickled")

    @classmethod
    def from_keyset(
        cls, keyset: Keyset, key_id: str | None = None, cutoff: float = DEFAULT_CUTOFF
    ) -> TardosCode:
        """The code of a keyset's key ``key_id`` (default: primary), one subkey per role."""
        return cls(
            keyset.derive(PURPOSE_BIAS, key_id),
            keyset.derive(PURPOSE_WORD, key_id),
            keyset.derive(PURPOSE_IDENTITY, key_id),
            keyset.derive(PURPOSE_CANARY, key_id),
            cutoff,
        )

    # -- biases ------------------------------------------------------------------
    def thresholds(self, tags: U64, slots: U16) -> npt.NDArray[np.uint32]:
        """16-bit bias thresholds ``T`` of positions; the bias is ``p = T / 65536``."""
        out = _aes(self.bias_key, _blocks(tags, slots, np.zeros(len(tags), np.uint64)))
        u = out[:, 0].astype(np.float64) / 2.0**64
        lo = math.asin(math.sqrt(self.cutoff))
        p = np.sin(lo + u * (math.pi / 2 - 2 * lo)) ** 2
        return np.asarray(np.clip(np.rint(p * _Q), 1, _Q - 1), dtype=np.uint32)

    def biases(self, tags: U64, slots: U16) -> F64:
        """The biases ``p`` of positions, exactly as the codewords and scores use them."""
        return self.thresholds(tags, slots).astype(np.float64) / _Q

    # -- codewords ---------------------------------------------------------------
    def codewords(self, recipients: npt.ArrayLike, tags: U64, slots: U16) -> Bool:
        """Bits of ``recipients`` (code indices ≥ 0) at positions: shape (recipients, positions)."""
        rec = np.asarray(recipients, dtype=np.int64)
        if rec.ndim != 1 or (rec < 0).any():
            raise ConfigError("recipients are code indices >= 0")
        thr = self.thresholds(tags, slots)
        groups = np.unique(rec // 8)
        m = len(tags)
        # one AES block per (group of 8 recipients, position)
        g = np.repeat(groups.astype(np.uint64), m)
        blocks = _blocks(np.tile(tags, len(groups)), np.tile(slots, len(groups)), g + 1)
        lanes = _aes(self.word_key, blocks).view(np.uint16).reshape(len(groups), m, 8)
        if len(rec) == 8 * len(groups) and (rec == np.arange(len(rec)) + rec[0]).all():
            u = lanes.transpose(0, 2, 1).reshape(len(rec), m)  # whole groups in order
        else:
            row = np.searchsorted(groups, rec // 8)
            u = lanes[row[:, None], np.arange(m)[None, :], (rec % 8)[:, None]]
        return np.asarray(u < thr[None, :], dtype=np.bool_)

    def codeword(self, recipient: int, tag: int, slot: int) -> int:
        """One bit, for one recipient at one position (0 or 1)."""
        t = np.array([tag], dtype=np.uint64)
        s = np.array([slot], dtype=np.uint16)
        return int(self.codewords(np.array([recipient]), t, s)[0, 0])


def record_tag(code: TardosCode, kind_id: str, compact_value: str) -> int:
    """The 64-bit keyed identity of a record: HMAC-SHA-256(kind ‖ 0 ‖ value), first 8 bytes.

    The caller passes the kind's *compact* value (``Kind.validate``'s result), so that
    ``138 1234 5678`` and ``13812345678`` name the same person.
    """
    mac = hmac.new(
        code.identity_key, kind_id.encode() + b"\x00" + compact_value.encode(), hashlib.sha256
    )
    return int.from_bytes(mac.digest()[:8], "little")


def _blocks(tags: U64, slots: U16, domain: U64) -> bytes:
    """128-bit AES inputs: tag (8 bytes) ‖ slot (2 bytes) ‖ domain (6 bytes), little-endian."""
    if np.any(domain >= np.uint64(1 << 48)):
        raise ConfigError("recipient index too large for the code")
    hi = np.asarray(slots, dtype=np.uint64) | (np.asarray(domain, dtype=np.uint64) << np.uint64(16))
    arr = np.empty((len(tags), 2), dtype="<u8")
    arr[:, 0] = tags
    arr[:, 1] = hi
    return arr.tobytes()


def _aes(key: bytes, blocks: bytes) -> npt.NDArray[np.uint64]:
    """AES-256 applied block by block (a PRF on distinct inputs), as (n, 2) uint64."""
    enc = Cipher(algorithms.AES(key), modes.ECB()).encryptor()
    return np.frombuffer(enc.update(blocks) + enc.finalize(), dtype="<u8").reshape(-1, 2)
