"""Single-point arithmetic of G1 and G2 in C against py_ecc (the reference backend)."""

from __future__ import annotations

import random

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from py_ecc import optimized_bn128 as ob
from py_ecc.optimized_bn128 import FQ2

from tests.zk.curve.conftest import (
    EDGE_SCALARS,
    G1_GEN,
    G2_COFACTOR,
    G2_GEN,
    off_curve_g1,
    random_twist_point,
    scalar_bytes,
)
from zk.curve.base import G1, G2
from zk.curve.encoding import MONT_R, pack_g1, pack_g2, unpack_g1, unpack_g2
from zk.curve.native import NativeBackend
from zk.curve.reference import ReferenceBackend
from zk.errors import PointError
from zk.field import Q, R
from zk.native import _bn254, _testing

nat = NativeBackend()
ref = ReferenceBackend()
scalars = st.integers(min_value=0, max_value=2**256 - 1)


def mont(x: int) -> bytes:
    return (x % Q * MONT_R % Q).to_bytes(32, "little")


def g1_jacobian(p: G1, z: int) -> bytes:
    """(x·z², y·z³, z) in the C core's packed Jacobian layout; z = 0 is the identity."""
    if p is None or z % Q == 0:
        return mont(1) + mont(1) + mont(0)
    x, y = p
    return mont(x * z * z) + mont(y * z * z * z) + mont(z)


def g2_jacobian(p: G2, z: tuple[int, int]) -> bytes:
    zz = FQ2(list(z))
    if p is None or zz == FQ2.zero():
        return b"".join(mont(c) for c in (1, 0, 1, 0, 0, 0))
    x, y = FQ2(list(p[0])), FQ2(list(p[1]))
    coords = [x * zz * zz, y * zz * zz * zz, zz]
    return b"".join(mont(int(c)) for f in coords for c in f.coeffs)


def g1_from_jacobian(buf: bytes) -> G1:
    return unpack_g1(_testing.g1_jac_to_affine(buf))[0]


def g2_from_jacobian(buf: bytes) -> G2:
    return unpack_g2(_testing.g2_jac_to_affine(buf))[0]


# ---- G1 -------------------------------------------------------------------------------------


@settings(max_examples=8, deadline=None)
@given(k=scalars)
def test_g1_mul_matches_reference(k: int) -> None:
    assert nat.g1_mul(G1_GEN, k) == ref.g1_mul(G1_GEN, k)


@pytest.mark.parametrize("k", [*EDGE_SCALARS, -1, -R])
def test_g1_mul_edge_scalars(k: int) -> None:
    p = ref.g1_mul(G1_GEN, 12345)
    assert nat.g1_mul(p, k) == ref.g1_mul(p, k)


@settings(max_examples=15, deadline=None)
@given(a=scalars, b=scalars)
def test_g1_add_and_neg(a: int, b: int) -> None:
    p, q = nat.g1_mul(G1_GEN, a), nat.g1_mul(G1_GEN, b)
    assert nat.g1_add(p, q) == ref.g1_add(p, q) == nat.g1_mul(G1_GEN, a + b)
    assert nat.g1_neg(p) == ref.g1_neg(p)


def test_g1_add_special_cases() -> None:
    p = nat.g1_mul(G1_GEN, 987654321)
    assert nat.g1_add(p, p) == ref.g1_add(p, p)  # doubling inside the addition
    assert nat.g1_add(p, nat.g1_neg(p)) is None
    assert nat.g1_add(p, None) == p
    assert nat.g1_add(None, p) == p
    assert nat.g1_add(None, None) is None
    assert nat.g1_neg(None) is None
    assert nat.g1_mul(None, 5) is None


