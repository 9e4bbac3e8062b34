"""Shared helpers for the differential tests of the native backend against py_ecc.

Points for bulk tests are multiples of the generators made by the native backend itself
(its scalar multiplication is checked against py_ecc first, in ``test_native_points.py``);
an MSM over such points has an independent answer: (Σ k_i·a_i)·G.
"""

from __future__ import annotations

import random

import pytest
from py_ecc.optimized_bn128 import FQ2, b2

from zk.curve.base import G1, G2
from zk.field import Q, R

G1_GEN: G1 = (1, 2)
G2_GEN: G2 = (
    (
        10857046999023057135944570762232829481370756359578518086990519993285655852781,
        11559732032986387107991004021392285783925812861821192530917403151452391805634,
    ),
    (
        8495653923123431417604973247489272438418190587263600148770280649306958101930,
        4082367875863433681332203403145435568316851327593401208105741076214120093531,
    ),
)

#: The twist's cofactor: #E'(Fp2) = r·(2q − r).
G2_COFACTOR = 2 * Q - R

#: Scalars every routine must treat right: zero, one, r − 1, r, r + 1, 2^256 − 1.
EDGE_SCALARS = [0, 1, 2, R - 1, R, R + 1, 2**255, 2**256 - 1]


def scalar_bytes(k: int) -> bytes:
    """A scalar as 32 plain little-endian bytes, not reduced (the C core reduces)."""
    return k.to_bytes(32, "little")


def fq2_sqrt(a: FQ2) -> FQ2 | None:
    """A square root in Fp2 (q ≡ 3 mod 4), or None if ``a`` is not a square."""
    minus_one = FQ2([Q - 1, 0])
    a1 = a ** ((Q - 3) // 4)
    alpha = a1 * a1 * a
    if alpha ** Q * alpha == minus_one:
        return None
    x0 = a1 * a
    x = FQ2([0, 1]) * x0 if alpha == minus_one else (FQ2.one() + alpha) ** ((Q - 1) // 2) * x0
    return x if x * x == a else None


def random_twist_point(rng: random.Random) -> G2:
    """A point of the twist E'(Fp2), in general outside the order-r subgroup."""
    while True:
        x = FQ2([rng.randrange(Q), rng.randrange(Q)])
        y = fq2_sqrt(x * x * x + b2)
        if y is not None:
            xc, yc = x.coeffs, y.coeffs
            return ((int(xc[0]), int(xc[1])), (int(yc[0]), int(yc[1])))


def off_curve_g1(rng: random.Random) -> G1:
    """Coordinates that satisfy no curve equation y² = x³ + 3."""
    while True:
        x, y = rng.randrange(Q), rng.randrange(Q)
        if (y * y - x * x * x - 3) % Q:
            return (x, y)


@pytest.fixture
def rng() -> random.Random:
    return random.Random(20240611)
