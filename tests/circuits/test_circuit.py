"""Circuit classes: declarations, wire order, parameters, inputs and outputs."""

from __future__ import annotations

from pathlib import Path

import pytest

from circuits import Circuit, load_circuit, output, private, public, uint
from circuits.errors import CircuitError, InputError
from zk.field import R


class Sum(Circuit):
    """total = Σ items; the bound is public, the items private."""

    total = output()
    bound = public(uint(40))
    items = private(count="n")

    def define(self, c):
        acc = c.constant(0)
        for item in self.items:
            c.assert_in_range(item, 32)
            acc = acc + item
        c.assert_less_eq(acc, self.bound, 40)
        self.total = acc


def test_wire_order_follows_circom():
    compiled = Sum.compile(n=3)
    r1cs = compiled.r1cs
    assert (r1cs.n_public_outputs, r1cs.n_public_inputs, r1cs.n_private_inputs) == (1, 1, 3)
    assert r1cs.wire_names[:6] == [
        "one",
        "main.total",
        "main.bound",
        "main.items[0]",
        "main.items[1]",
        "main.items[2]",
    ]
    assert compiled.input_names == ["bound", "items"]
    assert compiled.public_names() == ["total", "bound"]


def test_witness_computes_outputs():
    compiled = Sum.compile(n=3)
    w = compiled.witness({"bound": 100, "items": [1, 2, "3"]})
    assert w[:3] == [1, 6, 100]
    compiled.r1cs.check(w)


@pytest.mark.parametrize(
    ("inputs", "message"),
    [
        ({"bound": 100}, "missing input"),
        ({"bound": 100, "items": [1, 2, 3], "extra": 1}, "unknown input"),
        ({"bound": 100, "items": [1, 2]}, "list of 3"),
        ({"bound": "ten", "items": [1, 2, 3]}, "not an integer"),
        ({"bound": str(R), "items": [1, 2, 3]}, r"bound \(public, u40\): .* is not in 0..2\^40−1"),
        ({"bound": -5, "items": [1, 2, 3]}, r"bound \(public, u40\): -5 is not in 0..2\^40−1"),
        ({"bound": 5, "items": [1, -2, 3]}, r"items\[1\] \(private, field\): -2 is not in 0..r−1"),
        ({"bound": 1.5, "items": [1, 2, 3]}, "must be an integer"),
        ([1, 2], "JSON object"),
    ],
)
def test_bad_inputs_are_named(inputs, message):
    with pytest.raises(InputError, match=message):
        Sum.compile(n=3).witness(inputs)


def test_parameters_shape_the_circuit():
    assert Sum.compile(n=2).r1cs.n_constraints < Sum.compile(n=4).r1cs.n_constraints


def test_output_must_be_assigned_once():
    class Forgetful(Circuit):
        out = output()

        def define(self, c):
            pass

    with pytest.raises(CircuitError, match="never assigns"):
        Forgetful.compile()

    class Twice(Circuit):
        out = output()

        def define(self, c):
            self.out = 1
            self.out = 2

    with pytest.raises(CircuitError, match="twice"):
        Twice.compile()


def test_inputs_cannot_be_assigned():
    class Overwrite(Circuit):
        x = private()

        def define(self, c):
            self.x = 3

    with pytest.raises(CircuitError, match="is an input"):
        Overwrite.compile()


def test_load_circuit_from_file_and_module(tmp_path):
    path = tmp_path / "two.py"
    path.write_text(
        "from circuits import Circuit, private\n"
        "class A(Circuit):\n    x = private()\n"
        "    def define(self, c):\n        c.assert_bool(self.x)\n"
        "class B(Circuit):\n    x = private()\n"
        "    def define(self, c):\n        c.assert_zero(self.x)\n"
    )
    assert load_circuit(f"{path}:B").__name__ == "B"
    with pytest.raises(CircuitError, match="exactly one"):
        load_circuit(str(path))
    with pytest.raises(CircuitError, match="not found"):
        load_circuit(str(tmp_path / "missing.py"))
    example = load_circuit(str(Path(__file__).parents[2] / "examples" / "income_below.py"))
    assert example.__name__ == "IncomeBelow"
