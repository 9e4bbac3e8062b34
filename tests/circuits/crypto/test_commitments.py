"""Poseidon commitments, nullifiers and Pedersen commitments on G1."""

from __future__ import annotations

import pytest

from circuits.crypto import commitments, pedersen
from circuits.crypto.poseidon import poseidon
from circuits.errors import InputError
from zk.curve import get_backend
from zk.errors import PointError
from zk.field import Q


def test_poseidon_commitment_and_nullifier_definitions() -> None:
    assert commitments.commit(5, 9) == poseidon([5, 9])
    assert commitments.commit_many([1, 2, 3], 9) == poseidon([1, 2, 3, 9])
    assert commitments.nullifier(77, 1) != commitments.nullifier(77, 2)
    assert 0 <= commitments.random_blinding() < 2**254
    with pytest.raises(InputError, match="1 to 15"):
        commitments.commit_many([], 1)


def test_generators_are_on_the_curve_and_distinct() -> None:
    be = get_backend()
    gens = [*pedersen.value_generators(3), pedersen.blinding_generator()]
    assert len(set(gens)) == 4
    assert all(be.g1_is_on_curve(g) for g in gens)
    assert gens[0] == pedersen.hash_to_g1(pedersen.DOMAIN + b"G/0")
    assert all(y <= Q // 2 for _, y in gens)


def test_pedersen_is_homomorphic_and_binding_to_its_opening() -> None:
    a = pedersen.commit(1200, 11)
    b = pedersen.commit(800, 22)
    total = pedersen.PedersenCommitment.sum([a, b])
    assert pedersen.verify_opening(total, [2000], 33)
    assert not pedersen.verify_opening(total, [2001], 33)
    assert (total - b).point == a.point
    vec = pedersen.commit_vector([3, 4], 5)
    assert pedersen.verify_opening(vec, [3, 4], 5)
    assert not pedersen.verify_opening(vec, [4, 3], 5)


def test_pedersen_json_round_trip_and_errors() -> None:
    c = pedersen.commit(5, pedersen.random_blinding())
    assert pedersen.PedersenCommitment.from_json(c.to_json()) == c
    with pytest.raises(PointError, match="not a point"):
        pedersen.PedersenCommitment.from_json(["1", "1"])
    with pytest.raises(InputError, match="pair"):
        pedersen.PedersenCommitment.from_json("x")
    with pytest.raises(InputError, match="at least one"):
        pedersen.commit_vector([], 1)
