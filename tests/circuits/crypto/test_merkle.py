"""The Poseidon Merkle tree for registries."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from circuits.crypto.merkle import (
    MerkleProof,
    PoseidonMerkleTree,
    empty_root,
    hash_pair,
)
from circuits.crypto.poseidon import pack_elements
from circuits.errors import InputError
from zk.field import R


def _naive_root(leaves: list[int], depth: int) -> int:
    level = leaves + [0] * ((1 << depth) - len(leaves))
    for _ in range(depth):
        level = [hash_pair(level[i], level[i + 1]) for i in range(0, len(level), 2)]
    return level[0]


@settings(max_examples=15, deadline=None)
@given(st.lists(st.integers(0, R - 1), max_size=16), st.integers(4, 5))
def test_root_and_proofs_match_a_full_tree(leaves: list[int], depth: int) -> None:
    tree = PoseidonMerkleTree(leaves, depth)
    assert tree.root == _naive_root(leaves, depth)
    for i in range(len(leaves)):
        proof = tree.proof(i)
        assert proof.leaf == leaves[i] and proof.verify(tree.root)


def test_proof_fails_for_another_leaf_index_or_root() -> None:
    tree = PoseidonMerkleTree([10, 20, 30], 8)
    proof = tree.proof(1)
    assert not MerkleProof(21, 1, proof.siblings).verify(tree.root)
    assert not MerkleProof(20, 2, proof.siblings).verify(tree.root)
    assert not proof.verify(tree.root + 1)
    assert MerkleProof.from_json(proof.to_json()) == proof


def test_update_equals_rebuild() -> None:
    tree = PoseidonMerkleTree(list(range(1, 12)), 6)
    tree.update(4, 999)
    assert tree.root == PoseidonMerkleTree([1, 2, 3, 4, 999, *range(6, 12)], 6).root
    assert tree.leaf(4) == 999 and tree.index_of(999) == 4


def test_empty_and_packed_trees() -> None:
    assert PoseidonMerkleTree([], 10).root == empty_root(10)
    assert empty_root(1) == hash_pair(0, 0)
    leaves = [5, 6, 7]
    assert PoseidonMerkleTree(pack_elements(leaves), 3).root == PoseidonMerkleTree(leaves, 3).root


def test_errors_name_the_problem() -> None:
    with pytest.raises(InputError, match="depth"):
        PoseidonMerkleTree([1], 33)
    with pytest.raises(InputError, match="do not fit"):
        PoseidonMerkleTree([1, 2, 3], 1)
    with pytest.raises(InputError, match="not a field element"):
        PoseidonMerkleTree([R], 2)
    tree = PoseidonMerkleTree([1, 2], 2)
    with pytest.raises(InputError, match="out of range"):
        tree.proof(2)
    with pytest.raises(InputError, match="not a leaf"):
        tree.index_of(3)
    with pytest.raises(InputError, match="leaf, index and siblings"):
        MerkleProof.from_json({"leaf": "1"})
