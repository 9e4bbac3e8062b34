"""Reed–Solomon checking of opened shares and Berlekamp–Welch correction."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from mpc.errors import MpcCheatingError
from mpc.field import field_by_name
from mpc.robust import berlekamp_welch, robust_reconstruct
from mpc.shamir import ShamirScheme

F = field_by_name("goldilocks")


def shared(n: int, t: int, m: int) -> tuple[np.ndarray, np.ndarray]:
    secrets_ = F.random(m)
    return secrets_, ShamirScheme(F, n, t).share(secrets_)


def test_consistent_shares_reconstruct_without_culprits() -> None:
    secrets_, shares = shared(5, 2, 30)
    got = robust_reconstruct(F, shares, (1, 2, 3, 4, 5), 2, correct=True)
    assert (got.values == secrets_).all() and got.wrong_parties == ()


def test_a_wrong_share_is_detected_when_it_cannot_be_attributed() -> None:
    _, shares = shared(3, 1, 10)
    shares[1, 4] = F.add_const(shares[1, 4:5], 1)[0]
    with pytest.raises(MpcCheatingError, match="inconsistent") as info:
        robust_reconstruct(F, shares, (1, 2, 3), 1, correct=False)
    assert info.value.parties == ()
    assert "n ≥ 4" in str(info.value)


@settings(max_examples=25, deadline=None)
@given(st.sampled_from([(4, 1), (5, 1), (7, 2), (10, 3)]), st.data())
def test_up_to_t_wrong_parties_are_named_and_corrected(nt: tuple[int, int],
                                                       data: st.DataObject) -> None:
    n, t = nt
    m = data.draw(st.integers(1, 12))
    secrets_, shares = shared(n, t, m)
    liars = data.draw(st.lists(st.integers(1, n), min_size=1, max_size=t, unique=True))
    for liar in liars:
        cols = data.draw(st.lists(st.integers(0, m - 1), min_size=1, unique=True))
        for c in cols:
            shares[liar - 1, c] = F.add_const(shares[liar - 1, c:c + 1],
                                              data.draw(st.integers(1, 2**40)))[0]
    got = robust_reconstruct(F, shares, tuple(range(1, n + 1)), t, correct=True)
    assert (got.values == secrets_).all()
    assert set(got.wrong_parties) <= set(liars) and got.wrong_parties


def test_too_many_wrong_shares_are_reported() -> None:
    _, shares = shared(4, 1, 3)
    shares[0] = F.add_const(shares[0], 5)
    shares[1] = F.add_const(shares[1], 9)
    with pytest.raises(MpcCheatingError):
        robust_reconstruct(F, shares, (1, 2, 3, 4), 1, correct=True)


def test_berlekamp_welch_on_one_codeword() -> None:
    # P(x) = 7 + 3x, one error at x = 2
    xs = [1, 2, 3, 4, 5]
    ys = [(7 + 3 * x) % F.p for x in xs]
    ys[1] += 1
    assert berlekamp_welch(F, xs, ys, degree=1, max_errors=1) == (7, (1,))
    ys[3] += 5
    assert berlekamp_welch(F, xs, ys, degree=1, max_errors=1) is None
