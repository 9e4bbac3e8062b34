"""Compact ranges give the same roots and interior nodes as the whole tree."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from ledger.compact import CompactRange
from ledger.rfc9162 import hash_children, hash_leaf, root_of


def node_table(leaves: list[bytes]) -> dict:
    table = {}
    level, row = 0, list(leaves)
    while row:
        table.update({(level, i): h for i, h in enumerate(row)})
        row = [hash_children(row[i], row[i + 1]) for i in range(0, len(row) - 1, 2)]
        level += 1
    return table


@settings(max_examples=30, deadline=None)
@given(size=st.integers(0, 200))
def test_roots_and_nodes(size):
    leaves = [hash_leaf(bytes([i % 256, i // 256])) for i in range(size)]
    table = node_table(leaves)
    cr = CompactRange()
    created = {}
    for n, leaf in enumerate(leaves):
        for node, digest in cr.append(leaf):
            created[node] = digest
        assert cr.size == n + 1
        assert cr.root() == root_of(leaves[: n + 1])
    expected = {node: h for node, h in table.items() if node[0] > 0}
    assert created == expected
    assert cr.nodes() == {n: table[n] for n in CompactRange.node_ids(size)}
    restored = CompactRange(size, [table[n] for n in CompactRange.node_ids(size)])
    assert restored.root() == cr.root()
