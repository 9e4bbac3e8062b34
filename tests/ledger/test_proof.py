"""Inclusion and consistency proofs: published vectors (including the broken proofs that
must be rejected), the RFC's edge cases, and a brute-force tree on random sizes."""

from __future__ import annotations

import base64
import json
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from ledger.errors import InvalidProofError
from ledger.proof import (
    consistency_plan,
    inclusion_plan,
    perfect_subtrees,
    verify_consistency,
    verify_inclusion,
)
from ledger.rfc9162 import empty_root, hash_children, hash_leaf, largest_power_of_two_below

VECTORS = json.loads(
    (Path(__file__).resolve().parent.parent / "fixtures" / "ledger"
     / "transparency-dev-merkle-vectors.json").read_text(encoding="utf-8")
)


def _b64(items):
    return [base64.b64decode(p) for p in items or []]


# --- a brute-force tree: the RFC's recursive definitions, hashing everything -----------------
def mth(leaves: list[bytes]) -> bytes:
    if not leaves:
        return empty_root()
    if len(leaves) == 1:
        return leaves[0]
    k = largest_power_of_two_below(len(leaves))
    return hash_children(mth(leaves[:k]), mth(leaves[k:]))


def path(m: int, leaves: list[bytes]) -> list[bytes]:
    if len(leaves) <= 1:
        return []
    k = largest_power_of_two_below(len(leaves))
    if m < k:
        return [*path(m, leaves[:k]), mth(leaves[k:])]
    return [*path(m - k, leaves[k:]), mth(leaves[:k])]


def subproof(m: int, leaves: list[bytes], complete: bool) -> list[bytes]:
    n = len(leaves)
    if m == n:
        return [] if complete else [mth(leaves)]
    k = largest_power_of_two_below(n)
    if m <= k:
        return [*subproof(m, leaves[:k], complete), mth(leaves[k:])]
    return [*subproof(m - k, leaves[k:], False), mth(leaves[:k])]


def leaves_of(n: int) -> list[bytes]:
    return [hash_leaf(i.to_bytes(4, "big")) for i in range(n)]


def node_table(leaves: list[bytes]) -> dict:
    """Every perfect subtree's hash, as a store would hold it."""
    table = {}
    level, row = 0, list(leaves)
    while row:
        for i, h in enumerate(row):
            table[(level, i)] = h
        row = [hash_children(row[i], row[i + 1]) for i in range(0, len(row) - 1, 2)]
        level += 1
    return table


# --- published vectors ------------------------------------------------------------------------
@pytest.mark.parametrize("case", VECTORS["inclusion"], ids=lambda c: c["file"])
def test_inclusion_vectors(case):
    args = (case["leafIdx"], case["treeSize"], base64.b64decode(case["leafHash"]),
            _b64(case["proof"]), base64.b64decode(case["root"]))
    if case["wantErr"]:
        with pytest.raises(InvalidProofError):
            verify_inclusion(*args)
    else:
        verify_inclusion(*args)


@pytest.mark.parametrize("case", VECTORS["consistency"], ids=lambda c: c["file"])
def test_consistency_vectors(case):
    args = (case["size1"], case["size2"], _b64(case["proof"]),
            base64.b64decode(case["root1"]), base64.b64decode(case["root2"]))
    if case["wantErr"]:
        with pytest.raises(InvalidProofError):
            verify_consistency(*args)
    else:
        verify_consistency(*args)


def test_generated_proofs_equal_published_happy_paths():
    leaves = [hash_leaf(bytes.fromhex(x)) for x in VECTORS["leaf_inputs_hex"]]
    table = node_table(leaves)
    for case in VECTORS["inclusion"]:
        if not case["wantErr"]:
            size = case["treeSize"]
            plan = inclusion_plan(case["leafIdx"], size)
            assert plan.assemble(table) == _b64(case["proof"])
    for case in VECTORS["consistency"]:
        if not case["wantErr"]:
            plan = consistency_plan(case["size1"], case["size2"])
            assert plan.assemble(table) == _b64(case["proof"])


# --- edge cases -----------------------------------------------------------------------------
def test_empty_tree_has_no_inclusion_proof():
    with pytest.raises(InvalidProofError, match="empty tree"):
        verify_inclusion(0, 0, b"\0" * 32, [], empty_root())
    with pytest.raises(InvalidProofError):
        inclusion_plan(0, 0)


