"""Powers of τ in the Lagrange basis: what ``snarkjs powersoftau prepare phase2`` adds.

For a domain of n = 2^k points with generator ω (the standard roots of :mod:`zk.field`), the
Lagrange polynomial L_j is 1 at ω^j and 0 at the other points, and

    L_j(τ)·G = (1/n) · Σ_i ω^(−ij) · τ^i·G,

an inverse discrete Fourier transform whose "values" are the points τ^i·G. It is computed as
a radix-2 FFT over the group: every butterfly multiplies a point by a power of ω. The results
are affine, so equal points give equal bytes and a prepared file matches snarkjs's exactly.

A prepared section holds the bases for every k = 0 … power one after another; the τ·G1
section (which has 2n − 1 points) also gets k = power + 1, with the missing top power taken
as the identity, as snarkjs does.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from zk.ceremony.packed_points import scale_g1, scale_g2
from zk.curve import Backend
from zk.curve.base import G1, G2, BytesLike
from zk.curve.encoding import (
    G1_BYTES,
    G2_BYTES,
    pack_g1,
    pack_g2,
    pack_scalars,
    unpack_g1,
    unpack_g2,
)
from zk.errors import FormatError
from zk.field import TWO_ADICITY, R, inv, ntt, root_of_unity

Point = G1 | G2


class _Group:
    """The operations of one group that the transform needs."""

    def __init__(self, be: Backend, is_g2: bool) -> None:
        self.add = be.g2_add if is_g2 else be.g1_add
        self.neg = be.g2_neg if is_g2 else be.g1_neg
        self.unpack = unpack_g2 if is_g2 else unpack_g1
        self.pack = pack_g2 if is_g2 else pack_g1
        self.point_bytes = G2_BYTES if is_g2 else G1_BYTES
        scale = scale_g2 if is_g2 else scale_g1
        self.scale: Callable[[BytesLike, Sequence[int]], bytes] = lambda pts, ks: scale(be, pts,
                                                                                       ks)


def _bit_reverse(values: list, log_n: int) -> list:
    if log_n == 0:
        return list(values)
    return [values[int(format(i, f"0{log_n}b")[::-1], 2)] for i in range(len(values))]


def inverse_fft(group: _Group, points: list[Point]) -> list[Point]:
    """(1/n)·Σ_i ω^(−ij)·P_i for j < n (n = len(points), a power of two)."""
    n = len(points)
    log_n = n.bit_length() - 1
    if n == 1:
        return list(points)
    if log_n > TWO_ADICITY:
        raise FormatError(f"a 2^{log_n}-point domain is beyond BN254's 2^{TWO_ADICITY}")
    w_inv = inv(root_of_unity(n))
    a = _bit_reverse(points, log_n)
    size = 2
    while size <= n:
        half = size // 2
        step = pow(w_inv, n // size, R)
        twiddles = [pow(step, k, R) for k in range(half)]
        # Multiply the second half of every block by its twiddle in one batch (k = 0 needs none).
        targets = [(start + half + k, twiddles[k]) for start in range(0, n, size)
                   for k in range(1, half)]
        if targets:
            scaled = group.unpack(group.scale(group.pack([a[i] for i, _ in targets]),
                                              [t for _, t in targets]))
            for (i, _), value in zip(targets, scaled, strict=True):
                a[i] = value
        for start in range(0, n, size):
            for k in range(half):
                u, v = a[start + k], a[start + half + k]
                a[start + k] = group.add(u, v)
                a[start + half + k] = group.add(u, group.neg(v))
        size *= 2
    return group.unpack(group.scale(group.pack(a), [inv(n)] * n))


def lagrange_section(be: Backend, monomial: BytesLike, power: int, is_g2: bool,
                     extra_level: bool,
                     progress: Callable[[int], None] | None = None) -> bytes:
    """The prepared (Lagrange) body for a monomial section of a power-``power`` file."""
    group = _Group(be, is_g2)
    mv = memoryview(monomial).cast("B")
    size = group.point_bytes
    top = power + 1 if extra_level else power
    parts = []
    for k in range(top + 1):
        n = 1 << k
        available = min(n, len(mv) // size)
        points = group.unpack(mv[: available * size]) + [None] * (n - available)
        parts.append(group.pack(inverse_fft(group, points)))
        if progress is not None:
            progress(k)
    return b"".join(parts)


def lagrange_check_scalars(be: Backend, random_scalars: Sequence[int]) -> bytes:
    """The coefficients on L_j that match coefficients r_i on τ^i: Σ_i r_i·ω^(ij) (an NTT),
    packed. Uses the backend's ``fr_ntt`` when it has one."""
    fast = getattr(be, "fr_ntt", None)
    if fast is not None:
        return fast(pack_scalars(random_scalars))
    return pack_scalars(ntt(random_scalars))
