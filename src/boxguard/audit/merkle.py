"""The Merkle tree of RFC 6962 / RFC 9162 over SHA-256: hashes, proofs and their checks.

Leaf hash ``SHA-256(0x00 || data)``, node hash ``SHA-256(0x01 || left || right)``, the
empty tree's hash ``SHA-256("")``. Proofs are generated from a list of leaf hashes (RFC
9162 §2.1.3.1 and §2.1.4.1) and checked with the algorithms of §2.1.3.2 and §2.1.4.2.
:class:`CompactTree` holds only the O(log n) roots of the perfect subtrees that make up
the tree (its frontier), so an append costs O(log n) without re-reading the log.

Pure functions over bytes: this module never reads a database or a file.

>>> leaves = [leaf_hash(bytes([i])) for i in range(5)]
>>> root = tree_hash(leaves)
>>> verify_inclusion(leaves[3], 3, 5, inclusion_proof(leaves, 3), root)
True
>>> verify_consistency(2, 5, tree_hash(leaves[:2]), root, consistency_proof(leaves, 2))
True
>>> t = CompactTree()
>>> for h in leaves:
...     _ = t.append(h)
>>> t.root() == root
True
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence

#: the hash of the empty tree, SHA-256 of the empty string
EMPTY_ROOT = hashlib.sha256(b"").digest()
HASH_SIZE = 32
_sha = hashlib.sha256


def leaf_hash(data: bytes) -> bytes:
    """``SHA-256(0x00 || data)``."""
    return _sha(b"\x00" + data).digest()


def node_hash(left: bytes, right: bytes) -> bytes:
    """``SHA-256(0x01 || left || right)``."""
    return _sha(b"\x01" + left + right).digest()


def _split(n: int) -> int:
    """The largest power of two smaller than ``n`` (n >= 2)."""
    return 1 << ((n - 1).bit_length() - 1)


def tree_hash(leaves: Sequence[bytes]) -> bytes:
    """MTH of a list of leaf hashes (RFC 9162 §2.1.1)."""
    n = len(leaves)
    if n == 0:
        return EMPTY_ROOT
    if n == 1:
        return leaves[0]
    k = _split(n)
    return node_hash(tree_hash(leaves[:k]), tree_hash(leaves[k:]))


def inclusion_proof(leaves: Sequence[bytes], index: int) -> list[bytes]:
    """The audit path of leaf ``index`` in the tree of ``leaves`` (RFC 9162 §2.1.3.1)."""
    if not 0 <= index < len(leaves):
        raise ValueError("leaf index out of range")
    return _path(index, leaves)


def _path(m: int, d: Sequence[bytes]) -> list[bytes]:
    n = len(d)
    if n <= 1:
        return []
    k = _split(n)
    if m < k:
        return [*_path(m, d[:k]), tree_hash(d[k:])]
    return [*_path(m - k, d[k:]), tree_hash(d[:k])]


def consistency_proof(leaves: Sequence[bytes], old_size: int) -> list[bytes]:
    """The proof that the tree of ``leaves[:old_size]`` is a prefix of ``leaves``
    (RFC 9162 §2.1.4.1); empty when ``old_size`` is 0 or the whole tree."""
    if not 0 <= old_size <= len(leaves):
        raise ValueError("old tree size out of range")
    if old_size in (0, len(leaves)):
        return []
    return _subproof(old_size, leaves, True)


def _subproof(m: int, d: Sequence[bytes], whole: bool) -> list[bytes]:
    n = len(d)
    if m == n:
        return [] if whole else [tree_hash(d)]
    k = _split(n)
    if m <= k:
        return [*_subproof(m, d[:k], whole), tree_hash(d[k:])]
    return [*_subproof(m - k, d[k:], False), tree_hash(d[:k])]


def root_from_inclusion(leaf: bytes, index: int, size: int, proof: Sequence[bytes]) -> bytes | None:
    """The root an inclusion proof leads to (RFC 9162 §2.1.3.2), or None if malformed."""
    if not 0 <= index < size or len(leaf) != HASH_SIZE:
        return None
    fn, sn, r = index, size - 1, leaf
    for p in proof:
        if sn == 0 or len(p) != HASH_SIZE:
            return None
        if fn & 1 or fn == sn:
            r = node_hash(p, r)
            if not fn & 1:
                while fn and not fn & 1:
                    fn >>= 1
                    sn >>= 1
        else:
            r = node_hash(r, p)
        fn >>= 1
        sn >>= 1
    return r if sn == 0 else None


def verify_inclusion(
    leaf: bytes, index: int, size: int, proof: Sequence[bytes], root: bytes
) -> bool:
    """Whether ``proof`` puts leaf hash ``leaf`` at ``index`` of the tree (``size``, ``root``)."""
    return root_from_inclusion(leaf, index, size, proof) == root


def verify_consistency(
    old_size: int, new_size: int, old_root: bytes, new_root: bytes, proof: Sequence[bytes]
) -> bool:
    """Whether ``proof`` shows the tree ``old_root`` of ``old_size`` is a prefix of the tree
    ``new_root`` of ``new_size`` (RFC 9162 §2.1.4.2)."""
    if not 0 <= old_size <= new_size:
        return False
    if old_size == new_size:
        return not proof and old_root == new_root
    if old_size == 0:
        return not proof
    if not proof or any(len(c) != HASH_SIZE for c in proof):
        return False
    path = list(proof)
    if old_size & (old_size - 1) == 0:  # an exact power of two: the old root is a node
        path.insert(0, old_root)
    fn, sn = old_size - 1, new_size - 1
    while fn & 1:
        fn >>= 1
        sn >>= 1
    fr = sr = path[0]
    for c in path[1:]:
        if sn == 0:
            return False
        if fn & 1 or fn == sn:
            fr = node_hash(c, fr)
            sr = node_hash(c, sr)
            if not fn & 1:
                while fn and not fn & 1:
                    fn >>= 1
                    sn >>= 1
        else:
            sr = node_hash(sr, c)
        fn >>= 1
        sn >>= 1
    return sn == 0 and fr == old_root and sr == new_root


def frontier_positions(size: int) -> list[int]:
    """The index of the last leaf of each perfect subtree of the frontier, left to right.

    The largest perfect subtree ending at each of these leaves is exactly the frontier's
    subtree there, so a log that stores, for every leaf, the hash of the largest perfect
    subtree ending at it (:meth:`CompactTree.append`'s result) rebuilds the frontier with
    O(log n) lookups.

    >>> frontier_positions(13)  # 13 = 8 + 4 + 1
    [7, 11, 12]
    """
    out, end = [], 0
    for bit in range(size.bit_length() - 1, -1, -1):
        if size >> bit & 1:
            end += 1 << bit
            out.append(end - 1)
    return out


class CompactTree:
    """An append-only Merkle tree that keeps only its frontier (a compact range [0, size)).

    >>> t = CompactTree()
    >>> t.root() == EMPTY_ROOT
    True
    >>> a, b = leaf_hash(b"a"), leaf_hash(b"b")
    >>> t.append(a) == a and t.append(b) == node_hash(a, b)
    True
    """

    __slots__ = ("_frontier", "_size")

    def __init__(self, size: int = 0, frontier: Sequence[bytes] = ()) -> None:
        if size < 0 or len(frontier) != size.bit_count():
            raise ValueError("a frontier holds one hash per set bit of the tree size")
        self._size = size
        self._frontier = list(frontier)

    @property
    def size(self) -> int:
        return self._size

    @property
    def frontier(self) -> tuple[bytes, ...]:
        """The perfect subtrees' hashes, largest (leftmost) first."""
        return tuple(self._frontier)

    def copy(self) -> CompactTree:
        return CompactTree(self._size, self._frontier)

    def append(self, leaf: bytes) -> bytes:
        """Add a leaf hash; returns the hash of the largest perfect subtree now ending at it."""
        f, h, n = self._frontier, leaf, self._size
        while n & 1:
            h = node_hash(f.pop(), h)
            n >>= 1
        f.append(h)
        self._size += 1
        return h

    def root(self) -> bytes:
        """MTH of the leaves appended so far."""
        f = self._frontier
        if not f:
            return EMPTY_ROOT
        r = f[-1]
        for h in reversed(f[:-1]):
            r = _sha(b"\x01" + h + r).digest()
        return r
