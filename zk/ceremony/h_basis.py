"""The H points of a ``.zkey`` in the power basis, as bellman keeps them.

snarkjs stores H as the odd-index Lagrange points of the doubled domain (n points); bellman's
``MPCParameters`` hold τⁱ·Z(τ)/δ for i < n − 1. One is a group FFT of the other scaled by
−2·ω₂ₙⁱ (the n-th point, which proofs never use, is dropped). Phase-2 verification compares H
in this form, so a key that went through bellman (its unused component zeroed) still checks,
as it does with snarkjs.

Verification needs only a random linear combination of the power-basis points, and that is a
combination of snarkjs's points with other coefficients: with Pₖ = −2·ω₂ₙᵏ·Σⱼ ωᵏʲ·Hⱼ,

    Σₖ rₖ·Pₖ = −2 · Σⱼ sⱼ·Hⱼ,   sⱼ = Σₖ (rₖ·ω₂ₙᵏ)·ωᵏʲ,

a coset NTT over Fr (:func:`h_power_basis_combination`): one MSM instead of a group FFT
(n·log n scalar multiplications) per key.
"""

from __future__ import annotations

from zk.curve import Backend
from zk.curve.base import G1, BytesLike
from zk.curve.encoding import G1_BYTES, SCALAR_BYTES
from zk.field import R, root_of_unity


def h_power_basis(be: Backend, h_points: BytesLike, domain_size: int) -> bytes:
    """The first n − 1 points of snarkjs's group FFT of H times −2·ω₂ₙⁱ (packed G1)."""
    n = domain_size
    inverse = be.g1_ifft(h_points)
    # fft(P)[k] = n·ifft(P)[−k mod n]; the factor n is folded into the scalars.
    reordered = b"".join(inverse[((-k) % n) * G1_BYTES : ((-k) % n + 1) * G1_BYTES]
                         for k in range(n))
    scalars = be.fr_powers(-2 * n % R, root_of_unity(2 * n), n)
    return be.g1_scale_batch(reordered, scalars)[: (n - 1) * G1_BYTES]


def h_power_basis_scalars(be: Backend, coefficients: BytesLike, domain_size: int) -> bytes:
    """Packed scalars s over snarkjs's n H points with Σ sⱼ·Hⱼ = −½·Σₖ rₖ·Pₖ, for the packed
    coefficients rₖ (k < n − 1) on the power-basis points Pₖ of :func:`h_power_basis`."""
    n = domain_size
    padded = bytes(coefficients) + bytes(n * SCALAR_BYTES - len(coefficients))
    return be.fr_coset_ntt(padded, root_of_unity(2 * n))


def h_power_basis_combination(be: Backend, h_points: BytesLike, coefficients: BytesLike,
                              domain_size: int) -> G1:
    """Σₖ rₖ·Pₖ over the power-basis points of :func:`h_power_basis` (packed coefficients
    rₖ, k < n − 1), from snarkjs's H points by one MSM."""
    scalars = h_power_basis_scalars(be, coefficients, domain_size)
    return be.g1_mul(be.msm_g1(h_points, scalars), R - 2)
