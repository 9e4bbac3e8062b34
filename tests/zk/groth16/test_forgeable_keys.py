"""A key whose γ equals δ (a snarkjs ``.zkey`` before any phase-2 contribution) accepts
forged proofs; ``VerifyingKey.forgeable`` flags exactly those keys."""

from __future__ import annotations

import dataclasses

from zk import groth16
from zk.groth16.keys import Proof


def _forge(vk: groth16.VerifyingKey, public: list[int], be) -> Proof:
    """A = α₁, B = β₂, C = −(IC₀ + Σ xᵢ·ICᵢ): valid whenever γ₂ = δ₂."""
    acc = vk.ic[0]
    for x, point in zip(public, vk.ic[1:], strict=True):
        acc = be.g1_add(acc, be.g1_mul(point, x))
    return Proof(vk.alpha1, vk.beta2, be.g1_neg(acc))


def test_a_key_with_gamma_equal_to_delta_accepts_forgeries(small_key):
    _compiled, pk, _proof, public, be = small_key
    honest = pk.verifying_key()
    assert not honest.forgeable
    assert not groth16.verify(honest, public, _forge(honest, public, be), be)

    weak = dataclasses.replace(honest, delta2=honest.gamma2, alphabeta=None)
    assert weak.forgeable
    invented = [12345, 678]
    assert groth16.verify(weak, invented, _forge(weak, invented, be), be)
