"""The native backend: BN254 in C (:mod:`zk.native._bn254`), the default when it is built.

It speaks exactly the data of :mod:`zk.curve.base`. Single points travel as affine integer
tuples and are packed on the way in; vectors stay packed buffers end to end (any bytes-like
object: ``bytes``, ``bytearray``, ``memoryview``, a contiguous NumPy array), so a proving key
read from a ``.zkey`` goes to the C core without conversion. Long operations release the GIL
and use ``ZKGOV_THREADS`` worker threads (default: every online CPU).

Beyond the :class:`~zk.curve.base.Backend` protocol it offers batch validation of packed
points, batch decoding of snarkjs's transcript point encodings and the Poseidon permutation
(see the methods' docstrings).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from zk.curve.base import G1, G2, G2_COFACTOR, BytesLike, Fp12
from zk.curve.encoding import SCALAR_BYTES, pack_g1, pack_g2, unpack_g1, unpack_g2
from zk.field import R
from zk.native import _bn254

if TYPE_CHECKING:
    from zk.qap import QapMatrices

__all__ = ["NativeBackend"]


def _scalar_bytes(k: int) -> bytes:
    return (k % R).to_bytes(SCALAR_BYTES, "little")


def _g1_in(p: G1) -> bytes:
    return pack_g1([p])


def _g2_in(p: G2) -> bytes:
    return pack_g2([p])


def _g1_out(buf: bytes) -> G1:
    return unpack_g1(buf)[0]


def _g2_out(buf: bytes) -> G2:
    return unpack_g2(buf)[0]


def _fp12_out(buf: bytes) -> Fp12:
    return tuple(int.from_bytes(buf[i : i + 32], "little") for i in range(0, len(buf), 32))


class NativeBackend:
    """Curve arithmetic in C (see :class:`zk.curve.base.Backend` for the contract)."""

    name = "native"

    # --- single points -------------------------------------------------------------------
    def g1_add(self, p: G1, q: G1) -> G1:
        """Return p + q in G1 (``None`` is the identity), computed in C."""
        return _g1_out(_bn254.g1_add(_g1_in(p), _g1_in(q)))

    def g1_neg(self, p: G1) -> G1:
        """Return −p in G1 (the identity stays ``None``)."""
        return _g1_out(_bn254.g1_neg(_g1_in(p)))

    def g1_mul(self, p: G1, k: int) -> G1:
        """Return k·p in G1; ``k`` is any integer, reduced mod r before the C call."""
        return _g1_out(_bn254.g1_mul(_g1_in(p), _scalar_bytes(k)))

    def g2_add(self, p: G2, q: G2) -> G2:
        """Return p + q in G2 (``None`` is the identity), computed in C."""
        return _g2_out(_bn254.g2_add(_g2_in(p), _g2_in(q)))

    def g2_neg(self, p: G2) -> G2:
        """Return −p in G2 (the identity stays ``None``)."""
        return _g2_out(_bn254.g2_neg(_g2_in(p)))

    def g2_mul(self, p: G2, k: int) -> G2:
        """Return k·p in G2; ``k`` is any integer, reduced mod r before the C call."""
        return _g2_out(_bn254.g2_mul(_g2_in(p), _scalar_bytes(k)))

    def g2_clear_cofactor(self, p: G2) -> G2:
        """(2q − r)·p by double-and-add over the C core's additions, which are exact on the
        whole twist (its scalar multiplication reduces mod r and uses ψ, valid only on G2)."""
        acc: G2 = None
        base, k = p, G2_COFACTOR
        while k:
            if k & 1:
                acc = self.g2_add(acc, base)
            base = self.g2_add(base, base)
            k >>= 1
        return acc

    def g1_is_on_curve(self, p: G1) -> bool:
        """True when p satisfies y² = x³ + 3 over Fp, or is ``None``; G1 has cofactor 1,
        so this is membership in the group."""
        return p is None or _bn254.g1_is_on_curve(_g1_in(p))

    def g2_is_on_curve(self, p: G2) -> bool:
        """True when p lies on the twist y² = x³ + 3/(9+u) over Fp2, or is ``None``;
        subgroup membership is :meth:`g2_in_subgroup`."""
        return p is None or _bn254.g2_is_on_curve(_g2_in(p))

    def g2_in_subgroup(self, p: G2) -> bool:
        """On the twist and in the order-r subgroup ([u+1]p + ψ([u]p) + ψ²([u]p) = ψ³([2u]p))."""
        return p is None or _bn254.g2_in_subgroup(_g2_in(p))

    # --- pairings ------------------------------------------------------------------------
    def pairing(self, p: G1, q: G2) -> Fp12:
        """The reduced optimal ate pairing e(p, q) as 12 integers in snarkjs tower order;
        a point off its curve raises :class:`PointError`."""
        return _fp12_out(_bn254.pairing_product(_g1_in(p), _g2_in(q)))

    def pairing_product(self, pairs: Sequence[tuple[G1, G2]]) -> Fp12:
        """∏ e(p_i, q_i) in snarkjs tower order (one Miller loop, one final exponentiation)."""
        g1s, g2s = self._pack_pairs(pairs)
        return _fp12_out(_bn254.pairing_product(g1s, g2s))

    def pairing_check(self, pairs: Sequence[tuple[G1, G2]]) -> bool:
        """True iff ∏ e(p_i, q_i) = 1, with one multi-Miller loop and one final
        exponentiation in C; a point off its curve raises :class:`PointError`."""
        g1s, g2s = self._pack_pairs(pairs)
        return _bn254.pairing_check(g1s, g2s)

    @staticmethod
    def _pack_pairs(pairs: Sequence[tuple[G1, G2]]) -> tuple[bytes, bytes]:
        return pack_g1([p for p, _ in pairs]), pack_g2([q for _, q in pairs])

    # --- vectors (packed buffers) ----------------------------------------------------------
    def g1_mul_batch(self, base: G1, scalars: BytesLike) -> bytes:
        """k_i·base for every packed scalar k_i (fixed-base, on ``ZKGOV_THREADS``
        threads), as packed G1 points in the same order."""
        return _bn254.g1_mul_batch(_g1_in(base), scalars)

    def g2_mul_batch(self, base: G2, scalars: BytesLike) -> bytes:
        """k_i·base for every packed scalar k_i (fixed-base, on ``ZKGOV_THREADS``
        threads), as packed G2 points in the same order."""
        return _bn254.g2_mul_batch(_g2_in(base), scalars)

    def msm_g1(self, points: BytesLike, scalars: BytesLike) -> G1:
        """Σ k_i·P_i over packed G1 points and as many packed scalars (Pippenger in C,
        multi-threaded); different counts raise ``ValueError``."""
        return _g1_out(_bn254.g1_msm(points, scalars))

    def msm_g1_joint(self, points: BytesLike, scalars: BytesLike, more_points: BytesLike,
                     more_scalars: BytesLike) -> G1:
        """Σ k_i·P_i + Σ m_j·Q_j as one Pippenger MSM in C over both sets of points (neither
        copied); each set with as many scalars as points, else ``ValueError``."""
        return _g1_out(_bn254.g1_msm(points, scalars, more_points=more_points,
                                     more_scalars=more_scalars))

    def msm_g2(self, points: BytesLike, scalars: BytesLike, *, in_subgroup: bool = False
               ) -> G2:
        """Σ k_i·Q_i over packed G2 points and as many packed scalars (Pippenger in C,
        multi-threaded, with ψ for points vouched ``in_subgroup``); different counts raise
        ``ValueError``."""
        return _g2_out(_bn254.g2_msm(points, scalars, in_subgroup=in_subgroup))

    def g1_sparse_msm(self, points: BytesLike, indices: BytesLike, scalars: BytesLike,
                      ends: BytesLike) -> bytes:
        """Per row, Σ k_t·P[i_t] (see :meth:`zk.curve.base.Backend.g1_sparse_msm`): terms of
        1 and −1 are additions, the rest GLV ladders or Pippenger, rows on the threads."""
        return _bn254.g1_sparse_msm(points, indices, scalars, ends)

    def g2_sparse_msm(self, points: BytesLike, indices: BytesLike, scalars: BytesLike,
                      ends: BytesLike) -> bytes:
        """:meth:`g1_sparse_msm` over G2 (additions and Pippenger, exact on the whole
        twist)."""
        return _bn254.g2_sparse_msm(points, indices, scalars, ends)

    def g1_scale_batch(self, points: BytesLike, scalars: BytesLike) -> bytes:
        """k_i·P_i for every i (GLV scalar multiplication in C, multi-threaded); different
        counts raise ``ValueError``, a coordinate ≥ q :class:`~zk.errors.PointError`."""
        return _bn254.g1_scale_batch(points, scalars)

    def g2_scale_batch(self, points: BytesLike, scalars: BytesLike) -> bytes:
        """k_i·Q_i for every i over points of the order-r subgroup (GLV with ψ in C,
        multi-threaded); for other twist points the result is not k_i·Q_i."""
        return _bn254.g2_scale_batch(points, scalars)

    def fr_powers(self, first: int, inc: int, count: int) -> bytearray:
        """first·inc^i mod r for i < count, packed, computed in C (multi-threaded)."""
        return _bn254.fr_powers(_scalar_bytes(first), _scalar_bytes(inc), count)

    def g1_ifft(self, points: BytesLike) -> bytes:
        """(1/n)·Σ_i ω^(−ij)·P_i for j < n: a radix-2 FFT over G1 in C, multi-threaded per
        layer; the count must be a power of two (``ValueError`` otherwise)."""
        return _bn254.g1_ifft(points)

    def g2_ifft(self, points: BytesLike) -> bytes:
        """:meth:`g1_ifft` over G2 (points of the order-r subgroup)."""
        return _bn254.g2_ifft(points)

    def qap_h(self, matrices: QapMatrices, witness: BytesLike, domain_size: int) -> bytes:
        """The packed scalars that multiply a key's H points (see
        :meth:`zk.curve.base.FieldKernel.qap_h`), sparse products and NTTs in C on the
        planned table as is; a domain size that is not a power of two raises ``ValueError``."""
        return _bn254.qap_h(matrices.buffer, witness, domain_size)

    def first_not_below(self, values: BytesLike, modulus: int) -> int:
        """Index of the first packed value ≥ ``modulus``, −1 if none (a scan in C)."""
        return _bn254.first_not_below(values, modulus.to_bytes(SCALAR_BYTES, "little"))

    def coefficient_problem(self, body: BytesLike, domain_size: int | None,
                            n_signals: int | None) -> tuple[str, int, int] | None:
        """The first problem of a coefficient section (see
        :meth:`zk.curve.base.FieldKernel.coefficient_problem`), one pass in C."""
        return _bn254.qap_check(body, -1 if domain_size is None else domain_size,
                                -1 if n_signals is None else n_signals)

    # --- extras --------------------------------------------------------------------------
    def fr_ntt(self, values: BytesLike, inverse: bool = False) -> bytes:
        """:func:`zk.field.ntt` on packed scalars (length a power of two up to 2^28)."""
        return _bn254.fr_ntt(values, inverse)

    def fr_coset_ntt(self, values: BytesLike, shift: int, inverse: bool = False) -> bytes:
        """:func:`zk.field.coset_ntt` on packed scalars; ``shift`` must be non-zero mod r."""
        return _bn254.fr_coset_ntt(values, _scalar_bytes(shift), inverse)

    def g1_first_invalid(self, points: BytesLike) -> int:
        """Index of the first packed G1 point that is not on the curve (or has a coordinate
        ≥ q), or −1 when all are valid. G1 has cofactor 1: on the curve means in the group."""
        return _bn254.g1_first_invalid(points)

    def g2_first_invalid(self, points: BytesLike) -> int:
        """Index of the first packed G2 point that is off the twist or outside the order-r
        subgroup (or has a coordinate ≥ q), or −1 when all are valid."""
        return _bn254.g2_first_invalid(points)

    def g1_is_valid_batch(self, points: BytesLike) -> bool:
        """Every packed G1 point is a group element (the identity included)."""
        return self.g1_first_invalid(points) < 0

    def g2_is_valid_batch(self, points: BytesLike) -> bool:
        """Every packed G2 point is an element of the order-r subgroup (identity included)."""
        return self.g2_first_invalid(points) < 0

    def g1_decode_be(self, data: BytesLike, compressed: bool) -> tuple[bytes | None, int, int]:
        """snarkjs's big-endian transcript encodings of G1 points (x‖y, or x with flag bits)
        decoded in C: ``(packed points, -1, 0)``, or ``(None, i, why)`` for the first encoding
        ``i`` that is no point (why: 1 a coordinate not below q, 2 no curve point). The
        reference decoder is :mod:`zk.snarkjs.point_codec`."""
        return _bn254.g1_decode_be(data, compressed)

    def g2_decode_be(self, data: BytesLike, compressed: bool) -> tuple[bytes | None, int, int]:
        """:meth:`g1_decode_be` over the twist (points are not checked for the subgroup)."""
        return _bn254.g2_decode_be(data, compressed)

    def fp_from_montgomery(self, values: BytesLike) -> bytes:
        """Packed Montgomery-form coordinates as plain 32-byte little-endian values, in C."""
        return _bn254.fp_from_montgomery(values)

    def poseidon_permute(self, state: BytesLike, round_constants: BytesLike, mds: BytesLike,
                         n_full: int, n_partial: int) -> bytes:
        """The Poseidon permutation in C (see :func:`zk.native.poseidon_permute`)."""
        return _bn254.poseidon_permute(state, round_constants, mds, n_full, n_partial)

    def poseidon_hash_batch(self, inputs: BytesLike, k: int, round_constants: BytesLike,
                            mds: BytesLike, n_full: int, n_partial: int) -> bytes:
        """Poseidon(k) over many packed rows in C, on the worker threads (see
        :func:`zk.native.poseidon_hash_batch`)."""
        return _bn254.poseidon_hash_batch(inputs, k, round_constants, mds, n_full, n_partial)

    @staticmethod
    def thread_count() -> int:
        """Worker threads the C core uses (``ZKGOV_THREADS``, default: the online CPUs)."""
        return _bn254.thread_count()
