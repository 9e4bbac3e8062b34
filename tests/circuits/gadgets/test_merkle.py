"""Merkle membership in a circuit against the Python tree."""

from __future__ import annotations

import pytest

from circuits.crypto.merkle import PoseidonMerkleTree
from circuits.errors import CircuitError
from circuits.gadgets.merkle import assert_merkle_member, merkle_root
from zk.errors import ConstraintError

DEPTH = 6


def _body(c, xs):
    leaf, index, root, *siblings = xs
    assert_merkle_member(c, leaf, index, siblings, root)
    return [merkle_root(c, leaf, index, siblings)]


def test_member_proves_and_non_member_fails(gadget) -> None:
    tree = PoseidonMerkleTree([11 * i + 3 for i in range(40)], DEPTH)
    h = gadget(_body, 3 + DEPTH, 1)
    assert h.constraints == 2 * (DEPTH + DEPTH * 241) + 1
    for index in (0, 1, 17, 39):
        proof = tree.proof(index)
        assert h.run([proof.leaf, index, tree.root, *proof.siblings]) == [tree.root]
    proof = tree.proof(5)
    with pytest.raises(ConstraintError, match="not in the tree"):
        h.run([proof.leaf + 1, 5, tree.root, *proof.siblings])
    with pytest.raises(ConstraintError, match="not in the tree"):
        h.run([proof.leaf, 4, tree.root, *proof.siblings])
    with pytest.raises(ConstraintError, match="leaf index"):
        h.run([proof.leaf, 5 + (1 << DEPTH), tree.root, *proof.siblings])


def test_depth_32_compiles_and_runs(gadget) -> None:
    tree = PoseidonMerkleTree([1, 2, 3], 32)
    h = gadget(lambda c, xs: [merkle_root(c, xs[0], xs[1], xs[2:])], 2 + 32, 1)
    assert h.constraints == 32 + 32 * 241
    proof = tree.proof(2)
    assert h.run([3, 2, *proof.siblings]) == [tree.root]


def test_depth_limits(gadget) -> None:
    with pytest.raises(CircuitError, match="depth"):
        gadget(lambda c, xs: [merkle_root(c, xs[0], xs[1], xs[2:])], 2 + 33, 1)
