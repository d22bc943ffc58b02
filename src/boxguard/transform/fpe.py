"""``encrypt_fpe``: FF1 format-preserving encryption, reversible with the key.

The digits of a value are encrypted with FF1 (radix 10), every other
character stays where it was, a kind's structural prefix may be kept
(a mobile's segment, a card's issuer: ``Kind.fpe_keep_first``), and the check
character is recomputed (``Kind.fpe_check_last``). A kind may bring its own
encryption, tried first (``Kind.fpe_special``: a resident ID's birth date stays a
real date). When a kind's validator rejects the result (an unallocated
segment, an impossible date), the encryption is *cycle-walked*: encrypted
again until the result is valid. Cycle-walking restricted to valid values is
still a permutation, so ``decrypt`` walks back the same way; an output of
``encrypt_fpe`` therefore always validates as its kind.

The tweak is the kind id, so equal digits of two kinds encrypt differently.

>>> from boxguard.crypto.keys import Keyset
>>> from boxguard.kinds import get_kind
>>> from boxguard.transform.base import Context
>>> ctx, k = Context(keyset=Keyset.generate()), get_kind("cn_mobile")
>>> ct = EncryptFPE().apply("138 1234 5678", k, ctx)
>>> ct[:4], k.is_valid(ct), EncryptFPE().reverse(ct, k, ctx)
('138 ', True, '138 1234 5678')
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import ClassVar

from boxguard.crypto.ff1 import FF1
from boxguard.errors import ConfigError, CryptoError
from boxguard.kinds import Kind
from boxguard.transform.base import Context

#: What a recomputed check character may be, tried in this order.
_CHECK_SYMBOLS = "0123456789X"
#: Give up after this many cycle-walk steps: the kind's valid values are too sparse.
MAX_WALK = 5000


@dataclass(frozen=True)
class EncryptFPE:
    key_id: str | None = None

    name: ClassVar[str] = "encrypt_fpe"
    reversible: ClassVar[bool] = True

    def apply(self, value: str, kind: Kind, ctx: Context) -> str:
        return self._walk(value, kind, ctx, forward=True)

    def reverse(self, value: str, kind: Kind, ctx: Context) -> str:
        """Decrypt a value this operator produced (with the same keyset)."""
        return self._walk(value, kind, ctx, forward=False)

    # -- internals -------------------------------------------------------------------
    def _walk(self, value: str, kind: Kind, ctx: Context, *, forward: bool) -> str:
        key = ctx.require_keyset(self.name).derive("fpe", key_id=self.key_id)
        ff1 = FF1(key)
        step: Callable[[str, bytes], str] = ff1.encrypt if forward else ff1.decrypt
        if kind.fpe_special is not None:
            coded = kind.fpe_special(value, step)
            fixed = None if coded is None else self._fix(coded, kind, kind.fpe_check_last)
            if fixed is not None:
                return fixed
        positions = [i for i, c in enumerate(value) if c.isascii() and c.isdigit()]
        # a custom kind's value its pattern matches whole stays so: the digits the pattern
        # fixes are kept, and the walk stays within the value's class (matched or not), so
        # that unmask finds it again (the 8888 of 8888… was lost) and decryption walks back
        shape = kind.fpe_shape
        pinned = None if shape is None else shape(value)
        keep = max(kind.fpe_keep_first, pinned or 0)
        check = kind.fpe_check_last and len(value) > 0 and value[-1] in _CHECK_SYMBOLS + "x"
        body = positions[
            keep : len(positions) - (1 if check and positions[-1:] == [len(value) - 1] else 0)
        ]
        if len(body) < ff1.min_length():
            raise ConfigError(
                f"kind {kind.id!r} has too few digits for format-preserving encryption; "
                "use tokenize or pseudonymize"
            )
        tweak = kind.id.encode()
        digits = "".join(value[i] for i in body)
        for _ in range(MAX_WALK):
            digits = step(digits, tweak)
            candidate = self._fix(_place(value, body, digits), kind, check)
            if candidate is not None and (
                shape is None or (shape(candidate) is None) == (pinned is None)
            ):
                return candidate
        raise CryptoError(
            f"kind {kind.id!r}: valid values too sparse for format-preserving encryption"
        )

    @staticmethod
    def _fix(candidate: str, kind: Kind, check: bool) -> str | None:
        """The candidate with a correct check character, or None when no valid one exists."""
        if kind.validate is None:
            return candidate
        if not check:
            return candidate if kind.is_valid(candidate) else None
        for sym in _CHECK_SYMBOLS:
            fixed = candidate[:-1] + sym
            if kind.is_valid(fixed):
                return fixed
        return None


@dataclass(frozen=True)
class DecryptFPE:
    """The inverse of :class:`EncryptFPE` as an operator: what `boxguard unmask` applies."""

    key_id: str | None = None

    name: ClassVar[str] = "decrypt_fpe"
    reversible: ClassVar[bool] = True

    def apply(self, value: str, kind: Kind, ctx: Context) -> str:
        return EncryptFPE(self.key_id).reverse(value, kind, ctx)


def _place(value: str, positions: list[int], digits: str) -> str:
    chars = list(value)
    for i, d in zip(positions, digits, strict=True):
        chars[i] = d
    return "".join(chars)
