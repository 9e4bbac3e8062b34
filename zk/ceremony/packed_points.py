"""Whole-section operations on packed points: applying a key, random linear combinations,
(curve-membership checks live in :mod:`zk.curve.validity`).

A contribution multiplies every point of a section by its own scalar (the i-th power of τ
times α, say), which is neither a multi-scalar multiplication nor a fixed-base one: the
backend's ``g1_scale_batch``/``g2_scale_batch`` do it (in C for the native backend), with the
powers from its ``fr_powers``. The buffers of secret powers are overwritten once used.
"""

from __future__ import annotations

import secrets

import numpy as np

from zk.curve import Backend
from zk.curve.base import G1, G2, BytesLike
from zk.curve.encoding import G1_BYTES, G2_BYTES, SCALAR_BYTES

#: Random coefficients of the batched checks: 64 bits give a 2⁻⁶⁴ chance to miss a bad point.
CHECK_SCALAR_BITS = 64


def _count(points: BytesLike, point_bytes: int) -> int:
    return memoryview(points).nbytes // point_bytes


def _scale(be: Backend, points: BytesLike, scalars: bytearray, is_g2: bool) -> bytes:
    """Scale by packed ``scalars``, then overwrite them (they are powers of a secret)."""
    try:
        return (be.g2_scale_batch if is_g2 else be.g1_scale_batch)(points, scalars)
    finally:
        scalars[:] = bytes(len(scalars))


def scale_by_powers_g1(be: Backend, points: BytesLike, first: int, inc: int) -> bytes:
    """Packed G1 points, the i-th multiplied by first·inc^i."""
    return _scale(be, points, be.fr_powers(first, inc, _count(points, G1_BYTES)), False)


def scale_by_powers_g2(be: Backend, points: BytesLike, first: int, inc: int) -> bytes:
    """Packed G2 points, the i-th multiplied by first·inc^i."""
    return _scale(be, points, be.fr_powers(first, inc, _count(points, G2_BYTES)), True)


def scale_by_constant_g1(be: Backend, points: BytesLike, k: int) -> bytes:
    """Packed G1 points, each multiplied by ``k``."""
    return scale_by_powers_g1(be, points, k, 1)


def random_check_scalars(count: int) -> bytes:
    """``count`` packed random scalars of :data:`CHECK_SCALAR_BITS` bits (never zero)."""
    limbs = np.zeros((count, SCALAR_BYTES // 8), dtype="<u8")
    limbs[:, 0] = np.frombuffer(secrets.token_bytes(8 * count), dtype="<u8") | 1
    return limbs.tobytes()


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
