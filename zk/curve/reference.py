"""The reference backend: :mod:`py_ecc`'s ``optimized_bn128``, plain and slow, the oracle.

Nothing clever lives here on purpose: every native routine is tested against these.
"""

from __future__ import annotations

import struct
from collections.abc import Callable, Sequence

from py_ecc.optimized_bn128 import (
    FQ,
    FQ2,
    FQ12,
    Z1,
    Z2,
    add,
    b,
    b2,
    final_exponentiate,
    is_inf,
    is_on_curve,
    multiply,
    neg,
    normalize,
    pairing,
)

from zk.curve.base import G1, G2, G2_COFACTOR, BytesLike, Fp12
from zk.curve.encoding import (
    G1_BYTES,
    G2_BYTES,
    MONT_R_INV,
    SCALAR_BYTES,
    pack_g1,
    pack_g2,
    pack_scalars,
    unpack_g1,
    unpack_g2,
    unpack_scalars,
)
from zk.errors import PointError
from zk.field import Q, R, coset_ntt, ntt, root_of_unity
from zk.qap import QapMatrices, h_evaluations

__all__ = ["ReferenceBackend", "fp12_to_tower", "tower_to_fp12"]

#: One entry of a ``.zkey`` coefficient section: u32 matrix, row, signal, 32-byte coefficient.
_COEF_ENTRY = struct.Struct("<III32s")


def _g1_in(p: G1):
    return Z1 if p is None else (FQ(p[0]), FQ(p[1]), FQ.one())


def _g2_in(p: G2):
    if p is None:
        return Z2
    (x0, x1), (y0, y1) = p
    return (FQ2([x0, x1]), FQ2([y0, y1]), FQ2.one())


def _g1_out(p) -> G1:
    if is_inf(p):
        return None
    x, y = normalize(p)
    return (int(x), int(y))


def _g2_out(p) -> G2:
    if is_inf(p):
        return None
    x, y = normalize(p)
    return ((int(x.coeffs[0]), int(x.coeffs[1])), (int(y.coeffs[0]), int(y.coeffs[1])))


def fp12_to_tower(f: FQ12) -> Fp12:
    """Convert py_ecc's Fp12 (a polynomial in w with w⁶ = 9 + u) to snarkjs's tower order.

    A coefficient of w^k (k < 6) in the tower is the Fp2 value c0 + c1·u; py_ecc stores it as
    (c0 − 9·c1)·w^k + c1·w^(k+6). Tower slots: a_j ↔ w^(2j), b_j ↔ w^(2j+1).
    """
    coeffs = [int(c) for c in f.coeffs]
    q = FQ.field_modulus
    fp2_at = []
    for k in range(6):
        c1 = coeffs[k + 6]
        c0 = (coeffs[k] + 9 * c1) % q
        fp2_at.append((c0, c1))
    order = [0, 2, 4, 1, 3, 5]  # a0, a1, a2 (even powers), then b0, b1, b2 (odd powers)
    return tuple(c for k in order for c in fp2_at[k])


def tower_to_fp12(t: Fp12) -> FQ12:
    """Inverse of :func:`fp12_to_tower`."""
    q = FQ.field_modulus
    coeffs = [0] * 12
    for slot, k in enumerate([0, 2, 4, 1, 3, 5]):
        c0, c1 = t[2 * slot], t[2 * slot + 1]
        coeffs[k] = (c0 - 9 * c1) % q
        coeffs[k + 6] = c1
    return FQ12(coeffs)


def _miller(p: G1, q: G2) -> FQ12:
    return pairing(_g2_in(q), _g1_in(p), final_exponentiate=False)


def _reduced_product(pairs: Sequence[tuple[G1, G2]]) -> FQ12:
    """∏ e(p_i, q_i), a pair with an identity point contributing 1."""
    acc = FQ12.one()
    for p, q in pairs:
        if p is None or q is None:
            continue
        acc = acc * _miller(p, q)
    return final_exponentiate(acc)


