"""Compact ranges: the right frontier of a tree, O(log n) hashes that summarise [0, n).

A tree of size n is covered by one perfect subtree per set bit of n (largest first). Keeping
only those hashes is enough to append a leaf (merging equal-sized neighbours, which creates
exactly the interior nodes the store must keep) and to compute the root of any prefix while
streaming through the entries, which is how appends and the audit avoid rebuilding the tree.
"""

from __future__ import annotations

from collections.abc import Sequence

from ledger.proof import NodeID, fold_subtrees, perfect_subtrees
from ledger.rfc9162 import HASH_SIZE, hash_children


class CompactRange:
    """The perfect subtrees covering entries [0, size), and their hashes."""

    __slots__ = ("_hashes", "size")

    def __init__(self, size: int = 0, hashes: Sequence[bytes] = ()) -> None:
        if size < 0 or len(hashes) != size.bit_count():
            raise ValueError(f"a tree of size {size} needs {size.bit_count()} frontier hashes")
        if any(len(h) != HASH_SIZE for h in hashes):
            raise ValueError("frontier hashes must be 32 bytes")
        self.size = size
        self._hashes = list(hashes)

    @staticmethod
    def node_ids(size: int) -> list[NodeID]:
        """The subtrees whose hashes make up the frontier of a tree of ``size`` entries."""
        return perfect_subtrees(0, size)

    def nodes(self) -> dict[NodeID, bytes]:
        """The frontier as ``{NodeID: hash}``."""
        return dict(zip(self.node_ids(self.size), self._hashes))

    def append(self, leaf_hash: bytes) -> list[tuple[NodeID, bytes]]:
        """Add one leaf; return the interior nodes it completes, lowest first."""
        index = self.size
        h = leaf_hash
        level = 0
        created: list[tuple[NodeID, bytes]] = []
        while (index >> level) & 1:
            h = hash_children(self._hashes.pop(), h)
            level += 1
            created.append(((level, index >> level), h))
        self._hashes.append(h)
        self.size += 1
        return created

    def root(self) -> bytes:
        """MTH of the entries [0, size)."""
        return fold_subtrees(self._hashes)

    def copy(self) -> CompactRange:
        """An independent copy (appending to it leaves this one unchanged)."""
        return CompactRange(self.size, self._hashes)
