"""Comparison by bit decomposition: is a shared value below zero, is it zero.

Both protocols mask a value a with |a| < 2^m (a public bound) by random shared bits r_0..r_{m−1}
and a random high part R, open c = a + 2^m + r + 2^m·R, and finish on the m low bits of c,
public, against the shared bits r:

* **less than zero** (as in Damgård et al. and MPyC): b = a + 2^m is below 2^m exactly when
  a < 0, and b mod 2^m = (c mod 2^m) − r + 2^m·[c mod 2^m < r]. The bitwise comparison
  [C < r] multiplies e_i = s + r_i − c_i + 3·Σ_{j>i}(r_j ⊕ c_j) over all i (plus one term for
  C = r) with a random sign s = ±1: the product is zero exactly when C < r (s = −1) or C ≥ r
  (s = 1). It is masked by a random element and opened; the opened bit is uniform because s
  is, and s turns it back into [C < r]. ⌈log2(m+2)⌉ rounds of multiplication.
* **equal to zero**: a = 0 exactly when c mod 2^m equals r bit by bit: the product of the bits
  1 − (c_i ⊕ r_i), ⌈log2 m⌉ rounds, with nothing opened.

The field must hold a + 2^m + r + 2^m·R without wrapping: 2^m·(3 + (t+1)·2^κ) < p, with κ the
statistical security parameter. For the 64-bit default field and κ = 30 that allows |a| < 2^32,
i.e. comparisons of 32-bit signed data.
"""

from __future__ import annotations

import numpy as np

from mpc.errors import MpcOverflowError
from mpc.field import Elements, PrimeField
from mpc.protocols.arithmetic import open_values, product_of_rows
from mpc.protocols.randomness import Draw, deal
from mpc.runtime import Runtime


def magnitude_bits(bound: int) -> int:
    """m with |a| ≤ bound < 2^m."""
    return max(1, int(bound).bit_length())


def check_room(rt: Runtime, field: PrimeField, m: int, what: str) -> None:
    """Raise unless a value below 2^m, masked, stays below p."""
    need = (1 << m) * (3 + (rt.t + 1) * (1 << rt.sec_param))
    if need >= field.p:
        most = m
        while most > 1 and (1 << most) * (3 + (rt.t + 1) * (1 << rt.sec_param)) >= field.p:
            most -= 1
        raise MpcOverflowError(
            f"{what} of values up to 2^{m} does not fit the {field.name} field with "
            f"{rt.sec_param}-bit masks (at most 2^{most}); use --field bn254 or smaller values")


def _masked_open(rt: Runtime, field: PrimeField, a: Elements, m: int, extra: list[Draw],
                 what: str) -> tuple[np.ndarray, Elements, list[Elements]]:
    """Open c = a + 2^m + r + 2^m·R; return (bits of c mod 2^m as an m × len 0/1 matrix,
    the m × len shared bits of r flattened row by row, the extra draws)."""
    size = a.shape[0]
    draws = [Draw("bit", m * size), Draw("int", size, rt.sec_param), *extra]
    got = deal(rt, field, draws)
    r_bits, high = got[0], got[1]
    r_rows = r_bits.reshape(m, size) if size else np.zeros((m, 0), dtype=field.dtype)
    r_value = field.lincomb(r_rows, [1 << i for i in range(m)]) if size else field.zeros(0)
    masked = field.add(field.add_const(a, 1 << m), r_value)
    masked = field.add(masked, field.mul_const(high, 1 << m))
    c = open_values(rt, field, masked, what=what)
    assert c is not None
    if field.word:
        shifts = np.arange(m, dtype=np.uint64)[:, None]
        c_bits = (c[None, :] >> shifts) & np.uint64(1)
    else:
        c_bits = np.array([[(int(v) >> i) & 1 for v in c] for i in range(m)], dtype=object)
        c_bits = c_bits.reshape(m, size)
    return c_bits, r_bits, got[2:]


def _xor_public(field: PrimeField, r: Elements, c_bits: Elements) -> Elements:
    """Shares of r ⊕ c for shared bits r and public bits c (flattened): r·(1 − 2c) + c."""
    ints = c_bits.astype(np.int64) if field.word else c_bits
    coeff = field.from_ints(1 - 2 * ints)
    return field.add(field.mul(r, coeff), field.from_ints(ints))


def less_than_zero(rt: Runtime, field: PrimeField, a: Elements, bound: int) -> Elements:
    """Shares of the bits [a_i < 0] for shared a with |a_i| ≤ bound."""
    size = a.shape[0]
    if size == 0:
        return field.zeros(0)
    m = magnitude_bits(bound)
    check_room(rt, field, m, "comparison")
    c_bits, r_flat, (sign_bit, blind) = _masked_open(
        rt, field, a, m, [Draw("bit", size), Draw("element", size)], "comparison")
    flat_c = c_bits.reshape(-1)
    xors = _xor_public(field, r_flat, flat_c).reshape(m, size)
    r_rows = r_flat.reshape(m, size)
    c_rows = c_bits.reshape(m, size)
    # s = 1 − 2·sign_bit ∈ {1, −1}
    s = field.add_const(field.mul_const(sign_bit, -2), 1)
    rows: list[Elements] = []
    above = field.zeros(size)  # Σ_{j>i} (r_j ⊕ c_j)
    for i in range(m - 1, -1, -1):
        c_i = field.from_ints(c_rows[i].astype(np.int64) if field.word else c_rows[i])
        e = field.add(field.sub(field.add(s, r_rows[i]), c_i), field.mul_const(above, 3))
        rows.append(e)
        above = field.add(above, xors[i])
    rows.append(field.add(field.add_const(s, -1), field.mul_const(above, 3)))
    rows.append(blind)
    product = product_of_rows(rt, field, rows)
    opened = open_values(rt, field, product, what="comparison")
    assert opened is not None
    zero = np.array([int(v) == 0 for v in opened])
    # [C < r] = sign_bit where the product was zero, else 1 − sign_bit.
    coeff = field.from_ints(np.where(zero, 1, -1).astype(np.int64))
    below = field.add(field.mul(sign_bit, coeff), field.from_ints((~zero).astype(np.int64)))
    c_low = field.from_ints([sum(int(c_rows[i][k]) << i for i in range(m)) for k in range(size)]
                            if not field.word else
                            (c_bits.astype(np.uint64) << np.arange(m, dtype=np.uint64)[:, None])
                            .sum(axis=0, dtype=np.uint64).astype(np.int64))
    r_value = field.lincomb(r_rows, [1 << i for i in range(m)])
    low = field.add(field.sub(c_low, r_value), field.mul_const(below, 1 << m))
    b = field.add_const(a, 1 << m)
    top = field.mul_const(field.sub(b, low), field.inverse(1 << m))
    return field.add_const(field.neg(top), 1)


def equals_zero(rt: Runtime, field: PrimeField, a: Elements, bound: int) -> Elements:
    """Shares of the bits [a_i = 0] for shared a with |a_i| ≤ bound."""
    size = a.shape[0]
    if size == 0:
        return field.zeros(0)
    m = magnitude_bits(bound)
    check_room(rt, field, m, "equality test")
    c_bits, r_flat, _ = _masked_open(rt, field, a, m, [], "equality test")
    same = field.add_const(field.neg(_xor_public(field, r_flat, c_bits.reshape(-1))), 1)
    rows = [same[i * size:(i + 1) * size] for i in range(m)]
    return product_of_rows(rt, field, rows)
