"""R1CS → QAP, built exactly the way snarkjs builds it so that keys are interchangeable.

snarkjs's quirks, which a ``.zkey`` bakes in (see "the hidden little secret in snarkjs"):

* the domain has n = 2^⌈log2(constraints + public + 1)⌉ points;
* after the real constraints, one extra A-row per public value and the constant:
  A[constraints + s] = 1·w_s (s = 0 … n_public), which makes the public wires' polynomials
  linearly independent — B and C are zero on those rows;
* the prover never divides by Z(x) = xⁿ − 1: it evaluates A·B − C on the odd 2n-th roots of
  unity (where Z = −2) and the key's H points are the matching odd-index Lagrange points of
  the 2n-domain, so Σ h_i·H_i = (A·B − C)(τ)/δ all the same.
"""

from __future__ import annotations

import struct
from collections.abc import Sequence
from dataclasses import dataclass

from zk.curve.base import BytesLike
from zk.curve.encoding import pack_scalars, unpack_scalars
from zk.errors import FormatError
from zk.field import R, batch_inv, coset_ntt, inv, ntt, root_of_unity
from zk.r1cs import R1CS

#: A ``.zkey`` stores coefficients as c·R² mod r with R = 2²⁵⁶ (Montgomery form of c·R).
_COEF_TO_ZKEY = pow(2, 512, R)
_COEF_FROM_ZKEY = pow(_COEF_TO_ZKEY, -1, R)
_COEF_ENTRY = struct.Struct("<III32s")

MATRIX_A = 0
MATRIX_B = 1


def domain_size(n_constraints: int, n_public: int) -> int:
    """The NTT domain snarkjs uses: the power of two ≥ constraints + public + 1."""
    need = n_constraints + n_public + 1
    size = 1
    while size < need:
        size <<= 1
    return size


def domain_for(r1cs: R1CS) -> int:
    """:func:`domain_size` of a constraint system."""
    return domain_size(r1cs.n_constraints, r1cs.n_public)


def coefficient_entries(r1cs: R1CS) -> list[tuple[int, int, int, int]]:
    """(matrix, row, signal, coeff) in the order snarkjs writes them: A rows, the extra
    public A-rows, then B rows. C is not stored (the prover derives it as A·B per row)."""
    entries: list[tuple[int, int, int, int]] = []
    for row, con in enumerate(r1cs.constraints):
        entries.extend((MATRIX_A, row, wire, coeff) for wire, coeff in con.a)
    base = r1cs.n_constraints
    entries.extend((MATRIX_A, base + s, s, 1) for s in range(r1cs.n_public + 1))
    for row, con in enumerate(r1cs.constraints):
        entries.extend((MATRIX_B, row, wire, coeff) for wire, coeff in con.b)
    return entries


def pack_coefficients(r1cs: R1CS) -> bytes:
    """The body of a ``.zkey`` coefficient section (u32 count, then packed entries)."""
    entries = coefficient_entries(r1cs)
    out = bytearray(struct.pack("<I", len(entries)))
    for m, row, sig, coeff in entries:
        out += _COEF_ENTRY.pack(m, row, sig, (coeff * _COEF_TO_ZKEY % R).to_bytes(32, "little"))
    return bytes(out)


@dataclass(frozen=True)
class CoefficientEntry:
    """One entry of a ``.zkey`` coefficient section: ``coeff`` (a plain field element)
    times witness value ``signal`` adds to row ``row`` of matrix ``matrix`` (0 = A, 1 = B)."""
    matrix: int
    row: int
    signal: int
    coeff: int


