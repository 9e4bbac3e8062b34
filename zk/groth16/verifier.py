"""The Groth16 verifier, short enough to audit by eye.

  e(A, B) = e(α, β) · e(Σ xᵢ·ICᵢ, γ) · e(C, δ)

checked, with a prepared key, as e(A, B)·e(acc, −γ)·e(C, −δ) = e(α, β) after making sure
every point is a valid group element, every public input is a canonical field element (the
two classic verifier bugs) and the key gives away no relation that lets anyone forge proofs
(:mod:`zk.groth16.key_validation`).
"""

from __future__ import annotations

import secrets
from collections.abc import Sequence
from functools import lru_cache

from zk.curve import get_backend
from zk.curve.base import G1, G2, CurveGroup
from zk.curve.encoding import pack_g1, pack_scalars
from zk.curve.validity import check_g1, check_g2
from zk.errors import FieldError, ForgeableKeyError, KeyMismatchError, PointError, ZkError
from zk.field import R
from zk.groth16.key_validation import (
    check_verifying_key,
    forgeable_message,
    forgeable_reason,
)
from zk.groth16.keys import PreparedVerifyingKey, Proof, VerifyingKey

__all__ = [
    "batch_verify",
    "check_proof",
    "check_public",
    "check_verifying_key",
    "find_invalid",
    "prepare_verifying_key",
    "verify",
]


def check_public(vk: VerifyingKey, public: Sequence[int]) -> None:
    """Raise unless there is one canonical field element per public value of ``vk``."""
    if len(public) != vk.n_public:
        raise KeyMismatchError(
            f"{len(public)} public values given but the verification key expects {vk.n_public}"
        )
    for i, x in enumerate(public):
        if not isinstance(x, int) or isinstance(x, bool) or not 0 <= x < R:
            raise FieldError(f"public input #{i} = {x} is not a field element (must be < r)")


def check_proof(proof: Proof, backend: CurveGroup | None = None) -> None:
    """Raise :class:`PointError` unless A, C ∈ G1 and B ∈ G2 (subgroup checked)."""
    be = backend or get_backend()
    check_g1(proof.a, "pi_a", be)
    check_g2(proof.b, "pi_b", be)
    check_g1(proof.c, "pi_c", be)


def _points_of(vk: VerifyingKey) -> tuple:
    return (vk.alpha1, vk.beta2, vk.gamma2, vk.delta2, tuple(vk.ic))


@lru_cache(maxsize=32)
def _prepared(points: tuple, be: CurveGroup, allow_forgeable: bool) -> PreparedVerifyingKey:
    alpha1, beta2, gamma2, delta2, ic = points
    vk = VerifyingKey(alpha1, beta2, gamma2, delta2, list(ic))
    check_verifying_key(vk, be, allow_forgeable=True)
    reason = forgeable_reason(vk, be)
    if reason and not allow_forgeable:
        raise ForgeableKeyError(forgeable_message(reason))
    return PreparedVerifyingKey(vk, be.pairing(alpha1, beta2), be.g2_neg(gamma2),
                                be.g2_neg(delta2), reason)


def prepare_verifying_key(vk: VerifyingKey, backend: CurveGroup | None = None, *,
                          allow_forgeable: bool = False) -> PreparedVerifyingKey:
    """Check ``vk`` once and precompute e(α, β), −γ and −δ for :func:`verify`.

    Raises :class:`PointError` for a point that is not a group element and
    :class:`~zk.errors.ForgeableKeyError` for a forgeable key unless ``allow_forgeable``
    (meant for tests). Prepared keys are cached per key and backend.
    """
    return _prepared(_points_of(vk), backend or get_backend(), allow_forgeable)


def _prepare(key: VerifyingKey | PreparedVerifyingKey, be: CurveGroup,
             allow_forgeable: bool) -> PreparedVerifyingKey | None:
    """The prepared key, ``None`` when a point is invalid; a forgeable key raises."""
    if isinstance(key, PreparedVerifyingKey):
        if key.forgeable_reason and not allow_forgeable:
            raise ForgeableKeyError(forgeable_message(key.forgeable_reason))
        return key
    try:
        return prepare_verifying_key(key, be, allow_forgeable=allow_forgeable)
    except PointError:
        return None


def _fold_public(be: CurveGroup, vk: VerifyingKey, public: Sequence[int]) -> G1:
    if not public:
        return vk.ic[0]
    return be.g1_add(vk.ic[0], be.msm_g1(pack_g1(vk.ic[1:]), pack_scalars(public)))


