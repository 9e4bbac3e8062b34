"""The optimal ate pairing in C against py_ecc (a py_ecc pairing takes about half a second,
so the reference is consulted a handful of times; the algebraic laws are checked natively)."""

from __future__ import annotations

import random

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from py_ecc.optimized_bn128 import FQ12, final_exponentiate

from tests.zk.curve.conftest import G1_GEN, G2_GEN, off_curve_g1, random_twist_point
from zk.curve.encoding import pack_g1, pack_g2
from zk.curve.native import NativeBackend
from zk.curve.reference import ReferenceBackend, fp12_to_tower
from zk.errors import PointError
from zk.field import Q, R
from zk.native import _bn254, _testing

nat = NativeBackend()
ref = ReferenceBackend()
ONE = (1,) + (0,) * 11
nonzero = st.integers(min_value=1, max_value=R - 1)


def fp12_mul(a: tuple[int, ...], b: tuple[int, ...]) -> tuple[int, ...]:
    """Product of two values in snarkjs tower order, through py_ecc's Fp12."""
    return fp12_to_tower(tower_to_py_ecc(a) * tower_to_py_ecc(b))


def tower_to_py_ecc(t: tuple[int, ...]) -> FQ12:
    """Inverse of fp12_to_tower: the Fp2 coefficient c0 + c1·u of w^k becomes
    (c0 − 9·c1)·w^k + c1·w^(k+6) in py_ecc's w⁶ = 9 + u basis."""
    slots = [0, 2, 4, 1, 3, 5]  # tower slot j holds the coefficient of w^slots[j]
    coeffs = [0] * 12
    for j, k in enumerate(slots):
        c0, c1 = t[2 * j], t[2 * j + 1]
        coeffs[k] = (c0 - 9 * c1) % Q
        coeffs[k + 6] = c1
    return FQ12(coeffs)


def test_pairing_equals_reference_in_tower_order() -> None:
    rng = random.Random(1)
    p = nat.g1_mul(G1_GEN, rng.randrange(R))
    q = nat.g2_mul(G2_GEN, rng.randrange(R))
    assert nat.pairing(p, q) == ref.pairing(p, q)
    assert nat.pairing(G1_GEN, G2_GEN) == ref.pairing(G1_GEN, G2_GEN)


def test_pairing_with_identity_is_one() -> None:
    assert nat.pairing(None, G2_GEN) == ONE
    assert nat.pairing(G1_GEN, None) == ONE


@settings(max_examples=4, deadline=None)
@given(a=nonzero, b=nonzero)
def test_bilinearity(a: int, b: int) -> None:
    base = nat.pairing(G1_GEN, G2_GEN)
    lhs = nat.pairing(nat.g1_mul(G1_GEN, a), nat.g2_mul(G2_GEN, b))
    assert lhs == nat.pairing(nat.g1_mul(G1_GEN, a * b), G2_GEN)
    assert lhs == nat.pairing(G1_GEN, nat.g2_mul(G2_GEN, a * b))
    # e(P, Q)·e(P', Q) = e(P + P', Q)
    both = fp12_mul(nat.pairing(nat.g1_mul(G1_GEN, a), G2_GEN),
                    nat.pairing(nat.g1_mul(G1_GEN, b), G2_GEN))
    assert both == nat.pairing(nat.g1_mul(G1_GEN, a + b), G2_GEN)
    assert base != ONE


def test_multi_pairing_product_and_check() -> None:
    rng = random.Random(7)
    a, b, c = (rng.randrange(1, R) for _ in range(3))
    pa, qb = nat.g1_mul(G1_GEN, a), nat.g2_mul(G2_GEN, b)
    # e(aG, bH)·e(−abG, H) = 1, and an identity pair changes nothing
    pairs = [(pa, qb), (nat.g1_mul(G1_GEN, -a * b), G2_GEN), (None, G2_GEN)]
    assert nat.pairing_check(pairs)
    assert nat.pairing_check([])
    broken = [(pa, qb), (nat.g1_mul(G1_GEN, -a * b + 1), G2_GEN)]
    assert not nat.pairing_check(broken)
    assert nat.pairing_check(pairs[:2]) == ref.pairing_check(pairs[:2])
    assert nat.pairing_check(broken) == ref.pairing_check(broken)
    # the product form equals the product of single pairings
    pc, qc = nat.g1_mul(G1_GEN, c), nat.g2_mul(G2_GEN, c)
    expected = fp12_mul(nat.pairing(pa, qb), nat.pairing(pc, qc))
    assert nat.pairing_product([(pa, qb), (pc, qc)]) == expected


def test_final_exponentiation_matches_reference() -> None:
    rng = random.Random(3)
    f = tuple(rng.randrange(Q) for _ in range(12))
    raw = b"".join(x.to_bytes(32, "little") for x in f)
    got = _testing.final_exponentiation(raw)
    expected = fp12_to_tower(final_exponentiate(tower_to_py_ecc(f)))
    assert tuple(int.from_bytes(got[i:i + 32], "little") for i in range(0, 384, 32)) == expected


def test_pairing_rejects_points_off_the_curve() -> None:
    rng = random.Random(9)
    with pytest.raises(PointError, match="not on the curve"):
        nat.pairing(off_curve_g1(rng), G2_GEN)
    (x0, x1), (y0, y1) = G2_GEN
    with pytest.raises(PointError, match="G2 point"):
        nat.pairing_check([(G1_GEN, ((x0, x1), (y0, (y1 + 1) % Q)))])


def test_pairing_input_shapes() -> None:
    with pytest.raises(ValueError, match="as many G2 points"):
        _bn254.pairing_check(pack_g1([G1_GEN]), b"")
    with pytest.raises(ValueError, match="384 bytes"):
        _testing.final_exponentiation(bytes(100))


def test_twist_points_outside_g2_still_pair_deterministically() -> None:
    """The pairing itself does not test subgroup membership (the verifier does, through
    g2_in_subgroup); it must still run and agree with the Miller loop + final exponent."""
    q = random_twist_point(random.Random(4))
    g1s, g2s = pack_g1([G1_GEN]), pack_g2([q])
    direct = _bn254.pairing_product(g1s, g2s)
    assert direct == _testing.final_exponentiation(_testing.miller_loop(g1s, g2s))
