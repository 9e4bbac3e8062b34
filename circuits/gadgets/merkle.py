"""Poseidon Merkle trees in a circuit: membership proofs of fixed depth (1 … 32).

The tree is the one :class:`circuits.crypto.merkle.PoseidonMerkleTree` builds: a node is
Poseidon(left, right); the bit i of the leaf index says whether the node at level i is a right
child (1) or a left child (0). Constraints per level: one select + Poseidon(2) = 241, plus the
index's bit decomposition (depth constraints).
"""

from __future__ import annotations

from collections.abc import Sequence

from circuits.builder import Builder
from circuits.errors import CircuitError
from circuits.gadgets.poseidon import poseidon
from circuits.signal import Operand, Signal

__all__ = ["MAX_DEPTH", "assert_merkle_member", "merkle_root", "merkle_root_from_bits"]

#: Deepest tree supported (2^32 leaves); the index is decomposed into this many bits at most.
MAX_DEPTH = 32


def merkle_root_from_bits(
    c: Builder, leaf: Operand, path_bits: Sequence[Signal], siblings: Sequence[Operand]
) -> Signal:
    """The root reached from ``leaf`` along ``siblings`` (bottom-up), turning right where the
    (already boolean-constrained) ``path_bits`` are 1."""
    if len(path_bits) != len(siblings):
        raise CircuitError("a Merkle path needs one direction bit per sibling")
    node = leaf if isinstance(leaf, Signal) else c.constant(leaf)
    with c.label("merkle"):
        for level, (bit, sibling) in enumerate(zip(path_bits, siblings)):
            # right child: (sibling, node); left child: (node, sibling)
            left = c.select(bit, sibling, node, f"level {level}: order")
            right = node + sibling - left
            node = poseidon(c, [left, right])
    return node


def merkle_root(
    c: Builder, leaf: Operand, index: Operand, siblings: Sequence[Operand]
) -> Signal:
    """The root reached from ``leaf`` at position ``index`` (proven < 2^depth)."""
    depth = len(siblings)
    if not 1 <= depth <= MAX_DEPTH:
        raise CircuitError(f"Merkle depth must be 1 … {MAX_DEPTH}, got {depth}")
    bits = c.to_bits(index, depth, "merkle: leaf index")
    return merkle_root_from_bits(c, leaf, bits, siblings)


def assert_merkle_member(
    c: Builder, leaf: Operand, index: Operand, siblings: Sequence[Operand], root: Operand
) -> None:
    """Prove that ``leaf`` sits at ``index`` in the tree with ``root``."""
    computed = merkle_root(c, leaf, index, siblings)
    c.assert_eq(computed, root, "merkle: leaf is not in the tree with this root")
