"""Baby Jubjub: the twisted Edwards curve a·x² + y² = 1 + d·x²·y² over BN254's scalar field r
(EIP-2494), with circomlib's parameters a = 168700, d = 168696.

Points are ``(x, y)`` tuples of ints; the identity is ``(0, 1)``. The addition law is complete
(a is a square and d is not, modulo r), so one formula serves every pair of points. The group
has order 8·l for a prime l; :data:`BASE8` generates the subgroup of order l that keys and
signatures live in. The same curve in Montgomery form B·v² = u³ + A·u² + u (A = 168698, B = 1)
is what in-circuit scalar multiplication uses; the conversions are here for tests and
precomputation.
"""

from __future__ import annotations

import hashlib

from circuits.errors import InputError
from zk.errors import PointError
from zk.field import R

Point = tuple[int, int]

#: Curve coefficients (twisted Edwards form).
A = 168700
D = 168696
#: The prime the coordinates live in (BN254's scalar field).
P = R
#: Order of the whole group, and of the prime-order subgroup (ORDER = 8·SUBORDER).
ORDER = 21888242871839275222246405745257275088614511777268538073601725287587578984328
SUBORDER = ORDER >> 3
COFACTOR = 8

#: The generator of the whole group given in EIP-2494 (and circomlibjs ``babyJub.Generator``).
GENERATOR: Point = (
    995203441582195749578291179787384436505546430278305826713579947235728471134,
    5472060717959818805561601436314318772137091100104008585924551046643952123905,
)
#: 8·GENERATOR: the generator of the prime-order subgroup (circomlibjs ``babyJub.Base8``).
BASE8: Point = (
    5299619240641551281634865583518297030282874472190772894086521144482721001553,
    16950150798460657717958625567821834550301663161624707787222815936182638968203,
)
IDENTITY: Point = (0, 1)

#: Montgomery-form coefficients: A_M = 2(a + d)/(a − d), B_M = 4/(a − d) (here 168698 and 1).
MONT_A = 2 * (A + D) * pow(A - D, -1, P) % P
MONT_B = 4 * pow(A - D, -1, P) % P

_HALF_P = (P - 1) // 2


def is_on_curve(point: Point) -> bool:
    """a·x² + y² = 1 + d·x²·y² with both coordinates canonical (< r)."""
    x, y = point
    if not (0 <= x < P and 0 <= y < P):
        return False
    x2, y2 = x * x % P, y * y % P
    return (A * x2 + y2 - 1 - D * x2 % P * y2) % P == 0


def add(p1: Point, p2: Point) -> Point:
    """p1 + p2 with the complete twisted Edwards addition law."""
    x1, y1 = p1
    x2, y2 = p2
    beta = x1 * y2 % P
    gamma = y1 * x2 % P
    delta = (y1 - A * x1) * (x2 + y2) % P
    dtau = D * beta % P * gamma % P
    x3 = (beta + gamma) * pow(1 + dtau, -1, P) % P
    y3 = (delta + A * beta - gamma) * pow(1 - dtau, -1, P) % P
    return x3, y3


def negate(point: Point) -> Point:
    """−(x, y) = (−x, y)."""
    x, y = point
    return (-x) % P, y


def double(point: Point) -> Point:
    """2·point, by the complete addition law (so the identity and points of order 2 work too)."""
    return add(point, point)


def _to_projective(p: Point) -> tuple[int, int, int]:
    return p[0], p[1], 1


def _proj_add(p: tuple[int, int, int], q: tuple[int, int, int]) -> tuple[int, int, int]:
    # "add-2008-bbjlp" (Bernstein et al., Twisted Edwards Curves): complete, no inversion.
    x1, y1, z1 = p
    x2, y2, z2 = q
    a_ = z1 * z2 % P
    b_ = a_ * a_ % P
    c_ = x1 * x2 % P
    d_ = y1 * y2 % P
    e_ = D * c_ % P * d_ % P
    f_ = (b_ - e_) % P
    g_ = (b_ + e_) % P
    x3 = a_ * f_ % P * (((x1 + y1) * (x2 + y2) - c_ - d_) % P) % P
    y3 = a_ * g_ % P * ((d_ - A * c_) % P) % P
    z3 = f_ * g_ % P
    return x3, y3, z3


def multiply(point: Point, scalar: int) -> Point:
    """scalar·point (any integer scalar; negative scalars negate), double-and-add in projective
    coordinates with one inversion at the end."""
    if scalar < 0:
        return multiply(negate(point), -scalar)
    acc = (0, 1, 1)
    base = _to_projective(point)
    while scalar:
        if scalar & 1:
            acc = _proj_add(acc, base)
        base = _proj_add(base, base)
        scalar >>= 1
    x, y, z = acc
    z_inv = pow(z, -1, P)
    return x * z_inv % P, y * z_inv % P