@settings(max_examples=15, deadline=None)
@given(a=scalars, b=scalars, z1=st.integers(1, Q - 1), z2=st.integers(1, Q - 1))
def test_g1_jacobian_inputs(a: int, b: int, z1: int, z2: int) -> None:
    """Points given with Z ≠ 1 add, double and normalise like their affine forms."""
    p, q = nat.g1_mul(G1_GEN, a), nat.g1_mul(G1_GEN, b)
    jp, jq = g1_jacobian(p, z1), g1_jacobian(q, z2)
    assert g1_from_jacobian(jp) == p
    expected = ref.g1_add(p, q)
    assert g1_from_jacobian(_testing.g1_jac_add(jp, jq)) == expected
    assert g1_from_jacobian(_testing.g1_jac_add_affine(jp, pack_g1([q]))) == expected
    assert g1_from_jacobian(_testing.g1_jac_double(jp)) == ref.g1_add(p, p)
    # the same point under two different Z: the sum must notice P = Q and double
    assert g1_from_jacobian(_testing.g1_jac_add(jp, g1_jacobian(p, z2))) == ref.g1_add(p, p)
    assert g1_from_jacobian(_testing.g1_jac_add(jp, g1_jacobian(nat.g1_neg(p), z2))) is None
    assert g1_from_jacobian(_testing.g1_jac_add(jp, g1_jacobian(None, 0))) == p


def test_g1_batch_normalisation_with_identities() -> None:
    rng = random.Random(5)
    pts = [nat.g1_mul(G1_GEN, rng.randrange(R)) for _ in range(6)] + [None]
    zs = [rng.randrange(1, Q) for _ in pts]
    buf = b"".join(g1_jacobian(p, z) for p, z in zip(pts, zs))
    assert unpack_g1(_testing.g1_jac_to_affine(buf)) == pts


def test_g1_curve_membership(rng: random.Random) -> None:
    p = nat.g1_mul(G1_GEN, 77)
    bad = off_curve_g1(rng)
    assert nat.g1_is_on_curve(p) and nat.g1_is_on_curve(None)
    assert not nat.g1_is_on_curve(bad)
    assert nat.g1_is_on_curve(bad) == ref.g1_is_on_curve(bad)
    packed = pack_g1([p, None, p, bad, p])
    assert nat.g1_first_invalid(packed) == 3
    assert not nat.g1_is_valid_batch(packed)
    assert nat.g1_is_valid_batch(pack_g1([p, None]))
    # a coordinate ≥ q is not a valid encoding even if it reduces to a curve point
    raw = (Q + 1).to_bytes(32, "little") + pack_g1([p])[32:]
    assert nat.g1_first_invalid(raw) == 0
    assert not _bn254.g1_is_on_curve(raw)
    with pytest.raises(PointError, match="not below"):
        _bn254.g1_add(raw, raw)


def test_g1_wrong_sizes() -> None:
    with pytest.raises(ValueError, match="64 bytes"):
        _bn254.g1_add(bytes(63), bytes(64))
    with pytest.raises(ValueError, match="multiple of 64"):
        nat.g1_first_invalid(bytes(65))
    with pytest.raises(TypeError, match="bytes-like"):
        _bn254.g1_neg("not a buffer")


# ---- G2 -------------------------------------------------------------------------------------


@settings(max_examples=4, deadline=None)
@given(k=scalars)
def test_g2_mul_matches_reference(k: int) -> None:
    assert nat.g2_mul(G2_GEN, k) == ref.g2_mul(G2_GEN, k)


@pytest.mark.parametrize("k", [0, 1, R - 1, R, R + 1, 2**256 - 1])
def test_g2_mul_edge_scalars(k: int) -> None:
    p = nat.g2_mul(G2_GEN, 4242)
    assert nat.g2_mul(p, k) == ref.g2_mul(p, k)


@settings(max_examples=10, deadline=None)
@given(a=scalars, b=scalars)
def test_g2_add_and_neg(a: int, b: int) -> None:
    p, q = nat.g2_mul(G2_GEN, a), nat.g2_mul(G2_GEN, b)
    assert nat.g2_add(p, q) == ref.g2_add(p, q) == nat.g2_mul(G2_GEN, a + b)
    assert nat.g2_neg(p) == ref.g2_neg(p)


def test_g2_add_special_cases() -> None:
    p = nat.g2_mul(G2_GEN, 55555)
    assert nat.g2_add(p, p) == ref.g2_add(p, p)
    assert nat.g2_add(p, nat.g2_neg(p)) is None
    assert nat.g2_add(None, p) == p
    assert nat.g2_add(p, None) == p
    assert nat.g2_neg(None) is None


