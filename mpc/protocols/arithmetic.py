"""Opening shares, multiplying with degree reduction, and inner products.

Multiplication: each party's product of two degree-t shares is a share of a degree-2t
polynomial. Parties 1..2t+1 each re-share their product share with degree t, and every party
combines what it receives with the Lagrange coefficients of points 1..2t+1 (Gennaro–Rabin–Rabin):
one round for a whole vector. An inner product is summed locally first, so it costs one
re-shared element however long the vectors are.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from mpc.field import Elements, PrimeField
from mpc.robust import robust_reconstruct
from mpc.runtime import Runtime
from mpc.shamir import lagrange_coefficients
from mpc.transport.frames import Purpose


def open_values(rt: Runtime, field: PrimeField, shares: Elements,
                to: Sequence[int] | None = None, what: str = "opened values") -> Elements | None:
    """Reveal degree-t shared values to ``to`` (everyone by default); None for the others.

    Each receiver checks all n shares lie on one polynomial of degree t: a wrong share is
    detected, and with n ≥ 3t+1 corrected and its sender recorded in ``rt.corrected_parties``.
    """
    return open_many(rt, [(field, shares)], to, what)[0]


def open_many(rt: Runtime, items: Sequence[tuple[PrimeField, Elements]],
              to: Sequence[int] | None = None, what: str = "opened values"
              ) -> list[Elements | None]:
    """:func:`open_values` for several arrays (possibly in different fields) in one round."""
    receivers = list(rt.parties) if to is None else sorted(set(to))
    fields = [f for f, _ in items]
    counts = [a.shape[0] for _, a in items]
    mine = [a for _, a in items]
    outgoing = {j: mine for j in receivers if j != rt.party_id}
    sources = rt.parties if rt.party_id in receivers else ()
    got = rt.exchange_parts(Purpose.OPEN if to is None else Purpose.OUTPUT, outgoing, sources,
                            fields, counts)
    if rt.party_id not in receivers:
        return [None] * len(items)
    got[rt.party_id] = mine
    out: list[Elements | None] = []
    for k, (field, shares) in enumerate(items):
        matrix = np.stack([got[j][k] for j in rt.parties]) if shares.shape[0] else \
            np.zeros((rt.n, 0), dtype=field.dtype)
        result = robust_reconstruct(field, matrix, rt.parties, rt.t, rt.can_correct, what)
        rt.corrected_parties.update(result.wrong_parties)
        out.append(result.values)
    return out


def reduce_degree(rt: Runtime, field: PrimeField, products: Elements) -> Elements:
    """Degree-t shares of values whose degree-2t shares each party holds (one round)."""
    return reduce_degree_many(rt, [(field, products)])[0]


def reduce_degree_many(rt: Runtime, items: Sequence[tuple[PrimeField, Elements]]
                       ) -> list[Elements]:
    """:func:`reduce_degree` for several arrays (possibly in different fields) in one round."""
    resharers = tuple(range(1, 2 * rt.t + 2))
    fields = [f for f, _ in items]
    counts = [a.shape[0] for _, a in items]
    outgoing: dict[int, list[Elements]] = {}
    if rt.party_id in resharers:
        rows = [rt.scheme(f).share(a) for f, a in items]
        outgoing = {j: [r[j - 1] for r in rows] for j in rt.parties}
    got = rt.exchange_parts(Purpose.RESHARE, outgoing, resharers, fields, counts)
    out = []
    for k, (field, products) in enumerate(items):
        if products.shape[0] == 0:
            out.append(field.zeros(0))
            continue
        lam = lagrange_coefficients(field.p, resharers)
        out.append(field.lincomb_rows([got[j][k] for j in resharers], list(lam)))
    return out


def multiply(rt: Runtime, field: PrimeField, a: Elements, b: Elements) -> Elements:
    """Shares of the elementwise products a·b."""
    return reduce_degree(rt, field, field.mul(a, b))


def multiply_many(rt: Runtime, field: PrimeField,
                  pairs: Sequence[tuple[Elements, Elements]]) -> list[Elements]:
    """Several elementwise products in one round."""
    sizes = [a.shape[0] for a, _ in pairs]
    a = np.concatenate([p[0] for p in pairs]) if pairs else field.zeros(0)
    b = np.concatenate([p[1] for p in pairs]) if pairs else field.zeros(0)
    prod = multiply(rt, field, a, b)
    return list(np.split(prod, np.cumsum(sizes)[:-1])) if pairs else []


def inner_product(rt: Runtime, field: PrimeField, a: Elements, b: Elements) -> Elements:
    """Shares (a length-1 array) of Σ a_i·b_i, with a single re-shared element."""
    local = np.array([field.dot(a, b)], dtype=field.dtype)
    return reduce_degree(rt, field, local)


def product_of_rows(rt: Runtime, field: PrimeField, rows: list[Elements]) -> Elements:
    """Elementwise product of all rows (a balanced tree: ⌈log2(len(rows))⌉ rounds)."""
    while len(rows) > 1:
        half = len(rows) // 2
        left = rows[:half]
        right = rows[half:2 * half]
        prods = multiply_many(rt, field, list(zip(left, right)))
        rows = prods + rows[2 * half:]
    return rows[0]
