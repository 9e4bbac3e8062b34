"""The ceremony gives the same results through the reference (py_ecc) backend's batch operations
as through the native ones (``g1_scale_batch``, ``g1_ifft``, ``g1_first_invalid``, ``fr_ntt``…)."""

from __future__ import annotations

import secrets

import pytest

from zk.ceremony import phase1
from zk.ceremony.lagrange import lagrange_check_scalars
from zk.ceremony.packed_points import scale_by_constant_g1, scale_by_powers_g2
from zk.curve import available_backends, get_backend
from zk.curve.base import G1_GENERATOR, G2_GENERATOR
from zk.curve.encoding import pack_g1, pack_g2, pack_scalars
from zk.curve.reference import ReferenceBackend
from zk.curve.validity import first_invalid_g1, first_invalid_g2
from zk.field import R

pytestmark = pytest.mark.skipif("native" not in available_backends(),
                                reason="compares the native backend's batch paths with py_ecc")


def test_prepare_is_the_same_through_single_point_operations() -> None:
    contributed = phase1.contribute(phase1.new(1), name="tiny").data
    assert phase1.prepare(contributed, backend=ReferenceBackend()) == phase1.prepare(
        contributed, backend=get_backend("native"))


def test_scaling_point_by_point_matches() -> None:
    g1s = pack_g1([G1_GENERATOR, None])
    g2s = pack_g2([G2_GENERATOR, None, G2_GENERATOR])
    k, tau = secrets.randbelow(R), secrets.randbelow(R)
    ref, nat = ReferenceBackend(), get_backend("native")
    assert scale_by_constant_g1(ref, g1s, k) == scale_by_constant_g1(nat, g1s, k)
    assert scale_by_powers_g2(ref, g2s, k, tau) == scale_by_powers_g2(nat, g2s, k, tau)


def test_validity_checks_agree(rogue_points) -> None:
    bad_g1, bad_g2 = rogue_points
    g1s = pack_g1([G1_GENERATOR, None, bad_g1])
    g2s = pack_g2([G2_GENERATOR, None, bad_g2])
    for be in (ReferenceBackend(), get_backend("native")):
        assert first_invalid_g1(g1s, be) == 2
        assert first_invalid_g2(g2s, be) == 2
        assert first_invalid_g1(g1s[:128], be) is None


def test_lagrange_check_scalars_agree() -> None:
    values = pack_scalars(secrets.randbelow(R) for _ in range(16))
    assert lagrange_check_scalars(ReferenceBackend(), values) == lagrange_check_scalars(
        get_backend("native"), values)


@pytest.fixture
def rogue_points():
    """A G1 pair off the curve, and a twist point outside the order-r subgroup."""
    from py_ecc.optimized_bn128 import FQ2

    from zk.ceremony.sampling import fq2_sqrt
    from zk.field import Q

    b2 = FQ2([3, 0]) / FQ2([9, 1])
    for k in range(2, 100):
        x = (k, 7)
        rhs = FQ2(list(x)) ** 3 + b2
        y = fq2_sqrt((int(rhs.coeffs[0]), int(rhs.coeffs[1])))
        if y is not None and not ReferenceBackend().g2_in_subgroup((x, y)):
            return (1, 3), (x, y)
    raise AssertionError(f"no rogue twist point found below x = 100 (q = {Q})")
