"""Shared fixtures for the format tests."""

from __future__ import annotations

from pathlib import Path

import pytest

CIRCOM = Path(__file__).resolve().parents[2] / "fixtures" / "circom"


@pytest.fixture(scope="session")
def circom_dir() -> Path:
    """tests/fixtures/circom: files written by circom2 and snarkjs 0.7.6."""
    return CIRCOM


def _fq2_sqrt(a):
    """A square root in Fp2 (q ≡ 3 mod 4: two exponentiations), or None."""
    from py_ecc.optimized_bn128 import FQ2

    from zk.field import Q

    a1 = a ** ((Q - 3) // 4)
    alpha = a1 * a1 * a
    x0 = a1 * a
    root = FQ2([0, 1]) * x0 if alpha == FQ2([Q - 1, 0]) else (FQ2([1, 0]) + alpha) ** (
        (Q - 1) // 2) * x0
    return root if root * root == a else None


@pytest.fixture(scope="session")
def rogue_g2():
    """A point on the twist curve that is not in the order-r subgroup of G2."""
    from py_ecc.optimized_bn128 import FQ2

    b2 = FQ2([3, 0]) / FQ2([9, 1])
    for k in range(2, 100):
        x = FQ2([k, 7])
        y = _fq2_sqrt(x**3 + b2)
        if y is not None:
            return tuple(int(c) for c in x.coeffs), tuple(int(c) for c in y.coeffs)
    raise AssertionError("no twist point found")
