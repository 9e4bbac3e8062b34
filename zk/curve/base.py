"""The two interfaces every backend implements, and the data they speak.

* :class:`CurveGroup` — the groups: point arithmetic, MSMs, pairings, validity checks;
* :class:`FieldKernel` — work over Fr: powers, NTTs and the QAP quotient on planned matrices
  (:class:`zk.qap.QapMatrices`; how a ``.zkey`` stores them is a format detail).

:class:`Backend` is both, as each of ours (``native``, ``reference``) provides; code that
needs only one side asks for that one.

Single values are plain Python data, the same for every backend:

* a G1 point is ``(x, y)`` with integer affine coordinates, or ``None`` for the identity;
* a G2 point is ``((x_c0, x_c1), (y_c0, y_c1))`` with x = x_c0 + x_c1·u, or ``None``;
* an Fp12 value (a pairing result) is 12 integers in snarkjs's tower order
  ``a0.c0, a0.c1, a1.c0, a1.c1, a2.c0, a2.c1, b0.c0, … b2.c1`` for (a0 + a1·v + a2·v²) + (b0 + …)·w.

Vectors cross between Python and a backend as packed little-endian buffers (see
:mod:`zk.curve.encoding`), never as lists of Python ints:

* scalars: 32 bytes each, plain (not Montgomery) little-endian; values ≥ r are reduced;
* G1 points: 64 bytes each, affine x‖y, each coordinate in Montgomery form (x·2²⁵⁶ mod q),
  the identity as 64 zero bytes — exactly a snarkjs ``.zkey`` point section, so a proving
  key is used straight from the file;
* G2 points: 128 bytes each, x.c0‖x.c1‖y.c0‖y.c1 in the same form.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Protocol, runtime_checkable

from zk.field import Q, R

if TYPE_CHECKING:
    from zk.qap import QapMatrices

G1 = tuple[int, int] | None
G2 = tuple[tuple[int, int], tuple[int, int]] | None
Fp12 = tuple[int, ...]

#: Anything that exposes the buffer protocol with the packed layout above.
BytesLike = bytes | bytearray | memoryview


#: The cofactor of BN254's G2 (the twist's order divided by r).
G2_COFACTOR = 2 * Q - R

#: The standard generator of G1 (affine).
G1_GENERATOR: G1 = (1, 2)
#: The standard generator of G2 (affine; x = c0 + c1·u), as in EIP-197 and snarkjs.
G2_GENERATOR: G2 = (
    (
        10857046999023057135944570762232829481370756359578518086990519993285655852781,
        11559732032986387107991004021392285783925812861821192530917403151452391805634,
    ),
    (
        8495653923123431417604973247489272438418190587263600148770280649306958101930,
        4082367875863433681332203403145435568316851327593401208105741076214120093531,
    ),
)


@runtime_checkable
class CurveGroup(Protocol):
    """The groups of BN254 that the proof system needs: points, MSMs, pairings, validity."""

    name: str

    # --- single points -------------------------------------------------------------------
    def g1_add(self, p: G1, q: G1) -> G1:
        """p + q in G1."""

    def g1_neg(self, p: G1) -> G1:
        """−p in G1."""

    def g1_mul(self, p: G1, k: int) -> G1:
        """k·p in G1 (k any integer; reduced mod r)."""

    def g2_add(self, p: G2, q: G2) -> G2:
        """p + q in G2."""

    def g2_neg(self, p: G2) -> G2:
        """−p in G2."""

    def g2_mul(self, p: G2, k: int) -> G2:
        """k·p in G2 (k any integer; reduced mod r)."""

    def g2_clear_cofactor(self, p: G2) -> G2:
        """(2q − r)·p for a point p of the twist, in or out of the subgroup (the scalar is
        not reduced mod r): a point of G2, as ffjavascript's ``fromRng`` lands there."""

    def g1_is_on_curve(self, p: G1) -> bool:
        """y² = x³ + 3 over Fp (the identity counts as on the curve). G1 has cofactor 1."""

    def g2_is_on_curve(self, p: G2) -> bool:
        """y² = x³ + 3/(9+u) over Fp2 (the identity counts as on the curve)."""

    def g2_in_subgroup(self, p: G2) -> bool:
        """p is on the curve and r·p is the identity (G2's cofactor is not 1)."""

    # --- pairings ------------------------------------------------------------------------
    def pairing(self, p: G1, q: G2) -> Fp12:
        """The reduced optimal ate pairing e(p, q), as 12 integers in snarkjs tower order."""

    def pairing_product(self, pairs: Sequence[tuple[G1, G2]]) -> Fp12:
        """∏ e(p_i, q_i) in snarkjs tower order (one multi-Miller loop, one final
        exponentiation): what a prepared verifying key compares with e(α, β)."""

    def pairing_check(self, pairs: Sequence[tuple[G1, G2]]) -> bool:
        """True iff ∏ e(p_i, q_i) = 1 (one multi-Miller loop and one final exponentiation)."""

    # --- vectors (packed buffers) ----------------------------------------------------------
    def g1_mul_batch(self, base: G1, scalars: BytesLike) -> bytes:
        """k_i·base for every packed scalar k_i, as packed G1 points (fixed-base)."""

    def g2_mul_batch(self, base: G2, scalars: BytesLike) -> bytes:
        """k_i·base for every packed scalar k_i, as packed G2 points (fixed-base)."""

    def msm_g1(self, points: BytesLike, scalars: BytesLike) -> G1:
        """Σ k_i·P_i over packed G1 points and packed scalars of the same count."""

    def msm_g1_joint(self, points: BytesLike, scalars: BytesLike, more_points: BytesLike,
                     more_scalars: BytesLike) -> G1:
        """Σ k_i·P_i + Σ m_j·Q_j: the sum of two MSMs, computed as one (a backend may share
        one set of buckets between them, which costs less than two MSMs and an addition)."""

    def msm_g2(self, points: BytesLike, scalars: BytesLike, *, in_subgroup: bool = False
               ) -> G2:
        """Σ k_i·Q_i over packed G2 points and packed scalars of the same count.

        ``in_subgroup=True``: the caller vouches that every point lies in the order-r
        subgroup (a proving key's), which lets a backend use the endomorphism ψ; for a point
        outside it the sum is then wrong by a point of small order."""

    def g1_sparse_msm(self, points: BytesLike, indices: BytesLike, scalars: BytesLike,
                      ends: BytesLike) -> bytes:
        """A sparse matrix times a vector of packed G1 points: for each row o, Σ k_t·P[i_t]
        over its terms ``ends[o−1] ≤ t < ends[o]`` (``ends[−1]`` = 0), packed, one point
        per row (the identity for an empty row).

        ``indices`` and ``ends`` are little-endian u32 arrays (``array("I")`` on the usual
        platforms), ``scalars`` packed, one per index. An index beyond the points, ``ends``
        decreasing or not ending at the term count raise ``ValueError``; a point with a
        coordinate ≥ q or off the curve :class:`~zk.errors.PointError`. What a
        circuit-specific setup computes: one row per wire over the Lagrange points.
        """

    def g2_sparse_msm(self, points: BytesLike, indices: BytesLike, scalars: BytesLike,
                      ends: BytesLike) -> bytes:
        """:meth:`g1_sparse_msm` over packed G2 points (any twist points: the product is
        exact without the subgroup)."""

    def g1_scale_batch(self, points: BytesLike, scalars: BytesLike) -> bytes:
        """k_i·P_i for every i (each packed G1 point by its own packed scalar), packed.

        Identities and zero scalars give the identity. What a trusted-setup contribution
        does to a section: the i-th point times the i-th power of a secret.
        """

    def g2_scale_batch(self, points: BytesLike, scalars: BytesLike) -> bytes:
        """k_i·Q_i for every i over packed G2 points of the order-r subgroup, packed.

        For a twist point outside the subgroup the result is unspecified (the native core
        uses the endomorphism ψ, which is multiplication by 6u² only on the subgroup).
        """

    def g1_ifft(self, points: BytesLike) -> bytes:
        """(1/n)·Σ_i ω^(−ij)·P_i for j < n over n packed G1 points (n a power of two, ω the
        standard n-th root of unity, :func:`zk.field.root_of_unity`): the Lagrange basis
        L_j(τ)·G from the powers τ^i·G."""

    def g2_ifft(self, points: BytesLike) -> bytes:
        """:meth:`g1_ifft` over packed G2 points of the order-r subgroup."""

    def fp_from_montgomery(self, values: BytesLike) -> bytes:
        """Packed Montgomery-form coordinates (32-byte little-endian x·2²⁵⁶ mod q, as packed
        points store them) as plain 32-byte little-endian values x; inputs ≥ q are reduced
        first. What a transcript hash needs from a whole packed section."""

    def g1_first_invalid(self, points: BytesLike) -> int:
        """Index of the first packed G1 point not on the curve (or with a coordinate ≥ q),
        or −1 when all are valid (the identity is valid; G1 has cofactor 1)."""

    def g2_first_invalid(self, points: BytesLike) -> int:
        """Index of the first packed G2 point off the twist or outside the order-r subgroup
        (or with a coordinate ≥ q), or −1 when all are valid (the identity is valid)."""


