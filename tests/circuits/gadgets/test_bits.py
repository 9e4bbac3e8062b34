"""Bit-level gadgets: bounds, lookups, multiplexers, division, min/max."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from circuits.errors import CircuitError, InputError
from circuits.gadgets import bits as B
from zk.errors import ConstraintError

BOUND = 1000  # 10 bits, limit 999 = 0b1111100111


def test_to_bits_below_accepts_exactly_the_values_below(gadget) -> None:
    h = gadget(lambda c, xs: [c.from_bits(B.to_bits_below(c, xs[0], BOUND))], 1, 1)
    assert h.constraints <= 2 * 10
    for v in (0, 1, 511, 998, 999):
        assert h.run([v]) == [v]
    for v in (1000, 1001, 1023):
        with pytest.raises(ConstraintError, match="below 1000"):
            h.run([v])
    with pytest.raises(ConstraintError):
        h.run([1024])


@settings(max_examples=20, deadline=None)
@given(st.integers(2, 2**40), st.integers(0, 2**40))
def test_bits_below_random_bounds(bound: int, value: int) -> None:
    from tests.circuits.gadgets.conftest import Compiled

    n = (bound - 1).bit_length()
    h = Compiled(lambda c, xs: [c.from_bits(B.to_bits_below(c, xs[0], bound))], 1, 1)
    if value < bound:
        assert h.run([value]) == [value]
    elif value < 2**n:
        with pytest.raises(ConstraintError):
            h.run([value])


def test_to_bits_below_r_is_strict(gadget) -> None:
    from zk.field import R

    h = gadget(lambda c, xs: [c.from_bits(B.to_bits_below(c, xs[0], R))], 1, 1)
    assert h.run([R - 1]) == [R - 1]


def test_lookup_returns_the_row_and_shares_products(gadget) -> None:
    table = [[i * 7 + 1, i * i, 5, (i * 12345) ** 3] for i in range(8)]
    h = gadget(_lookup_body(table), 3, 4)
    # 3 booleanity checks, one shared product b0·b1, at most one product per column (a column
    # whose top half differs from its bottom half by a constant needs none)
    assert h.constraints == 3 + 1 + 2
    for v in range(8):
        assert h.run([v & 1, v >> 1 & 1, v >> 2]) == table[v]


def _lookup_body(table):
    def body(c, xs):
        for x in xs:
            c.assert_bool(x)
        return B.lookup(c, list(xs), table)

    return body


def test_lookup_on_one_and_four_bits(gadget) -> None:
    one = gadget(_lookup_body([[4], [9]]), 1, 1)
    assert one.constraints == 1  # only the booleanity check
    assert one.run([0]) == [4] and one.run([1]) == [9]
    table = [[v * 3 % 11] for v in range(16)]
    four = gadget(_lookup_body(table), 4, 1)
    for v in range(16):
        assert four.run([v >> i & 1 for i in range(4)]) == table[v]


def test_mux_and_mux_index(gadget) -> None:
    h = gadget(lambda c, xs: [B.mux(c, xs[:2], xs[2:])], 6, 1)
    assert h.constraints == 3
    assert h.run([1, 1, 10, 11, 12, 13]) == [13]
    assert h.run([0, 1, 10, 11, 12, 13]) == [12]
    m = gadget(lambda c, xs: [B.mux_index(c, xs[0], [100, 200, 300, 400, xs[1]])], 2, 1)
    assert m.run([2, 0]) == [300]
    assert m.run([4, 77]) == [77]
    with pytest.raises(ConstraintError, match="index out of range"):
        m.run([5, 0])


@settings(max_examples=25, deadline=None)
@given(st.integers(0, 2**32 - 1), st.integers(1, 2**32 - 1))
def test_divmod_with_signal_and_constant_divisors(a: int, b: int) -> None:
    from tests.circuits.gadgets.conftest import Compiled

    var = Compiled(lambda c, xs: list(B.divmod_(c, xs[0], xs[1], 32)), 2, 2)
    assert var.run([a, b]) == [a // b, a % b]
    const = Compiled(lambda c, xs: list(B.divmod_(c, xs[0], 1000, 32)), 1, 2)
    assert const.run([a]) == [a // 1000, a % 1000]


def test_divmod_rejects_lies_and_zero(gadget) -> None:
    h = gadget(lambda c, xs: list(B.divmod_(c, xs[0], xs[1], 16)), 2, 2)
    with pytest.raises(InputError, match="division by zero"):
        h.run([5, 0])
    with pytest.raises(ConstraintError, match="quotient"):
        h.run([2**20, 1])  # quotient does not fit in 16 bits
    with pytest.raises(CircuitError, match="divisor"):
        gadget(lambda c, xs: list(B.divmod_(c, xs[0], 0, 16)), 1, 2)


def test_minimum_and_maximum(gadget) -> None:
    def body(c, xs):
        for x in xs:
            c.assert_in_range(x, 16)
        return [B.minimum(c, *xs, 16), B.maximum(c, *xs, 16)]

    h = gadget(body, 2, 2)
    assert h.constraints == 2 * 16 + 2 * (16 + 2)  # two range checks, then the gadgets
    assert h.run([5, 9]) == [5, 9]
    assert h.run([9, 5]) == [5, 9]
    assert h.run([7, 7]) == [7, 7]
