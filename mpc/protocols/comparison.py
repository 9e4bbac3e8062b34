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

Long vectors run in blocks (:func:`block_size`): each block is a complete run of the protocol
on a slice, so one message carries at most about :data:`BLOCK_ELEMENTS` field elements and the
working arrays stay within about a hundred MiB however many records there are (10^6 per party
and more). The block only bounds memory: every value's protocol is the same whatever block it
runs in, so the results do not depend on it.

The field must hold a + 2^m + r + 2^m·R without wrapping: 2^m·(3 + (t+1)·2^κ) < p, with κ the
statistical security parameter. For the 64-bit default field and κ = 30 that allows |a| < 2^32,
i.e. comparisons of 32-bit signed data.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TypeVar

import numpy as np

from mpc.errors import MpcOverflowError
from mpc.field import Elements, PrimeField
from mpc.protocols.arithmetic import multiply_many, open_values, product_of_rows
from mpc.protocols.randomness import Draw, deal
from mpc.runtime import Runtime

T = TypeVar("T")


#: Field elements per row-matrix of one block (m rows of bits × block values): 2^20, i.e.
#: 8 MiB messages for a 64-bit field. A block's working set is about a dozen such matrices
#: (dealt bits, their sharing and re-sharing, the product tree), so ~100 MiB; larger blocks
#: save few rounds (each block costs the same ~10 rounds) and cost memory.
BLOCK_ELEMENTS = 1 << 20


