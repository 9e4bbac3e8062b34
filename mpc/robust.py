"""Robust reconstruction: Reed–Solomon error detection and Berlekamp–Welch correction.

The shares of a degree-d sharing held by k parties form a Reed–Solomon codeword of length k
and dimension d+1. With k > d+1 shares a wrong share is *detected*: the shares no longer lie on
one polynomial of degree d. Berlekamp–Welch decoding corrects up to ⌊(k−d−1)/2⌋ wrong shares
and names who sent them. Naming is only sound when that radius covers every party the adversary
may control (n ≥ 3t+1 for degree t); otherwise t colluding parties could make an honest one look
guilty, so the caller asks for detection only.

The common case (all shares consistent) is one vectorized check: interpolate from the first
d+1 parties and compare at the others. Decoding runs only on columns that fail it, one column
at a time with ``galois`` linear algebra, and a culprit found in one column is tested against
all others at once.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from mpc.errors import MpcCheatingError
from mpc.field import Elements, PrimeField
from mpc.shamir import lagrange_coefficients


@dataclass(frozen=True)
class Reconstruction:
    """Reconstructed secrets and the parties whose shares were found wrong and corrected."""

    values: Elements
    wrong_parties: tuple[int, ...] = ()


def _predict(field: PrimeField, shares: np.ndarray, parties: Sequence[int], base: int,
             cols: np.ndarray | None = None) -> tuple[Elements, np.ndarray]:
    """Secrets from the first ``base`` parties, and a mask of columns the others contradict."""
    src = shares if cols is None else shares[:, cols]
    first = tuple(parties[:base])
    values = field.lincomb(src[:base], list(lagrange_coefficients(field.p, first)))
    bad = np.zeros(src.shape[1], dtype=bool)
    for row, x in enumerate(parties[base:], start=base):
        lam = lagrange_coefficients(field.p, first, x)
        predicted = field.lincomb(src[:base], list(lam))
        bad |= predicted != src[row]
    return values, bad


def berlekamp_welch(field: PrimeField, xs: Sequence[int], ys: Sequence[int], degree: int,
                    max_errors: int) -> tuple[int, tuple[int, ...]] | None:
    """Decode one codeword: (P(0), positions of wrong values) or None when it cannot be done.

    Solves Q(x_i) = y_i·E(x_i) for a monic error locator E of degree e = ``max_errors`` and Q of
    degree ≤ degree + e; then P = Q / E.
    """
    import galois

    gf = field.gf
    e = max_errors
    rows = []
    for x, y in zip(xs, ys):
        row = [(-y * pow(x, i, field.p)) % field.p for i in range(e)]
        row += [pow(x, i, field.p) for i in range(degree + e + 1)]
        row.append(y * pow(x, e, field.p) % field.p)
        rows.append(row)
    reduced = gf(rows).row_reduce()
    unknowns = len(rows[0]) - 1
    solution = [0] * unknowns
    for r in range(reduced.shape[0]):
        nz = np.flatnonzero(np.asarray(reduced[r, :unknowns]) != 0)
        rhs = int(reduced[r, unknowns])
        if nz.size == 0:
            if rhs != 0:
                return None
            continue
        solution[int(nz[0])] = rhs
    locator = galois.Poly([1, *reversed(solution[:e])], field=gf)
    q_poly = galois.Poly(list(reversed(solution[e:])), field=gf)
    p_poly, rem = divmod(q_poly, locator)
    if rem != 0 or p_poly.degree > degree:
        return None
    wrong = tuple(i for i, (x, y) in enumerate(zip(xs, ys)) if int(p_poly(x)) != y % field.p)
    if len(wrong) > e:
        return None
    return int(p_poly(0)), wrong


def robust_reconstruct(field: PrimeField, shares: np.ndarray, parties: Sequence[int],
                       degree: int, correct: bool, what: str = "opened values") -> Reconstruction:
    """Reconstruct each column of ``shares`` (rows in the order of ``parties``).

    Raises :class:`MpcCheatingError` when shares are inconsistent and ``correct`` is false, or
    when there are more wrong shares than the code can correct.
    """
    k = len(parties)
    base = degree + 1
    values, bad = _predict(field, shares, parties, base)
    if not bad.any():
        return Reconstruction(values)
    if not correct:
        raise MpcCheatingError(
            f"{what}: shares from {k} parties are inconsistent, so some party sent a wrong "
            f"share; with threshold {degree} the culprit cannot be identified "
            f"(that needs n ≥ {3 * degree + 1} parties)")
    max_errors = (k - base) // 2
    culprits: set[int] = set()
    pending = np.flatnonzero(bad)
    values = values.copy()
    while pending.size:
        col = int(pending[0])
        decoded = berlekamp_welch(field, parties, field.to_ints(shares[:, col]), degree,
                                  max_errors)
        if decoded is None:
            raise MpcCheatingError(f"{what}: more than {max_errors} parties sent wrong shares; "
                                   "the values cannot be recovered")
        culprits.update(parties[i] for i in decoded[1])
        if len(culprits) > max_errors:
            raise MpcCheatingError(
                f"{what}: parties {sorted(culprits)} sent wrong shares, more than the "
                f"{max_errors} that can be corrected", tuple(sorted(culprits)))
        honest = [i for i, q in enumerate(parties) if q not in culprits]
        sub = shares[honest][:, pending]
        fixed, still_bad = _predict(field, sub, [parties[i] for i in honest], base)
        values[pending[~still_bad]] = fixed[~still_bad]
        if still_bad[0]:
            # This column's own decoding disagrees with the others' culprits: use it directly.
            values[col] = decoded[0]
            still_bad[0] = False
        pending = pending[still_bad]
    return Reconstruction(values, tuple(sorted(culprits)))