def verify(
    vk: VerifyingKey | PreparedVerifyingKey,
    public: Sequence[int],
    proof: Proof,
    backend: CurveGroup | None = None,
    *,
    allow_forgeable: bool = False,
) -> bool:
    """True iff ``proof`` is valid for ``public`` under ``vk`` (plain or prepared).

    Invalid points, inputs ≥ r or a wrong count give False (use the ``check_*`` functions to
    learn why). A forgeable key is never answered with True or False: it raises
    :class:`~zk.errors.ForgeableKeyError`, unless ``allow_forgeable`` (for tests).
    """
    be = backend or get_backend()
    pvk = _prepare(vk, be, allow_forgeable)
    if pvk is None:
        return False
    try:
        check_public(pvk.vk, public)
        check_proof(proof, be)
    except ZkError:
        return False
    acc = _fold_public(be, pvk.vk, public)
    product = be.pairing_product([(proof.a, proof.b), (acc, pvk.neg_gamma2),
                                  (proof.c, pvk.neg_delta2)])
    return product == pvk.alpha_beta


def batch_verify(
    vk: VerifyingKey | PreparedVerifyingKey,
    items: Sequence[tuple[Sequence[int], Proof]],
    backend: CurveGroup | None = None,
    *,
    allow_forgeable: bool = False,
) -> bool:
    """Verify many proofs under one key with a random linear combination.

    One multi-pairing of k + 3 pairs instead of k of 4: with random 128-bit zⱼ,
    ∏ e(zⱼ·Aⱼ, Bⱼ) · e(Σ zⱼ·accⱼ, −γ) · e(Σ zⱼ·Cⱼ, −δ) · e(−(Σzⱼ)·α, β) = 1 (−γ and −δ from
    the prepared key). A false proof passes with probability at most 2⁻¹²⁸. Returns False
    if any item is invalid (:func:`find_invalid` says which); a forgeable key raises as in
    :func:`verify`.
    """
    be = backend or get_backend()
    pvk = _prepare(vk, be, allow_forgeable)
    if not items:
        return True
    if pvk is None:
        return False
    try:
        for public, proof in items:
            check_public(pvk.vk, public)
            check_proof(proof, be)
    except ZkError:
        return False
    return _combination_holds(be, pvk, items)


def find_invalid(
    vk: VerifyingKey | PreparedVerifyingKey,
    items: Sequence[tuple[Sequence[int], Proof]],
    backend: CurveGroup | None = None,
    *,
    allow_forgeable: bool = False,
) -> list[int]:
    """The indices of the items that do not verify under ``vk``, in increasing order.

    Malformed items (a point off its group, a public value ≥ r, a wrong count) are found by
    the checks alone; the others are tried as one random linear combination, and only a
    combination that fails is split in halves and tried again, so b bad proofs among k cost
    about 1 + 2·b·log₂(k / b) combinations instead of k single verifications. Raises
    :class:`PointError` when ``vk`` is not a valid key and
    :class:`~zk.errors.ForgeableKeyError` for a forgeable one (unless ``allow_forgeable``).
    """
    be = backend or get_backend()
    if isinstance(vk, PreparedVerifyingKey):
        pvk = vk
        _prepare(vk, be, allow_forgeable)  # raises for a forgeable key
    else:
        pvk = prepare_verifying_key(vk, be, allow_forgeable=allow_forgeable)
    bad: list[int] = []
    well_formed: list[int] = []
    for i, (public, proof) in enumerate(items):
        try:
            check_public(pvk.vk, public)
            check_proof(proof, be)
        except ZkError:
            bad.append(i)
        else:
            well_formed.append(i)

    def search(indices: list[int]) -> None:
        if not indices or _combination_holds(be, pvk, [items[i] for i in indices]):
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
    be: CurveGroup, pvk: PreparedVerifyingKey, items: Sequence[tuple[Sequence[int], Proof]]
) -> bool:
    """The random-linear-combination check of :func:`batch_verify` on checked items.

    Σ zⱼ·Cⱼ and Σ zⱼ·accⱼ = (Σ zⱼ)·IC₀ + Σᵢ (Σⱼ zⱼ·xⱼᵢ)·ICᵢ are two MSMs, so a batch costs
    k scalar multiplications (for the zⱼ·Aⱼ of the k pairings) plus two MSMs.
    """
    vk = pvk.vk
    zs = [secrets.randbits(128) | 1 for _ in items]
    pairs: list[tuple[G1, G2]] = [
        (be.g1_mul(proof.a, z), proof.b) for z, (_, proof) in zip(zs, items)
    ]
    z_sum = sum(zs) % R
    folded = [z_sum] + [
        sum(z * public[i] for z, (public, _) in zip(zs, items)) % R for i in range(vk.n_public)
    ]
    acc_sum = be.msm_g1(pack_g1(vk.ic), pack_scalars(folded))
    c_sum = be.msm_g1(pack_g1([proof.c for _, proof in items]), pack_scalars(zs))
    pairs += [
        (be.g1_mul(vk.alpha1, (R - z_sum) % R), vk.beta2),
        (acc_sum, pvk.neg_gamma2),
        (c_sum, pvk.neg_delta2),
    ]
    return be.pairing_check(pairs)
