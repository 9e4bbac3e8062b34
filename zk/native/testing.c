/*
 * zk.native._testing: hooks that only the tests need (Jacobian inputs, field batches, the
 * Miller loop and final exponentiation alone), kept out of the shipped zk.native._bn254 API.
 * The module carries its own copy of the core (see setup.py).
 */
#include "bind.h"

#include "glv.h"
#include "msm.h"
#include "pairing.h"

#define CURVE_TEMPLATE "testing_curve_impl.h"
#include "curve_each.h"

/* ---- field batches on plain packed values -------------------------------------------------- */

/* Two operand vectors of `unit`-byte elements, of one length, and the products' buffer:
 * returns it (0 with an exception set, the operands released). */
static PyObject *operand_pair(PyObject *args, size_t unit, arg_buf_t *a, arg_buf_t *b,
                              unsigned char **out) {
    if (!PyArg_ParseTuple(args, "O&O&", arg_buffer, a, arg_buffer, b)) return NULL;
    PyObject *res = NULL;
    if (a->count != b->count)
        PyErr_SetString(ArgumentError, "both operands must hold the same number of elements");
    else
        res = new_bytes(a->count, unit, out, "the products");
    if (!res) ARGS_RELEASE(a, b);
    return res;
}

static PyObject *field_mul(PyObject *args, int base_field) {
    arg_buf_t a = ARG_VECTOR("field", 32, 1), b = ARG_VECTOR("field", 32, 1);
    unsigned char *out;
    PyObject *res = operand_pair(args, 32, &a, &b, &out);
    if (!res) return NULL;
    const unsigned char *pa = a.data, *pb = b.data;
    const uint64_t *m = base_field ? FP_MOD : FR_MOD;
    for (size_t i = 0; i < a.count; i++) {
        uint64_t x[4], y[4], r[4];
        memcpy(x, pa + 32 * i, 32);
        memcpy(y, pb + 32 * i, 32);
        limbs_reduce(x, m);
        limbs_reduce(y, m);
        if (base_field) {
            fp_t fx, fy, fz;
            fp_from_plain(&fx, x);
            fp_from_plain(&fy, y);
            fp_mul(&fz, &fx, &fy);
            fp_to_plain(r, &fz);
        } else {
            fr_t fx, fy, fz;
            fr_from_plain(&fx, x);
            fr_from_plain(&fy, y);
            fr_mul(&fz, &fx, &fy);
            fr_to_plain(r, &fz);
        }
        memcpy(out + 32 * i, r, 32);
    }
    ARGS_RELEASE(&a, &b);
    return res;
}

static PyObject *py_fp_mul_batch(PyObject *self, PyObject *args) { return field_mul(args, 1); }
static PyObject *py_fr_mul_batch(PyObject *self, PyObject *args) { return field_mul(args, 0); }

/* Each element's inverse on its own (fp_inv, fr_inv: constant time, zero maps to zero). */
static PyObject *field_inverses(PyObject *args, int base_field) {
    arg_buf_t a = ARG_VECTOR("field", 32, 1);
    if (!PyArg_ParseTuple(args, "O&", arg_buffer, &a)) return NULL;
    unsigned char *out;
    PyObject *res = new_bytes(a.count, 32, &out, "the inverses");
    const uint64_t *m = base_field ? FP_MOD : FR_MOD;
    for (size_t i = 0; res && i < a.count; i++) {
        uint64_t x[4], r[4];
        memcpy(x, (const unsigned char *)a.data + 32 * i, 32);
        limbs_reduce(x, m);
        if (base_field) {
            fp_t v;
            fp_from_plain(&v, x);
            fp_inv(&v, &v);
            fp_to_plain(r, &v);
        } else {
            fr_t v;
            fr_from_plain(&v, x);
            fr_inv(&v, &v);
            fr_to_plain(r, &v);
        }
        memcpy(out + 32 * i, r, 32);
    }
    arg_release(&a);
    return res;
}

static PyObject *py_fp_inverses(PyObject *self, PyObject *args) { return field_inverses(args, 1); }
static PyObject *py_fr_inverses(PyObject *self, PyObject *args) { return field_inverses(args, 0); }

