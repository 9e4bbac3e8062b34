"""Baby Jubjub gadgets against the Python curve arithmetic."""

from __future__ import annotations

import secrets

import pytest

from circuits.crypto import babyjubjub as bj
from circuits.errors import CircuitError, InputError
from circuits.gadgets import babyjubjub as g
from zk.errors import ConstraintError


def _rand_point() -> bj.Point:
    return bj.multiply(bj.BASE8, 1 + secrets.randbelow(bj.SUBORDER - 1))


def test_on_curve_add_double(gadget) -> None:
    def body(c, xs):
        p, q = (xs[0], xs[1]), (xs[2], xs[3])
        g.assert_on_curve(c, p)
        s = g.add(c, p, q)
        d = g.double(c, p)
        g.assert_add(c, p, q, (xs[4], xs[5]))
        return [*s, *d]

    h = gadget(body, 6, 4)
    assert h.constraints == 3 + 6 + 5 + 6
    for _ in range(3):
        p, q = _rand_point(), bj.multiply(bj.GENERATOR, secrets.randbelow(bj.ORDER))
        s = bj.add(p, q)
        assert h.run([*p, *q, *s]) == [*s, *bj.double(p)]
    p, q = _rand_point(), _rand_point()
    with pytest.raises(ConstraintError, match="not on curve"):
        h.run([p[0], p[1] + 1, *q, *bj.add(p, q)])
    with pytest.raises(ConstraintError, match="assert_add"):
        h.run([*p, *q, *bj.add(p, p)])


def test_identity_and_constant_points_are_handled(gadget) -> None:
    h = gadget(lambda c, xs: g.add(c, (xs[0], xs[1]), bj.BASE8), 2, 2)
    assert h.constraints == 3
    assert h.run(list(bj.IDENTITY)) == list(bj.BASE8)


def test_montgomery_conversions_and_formulas(gadget) -> None:
    def body(c, xs):
        p, q = (xs[0], xs[1]), (xs[2], xs[3])
        pm, qm = g.to_montgomery(c, p), g.to_montgomery(c, q)
        return [
            *g.from_montgomery(c, g.mont_add(c, pm, qm)),
            *g.from_montgomery(c, g.mont_double_add(c, pm, qm)),
        ]

    h = gadget(body, 4, 4)
    assert h.constraints == 3 + 3 + 3 + 2 + 5 + 2
    p, q = _rand_point(), _rand_point()
    assert h.run([*p, *q]) == [*bj.add(p, q), *bj.add(bj.double(p), q)]
    with pytest.raises(ConstraintError, match="small order"):
        h.run([0, bj.P - 1, *q])  # the point (0, −1) of order 2
    with pytest.raises(ConstraintError, match="slope"):
        h.run([*p, *bj.negate(p)])  # equal u: the incomplete formula has no slope


@pytest.mark.parametrize("n_bits", [1, 4, 9, 251])
def test_fixed_base_multiplication(gadget, n_bits: int) -> None:
    h = gadget(lambda c, xs: g.scalar_mul_fixed(c, c.to_bits(xs[0], n_bits)), 1, 2)
    assert h.constraints <= n_bits + 2 * n_bits + 16
    for k in {0, 1, (1 << n_bits) - 1, secrets.randbelow(1 << n_bits)}:
        assert h.run([k]) == list(bj.multiply(bj.BASE8, k))


def test_fixed_base_with_offset_and_other_base(gadget) -> None:
    base = bj.multiply(bj.BASE8, 12345)
    offset = _rand_point()
    h = gadget(lambda c, xs: g.scalar_mul_fixed(c, c.to_bits(xs[0], 20), base, offset), 1, 2)
    k = secrets.randbelow(1 << 20)
    assert h.run([k]) == list(bj.add(bj.multiply(base, k), offset))
    with pytest.raises(CircuitError, match="order l"):
        gadget(lambda c, xs: g.scalar_mul_fixed(c, c.to_bits(xs[0], 4), bj.GENERATOR), 1, 2)


def test_variable_base_multiplication(gadget) -> None:
    h = gadget(
        lambda c, xs: g.scalar_mul_any(c, c.to_bits(xs[0], 253), (xs[1], xs[2])), 3, 2
    )
    assert h.constraints == 253 + 6 * 253 + 22
    for k in (0, 1, 2, (1 << 253) - 1, secrets.randbelow(1 << 253)):
        p = _rand_point()
        assert h.run([k, *p]) == list(bj.multiply(p, k))
    with pytest.raises(InputError, match="prime-order subgroup"):
        h.run([5, *bj.GENERATOR])