@settings(max_examples=8, deadline=None)
@given(a=scalars, b=scalars, z=st.tuples(st.integers(0, Q - 1), st.integers(1, Q - 1)))
def test_g2_jacobian_inputs(a: int, b: int, z: tuple[int, int]) -> None:
    p, q = nat.g2_mul(G2_GEN, a), nat.g2_mul(G2_GEN, b)
    jp, jq = g2_jacobian(p, z), g2_jacobian(q, (1, 0))
    assert g2_from_jacobian(jp) == p
    assert g2_from_jacobian(_testing.g2_jac_add(jp, jq)) == ref.g2_add(p, q)
    assert g2_from_jacobian(_testing.g2_jac_add_affine(jp, pack_g2([q]))) == ref.g2_add(p, q)
    assert g2_from_jacobian(_testing.g2_jac_double(jp)) == ref.g2_add(p, p)
    assert g2_from_jacobian(_testing.g2_jac_add(jp, g2_jacobian(p, (3, 4)))) == ref.g2_add(p, p)


def test_g2_subgroup_membership(rng: random.Random) -> None:
    """Twist points outside G2 are caught; clearing the cofactor brings them in."""
    outside = random_twist_point(rng)
    assert nat.g2_is_on_curve(outside) and ref.g2_is_on_curve(outside)
    assert nat.g2_in_subgroup(outside) is False
    assert ref.g2_in_subgroup(outside) is False
    cleared = unpack_g2(_bn254.g2_mul(pack_g2([outside]), scalar_bytes(G2_COFACTOR)))[0]
    assert cleared is not None
    assert nat.g2_in_subgroup(cleared) is True
    assert ref.g2_in_subgroup(cleared) is True
    inside = nat.g2_mul(G2_GEN, 31337)
    assert nat.g2_in_subgroup(inside) and nat.g2_in_subgroup(None)
    packed = pack_g2([inside, None, cleared, outside])
    assert nat.g2_first_invalid(packed) == 3
    assert nat.g2_is_valid_batch(pack_g2([inside, None, cleared]))


def _exact_g2_mul(p: G2, k: int) -> G2:
    """k·p by py_ecc for any twist point and any k (no reduction mod r)."""
    (x0, x1), (y0, y1) = p
    product = ob.multiply((FQ2([x0, x1]), FQ2([y0, y1]), FQ2.one()), k)
    if ob.is_inf(product):
        return None
    out = ob.normalize(product)
    return ((int(out[0].coeffs[0]), int(out[0].coeffs[1])),
            (int(out[1].coeffs[0]), int(out[1].coeffs[1])))


@pytest.mark.parametrize("factor", [10069, 5864401, 1875725156269])
def test_g2_points_with_a_small_order_component_are_outside(rng: random.Random,
                                                            factor: int) -> None:
    """The cofactor 2q − r has small prime factors: a subgroup point plus a torsion point of
    such an order must still be refused (the weakness a batched or partial test would have)."""
    assert G2_COFACTOR % factor == 0
    torsion = None
    while torsion is None:
        torsion = _exact_g2_mul(random_twist_point(rng), R * (G2_COFACTOR // factor))
    assert _exact_g2_mul(torsion, factor) is None
    inside = nat.g2_mul(G2_GEN, rng.randrange(1, R))
    mixed = ref.g2_add(inside, torsion)
    for point in (torsion, mixed):
        assert nat.g2_is_on_curve(point)
        assert nat.g2_in_subgroup(point) is False
        assert ref.g2_in_subgroup(point) is False
    assert nat.g2_first_invalid(pack_g2([inside, mixed])) == 1


@settings(max_examples=20, deadline=None)
@given(st.integers(1, R - 1))
def test_g2_subgroup_test_accepts_every_multiple_of_the_generator(k: int) -> None:
    assert nat.g2_in_subgroup(nat.g2_mul(G2_GEN, k)) is True


def test_g2_off_the_twist(rng: random.Random) -> None:
    (x0, x1), (y0, y1) = nat.g2_mul(G2_GEN, 9)
    bad: G2 = ((x0, x1), (y0, (y1 + 1) % Q))
    assert not nat.g2_is_on_curve(bad)
    assert nat.g2_is_on_curve(bad) == ref.g2_is_on_curve(bad)
    assert not nat.g2_in_subgroup(bad)
    assert nat.g2_first_invalid(pack_g2([None, bad])) == 1
    many = [nat.g2_mul(G2_GEN, rng.randrange(R)) for _ in range(70)]
    assert nat.g2_first_invalid(pack_g2([*many, bad, *many])) == 70  # the threaded path
