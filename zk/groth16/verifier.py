"""The Groth16 verifier, short enough to audit by eye.

  e(A, B) = e(α, β) · e(Σ xᵢ·ICᵢ, γ) · e(C, δ)

checked as one multi-pairing ∏ = 1 after making sure every point is a valid group element and
every public input is a canonical field element (the two classic verifier bugs).
"""

from __future__ import annotations

import secrets
from collections.abc import Sequence

from zk.curve import Backend, get_backend
from zk.curve.base import G1, G2
from zk.curve.encoding import pack_g1, pack_scalars
from zk.errors import FieldError, KeyMismatchError, PointError, ZkError
from zk.field import Q, R
from zk.groth16.keys import Proof, VerifyingKey


def _check_g1(be: Backend, p: G1, what: str) -> None:
    if p is not None and not (0 <= p[0] < Q and 0 <= p[1] < Q and be.g1_is_on_curve(p)):
        raise PointError(f"{what} is not a point on G1")


def _check_g2(be: Backend, p: G2, what: str) -> None:
    if p is None:
        return
    coords = (*p[0], *p[1])
    if not all(0 <= x < Q for x in coords) or not be.g2_is_on_curve(p):
        raise PointError(f"{what} is not a point on the G2 curve")
    if not be.g2_in_subgroup(p):
        raise PointError(f"{what} is on the curve but not in the G2 subgroup")


def check_verifying_key(vk: VerifyingKey, backend: Backend | None = None) -> None:
    """Raise :class:`PointError` unless every point of ``vk`` is a valid group element."""
    be = backend or get_backend()
    _check_g1(be, vk.alpha1, "vk_alpha_1")
    for name, p in (("vk_beta_2", vk.beta2), ("vk_gamma_2", vk.gamma2), ("vk_delta_2", vk.delta2)):
        _check_g2(be, p, name)
    for i, p in enumerate(vk.ic):
        _check_g1(be, p, f"IC[{i}]")


def check_public(vk: VerifyingKey, public: Sequence[int]) -> None:
    """Raise unless there is one canonical field element per public value of ``vk``."""
    if len(public) != vk.n_public:
        raise KeyMismatchError(
            f"{len(public)} public values given but the verification key expects {vk.n_public}"
        )
    for i, x in enumerate(public):
        if not isinstance(x, int) or isinstance(x, bool) or not 0 <= x < R:
            raise FieldError(f"public input #{i} = {x} is not a field element (must be < r)")


def check_proof(proof: Proof, backend: Backend | None = None) -> None:
    """Raise :class:`PointError` unless A, C ∈ G1 and B ∈ G2 (subgroup checked)."""
    be = backend or get_backend()
    _check_g1(be, proof.a, "pi_a")
    _check_g2(be, proof.b, "pi_b")
    _check_g1(be, proof.c, "pi_c")


def _fold_public(be: Backend, vk: VerifyingKey, public: Sequence[int]) -> G1:
    if not public:
        return vk.ic[0]
    return be.g1_add(vk.ic[0], be.msm_g1(pack_g1(vk.ic[1:]), pack_scalars(public)))


def verify(
    vk: VerifyingKey, public: Sequence[int], proof: Proof, backend: Backend | None = None
) -> bool:
    """True iff ``proof`` is valid for ``public`` under ``vk``. Never raises on bad values:
    invalid points, inputs ≥ r or a wrong count all give False (use the ``check_*``
    functions to learn why)."""
    be = backend or get_backend()
    try:
        check_verifying_key(vk, be)
        check_public(vk, public)
        check_proof(proof, be)
    except ZkError:
        return False
    acc = _fold_public(be, vk, public)
    return be.pairing_check(
        [
            (be.g1_neg(proof.a), proof.b),
            (vk.alpha1, vk.beta2),
            (acc, vk.gamma2),
            (proof.c, vk.delta2),
        ]
    )


def batch_verify(
    vk: VerifyingKey,
    items: Sequence[tuple[Sequence[int], Proof]],
    backend: Backend | None = None,
) -> bool:
    """Verify many proofs under one key with a random linear combination.

    One multi-pairing of k + 3 pairs instead of k of 4: with random 128-bit zⱼ,
    ∏ e(zⱼ·Aⱼ, Bⱼ) = e((Σzⱼ)·α, β) · e(Σ zⱼ·accⱼ, γ) · e(Σ zⱼ·Cⱼ, δ). A false proof passes
    with probability at most 2⁻¹²⁸. Returns False if any item is invalid.
    """
    be = backend or get_backend()
    if not items:
        return True
    try:
        check_verifying_key(vk, be)
        for public, proof in items:
            check_public(vk, public)
            check_proof(proof, be)
    except ZkError:
        return False
    pairs: list[tuple[G1, G2]] = []
    z_sum = 0
    acc_sum: G1 = None
    c_sum: G1 = None
    for public, proof in items:
        z = secrets.randbits(128) | 1
        z_sum += z
        pairs.append((be.g1_mul(be.g1_neg(proof.a), z), proof.b))
        acc_sum = be.g1_add(acc_sum, be.g1_mul(_fold_public(be, vk, public), z))
        c_sum = be.g1_add(c_sum, be.g1_mul(proof.c, z))
    pairs += [
        (be.g1_mul(vk.alpha1, z_sum % R), vk.beta2),
        (acc_sum, vk.gamma2),
        (c_sum, vk.delta2),
    ]
    return be.pairing_check(pairs)
