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

from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from zk.curve.base import BytesLike
from zk.curve.encoding import pack_scalars, unpack_scalars
from zk.errors import FormatError
from zk.field import R, batch_inv, coset_ntt, inv, ntt, root_of_unity
from zk.formats.zkey_coefficients import (
    MATRIX_A,
    MATRIX_B,
    CoefficientEntry,
    check_coefficients,
    read_coefficients,
    write_coefficients,
)

if TYPE_CHECKING:  # annotations only: a proof never imports the R1CS module
    from zk.r1cs import R1CS


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


def coefficient_entries(r1cs: R1CS, interleaved: bool = False
                        ) -> list[tuple[int, int, int, int]]:
    """(matrix, row, signal, coeff) of the A and B matrices, with one extra A-row per public
    wire and the constant. C is not stored (the prover derives it as A·B per row).

    Default order: all A rows, the extra public rows, then all B rows (what
    :func:`zk.groth16.setup` writes). ``interleaved``: snarkjs's order — each constraint's
    A then B terms, then the public rows — so a key made from a ``.ptau`` is byte-identical
    to snarkjs's.
    """
    entries: list[tuple[int, int, int, int]] = []
    public_rows = [(MATRIX_A, r1cs.n_constraints + s, s, 1) for s in range(r1cs.n_public + 1)]
    if interleaved:
        for row, con in enumerate(r1cs.constraints):
            entries.extend((MATRIX_A, row, wire, coeff) for wire, coeff in con.a.terms.items())
            entries.extend((MATRIX_B, row, wire, coeff) for wire, coeff in con.b.terms.items())
        return entries + public_rows
    for row, con in enumerate(r1cs.constraints):
        entries.extend((MATRIX_A, row, wire, coeff) for wire, coeff in con.a.terms.items())
    entries.extend(public_rows)
    for row, con in enumerate(r1cs.constraints):
        entries.extend((MATRIX_B, row, wire, coeff) for wire, coeff in con.b.terms.items())
    return entries


def pack_coefficients(r1cs: R1CS, interleaved: bool = False) -> bytes:
    """The ``.zkey`` coefficient section of ``r1cs`` (see :func:`coefficient_entries` for
    the order; the bytes are :func:`zk.formats.zkey_coefficients.write_coefficients`')."""
    return write_coefficients(coefficient_entries(r1cs, interleaved))


@dataclass(frozen=True)
class QapMatrices:
    """The A and B matrices of snarkjs's QAP (C is A·B row by row), planned for a field
    kernel's :meth:`~zk.curve.base.FieldKernel.qap_h`.

    Held as one table of sparse entries (matrix, row, signal, coefficient), any order, the
    coefficient in the Montgomery form c·R² mod r that the native kernel multiplies by plain
    witness values; the native kernel takes the table as is, the reference kernel decodes it
    (:meth:`entries`). That a ``.zkey`` stores the same table is a format detail
    (:mod:`zk.formats.zkey_coefficients`): :meth:`from_section` and :meth:`from_r1cs` are
    the two ways in.
    """

    #: How many entries the table holds.
    count: int
    #: The table with its u32 count in front: the buffer the native kernel reads.
    buffer: BytesLike

    @classmethod
    def from_section(cls, body: BytesLike, domain_size: int | None = None,
                     n_vars: int | None = None) -> QapMatrices:
        """The matrices of a ``.zkey`` coefficient section, checked (count, matrices, rows
        and signals in range when the sizes are given, coefficients below r); zero-copy."""
        return cls(check_coefficients(body, domain_size, n_vars, "coefficient section"), body)

    @classmethod
    def from_r1cs(cls, r1cs: R1CS, interleaved: bool = False) -> QapMatrices:
        """The matrices of a constraint system (see :func:`coefficient_entries`)."""
        return cls.from_section(pack_coefficients(r1cs, interleaved))

    def __len__(self) -> int:
        return self.count

    def entries(self) -> list[CoefficientEntry]:
        """The entries with plain coefficients, in table order."""
        return read_coefficients(self.buffer)


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


def h_evaluations_packed(matrices: QapMatrices | BytesLike, witness: BytesLike, n: int) -> bytes:
    """:func:`h_evaluations` on planned matrices (or a coefficient section) and a packed
    witness: the reference kernel's ``qap_h``."""
    if not isinstance(matrices, QapMatrices):
        matrices = QapMatrices.from_section(matrices)
    return pack_scalars(h_evaluations(matrices.entries(), unpack_scalars(witness), n))


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
