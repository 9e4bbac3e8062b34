"""Phase-2 verification combines the power-basis H points without the group FFT: the scalars
over snarkjs's H points (a coset NTT over Fr) give exactly the combination of the points
:func:`~zk.ceremony.h_basis.h_power_basis` computes, on both backends."""

from __future__ import annotations

import secrets

import pytest

from zk.ceremony.h_basis import h_power_basis, h_power_basis_combination
from zk.ceremony.packed_points import random_check_scalars
from zk.curve import available_backends, get_backend
from zk.curve.base import G1_GENERATOR
from zk.curve.encoding import pack_g1, pack_scalars
from zk.curve.reference import ReferenceBackend
from zk.field import R


def _random_h(n: int) -> bytes:
    be = get_backend()
    return pack_g1([be.g1_mul(G1_GENERATOR, secrets.randbelow(R)) for _ in range(n)])


@pytest.mark.parametrize("n", [2, 4, 16, 64])
def test_the_combination_equals_the_one_through_the_group_fft(n: int) -> None:
    be = get_backend()
    h = _random_h(n)
    for coefficients in (random_check_scalars(n - 1),
                         pack_scalars(secrets.randbelow(R) for _ in range(n - 1))):
        assert h_power_basis_combination(be, h, coefficients, n) == be.msm_g1(
            h_power_basis(be, h, n), coefficients)


@pytest.mark.skipif("native" not in available_backends(), reason="compares two backends")
def test_both_backends_agree() -> None:
    n = 4
    h = _random_h(n)
    coefficients = random_check_scalars(n - 1)
    assert h_power_basis_combination(ReferenceBackend(), h, coefficients, n) == (
        h_power_basis_combination(get_backend("native"), h, coefficients, n))