def block_size(rows: int, elements: int | None = None) -> int:
    """Values per block when each value needs ``rows`` shared elements in a message
    (``elements``: the block's element budget; by default :data:`BLOCK_ELEMENTS`, and at
    least 1,024 values, so that wide values do not make blocks of a handful)."""
    if elements is not None:
        return max(1, elements // max(1, rows))
    return max(1024, BLOCK_ELEMENTS // max(1, rows))


def _in_blocks(run: Callable[[Elements], T], a: Elements, rows: int,
               join: Callable[[list[T]], T], elements: int | None) -> T:
    size = block_size(rows, elements)
    if a.shape[0] <= size:
        return run(a)
    return join([run(a[start:start + size]) for start in range(0, a.shape[0], size)])


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


@dataclass(frozen=True)
class _Masked:
    """The public low bits of c = a + 2^m + r + 2^m·R and the shared bits of r."""

    c_low: Elements  # c mod 2^m, as field elements
    c_bits: np.ndarray  # m × size matrix of 0/1 (uint8 or ints): bit i of c in row i
    r_rows: np.ndarray  # m × size shares: bit i of r in row i
    r_value: Elements  # shares of r = Σ r_i·2^i
    extra: list[Elements]


def _masked_open(rt: Runtime, field: PrimeField, a: Elements, m: int, extra: list[Draw],
                 what: str) -> _Masked:
    """Deal r (m bits), R and ``extra``; open c = a + 2^m + r + 2^m·R."""
    size = a.shape[0]
    got = deal(rt, field, [Draw("bit", m * size), Draw("int", size, rt.sec_param), *extra])
    r_rows, high = got[0].reshape(m, size), got[1]
    r_value = field.lincomb(r_rows, [1 << i for i in range(m)])
    masked = field.add(field.add(field.add_const(a, 1 << m), r_value),
                       field.mul_const(high, 1 << m))
    c = open_values(rt, field, masked, what=what)
    assert c is not None
    if field.word:
        c_low_ints = (c & np.uint64((1 << m) - 1)).astype(np.int64)
        # bit i of every value in row i, one byte each (not eight)
        c_bits = np.ascontiguousarray(np.unpackbits(
            c_low_ints.astype("<u8").view(np.uint8).reshape(size, 8), axis=1,
            bitorder="little")[:, :m].T)
    else:
        c_low_ints = np.array([int(v) % (1 << m) for v in c], dtype=object)
        c_bits = np.array([[(int(v) >> i) & 1 for v in c_low_ints] for i in range(m)],
                          dtype=object).reshape(m, size)
    return _Masked(field.from_ints(c_low_ints), c_bits, r_rows, r_value, got[2:])


def _xor_public(field: PrimeField, r: Elements, c_bits: np.ndarray) -> Elements:
    """Shares of r ⊕ c for shared bits r and public 0/1 ints c (same shape): r where c is 0,
    1 − r where c is 1 (= r·(1 − 2c) + c, without the products)."""
    return field.flip_where(r, c_bits)


def less_than_zero(rt: Runtime, field: PrimeField, a: Elements, bound: int,
                   block: int | None = None) -> Elements:
    """Shares of the bits [a_i < 0] for shared a with |a_i| ≤ bound (``block``: elements per
    block, :data:`BLOCK_ELEMENTS` by default)."""
    m = magnitude_bits(bound)
    return _in_blocks(lambda part: _less_than_zero(rt, field, part, bound), a, m + 2,
                      np.concatenate, block)


def _less_than_zero(rt: Runtime, field: PrimeField, a: Elements, bound: int) -> Elements:
    size = a.shape[0]
    if size == 0:
        return field.zeros(0)
    m = magnitude_bits(bound)
    check_room(rt, field, m, "comparison")
    mk = _masked_open(rt, field, a, m, [Draw("bit", size), Draw("element", size)],
                      "comparison")
    sign_bit, blind = mk.extra
    xors = _xor_public(field, mk.r_rows.reshape(-1), mk.c_bits.reshape(-1)).reshape(m, size)
    s = field.add_const(field.mul_const(sign_bit, -2), 1)  # s = 1 − 2·sign_bit ∈ {1, −1}
    rows: list[Elements] = []
    above = field.zeros(size)  # Σ_{j>i} (r_j ⊕ c_j)
    for i in range(m - 1, -1, -1):
        e = field.add(field.sub(field.add(s, mk.r_rows[i]), field.from_ints(mk.c_bits[i])),
                      field.mul_const(above, 3))
        rows.append(e)
        above = field.add(above, xors[i])
    rows.append(field.add(field.add_const(s, -1), field.mul_const(above, 3)))
    rows.append(blind)
    opened = open_values(rt, field, product_of_rows(rt, field, rows), what="comparison")
    assert opened is not None
    zero = np.asarray(opened == 0, dtype=bool)
    # [C < r] = sign_bit where the product was zero, else 1 − sign_bit
    below = field.add(field.mul(sign_bit, field.from_ints(np.where(zero, 1, -1))),
                      field.from_ints((~zero).astype(np.int64)))
    # b mod 2^m = C − r + 2^m·[C < r], and the top bit of b = a + 2^m is [a ≥ 0]
    low = field.add(field.sub(mk.c_low, mk.r_value), field.mul_const(below, 1 << m))
    top = field.mul_const(field.sub(field.add_const(a, 1 << m), low), field.inverse(1 << m))
    return field.add_const(field.neg(top), 1)


def equals_zero(rt: Runtime, field: PrimeField, a: Elements, bound: int,
                block: int | None = None) -> Elements:
    """Shares of the bits [a_i = 0] for shared a with |a_i| ≤ bound (``block``: elements per
    block, :data:`BLOCK_ELEMENTS` by default)."""
    m = magnitude_bits(bound)
    return _in_blocks(lambda part: _equals_zero(rt, field, part, bound), a, m + 1,
                      np.concatenate, block)


def _equals_zero(rt: Runtime, field: PrimeField, a: Elements, bound: int) -> Elements:
    size = a.shape[0]
    if size == 0:
        return field.zeros(0)
    m = magnitude_bits(bound)
    check_room(rt, field, m, "equality test")
    mk = _masked_open(rt, field, a, m, [], "equality test")
    same = field.add_const(field.neg(_xor_public(field, mk.r_rows.reshape(-1),
                                                 mk.c_bits.reshape(-1))), 1)
    rows = [same[i * size:(i + 1) * size] for i in range(m)]
    return product_of_rows(rt, field, rows)


def bit_decompose(rt: Runtime, field: PrimeField, a: Elements, m: int) -> list[Elements]:
    """Shares of bits 0..m−1 of each a_i, for shared 0 ≤ a_i < 2^m.

    One masked opening c = a + 2^m + r + 2^m·R gives every low part at once:
    a mod 2^k = (c mod 2^k) − (r mod 2^k) + 2^k·[c mod 2^k < r mod 2^k] for k = 1..m−1, the
    m − 1 bitwise comparisons running side by side in one product tree (a term that a shorter
    prefix does not have is 1). Then bit_i = (a mod 2^(i+1) − a mod 2^i) / 2^i.
    """
    def join(blocks: list[list[Elements]]) -> list[Elements]:
        return [np.concatenate([b[i] for b in blocks]) for i in range(m)]

    return _in_blocks(lambda part: _bit_decompose(rt, field, part, m), a, m * m, join, None)


def _bit_decompose(rt: Runtime, field: PrimeField, a: Elements, m: int) -> list[Elements]:
    size = a.shape[0]
    if size == 0 or m == 1:
        return [a] if m == 1 else [field.zeros(0) for _ in range(m)]
    check_room(rt, field, m, "bit decomposition")
    groups = m - 1  # prefixes k = 1..m−1
    mk = _masked_open(rt, field, a, m, [Draw("bit", groups * size),
                                        Draw("element", groups * size)], "bit decomposition")
    sign_bits, blinds = mk.extra
    xors = _xor_public(field, mk.r_rows.reshape(-1), mk.c_bits.reshape(-1)).reshape(m, size)
    prefix = [field.zeros(size)]  # prefix[t] = Σ_{j<t} (r_j ⊕ c_j)
    for i in range(m):
        prefix.append(field.add(prefix[-1], xors[i]))
    s = field.add_const(field.mul_const(sign_bits, -2), 1)  # one random sign per (k, value)
    s_k = [s[(k - 1) * size:k * size] for k in range(1, m)]
    ones = field.add_const(field.zeros(size), 1)
    rows: list[Elements] = []
    for i in range(m - 2, -1, -1):
        parts = []
        for k in range(1, m):
            if i < k:
                # e_i = s + r_i − c_i + 3·Σ_{i<j<k} (r_j ⊕ c_j)
                above = field.sub(prefix[k], prefix[i + 1])
                parts.append(field.add(field.sub(field.add(s_k[k - 1], mk.r_rows[i]),
                                                 field.from_ints(mk.c_bits[i])),
                                       field.mul_const(above, 3)))
            else:
                parts.append(ones)
        rows.append(np.concatenate(parts))
    rows.append(np.concatenate([field.add(field.add_const(s_k[k - 1], -1),
                                          field.mul_const(prefix[k], 3))
                                for k in range(1, m)]))
    rows.append(blinds)
    opened = open_values(rt, field, product_of_rows(rt, field, rows), what="bit decomposition")
    assert opened is not None
    zero = np.asarray(opened == 0, dtype=bool)
    wraps = field.add(field.mul(sign_bits, field.from_ints(np.where(zero, 1, -1))),
                      field.from_ints((~zero).astype(np.int64)))
    c_low = field.to_ints(mk.c_low)
    lows = [field.zeros(size)]  # a mod 2^k for k = 0..m
    for k in range(1, m):
        c_k = field.from_ints(np.array([v % (1 << k) for v in c_low], dtype=object))
        r_k = field.lincomb(mk.r_rows[:k], [1 << i for i in range(k)])
        wrap = wraps[(k - 1) * size:k * size]
        lows.append(field.add(field.sub(c_k, r_k), field.mul_const(wrap, 1 << k)))
    lows.append(a)
    return [field.mul_const(field.sub(lows[i + 1], lows[i]), field.inverse(1 << i))
            for i in range(m)]


def bit_decompose_prefix(rt: Runtime, field: PrimeField, a: Elements, m: int) -> list[Elements]:
    """Shares of bits 0..m−1 of each a_i, for shared 0 ≤ a_i < 2^m, with O(m·log m) products
    (:func:`bit_decompose` multiplies O(m²) values; this is the one for wide ranges).

    The same masked opening gives the public C = c mod 2^m = (a + r) mod 2^m, so
    a = C − r mod 2^m, a subtraction of the shared bits r from public bits: bit i of a is
    C_i ⊕ r_i ⊕ borrow_i. A position generates a borrow when C_i = 0 and r_i = 1 and passes one
    on when C_i = r_i — both linear in r_i, as C is public — and the borrows are the prefix
    combinations (g, p)∘(g', p') = (g + p·g', p·p'), computed Kogge–Stone style: ⌈log2 m⌉
    rounds, then one more for the final XOR.
    """
    size = a.shape[0]
    if size == 0 or m == 1:
        return [a] if m == 1 else [field.zeros(0) for _ in range(m)]
    check_room(rt, field, m, "bit decomposition")
    mk = _masked_open(rt, field, a, m, [], "bit decomposition")
    r_flat = mk.r_rows.reshape(-1)
    c_flat = mk.c_bits.reshape(-1)
    differ = _xor_public(field, r_flat, c_flat)  # C_i ⊕ r_i
    generate = field.mul(r_flat, field.from_ints(1 - c_flat))  # (1 − C_i)·r_i
    propagate = field.add_const(field.neg(differ), 1)
    g = [generate[i * size:(i + 1) * size] for i in range(m)]
    p = [propagate[i * size:(i + 1) * size] for i in range(m)]
    span = 1
    while span < m:
        pairs = [(p[i], g[i - span]) for i in range(span, m)]
        pairs += [(p[i], p[i - span]) for i in range(span, m)]
        products = multiply_many(rt, field, pairs)
        count = m - span
        g = g[:span] + [field.add(g[i], products[i - span]) for i in range(span, m)]
        p = p[:span] + products[count:]
        span *= 2
    # borrow into bit i is the combined generate of bits 0..i−1 (none into bit 0)
    d = [differ[i * size:(i + 1) * size] for i in range(m)]
    both = multiply_many(rt, field, [(d[i], g[i - 1]) for i in range(1, m)])
    bits = [d[0]]
    for i in range(1, m):
        bits.append(field.sub(field.add(d[i], g[i - 1]), field.add(both[i - 1], both[i - 1])))
    return bits
