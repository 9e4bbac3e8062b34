/*
 * zk.native._bn254: the CPython face of the native core.
 *
 * Every argument that carries field elements or points is a buffer in the packed layouts of
 * zk.curve.base (scalars 32-byte plain little-endian, points affine with Montgomery-form
 * coordinates); every result is a new bytes object in the same layouts. Long work runs with
 * the GIL released. Hooks that only tests need live in zk.native._testing (testing.c).
 */
#include "bind.h"

#include "affine_ifma.h"
#include "parallel.h"

PyObject *py_thread_count(PyObject *self, PyObject *unused) {
    return PyLong_FromLong(zk_thread_count());
}

PyObject *py_kernel(PyObject *self, PyObject *unused) {
    return PyUnicode_FromString(field_kernel_name());
}

PyObject *py_msm_kernel(PyObject *self, PyObject *unused) {
    return PyUnicode_FromString(affine_ifma_ready() ? "ifma" : "scalar");
}

#define FN(name, flags, doc) {#name, (PyCFunction)(void (*)(void))py_##name, flags, doc}

static PyMethodDef methods[] = {
    FN(g1_add, METH_VARARGS, "g1_add(p, q) -> bytes: p + q for packed affine G1 points."),
    FN(g1_neg, METH_VARARGS, "g1_neg(p) -> bytes: -p."),
    FN(g1_mul, METH_VARARGS,
       "g1_mul(p, k) -> bytes: k·p for a 32-byte plain scalar (not reduced)."),
    FN(g1_is_on_curve, METH_VARARGS,
       "g1_is_on_curve(p) -> bool: canonical coordinates and y² = x³ + 3."),
    FN(g2_add, METH_VARARGS, "g2_add(p, q) -> bytes: p + q for packed affine G2 points."),
    FN(g2_neg, METH_VARARGS, "g2_neg(p) -> bytes: -p."),
    FN(g2_mul, METH_VARARGS,
       "g2_mul(p, k) -> bytes: k·p for a 32-byte plain scalar (not reduced)."),
    FN(g2_is_on_curve, METH_VARARGS,
       "g2_is_on_curve(p) -> bool: on the twist y² = x³ + 3/(9+u)."),
    FN(g2_in_subgroup, METH_VARARGS,
       "g2_in_subgroup(p) -> bool: on the twist and in the order-r subgroup."),
    FN(g1_first_invalid, METH_VARARGS,
       "g1_first_invalid(points) -> int: index of the first point off the curve (or "
       "non-canonical), -1 if all are valid."),
    FN(g2_first_invalid, METH_VARARGS,
       "g2_first_invalid(points) -> int: index of the first point off the twist or outside "
       "the subgroup, -1 if none."),
    FN(g1_decode_be, METH_VARARGS,
       "g1_decode_be(data, compressed) -> (points | None, bad, why): snarkjs's big-endian "
       "transcript encodings (x‖y, or x with flags) as packed points; bad is the index of the "
       "first encoding that is no point (-1 if none), why 1 for a coordinate not below q, 2 "
       "for no curve point."),
    FN(g2_decode_be, METH_VARARGS,
       "g2_decode_be(data, compressed) -> (points | None, bad, why): the same over the twist "
       "(not checked for the subgroup)."),
    FN(g1_msm, METH_VARARGS | METH_KEYWORDS,
       "g1_msm(points, scalars, window=0, batch_affine=-1, chunks=0, in_subgroup=False, "
       "[more_points, more_scalars]) -> bytes: Σ k_i·P_i (Pippenger); window (2…16), "
       "batch_affine (0/1) and chunks (point ranges per window, 1…64) override the automatic "
       "plan; in_subgroup changes nothing in G1 (every point has order r); more_points and "
       "more_scalars (buffers, both or neither) add a second MSM into the same buckets (Σ k_i·P_i + Σ m_j·Q_j)."),
    FN(g2_msm, METH_VARARGS | METH_KEYWORDS,
       "g2_msm(points, scalars, window=0, batch_affine=-1, chunks=0, in_subgroup=False, "
       "[more_points, more_scalars]) -> bytes: Σ k_i·Q_i; in_subgroup=True vouches "
       "that every point lies in the order-r subgroup, which lets the MSM use ψ (a point "
       "outside it makes the sum wrong by a point of small order); more_* as in g1_msm."),
    FN(g1_sparse_msm, METH_VARARGS,
       "g1_sparse_msm(points, indices, scalars, ends) -> bytes: per row o, Σ k_t·P[idx_t] "
       "over terms ends[o-1] <= t < ends[o] (u32 indices and ends, packed scalars)."),
    FN(g2_sparse_msm, METH_VARARGS,
       "g2_sparse_msm(points, indices, scalars, ends) -> bytes: the same over G2."),
    FN(g1_mul_batch, METH_VARARGS | METH_KEYWORDS,
       "g1_mul_batch(base, scalars, window=0) -> bytes: k_i·base for all i (fixed-base table "
       "of window-bit digits; 0 chooses it from the count)."),
    FN(g2_mul_batch, METH_VARARGS | METH_KEYWORDS,
       "g2_mul_batch(base, scalars, window=0) -> bytes: k_i·base for all i."),
    FN(g1_scale_batch, METH_VARARGS,
       "g1_scale_batch(points, scalars) -> bytes: k_i·P_i for every i (GLV, threaded)."),
    FN(g2_scale_batch, METH_VARARGS,
       "g2_scale_batch(points, scalars) -> bytes: k_i·Q_i for points of the order-r subgroup."),
    FN(g1_ifft, METH_VARARGS,
       "g1_ifft(points) -> bytes: (1/n)·Σ_i ω^(−ij)·P_i for j < n (n a power of two; the "
       "Lagrange basis from powers of τ)."),
    FN(g2_ifft, METH_VARARGS, "g2_ifft(points) -> bytes: the same over G2 (subgroup points)."),
    FN(fr_powers, METH_VARARGS,
       "fr_powers(first, inc, n) -> bytearray: first·inc^i for i < n, packed plain scalars."),
    FN(fr_ntt, METH_VARARGS | METH_KEYWORDS, "fr_ntt(values, inverse=False) -> bytes."),
    FN(fr_coset_ntt, METH_VARARGS | METH_KEYWORDS,
       "fr_coset_ntt(values, shift, inverse=False) -> bytes."),
    FN(qap_h, METH_VARARGS, "qap_h(coefs, witness, n) -> bytes: snarkjs's H scalars."),
    FN(qap_check, METH_VARARGS,
       "qap_check(coefs, n, n_signals) -> None | (kind, index, value): the first problem of a "
       "coefficient section (kind 'short', 'length', 'matrix', 'row', 'signal' or 'coeff'); "
       "a negative bound is not checked."),
    FN(first_not_below, METH_VARARGS,
       "first_not_below(values, modulus) -> int: index of the first packed 32-byte LE value "
       ">= modulus (32 bytes LE), -1 if none."),
    FN(fp_from_montgomery, METH_VARARGS,
       "fp_from_montgomery(values) -> bytes: x·2^-256 mod q for packed Montgomery values."),
    FN(pairing_product, METH_VARARGS, "pairing_product(g1s, g2s) -> bytes: ∏ e(P_i, Q_i)."),
    FN(pairing_check, METH_VARARGS, "pairing_check(g1s, g2s) -> bool: ∏ e(P_i, Q_i) = 1."),
    FN(poseidon_permute, METH_VARARGS,
       "poseidon_permute(state, round_constants, mds, n_full, n_partial) -> bytes."),
    FN(poseidon_hash_batch, METH_VARARGS,
       "poseidon_hash_batch(inputs, k, round_constants, mds, n_full, n_partial) -> bytes."),
    FN(thread_count, METH_NOARGS, "thread_count() -> int: worker threads (ZKGOV_THREADS)."),
    FN(kernel, METH_NOARGS, "kernel() -> str: the field multiplication in use ('adx' or "
                            "'portable'; ZKGOV_PORTABLE=1 forces the latter)."),
    FN(msm_kernel, METH_NOARGS,
       "msm_kernel() -> str: the MSM's batch-affine additions ('ifma', eight lanes of "
       "AVX-512 IFMA, or 'scalar'; ZKGOV_NO_IFMA=1 forces the latter)."),
    {NULL, NULL, 0, NULL},
};

static struct PyModuleDef module_def = {
    PyModuleDef_HEAD_INIT,
    .m_name = "_bn254",
    .m_doc = "BN254 arithmetic in C: fields, G1/G2, MSM, NTT, QAP, pairings, Poseidon.",
    .m_size = -1,
    .m_methods = methods,
};

PyMODINIT_FUNC PyInit__bn254(void) {
    if (bind_core_init()) return NULL;
    return PyModule_Create(&module_def);
}
