"""Merkle tree hashing of RFC 9162 (Certificate Transparency 2.0), section 2.1.1.

The hash of a list of entries D[n] is MTH(D[n]): the empty list hashes to SHA-256 of the
empty string, a leaf to SHA-256(0x00 ‖ entry), an interior node to SHA-256(0x01 ‖ left ‖
right). The two prefixes keep a leaf from ever being read as a node (second-preimage
resistance). Everything else in :mod:`ledger` builds on the three functions here.
"""

from __future__ import annotations

import hashlib
import hmac
from collections.abc import Sequence

#: Prefix of a leaf hash input (RFC 9162, section 2.1.1).
LEAF_HASH_PREFIX = b"\x00"
#: Prefix of an interior node hash input (RFC 9162, section 2.1.1).
NODE_HASH_PREFIX = b"\x01"
#: Size of every hash in the tree, in bytes (SHA-256).
HASH_SIZE = 32


def empty_root() -> bytes:
    """MTH({}) = SHA-256() — the root of a tree with no entries."""
    return hashlib.sha256(b"").digest()


def hash_leaf(entry: bytes) -> bytes:
    """MTH({d}) = SHA-256(0x00 ‖ d)."""
    return hashlib.sha256(LEAF_HASH_PREFIX + entry).digest()


def hash_children(left: bytes, right: bytes) -> bytes:
    """The hash of an interior node: SHA-256(0x01 ‖ left ‖ right)."""
    return hashlib.sha256(NODE_HASH_PREFIX + left + right).digest()


def largest_power_of_two_below(n: int) -> int:
    """The k of RFC 9162: the largest power of two smaller than ``n`` (``n`` ≥ 2)."""
    if n < 2:
        raise ValueError(f"split point is defined for n >= 2, got {n}")
    return 1 << ((n - 1).bit_length() - 1)


def root_of(leaf_hashes: Sequence[bytes]) -> bytes:
    """MTH of a list of leaves given their leaf hashes, straight from the RFC's recursion.

    Quadratic-free but recursive: the reference that tests compare the fast paths against.
    """
    n = len(leaf_hashes)
    if n == 0:
        return empty_root()
    if n == 1:
        return leaf_hashes[0]
    k = largest_power_of_two_below(n)
    return hash_children(root_of(leaf_hashes[:k]), root_of(leaf_hashes[k:]))


def same_hash(a: bytes, b: bytes) -> bool:
    """Compare two hashes in constant time."""
    return hmac.compare_digest(a, b)