def unpack_coefficients(buf: BytesLike) -> list[CoefficientEntry]:
    """Decode a coefficient section body (coefficients back to plain field elements)."""
    mv = memoryview(buf).cast("B")
    if len(mv) < 4:
        raise FormatError("coefficient section is shorter than its count")
    (count,) = struct.unpack_from("<I", mv, 0)
    if len(mv) != 4 + count * _COEF_ENTRY.size:
        raise FormatError(
            f"coefficient section holds {len(mv) - 4} bytes, expected {count} entries "
            f"of {_COEF_ENTRY.size} bytes"
        )
    out = []
    for i in range(count):
        m, row, sig, raw = _COEF_ENTRY.unpack_from(mv, 4 + i * _COEF_ENTRY.size)
        value = int.from_bytes(raw, "little")
        if value >= R:
            raise FormatError(f"coefficient #{i} is not below r")
        if m not in (MATRIX_A, MATRIX_B):
            raise FormatError(f"coefficient #{i} names matrix {m}; only 0 (A) and 1 (B) exist")
        out.append(CoefficientEntry(m, row, sig, value * _COEF_FROM_ZKEY % R))
    return out


def h_evaluations(entries: Sequence[CoefficientEntry], witness: Sequence[int], n: int) -> list[int]:
    """(A·B − C) at the odd 2n-th roots of unity, the scalars for the key's H points."""
    a = [0] * n
    b = [0] * n
    for e in entries:
        if e.row >= n:
            raise FormatError(f"coefficient row {e.row} lies outside the {n}-point domain")
        if e.signal >= len(witness):
            raise FormatError(f"coefficient names signal {e.signal}; witness has {len(witness)}")
        target = a if e.matrix == MATRIX_A else b
        target[e.row] = (target[e.row] + e.coeff * witness[e.signal]) % R
    c = [x * y % R for x, y in zip(a, b, strict=True)]
    shift = root_of_unity(2 * n)
    a_odd = coset_ntt(ntt(a, inverse=True), shift)
    b_odd = coset_ntt(ntt(b, inverse=True), shift)
    c_odd = coset_ntt(ntt(c, inverse=True), shift)
    return [(x * y - z) % R for x, y, z in zip(a_odd, b_odd, c_odd, strict=True)]


def h_evaluations_packed(coefs: BytesLike, witness: BytesLike, n: int) -> bytes:
    """:func:`h_evaluations` on packed buffers (the reference backend's ``qap_h``)."""
    return pack_scalars(h_evaluations(unpack_coefficients(coefs), unpack_scalars(witness), n))


def lagrange_at(tau: int, n: int, odd_only: bool = False) -> list[int]:
    """L_j(τ) for the n-point domain, j = 0 … n−1.

    With ``odd_only``, the Lagrange values of the 2n-point domain at odd indices 1, 3, …,
    2n−1 instead (the H points' scalars).
    """
    m = 2 * n if odd_only else n
    w = root_of_unity(m)
    points = []
    x = w if odd_only else 1
    step = w * w % R if odd_only else w
    for _ in range(n):
        points.append(x)
        x = x * step % R
    z = (pow(tau, m, R) - 1) % R
    if z == 0:
        raise ValueError("tau lies in the evaluation domain")
    factor = z * inv(m) % R
    dens = batch_inv([(tau - p) % R for p in points])
    return [factor * p % R * d % R for p, d in zip(points, dens, strict=True)]


def polynomials_at(r1cs: R1CS, tau: int) -> tuple[list[int], list[int], list[int]]:
    """A_i(τ), B_i(τ), C_i(τ) for every wire i (the QAP polynomials at the secret point)."""
    n = domain_for(r1cs)
    lag = lagrange_at(tau, n)
    a = [0] * r1cs.n_wires
    b = [0] * r1cs.n_wires
    c = [0] * r1cs.n_wires
    for row, con in enumerate(r1cs.constraints):
        lj = lag[row]
        for wire, coeff in con.a.terms.items():
            a[wire] = (a[wire] + coeff * lj) % R
        for wire, coeff in con.b.terms.items():
            b[wire] = (b[wire] + coeff * lj) % R
        for wire, coeff in con.c.terms.items():
            c[wire] = (c[wire] + coeff * lj) % R
    base = r1cs.n_constraints
    for s in range(r1cs.n_public + 1):
        a[s] = (a[s] + lag[base + s]) % R
    return a, b, c
