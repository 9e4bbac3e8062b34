"""What a verifier must refuse: tampered inputs, tampered proofs, wrong keys, invalid points
and non-canonical public inputs — answering False (or a clear error from ``check_*``), never
crashing."""

from __future__ import annotations

import warnings

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from py_ecc.optimized_bn128 import FQ2

from zk import groth16
from zk.curve.base import G1_GENERATOR, G2_GENERATOR
from zk.errors import FieldError, KeyMismatchError, PointError
from zk.field import Q, R
from zk.groth16.keys import Proof

from .conftest import chain_witness


def _fq2_sqrt(a: FQ2) -> FQ2 | None:
    # q ≡ 3 (mod 4): the standard two-exponentiation square root in Fp2
    a1 = a ** ((Q - 3) // 4)
    alpha = a1 * a1 * a
    x0 = a1 * a
    if alpha == FQ2([Q - 1, 0]):
        x = FQ2([0, 1]) * x0
    else:
        x = (FQ2([1, 0]) + alpha) ** ((Q - 1) // 2) * x0
    return x if x * x == a else None


def twist_point_outside_subgroup():
    b2 = FQ2([3, 0]) / FQ2([9, 1])
    k = 1
    while True:
        x = FQ2([k, 1])
        y = _fq2_sqrt(x**3 + b2)
        if y is not None:
            return ((int(x.coeffs[0]), int(x.coeffs[1])), (int(y.coeffs[0]), int(y.coeffs[1])))
        k += 1


def test_changed_public_input_is_rejected(small_key):
    _, pk, proof, public, be = small_key
    vk = pk.verifying_key()
    for i in range(len(public)):
        changed = list(public)
        changed[i] = (changed[i] + 1) % R
        assert not groth16.verify(vk, changed, proof, backend=be)


def test_changed_proof_points_are_rejected(small_key):
    _, pk, proof, public, be = small_key
    vk = pk.verifying_key()
    doubled_a = Proof(be.g1_add(proof.a, proof.a), proof.b, proof.c)
    assert not groth16.verify(vk, public, doubled_a, backend=be)
    swapped = Proof(proof.c, proof.b, proof.a)
    assert not groth16.verify(vk, public, swapped, backend=be)
    b_neg = Proof(proof.a, be.g2_neg(proof.b), proof.c)
    assert not groth16.verify(vk, public, b_neg, backend=be)


def test_changed_coordinate_leaves_the_curve(small_key):
    _, pk, proof, public, be = small_key
    bent = Proof((proof.a[0], (proof.a[1] + 1) % Q), proof.b, proof.c)
    assert not groth16.verify(pk.verifying_key(), public, bent, backend=be)
    with pytest.raises(PointError, match="pi_a is not a point on G1"):
        groth16.check_proof(bent, be)


def test_another_circuits_key_is_rejected(small_key):
    compiled, pk, proof, public, be = small_key
    other, _ = chain_witness(5)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", groth16.DevelopmentSetupWarning)
        other_pk = groth16.setup(other.r1cs, backend=be)
    assert not groth16.verify(other_pk.verifying_key(), public, proof, backend=be)
    # and a fresh key for the same circuit does not accept the old proof either
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", groth16.DevelopmentSetupWarning)
        same_circuit_pk = groth16.setup(compiled.r1cs, backend=be)
    assert not groth16.verify(same_circuit_pk.verifying_key(), public, proof, backend=be)


def test_g2_point_outside_the_subgroup_is_rejected(small_key):
    _, pk, proof, public, be = small_key
    rogue = twist_point_outside_subgroup()
    assert be.g2_is_on_curve(rogue) and not be.g2_in_subgroup(rogue)
    bad = Proof(proof.a, rogue, proof.c)
    assert not groth16.verify(pk.verifying_key(), public, bad, backend=be)
    with pytest.raises(PointError, match="not in the G2 subgroup"):
        groth16.check_proof(bad, be)
    vk = pk.verifying_key()
    vk.delta2 = rogue
    with pytest.raises(PointError, match="vk_delta_2"):
        groth16.check_verifying_key(vk, be)


def test_public_input_not_below_r_is_rejected(small_key):
    _, pk, proof, public, be = small_key
    vk = pk.verifying_key()
    aliased = [public[0] + R, public[1]]
    assert not groth16.verify(vk, aliased, proof, backend=be)
    with pytest.raises(FieldError, match="public input #0"):
        groth16.check_public(vk, aliased)
    with pytest.raises(KeyMismatchError):
        groth16.check_public(vk, public[:1])
    assert not groth16.verify(vk, public[:1], proof, backend=be)


@settings(max_examples=10, deadline=None)
@given(st.integers(1, R - 1), st.integers(1, R - 1), st.integers(1, R - 1))
def test_verify_never_raises_on_random_valid_points(small_key, ka, kb, kc):
    _, pk, proof, public, be = small_key
    g1, g2 = G1_GENERATOR, G2_GENERATOR
    random_proof = Proof(be.g1_mul(g1, ka), be.g2_mul(g2, kb), be.g1_mul(g1, kc))
    assert groth16.verify(pk.verifying_key(), public, random_proof, backend=be) is False


def test_identity_points_do_not_verify(small_key):
    _, pk, proof, public, be = small_key
    assert not groth16.verify(pk.verifying_key(), public, Proof(None, None, None), backend=be)
