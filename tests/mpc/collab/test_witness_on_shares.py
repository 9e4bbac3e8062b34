"""The witness computed on shares is the plain witness, for every kind of step the program
has; circuits with steps that cannot run on shares are refused before any round."""

from __future__ import annotations

from typing import Any

import pytest

from circuits import Builder, Circuit, compile_circuit, output, private, public
from circuits.gov.committed_range import CommittedValueInRange
from circuits.gov.examples import committed_value_in_range, joint_income_below
from circuits.gov.joint_income import JointIncomeBelow
from circuits.types import uint
from mpc.collab.inputs import agree_layout, exchange_manifests, parse_own_inputs, share_inputs
from mpc.collab.witness import check_program, witness_shares
from mpc.errors import MpcUnsupportedError
from mpc.field import field_by_name
from mpc.session import run_local
from mpc.shamir import lagrange_coefficients
from zk.field import R

BN254 = field_by_name("bn254")


class Arithmetic(Circuit):
    """Products, constants, an output assigned from a product of products."""

    x = private()
    y = private()
    k = public()
    out = output()

    def define(self, c: Builder) -> None:
        z = self.x * self.y + 7
        self.out = z * z * self.k - self.x


class Comparisons(Circuit):
    """Every comparison of the builder (each one a bit decomposition)."""

    a = private(uint(32))
    b = private(uint(32))
    lt = output()
    ge = output()

    def define(self, c: Builder) -> None:
        self.lt = c.less_than(self.a, self.b, 40)
        self.ge = c.greater_eq(self.a, self.b, 32)
        c.assert_less_eq(self.a, 1 << 39, 41)
        bits = c.to_bits(self.b, 20)
        c.assert_eq(c.from_bits(bits), self.b)


class OpaqueHint(Circuit):
    x = private()
    out = output()

    def define(self, c: Builder) -> None:
        half = c.hint(lambda v: v // 2, self.x, label="halve")
        c.assert_eq(half + half, self.x)
        self.out = half


class StrictBits(Circuit):
    x = private()

    def define(self, c: Builder) -> None:
        c.to_bits_strict(self.x)


def shared_witness(compiled: Any, parts: list[dict[str, Any]]) -> list[int]:
    def party(rt: Any, mine: dict[str, Any]) -> list[int]:
        own = parse_own_inputs(compiled, mine, BN254)
        layout = agree_layout(compiled, exchange_manifests(rt, own))
        return witness_shares(rt, BN254, compiled, share_inputs(rt, BN254, compiled, own, layout))

    shares = run_local(party, n=3, field="bn254", party_args=parts)
    lam = lagrange_coefficients(R, (1, 2, 3))
    return [sum(k * s[i] for k, s in zip(lam, shares)) % R for i in range(len(shares[0]))]


@pytest.mark.parametrize(("circuit", "parts"), [
    (Arithmetic(), [{"x": 5}, {"y": 9}, {"k": 3}]),
    (Comparisons(), [{"a": 123_456_789}, {"b": 40_000}, {}]),
    (Comparisons(), [{"a": 7}, {"b": 7}, {}]),
    (CommittedValueInRange(), [
        {k: v for k, v in committed_value_in_range().items() if k in ("value", "blinding")},
        {k: v for k, v in committed_value_in_range().items() if k == "commitment"},
        {k: v for k, v in committed_value_in_range().items() if k in ("lower", "upper")}]),
])
def test_witness_on_shares_equals_the_plain_witness(circuit: Circuit, parts: list) -> None:
    compiled = compile_circuit(circuit)
    joint = {k: v for p in parts for k, v in p.items()}
    assert shared_witness(compiled, parts) == compiled.witness(joint)


def test_gov_example_witness_on_shares() -> None:
    from circuits.gov.joint_income import split_by_department

    compiled = JointIncomeBelow.compile()
    inputs = joint_income_below()
    parts = list(split_by_department(inputs).values())
    assert shared_witness(compiled, parts) == compiled.witness(inputs)


def test_an_arbitrary_python_hint_is_refused_by_name() -> None:
    with pytest.raises(MpcUnsupportedError, match=r"halve.*cannot be computed on secret shares"):
        check_program(OpaqueHint.compile())


def test_a_decomposition_too_wide_to_mask_is_refused() -> None:
    compiled = StrictBits.compile()
    check_program(compiled)  # a bits hint as such is fine …

    def party(rt: Any) -> None:
        check_program(compiled, rt, BN254)  # … but 254 bits do not fit the masks

    with pytest.raises(MpcUnsupportedError, match="254-bit value, too wide"):
        run_local(party, n=3, field="bn254")


def test_a_wire_outside_the_program_is_refused() -> None:
    class RawWire(Circuit):
        x = private()

        def define(self, c: Builder) -> None:
            w = c.new_wire("raw", None if self.x.value is None else self.x.value + 1)
            c.assert_eq(w, self.x + 1)

    with pytest.raises(MpcUnsupportedError, match="outside the witness program"):
        check_program(RawWire.compile())
