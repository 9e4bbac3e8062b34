"""The snarkjs-shaped QAP: domain size, coefficient packing, H evaluations."""

from __future__ import annotations

import random

from zk.field import R, ntt, root_of_unity
from zk.formats.zkey_coefficients import read_coefficients
from zk.qap import (
    domain_size,
    h_evaluations,
    lagrange_at,
    pack_coefficients,
    polynomials_at,
)
from zk.r1cs import R1CS, Constraint, LinearCombination


def random_circuit(rng: random.Random, n_constraints: int) -> tuple[R1CS, list[int]]:
    """A chain x_{i+1} = x_i * x_i + i with a random start, satisfied by construction."""
    n_wires = n_constraints + 2
    witness = [1, rng.randrange(R)]
    cons = []
    for i in range(n_constraints):
        x = witness[-1]
        witness.append((x * x + i) % R)
        cons.append(
            Constraint(
                LinearCombination.wire(len(witness) - 2),
                LinearCombination.wire(len(witness) - 2),
                LinearCombination({len(witness) - 1: 1, 0: R - i}),
            )
        )
    r1cs = R1CS(
        n_wires=n_wires, n_public_outputs=0, n_public_inputs=1, n_private_inputs=0, constraints=cons
    )
    return r1cs, witness


def test_domain_size_counts_public_rows():
    assert domain_size(1, 1) == 4
    assert domain_size(5, 2) == 8
    assert domain_size(6, 2) == 16


def test_coefficients_round_trip_in_zkey_form():
    r1cs, _ = random_circuit(random.Random(1), 5)
    entries = read_coefficients(pack_coefficients(r1cs))
    a_rows = [e for e in entries if e.matrix == 0]
    assert len(a_rows) == 5 + r1cs.n_public + 1  # constraints + extra public rows
    assert entries[5].row == 5 and entries[5].signal == 0 and entries[5].coeff == 1


def _horner(coeffs: list[int], x: int) -> int:
    acc = 0
    for c in reversed(coeffs):
        acc = (acc * x + c) % R
    return acc


def test_h_evaluations_equal_ab_minus_c_at_odd_roots():
    rng = random.Random(2)
    r1cs, witness = random_circuit(rng, 6)
    n = domain_size(r1cs.n_constraints, r1cs.n_public)
    h = h_evaluations(read_coefficients(pack_coefficients(r1cs)), witness, n)
    # rows of A·w and B·w, including snarkjs's extra public rows; C is A·B per row
    a = [0] * n
    b = [0] * n
    for row, con in enumerate(r1cs.constraints):
        a[row] = con.a.evaluate(witness)
        b[row] = con.b.evaluate(witness)
    for s in range(r1cs.n_public + 1):
        a[r1cs.n_constraints + s] = witness[s]
    c = [x * y % R for x, y in zip(a, b)]
    pa, pb, pc = (ntt(v, inverse=True) for v in (a, b, c))
    w2 = root_of_unity(2 * n)
    for i in range(n):
        x = pow(w2, 2 * i + 1, R)
        assert h[i] == (_horner(pa, x) * _horner(pb, x) - _horner(pc, x)) % R


def test_lagrange_basis_interpolates_at_tau():
    tau = 123456789
    n = 8
    lag = lagrange_at(tau, n)
    w = root_of_unity(n)
    values = [pow(w, j, R) ** 3 % R for j in range(n)]  # f(x) = x^3 sampled on the domain
    assert sum(v * l for v, l in zip(values, lag)) % R == pow(tau, 3, R)
    odd = lagrange_at(tau, n, odd_only=True)
    w2 = root_of_unity(2 * n)
    # x^n + 1 vanishes on even points of the 2n domain and is 2·x^n... at odd points it is 0
    # too; use g(x) = x^(n) − 1 which is −2 at odd points and 0 at even ones.
    total = sum((pow(w2, 2 * i + 1, R) ** n - 1) * l for i, l in enumerate(odd)) % R
    assert total == (pow(tau, n, R) - 1) % R


def test_polynomials_at_include_public_rows():
    r1cs, _ = random_circuit(random.Random(3), 3)
    a, b, c = polynomials_at(r1cs, 987654321)
    assert len(a) == len(b) == len(c) == r1cs.n_wires
    assert a[0] != 0 and a[1] != 0
