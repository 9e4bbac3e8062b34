"""A Poseidon Merkle tree of fixed depth, for registries of up to millions of leaves.

* node = Poseidon(left, right); leaves are field elements stored as given (e.g. identity
  commitments Poseidon(secret, …)); empty positions hold :data:`EMPTY_LEAF` (0);
* the tree always has ``depth`` levels (2^depth positions), so a root commits to the depth
  too; levels are computed only over the filled prefix, the rest uses precomputed roots of
  empty subtrees;
* bit i of a leaf's index says whether the node at level i is a right child (1) or a left one.

Each level is kept as one packed buffer of 32-byte little-endian words; because a level's
nodes are already its parents' inputs in order, a whole level is hashed with one call to
:func:`circuits.crypto.poseidon.poseidon_batch_packed` (native C when built).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from circuits.crypto.poseidon import pack_elements, poseidon, poseidon_batch_packed
from circuits.errors import InputError
from zk.field import FIELD_BYTES, R, parse_element

#: The value of an unused leaf position.
EMPTY_LEAF = 0
#: Deepest tree supported (as the in-circuit gadget).
MAX_DEPTH = 32


@lru_cache(maxsize=1)
def _empty_roots() -> tuple[int, ...]:
    """Root of an empty subtree of height h, for h = 0 … MAX_DEPTH."""
    roots = [EMPTY_LEAF]
    for _ in range(MAX_DEPTH):
        roots.append(int(poseidon([roots[-1], roots[-1]])))  # type: ignore[arg-type]
    return tuple(roots)


def empty_root(height: int) -> int:
    """The root of a subtree of ``height`` levels holding only empty leaves."""
    return _empty_roots()[height]


def hash_pair(left: int, right: int) -> int:
    """The parent of two nodes."""
    return int(poseidon([left, right]))  # type: ignore[arg-type]


@dataclass(frozen=True)
class MerkleProof:
    """A leaf, its index and the siblings from the bottom up; verifies against a root."""

    leaf: int
    index: int
    siblings: tuple[int, ...]

    @property
    def depth(self) -> int:
        """The depth of the tree the proof is for: one sibling per level."""
        return len(self.siblings)

    def compute_root(self) -> int:
        """The root reached by hashing the leaf up the path: at level i the node is a right
        child when bit i of :attr:`index` is 1."""
        node = self.leaf
        for level, sibling in enumerate(self.siblings):
            is_right = self.index >> level & 1
            node = hash_pair(sibling, node) if is_right else hash_pair(node, sibling)
        return node

    def verify(self, root: int) -> bool:
        """True iff the path leads from the leaf to ``root``."""
        return 0 <= self.index < 1 << self.depth and self.compute_root() == root % R

    def to_json(self) -> dict[str, Any]:
        """Decimal strings, in the input names the ready circuits use."""
        return {
            "leaf": str(self.leaf),
            "index": str(self.index),
            "siblings": [str(s) for s in self.siblings],
        }

    @classmethod
    def from_json(cls, obj: Any) -> MerkleProof:
        """Parse the ``leaf``, ``index``, ``siblings`` object :meth:`to_json` writes; a missing
        field raises :class:`InputError`. The index is checked against the depth by :meth:`verify`,
        not here."""
        if not isinstance(obj, dict) or not {"leaf", "index", "siblings"} <= obj.keys():
            raise InputError("a Merkle proof needs the fields leaf, index and siblings")
        if not isinstance(obj["siblings"], list):
            raise InputError("siblings must be a list of field elements")
        return cls(
            parse_element(obj["leaf"], what="leaf"),
            parse_element(obj["index"], what="index"),
            tuple(parse_element(s, what="sibling") for s in obj["siblings"]),
        )


class PoseidonMerkleTree:
    """A fixed-depth Poseidon Merkle tree over a list of leaves (see the module docstring)."""

    def __init__(self, leaves: Iterable[int] | bytes, depth: int) -> None:
        if not 1 <= depth <= MAX_DEPTH:
            raise InputError(f"tree depth must be 1 … {MAX_DEPTH}, got {depth}")
        self.depth = depth
        if isinstance(leaves, bytes | bytearray | memoryview):
            packed = bytes(leaves)
            if len(packed) % FIELD_BYTES:
                raise InputError(f"packed leaves must be a multiple of {FIELD_BYTES} bytes")
        else:
            packed = pack_elements(_check_leaves(leaves))
        n = len(packed) // FIELD_BYTES
        if n > 1 << depth:
            raise InputError(f"{n} leaves do not fit in a tree of depth {depth}")
        self._levels: list[bytearray] = [bytearray(packed)]
        for height in range(depth):
            level = self._levels[-1]
            if len(level) // FIELD_BYTES % 2:
                level = level + empty_root(height).to_bytes(FIELD_BYTES, "little")
            self._levels.append(bytearray(poseidon_batch_packed(level, 2)))

    @property
    def n_leaves(self) -> int:
        """Leaves filled so far; the positions after them, up to 2^depth, are empty."""
        return len(self._levels[0]) // FIELD_BYTES

    @property
    def root(self) -> int:
        """The root over all 2^depth positions (the root of an empty tree of this depth
        when no leaf is filled)."""
        top = self._levels[self.depth]
        return self._node(self.depth, 0) if top else empty_root(self.depth)

    def _node(self, height: int, index: int) -> int:
        level = self._levels[height]
        offset = index * FIELD_BYTES
        if offset >= len(level):
            return empty_root(height)
        return int.from_bytes(level[offset : offset + FIELD_BYTES], "little")

    def leaf(self, index: int) -> int:
        """The leaf at position ``index``; an index outside the filled leaves raises
        :class:`InputError`."""
        self._check_index(index)
        return self._node(0, index)

    def _check_index(self, index: int) -> None:
        if not 0 <= index < self.n_leaves:
            raise InputError(f"leaf index {index} is out of range (the tree has {self.n_leaves})")

    def index_of(self, leaf: int) -> int:
        """The first position holding ``leaf``; raises :class:`InputError` if absent."""
        word = (leaf % R).to_bytes(FIELD_BYTES, "little")
        level = bytes(self._levels[0])
        pos = level.find(word)
        while pos != -1 and pos % FIELD_BYTES:
            pos = level.find(word, pos + 1)
        if pos == -1:
            raise InputError("the value is not a leaf of this tree")
        return pos // FIELD_BYTES

    def proof(self, index: int) -> MerkleProof:
        """The membership proof of the leaf at ``index``."""
        self._check_index(index)
        siblings = tuple(self._node(h, (index >> h) ^ 1) for h in range(self.depth))
        return MerkleProof(self._node(0, index), index, siblings)

    def update(self, index: int, leaf: int) -> None:
        """Replace the leaf at ``index`` and recompute its path (depth hashes)."""
        self._check_index(index)
        value = _check_leaves([leaf])[0]
        self._set(0, index, value)
        node = value
        for h in range(self.depth):
            i = index >> h
            sibling = self._node(h, i ^ 1)
            node = hash_pair(sibling, node) if i & 1 else hash_pair(node, sibling)
            self._set(h + 1, i >> 1, node)

    def _set(self, height: int, index: int, value: int) -> None:
        offset = index * FIELD_BYTES
        self._levels[height][offset : offset + FIELD_BYTES] = value.to_bytes(FIELD_BYTES, "little")


def _check_leaves(leaves: Iterable[int]) -> list[int]:
    out = []
    for i, v in enumerate(leaves):
        if isinstance(v, bool) or not isinstance(v, int):
            raise InputError(f"leaf {i} must be an integer field element, got {v!r}")
        if not 0 <= v < R:
            raise InputError(f"leaf {i} = {v} is not a field element (0 ≤ leaf < r)")
        out.append(v)
    return out