static PyObject *field_batch_inv(PyObject *args, int base_field) {
    arg_buf_t a = ARG_VECTOR("field", 32, 1);
    if (!PyArg_ParseTuple(args, "O&", arg_buffer, &a)) return NULL;
    PyObject *res = NULL;
    const uint64_t *m = base_field ? FP_MOD : FR_MOD;
    size_t bytes;
    fp_t *v = NULL; /* fp_t and fr_t share a layout */
    unsigned char *out;
    if (size_mul(2 * (a.count ? a.count : 1), sizeof *v, &bytes, "inverses")) goto done;
    v = PyMem_RawMalloc(bytes);
    if (!v) {
        no_memory(NULL, "the inverses");
        goto done;
    }
    for (size_t i = 0; i < a.count; i++) {
        uint64_t x[4];
        memcpy(x, (const unsigned char *)a.data + 32 * i, 32);
        limbs_reduce(x, m);
        if (limbs_is_zero(x)) {
            PyErr_Format(PyExc_ZeroDivisionError, "inverse of zero at index %zu", i);
            goto done;
        }
        if (base_field) fp_from_plain(&v[i], x);
        else fr_from_plain((fr_t *)&v[i], x);
    }
    if (base_field) fp_batch_inv(v, a.count, v + a.count);
    else fr_batch_inv((fr_t *)v, a.count, (fr_t *)(v + a.count));
    res = new_bytes(a.count, 32, &out, "the inverses");
    if (res)
        for (size_t i = 0; i < a.count; i++) {
            uint64_t r[4];
            if (base_field) fp_to_plain(r, &v[i]);
            else fr_to_plain(r, (fr_t *)&v[i]);
            memcpy(out + 32 * i, r, 32);
        }
done:
    PyMem_RawFree(v);
    arg_release(&a);
    return res;
}

static PyObject *py_fp_batch_inv(PyObject *self, PyObject *args) {
    return field_batch_inv(args, 1);
}

static PyObject *py_fr_batch_inv(PyObject *self, PyObject *args) {
    return field_batch_inv(args, 0);
}

/* Fp2 products of plain packed values c0‖c1 (each below q): the deferred-reduction kernel
 * when the ADX one is in use. */
static PyObject *py_fp2_mul_batch(PyObject *self, PyObject *args) {
    arg_buf_t a = ARG_VECTOR("Fp2", 64, 1), b = ARG_VECTOR("Fp2", 64, 1);
    unsigned char *out;
    PyObject *res = operand_pair(args, 64, &a, &b, &out);
    if (!res) return NULL;
    for (size_t i = 0; i < a.count; i++) {
        fp2_t x, y, z;
        fp_t *parts[4] = {&x.c0, &x.c1, &y.c0, &y.c1};
        for (int j = 0; j < 4; j++) {
            uint64_t v[4];
            const unsigned char *src = j < 2 ? a.data : b.data;
            memcpy(v, src + 64 * i + 32 * (j % 2), 32);
            limbs_reduce(v, FP_MOD);
            fp_from_plain(parts[j], v);
        }
        fp2_mul(&z, &x, &y);
        uint64_t r[4];
        fp_to_plain(r, &z.c0);
        memcpy(out + 64 * i, r, 32);
        fp_to_plain(r, &z.c1);
        memcpy(out + 64 * i + 32, r, 32);
    }
    ARGS_RELEASE(&a, &b);
    return res;
}

/* The MSM's endomorphism split of each scalar (< r) as two 32-byte two's-complement halves:
 * G1 k = k₁ + k₂·λ mod r (g1_glv_split), G2 k = k₀ + k₁·6u² (g2_psi_split, both ≥ 0). */
static PyObject *endo_split(PyObject *args, int g2) {
    arg_buf_t a = ARG_SCALARS("scalar");
    if (!PyArg_ParseTuple(args, "O&", arg_buffer, &a)) return NULL;
    unsigned char *out;
    PyObject *res = new_bytes(a.count, 64, &out, "the halves");
    for (size_t i = 0; res && i < a.count; i++) {
        uint64_t k[4], half[2][4];
        int neg[2] = {0, 0};
        scalar_from_bytes(k, (const unsigned char *)a.data + 32 * i);
        if (g2) {
            g2_psi_split(half[0], half[1], k);
        } else if (!g1_glv_split(half[0], &neg[0], half[1], &neg[1], k)) {
            PyErr_Format(PyExc_ValueError, "scalar %zu did not split into 128-bit halves", i);
            Py_CLEAR(res);
            break;
        }
        for (int h = 0; h < 2; h++) {
            if (neg[h]) {
                uint64_t br = 0;
                for (int l = 0; l < 4; l++) br = zk_sbb(0, half[h][l], br, &half[h][l]);
            }
            memcpy(out + 64 * i + 32 * h, half[h], 32);
        }
    }
    arg_release(&a);
    return res;
}

static PyObject *py_g1_glv_split(PyObject *self, PyObject *args) { return endo_split(args, 0); }
static PyObject *py_g2_psi_split(PyObject *self, PyObject *args) { return endo_split(args, 1); }