@runtime_checkable
class FieldKernel(Protocol):
    """Work over the scalar field Fr: powers, NTTs and the QAP quotient of a witness."""

    name: str

    def fr_powers(self, first: int, inc: int, count: int) -> bytearray:
        """first·inc^i mod r for i < count, as packed scalars in a ``bytearray`` (so that a
        caller holding powers of a secret can overwrite them when done)."""

    def fr_ntt(self, values: BytesLike, inverse: bool = False) -> bytes:
        """:func:`zk.field.ntt` on packed scalars (length a power of two up to 2^28)."""

    def fr_coset_ntt(self, values: BytesLike, shift: int, inverse: bool = False) -> bytes:
        """:func:`zk.field.coset_ntt` on packed scalars; ``shift`` must be non-zero mod r."""

    def first_not_below(self, values: BytesLike, modulus: int) -> int:
        """Index of the first packed 32-byte little-endian value ≥ ``modulus`` (< 2²⁵⁶), or
        −1 when all are below: the range check every binary reader runs on its sections."""

    def coefficient_problem(self, body: BytesLike, domain_size: int | None,
                            n_signals: int | None) -> tuple[str, int, int] | None:
        """The first problem of a ``.zkey`` coefficient section body (u32 count, then 44-byte
        entries: u32 matrix, row, signal, 32-byte coefficient), or ``None``.

        A problem is ``(kind, entry, value)``: kind ``"short"`` (no count), ``"length"``
        (value: the count, which the body's size does not match), else the first entry whose
        ``"matrix"`` is not 0 or 1, else the first whose ``"row"`` is ≥ ``domain_size``, else
        the first whose ``"signal"`` is ≥ ``n_signals`` (value: what it names; a bound of
        ``None`` is not checked), else the first whose ``"coeff"`` is not below r.
        """

    def qap_h(self, matrices: QapMatrices, witness: BytesLike, domain_size: int) -> bytes:
        """The packed scalars that multiply a Groth16 key's H points (snarkjs's QAP).

        ``matrices`` are the A and B matrices, planned (:class:`zk.qap.QapMatrices`, entries
        in any order); ``witness`` the packed witness. With a_j = Σ A[j]·w, b_j = Σ B[j]·w
        and c_j = a_j·b_j on the rows of the n-point domain, the result is (A·B − C)
        evaluated at the odd 2n-th roots of unity ω₂ₙ·ωₙ^i, i = 0…n−1. A row outside the
        domain or a signal beyond the witness raises :class:`~zk.errors.FormatError`.
        """


@runtime_checkable
class Backend(CurveGroup, FieldKernel, Protocol):
    """A complete backend: both interfaces, as each of ours (native, reference) provides."""
