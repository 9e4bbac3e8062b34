"""Curve points drawn from a :class:`~zk.ceremony.rng.ChaChaRng`, as ffjavascript's ``fromRng``.

A point is drawn by taking a random x (an Fq or Fq2 element), one random bit, and retrying
until x³ + b is a square; y is that square root, negated unless the bit agrees with y's "sign"
(an element is negative when its integer value is above (q − 1)/2; an Fq2 element c0 + c1·u
has the sign of c1, or of c0 when c1 is zero). A G2 point is then multiplied by the twist's
cofactor 2q − r to land in the prime-order subgroup.
"""

from __future__ import annotations

from zk.ceremony.rng import ChaChaRng
from zk.curve import get_backend
from zk.curve.base import G1, G2, G2_COFACTOR
from zk.curve.fq2 import Fq2, fq2_mul, fq2_sqrt, fq_sqrt
from zk.field import Q

__all__ = ["G2_COFACTOR", "fq2_sqrt", "g1_from_rng", "g2_from_rng"]

_HALF_Q = (Q - 1) // 2
#: The twist's b = 3 / (9 + u) = (27 − 3u) / 82, as (c0, c1).
_TWIST_B = (27 * pow(82, -1, Q) % Q, -3 * pow(82, -1, Q) % Q)

def _fq_is_negative(a: int) -> bool:
    return a > _HALF_Q


def _fq2_is_negative(a: Fq2) -> bool:
    return _fq_is_negative(a[1]) if a[1] else _fq_is_negative(a[0])


def g1_from_rng(rng: ChaChaRng) -> G1:
    """``G1.fromRng``: a G1 point (cofactor 1, so any curve point is in the group)."""
    while True:
        x = rng.next_fq()
        greatest = rng.next_bool()
        y = fq_sqrt((x * x * x + 3) % Q)
        if y is not None:
            break
    if greatest != _fq_is_negative(y):
        y = (-y) % Q
    return (x, y)


def g2_from_rng(rng: ChaChaRng) -> G2:
    """``G2.fromRng``: a point of the twist, multiplied by the cofactor into G2."""
    while True:
        x: Fq2 = (rng.next_fq(), rng.next_fq())
        greatest = rng.next_bool()
        x3 = fq2_mul(fq2_mul(x, x), x)
        y = fq2_sqrt(((x3[0] + _TWIST_B[0]) % Q, (x3[1] + _TWIST_B[1]) % Q))
        if y is not None:
            break
    if greatest != _fq2_is_negative(y):
        y = ((-y[0]) % Q, (-y[1]) % Q)
    return get_backend().g2_clear_cofactor((x, y))
