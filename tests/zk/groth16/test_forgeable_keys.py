"""Keys that give away a relation between their points accept forged proofs: each attack is
performed (it verifies when the caller explicitly allows forgeable keys) and shown refused by
default, with :class:`ForgeableKeyError`, by ``verify``, ``batch_verify``,
``prepare_verifying_key`` and ``check_verifying_key``."""

from __future__ import annotations

import dataclasses
import warnings

import pytest

from zk import groth16
from zk.errors import ForgeableKeyError, ZkError
from zk.field import R
from zk.groth16.keys import Proof

INVENTED = [12345, 678]


def _acc(vk: groth16.VerifyingKey, public: list[int], be):
    acc = vk.ic[0]
    for x, point in zip(public, vk.ic[1:], strict=True):
        acc = be.g1_add(acc, be.g1_mul(point, x))
    return acc


def _refused_everywhere(vk, public, forged, be) -> None:
    """Accepted only with the test flag; every API entry point refuses it otherwise."""
    assert vk.forgeable
    assert groth16.forgeable_reason(vk, be)
    assert groth16.verify(vk, public, forged, be, allow_forgeable=True)
    with pytest.raises(ForgeableKeyError, match="forgeable"):
        groth16.verify(vk, public, forged, be)
    with pytest.raises(ForgeableKeyError):
        groth16.batch_verify(vk, [(public, forged)], be)
    with pytest.raises(ForgeableKeyError):
        groth16.prepare_verifying_key(vk, be)
    with pytest.raises(ForgeableKeyError):
        groth16.check_verifying_key(vk, be)
    assert issubclass(ForgeableKeyError, ZkError)


def test_an_honest_key_gives_nothing_away(small_key):
    _compiled, pk, proof, public, be = small_key
    vk = pk.verifying_key()
    assert groth16.forgeable_reason(vk, be) is None and not vk.forgeable
    groth16.check_verifying_key(vk, be)
    assert groth16.uncontributed_warning(pk, be) is None
    pvk = groth16.prepare_verifying_key(vk, be)
    assert groth16.verify(pvk, public, proof, be)
    assert groth16.batch_verify(pvk, [(public, proof)] * 2, be)


def test_gamma_equal_to_delta_accepts_a_forgery_and_is_refused(small_key):
    """A = α₁, B = β₂, C = −acc: valid whenever γ₂ = δ₂ (a key with no phase-2 contribution)."""
    _compiled, pk, _proof, public, be = small_key
    honest = pk.verifying_key()
    forged_for_honest = Proof(honest.alpha1, honest.beta2, be.g1_neg(_acc(honest, public, be)))
    assert not groth16.verify(honest, public, forged_for_honest, be)

    weak = dataclasses.replace(honest, delta2=honest.gamma2, alphabeta=None)
    forged = Proof(weak.alpha1, weak.beta2, be.g1_neg(_acc(weak, INVENTED, be)))
    _refused_everywhere(weak, INVENTED, forged, be)
    assert groth16.forgeable_reason(weak, be) == "gamma2 = delta2"


def test_gamma_at_infinity_accepts_one_proof_for_every_input_and_is_refused(small_key):
    """γ₂ = O: e(acc, γ) = 1, so A = α, B = β, C = O verifies any public input."""
    _compiled, pk, _proof, _public, be = small_key
    weak = dataclasses.replace(pk.verifying_key(), gamma2=None)
    forged = Proof(weak.alpha1, weak.beta2, None)
    _refused_everywhere(weak, INVENTED, forged, be)
    assert groth16.verify(weak, [1, 2], forged, be, allow_forgeable=True)
    assert "gamma2 is the point at infinity" in groth16.forgeable_reason(weak, be)


