"""Fixtures for the interop tests: the circom/snarkjs fixture files, a way to run snarkjs,
a powers-of-tau file built from known secrets, and the backend's speed class."""

from __future__ import annotations

import json
import os
import subprocess
from collections.abc import Callable
from pathlib import Path

import pytest

from tests.conftest import node_tool
from zk.curve import get_backend
from zk.curve.encoding import pack_scalars
from zk.field import R, root_of_unity
from zk.formats.ptau import write_ptau
from zk.qap import lagrange_at

CIRCOM = Path(__file__).resolve().parents[2] / "fixtures" / "circom"


@pytest.fixture(scope="session")
def circom_dir() -> Path:
    """tests/fixtures/circom: files written by circom2 and snarkjs 0.7.6."""
    return CIRCOM


@pytest.fixture
def fast_backend():
    """The current backend if it is fast enough for circuits of a few thousand constraints."""
    be = get_backend()
    if be.name == "reference" and not os.environ.get("ZKGOV_SLOW_TESTS"):
        pytest.skip(
            "needs the native backend (py_ecc takes minutes for this circuit); "
            "build it with `pip install -e .` or set ZKGOV_SLOW_TESTS=1"
        )
    return be


@pytest.fixture(scope="session")
def snarkjs() -> Callable[..., subprocess.CompletedProcess]:
    """Run the snarkjs 0.7.6 CLI from .cache/npm; skips when node or snarkjs is missing."""
    return _snarkjs_runner(node_tool("snarkjs"))


def _snarkjs_runner(package: Path) -> Callable[..., subprocess.CompletedProcess]:
    cli = package / "build" / "cli.cjs"

    def run(*args: str, cwd: Path | None = None, check: bool = True):
        proc = subprocess.run(
            ["node", str(cli), *map(str, args)],
            cwd=cwd,
            capture_output=True,
            text=True,
            timeout=300,
        )
        if check and proc.returncode != 0:
            raise AssertionError(
                f"snarkjs {' '.join(map(str, args))} failed ({proc.returncode}):\n"
                f"{proc.stdout}\n{proc.stderr}"
            )
        return proc

    return run


def load_json(path: Path):
    return json.loads(Path(path).read_text())


def make_ptau(power: int, tau: int, alpha: int, beta: int) -> bytes:
    """A prepared ``.ptau`` of ``power`` for known secrets, laid out as snarkjs lays it out.

    For tests only: whoever knows τ, α, β can forge proofs for keys made from it.
    """
    from zk.curve.base import G1_GENERATOR, G2_GENERATOR

    be = get_backend()
    n = 1 << power
    powers = [pow(tau, i, R) for i in range(2 * n - 1)]

    def g1(scalars):
        return be.g1_mul_batch(G1_GENERATOR, pack_scalars(scalars))

    def g2(scalars):
        return be.g2_mul_batch(G2_GENERATOR, pack_scalars(scalars))

    def levels(top: int) -> list[int]:
        out: list[int] = []
        for k in range(top + 1):
            m = 1 << k
            basis = lagrange_at(tau, m)
            if k == power + 1:
                # prepare phase2 builds the top level from 2^(power+1) − 1 powers and a zero
                w_inv = pow(root_of_unity(m), -1, R)
                last = pow(tau, m - 1, R) * pow(m, -1, R) % R
                basis = [(b - last * pow(w_inv, (m - 1) * j, R)) % R for j, b in
                         enumerate(basis)]
            out.extend(basis)
        return out

    lag_g1 = levels(power + 1)
    lag = levels(power)
    sections = {
        2: g1(powers),
        3: g2(powers[:n]),
        4: g1([alpha * p % R for p in powers[:n]]),
        5: g1([beta * p % R for p in powers[:n]]),
        6: g2([beta]),
        12: g1(lag_g1),
        13: g2(lag),
        14: g1([alpha * x % R for x in lag]),
        15: g1([beta * x % R for x in lag]),
    }
    return write_ptau(power, sections)
