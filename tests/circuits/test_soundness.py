"""Soundness by default: the cases of issue 16's "Why", and every comparison checked on the
R1CS itself (not the witness generator) at the edge widths 1, 32, 64, 251 and 252.

``find_assignment`` plays the cheating prover: inputs (and a claimed output) fixed, it looks
for values of every other wire that satisfy all constraints.
"""

from __future__ import annotations

import functools

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from circuits import Circuit, field, output, private, public, u64, uint
from circuits.analysis import find_assignment
from circuits.diagnostics import StatementError
from circuits.errors import CircuitError, InputError
from circuits.gadgets import bits as B
from zk.field import R

WIDTHS = (1, 32, 64, 251, 252)

# --- the cases under "Why" -------------------------------------------------------------------


def test_less_than_on_untyped_operands_is_refused_at_compile_time():
    class Claim(Circuit):
        threshold = public()
        income = private()

        def define(self, c):
            ok = c.less_than(self.income, self.threshold, bits=64)
            c.assert_eq(ok, 1)

    with pytest.raises(CircuitError, match=r"left operand 'income' .* private\(u64\)"):
        Claim.compile()


class TypedClaim(Circuit):
    threshold = public(u64)
    income = private(u64)

    def define(self, c):
        ok = c.less_than(self.income, self.threshold, bits=64)
        c.assert_eq(ok, 1)


@pytest.mark.parametrize("income", [-5, R - (1 << 63), 1 << 64, R - 1])
def test_a_negative_or_wrapped_income_has_no_assignment_in_the_r1cs(income):
    compiled = TypedClaim.compile()
    with pytest.raises(InputError, match=r"income \(private, u64\): .* is not in 0..2\^64−1"):
        compiled.witness({"threshold": 30000, "income": income})
    # wires 1, 2 = threshold, income: a cheater writes r − 5 for −5
    assert find_assignment(compiled.r1cs, {1: 30000, 2: income % R}).status == "none"
    assert find_assignment(compiled.r1cs, {1: 30000, 2: 21500}).status == "found"


@pytest.mark.parametrize(
    "method", ["assert_less_than", "assert_less_eq", "assert_greater_eq", "less_than"]
)
def test_comparisons_wider_than_252_bits_are_refused(method):
    class Wide(Circuit):
        a = private(uint(253))
        b = private(uint(253))

        def define(self, c):
            getattr(c, method)(self.a, self.b, 253)

    with pytest.raises(CircuitError, match="at most 252 bits"):
        Wide.compile()


def test_division_proves_its_divisor_non_zero():
    class Quotient(Circuit):
        a = private(field)
        b = private(field)
        q = output()

        def define(self, c):
            self.q = c.div(self.a, self.b)

    compiled = Quotient.compile()
    # wires: 1 = q, 2 = a, 3 = b; 0 / 0 has no assignment at all, whatever q claims
    for q in (0, 1, 12345):
        assert find_assignment(compiled.r1cs, {1: q, 2: 0, 3: 0}).status == "none"
    assert find_assignment(compiled.r1cs, {1: 4, 2: 12, 3: 3}).status == "found"
    assert find_assignment(compiled.r1cs, {1: 5, 2: 12, 3: 3}).status == "none"
    with pytest.raises(StatementError, match="divisor must not be zero"):
        compiled.witness({"a": 0, "b": 0})


def test_the_unchecked_division_says_what_it_leaves_open():
    class Loose(Circuit):
        a = private(field)
        b = private(field)
        q = output()

        def define(self, c):
            self.q = c.div_unchecked(self.a, self.b)

    r1cs = Loose.compile().r1cs
    assert find_assignment(r1cs, {1: 12345, 2: 0, 3: 0}).status == "found"


def test_no_constraint_and_unused_inputs_are_reported():
    class Nothing(Circuit):
        x = private(field)

        def define(self, c):
            pass

    class Ignores(Circuit):
        x = private(u64)
        y = private(field)
        z = private()

        def define(self, c):
            c.assert_eq(self.x, 3)

    assert [f.kind for f in Nothing.compile().findings()] == ["no-constraints", "unused-input"]
    kinds = {(f.kind, f.signal) for f in Ignores.compile().findings()}
    assert ("unused-input", "main.y") in kinds
    assert ("unused-input", "main.z") in kinds
    assert ("untyped-input", "z") in kinds
    assert not any(s == "main.x" for _, s in kinds)  # x is used (and range-checked)


def test_a_failed_statement_names_the_line_and_the_inputs():
    compiled = TypedClaim.compile()
    with pytest.raises(StatementError) as info:
        compiled.witness({"threshold": 30000, "income": 40000})
    message = str(info.value)
    assert "test_soundness.py:" in message
    assert "c.less_than(self.income, self.threshold, bits=64)" in message or (
        "c.assert_eq(ok, 1)" in message
    )
    assert "income = 40000" in message and "threshold = 30000" in message


