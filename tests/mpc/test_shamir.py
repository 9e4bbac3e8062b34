"""Shamir and additive sharing of vectors."""

from __future__ import annotations

import itertools

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from mpc.errors import MpcConfigError
from mpc.field import field_by_name
from mpc.shamir import (
    ShamirScheme,
    check_parties,
    lagrange_coefficients,
    reconstruct_additive,
    share_additive,
)

SCHEMES = [(3, 1), (4, 1), (5, 2), (7, 3)]


@settings(max_examples=25, deadline=None)
@given(st.sampled_from(SCHEMES), st.sampled_from(["goldilocks", "bn254"]),
       st.lists(st.integers(-2**40, 2**40), max_size=12))
def test_any_t_plus_1_shares_reconstruct(nt: tuple[int, int], name: str,
                                         values: list[int]) -> None:
    n, t = nt
    f = field_by_name(name)
    scheme = ShamirScheme(f, n, t)
    secrets_ = f.from_ints(np.array(values, dtype=object))
    shares = scheme.share(secrets_)
    assert shares.shape == (n, len(values))
    for parties in itertools.combinations(range(1, n + 1), t + 1):
        rows = shares[[p - 1 for p in parties]]
        got = scheme.reconstruct(rows, parties) if values else f.zeros(0)
        assert f.to_signed(got) == values


def test_t_shares_are_fresh_randomness() -> None:
    f = field_by_name("goldilocks")
    scheme = ShamirScheme(f, 3, 1)
    zero = f.zeros(200)
    first = scheme.share(zero)[0]
    # one share of a degree-1 sharing of 0 is the random coefficient itself: never constant
    assert len(set(f.to_ints(first))) > 190


def test_lagrange_coefficients_match_galois() -> None:
    import galois

    f = field_by_name("goldilocks")
    points = (1, 3, 4)
    ys = [5, 17, 99]
    poly = galois.lagrange_poly(f.gf(list(points)), f.gf(ys))
    lam = lagrange_coefficients(f.p, points)
    assert sum(c * y for c, y in zip(lam, ys)) % f.p == int(poly(0))
    lam2 = lagrange_coefficients(f.p, points, at=7)
    assert sum(c * y for c, y in zip(lam2, ys)) % f.p == int(poly(7))


def test_interpolation_at_other_points() -> None:
    f = field_by_name("p64")
    scheme = ShamirScheme(f, 5, 2)
    secrets_ = f.random(4)
    shares = scheme.share(secrets_)
    predicted = scheme.interpolate_at(shares[:3], (1, 2, 3), at=5)
    assert f.to_ints(predicted) == f.to_ints(shares[4])


@pytest.mark.parametrize(("n", "t"), [(2, 1), (3, 0), (4, 2), (5, 3)])
def test_invalid_thresholds_are_refused(n: int, t: int) -> None:
    with pytest.raises(MpcConfigError):
        check_parties(n, t)


@settings(max_examples=20, deadline=None)
@given(st.integers(1, 6), st.lists(st.integers(-1000, 1000), max_size=10))
def test_additive_sharing(n: int, values: list[int]) -> None:
    f = field_by_name("goldilocks")
    shares = share_additive(f, f.from_ints(np.array(values, dtype=np.int64)), n)
    assert shares.shape == (n, len(values))
    assert f.to_signed(reconstruct_additive(f, shares)) == values