/* ---- the pairing's halves ------------------------------------------------------------------ */

static PyObject *py_miller_loop(PyObject *self, PyObject *args) {
    return pairing_call(args, PAIRING_MILLER_LOOP, "O&O&:miller_loop");
}

static PyObject *py_final_exponentiation(PyObject *self, PyObject *args) {
    arg_buf_t a = ARG_EXACT("Fp12 value", FP12_BYTES);
    if (!PyArg_ParseTuple(args, "O&:final_exponentiation", arg_buffer, &a)) return NULL;
    fp12_t f;
    fp_t *c = (fp_t *)&f;
    int bad = 0;
    for (int i = 0; i < 12 && !bad; i++) {
        uint64_t x[4];
        memcpy(x, (const unsigned char *)a.data + 32 * i, 32);
        if (!limbs_lt(x, FP_MOD)) {
            PyErr_Format(ArgumentError, "Fp12 coefficient %d is not below q", i);
            bad = 1;
        } else {
            fp_from_plain(&c[i], x);
        }
    }
    arg_release(&a);
    if (bad) return NULL;
    fp12_t r;
    Py_BEGIN_ALLOW_THREADS
    final_exponentiation(&r, &f);
    Py_END_ALLOW_THREADS
    unsigned char *out;
    PyObject *res = new_bytes(1, FP12_BYTES, &out, "an Fp12 value");
    if (res) fp12_to_bytes(out, &r);
    return res;
}

#define FN(name, doc) {#name, (PyCFunction)(void (*)(void))py_##name, METH_VARARGS, doc}

static PyMethodDef methods[] = {
    FN(g1_jac_add, "g1_jac_add(p, q) -> bytes: Jacobian X‖Y‖Z (Montgomery) sum."),
    FN(g1_jac_add_affine, "g1_jac_add_affine(p_jac, q_aff) -> bytes: mixed sum."),
    FN(g1_jac_double, "g1_jac_double(p) -> bytes: 2p in Jacobian form."),
    FN(g1_jac_to_affine, "g1_jac_to_affine(points) -> bytes: batch normalisation."),
    FN(g1_bucket_sum, "g1_bucket_sum(buckets) -> bytes: Jacobian sum of (b+1)·bucket[b]."),
    FN(g2_jac_add, "g2_jac_add(p, q) -> bytes: Jacobian sum on the twist."),
    FN(g2_jac_add_affine, "g2_jac_add_affine(p_jac, q_aff) -> bytes: mixed sum."),
    FN(g2_jac_double, "g2_jac_double(p) -> bytes: 2p in Jacobian form."),
    FN(g2_jac_to_affine, "g2_jac_to_affine(points) -> bytes: batch normalisation."),
    FN(g2_bucket_sum, "g2_bucket_sum(buckets) -> bytes: Jacobian sum of (b+1)·bucket[b]."),
    FN(fp_mul_batch, "fp_mul_batch(a, b) -> bytes: elementwise products mod q."),
    FN(fr_mul_batch, "fr_mul_batch(a, b) -> bytes: elementwise products mod r."),
    FN(fp_batch_inv, "fp_batch_inv(values) -> bytes: inverses mod q."),
    FN(fp_inverses, "fp_inverses(values) -> bytes: each inverse mod q alone (0 gives 0)."),
    FN(fr_inverses, "fr_inverses(values) -> bytes: each inverse mod r alone (0 gives 0)."),
    FN(fp2_mul_batch, "fp2_mul_batch(a, b) -> bytes: elementwise Fp2 products (c0‖c1)."),
    FN(g1_glv_split, "g1_glv_split(scalars) -> bytes: k1‖k2 (two's complement) per scalar."),
    FN(g2_psi_split, "g2_psi_split(scalars) -> bytes: k0‖k1 (k = k0 + k1·6u²) per scalar."),
    FN(fr_batch_inv, "fr_batch_inv(values) -> bytes: inverses mod r."),
    FN(miller_loop, "miller_loop(g1s, g2s) -> bytes: the Miller loop product."),
    FN(final_exponentiation, "final_exponentiation(f) -> bytes: f^((q^12-1)/r)."),
    {NULL, NULL, 0, NULL},
};

static struct PyModuleDef module_def = {
    PyModuleDef_HEAD_INIT,
    .m_name = "_testing",
    .m_doc = "Test hooks of the native BN254 core (not part of the zkgov API).",
    .m_size = -1,
    .m_methods = methods,
};

PyMODINIT_FUNC PyInit__testing(void) {
    if (bind_core_init()) return NULL;
    return PyModule_Create(&module_def);
}
