"""Bits and integer arithmetic beyond what the :class:`~circuits.Builder` offers.

Constraint counts (n = number of bits, k = number of options):

=================================  ==============================================
``assert_bits_below(bits, bound)``  ≤ n − 1 (one product per bit below the top)
``to_bits_below(a, bound)``         n + (≤ n − 1), n = bit length of ``bound − 1``
``lookup(bits, table)``             constant table of 2^n rows: 2^(n−1) − n products
                                    shared by all columns + 1 per column (0 if n = 1)
``mux(bits, options)``              signal options: 2^n − 1 (a tree of selects)
``mux_index(index, options)``       k + 1 (one-hot decoder), + k for signal options
``divmod_(a, b, bits)``             constant b: bits + 2·⌈log2 b⌉ + 1; signal b: 3·bits + 1
                                    (+ bits when b has no known bound)
``minimum / maximum(a, b, bits)``   bits + 2
=================================  ==============================================
"""

from __future__ import annotations

from collections.abc import Sequence
from itertools import combinations

from circuits.builder import Builder
from circuits.errors import CircuitError
from circuits.signal import Operand, Signal
from zk.field import R

__all__ = [
    "assert_bits_below",
    "divmod_",
    "lookup",
    "maximum",
    "minimum",
    "mux",
    "mux_index",
    "to_bits_below",
]


def _sig(c: Builder, x: Operand) -> Signal:
    return x if isinstance(x, Signal) else c.constant(x)


def assert_bits_below(
    c: Builder, bits: Sequence[Signal], bound: int, label: str | None = None
) -> None:
    """Prove Σ 2^i·bits[i] < ``bound`` for boolean ``bits`` (little-endian) and a constant bound.

    Walks from the top bit keeping ``equal`` (the prefix equals that of bound − 1) and
    ``greater`` (the prefix already exceeds it); where bound − 1 has a 0 bit one product both
    feeds ``greater`` and keeps ``equal``, where it has a 1 bit ``equal`` becomes equal·bit.
    """
    name = label or "bits_below"
    if bound <= 0:
        raise CircuitError(f"{name}: no value is below {bound}")
    limit = bound - 1
    if limit.bit_length() > len(bits):
        return  # every n-bit value is below the bound
    equal: Signal = c.constant(1)
    greater: Signal = c.constant(0)
    for i in range(len(bits) - 1, -1, -1):
        t = c.mul(equal, bits[i], name)
        if limit >> i & 1:
            equal = t
        else:
            greater = greater + t
            equal = equal - t
    c.assert_zero(greater, f"{name}: value must be below {bound}")


def to_bits_below(c: Builder, a: Operand, bound: int, label: str | None = None) -> list[Signal]:
    """Little-endian bits of ``a`` proving 0 ≤ a < ``bound`` (a constant ≤ r)."""
    if not 1 <= bound <= R:
        raise CircuitError(f"bound must be between 1 and r, got {bound}")
    n = max(1, (bound - 1).bit_length())
    name = label or f"below({bound})"
    bits = c.to_bits_strict(a, name) if n > 253 else c.to_bits(a, n, name)
    if bound != 1 << n and bound != R:  # to_bits_strict already proves a < r
        assert_bits_below(c, bits, bound, name)
    return bits


def _monomial_coefficients(table_column: Sequence[int], n: int) -> dict[frozenset[int], int]:
    """The multilinear polynomial in n bits that takes table_column[v] at the bits of v
    (Möbius inversion over subsets): coefficient of Π_{i∈S} b_i."""
    coeffs: dict[frozenset[int], int] = {}
    for mask in range(1 << n):
        subset = frozenset(i for i in range(n) if mask >> i & 1)
        total = 0
        sub = mask
        while True:
            sign = -1 if (bin(mask).count("1") - bin(sub).count("1")) % 2 else 1
            total += sign * table_column[sub]
            if sub == 0:
                break
            sub = (sub - 1) & mask
        if total % R:
            coeffs[subset] = total % R
    return coeffs


def lookup(
    c: Builder, bits: Sequence[Signal], table: Sequence[Sequence[int]], label: str | None = None
) -> list[Signal]:
    """Row ``Σ 2^i·bits[i]`` of a constant table (2^n rows of equal width), for boolean bits.

    Each column is a multilinear polynomial in the bits. Products of the low n − 1 bits are
    made once and shared by every column; each column then costs one product with the top bit.
    """
    n = len(bits)
    if len(table) != 1 << n:
        raise CircuitError(f"a lookup on {n} bits needs {1 << n} rows, got {len(table)}")
    width = len(table[0])
    if any(len(row) != width for row in table):
        raise CircuitError("every row of a lookup table must have the same width")
    name = label or "lookup"
    low = list(bits[: n - 1])
    monomials: dict[frozenset[int], Signal] = {frozenset(): c.constant(1)}
    for i, b in enumerate(low):
        monomials[frozenset([i])] = b
    for size in range(2, len(low) + 1):
        for subset in combinations(range(len(low)), size):
            key = frozenset(subset)
            monomials[key] = c.mul(monomials[key - {subset[-1]}], low[subset[-1]], name)

    def poly(column: Sequence[int], m: int) -> Signal:
        acc = c.constant(0)
        for subset, coeff in _monomial_coefficients(column, m).items():
            acc = acc + monomials[subset].scale(coeff)
        return acc

    half = 1 << (n - 1) if n else 0
    out = []
    for col in range(width):
        column = [row[col] % R for row in table]
        if n == 0:
            out.append(c.constant(column[0]))
            continue
        lo = poly(column[:half], n - 1)
        hi = poly(column[half:], n - 1)
        out.append(lo + c.mul(bits[n - 1], hi - lo, name))
    return out


