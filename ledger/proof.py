"""Inclusion and consistency proofs of RFC 9162, sections 2.1.3 and 2.1.4.

Generation is split in two steps so that a stored tree answers in O(log n) reads:

1. :func:`inclusion_plan` / :func:`consistency_plan` follow the RFC's recursive definitions
   of PATH and PROOF, but instead of hashing they name the *perfect* subtrees (a
   :data:`NodeID` ``(level, index)`` covers entries ``[index·2^level, (index+1)·2^level)``)
   whose hashes make up each proof element. A ragged right-edge subtree MTH(D[k:n]) is a
   list of several perfect subtrees, combined right to left.
2. :meth:`ProofPlan.assemble` turns the fetched node hashes into the proof.

Verification follows the RFC's iterative algorithms step by step, and adds the edge cases
that the RFC leaves to the caller: an empty tree, equal sizes, and proof hashes that are not
32 bytes. Every failure raises :class:`ledger.errors.InvalidProofError` saying why.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from ledger.errors import InvalidProofError
from ledger.rfc9162 import (
    HASH_SIZE,
    empty_root,
    hash_children,
    largest_power_of_two_below,
    same_hash,
)

#: A perfect subtree: ``(level, index)`` covers entries [index·2^level, (index+1)·2^level).
NodeID = tuple[int, int]


def perfect_subtrees(begin: int, end: int) -> list[NodeID]:
    """Split ``[begin, end)`` into maximal aligned perfect subtrees, left to right.

    For the ranges that RFC 9162's recursion produces (``begin`` a multiple of a power of
    two at least ``end - begin``) the sizes strictly decrease, so MTH(D[begin:end]) is the
    right-to-left fold of these subtrees' hashes.
    """
    nodes: list[NodeID] = []
    while begin < end:
        level = (end - begin).bit_length() - 1
        if begin:
            level = min(level, (begin & -begin).bit_length() - 1)
        nodes.append((level, begin >> level))
        begin += 1 << level
    return nodes


def fold_subtrees(hashes: Sequence[bytes]) -> bytes:
    """MTH of a range from its perfect subtrees' hashes (largest first): fold right to left."""
    if not hashes:
        return empty_root()
    acc = hashes[-1]
    for h in reversed(hashes[:-1]):
        acc = hash_children(h, acc)
    return acc


@dataclass(frozen=True)
class ProofPlan:
    """The perfect subtrees that a proof needs: one group per proof hash, in proof order."""

    groups: tuple[tuple[NodeID, ...], ...]

    def node_ids(self) -> list[NodeID]:
        """Every subtree to fetch, each once."""
        seen: dict[NodeID, None] = {}
        for group in self.groups:
            for node in group:
                seen[node] = None
        return list(seen)

    def assemble(self, hashes: Mapping[NodeID, bytes]) -> list[bytes]:
        """The proof, given the hash of every subtree in :meth:`node_ids`."""
        return [fold_subtrees([hashes[node] for node in group]) for group in self.groups]

    def __len__(self) -> int:
        return len(self.groups)


def inclusion_plan(index: int, size: int) -> ProofPlan:
    """PATH(index, D[size]) of RFC 9162 §2.1.3.1, as subtrees to fetch.

    PATH(m, D[n]) = PATH(m, D[0:k]) : MTH(D[k:n]) when m < k, else PATH(m−k, D[k:n]) :
    MTH(D[0:k]); the sibling hash comes after the deeper path, so the walk from the root
    collects siblings top-down and the proof lists them bottom-up.
    """
    if not 0 <= index < size:
        raise InvalidProofError(f"entry {index} is not in a tree of size {size}")
    begin, end = 0, size
    siblings: list[tuple[NodeID, ...]] = []
    while end - begin > 1:
        k = largest_power_of_two_below(end - begin)
        if index < begin + k:
            siblings.append(tuple(perfect_subtrees(begin + k, end)))
            end = begin + k
        else:
            siblings.append(tuple(perfect_subtrees(begin, begin + k)))
            begin += k
    return ProofPlan(tuple(reversed(siblings)))


def consistency_plan(size1: int, size2: int) -> ProofPlan:
    """PROOF(size1, D[size2]) of RFC 9162 §2.1.4.1, as subtrees to fetch.

    Sizes 0 and equal sizes have the empty proof (any tree extends the empty tree, and a tree
    extends itself), as in transparency-dev/merkle.
    """
    if not 0 <= size1 <= size2:
        raise InvalidProofError(f"no consistency proof from size {size1} to size {size2}")
    if size1 in (0, size2):
        return ProofPlan(())
    # SUBPROOF(m, D[b:e], flag): the walk collects the trailing MTH() terms top-down.
    begin, end, complete = 0, size2, True
    tails: list[tuple[NodeID, ...]] = []
    while end != size1:
        k = largest_power_of_two_below(end - begin)
        if size1 <= begin + k:
            tails.append(tuple(perfect_subtrees(begin + k, end)))
            end = begin + k
        else:
            tails.append(tuple(perfect_subtrees(begin, begin + k)))
            begin += k
            complete = False
    head = [] if complete else [tuple(perfect_subtrees(begin, end))]
    return ProofPlan(tuple(head + list(reversed(tails))))


