"""Circuit-specific Groth16 setup from a public powers-of-tau file, as ``snarkjs groth16 setup``.

It belongs to the ceremony, not to :mod:`zk.groth16`: it reads a phase-1 transcript and
writes the circuit hash snarkjs's phase 2 starts from; the ceremony depends on Groth16's
keys, never the reverse.

Phase 1 (the ``.ptau``) fixes τ, α and β without anyone knowing them; this step only takes
linear combinations of its Lagrange-basis points, so it needs no secret and no randomness.
γ and δ start as 1 (the generators), exactly as snarkjs leaves them before phase-2
contributions. With L_j = L_j(τ) of the snarkjs domain (see :mod:`zk.qap`):

* A_i = Σ_j A_ji·L_j·G1 (plus L_{m+i} for public wires i, m the constraint count),
* B_i = Σ_j B_ji·L_j in G1 and G2,
* K_i = Σ_j (A_ji·β·L_j + B_ji·α·L_j + C_ji·L_j)·G1 (plus β·L_{m+i} for public wires), kept
  as IC for public wires and as the C section for the others,
* H = the odd-index Lagrange points of the 2n-point domain.

The key is byte-identical to the one snarkjs writes from the same ``.r1cs`` and ``.ptau``,
including the coefficient order and the blake2b circuit hash in the contributions section.
"""

from __future__ import annotations

import hashlib
import struct
from collections.abc import Callable

import numpy as np

from zk.ceremony.encoding import g1_batch_uncompressed, g2_batch_uncompressed
from zk.ceremony.snarkjs_overread import overread_difference
from zk.curve import Backend, get_backend
from zk.curve.base import G1_GENERATOR, G2_GENERATOR, BytesLike
from zk.curve.encoding import G1_BYTES, G2_BYTES, pack_g1, pack_g2, unpack_g1
from zk.curve.validity import check_g1_points
from zk.errors import FormatError, KeyMismatchError, PointError
from zk.field import FIELD_BYTES, TWO_ADICITY, R
from zk.formats.ptau import Ptau, read_ptau
from zk.formats.zkey import HASH_BYTES, Contributions, pack_contributions
from zk.groth16.keys import ProvingKey
from zk.progress import silent
from zk.qap import domain_for, pack_coefficients
from zk.r1cs import R1CS

#: snarkjs hashes the τ-difference points in chunks of this many (see _h_hash_count).
_HASH_CHUNK = 1 << 14

class _MatrixTerms:
    """The nonzero entries of one R1CS matrix as parallel columns: wire, row, coefficient."""

    def __init__(self) -> None:
        self.wires: list[int] = []
        self.rows: list[int] = []
        self.coefficients: list[int] = []

    def add(self, wire: int, row: int, coefficient: int) -> None:
        self.wires.append(wire)
        self.rows.append(row)
        self.coefficients.append(coefficient)

    def columns(self) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """(wires, rows, packed coefficients as an (n, 32) byte array)."""
        packed = b"".join(k.to_bytes(FIELD_BYTES, "little") for k in self.coefficients)
        return (np.asarray(self.wires, dtype=np.int64), np.asarray(self.rows, dtype=np.int64),
                np.frombuffer(packed, dtype=np.uint8).reshape(-1, FIELD_BYTES))


def _matrix_terms(r1cs: R1CS) -> tuple[_MatrixTerms, _MatrixTerms, _MatrixTerms]:
    """A, B and C entry by entry; A also gets row m + s for each public wire s and the
    constant (m the constraint count), as snarkjs adds them."""
    a, b, c = _MatrixTerms(), _MatrixTerms(), _MatrixTerms()
    for row, con in enumerate(r1cs.constraints):
        for target, lc in ((a, con.a), (b, con.b), (c, con.c)):
            for wire, coeff in lc.terms.items():
                if wire >= r1cs.n_wires:
                    raise FormatError(f"constraint #{row} names wire {wire} beyond the circuit")
                target.add(wire, row, coeff)
    for s in range(r1cs.n_public + 1):
        a.add(s, r1cs.n_constraints + s, 1)
    return a, b, c


def _rows_by_wire(n_wires: int, parts: list[tuple[tuple[np.ndarray, ...], int]]
                  ) -> tuple[bytes, bytes, bytes]:
    """A matrix with a row per wire in the layout of
    :meth:`~zk.curve.base.Backend.g1_sparse_msm` (indices, scalars, row ends), from the
    columns of one or more matrices, each with an offset added to its rows (the position of
    its points when sections are laid end to end)."""
    wires = np.concatenate([cols[0] for cols, _ in parts])
    index = np.concatenate([cols[1] + offset for cols, offset in parts])
    coefficients = np.concatenate([cols[2] for cols, _ in parts])
    order = np.argsort(wires, kind="stable")
    ends = np.cumsum(np.bincount(wires, minlength=n_wires))
    return (index[order].astype("<u4").tobytes(), coefficients[order].tobytes(),
            ends.astype("<u4").tobytes())