def test_signed_inputs_show_negative_values():
    from circuits import i32

    class Balance(Circuit):
        balance = private(i32)

        def define(self, c):
            c.assert_in_range(self.balance + (1 << 31), 32)
            c.assert_eq(self.balance, 7)

    with pytest.raises(StatementError, match="balance = -12"):
        Balance.compile().witness({"balance": -12})
    with pytest.raises(InputError, match=r"balance \(private, i32\): -2147483649 is not in"):
        Balance.compile().witness({"balance": -(1 << 31) - 1})


# --- every comparison, on the R1CS, at the edge widths ---------------------------------------

PREDICATES = {
    "less_than": lambda a, b: a < b,
    "less_eq": lambda a, b: a <= b,
    "greater_than": lambda a, b: a > b,
    "greater_eq": lambda a, b: a >= b,
}
ASSERTIONS = {
    "assert_less_than": lambda a, b: a < b,
    "assert_less_eq": lambda a, b: a <= b,
    "assert_greater_than": lambda a, b: a > b,
    "assert_greater_eq": lambda a, b: a >= b,
}
SELECTIONS = {"minimum": min, "maximum": max}


@functools.cache
def _circuit(method: str, bits: int):
    class Compare(Circuit):
        out = output()
        a = private(uint(bits))
        b = private(uint(bits))

        def define(self, c):
            if method in SELECTIONS:
                self.out = getattr(B, method)(c, self.a, self.b, bits)
            elif method in PREDICATES:
                self.out = getattr(c, method)(self.a, self.b, bits)
            else:
                getattr(c, method)(self.a, self.b, bits)
                self.out = c.constant(1)

    return Compare.compile().r1cs


def _claims(method: str, a: int, b: int) -> tuple[int | None, list[int]]:
    """(the true output or None when the relation is false, outputs that must be refused)"""
    if method in SELECTIONS:
        true = SELECTIONS[method](a, b)
        return true, [x for x in {a, b, true + 1, (true - 1) % R} if x != true]
    if method in PREDICATES:
        true = int(PREDICATES[method](a, b))
        return true, [1 - true, 2]
    return (1, []) if ASSERTIONS[method](a, b) else (None, [1])


def _check(method: str, bits: int, a: int, b: int) -> None:
    r1cs = _circuit(method, bits)
    true, false_claims = _claims(method, a, b)
    for claim in false_claims:  # wires: 1 = out, 2 = a, 3 = b
        assert find_assignment(r1cs, {1: claim % R, 2: a, 3: b}).status == "none", (claim, a, b)
    if true is not None:
        assert find_assignment(r1cs, {1: true, 2: a, 3: b}).status == "found", (a, b)


METHODS = [*PREDICATES, *ASSERTIONS, *SELECTIONS]


def _edge_pairs(bits: int) -> list[tuple[int, int]]:
    """Every pair at width 1; the extremes and their neighbours at 32 and 64; the pairs where
    a wrapped difference would show at 251 and 252."""
    top = (1 << bits) - 1
    if bits == 1:
        return [(a, b) for a in (0, 1) for b in (0, 1)]
    if bits <= 64:
        values = (0, 1, top - 1, top)
        return [(a, b) for a in values for b in values]
    half = 1 << (bits - 1)
    return [(top, 0), (0, top), (top, top), (top, top - 1), (half, half - 1), (0, 0)]


@pytest.mark.parametrize("method", METHODS)
@pytest.mark.parametrize("bits", WIDTHS)
def test_comparisons_hold_on_the_r1cs_at_edge_values(method, bits):
    for a, b in _edge_pairs(bits):
        _check(method, bits, a, b)


@pytest.mark.parametrize("method", METHODS)
@pytest.mark.parametrize("bits", WIDTHS)
def test_operands_outside_their_width_have_no_assignment(method, bits):
    r1cs = _circuit(method, bits)
    for a, b in ((1 << bits, 0), (0, 1 << bits), (R - 1, 0), (0, R - 1)):
        for claim in (0, 1):
            assert find_assignment(r1cs, {1: claim, 2: a, 3: b}).status == "none"


@settings(max_examples=40, deadline=None)
@given(
    st.sampled_from(METHODS),
    st.sampled_from((32, 64, 251, 252)),
    st.data(),
)
def test_comparisons_hold_on_the_r1cs_for_random_operands(method, bits, data):
    top = (1 << bits) - 1
    a = data.draw(st.integers(0, top))
    near = st.sampled_from([a, max(a - 1, 0), min(a + 1, top)])
    b = data.draw(st.one_of(st.integers(0, top), near))
    _check(method, bits, a, b)


def test_the_search_finds_the_old_253_bit_hole():
    """What ``assert_less_than(bits=253)`` used to build: b − a − 1 decomposed into 253 bits.
    For a = 2^253 − 1, b = 0 that difference is r − 2^253 < 2^253, so a false "a < b" has an
    assignment — and the search must find it (it is not vacuous)."""

    class Old(Circuit):
        a = private(uint(253))
        b = private(uint(253))

        def define(self, c):
            c.to_bits(self.b - self.a - 1, 253)

    r1cs = Old.compile().r1cs
    found = find_assignment(r1cs, {1: (1 << 253) - 1, 2: 0})
    assert found.status == "found" and r1cs.is_satisfied(found.witness)
