"""The witness program the builder records: every computed wire has exactly one step, hints
carry what they compute, and replaying the steps on plain numbers gives the witness."""

from __future__ import annotations

import pytest

from circuits import Builder, Circuit, compile_circuit, load_circuit, output, private, public
from circuits.gov.examples import EXAMPLES
from circuits.program import BITS, Assign, Hint, HintKind, Product
from circuits.types import field, uint
from zk.field import R


class Mixed(Circuit):
    a = private(uint(16))
    b = private(uint(16))
    k = public(field)
    lt = output()
    sq = output()

    def define(self, c: Builder) -> None:
        self.lt = c.less_than(self.a, self.b, 20)
        self.sq = (self.a + self.k) * (self.a + self.k)


def _replay(compiled, inputs: list[int]) -> list[int]:
    """A plain evaluator of the program (bits hints only), as the shared one works."""
    n_out = sum(s.size for s in compiled.specs if s.kind == "output")
    values: list[int | None] = [None] * compiled.r1cs.n_wires
    values[0] = 1
    values[n_out + 1:n_out + 1 + len(inputs)] = inputs

    def ev(lc) -> int:
        return sum(coeff * values[w] for w, coeff in lc.terms.items()) % R

    for step in compiled.program:
        if isinstance(step, Product):
            values[step.out] = ev(step.a) * ev(step.b) % R
        elif isinstance(step, Assign):
            values[step.out] = ev(step.value)
        else:
            assert step.kind is not None and step.kind.name == BITS
            count, _ = step.kind.params
            arg = ev(step.args[0])
            for i, wire in enumerate(step.outs):
                values[wire] = arg >> i & 1
            assert len(step.outs) == count
    return [0 if v is None else v for v in values]


def test_replaying_the_program_gives_the_witness() -> None:
    compiled = Mixed.compile()
    witness = compiled.witness({"a": 1234, "b": 40_000, "k": 7})
    assert _replay(compiled, [7, 1234, 40_000]) == witness


def test_to_bits_records_what_its_hint_computes() -> None:
    compiled = compile_circuit(Mixed())
    bits = [s for s in compiled.program if isinstance(s, Hint)]
    assert {s.kind for s in bits} == {HintKind(BITS, (20, 21)), HintKind(BITS, (15, 16))}


def test_an_arbitrary_hint_has_no_kind() -> None:
    class Halving(Circuit):
        x = private()

        def define(self, c: Builder) -> None:
            half = c.hint(lambda v: v // 2, self.x, label="halve")
            c.assert_eq(half + half, self.x)

    (step,) = Halving.compile().program
    assert isinstance(step, Hint) and step.kind is None and step.label == "halve"


@pytest.mark.parametrize("name", sorted(EXAMPLES))
def test_every_computed_wire_of_the_ready_circuits_has_one_step(name: str) -> None:
    ref, _ = EXAMPLES[name]
    compiled = load_circuit(ref).compile()
    n_in = sum(s.size for s in compiled.specs)
    n_out = sum(s.size for s in compiled.specs if s.kind == "output")
    made: list[int] = []
    for step in compiled.program:
        made += list(step.outs) if isinstance(step, Hint) else [step.out]
    assert sorted(made) == [*range(1, n_out + 1), *range(n_in + 1, compiled.r1cs.n_wires)]