def in_subgroup(point: Point) -> bool:
    """On the curve and of order dividing l (the subgroup that :data:`BASE8` generates)."""
    return is_on_curve(point) and multiply(point, SUBORDER) == IDENTITY


def check_point(point: object, what: str = "point") -> Point:
    """Return ``point`` as an ``(x, y)`` tuple if it is a Baby Jubjub point, else raise."""
    try:
        x, y = point  # type: ignore[misc]
    except (TypeError, ValueError) as exc:
        raise InputError(f"{what} must be a pair (x, y) of field elements") from exc
    if not all(isinstance(c, int) and not isinstance(c, bool) for c in (x, y)):
        raise InputError(f"{what} coordinates must be integers")
    if not is_on_curve((x, y)):
        raise PointError(f"{what} ({x}, {y}) is not on the Baby Jubjub curve")
    return x, y


# ----- compressed encoding (circomlibjs packPoint / unpackPoint) ------------------------------

def pack_point(point: Point) -> bytes:
    """32 bytes: y little-endian, with the top bit set when x > (r − 1)/2 (circomlibjs format)."""
    x, y = check_point(point)
    buf = bytearray(y.to_bytes(32, "little"))
    if x > _HALF_P:
        buf[31] |= 0x80
    return bytes(buf)


def _sqrt(value: int) -> int | None:
    """A square root modulo r (Tonelli–Shanks), or ``None`` for a non-residue."""
    value %= P
    if value == 0:
        return 0
    if pow(value, (P - 1) // 2, P) != 1:
        return None
    q, s = P - 1, 0
    while q % 2 == 0:
        q //= 2
        s += 1
    z = 5  # the smallest non-residue mod r
    m, c, t, root = s, pow(z, q, P), pow(value, q, P), pow(value, (q + 1) // 2, P)
    while t != 1:
        i, t2 = 0, t
        while t2 != 1:
            t2 = t2 * t2 % P
            i += 1
        b = pow(c, 1 << (m - i - 1), P)
        m, c = i, b * b % P
        t, root = t * c % P, root * b % P
    return root


def unpack_point(data: bytes) -> Point:
    """The inverse of :func:`pack_point`; raises :class:`PointError` for a non-point."""
    if len(data) != 32:
        raise PointError(f"a packed Baby Jubjub point has 32 bytes, got {len(data)}")
    buf = bytearray(data)
    negative = bool(buf[31] & 0x80)
    buf[31] &= 0x7F
    y = int.from_bytes(buf, "little")
    if y >= P:
        raise PointError("packed point: y is not below r")
    y2 = y * y % P
    denom = (A - D * y2) % P
    if denom == 0:
        raise PointError("packed point: no x for this y")
    x = _sqrt((1 - y2) * pow(denom, -1, P))
    if x is None:
        raise PointError("packed point: no curve point has this y")
    if (x > _HALF_P) != negative:
        x = (-x) % P
    return x, y


# ----- Montgomery form (u, v): B·v² = u³ + A·u² + u -------------------------------------------

def to_montgomery(point: Point) -> tuple[int, int]:
    """(u, v) = ((1 + y)/(1 − y), u/x); undefined for the identity and (0, −1)."""
    x, y = point
    if x == 0:
        raise PointError("points with x = 0 have no affine Montgomery form")
    u = (1 + y) * pow(1 - y, -1, P) % P
    return u, u * pow(x, -1, P) % P


def from_montgomery(point: tuple[int, int]) -> Point:
    """(x, y) = (u/v, (u − 1)/(u + 1))."""
    u, v = point
    return u * pow(v, -1, P) % P, (u - 1) * pow(u + 1, -1, P) % P


# ----- nothing-up-my-sleeve points -----------------------------------------------------------

def hash_to_subgroup(tag: bytes) -> Point:
    """A point of the prime-order subgroup that nobody knows a discrete logarithm of.

    Try-and-increment: for i = 0, 1, … take y = SHA-256(tag ‖ i as 4 big-endian bytes) mod r,
    solve the curve equation for x (the root below (r+1)/2), and multiply by the cofactor 8;
    the first point that is not the identity is returned.
    """
    counter = 0
    while True:
        digest = hashlib.sha256(tag + counter.to_bytes(4, "big")).digest()
        y = int.from_bytes(digest, "big") % P
        y2 = y * y % P
        denom = (A - D * y2) % P
        if denom:
            x = _sqrt((1 - y2) * pow(denom, -1, P))
            if x is not None:
                if x > _HALF_P:
                    x = P - x
                point = multiply((x, y), COFACTOR)
                if point != IDENTITY:
                    return point
        counter += 1