def mux(
    c: Builder, bits: Sequence[Signal], options: Sequence[Operand], label: str | None = None
) -> Signal:
    """``options[Σ 2^i·bits[i]]`` for boolean bits: a tree of selects (2^n − 1 constraints for
    signal options; a constant table is cheaper with :func:`lookup`)."""
    if len(options) != 1 << len(bits):
        raise CircuitError(f"mux on {len(bits)} bits needs {1 << len(bits)} options")
    level = [_sig(c, o) for o in options]
    for b in bits:
        level = [
            c.select(b, level[i + 1], level[i], label or "mux") for i in range(0, len(level), 2)
        ]
    return level[0]


def mux_index(
    c: Builder, index: Operand, options: Sequence[Operand], label: str | None = None
) -> Signal:
    """``options[index]`` for an index signal, proving 0 ≤ index < len(options).

    A one-hot decoder: hint e_i = [index = i], constrain e_i·(index − i) = 0 for every i and
    Σ e_i = 1. Then every e_i but e_index is 0, and e_index = 1 (an index out of range leaves
    no e_i free, so the sum constraint fails).
    """
    k = len(options)
    if k == 0:
        raise CircuitError("mux_index needs at least one option")
    name = label or "mux_index"
    idx = _sig(c, index)
    onehot = c.hints(lambda v: [int(v == i) for i in range(k)], k, idx, label=f"{name}.onehot")
    for i, e in enumerate(onehot):
        c.assert_product(e, idx - i, 0, f"{name}: one-hot {i}")
    c.assert_eq(sum(onehot[1:], onehot[0]), 1, f"{name}: index out of range")
    acc = c.constant(0)
    for e, opt in zip(onehot, options):
        acc = acc + c.mul(e, opt, name)
    return acc


def divmod_(
    c: Builder, a: Operand, b: Operand, bits: int, label: str | None = None
) -> tuple[Signal, Signal]:
    """Integer division with remainder: (q, rem) with a = q·b + rem and 0 ≤ rem < b, for a
    divisor 0 < b < 2^bits and a quotient below 2^bits (bits ≤ 125). A divisor signal without a
    known bound within ``bits`` is range-checked here.

    q < 2^bits and rem < b < 2^bits keep q·b + rem below 2^250 < r, so the field equation is
    the integer equation and (q, rem) are the true quotient and remainder; a dividend of
    2^bits·b or more has no witness.
    """
    if not 1 <= bits <= 125:
        raise CircuitError(f"divmod_ handles operands of 1 to 125 bits, got {bits}")
    name = label or f"divmod({bits})"
    sa, sb = _sig(c, a), _sig(c, b)
    if sb.is_constant():
        divisor = sb.lc.constant_value()
        if not 0 < divisor < 1 << bits:
            raise CircuitError(f"{name}: the divisor {divisor} is not in 1 … 2^{bits} − 1")
    elif sb.bits is None or sb.bits > bits:
        c.assert_in_range(sb, bits, f"{name}: divisor")
    q, rem = c.hints(
        lambda x, y: [x // y, x % y] if y else _division_by_zero(), 2, sa, sb, label=name
    )
    c.assert_in_range(q, bits, f"{name}: quotient")
    if sb.is_constant():
        to_bits_below(c, rem, divisor, f"{name}: remainder below divisor")
        c.assert_eq(q.scale(divisor) + rem, sa, f"{name}: a = q·b + rem")
    else:
        c.assert_in_range(rem, bits, f"{name}: remainder")
        c.assert_less_than(rem, sb, bits, f"{name}: remainder below divisor")
        c.assert_product(q, sb, sa - rem, f"{name}: a = q·b + rem")
    return q, rem


def _division_by_zero() -> list[int]:
    raise ZeroDivisionError("integer division by zero")


def minimum(c: Builder, a: Operand, b: Operand, bits: int, label: str | None = None) -> Signal:
    """min(a, b) for a, b known to lie in 0..2^bits − 1 (bits + 2 constraints)."""
    lt = c.less_than(a, b, bits, label or "minimum")
    return c.select(lt, a, b, label or "minimum")


def maximum(c: Builder, a: Operand, b: Operand, bits: int, label: str | None = None) -> Signal:
    """max(a, b) for a, b known to lie in 0..2^bits − 1 (bits + 2 constraints)."""
    lt = c.less_than(a, b, bits, label or "maximum")
    return c.select(lt, b, a, label or "maximum")
