"""Shamir t-of-n sharing and additive sharing of whole vectors.

Party ``i`` (1-based) holds the evaluation at x = i of a random polynomial of degree t whose
constant term is the secret; any t+1 shares determine it, any t reveal nothing. Sharing a
vector of m secrets draws a t × m matrix of coefficients and evaluates all polynomials at all n
points in one compiled loop. Lagrange coefficients depend only on which parties' shares are
combined, so they are computed once per set and cached.
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import lru_cache

import numpy as np

from mpc.errors import MpcConfigError
from mpc.field import Elements, PrimeField

#: Statistical security parameter: masks carry this many random bits beyond the data.
DEFAULT_SEC_PARAM = 30


def check_parties(n: int, t: int) -> None:
    """Honest majority: 1 ≤ t and n ≥ 2t+1 (so products of two sharings can be reconstructed)."""
    if n < 3:
        raise MpcConfigError(f"Shamir MPC needs at least 3 parties, got {n}")
    if t < 1 or 2 * t + 1 > n:
        raise MpcConfigError(
            f"threshold t={t} is invalid for {n} parties: need 1 ≤ t ≤ {(n - 1) // 2} (n ≥ 2t+1)")


@lru_cache(maxsize=256)
def lagrange_coefficients(p: int, points: tuple[int, ...], at: int = 0) -> tuple[int, ...]:
    """λ_j with f(at) = Σ_j λ_j·f(points[j]) for every polynomial of degree < len(points)."""
    coeffs = []
    for j, xj in enumerate(points):
        num, den = 1, 1
        for k, xk in enumerate(points):
            if k != j:
                num = num * (at - xk) % p
                den = den * (xj - xk) % p
        coeffs.append(num * pow(den, -1, p) % p)
    return tuple(coeffs)


class ShamirScheme:
    """t-of-n Shamir sharing over ``field`` with evaluation points 1..n."""

    def __init__(self, field: PrimeField, n: int, t: int) -> None:
        check_parties(n, t)
        self.field, self.n, self.t = field, n, t

    def share(self, secrets_: Elements, degree: int | None = None) -> np.ndarray:
        """An n × m matrix: row i−1 holds party i's shares of the m secrets."""
        d = self.t if degree is None else degree
        m = secrets_.shape[0]
        if d == 0:
            return np.array([secrets_] * self.n)
        coeffs = self.field.random(d * m).reshape(d, m)
        return self.field.share_polynomials(secrets_, coeffs, self.n)

    def reconstruct(self, shares: np.ndarray, parties: Sequence[int]) -> Elements:
        """Secrets from the rows of ``shares`` held by ``parties`` (at least degree+1 of them)."""
        lam = lagrange_coefficients(self.field.p, tuple(parties))
        return self.field.lincomb(shares, list(lam))

    def interpolate_at(self, shares: np.ndarray, parties: Sequence[int], at: int) -> Elements:
        """Values at x = ``at`` of the polynomials through the given parties' shares."""
        lam = lagrange_coefficients(self.field.p, tuple(parties), at)
        return self.field.lincomb(shares, list(lam))


def share_additive(field: PrimeField, secrets_: Elements, n: int) -> np.ndarray:
    """n × m additive shares: n−1 random rows and one that makes the column sums the secrets."""
    m = secrets_.shape[0]
    rows = [field.random(m) for _ in range(n - 1)]
    last = secrets_
    for r in rows:
        last = field.sub(last, r)
    return np.array([*rows, last]) if n > 1 else np.array([secrets_])


def reconstruct_additive(field: PrimeField, shares: np.ndarray) -> Elements:
    """Secrets from all n additive shares (their sum)."""
    acc = shares[0]
    for row in shares[1:]:
        acc = field.add(acc, row)
    return acc