def test_consistency_from_empty_tree():
    leaves = leaves_of(5)
    verify_consistency(0, 5, [], empty_root(), mth(leaves))
    verify_consistency(0, 0, [], empty_root(), empty_root())
    with pytest.raises(InvalidProofError, match="must be empty"):
        verify_consistency(0, 5, [leaves[0]], empty_root(), mth(leaves))
    with pytest.raises(InvalidProofError, match="empty tree"):
        verify_consistency(0, 5, [], leaves[0], mth(leaves))
    assert len(consistency_plan(0, 5)) == 0


def test_consistency_between_equal_sizes():
    root = mth(leaves_of(6))
    verify_consistency(6, 6, [], root, root)
    with pytest.raises(InvalidProofError, match="different roots"):
        verify_consistency(6, 6, [], root, empty_root())
    with pytest.raises(InvalidProofError, match="must be empty"):
        verify_consistency(6, 6, [root], root, root)


def test_consistency_cannot_shrink():
    with pytest.raises(InvalidProofError):
        consistency_plan(5, 4)
    with pytest.raises(InvalidProofError):
        verify_consistency(5, 4, [b"\0" * 32], b"\0" * 32, b"\0" * 32)


@pytest.mark.parametrize("size", [1, 2, 3, 7, 8, 9, 33])
def test_last_leaf(size):
    leaves = leaves_of(size)
    proof = inclusion_plan(size - 1, size).assemble(node_table(leaves))
    assert proof == path(size - 1, leaves)
    verify_inclusion(size - 1, size, leaves[-1], proof, mth(leaves))
    with pytest.raises(InvalidProofError):
        verify_inclusion(size, size, leaves[-1], proof, mth(leaves))


def test_short_hashes_are_refused():
    leaves = leaves_of(4)
    proof = path(1, leaves)
    with pytest.raises(InvalidProofError, match="32 bytes"):
        verify_inclusion(1, 4, leaves[1], [proof[0][:31], proof[1]], mth(leaves))
    with pytest.raises(InvalidProofError, match="leaf hash"):
        verify_inclusion(1, 4, b"short", proof, mth(leaves))


def test_perfect_subtrees_decompose_ragged_ranges():
    assert perfect_subtrees(0, 13) == [(3, 0), (2, 2), (0, 12)]
    assert perfect_subtrees(8, 13) == [(2, 2), (0, 12)]
    assert perfect_subtrees(5, 5) == []


# --- brute force on random sizes -------------------------------------------------------------
@settings(max_examples=60, deadline=None)
@given(size=st.integers(1, 300), data=st.data())
def test_inclusion_matches_brute_force(size, data):
    index = data.draw(st.integers(0, size - 1))
    leaves = leaves_of(size)
    root = mth(leaves)
    proof = inclusion_plan(index, size).assemble(node_table(leaves))
    assert proof == path(index, leaves)
    verify_inclusion(index, size, leaves[index], proof, root)
    if proof:  # flipping any bit of any hash breaks it
        i = data.draw(st.integers(0, len(proof) - 1))
        bit = data.draw(st.integers(0, 255))
        bad = list(proof)
        bad[i] = (int.from_bytes(bad[i], "big") ^ (1 << bit)).to_bytes(32, "big")
        with pytest.raises(InvalidProofError):
            verify_inclusion(index, size, leaves[index], bad, root)
        with pytest.raises(InvalidProofError):
            verify_inclusion(index, size, leaves[index], proof[:-1], root)
        with pytest.raises(InvalidProofError):
            verify_inclusion(index, size, leaves[index], [*proof, proof[0]], root)
    other = data.draw(st.integers(0, size - 1))
    if other != index:
        with pytest.raises(InvalidProofError):
            verify_inclusion(other, size, leaves[index], proof, root)


@settings(max_examples=60, deadline=None)
@given(size2=st.integers(1, 300), data=st.data())
def test_consistency_matches_brute_force(size2, data):
    size1 = data.draw(st.integers(1, size2))
    leaves = leaves_of(size2)
    root1, root2 = mth(leaves[:size1]), mth(leaves)
    proof = consistency_plan(size1, size2).assemble(node_table(leaves))
    expected = [] if size1 == size2 else subproof(size1, leaves, True)
    assert proof == expected
    verify_consistency(size1, size2, proof, root1, root2)
    if proof:
        i = data.draw(st.integers(0, len(proof) - 1))
        bad = list(proof)
        bad[i] = bytes([bad[i][0] ^ 0x10]) + bad[i][1:]
        with pytest.raises(InvalidProofError):
            verify_consistency(size1, size2, bad, root1, root2)
        with pytest.raises(InvalidProofError):
            verify_consistency(size1, size2, proof, root2, root1)
        with pytest.raises(InvalidProofError):
            verify_consistency(size1, size2, proof[:-1], root1, root2)
