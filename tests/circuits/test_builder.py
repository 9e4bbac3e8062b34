"""The Builder's operations: what they constrain, what they cost, what they refuse."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from circuits import Circuit, output, private, public, u8, u16, u32
from circuits.errors import CircuitError, InputError
from zk.errors import ConstraintError
from zk.field import R


def run(define, inputs: dict, **decls):
    """Compile a one-off circuit with the given declarations and compute its witness."""
    cls = type("Probe", (Circuit,), {**decls, "define": define})
    compiled = cls.compile()
    return compiled, compiled.witness(inputs)


def test_linear_operations_cost_nothing():
    def define(self, c):
        self.out = (3 * self.x + self.y - 2) / 5 - (-self.x)

    compiled, w = run(define, {"x": 10, "y": 4}, out=output(), x=private(), y=private())
    # the only constraint binds the output
    assert compiled.r1cs.n_constraints == 1
    assert w[1] == ((3 * 10 + 4 - 2) * pow(5, -1, R) + 10) % R


def test_multiplication_costs_one_constraint_each():
    def define(self, c):
        self.out = self.x * self.y * self.x

    compiled, w = run(define, {"x": 3, "y": 5}, out=output(), x=private(), y=private())
    assert compiled.r1cs.n_constraints == 3
    assert w[1] == 45


def test_to_bits_costs_n_and_rejects_values_that_do_not_fit():
    def define(self, c):
        bits = c.to_bits(self.x, 8)
        self.out = c.from_bits(bits)

    compiled, w = run(define, {"x": 200}, out=output(), x=private())
    assert compiled.r1cs.n_constraints == 8 + 1
    assert w[1] == 200
    with pytest.raises(ConstraintError, match="must be below 2\\^8"):
        compiled.witness({"x": 256})


@settings(max_examples=40, deadline=None)
@given(st.integers(0, 255), st.integers(0, 255))
def test_less_than_matches_python(a, b):
    def define(self, c):
        self.out = c.less_than(self.a, self.b, 8)

    compiled, w = run(define, {"a": a, "b": b}, out=output(), a=private(u8), b=private(u8))
    assert w[1] == int(a < b)


def test_comparison_costs_match_circomlib():
    def define(self, c):
        self.out = c.less_than(self.a, self.b, 32)

    compiled, _ = run(define, {"a": 1, "b": 2}, out=output(), a=private(u32), b=private(u32))
    # LessThan(32) = n+1, plus the output binding, plus the two inputs' u32 range checks
    assert compiled.r1cs.n_constraints == 33 + 1 + 2 * 32


@pytest.mark.parametrize(
    ("method", "a", "b", "holds"),
    [
        ("assert_less_than", 3, 4, True),
        ("assert_less_than", 4, 4, False),
        ("assert_less_eq", 4, 4, True),
        ("assert_less_eq", 5, 4, False),
        ("assert_greater_eq", 4, 4, True),
        ("assert_greater_eq", 3, 4, False),
        ("assert_less_than", R - 1, 4, False),  # −1 is not a small number
        ("assert_less_than", -1, 4, False),
    ],
)
def test_assertions_on_order(method, a, b, holds):
    def define(self, c):
        getattr(c, method)(self.a, self.b, 16)

    cls = type("Probe", (Circuit,), {"a": private(u16), "b": private(u16), "define": define})
    compiled = cls.compile()
    if holds:
        compiled.witness({"a": a, "b": b})
    else:
        with pytest.raises((ConstraintError, InputError)):
            compiled.witness({"a": a, "b": b})


@pytest.mark.parametrize("x", [0, 1, 5, R - 1])
def test_is_zero_and_is_equal(x):
    def define(self, c):
        self.z = c.is_zero(self.x)
        self.e = c.is_equal(self.x, 5)

    compiled, w = run(define, {"x": x}, z=output(), e=output(), x=private())
    assert w[1:3] == [int(x == 0), int(x == 5)]


def test_select_and_assert_bool():
    def define(self, c):
        c.assert_bool(self.flag)
        self.out = c.select(self.flag, self.a, self.b)

    compiled, w = run(
        define,
        {"flag": 1, "a": 10, "b": 20},
        out=output(),
        flag=private(),
        a=private(),
        b=private(),
    )
    assert w[1] == 10
    assert compiled.witness({"flag": 0, "a": 10, "b": 20})[1] == 20
    with pytest.raises(ConstraintError, match="assert_bool"):
        compiled.witness({"flag": 2, "a": 10, "b": 20})


def test_division_by_signal_and_by_zero():
    def define(self, c):
        self.out = c.div(self.a, self.b)

    compiled, w = run(define, {"a": 10, "b": 4}, out=output(), a=private(), b=private())
    assert w[1] * 4 % R == 10
    with pytest.raises(ConstraintError, match="divisor must not be zero"):
        compiled.witness({"a": 1, "b": 0})
    with pytest.raises(ConstraintError, match="divisor must not be zero"):
        compiled.witness({"a": 0, "b": 0})


def test_strict_bits_reject_the_non_canonical_decomposition():
    def define(self, c):
        c.to_bits_strict(self.x)

    cls = type("Probe", (Circuit,), {"x": private(), "define": define})
    compiled = cls.compile()
    assert compiled.r1cs.n_constraints <= 515  # circomlib Num2Bits_strict
    witness = compiled.witness({"x": 5})
    # forge the bits of 5 + r (a 254-bit number that also recomposes to 5 mod r)
    alias = 5 + R
    bit_wires = [i for i, name in enumerate(compiled.r1cs.wire_names) if "to_bits_strict[" in name]
    forged = list(witness)
    for i, wire in enumerate(bit_wires):
        forged[wire] = alias >> i & 1
    failing = compiled.r1cs.first_unsatisfied(forged)
    assert failing is not None and "below r" in compiled.r1cs.constraints[failing].label


def test_hints_must_be_constrained_by_the_caller():
    def define(self, c):
        sq = c.hint(lambda v: v * v, self.x, label="square")
        c.assert_product(self.x, self.x, sq, "square check")
        self.out = sq

    compiled, w = run(define, {"x": 9}, out=output(), x=private())
    assert w[1] == 81
    assert any(con.label == "square check" for con in compiled.r1cs.constraints)


def test_labels_nest():
    def define(self, c):
        with c.label("outer"), c.label("inner"):
            c.assert_eq(self.x, 1, "one")

    cls = type("Probe", (Circuit,), {"x": private(), "define": define})
    compiled = cls.compile()
    assert compiled.r1cs.constraints[0].label == "outer/inner/one"
    with pytest.raises(ConstraintError, match="outer/inner/one"):
        compiled.witness({"x": 2})


def test_signals_have_no_truth_value():
    def define(self, c):
        if self.x:
            pass

    cls = type("Probe", (Circuit,), {"x": private(), "define": define})
    with pytest.raises(CircuitError, match="truth value"):
        cls.compile()


def test_public_inputs_and_constants_combine():
    def define(self, c):
        self.out = self.x + 1

    compiled, w = run(define, {"x": 41}, out=output(), x=public())
    assert compiled.public_names() == ["out", "x"]
    assert w[1:3] == [42, 41]