class ReferenceBackend:
    """Curve arithmetic on :mod:`py_ecc` (see :class:`zk.curve.base.Backend`)."""

    name = "reference"

    def g1_add(self, p: G1, q: G1) -> G1:
        """Return p + q in G1 (``None`` is the identity) with py_ecc's addition."""
        return _g1_out(add(_g1_in(p), _g1_in(q)))

    def g1_neg(self, p: G1) -> G1:
        """Return −p in G1 (the identity stays ``None``)."""
        return _g1_out(neg(_g1_in(p)))

    def g1_mul(self, p: G1, k: int) -> G1:
        """Return k·p in G1 by py_ecc's double-and-add; ``k`` is reduced mod r first."""
        return _g1_out(multiply(_g1_in(p), k % R))

    def g2_add(self, p: G2, q: G2) -> G2:
        """Return p + q in G2 (``None`` is the identity) with py_ecc's addition."""
        return _g2_out(add(_g2_in(p), _g2_in(q)))

    def g2_neg(self, p: G2) -> G2:
        """Return −p in G2 (the identity stays ``None``)."""
        return _g2_out(neg(_g2_in(p)))

    def g2_mul(self, p: G2, k: int) -> G2:
        """Return k·p in G2 by py_ecc's double-and-add; ``k`` is reduced mod r first."""
        return _g2_out(multiply(_g2_in(p), k % R))

    def g2_clear_cofactor(self, p: G2) -> G2:
        """(2q − r)·p by py_ecc's plain double-and-add (no reduction mod r)."""
        return _g2_out(multiply(_g2_in(p), G2_COFACTOR))

    def g1_is_on_curve(self, p: G1) -> bool:
        """True when p satisfies y² = x³ + 3 over Fp, or is ``None``; G1 has cofactor 1,
        so this is membership in the group."""
        return p is None or is_on_curve(_g1_in(p), b)

    def g2_is_on_curve(self, p: G2) -> bool:
        """True when p lies on the twist y² = x³ + 3/(9+u) over Fp2, or is ``None``;
        subgroup membership is :meth:`g2_in_subgroup`."""
        return p is None or is_on_curve(_g2_in(p), b2)

    def g2_in_subgroup(self, p: G2) -> bool:
        """True when p is on the twist and r·p is the identity, computed in full (the
        slow, obvious test the native one is checked against); ``None`` counts as a member."""
        if not self.g2_is_on_curve(p):
            return False
        # multiply() reduces nothing, so r·p is computed in full
        return p is None or is_inf(multiply(_g2_in(p), R))

    def pairing(self, p: G1, q: G2) -> Fp12:
        """The reduced optimal ate pairing e(p, q) from py_ecc, converted to snarkjs tower
        order by :func:`fp12_to_tower`."""
        return fp12_to_tower(pairing(_g2_in(q), _g1_in(p)))

    def pairing_product(self, pairs: Sequence[tuple[G1, G2]]) -> Fp12:
        """∏ e(p_i, q_i) in snarkjs tower order: the Miller loops multiplied, then one final
        exponentiation."""
        return fp12_to_tower(_reduced_product(pairs))

    def pairing_check(self, pairs: Sequence[tuple[G1, G2]]) -> bool:
        """True iff ∏ e(p_i, q_i) = 1: the Miller loops multiplied, then one final
        exponentiation; a pair with an identity point contributes 1 and is skipped."""
        return _reduced_product(pairs) == FQ12.one()

    def g1_mul_batch(self, base: G1, scalars: BytesLike) -> bytes:
        """k_i·base for every packed scalar k_i, one py_ecc multiplication each, as
        packed G1 points in the same order."""
        pt = _g1_in(base)
        return pack_g1([_g1_out(multiply(pt, k % R)) for k in unpack_scalars(scalars)])

    def g2_mul_batch(self, base: G2, scalars: BytesLike) -> bytes:
        """k_i·base for every packed scalar k_i, one py_ecc multiplication each, as
        packed G2 points in the same order."""
        pt = _g2_in(base)
        return pack_g2([_g2_out(multiply(pt, k % R)) for k in unpack_scalars(scalars)])

    def msm_g1(self, points: BytesLike, scalars: BytesLike) -> G1:
        """Σ k_i·P_i over packed G1 points and as many packed scalars, term by term
        (identity points and zero scalars skipped); different counts raise ``ValueError``."""
        pts, ks = unpack_g1(points), unpack_scalars(scalars)
        _check_lengths(len(pts), len(ks))
        acc = Z1
        for p, k in zip(pts, ks, strict=True):
            if p is not None and k % R:
                acc = add(acc, multiply(_g1_in(p), k % R))
        return _g1_out(acc)

    def msm_g1_joint(self, points: BytesLike, scalars: BytesLike, more_points: BytesLike,
                     more_scalars: BytesLike) -> G1:
        """Σ k_i·P_i + Σ m_j·Q_j: the two MSMs term by term, then their sum."""
        return self.g1_add(self.msm_g1(points, scalars), self.msm_g1(more_points, more_scalars))

    def msm_g2(self, points: BytesLike, scalars: BytesLike, *, in_subgroup: bool = False
               ) -> G2:
        """Σ k_i·Q_i over packed G2 points and as many packed scalars, term by term
        (identity points and zero scalars skipped; ``in_subgroup`` changes nothing here);
        different counts raise ``ValueError``."""
        pts, ks = unpack_g2(points), unpack_scalars(scalars)
        _check_lengths(len(pts), len(ks))
        acc = Z2
        for p, k in zip(pts, ks, strict=True):
            if p is not None and k % R:
                acc = add(acc, multiply(_g2_in(p), k % R))
        return _g2_out(acc)

    def g1_sparse_msm(self, points: BytesLike, indices: BytesLike, scalars: BytesLike,
                      ends: BytesLike) -> bytes:
        """Per row, Σ k_t·P[i_t] one py_ecc multiplication per term (see
        :meth:`zk.curve.base.Backend.g1_sparse_msm`)."""
        pts = _points_on_curve(points, G1_BYTES, unpack_g1, self.g1_is_on_curve, "G1")
        return pack_g1([_row_sum(pts, row, self.g1_add, self.g1_mul)
                        for row in _sparse_rows(len(pts), indices, scalars, ends)])

    def g2_sparse_msm(self, points: BytesLike, indices: BytesLike, scalars: BytesLike,
                      ends: BytesLike) -> bytes:
        """:meth:`g1_sparse_msm` over G2, term by term."""
        pts = _points_on_curve(points, G2_BYTES, unpack_g2, self.g2_is_on_curve, "G2")
        return pack_g2([_row_sum(pts, row, self.g2_add, self.g2_mul)
                        for row in _sparse_rows(len(pts), indices, scalars, ends)])

    def g1_scale_batch(self, points: BytesLike, scalars: BytesLike) -> bytes:
        """k_i·P_i for every i, one py_ecc multiplication each, packed; different counts
        raise ``ValueError``."""
        pts, ks = unpack_g1(points), unpack_scalars(scalars)
        _check_scaling_counts(len(pts), len(ks))
        return pack_g1([self.g1_mul(p, k) for p, k in zip(pts, ks, strict=True)])

    def g2_scale_batch(self, points: BytesLike, scalars: BytesLike) -> bytes:
        """k_i·Q_i for every i, one py_ecc multiplication each, packed; different counts
        raise ``ValueError``."""
        pts, ks = unpack_g2(points), unpack_scalars(scalars)
        _check_scaling_counts(len(pts), len(ks))
        return pack_g2([self.g2_mul(p, k) for p, k in zip(pts, ks, strict=True)])

    def fr_powers(self, first: int, inc: int, count: int) -> bytearray:
        """first·inc^i mod r for i < count, packed, one multiplication at a time."""
        if count < 0:
            raise ValueError(f"count must be non-negative, got {count}")
        out = bytearray()
        value = first % R
        for _ in range(count):
            out += value.to_bytes(32, "little")
            value = value * inc % R
        return out

    def fp_from_montgomery(self, values: BytesLike) -> bytes:
        """Packed Montgomery-form coordinates as plain values, one Python integer at a time
        (zero stays zero; values ≥ q are reduced, as the native core does)."""
        mv = memoryview(values).cast("B")
        if len(mv) % 32:
            raise ValueError(f"coordinate buffer of {len(mv)} bytes is not a multiple of 32")
        out = bytearray(len(mv))
        for start in range(0, len(mv), 32):
            raw = int.from_bytes(mv[start : start + 32], "little")
            if raw:
                out[start : start + 32] = (raw * MONT_R_INV % Q).to_bytes(32, "little")
        return bytes(out)

    def fr_ntt(self, values: BytesLike, inverse: bool = False) -> bytes:
        """:func:`zk.field.ntt` on packed scalars, in Python."""
        return pack_scalars(ntt(unpack_scalars(values), inverse=inverse))

    def fr_coset_ntt(self, values: BytesLike, shift: int, inverse: bool = False) -> bytes:
        """:func:`zk.field.coset_ntt` on packed scalars, in Python."""
        if shift % R == 0:
            raise ValueError("a coset shift must be non-zero mod r")
        return pack_scalars(coset_ntt(unpack_scalars(values), shift, inverse=inverse))

    def g1_ifft(self, points: BytesLike) -> bytes:
        """(1/n)·Σ_i ω^(−ij)·P_i for j < n straight from the definition (n² products)."""
        return pack_g1(_inverse_dft(unpack_g1(points), self.g1_add, self.g1_mul))

    def g2_ifft(self, points: BytesLike) -> bytes:
        """:meth:`g1_ifft` over G2, from the definition."""
        return pack_g2(_inverse_dft(unpack_g2(points), self.g2_add, self.g2_mul))

    def first_not_below(self, values: BytesLike, modulus: int) -> int:
        """Index of the first packed value ≥ ``modulus``, −1 if none (integer by integer)."""
        mv = memoryview(values).cast("B")
        if len(mv) % SCALAR_BYTES:
            raise ValueError(f"buffer of {len(mv)} bytes is not a whole number of 32-byte values")
        for i in range(0, len(mv), SCALAR_BYTES):
            if int.from_bytes(mv[i : i + SCALAR_BYTES], "little") >= modulus:
                return i // SCALAR_BYTES
        return -1

    def coefficient_problem(self, body: BytesLike, domain_size: int | None,
                            n_signals: int | None) -> tuple[str, int, int] | None:
        """The first problem of a coefficient section (see
        :meth:`zk.curve.base.FieldKernel.coefficient_problem`), entry by entry in Python."""
        mv = memoryview(body).cast("B")
        if len(mv) < 4:
            return ("short", 0, 0)
        count = int.from_bytes(mv[:4], "little")
        if len(mv) - 4 != count * _COEF_ENTRY.size:
            return ("length", 0, count)
        limits = {"matrix": 2, "row": domain_size, "signal": n_signals}
        first: dict[str, tuple[str, int, int]] = {}
        for i, (matrix, row, signal, coeff) in enumerate(_COEF_ENTRY.iter_unpack(mv[4:])):
            for kind, value in (("matrix", matrix), ("row", row), ("signal", signal)):
                limit = limits[kind]
                if limit is not None and value >= limit and kind not in first:
                    first[kind] = (kind, i, value)
            if "coeff" not in first and int.from_bytes(coeff, "little") >= R:
                first["coeff"] = ("coeff", i, 0)
        for kind in ("matrix", "row", "signal", "coeff"):
            if kind in first:
                return first[kind]
        return None

    def g1_first_invalid(self, points: BytesLike) -> int:
        """Index of the first packed G1 point with a coordinate ≥ q or off the curve, or −1."""
        for i, chunk in enumerate(_point_chunks(points, G1_BYTES)):
            if not _canonical(chunk) or not self.g1_is_on_curve(unpack_g1(chunk)[0]):
                return i
        return -1

    def g2_first_invalid(self, points: BytesLike) -> int:
        """Index of the first packed G2 point with a coordinate ≥ q, off the twist or outside
        the order-r subgroup, or −1."""
        for i, chunk in enumerate(_point_chunks(points, G2_BYTES)):
            if not _canonical(chunk) or not self.g2_in_subgroup(unpack_g2(chunk)[0]):
                return i
        return -1

    def qap_h(self, matrices: QapMatrices, witness: BytesLike, domain_size: int) -> bytes:
        """The packed scalars that multiply a key's H points (see
        :meth:`zk.curve.base.FieldKernel.qap_h`), by :func:`zk.qap.h_evaluations` in Python."""
        return pack_scalars(h_evaluations(matrices.entries(), unpack_scalars(witness),
                                          domain_size))


