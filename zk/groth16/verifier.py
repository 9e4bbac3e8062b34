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
    with probability at most 2⁻¹²⁸. Returns False if any item is invalid
    (:func:`find_invalid` says which).
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
    return _combination_holds(be, vk, items)


def find_invalid(
    vk: VerifyingKey,
    items: Sequence[tuple[Sequence[int], Proof]],
    backend: Backend | None = None,
) -> list[int]:
    """The indices of the items that do not verify under ``vk``, in increasing order.

    Malformed items (a point off its group, a public value ≥ r, a wrong count) are found by
    the checks alone; the others are tried as one random linear combination, and only a
    combination that fails is split in halves and tried again, so b bad proofs among k cost
    about 1 + 2·b·log₂(k / b) combinations instead of k single verifications.
    Raises :class:`PointError` when ``vk`` itself is not a valid key.
    """
    be = backend or get_backend()
    check_verifying_key(vk, be)
    bad: list[int] = []
    well_formed: list[int] = []
    for i, (public, proof) in enumerate(items):
        try:
            check_public(vk, public)
            check_proof(proof, be)
        except ZkError:
            bad.append(i)
        else:
            well_formed.append(i)

    def search(indices: list[int]) -> None:
        if not indices or _combination_holds(be, vk, [items[i] for i in indices]):
            return
        if len(indices) == 1:
            bad.append(indices[0])
            return
        half = len(indices) // 2
        search(indices[:half])
        search(indices[half:])

    search(well_formed)
    return sorted(bad)


def _combination_holds(
    be: Backend, vk: VerifyingKey, items: Sequence[tuple[Sequence[int], Proof]]
) -> bool:
    """The random-linear-combination check of :func:`batch_verify` on checked items.

    Σ zⱼ·Cⱼ and Σ zⱼ·accⱼ = (Σ zⱼ)·IC₀ + Σᵢ (Σⱼ zⱼ·xⱼᵢ)·ICᵢ are two MSMs, so a batch costs
    k scalar multiplications (for the zⱼ·Aⱼ of the k pairings) plus two MSMs.
    """
    zs = [secrets.randbits(128) | 1 for _ in items]
    pairs: list[tuple[G1, G2]] = [
        (be.g1_mul(be.g1_neg(proof.a), z), proof.b) for z, (_, proof) in zip(zs, items)
    ]
    z_sum = sum(zs) % R
    folded = [z_sum] + [
        sum(z * public[i] for z, (public, _) in zip(zs, items)) % R for i in range(vk.n_public)
    ]
    acc_sum = be.msm_g1(pack_g1(vk.ic), pack_scalars(folded))
    c_sum = be.msm_g1(pack_g1([proof.c for _, proof in items]), pack_scalars(zs))
    pairs += [
        (be.g1_mul(vk.alpha1, z_sum), vk.beta2),
        (acc_sum, vk.gamma2),
        (c_sum, vk.delta2),
    ]
    return be.pairing_check(pairs)