def _check_g1_sections(be: Backend, sections: dict[str, BytesLike]) -> None:
    for name, buf in sections.items():
        check_g1_points(buf, f".ptau {name}", be)


# ----- the circuit hash snarkjs puts in section 10 -------------------------------------------

def _uncompressed(packed: BytesLike, point_bytes: int) -> bytes:
    """snarkjs's "uncompressed" form of packed points (big-endian, out of Montgomery form,
    an Fp2 coordinate as c1‖c0, the identity all zeros)."""
    convert = g2_batch_uncompressed if point_bytes == G2_BYTES else g1_batch_uncompressed
    return convert(packed)


def _h_hash_count(n: int) -> int:
    # snarkjs walks n − 1 points in chunks of 2^14 but always takes whole chunks.
    return -(-(n - 1) // _HASH_CHUNK) * _HASH_CHUNK if n - 1 > _HASH_CHUNK else n - 1


def _tau_differences(be: Backend, ptau: Ptau, n: int) -> bytes:
    """(τ^(n+i) − τ^i)·G1 for the points snarkjs hashes, in its uncompressed form.

    Pairs inside τⁱ·G1 are one sparse product (rows of +1 and −1). The few pairs that reach
    past the section's end are done operation by operation as snarkjs does them (see
    :mod:`zk.ceremony.snarkjs_overread`: bytes that are no point, often not even reduced).
    """
    count = _h_hash_count(n)
    tau = ptau.tau_g1()
    inside = max(0, min(count, len(tau) // G1_BYTES - n))
    raw = np.frombuffer(tau, dtype=np.uint8).reshape(-1, G1_BYTES)
    hi, lo = raw[n : n + inside], raw[:inside]
    same_x = (hi[:, :32] == lo[:, :32]).all(axis=1) & hi.any(axis=1) & lo.any(axis=1)
    if same_x.any():
        raise FormatError(".ptau repeats a power of tau: it is not a valid ceremony file")
    lows = np.arange(inside, dtype="<u4")
    indices = np.empty(2 * inside, dtype="<u4")
    indices[0::2], indices[1::2] = lows + n, lows
    plus_minus = (1).to_bytes(FIELD_BYTES, "little") + (R - 1).to_bytes(FIELD_BYTES, "little")
    ends = np.arange(2, 2 * inside + 1, 2, dtype="<u4")
    differences = be.g1_sparse_msm(tau, indices.tobytes(), plus_minus * inside, ends.tobytes())
    out = [_uncompressed(differences, G1_BYTES)]
    out += [_past_the_end_difference(ptau, n + i, i) for i in range(inside, count)]
    return b"".join(out)


def _past_the_end_difference(ptau: Ptau, hi_index: int, lo_index: int) -> bytes:
    """One τ-difference whose upper point is read past the end of τⁱ·G1, as snarkjs gets it."""
    data = ptau.container.data
    start = ptau.container.offsets[2]  # τⁱ·G1 (section 2)

    def raw(i: int) -> tuple[int, int]:
        chunk = bytes(data[start + i * G1_BYTES : start + (i + 1) * G1_BYTES])
        if len(chunk) != G1_BYTES:
            raise FormatError(".ptau is too short for the circuit hash of this domain")
        return int.from_bytes(chunk[:32], "little"), int.from_bytes(chunk[32:], "little")

    return overread_difference(raw(hi_index), raw(lo_index))


def circuit_hash(ptau: Ptau, pk: ProvingKey, backend: Backend | None = None) -> bytes:
    """The blake2b-512 circuit hash ``snarkjs groth16 setup`` records for a fresh key."""
    be = backend or get_backend()
    h = hashlib.blake2b(digest_size=HASH_BYTES)

    def add_u32(value: int) -> None:
        h.update(struct.pack(">I", value))

    h.update(_uncompressed(pack_g1([pk.alpha1, pk.beta1]), G1_BYTES))
    h.update(_uncompressed(pack_g2([pk.beta2, pk.gamma2]), G2_BYTES))
    h.update(_uncompressed(pack_g1([pk.delta1]), G1_BYTES))
    h.update(_uncompressed(pack_g2([pk.delta2]), G2_BYTES))
    add_u32(len(pk.ic))
    h.update(_uncompressed(pack_g1(pk.ic), G1_BYTES))
    add_u32(pk.domain_size - 1)
    h.update(_tau_differences(be, ptau, pk.domain_size))
    for packed, size in (
        (pk.c_points, G1_BYTES),
        (pk.a_points, G1_BYTES),
        (pk.b1_points, G1_BYTES),
        (pk.b2_points, G2_BYTES),
    ):
        add_u32(len(packed) // size)
        h.update(_uncompressed(packed, size))
    return h.digest()


# ----- the setup ------------------------------------------------------------------------------

def _section_rows(r1cs: R1CS, n: int) -> tuple[tuple[bytes, bytes, bytes], ...]:
    """The A, B and K matrices, a row per wire; K = A·β + B·α + C over the Lagrange sections
    laid end to end as τ‖ατ‖βτ (offsets 0, n, 2n)."""
    a, b, c = (m.columns() for m in _matrix_terms(r1cs))
    w = r1cs.n_wires
    return (_rows_by_wire(w, [(a, 0)]), _rows_by_wire(w, [(b, 0)]),
            _rows_by_wire(w, [(a, 2 * n), (b, n), (c, 0)]))


def domain_power(r1cs: R1CS) -> int:
    """log2 of the domain snarkjs gives this circuit (at least 2 points)."""
    return max(domain_for(r1cs), 2).bit_length() - 1


def setup_from_ptau(
    r1cs: R1CS,
    ptau_data: BytesLike | Ptau,
    backend: Backend | None = None,
    progress: Callable[[str], None] | None = None,
) -> ProvingKey:
    """Groth16 key for ``r1cs`` from a prepared powers-of-tau file (phase 2 not yet run).

    Raises :class:`~zk.errors.KeyMismatchError` when the ``.ptau`` is too small for the
    circuit, and :class:`~zk.errors.FormatError` when it is malformed or not prepared.
    """
    be = backend or get_backend()
    step = progress or silent
    ptau = ptau_data if isinstance(ptau_data, Ptau) else read_ptau(ptau_data, be)
    power = domain_power(r1cs)
    if power > ptau.power:
        raise KeyMismatchError(
            f"the circuit needs a 2^{power} domain ({r1cs.n_constraints} constraints + "
            f"{r1cs.n_public + 1} public rows) but the .ptau has power {ptau.power}: use a "
            f"powers-of-tau file of power ≥ {power}"
        )
    if power >= TWO_ADICITY:
        raise KeyMismatchError(
            f"a 2^{power} domain leaves no room for the 2^{power + 1}-point H domain "
            f"within BN254's 2^{TWO_ADICITY} limit"
        )
    if not ptau.prepared:
        raise FormatError(
            "the .ptau file is not prepared for phase 2: run "
            "`snarkjs powersoftau prepare phase2` on it first"
        )
    n = 1 << power
    n_public = r1cs.n_public
    lag_tau = ptau.lagrange_g1(n)
    lagr_g1 = {"Lagrange tauG1": lag_tau, "Lagrange alphaTauG1": ptau.lagrange_alpha_g1(n),
               "Lagrange betaTauG1": ptau.lagrange_beta_g1(n)}
    h_all = ptau.lagrange_g1(2 * n)
    step("checking the powers-of-tau points")
    _check_g1_sections(be, {**lagr_g1, "H (Lagrange tauG1, 2n domain)": h_all})

    step("grouping the constraints by wire")
    a_rows, b_rows, k_rows = _section_rows(r1cs, n)

    step("computing the A, B, C and IC points")
    a_points = be.g1_sparse_msm(lag_tau, *a_rows)
    b1_points = be.g1_sparse_msm(lag_tau, *b_rows)
    try:
        b2_points = be.g2_sparse_msm(ptau.lagrange_g2(n), *b_rows)
    except PointError as exc:
        raise PointError(f".ptau Lagrange tauG2: {exc}") from None
    k_points = be.g1_sparse_msm(b"".join(lagr_g1.values()), *k_rows)
    ic_bytes = (n_public + 1) * G1_BYTES

    step("taking the H points")
    h_points = np.frombuffer(h_all, dtype=np.uint8).reshape(-1, G1_BYTES)[1::2].tobytes()

    pk = ProvingKey(
        n_vars=r1cs.n_wires,
        n_public=n_public,
        domain_size=n,
        alpha1=ptau.alpha1,
        beta1=ptau.beta1,
        beta2=ptau.beta2,
        gamma2=G2_GENERATOR,
        delta1=G1_GENERATOR,
        delta2=G2_GENERATOR,
        ic=unpack_g1(k_points[:ic_bytes]),
        coefs=pack_coefficients(r1cs, interleaved=True),
        a_points=a_points,
        b1_points=b1_points,
        b2_points=b2_points,
        c_points=k_points[ic_bytes:],
        h_points=h_points,
    )
    step("hashing the circuit")
    pk.contributions = pack_contributions(Contributions(circuit_hash(ptau, pk, be)))
    return pk