def _u32s(buf: BytesLike, what: str) -> list[int]:
    mv = memoryview(buf).cast("B")
    if len(mv) % 4:
        raise ValueError(f"{what} buffer of {len(mv)} bytes is not a multiple of 4")
    return [int.from_bytes(mv[i : i + 4], "little") for i in range(0, len(mv), 4)]


def _sparse_rows(n_points: int, indices: BytesLike, scalars: BytesLike,
                 ends: BytesLike) -> list[list[tuple[int, int]]]:
    """The (point index, scalar) terms of each row, checked as the native core checks them."""
    idx, ks, row_ends = _u32s(indices, "indices"), unpack_scalars(scalars), _u32s(ends, "ends")
    if len(ks) != len(idx):
        raise ValueError(f"{len(idx)} indices but {len(ks)} scalars")
    for t, i in enumerate(idx):
        if i >= n_points:
            raise ValueError(f"term #{t} names point {i} of {n_points}")
    if any(b < a for a, b in zip([0, *row_ends], row_ends)):
        raise ValueError("the row ends decrease")
    if (row_ends[-1] if row_ends else 0) != len(idx):
        raise ValueError(f"the rows hold {row_ends[-1] if row_ends else 0} terms but "
                         f"{len(idx)} were given")
    return [list(zip(idx[a:b], ks[a:b], strict=True)) for a, b in zip([0, *row_ends], row_ends)]


