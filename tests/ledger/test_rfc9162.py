"""RFC 9162 hashing against the transparency-dev/merkle constants."""

from __future__ import annotations

import hashlib

import pytest

from ledger.rfc9162 import (
    LEAF_HASH_PREFIX,
    NODE_HASH_PREFIX,
    empty_root,
    hash_children,
    hash_leaf,
    largest_power_of_two_below,
    root_of,
)


def test_prefixes_are_the_rfcs():
    assert LEAF_HASH_PREFIX == b"\x00"
    assert NODE_HASH_PREFIX == b"\x01"


def test_empty_root_is_sha256_of_nothing(merkle_vectors):
    assert empty_root() == hashlib.sha256(b"").digest()
    assert empty_root().hex() == merkle_vectors["root_hashes_hex"][0]


def test_leaf_hashes_match_published(merkle_vectors):
    leaves = [bytes.fromhex(x) for x in merkle_vectors["leaf_inputs_hex"]]
    assert [hash_leaf(d).hex() for d in leaves] == merkle_vectors["leaf_hashes_hex"]


def test_roots_of_every_prefix_match_published(merkle_vectors):
    leaves = [hash_leaf(bytes.fromhex(x)) for x in merkle_vectors["leaf_inputs_hex"]]
    for size, want in enumerate(merkle_vectors["root_hashes_hex"]):
        assert root_of(leaves[:size]).hex() == want


def test_node_hash_is_prefixed():
    left, right = b"\x11" * 32, b"\x22" * 32
    assert hash_children(left, right) == hashlib.sha256(b"\x01" + left + right).digest()
    assert hash_children(left, right) != hash_children(right, left)


@pytest.mark.parametrize(("n", "k"), [(2, 1), (3, 2), (4, 2), (5, 4), (8, 4), (9, 8), (1025, 1024)])
def test_split_point(n, k):
    assert largest_power_of_two_below(n) == k


def test_split_point_needs_two_leaves():
    with pytest.raises(ValueError):
        largest_power_of_two_below(1)
