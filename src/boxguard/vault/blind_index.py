"""Keyed blind indexes: find a stored value by exact match without decrypting anything.

The index of a value is HMAC-SHA-256, under the key provider's secret
``"vault-index:" + kind`` (for a keyset: ``keyset.derive("vault-index:" + kind)``),
of the value's *index form*: full-width characters folded (NFKC), and the
kind's validator's compact form when it validates (``138 1234 5678`` and
``13812345678`` agree), else the value with runs of white space collapsed.
It is truncated to :data:`INDEX_BYTES` bytes: enough to make accidental
collisions negligible for any vault, few enough to leak no more than needed.

A bare hash of a mobile number is brute-forced in seconds; without the keyset
an index says nothing. With it, an index still tells which records share a
value: that is what an exact-match index is, and why the keyset is guarded.

This module never stores, logs or returns the value or its index form
outside :func:`index_form` (which the vault calls only to compute indexes).

>>> from boxguard.crypto.keys import Keyset
>>> ks = Keyset.generate()
>>> bi = BlindIndex(ks)
>>> bi.compute("cn_mobile", "138 1234 5678") == bi.compute("cn_mobile", "13812345678")
True
>>> bi.compute("cn_mobile", "13812345678") == bi.compute("email", "13812345678")
False
>>> len(bi.compute("cn_mobile", "13812345678"))
16
"""

from __future__ import annotations

import hashlib
import hmac
import unicodedata

from boxguard.crypto.keys import Keyset
from boxguard.crypto.provider import KeyProvider, as_provider
from boxguard.errors import ValidationError
from boxguard.kinds import get_kind

#: Bytes kept of the HMAC-SHA-256 output.
INDEX_BYTES = 16


def index_form(kind_id: str | None, value: str) -> str:
    """The normalized compact value an index is computed over.

    ``kind_id`` ``None`` (a column of no known kind): folded and white space collapsed.

    >>> index_form("cn_mobile", "１３８ １２３４ ５６７８")
    '13812345678'
    >>> index_form(None, "  张  伟 ")
    '张 伟'
    """
    folded = " ".join(unicodedata.normalize("NFKC", value).split())
    if kind_id is None:
        return folded
    kind = get_kind(kind_id)
    if kind.validate is not None:
        try:
            return kind.validate(folded)
        except (ValidationError, TypeError, ValueError, AttributeError):
            pass
    return folded


class BlindIndex:
    """Computes blind indexes under one key provider; ``repr`` never shows keys."""

    def __init__(self, keys: Keyset | KeyProvider) -> None:
        self._provider = as_provider(keys)
        self._keys: dict[tuple[str, str], bytes] = {}

    def __repr__(self) -> str:
        return f"BlindIndex(primary_id={self._provider.primary_id!r})"

    def __reduce__(self) -> tuple[object, ...]:
        raise TypeError("blind indexers hold keys and cannot be pickled")

    @property
    def primary_id(self) -> str:
        return self._provider.primary_id

    def _key(self, kind: str, key_id: str) -> bytes:
        k = (kind, key_id)
        if k not in self._keys:
            self._keys[k] = self._provider.secret("vault-index:" + kind, key_id=key_id)
        return self._keys[k]

    def compute(self, kind_id: str | None, value: str, key_id: str | None = None) -> bytes:
        """The index of ``value`` as a ``kind_id`` (``None``: a column of no known kind)
        under key ``key_id`` (default: the primary)."""
        kind = kind_id or "*"
        mac = hmac.new(
            self._key(kind, key_id or self._provider.primary_id),
            index_form(kind_id, value).encode("utf-8", "surrogatepass"),
            hashlib.sha256,
        )
        return mac.digest()[:INDEX_BYTES]

    def candidates(self, kind_id: str | None, value: str) -> list[bytes]:
        """The index under every key of the keyset, primary first (finds values indexed
        before a rotation that have not been re-indexed yet).

        >>> from boxguard.crypto.keys import Keyset
        >>> ks = Keyset.generate()
        >>> old = BlindIndex(ks).compute("email", "a@example.com")
        >>> BlindIndex(ks.rotate()).candidates("email", "a@example.com")[1] == old
        True
        """
        return [self.compute(kind_id, value, key_id=k) for k in self._provider.key_ids()]