def test_beta_equal_to_gamma_accepts_a_forgery_and_is_refused(small_key):
    """β₂ = γ₂: e(α + acc, β) = e(α, β)·e(acc, γ), so A = α + acc, B = β, C = O."""
    _compiled, pk, _proof, _public, be = small_key
    honest = pk.verifying_key()
    weak = dataclasses.replace(honest, beta2=honest.gamma2)
    forged = Proof(be.g1_add(weak.alpha1, _acc(weak, INVENTED, be)), weak.beta2, None)
    _refused_everywhere(weak, INVENTED, forged, be)
    assert groth16.forgeable_reason(weak, be) == "beta2 = gamma2"


def test_beta_a_small_multiple_of_delta_accepts_a_forgery_and_is_refused(small_key):
    """β₂ = k·δ₂: e(α, β) = e(k·α, δ), so A = acc, B = γ, C = −k·α."""
    _compiled, pk, _proof, _public, be = small_key
    honest = pk.verifying_key()
    k = 5
    weak = dataclasses.replace(honest, beta2=be.g2_mul(honest.delta2, R - k))  # β = −5·δ
    forged = Proof(_acc(weak, INVENTED, be), weak.gamma2, be.g1_mul(weak.alpha1, k))
    _refused_everywhere(weak, INVENTED, forged, be)
    assert groth16.forgeable_reason(weak, be) == "beta2 = −5·delta2"


def test_an_input_that_cancels_ic0_accepts_the_trivial_proof_and_is_refused(small_key):
    """IC₁ = −IC₀: the input x₁ = 1 makes acc = O, so A = α, B = β, C = O verifies it."""
    _compiled, pk, _proof, _public, be = small_key
    honest = pk.verifying_key()
    weak = dataclasses.replace(honest, ic=[honest.ic[0], be.g1_neg(honest.ic[0]), honest.ic[2]])
    forged = Proof(weak.alpha1, weak.beta2, None)
    _refused_everywhere(weak, [1, 0], forged, be)


@pytest.mark.parametrize("change, reason", [
    (lambda vk, be: {"alpha1": None}, "alpha1 is the point at infinity"),
    (lambda vk, be: {"beta2": None}, "beta2 is the point at infinity"),
    (lambda vk, be: {"delta2": None}, "delta2 is the point at infinity"),
    (lambda vk, be: {"delta2": be.g2_neg(vk.gamma2)}, "gamma2 = −delta2"),
    (lambda vk, be: {"beta2": be.g2_neg(vk.delta2)}, "beta2 = −delta2"),
    (lambda vk, be: {"gamma2": be.g2_mul(vk.delta2, 3 * pow(2, -1, R))}, "2·gamma2 = 3·delta2"),
    (lambda vk, be: {"ic": [vk.ic[0], None, vk.ic[2]]}, "IC[1] is the point at infinity"),
    (lambda vk, be: {"ic": [None, vk.ic[1], vk.ic[2]]}, "IC[0] is the point at infinity"),
    (lambda vk, be: {"ic": [vk.ic[0], vk.ic[1], be.g1_neg(vk.ic[1])]}, "IC[1] = −IC[2]"),
    (lambda vk, be: {"ic": [vk.ic[0], vk.ic[1], be.g1_mul(vk.ic[0], 7)]}, "IC[2] = 7·IC[0]"),
])
def test_every_listed_relation_is_refused(small_key, change, reason):
    _compiled, pk, proof, public, be = small_key
    honest = pk.verifying_key()
    weak = dataclasses.replace(honest, **change(honest, be))
    assert reason in groth16.forgeable_reason(weak, be)
    with pytest.raises(ForgeableKeyError, match=reason.split(" ")[0].replace("[", r"\[")):
        groth16.check_verifying_key(weak, be)
    with pytest.raises(ForgeableKeyError):
        groth16.verify(weak, public, proof, be)


def test_an_uncontributed_key_warns(small_key):
    _compiled, pk, _proof, _public, be = small_key
    fresh = dataclasses.replace(pk, delta1=(1, 2), delta2=pk.gamma2)
    assert "no phase-2 contribution" in groth16.uncontributed_warning(fresh, be)
    with pytest.warns(groth16.UncontributedKeyWarning):
        assert groth16.warn_if_uncontributed(fresh, be)
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        assert not groth16.warn_if_uncontributed(pk, be)
