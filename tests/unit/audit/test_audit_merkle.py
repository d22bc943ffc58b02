"""The RFC 6962 / RFC 9162 tree against the Certificate Transparency reference vectors, and
properties of inclusion and consistency proofs (every proof verifies, any change fails)."""

from __future__ import annotations

import hashlib

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from boxguard.audit.merkle import (
    EMPTY_ROOT,
    CompactTree,
    consistency_proof,
    frontier_positions,
    inclusion_proof,
    leaf_hash,
    node_hash,
    root_from_inclusion,
    tree_hash,
    verify_consistency,
    verify_inclusion,
)

# Reference vectors of Google's Certificate Transparency Merkle tree tests, as kept in
# github.com/transparency-dev/merkle, file proof/verify_test.go (Apache-2.0; the same
# vectors as trillian's merkle/log_verifier_test.go and certificate-transparency's
# merkle_tree_test.cc). Leaf inputs, the roots of the trees of their first 1..8 leaves,
# audit paths and consistency proofs; the vectors number leaves from 1.
LEAVES = [
    bytes.fromhex(h)
    for h in (
        "",
        "00",
        "10",
        "2021",
        "3031",
        "40414243",
        "5051525354555657",
        "606162636465666768696a6b6c6d6e6f",
    )
]
ROOTS = [
    bytes.fromhex(h)
    for h in (
        "6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d",
        "fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125",
        "aeb6bcfe274b70a14fb067a5e5578264db0fa9b51af5e0ba159158f329e06e77",
        "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7",
        "4e3bbb1f7b478dcfe71fb631631519a3bca12c9aefca1612bfce4c13a86264d4",
        "76e67dadbcdf1e10e1b74ddc608abd2f98dfb16fbce75277b5232a127f2087ef",
        "ddb89be403809e325750d3d263cd78929c2942b7942a34b77e122c9594a74c8c",
        "5dc9da79a70659a9ad559cb701ded9a2ab9d823aad2f4960cfe370eff4604328",
    )
]
# (leaf number from 1, tree size, audit path)
INCLUSION = [
    (
        1,
        8,
        [
            "96a296d224f285c67bee93c30f8a309157f0daa35dc5b87e410b78630a09cfc7",
            "5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e",
            "6b47aaf29ee3c2af9af889bc1fb9254dabd31177f16232dd6aab035ca39bf6e4",
        ],
    ),
    (
        6,
        8,
        [
            "bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b",
            "ca854ea128ed050b41b35ffc1b87b8eb2bde461e9e3b5596ece6b9d5975a0ae0",
            "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7",
        ],
    ),
    (3, 3, ["fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125"]),
    (
        2,
        5,
        [
            "6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d",
            "5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e",
            "bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b",
        ],
    ),
]
# (old size, new size, consistency proof)
CONSISTENCY = [
    (1, 1, []),
    (
        1,
        8,
        [
            "96a296d224f285c67bee93c30f8a309157f0daa35dc5b87e410b78630a09cfc7",
            "5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e",
            "6b47aaf29ee3c2af9af889bc1fb9254dabd31177f16232dd6aab035ca39bf6e4",
        ],
    ),
    (
        6,
        8,
        [
            "0ebc5d3437fbe2db158b9f126a1d118e308181031d0a949f8dededebc558ef6a",
            "ca854ea128ed050b41b35ffc1b87b8eb2bde461e9e3b5596ece6b9d5975a0ae0",
            "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7",
        ],
    ),
    (
        2,
        5,
        [
            "5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e",
            "bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b",
        ],
    ),
    (
        6,
        7,
        [
            "0ebc5d3437fbe2db158b9f126a1d118e308181031d0a949f8dededebc558ef6a",
            "b08693ec2e721597130641e8211e7eedccb4c26413963eee6c1e2ed16ffb1a5f",
            "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7",
        ],
    ),
]
HASHES = [leaf_hash(d) for d in LEAVES]
SOME_HASH = bytes.fromhex("abacaba000000000000000000000000000000000000000000060061e00123456")


def test_empty_tree_and_hash_prefixes() -> None:
    assert tree_hash([]) == EMPTY_ROOT == hashlib.sha256(b"").digest()
    assert leaf_hash(b"x") == hashlib.sha256(b"\x00x").digest()
    assert (
        node_hash(b"a" * 32, b"b" * 32) == hashlib.sha256(b"\x01" + b"a" * 32 + b"b" * 32).digest()
    )


@pytest.mark.parametrize("size", range(1, 9))
def test_reference_roots(size: int) -> None:
    assert tree_hash(HASHES[:size]) == ROOTS[size - 1]
    t = CompactTree()
    for h in HASHES[:size]:
        t.append(h)
    assert t.root() == ROOTS[size - 1]


