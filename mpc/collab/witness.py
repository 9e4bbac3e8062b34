"""The circuit's witness computed on Shamir shares, by replaying its witness program.

The builder records how every wire gets its value (:mod:`circuits.program`); this module runs
those steps on shares instead of plain numbers:

* a linear combination is local (the share of the constant wire is 1 at every party);
* a product is one multiplication with degree reduction (:mod:`mpc.protocols.arithmetic`);
* a ``bits`` hint — every range check and comparison — is a bit decomposition of a value the
  circuit bounds (:func:`mpc.protocols.comparison.bit_decompose_prefix`: one masked opening,
  then a borrow chain as a parallel prefix, O(m·log m) products for m bits).

Steps are grouped by multiplicative depth, so all products (and all bit decompositions of
one width) at the same depth share one round however many there are. A hint written as an
arbitrary Python function cannot be computed on shares; :func:`check_program` refuses such
a circuit before any party connects.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field

import numpy as np

from circuits.circuit import CompiledCircuit
from circuits.program import BITS, Assign, Hint, Product, Step
from mpc.errors import MpcOverflowError, MpcUnsupportedError
from mpc.field import PrimeField
from mpc.protocols.arithmetic import multiply
from mpc.protocols.comparison import bit_decompose_prefix, check_room
from mpc.runtime import Runtime
from zk.r1cs import LinearCombination


@dataclass
class _Level:
    """The steps of one multiplicative depth."""

    products: list[Product] = field(default_factory=list)
    bits: dict[int, list[Hint]] = field(default_factory=lambda: defaultdict(list))
    assigns: list[Assign] = field(default_factory=list)


def input_wire_count(compiled: CompiledCircuit) -> int:
    """Wires 1 … this count are the outputs, public inputs and private inputs, in order."""
    return sum(s.size for s in compiled.specs)


def check_program(compiled: CompiledCircuit, rt: Runtime | None = None,
                  field_: PrimeField | None = None) -> None:
    """Raise :class:`MpcUnsupportedError` unless every wire of ``compiled`` can be computed
    on shares (and, given a runtime and field, every bit decomposition fits the field)."""
    n_in = input_wire_count(compiled)
    n_out = sum(s.size for s in compiled.specs if s.kind == "output")
    made: set[int] = set(range(n_out + 1, n_in + 1))
    for step in compiled.program:
        outs = step.outs if isinstance(step, Hint) else (step.out,)
        if isinstance(step, Hint):
            if step.kind is None or step.kind.name != BITS:
                raise MpcUnsupportedError(
                    f"{compiled.name}: hint {step.label!r} is an arbitrary Python function, "
                    "which cannot be computed on secret shares (collaborative proving supports "
                    "products, range checks, comparisons and Poseidon)")
            if rt is not None and field_ is not None:
                _check_width(rt, field_, step)
        made.update(outs)
    missing = [w for w in range(1, compiled.r1cs.n_wires) if w not in made]
    if missing:
        name = compiled.wire_names[missing[0]] if compiled.wire_names else f"#{missing[0]}"
        raise MpcUnsupportedError(
            f"{compiled.name}: wire {name} gets its value outside the witness program "
            "(allocated with new_wire), so it cannot be computed on shares")


def _check_width(rt: Runtime, field_: PrimeField, hint: Hint) -> None:
    assert hint.kind is not None
    try:
        check_room(rt, field_, hint.kind.params[1], "bit decomposition")
    except MpcOverflowError as exc:
        raise MpcUnsupportedError(
            f"hint {hint.label!r} decomposes a {hint.kind.params[1]}-bit value, too wide to "
            f"mask in the {field_.name} field with {rt.sec_param}-bit statistical security "
            "(collaborative proving decomposes values of up to about 220 bits)") from exc


def _levels(program: Sequence[Step], n_wires: int) -> list[_Level]:
    depth = [0] * n_wires

    def of(lcs: Sequence[LinearCombination]) -> int:
        return max((depth[w] for lc in lcs for w in lc.terms), default=0)

    levels: dict[int, _Level] = defaultdict(_Level)
    for step in program:
        if isinstance(step, Product):
            d = of((step.a, step.b)) + 1
            levels[d].products.append(step)
            depth[step.out] = d
        elif isinstance(step, Hint):
            d = of(step.args) + 1
            assert step.kind is not None
            levels[d].bits[step.kind.params[1]].append(step)
            for w in step.outs:
                depth[w] = d
        else:
            d = of((step.value,))
            levels[d].assigns.append(step)
            depth[step.out] = d
    return [levels[d] for d in sorted(levels)]


def _value(lc: LinearCombination, shares: list[int | None], p: int) -> int:
    total = 0
    for wire, coeff in lc.terms.items():
        share = shares[wire]
        assert share is not None, "witness program out of order"
        total += coeff * share
    return total % p


def witness_shares(rt: Runtime, field_: PrimeField, compiled: CompiledCircuit,
                   inputs: Sequence[int]) -> list[int]:
    """This party's shares of the full witness, from its shares of the public and private
    inputs (in wire order, after the outputs). Wire 0, the constant, has the share 1."""
    check_program(compiled, rt, field_)
    n_out = sum(s.size for s in compiled.specs if s.kind == "output")
    p = field_.p
    shares: list[int | None] = [None] * compiled.r1cs.n_wires
    shares[0] = 1
    shares[n_out + 1:n_out + 1 + len(inputs)] = [int(v) % p for v in inputs]
    for level in _levels(compiled.program, compiled.r1cs.n_wires):
        if level.products:
            a = np.array([_value(s.a, shares, p) for s in level.products], dtype=object)
            b = np.array([_value(s.b, shares, p) for s in level.products], dtype=object)
            for step, v in zip(level.products, multiply(rt, field_, a, b)):
                shares[step.out] = int(v)
        for bound, hints in sorted(level.bits.items()):
            values = np.array([_value(h.args[0], shares, p) for h in hints], dtype=object)
            bits = bit_decompose_prefix(rt, field_, values, bound)
            for k, hint in enumerate(hints):
                for i, wire in enumerate(hint.outs):
                    shares[wire] = int(bits[i][k])
        for step in level.assigns:
            shares[step.out] = _value(step.value, shares, p)
    return [0 if s is None else s for s in shares]