def _check_hash(value: bytes, what: str) -> None:
    if not isinstance(value, bytes | bytearray) or len(value) != HASH_SIZE:
        got = len(value) if isinstance(value, bytes | bytearray) else type(value).__name__
        raise InvalidProofError(f"{what} must be {HASH_SIZE} bytes, got {got}")


def _check_proof_hashes(proof: Sequence[bytes]) -> None:
    for i, p in enumerate(proof):
        _check_hash(p, f"proof hash #{i}")


def _shift_while_even(fn: int, sn: int) -> tuple[int, int]:
    """Right-shift both until LSB(fn) is set or fn is 0 (RFC 9162 step "ii")."""
    while fn and not fn & 1:
        fn >>= 1
        sn >>= 1
    return fn, sn


def verify_inclusion(
    index: int, size: int, leaf_hash: bytes, proof: Sequence[bytes], root: bytes
) -> None:
    """Check an inclusion proof (RFC 9162 §2.1.3.2); raise :class:`InvalidProofError` if wrong."""
    _check_hash(leaf_hash, "leaf hash")
    _check_hash(root, "root hash")
    _check_proof_hashes(proof)
    if size <= 0:
        raise InvalidProofError("an empty tree contains no entries")
    if not 0 <= index < size:
        raise InvalidProofError(f"entry {index} is not in a tree of size {size}")
    fn, sn, r = index, size - 1, leaf_hash
    for p in proof:
        if sn == 0:
            raise InvalidProofError(
                f"inclusion proof has {len(proof)} hashes, more than a tree of size {size} needs"
            )
        if fn & 1 or fn == sn:
            r = hash_children(p, r)
            fn, sn = _shift_while_even(fn, sn)
        else:
            r = hash_children(r, p)
        fn >>= 1
        sn >>= 1
    if sn != 0:
        raise InvalidProofError(
            f"inclusion proof has {len(proof)} hashes, fewer than a tree of size {size} needs"
        )
    if not same_hash(r, root):
        raise InvalidProofError(
            f"inclusion proof for entry {index} does not lead to the root of size {size}"
        )


def verify_consistency(
    size1: int, size2: int, proof: Sequence[bytes], root1: bytes, root2: bytes
) -> None:
    """Check a consistency proof (RFC 9162 §2.1.4.2); raise :class:`InvalidProofError` if wrong."""
    _check_hash(root1, "first root hash")
    _check_hash(root2, "second root hash")
    _check_proof_hashes(proof)
    if not 0 <= size1 <= size2:
        raise InvalidProofError(f"size {size1} cannot be extended to size {size2}")
    if size1 == size2:
        if proof:
            raise InvalidProofError("a consistency proof between equal sizes must be empty")
        if not same_hash(root1, root2):
            raise InvalidProofError(f"two different roots for the same size {size1}")
        return
    if size1 == 0:
        if proof:
            raise InvalidProofError("a consistency proof from the empty tree must be empty")
        if not same_hash(root1, empty_root()):
            raise InvalidProofError("the root of an empty tree must be SHA-256 of nothing")
        return
    if not proof:
        raise InvalidProofError(f"empty consistency proof from size {size1} to {size2}")
    path = list(proof)
    if size1 & (size1 - 1) == 0:
        path.insert(0, root1)
    fn, sn = size1 - 1, size2 - 1
    while fn & 1:
        fn >>= 1
        sn >>= 1
    fr = sr = path[0]
    for c in path[1:]:
        if sn == 0:
            raise InvalidProofError(
                f"consistency proof has {len(proof)} hashes, more than sizes "
                f"{size1} to {size2} need"
            )
        if fn & 1 or fn == sn:
            fr = hash_children(c, fr)
            sr = hash_children(c, sr)
            fn, sn = _shift_while_even(fn, sn)
        else:
            sr = hash_children(sr, c)
        fn >>= 1
        sn >>= 1
    if sn != 0:
        raise InvalidProofError(
            f"consistency proof has {len(proof)} hashes, fewer than sizes {size1} to {size2} need"
        )
    if not same_hash(fr, root1):
        raise InvalidProofError(f"consistency proof does not lead to the root of size {size1}")
    if not same_hash(sr, root2):
        raise InvalidProofError(f"consistency proof does not lead to the root of size {size2}")