@pytest.mark.parametrize(("leaf", "size", "path"), INCLUSION)
def test_reference_inclusion_paths(leaf: int, size: int, path: list[str]) -> None:
    proof = [bytes.fromhex(p) for p in path]
    index, root = leaf - 1, ROOTS[size - 1]
    assert inclusion_proof(HASHES[:size], index) == proof
    assert verify_inclusion(HASHES[index], index, size, proof, root)
    # the corruptions transparency-dev's verifierCheck tries: all must fail
    probes = [
        (index - 1, size, root, HASHES[index], proof),
        (index + 1, size, root, HASHES[index], proof),
        (index ^ 2, size, root, HASHES[index], proof),
        (index, size * 2, root, HASHES[index], proof),
        (index, size // 2, root, HASHES[index], proof),
        (index, size, root, b"WrongLeaf", proof),
        (index, size, EMPTY_ROOT, HASHES[index], proof),
        (index, size, SOME_HASH, HASHES[index], proof),
        (index, size, root, HASHES[index], [*proof, b""]),
        (index, size, root, HASHES[index], [*proof, root]),
        (index, size, root, HASHES[index], [b"", *proof]),
        (index, size, root, HASHES[index], [root, *proof]),
        (index, size, root, HASHES[index], proof[:-1]),
    ]
    for i in range(len(proof)):
        bad = list(proof)
        bad[i] = bytes([bad[i][0] ^ 8]) + bad[i][1:]
        probes.append((index, size, root, HASHES[index], bad))
    if len(proof) > 1:
        probes.append((index, size, root, HASHES[index], [proof[0], SOME_HASH, *proof[1:]]))
    for i, n, r, lh, p in probes:
        assert not verify_inclusion(lh, i, n, p, r), (i, n)


@pytest.mark.parametrize(("m", "n", "path"), CONSISTENCY)
def test_reference_consistency_proofs(m: int, n: int, path: list[str]) -> None:
    proof = [bytes.fromhex(p) for p in path]
    r1, r2 = ROOTS[m - 1], ROOTS[n - 1]
    assert consistency_proof(HASHES[:n], m) == proof
    assert verify_consistency(m, n, r1, r2, proof)
    if not proof:
        return
    probes = [
        (m - 1, n, r1, r2, proof),
        (m + 1, n, r1, r2, proof),
        (m ^ 2, n, r1, r2, proof),
        (m, n * 2, r1, r2, proof),
        (m, n // 2, r1, r2, proof),
        (m, n, b"WrongRoot", r2, proof),
        (m, n, r1, b"WrongRoot", proof),
        (m, n, r2, r1, proof),
        (m, n, r1, r2, []),
        (m, n, r1, r2, [*proof, b""]),
        (m, n, r1, r2, [*proof, r1]),
        (m, n, r1, r2, [*proof, r2]),
        (m, n, r1, r2, [b"", *proof]),
        (m, n, r1, r2, [r1, *proof]),
        (m, n, r1, r2, [r2, *proof]),
        (m, n, r1, r2, [proof[0], *proof]),
        (m, n, r1, r2, proof[:-1]),
    ]
    for i in range(len(proof)):
        bad = list(proof)
        bad[i] = bytes([bad[i][0] ^ 16]) + bad[i][1:]
        probes.append((m, n, r1, r2, bad))
    for a, b, x, y, p in probes:
        assert not verify_consistency(a, b, x, y, p), (a, b)


def test_trivial_consistency_cases() -> None:
    # transparency-dev's TestVerifyConsistency edge cases
    r1, r2 = b"don't care 1", b"don't care 2"
    assert verify_consistency(0, 0, r1, r1, [])
    assert verify_consistency(0, 1, r1, r2, [])
    assert verify_consistency(1, 1, r2, r2, [])
    assert not verify_consistency(0, 0, r1, r2, [])
    assert not verify_consistency(1, 1, r1, r2, [])
    assert not verify_consistency(1, 0, r1, r2, [])
    assert not verify_consistency(2, 1, r1, r2, [])
    assert not verify_consistency(1, 2, r1, r2, [])
    assert not verify_consistency(0, 1, EMPTY_ROOT, EMPTY_ROOT, [EMPTY_ROOT])
    assert not verify_consistency(1, 1, EMPTY_ROOT, EMPTY_ROOT, [EMPTY_ROOT])


def test_inclusion_edge_cases() -> None:
    h = leaf_hash(b"data")
    assert verify_inclusion(h, 0, 1, [], h)
    assert not verify_inclusion(h, 0, 1, [], b"")
    assert not verify_inclusion(b"", 0, 1, [], h)
    for index, size in ((0, 0), (1, 0), (2, 1), (-1, 3)):
        assert root_from_inclusion(SOME_HASH, index, size, []) is None
    with pytest.raises(ValueError, match="out of range"):
        inclusion_proof(HASHES, 8)
    with pytest.raises(ValueError, match="out of range"):
        consistency_proof(HASHES, 9)


def _leaves(n: int) -> list[bytes]:
    return [leaf_hash(i.to_bytes(4, "big")) for i in range(n)]


def test_every_inclusion_proof_of_every_small_tree_verifies() -> None:
    for n in range(1, 40):
        leaves = _leaves(n)
        root = tree_hash(leaves)
        for m in range(n):
            assert verify_inclusion(leaves[m], m, n, inclusion_proof(leaves, m), root), (m, n)


def test_every_consistency_proof_of_every_small_tree_verifies() -> None:
    leaves = _leaves(40)
    roots = [tree_hash(leaves[:k]) for k in range(41)]
    for n in range(41):
        for m in range(n + 1):
            proof = consistency_proof(leaves[:n], m)
            assert verify_consistency(m, n, roots[m], roots[n], proof), (m, n)


@settings(max_examples=300, deadline=None)
@given(st.data())
def test_forged_inclusion_proofs_fail(data: st.DataObject) -> None:
    n = data.draw(st.integers(1, 300), label="size")
    m = data.draw(st.integers(0, n - 1), label="index")
    leaves = _leaves(n + 40)
    root = tree_hash(leaves[:n])
    proof = inclusion_proof(leaves[:n], m)
    assert verify_inclusion(leaves[m], m, n, proof, root)
    if proof:
        i = data.draw(st.integers(0, len(proof) - 1), label="element")
        byte = data.draw(st.integers(0, 31), label="byte")
        bit = data.draw(st.integers(0, 7), label="bit")
        bad = list(proof)
        bad[i] = bad[i][:byte] + bytes([bad[i][byte] ^ (1 << bit)]) + bad[i][byte + 1 :]
        assert not verify_inclusion(leaves[m], m, n, bad, root)
        assert not verify_inclusion(leaves[m], m, n, proof[:-1], root)
    assert not verify_inclusion(leaves[m], m, n, [*proof, root], root)
    other = data.draw(st.integers(0, n - 1).filter(lambda x: x != m) if n > 1 else st.none())
    if other is not None:
        assert not verify_inclusion(leaves[m], other, n, proof, root), "wrong index"
        assert not verify_inclusion(leaves[other], m, n, proof, root), "wrong leaf"
    size = data.draw(st.integers(m + 1, n + 40).filter(lambda x: x != n), label="wrong size")
    assert not verify_inclusion(leaves[m], m, size, proof, tree_hash(leaves[:size])), "wrong size"


@settings(max_examples=300, deadline=None)
@given(st.data())
def test_forged_consistency_proofs_fail(data: st.DataObject) -> None:
    n = data.draw(st.integers(2, 300), label="new size")
    m = data.draw(st.integers(1, n - 1), label="old size")
    leaves = _leaves(n + 1)
    r1, r2 = tree_hash(leaves[:m]), tree_hash(leaves[:n])
    proof = consistency_proof(leaves[:n], m)
    assert verify_consistency(m, n, r1, r2, proof)
    i = data.draw(st.integers(0, len(proof) - 1), label="element")
    byte = data.draw(st.integers(0, 31), label="byte")
    bad = list(proof)
    bad[i] = bad[i][:byte] + bytes([bad[i][byte] ^ 1]) + bad[i][byte + 1 :]
    assert not verify_consistency(m, n, r1, r2, bad)
    assert not verify_consistency(m, n, r2, r1, proof)
    assert not verify_consistency(m, n, r1, r2, proof[:-1])
    assert not verify_consistency(m, n, r1, r2, [*proof, r1])
    other = data.draw(st.integers(1, n - 1).filter(lambda x: x != m) if n > 2 else st.none())
    if other is not None:  # a proof for m does not prove another old tree
        assert not verify_consistency(other, n, tree_hash(leaves[:other]), r2, proof)
    # a tree that is not an extension (one leaf changed in the old part) is refused
    j = data.draw(st.integers(0, m - 1), label="changed leaf")
    forged = [*leaves[:j], leaf_hash(b"forged"), *leaves[j + 1 : n]]
    assert not verify_consistency(m, n, r1, tree_hash(forged), proof)
    assert not verify_consistency(m, n, r1, tree_hash(forged), consistency_proof(forged, m))


@given(st.lists(st.binary(max_size=8), max_size=200))
def test_compact_tree_matches_the_recursive_definition(data: list[bytes]) -> None:
    leaves = [leaf_hash(d) for d in data]
    t = CompactTree()
    nodes = []
    for h in leaves:
        nodes.append(t.append(h))
        assert t.root() == tree_hash(leaves[: t.size])
    # the frontier can be rebuilt from the stored "largest subtree ending here" hashes
    rebuilt = CompactTree(len(leaves), [nodes[p] for p in frontier_positions(len(leaves))])
    assert rebuilt.root() == tree_hash(leaves)
    assert rebuilt.frontier == t.frontier


def test_compact_tree_rejects_a_frontier_of_the_wrong_length() -> None:
    with pytest.raises(ValueError, match="frontier"):
        CompactTree(3, [EMPTY_ROOT])
