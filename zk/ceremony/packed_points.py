"""Whole-section operations on packed points: applying a key, random linear combinations,
curve-membership checks.

A contribution multiplies every point of a section by its own scalar (the i-th power of τ
times α, say), which is not a multi-scalar multiplication nor a fixed-base one. When the
backend offers ``g1_scale_batch(points, scalars)`` / ``g2_scale_batch`` (each packed point by
its own packed scalar) that is used; otherwise each point goes through ``g1_mul``/``g2_mul``.
Likewise the backend's batch validity checks (``g1_first_invalid``/``g2_first_invalid``) are
used when it has them.
"""

from __future__ import annotations

import secrets
from collections.abc import Sequence

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
from zk.field import R

#: Random coefficients of the batched checks: 64 bits give a 2⁻⁶⁴ chance to miss a bad point.
CHECK_SCALAR_BITS = 64


def powers(first: int, inc: int, count: int) -> list[int]:
    """first·inc^i mod r for i < count."""
    out = [0] * count
    value = first % R
    for i in range(count):
        out[i] = value
        value = value * inc % R
    return out


def scale_g1(be: Backend, points: BytesLike, scalars: Sequence[int]) -> bytes:
    """Packed G1 points, the i-th multiplied by ``scalars[i]``."""
    fast = getattr(be, "g1_scale_batch", None)
    if fast is not None:
        return fast(points, pack_scalars(scalars))
    pts = unpack_g1(points)
    return pack_g1([be.g1_mul(p, k) if p is not None else None
                    for p, k in zip(pts, scalars, strict=True)])


def scale_g2(be: Backend, points: BytesLike, scalars: Sequence[int]) -> bytes:
    """Packed G2 points, the i-th multiplied by ``scalars[i]``."""
    fast = getattr(be, "g2_scale_batch", None)
    if fast is not None:
        return fast(points, pack_scalars(scalars))
    pts = unpack_g2(points)
    return pack_g2([be.g2_mul(p, k) if p is not None else None
                    for p, k in zip(pts, scalars, strict=True)])


def random_check_scalars(count: int) -> bytes:
    """``count`` packed random scalars of :data:`CHECK_SCALAR_BITS` bits (never zero)."""
    return b"".join(
        (secrets.randbits(CHECK_SCALAR_BITS) | 1).to_bytes(32, "little") for _ in range(count)
    )


def shifted_combinations_g1(be: Backend, points: BytesLike) -> tuple[G1, G1]:
    """(Σ rᵢ·Pᵢ, Σ rᵢ·Pᵢ₊₁) for i < n − 1 with random rᵢ: equal ratios iff Pᵢ₊₁ = x·Pᵢ."""
    mv = memoryview(points).cast("B")
    n = len(mv) // G1_BYTES
    if n < 2:
        return None, None
    scalars = random_check_scalars(n - 1)
    return (be.msm_g1(mv[: (n - 1) * G1_BYTES], scalars),
            be.msm_g1(mv[G1_BYTES:], scalars))


def shifted_combinations_g2(be: Backend, points: BytesLike) -> tuple[G2, G2]:
    """The G2 version of :func:`shifted_combinations_g1`."""
    mv = memoryview(points).cast("B")
    n = len(mv) // G2_BYTES
    if n < 2:
        return None, None
    scalars = random_check_scalars(n - 1)
    return (be.msm_g2(mv[: (n - 1) * G2_BYTES], scalars),
            be.msm_g2(mv[G2_BYTES:], scalars))


def paired_combinations_g1(be: Backend, left: BytesLike, right: BytesLike) -> tuple[G1, G1]:
    """(Σ rᵢ·Aᵢ, Σ rᵢ·Bᵢ) with the same random rᵢ: equal ratios iff every Bᵢ = x·Aᵢ."""
    n = memoryview(left).nbytes // G1_BYTES
    if n == 0:
        return None, None
    scalars = random_check_scalars(n)
    return be.msm_g1(left, scalars), be.msm_g1(right, scalars)


def first_invalid_g1(be: Backend, points: BytesLike) -> int | None:
    """Index of the first packed G1 point not on the curve (the identity is valid; G1 has
    cofactor 1, so on the curve means in the group), or ``None``."""
    fast = getattr(be, "g1_first_invalid", None)
    if fast is not None:
        index = fast(points)
        return None if index < 0 else index
    for i, p in enumerate(unpack_g1(points)):
        if p is not None and not be.g1_is_on_curve(p):
            return i
    return None


def first_invalid_g2(be: Backend, points: BytesLike) -> int | None:
    """Index of the first packed G2 point off the twist or outside the order-r subgroup (the
    identity is valid), or ``None``."""
    fast = getattr(be, "g2_first_invalid", None)
    if fast is not None:
        index = fast(points)
        return None if index < 0 else index
    for i, p in enumerate(unpack_g2(points)):
        if p is not None and not be.g2_in_subgroup(p):
            return i
    return None
