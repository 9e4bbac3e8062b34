"""Baby Jubjub point arithmetic in a circuit (the curve of :mod:`circuits.crypto.babyjubjub`).

Points are pairs of signals (or ints, for constant points). Twisted Edwards formulas are
complete and serve additions whose inputs nobody controls; the long loops of scalar
multiplication run on the curve's Montgomery form, whose formulas are cheaper but undefined
when the two points share an x coordinate — each loop below says why that cannot happen.

Constraints (a constant operand makes the products that involve it free):

==============================  ===============================================
``assert_on_curve``              3
``add`` / ``assert_add``         6 (3 with a constant point)
``double``                       5 (the input must be on the curve)
``to_montgomery``                3 (proves x ≠ 0), ``from_montgomery`` 2
``mont_add`` / ``mont_double_add``  3 / 5
``scalar_mul_fixed(n bits)``     ≈ 2 per bit (3-bit windows) + 13
``scalar_mul_any(n bits)``       6 per bit + 22
==============================  ===============================================
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import lru_cache

from circuits.builder import Builder
from circuits.crypto import babyjubjub as bj
from circuits.errors import CircuitError
from circuits.gadgets.bits import lookup
from circuits.signal import Operand, Signal
from zk.field import R

__all__ = [
    "OFFSET_POINT",
    "Point",
    "add",
    "assert_add",
    "assert_on_curve",
    "double",
    "from_montgomery",
    "mont_add",
    "mont_double_add",
    "point_constant",
    "scalar_mul_any",
    "scalar_mul_fixed",
    "signed_digit_chain",
    "to_montgomery",
]

Point = tuple[Signal, Signal]

#: The hash-derived point whose multiples start the variable-base loop (see
#: :func:`signed_digit_chain`); nobody knows its discrete logarithm to any key.
OFFSET_POINT = bj.hash_to_subgroup(b"zkgov/babyjubjub/scalar-mul-offset")

#: Bits per window of fixed-base multiplication (3 is the cheapest: 2 constraints per bit).
WINDOW_BITS = 3
#: Windows per fixed-base segment: sums of a segment stay far below l (no wrap-around).
MAX_SEGMENT_WINDOWS = 80


def _sig(c: Builder, x: Operand) -> Signal:
    return x if isinstance(x, Signal) else c.constant(x)


def _div(c: Builder, a: Signal, b: Signal, label: str) -> Signal:
    """a/b with one constraint q·b = a; the hint gives 0 when b = 0 so that the witness run
    goes on and the failing constraint is named (c.div would stop at the hint)."""
    q = c.hint(lambda x, y: x * pow(y, -1, R) % R if y % R else 0, a, b, label=label)
    c.assert_product(q, b, a, label)
    return q


def point_constant(c: Builder, point: bj.Point) -> Point:
    """A constant point as a pair of constant signals."""
    return c.constant(point[0]), c.constant(point[1])


def _pt(c: Builder, p: Sequence[Operand]) -> Point:
    if len(p) != 2:
        raise CircuitError("a point is a pair (x, y)")
    return _sig(c, p[0]), _sig(c, p[1])


def assert_on_curve(c: Builder, p: Sequence[Operand], label: str = "babyjubjub") -> None:
    """a·x² + y² = 1 + d·x²·y² (3 constraints)."""
    x, y = _pt(c, p)
    x2 = c.mul(x, x, f"{label}: x^2")
    y2 = c.mul(y, y, f"{label}: y^2")
    c.assert_product(x2.scale(bj.D), y2, x2.scale(bj.A) + y2 - 1, f"{label}: point not on curve")


def _add_parts(c: Builder, p: Point, q: Point, label: str) -> tuple[Signal, ...]:
    (x1, y1), (x2, y2) = p, q
    beta = c.mul(x1, y2, f"{label}: x1*y2")
    gamma = c.mul(y1, x2, f"{label}: y1*x2")
    delta = c.mul(y1 - x1.scale(bj.A), x2 + y2, f"{label}: delta")
    tau = c.mul(beta, gamma, f"{label}: tau")
    return beta, gamma, delta, tau


def add(c: Builder, p: Sequence[Operand], q: Sequence[Operand], label: str = "add") -> Point:
    """p + q with the complete Edwards law (6 constraints, 3 when one point is constant)."""
    pp, qq = _pt(c, p), _pt(c, q)
    if all(s.is_constant() for s in (*pp, *qq)):
        r = bj.add(
            (pp[0].lc.constant_value(), pp[1].lc.constant_value()),
            (qq[0].lc.constant_value(), qq[1].lc.constant_value()),
        )
        return point_constant(c, r)
    beta, gamma, delta, tau = _add_parts(c, pp, qq, label)
    dtau = tau.scale(bj.D)
    x3 = _div(c, beta + gamma, 1 + dtau, f"{label}: x")
    y3 = _div(c, delta + beta.scale(bj.A) - gamma, 1 - dtau, f"{label}: y")
    return x3, y3


def assert_add(
    c: Builder,
    p: Sequence[Operand],
    q: Sequence[Operand],
    r: Sequence[Operand],
    label: str = "assert_add",
) -> None:
    """Prove p + q = r (6 constraints: the sum is checked, never materialised)."""
    pp, qq, (x3, y3) = _pt(c, p), _pt(c, q), _pt(c, r)
    beta, gamma, delta, tau = _add_parts(c, pp, qq, label)
    dtau = tau.scale(bj.D)
    c.assert_product(x3, 1 + dtau, beta + gamma, f"{label}: x of the sum differs")
    c.assert_product(y3, 1 - dtau, delta + beta.scale(bj.A) - gamma, f"{label}: y differs")


def double(c: Builder, p: Sequence[Operand], label: str = "double") -> Point:
    """2·p for a point on the curve (5 constraints).

    x₃ = 2xy/(a·x² + y²), y₃ = (y² − a·x²)/(2 − a·x² − y²): the addition law with the curve
    equation substituted in the denominators, which are then never zero.
    """
    x, y = _pt(c, p)
    xx = c.mul(x, x, f"{label}: x^2")
    yy = c.mul(y, y, f"{label}: y^2")
    xy = c.mul(x, y, f"{label}: xy")
    axx = xx.scale(bj.A)
    x3 = _div(c, xy.scale(2), axx + yy, f"{label}: x")
    y3 = _div(c, yy - axx, 2 - axx - yy, f"{label}: y")
    return x3, y3


def to_montgomery(c: Builder, p: Sequence[Operand], label: str = "to_montgomery") -> Point:
    """(u, v) = ((1 + y)/(1 − y), u/x), proving x ≠ 0 (3 constraints; free for a constant).

    x ≠ 0 rules out the identity and the point (0, −1) of order 2, which have no affine
    Montgomery form (for (0, −1) the constraint v·x = u would leave v free).
    """
    x, y = _pt(c, p)
    if x.is_constant() and y.is_constant():
        return point_constant(c, bj.to_montgomery((x.lc.constant_value(), y.lc.constant_value())))
    c.assert_nonzero(x, f"{label}: point of small order")
    u = _div(c, 1 + y, 1 - y, f"{label}: u")
    v = _div(c, u, x, f"{label}: v")
    return u, v


def from_montgomery(c: Builder, m: Sequence[Operand], label: str = "from_montgomery") -> Point:
    """(x, y) = (u/v, (u − 1)/(u + 1)) (2 constraints)."""
    u, v = _pt(c, m)
    return _div(c, u, v, f"{label}: x"), _div(c, u - 1, u + 1, f"{label}: y")


def mont_add(
    c: Builder, p: Sequence[Operand], q: Sequence[Operand], label: str = "mont_add"
) -> Point:
    """p + q on the Montgomery form (3 constraints); p and q must have different u."""
    (u1, v1), (u2, v2) = _pt(c, p), _pt(c, q)
    lam = _div(c, v2 - v1, u2 - u1, f"{label}: slope")
    lam2 = c.mul(lam, lam, f"{label}: slope^2")
    u3 = lam2.scale(bj.MONT_B) - bj.MONT_A - u1 - u2
    v3 = c.mul(lam, u1 - u3, f"{label}: v") - v1
    return u3, v3


def mont_double_add(
    c: Builder, p: Sequence[Operand], q: Sequence[Operand], label: str = "mont_double_add"
) -> Point:
    """2·p + q as (p + q) + p on the Montgomery form, never writing p + q's v (5 constraints).

    Needs p ≠ ±q and p + q ≠ ±p (the slopes' denominators are then non-zero and every output
    is determined by the constraints).
    """
    (u1, v1), (u2, v2) = _pt(c, p), _pt(c, q)
    lam1 = _div(c, v2 - v1, u2 - u1, f"{label}: slope p,q")
    u_r = c.mul(lam1, lam1, f"{label}: slope^2").scale(bj.MONT_B) - bj.MONT_A - u1 - u2
    # slope from p + q back through p: λ₂ = 2·v₁/(u₁ − u_r) − λ₁
    lam2 = c.hint(
        lambda l1, ua, va, ur: (2 * va * pow(ua - ur, -1, R) - l1) % R if (ua - ur) % R else 0,
        lam1, u1, v1, u_r, label=f"{label}: slope r,p",
    )
    c.assert_product(lam1 + lam2, u1 - u_r, v1.scale(2), f"{label}: slope r,p")
    u_s = c.mul(lam2, lam2, f"{label}: slope^2").scale(bj.MONT_B) - bj.MONT_A - u_r - u1
    v_s = c.mul(lam2, u1 - u_s, f"{label}: v") - v1
    return u_s, v_s


# ----- scalar multiplication ------------------------------------------------------------------

def signed_digit_chain(
    c: Builder, bits: Sequence[Signal], q: Sequence[Operand], label: str = "mul_any"
) -> Point:
    """The Montgomery point 2ⁿ·H + (2k + 1)·Q for boolean ``bits`` of k (n = len(bits), little-
    endian), ``q`` = Q in Montgomery form and H = :data:`OFFSET_POINT` (6 constraints per bit + 3).

    The accumulator starts at H + Q; each bit bᵢ from the top takes acc ← 2·acc + dᵢ·Q with the
    signed digit dᵢ = 2bᵢ − 1 (Q's v negated by one product), and Σ dᵢ·2ⁱ = 2k − (2ⁿ − 1) gives
    the result. Every intermediate point is 2ʲ·H + m·Q, so an exceptional case (equal u
    coordinates, a point of order 2) would exhibit a discrete-logarithm relation between the
    hash-derived H and Q — which nobody can find, so the incomplete formulas are sound here.
    """
    qu, qv = _pt(c, q)
    h_m = point_constant(c, bj.to_montgomery(OFFSET_POINT))
    with c.label(label):
        acc = mont_add(c, h_m, (qu, qv), "start")
        for i in range(len(bits) - 1, -1, -1):
            signed_v = c.mul(bits[i].scale(2) - 1, qv, f"bit {i}: sign")
            acc = mont_double_add(c, acc, (qu, signed_v), f"bit {i}")
    return acc


def scalar_mul_any(
    c: Builder, bits: Sequence[Signal], p: Sequence[Operand], label: str = "mul_any"
) -> Point:
    """k·P for boolean ``bits`` of k (little-endian) and a point P ≠ O of the prime-order
    subgroup (6 constraints per bit + 22).

    A half P' of P (2·P' = P, a hint checked by 8 constraints) feeds
    :func:`signed_digit_chain`: 2ⁿ·H + (2k + 1)·P' − P' − 2ⁿ·H = 2k·P' = k·P, whichever half
    the prover picks.
    """
    px, py = _pt(c, p)
    with c.label(label):
        hx, hy = c.hints(_halve, 2, px, py, label="half")
        assert_on_curve(c, (hx, hy), "half")
        # 2·P' = P with the doubling formula of :func:`double`, its outputs fixed to P
        xx = c.mul(hx, hx, "half: x^2")
        yy = c.mul(hy, hy, "half: y^2")
        xy = c.mul(hx, hy, "half: xy")
        axx = xx.scale(bj.A)
        c.assert_product(px, axx + yy, xy.scale(2), "half doubled: x")
        c.assert_product(py, 2 - axx - yy, yy - axx, "half doubled: y")
        half_m = to_montgomery(c, (hx, hy), "half")
        acc = signed_digit_chain(c, bits, half_m, "chain")
        acc = mont_add(c, acc, (half_m[0], -half_m[1]), "minus half")
        out = from_montgomery(c, acc, "result")
        correction = bj.negate(bj.multiply(OFFSET_POINT, 1 << len(bits)))
        return add(c, out, point_constant(c, correction), "offset")


def _halve(x: int, y: int) -> list[int]:
    """((l + 1)/2)·P: the half of a point P of the prime-order subgroup."""
    if not bj.in_subgroup((x, y)):
        raise ValueError("scalar_mul_any needs a point of the prime-order subgroup")
    h = bj.multiply((x, y), (bj.SUBORDER + 1) // 2)
    return [h[0], h[1]]


@lru_cache(maxsize=16)
def _fixed_base_plan(
    base: bj.Point, n_bits: int
) -> tuple[list[tuple[int, list[tuple[int, int, list[list[int]]]]]], bj.Point]:
    """Segments of windows with their constant Montgomery tables, and the total offset.

    Each segment s covers bits [start, start + width) with base G_s = 2^start·G. Its window at
    relative position pos with w bits looks up (d + o)·2^pos·G_s for d < 2^w, where o = 2 for
    the segment's top window and 1 otherwise. Summing from the top window down, the running
    sum is always a strictly larger multiple of G_s than the next table entry and stays far
    below l, so the Montgomery additions never meet equal u coordinates.
    """
    windows = [(s, min(WINDOW_BITS, n_bits - s)) for s in range(0, n_bits, WINDOW_BITS)]
    n_seg = -(-len(windows) // MAX_SEGMENT_WINDOWS)
    per_seg = -(-len(windows) // n_seg)
    segments = []
    offset_total = 0
    for k in range(0, len(windows), per_seg):
        seg = windows[k : k + per_seg]
        start = seg[0][0]
        entries = []
        for j, (pos, w) in enumerate(seg):
            o = 2 if j == len(seg) - 1 else 1
            table = []
            for d in range(1 << w):
                point = bj.multiply(base, (d + o) << pos)
                table.append(list(bj.to_montgomery(point)))
            entries.append((pos, w, table))
            offset_total += o << pos
        segments.append((start, entries))
    return segments, bj.multiply(base, offset_total)


def scalar_mul_fixed(
    c: Builder,
    bits: Sequence[Signal],
    base: bj.Point = bj.BASE8,
    offset: bj.Point = bj.IDENTITY,
    label: str = "mul_fixed",
) -> Point:
    """k·base + offset for boolean ``bits`` of k (little-endian), a constant ``base`` of the
    prime-order subgroup and a constant ``offset`` (≈ 2 constraints per bit).

    3-bit windows look up constant Montgomery points (3 constraints) and add them (3); segments
    of at most 240 bits are converted to Edwards form and added with the complete law.
    """
    if not bj.in_subgroup(base) or base == bj.IDENTITY:
        raise CircuitError("the fixed base must be a point of order l (e.g. BASE8)")
    n = len(bits)
    if n == 0:
        return point_constant(c, offset)
    segments, offset_total = _fixed_base_plan(base, n)
    with c.label(label):
        total: Point | None = None
        for seg_index, (_start, entries) in enumerate(segments):
            acc: Point | None = None
            for pos, w, table in reversed(entries):
                wbits = bits[pos : pos + w]
                u, v = lookup(c, wbits, table, f"segment {seg_index}: window {pos}")
                acc = (u, v) if acc is None else mont_add(
                    c, acc, (u, v), f"segment {seg_index}: window {pos}"
                )
            assert acc is not None
            seg_point = from_montgomery(c, acc, f"segment {seg_index}")
            total = seg_point if total is None else add(c, total, seg_point, "segments")
        assert total is not None
        correction = bj.add(offset, bj.negate(offset_total))
        if correction == bj.IDENTITY:
            return total
        return add(c, total, point_constant(c, correction), "offset")
