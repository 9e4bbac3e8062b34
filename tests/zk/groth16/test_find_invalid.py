"""find_invalid: one random linear combination for a good batch, halves where it fails."""

from __future__ import annotations

import pytest

from zk import groth16
from zk.errors import PointError
from zk.field import R
from zk.groth16.keys import Proof

from .conftest import chain_witness


@pytest.fixture(scope="module")
def batch(small_key):
    _, pk, proof, public, be = small_key
    _, witness = chain_witness(4)
    proofs = [groth16.prove(pk, witness, backend=be)[0] for _ in range(7)]
    return pk.verifying_key(), [(list(public), p) for p in [proof, *proofs]], be


def test_all_valid_gives_nothing(batch):
    vk, items, be = batch
    assert groth16.find_invalid(vk, items, backend=be) == []
    assert groth16.find_invalid(vk, [], backend=be) == []


@pytest.mark.parametrize("bad", [[0], [7], [2, 3], [0, 4, 5, 7], list(range(8))])
def test_finds_exactly_the_wrong_ones(batch, bad):
    vk, items, be = batch
    items = list(items)
    for i in bad:
        public, proof = items[i]
        items[i] = ([public[0], (public[1] + 1) % R], proof)  # another statement
    assert groth16.find_invalid(vk, items, backend=be) == bad
    assert groth16.batch_verify(vk, items, backend=be) is False


def test_malformed_items_are_found_without_pairings(batch):
    vk, items, be = batch
    items = list(items)
    public, proof = items[1]
    items[1] = ([public[0], R], proof)  # not a field element
    items[4] = (public, Proof(proof.a, proof.b, (1, 3)))  # C off the curve
    items[6] = (public[:1], proof)  # one public value short
    assert groth16.find_invalid(vk, items, backend=be) == [1, 4, 6]


def test_swapped_proofs_of_two_statements_are_caught(batch, small_key):
    vk, items, be = batch
    (p0, a), (p1, b) = items[0], items[1]
    # The same statement twice is valid; cross-wiring A and C of two proofs is not.
    crossed = Proof(a.a, a.b, b.c)
    assert groth16.find_invalid(vk, [(p0, a), (p1, crossed), (p1, b)], backend=be) == [1]


def test_an_invalid_key_is_an_error(batch):
    vk, items, be = batch
    broken = groth16.VerifyingKey(vk.alpha1, vk.beta2, vk.gamma2, vk.delta2, [(1, 3), *vk.ic[1:]])
    with pytest.raises(PointError):
        groth16.find_invalid(broken, items, backend=be)
