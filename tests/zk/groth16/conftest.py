"""Circuits and keys shared by the Groth16 tests."""

from __future__ import annotations

import warnings

import pytest

from circuits import Circuit, output, private, public
from zk import groth16
from zk.curve import available_backends, get_backend


class Chain(Circuit):
    """x_{i+1} = x_i² + i for `steps` steps; the start is private, the end and a tag public."""

    result = output()
    tag = public()
    start = private()

    def define(self, c):
        x = self.start
        for i in range(self.steps):
            x = x * x + i
        self.result = x + self.tag * 0


def chain_witness(steps: int, start: int = 3, tag: int = 7):
    compiled = Chain.compile(steps=steps)
    return compiled, compiled.witness({"tag": tag, "start": start})


def fast_backend():
    """The native backend when built, else the reference one (CI builds native)."""
    return get_backend("native") if "native" in available_backends() else get_backend("reference")


@pytest.fixture(scope="session")
def small_key():
    compiled, witness = chain_witness(4)
    be = fast_backend()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", groth16.DevelopmentSetupWarning)
        pk = groth16.setup(compiled.r1cs, backend=be)
    proof, public_values = groth16.prove(pk, witness, backend=be)
    return compiled, pk, proof, public_values, be
