"""Powers of τ in the Lagrange basis: what ``snarkjs powersoftau prepare phase2`` adds.

For a domain of n = 2^k points with generator ω (the standard roots of :mod:`zk.field`), the
Lagrange polynomial L_j is 1 at ω^j and 0 at the other points, and

    L_j(τ)·G = (1/n) · Σ_i ω^(−ij) · τ^i·G,

an inverse discrete Fourier transform whose "values" are the points τ^i·G: the backend's
``g1_ifft``/``g2_ifft`` (a radix-2 FFT over the group in C for the native backend, whose
butterflies multiply points by powers of ω). The results are affine, so equal points give
equal bytes and a prepared file matches snarkjs's exactly.

A prepared section holds the bases for every k = 0 … power one after another; the τ·G1
section (which has 2n − 1 points) also gets k = power + 1, with the missing top power taken
as the identity, as snarkjs does.
"""

from __future__ import annotations

from collections.abc import Callable

from zk.curve import Backend
from zk.curve.base import BytesLike, FieldKernel
from zk.curve.encoding import G1_BYTES, G2_BYTES
from zk.errors import FormatError
from zk.field import TWO_ADICITY


def lagrange_section(be: Backend, monomial: BytesLike, power: int, is_g2: bool,
                     extra_level: bool,
                     progress: Callable[[int], None] | None = None) -> bytes:
    """The prepared (Lagrange) body for a monomial section of a power-``power`` file."""
    size = G2_BYTES if is_g2 else G1_BYTES
    ifft = be.g2_ifft if is_g2 else be.g1_ifft
    mv = memoryview(monomial).cast("B")
    top = power + 1 if extra_level else power
    if top > TWO_ADICITY:
        raise FormatError(f"a 2^{top}-point domain is beyond BN254's 2^{TWO_ADICITY}")
    parts = []
    for k in range(top + 1):
        n = 1 << k
        available = min(n, len(mv) // size)
        if available == n:
            points: BytesLike = mv[: n * size]
        else:
            points = bytes(mv[: available * size]) + bytes((n - available) * size)
        parts.append(ifft(points))
        if progress is not None:
            progress(k)
    return b"".join(parts)


def lagrange_check_scalars(kernel: FieldKernel, random_scalars: BytesLike) -> bytes:
    """The coefficients on L_j that match packed coefficients r_i on τ^i: Σ_i r_i·ω^(ij) (an
    NTT over Fr by the backend's field kernel), packed."""
    return kernel.fr_ntt(random_scalars)
