"""Fixed-point numbers: a real x is stored as the integer round(x·2^f) (f fractional bits).

Sums need nothing new; a product carries 2f fractional bits and is brought back to f by
**probabilistic truncation** (Catrina–Saxena): with a random f-bit r (shared bits) and a large
random R, open c = a + 2^m + r + 2^f·R; then a − ((c mod 2^f) − r) is a multiple of 2^f, off by
at most one unit in the last place, and dividing it by 2^f is a multiplication by a constant.
"""

from __future__ import annotations

from mpc.errors import MpcOverflowError
from mpc.field import Elements, PrimeField
from mpc.protocols.arithmetic import open_values
from mpc.protocols.comparison import magnitude_bits
from mpc.protocols.randomness import Draw, deal
from mpc.runtime import Runtime


def encode(x: float | int, frac_bits: int) -> int:
    """The fixed-point integer for a real (rounded to nearest)."""
    return round(x * (1 << frac_bits))


def truncate(rt: Runtime, field: PrimeField, a: Elements, bound: int, f: int) -> Elements:
    """Shares of ≈ a / 2^f (floor or ceiling, at random) for shared a with |a| ≤ bound."""
    size = a.shape[0]
    if size == 0 or f == 0:
        return a
    m = magnitude_bits(bound)
    high_bits = m + 1 - f + rt.sec_param if m + 1 > f else rt.sec_param
    if (1 << (m + 1)) + (1 << f) + (rt.t + 1) * (1 << (f + high_bits)) >= field.p:
        raise MpcOverflowError(
            f"truncating values up to 2^{m} by {f} bits does not fit the {field.name} field "
            f"with {rt.sec_param}-bit masks; use --field bn254 or fewer fractional bits")
    r_bits, high = deal(rt, field, [Draw("bit", f * size), Draw("int", size, high_bits)])
    r_rows = r_bits.reshape(f, size)
    r_value = field.lincomb(r_rows, [1 << i for i in range(f)])
    masked = field.add(field.add(field.add_const(a, 1 << m), r_value),
                       field.mul_const(high, 1 << f))
    c = open_values(rt, field, masked, what="fixed-point truncation")
    assert c is not None
    c_low = field.from_ints([int(v) % (1 << f) for v in c]) if not field.word else \
        c & ((1 << f) - 1)
    c_low = c_low.astype(field.dtype)
    # a mod 2^f ≈ (c mod 2^f) − r, since 2^m is a multiple of 2^f when m ≥ f
    low = field.sub(c_low, r_value)
    if m < f:
        low = field.sub(low, field.from_ints([(1 << m) % (1 << f)] * size))
    return field.mul_const(field.sub(a, low), field.inverse(1 << f))
