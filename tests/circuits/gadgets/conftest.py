"""A harness circuit that runs one gadget on private inputs and exposes its results."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

import pytest

from circuits import Builder, Circuit, CompiledCircuit, output, private


class GadgetHarness(Circuit):
    """Private inputs ``xs`` (n of them) → ``body(c, xs)`` → public outputs ``out`` (m)."""

    xs = private(count="n")
    out = output(count="m")

    def define(self, c: Builder) -> None:
        start = len(c.constraints)
        result = list(self.body(c, self.xs))
        self.gadget_constraints = len(c.constraints) - start
        self.out = result


class Compiled:
    """A compiled harness: run it, read outputs, and know the gadget's own constraint count."""

    def __init__(self, body: Callable[..., Sequence[Any]], n: int, m: int) -> None:
        self.n, self.m = n, m
        self.compiled: CompiledCircuit = GadgetHarness.compile(n=n, m=m, body=body)
        # every output costs one equality constraint in the harness
        self.constraints = self.compiled.r1cs.n_constraints - m

    def run(self, xs: Sequence[int]) -> list[int]:
        witness = self.compiled.witness({"xs": [int(x) for x in xs]})
        return witness[1 : 1 + self.m]


@pytest.fixture
def gadget() -> Callable[..., Compiled]:
    """``gadget(body, n_inputs, n_outputs)`` → a :class:`Compiled` harness."""
    return Compiled