def _points_on_curve(points: BytesLike, size: int, unpack: Callable, on_curve: Callable,
                     name: str) -> list:
    chunks = _point_chunks(points, size)
    for i, chunk in enumerate(chunks):
        if not _canonical(chunk):
            raise PointError(f"{name} point #{i}: coordinate is not below the base field "
                             f"modulus q")
        if not on_curve(unpack(chunk)[0]):
            raise PointError(f"{name} point #{i} is not on the curve")
    return unpack(points)


def _row_sum(points: list, row: list[tuple[int, int]], add: Callable, mul: Callable):
    acc = None
    for i, k in row:
        acc = add(acc, mul(points[i], k % R))
    return acc


def _check_scaling_counts(n_points: int, n_scalars: int) -> None:
    if n_points != n_scalars:
        raise ValueError(
            f"scaling needs one scalar per point ({n_scalars} scalars, {n_points} points)")


def _inverse_dft(points: list, add: Callable, mul: Callable) -> list:
    n = len(points)
    if n == 0 or n & (n - 1):
        raise ValueError(
            f"an FFT over a group needs a number of points that is a power of two, got {n}")
    w_inv, n_inv = pow(root_of_unity(n), -1, R), pow(n, -1, R)
    out = []
    for j in range(n):
        acc = None
        for i, p in enumerate(points):
            acc = add(acc, mul(p, pow(w_inv, i * j, R) * n_inv))
        out.append(acc)
    return out


def _point_chunks(points: BytesLike, size: int) -> list[memoryview]:
    mv = memoryview(points).cast("B")
    if len(mv) % size:
        raise ValueError(f"point buffer of {len(mv)} bytes is not a multiple of {size}")
    return [mv[i : i + size] for i in range(0, len(mv), size)]


def _canonical(chunk: memoryview) -> bool:
    """Every 32-byte coordinate of a packed point lies below q."""
    return all(int.from_bytes(chunk[i : i + 32], "little") < Q for i in range(0, len(chunk), 32))


def _check_lengths(n_points: int, n_scalars: int) -> None:
    if n_points != n_scalars:
        raise ValueError(f"MSM needs as many scalars as points ({n_scalars} != {n_points})")
