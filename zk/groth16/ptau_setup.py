"""Circuit-specific Groth16 setup from a public powers-of-tau file, as ``snarkjs groth16 setup``.

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
from collections.abc import Callable, Sequence

from zk.curve import Backend, get_backend
from zk.curve.base import G1, G1_GENERATOR, G2, G2_GENERATOR, BytesLike
from zk.curve.encoding import (
    G1_BYTES,
    G2_BYTES,
    MONT_R_INV,
    pack_g1,
    pack_g2,
    unpack_g1,
    unpack_g2,
)
from zk.errors import FormatError, KeyMismatchError, PointError
from zk.field import FIELD_BYTES, TWO_ADICITY, Q, R, batch_inv
from zk.formats.ptau import Ptau, read_ptau
from zk.formats.zkey import HASH_BYTES, Contributions, pack_contributions
from zk.groth16.keys import ProvingKey
from zk.groth16.snarkjs_overread import overread_difference
from zk.qap import MATRIX_A, MATRIX_B, domain_for
from zk.r1cs import R1CS

_COEF_ENTRY = struct.Struct("<III32s")
_TO_ZKEY_FORM = pow(2, 512, R)  # coefficient c is stored as c·R² mod r (R = 2^256)
#: snarkjs hashes the τ-difference points in chunks of this many (see _h_hash_count).
_HASH_CHUNK = 1 << 14

Terms = list[tuple[int, int]]  # (Lagrange index, coefficient)


def _wire_terms(r1cs: R1CS) -> tuple[list[Terms], list[Terms], list[Terms]]:
    """Per wire, the (row, coefficient) pairs of A, B and C, rows in constraint order."""
    a: list[Terms] = [[] for _ in range(r1cs.n_wires)]
    b: list[Terms] = [[] for _ in range(r1cs.n_wires)]
    c: list[Terms] = [[] for _ in range(r1cs.n_wires)]
    for row, con in enumerate(r1cs.constraints):
        for target, lc in ((a, con.a), (b, con.b), (c, con.c)):
            for wire, coeff in lc.terms.items():
                if wire >= r1cs.n_wires:
                    raise FormatError(f"constraint #{row} names wire {wire} beyond the circuit")
                target[wire].append((row, coeff))
    return a, b, c


def snarkjs_coefficients(r1cs: R1CS) -> bytes:
    """The ``.zkey`` coefficient section in snarkjs's order: per constraint its A then B
    terms, then one A entry per public wire and the constant (row m + i, coefficient 1)."""
    entries: list[bytes] = []
    for row, con in enumerate(r1cs.constraints):
        for matrix, lc in ((MATRIX_A, con.a), (MATRIX_B, con.b)):
            for wire, coeff in lc.terms.items():
                value = coeff * _TO_ZKEY_FORM % R
                entries.append(_COEF_ENTRY.pack(matrix, row, wire, value.to_bytes(32, "little")))
    one = _TO_ZKEY_FORM.to_bytes(32, "little")
    base = r1cs.n_constraints
    entries.extend(
        _COEF_ENTRY.pack(MATRIX_A, base + s, s, one) for s in range(r1cs.n_public + 1)
    )
    return struct.pack("<I", len(entries)) + b"".join(entries)


def _gather(points: memoryview, size: int, terms: Terms) -> tuple[bytes, bytes]:
    bases = b"".join(points[j * size : (j + 1) * size] for j, _ in terms)
    scalars = b"".join(k.to_bytes(FIELD_BYTES, "little") for _, k in terms)
    return bases, scalars


def _check_used_points(be: Backend, ptau: Ptau, n: int) -> None:
    for name, buf in (
        ("Lagrange tauG1", ptau.lagrange_g1(n)),
        ("Lagrange alphaTauG1", ptau.lagrange_alpha_g1(n)),
        ("Lagrange betaTauG1", ptau.lagrange_beta_g1(n)),
        ("H (Lagrange tauG1, 2n domain)", ptau.lagrange_g1(2 * n)),
    ):
        for i, p in enumerate(unpack_g1(buf)):
            if p is not None and not be.g1_is_on_curve(p):
                raise PointError(f".ptau {name} point #{i} is not on the curve")
    for i, q in enumerate(unpack_g2(ptau.lagrange_g2(n))):
        if q is not None and not be.g2_is_on_curve(q):
            raise PointError(f".ptau Lagrange tauG2 point #{i} is not on the twist curve")


# ----- the circuit hash snarkjs puts in section 10 -------------------------------------------

def _fq_be(value_mont_le: bytes) -> bytes:
    return (int.from_bytes(value_mont_le, "little") * MONT_R_INV % Q).to_bytes(32, "big")


def _lem_to_uncompressed(packed: BytesLike, point_bytes: int) -> bytes:
    """snarkjs's "uncompressed" form of packed points: each coordinate out of Montgomery form
    and big-endian, an Fp2 coordinate as c1‖c0; the identity stays all zeros."""
    mv = memoryview(packed).cast("B")
    out = bytearray(len(mv))
    for start in range(0, len(mv), point_bytes):
        chunk = bytes(mv[start : start + point_bytes])
        if not any(chunk):
            continue
        coords = [chunk[i : i + 32] for i in range(0, point_bytes, 32)]
        if point_bytes == G2_BYTES:
            coords = [coords[1], coords[0], coords[3], coords[2]]
        out[start : start + point_bytes] = b"".join(_fq_be(c) for c in coords)
    return bytes(out)


def _h_hash_count(n: int) -> int:
    # snarkjs walks n − 1 points in chunks of 2^14 but always takes whole chunks.
    return -(-(n - 1) // _HASH_CHUNK) * _HASH_CHUNK if n - 1 > _HASH_CHUNK else n - 1


def _tau_differences(ptau: Ptau, n: int) -> bytes:
    """(τ^(n+i) − τ^i)·G1 for the points snarkjs hashes, in its uncompressed form.

    The differences are computed with the affine chord formula in plain integers (one
    batched inversion), which is what snarkjs's mixed addition reduces to for distinct,
    reduced x. A point read past the end of τⁱ·G1 (see :mod:`zk.groth16.snarkjs_overread`)
    is not reduced, and is done operation by operation as snarkjs does it.
    """
    count = _h_hash_count(n)
    data = ptau.container.data
    start = ptau.container.offsets[2]  # τⁱ·G1 (section 2)

    def raw(i: int) -> tuple[int, int]:
        chunk = bytes(data[start + i * G1_BYTES : start + (i + 1) * G1_BYTES])
        if len(chunk) != G1_BYTES:
            raise FormatError(".ptau is too short for the circuit hash of this domain")
        return int.from_bytes(chunk[:32], "little"), int.from_bytes(chunk[32:], "little")

    def point(coords: tuple[int, int]) -> tuple[int, int] | None:
        if coords == (0, 0):
            return None
        return coords[0] * MONT_R_INV % Q, coords[1] * MONT_R_INV % Q

    raw_pairs = [(raw(n + i), raw(i)) for i in range(count)]
    overread = {i for i, (hi, lo) in enumerate(raw_pairs) if max(*hi, *lo) >= Q}
    pairs = [(point(hi), point(lo)) for hi, lo in raw_pairs]
    dxs = []
    for k, (hi, lo) in enumerate(pairs):
        if k in overread or hi is None or lo is None:
            dxs.append(1)
        elif hi[0] == lo[0]:
            raise FormatError(".ptau repeats a power of tau: it is not a valid ceremony file")
        else:
            dxs.append((lo[0] - hi[0]) % Q)
    inverses = batch_inv(dxs, Q)
    out = bytearray()
    for k, ((hi, lo), dx_inv) in enumerate(zip(pairs, inverses, strict=True)):
        if k in overread:
            out += overread_difference(*raw_pairs[k])
            continue
        if lo is None:
            res = hi
        elif hi is None:
            res = (lo[0], (-lo[1]) % Q)
        else:
            x1, y1 = hi
            x2, y2 = lo[0], (-lo[1]) % Q  # subtracting lo = adding −lo
            lam = (y2 - y1) * dx_inv % Q
            x3 = (lam * lam - x1 - x2) % Q
            res = (x3, (lam * (x1 - x3) - y1) % Q)
        out += bytes(G1_BYTES) if res is None else res[0].to_bytes(32, "big") + res[1].to_bytes(
            32, "big")
    return bytes(out)


def circuit_hash(ptau: Ptau, pk: ProvingKey) -> bytes:
    """The blake2b-512 circuit hash ``snarkjs groth16 setup`` records for a fresh key."""
    h = hashlib.blake2b(digest_size=HASH_BYTES)

    def add_u32(value: int) -> None:
        h.update(struct.pack(">I", value))

    h.update(_lem_to_uncompressed(pack_g1([pk.alpha1, pk.beta1]), G1_BYTES))
    h.update(_lem_to_uncompressed(pack_g2([pk.beta2, pk.gamma2]), G2_BYTES))
    h.update(_lem_to_uncompressed(pack_g1([pk.delta1]), G1_BYTES))
    h.update(_lem_to_uncompressed(pack_g2([pk.delta2]), G2_BYTES))
    add_u32(len(pk.ic))
    h.update(_lem_to_uncompressed(pack_g1(pk.ic), G1_BYTES))
    add_u32(pk.domain_size - 1)
    h.update(_tau_differences(ptau, pk.domain_size))
    for packed, size in (
        (pk.c_points, G1_BYTES),
        (pk.a_points, G1_BYTES),
        (pk.b1_points, G1_BYTES),
        (pk.b2_points, G2_BYTES),
    ):
        add_u32(len(packed) // size)
        h.update(_lem_to_uncompressed(packed, size))
    return h.digest()


# ----- the setup ------------------------------------------------------------------------------

def _msm_g1(be: Backend, points: memoryview, terms: Terms) -> G1:
    if not terms:
        return None
    return be.msm_g1(*_gather(points, G1_BYTES, terms))


def _msm_g2(be: Backend, points: memoryview, terms: Terms) -> G2:
    if not terms:
        return None
    return be.msm_g2(*_gather(points, G2_BYTES, terms))


def _k_point(
    be: Backend, lagr: Sequence[memoryview], a: Terms, b: Terms, c: Terms
) -> G1:
    """Σ A·β·L + B·α·L + C·L for one wire, over the three G1 Lagrange sections."""
    tau, alpha_tau, beta_tau = lagr
    if not (a or b or c):
        return None
    parts = [_gather(beta_tau, G1_BYTES, a), _gather(alpha_tau, G1_BYTES, b),
             _gather(tau, G1_BYTES, c)]
    return be.msm_g1(b"".join(p[0] for p in parts), b"".join(p[1] for p in parts))


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
    step = progress or (lambda _msg: None)
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
    step("checking the powers-of-tau points")
    _check_used_points(be, ptau, n)
    lag_tau = ptau.lagrange_g1(n)
    lag_tau2 = ptau.lagrange_g2(n)
    lagr = (lag_tau, ptau.lagrange_alpha_g1(n), ptau.lagrange_beta_g1(n))

    step("grouping the constraints by wire")
    a_terms, b_terms, c_terms = _wire_terms(r1cs)
    base = r1cs.n_constraints
    a_extra: list[Terms] = [[(base + s, 1)] if s <= n_public else [] for s in
                            range(r1cs.n_wires)]

    step("computing the A, B, C and IC points")
    a_pts: list[G1] = []
    b1_pts: list[G1] = []
    b2_pts: list[G2] = []
    k_pts: list[G1] = []
    for w in range(r1cs.n_wires):
        a_w = a_terms[w] + a_extra[w]
        a_pts.append(_msm_g1(be, lag_tau, a_w))
        b1_pts.append(_msm_g1(be, lag_tau, b_terms[w]))
        b2_pts.append(_msm_g2(be, lag_tau2, b_terms[w]))
        k_pts.append(_k_point(be, lagr, a_w, b_terms[w], c_terms[w]))

    step("taking the H points")
    h_all = ptau.lagrange_g1(2 * n)
    h_points = b"".join(h_all[(2 * i + 1) * G1_BYTES : (2 * i + 2) * G1_BYTES] for i in range(n))

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
        ic=k_pts[: n_public + 1],
        coefs=snarkjs_coefficients(r1cs),
        a_points=pack_g1(a_pts),
        b1_points=pack_g1(b1_pts),
        b2_points=pack_g2(b2_pts),
        c_points=pack_g1(k_pts[n_public + 1 :]),
        h_points=h_points,
    )
    step("hashing the circuit")
    pk.contributions = pack_contributions(Contributions(circuit_hash(ptau, pk)))
    return pk
