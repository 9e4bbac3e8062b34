/* Bindings for packed vectors: MSM, fixed-base batches, NTT, QAP, field batches. */
#include "bind.h"

#include "msm.h"
#include "ntt.h"
#include "qap.h"

/* ---- MSM and fixed-base batches ------------------------------------------------------------ */

#define MSM_FUNCS(C, BYTES, NAME)                                                                  \
    PyObject *py_##C##_msm(PyObject *self, PyObject *args, PyObject *kw) {                         \
        static char *names[] = {"points", "scalars", "window", "batch_affine", "chunks", NULL};    \
        PyObject *op, *os;                                                                         \
        int window = 0, affine = -1, chunks = 0;                                                   \
        if (!PyArg_ParseTupleAndKeywords(args, kw, "OO|iii:" #C "_msm", names, &op, &os,           \
                                         &window, &affine, &chunks))                               \
            return NULL;                                                                           \
        if (window != 0 && (window < 2 || window > 16)) {                                          \
            PyErr_SetString(PyExc_ValueError, "window must be 0 (automatic) or 2…16");             \
            return NULL;                                                                           \
        }                                                                                          \
        if (chunks < 0 || chunks > 64) {                                                           \
            PyErr_SetString(PyExc_ValueError, "chunks must be 0 (automatic) or 1…64");             \
            return NULL;                                                                           \
        }                                                                                          \
        msm_plan_t forced = msm_plan_forced(window ? window : 8, affine > 0, (size_t)chunks);      \
        int use_forced = window != 0 || affine >= 0 || chunks != 0;                                \
        buf_t p, s;                                                                                \
        if (buf_get(op, &p, "points")) return NULL;                                                \
        if (buf_get(os, &s, "scalars")) { buf_release(&p); return NULL; }                          \
        if (buf_multiple(&p, BYTES, NAME) || buf_multiple(&s, SCALAR_BYTES, "scalar")) {           \
            buf_release(&p);                                                                       \
            buf_release(&s);                                                                       \
            return NULL;                                                                           \
        }                                                                                          \
        size_t n = (size_t)p.view.len / BYTES;                                                     \
        if ((size_t)s.view.len / SCALAR_BYTES != n) {                                              \
            PyErr_Format(PyExc_ValueError,                                                         \
                         "MSM needs as many scalars as points (%zd != %zu)",                       \
                         s.view.len / SCALAR_BYTES, n);                                            \
            buf_release(&p);                                                                       \
            buf_release(&s);                                                                       \
            return NULL;                                                                           \
        }                                                                                          \
        C##_jac_t r;                                                                               \
        int rc;                                                                                    \
        Py_BEGIN_ALLOW_THREADS                                                                     \
        rc = C##_msm(&r, p.view.buf, s.view.buf, n, use_forced ? &forced : NULL);                  \
        Py_END_ALLOW_THREADS                                                                       \
        buf_release(&p);                                                                           \
        buf_release(&s);                                                                           \
        if (rc) return PyErr_NoMemory();                                                           \
        unsigned char *out;                                                                        \
        PyObject *res = new_bytes(BYTES, &out);                                                    \
        if (res) C##_jac_to_aff((C##_aff_t *)out, &r);                                             \
        return res;                                                                                \
    }                                                                                              \
    PyObject *py_##C##_mul_batch(PyObject *self, PyObject *args, PyObject *kw) {                   \
        static char *names[] = {"base", "scalars", "window", NULL};                                \
        PyObject *ob, *os;                                                                         \
        int window = 0;                                                                            \
        if (!PyArg_ParseTupleAndKeywords(args, kw, "OO|i:" #C "_mul_batch", names, &ob, &os,       \
                                         &window))                                                 \
            return NULL;                                                                           \
        if (window != 0 && (window < 2 || window > 16)) {                                          \
            PyErr_SetString(PyExc_ValueError, "window must be 0 (automatic) or 2…16");             \
            return NULL;                                                                           \
        }                                                                                          \
        buf_t b, s;                                                                                \
        C##_aff_t base;                                                                            \
        if (buf_get(ob, &b, "base")) return NULL;                                                  \
        if (buf_get(os, &s, "scalars")) { buf_release(&b); return NULL; }                          \
        if (buf_exact(&b, BYTES, NAME " base") || buf_multiple(&s, SCALAR_BYTES, "scalar") ||      \
            C##_read(&base, b.view.buf, NAME " base")) {                                           \
            buf_release(&b);                                                                       \
            buf_release(&s);                                                                       \
            return NULL;                                                                           \
        }                                                                                          \
        buf_release(&b);                                                                           \
        size_t n = (size_t)s.view.len / SCALAR_BYTES;                                              \
        unsigned char *out;                                                                        \
        PyObject *res = new_bytes((Py_ssize_t)(n * BYTES), &out);                                  \
        if (!res) { buf_release(&s); return NULL; }                                                \
        int rc;                                                                                    \
        Py_BEGIN_ALLOW_THREADS                                                                     \
        rc = C##_fixed_base_batch((C##_aff_t *)out, &base, s.view.buf, n, window);                 \
        Py_END_ALLOW_THREADS                                                                       \
        buf_release(&s);                                                                           \
        if (rc) return no_memory(res);                                                             \
        return res;                                                                                \
    }

MSM_FUNCS(g1, G1_BYTES, "G1")
MSM_FUNCS(g2, G2_BYTES, "G2")

/* ---- Fr vectors: NTT, QAP ------------------------------------------------------------------ */

PyObject *py_fr_ntt(PyObject *self, PyObject *args, PyObject *kw) {
    static char *names[] = {"values", "inverse", NULL};
    PyObject *ov;
    int inverse = 0;
    if (!PyArg_ParseTupleAndKeywords(args, kw, "O|p:fr_ntt", names, &ov, &inverse)) return NULL;
    buf_t v;
    if (buf_get(ov, &v, "values")) return NULL;
    if (buf_multiple(&v, SCALAR_BYTES, "scalar") ||
        power_of_two_length((size_t)v.view.len / 32, "NTT")) {
        buf_release(&v);
        return NULL;
    }
    size_t n = (size_t)v.view.len / 32;
    fr_t *a;
    int rc = -1;
    Py_BEGIN_ALLOW_THREADS
    a = fr_vector_from(v.view.buf, n);
    if (a) rc = fr_ntt(a, n, inverse);
    Py_END_ALLOW_THREADS
    buf_release(&v);
    PyObject *res = rc ? PyErr_NoMemory() : fr_vector_to_bytes(a, n);
    PyMem_RawFree(a);
    return res;
}

PyObject *py_fr_coset_ntt(PyObject *self, PyObject *args, PyObject *kw) {
    static char *names[] = {"values", "shift", "inverse", NULL};
    PyObject *ov, *os;
    int inverse = 0;
    if (!PyArg_ParseTupleAndKeywords(args, kw, "OO|p:fr_coset_ntt", names, &ov, &os, &inverse))
        return NULL;
    buf_t v, s;
    if (buf_get(ov, &v, "values")) return NULL;
    if (buf_get(os, &s, "shift")) {
        buf_release(&v);
        return NULL;
    }
    if (buf_multiple(&v, SCALAR_BYTES, "scalar") || buf_exact(&s, SCALAR_BYTES, "shift") ||
        power_of_two_length((size_t)v.view.len / 32, "NTT")) {
        buf_release(&v);
        buf_release(&s);
        return NULL;
    }
    fr_t shift;
    fr_from_bytes(&shift, s.view.buf);
    buf_release(&s);
    if (fr_is_zero(&shift)) {
        buf_release(&v);
        PyErr_SetString(PyExc_ValueError, "coset shift must be non-zero");
        return NULL;
    }
    size_t n = (size_t)v.view.len / 32;
    fr_t *a;
    int rc = -1;
    Py_BEGIN_ALLOW_THREADS
    a = fr_vector_from(v.view.buf, n);
    if (a) rc = fr_coset_ntt(a, n, &shift, inverse);
    Py_END_ALLOW_THREADS
    buf_release(&v);
    PyObject *res = rc ? PyErr_NoMemory() : fr_vector_to_bytes(a, n);
    PyMem_RawFree(a);
    return res;
}

PyObject *py_qap_h(PyObject *self, PyObject *args) {
    PyObject *oc, *ow;
    Py_ssize_t n;
    if (!PyArg_ParseTuple(args, "OOn:qap_h", &oc, &ow, &n)) return NULL;
    if (n <= 0 || power_of_two_length((size_t)n, "QAP domain")) {
        if (!PyErr_Occurred())
            PyErr_Format(PyExc_ValueError, "QAP domain size must be a power of two, got %zd", n);
        return NULL;
    }
    buf_t c, w;
    if (buf_get(oc, &c, "coefs")) return NULL;
    if (buf_get(ow, &w, "witness")) {
        buf_release(&c);
        return NULL;
    }
    if (buf_multiple(&w, SCALAR_BYTES, "scalar")) {
        buf_release(&c);
        buf_release(&w);
        return NULL;
    }
    unsigned char *out;
    PyObject *res = new_bytes(n * 32, &out);
    if (!res) {
        buf_release(&c);
        buf_release(&w);
        return NULL;
    }
    qap_error_t err;
    int rc;
    size_t n_witness = (size_t)w.view.len / 32;
    Py_BEGIN_ALLOW_THREADS
    rc = qap_h(out, c.view.buf, (size_t)c.view.len, w.view.buf, n_witness, (size_t)n, &err);
    Py_END_ALLOW_THREADS
    Py_ssize_t coefs_len = c.view.len;
    buf_release(&c);
    buf_release(&w);
    if (rc == 0) return res;
    Py_DECREF(res);
    switch (err.kind) {
    case QAP_ERR_SHORT:
        PyErr_SetString(FormatError, "coefficient section is shorter than its count");
        break;
    case QAP_ERR_LENGTH:
        PyErr_Format(FormatError,
                     "coefficient section holds %zd bytes, expected %llu entries of 44 bytes",
                     coefs_len - 4, (unsigned long long)err.value);
        break;
    case QAP_ERR_COEFF_RANGE:
        PyErr_Format(FormatError, "coefficient #%zu is not below r", err.index);
        break;
    case QAP_ERR_MATRIX:
        PyErr_Format(FormatError, "coefficient #%zu names matrix %llu; only 0 (A) and 1 (B) exist",
                     err.index, (unsigned long long)err.value);
        break;
    case QAP_ERR_ROW:
        PyErr_Format(FormatError, "coefficient row %llu lies outside the %zd-point domain",
                     (unsigned long long)err.value, n);
        break;
    case QAP_ERR_SIGNAL:
        PyErr_Format(FormatError, "coefficient names signal %llu; witness has %zu",
                     (unsigned long long)err.value, n_witness);
        break;
    default:
        PyErr_NoMemory();
    }
    return NULL;
}

/* ---- field batches ------------------------------------------------------------------------- */

/* Elementwise products and inverses on plain packed values (for tests and small jobs). */
PyObject *py_field_mul(PyObject *args, int base_field) {
    PyObject *oa, *ob;
    if (!PyArg_ParseTuple(args, "OO", &oa, &ob)) return NULL;
    buf_t a, b;
    if (buf_get(oa, &a, "a")) return NULL;
    if (buf_get(ob, &b, "b")) {
        buf_release(&a);
        return NULL;
    }
    if (buf_multiple(&a, 32, "field") || a.view.len != b.view.len) {
        if (!PyErr_Occurred())
            PyErr_SetString(PyExc_ValueError,
                            "both operands must hold the same number of elements");
        buf_release(&a);
        buf_release(&b);
        return NULL;
    }
    size_t n = (size_t)a.view.len / 32;
    unsigned char *out;
    PyObject *res = new_bytes((Py_ssize_t)(n * 32), &out);
    if (res) {
        const unsigned char *pa = a.view.buf, *pb = b.view.buf;
        const uint64_t *m = base_field ? FP_MOD : FR_MOD;
        for (size_t i = 0; i < n; i++) {
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
    }
    buf_release(&a);
    buf_release(&b);
    return res;
}

PyObject *py_fp_mul_batch(PyObject *self, PyObject *args) { return py_field_mul(args, 1); }
PyObject *py_fr_mul_batch(PyObject *self, PyObject *args) { return py_field_mul(args, 0); }

PyObject *py_field_batch_inv(PyObject *arg, int base_field) {
    buf_t a;
    if (buf_get(arg, &a, "values")) return NULL;
    if (buf_multiple(&a, 32, "field")) {
        buf_release(&a);
        return NULL;
    }
    size_t n = (size_t)a.view.len / 32;
    const uint64_t *m = base_field ? FP_MOD : FR_MOD;
    fp_t *v = PyMem_Malloc(2 * (n ? n : 1) * sizeof *v); /* fp_t and fr_t share a layout */
    if (!v) {
        buf_release(&a);
        return PyErr_NoMemory();
    }
    for (size_t i = 0; i < n; i++) {
        uint64_t x[4];
        memcpy(x, (const unsigned char *)a.view.buf + 32 * i, 32);
        limbs_reduce(x, m);
        if (limbs_is_zero(x)) {
            buf_release(&a);
            PyMem_Free(v);
            PyErr_Format(PyExc_ZeroDivisionError, "inverse of zero at index %zu", i);
            return NULL;
        }
        if (base_field) fp_from_plain(&v[i], x);
        else fr_from_plain((fr_t *)&v[i], x);
    }
    buf_release(&a);
    if (base_field) fp_batch_inv(v, n, v + n);
    else fr_batch_inv((fr_t *)v, n, (fr_t *)(v + n));
    unsigned char *out;
    PyObject *res = new_bytes((Py_ssize_t)(n * 32), &out);
    if (res)
        for (size_t i = 0; i < n; i++) {
            uint64_t r[4];
            if (base_field) fp_to_plain(r, &v[i]);
            else fr_to_plain(r, (fr_t *)&v[i]);
            memcpy(out + 32 * i, r, 32);
        }
    PyMem_Free(v);
    return res;
}

PyObject *py_fp_batch_inv(PyObject *self, PyObject *arg) {
    return py_field_batch_inv(arg, 1);
}

PyObject *py_fr_batch_inv(PyObject *self, PyObject *arg) {
    return py_field_batch_inv(arg, 0);
}

/* Montgomery-form coordinates (as stored in packed points) to plain values, for the encodings
 * that hash or print coordinates. Values ≥ q are reduced first, as int(x)·R⁻¹ mod q would. */
PyObject *py_fp_from_montgomery(PyObject *self, PyObject *arg) {
    buf_t a;
    if (buf_get(arg, &a, "values")) return NULL;
    if (buf_multiple(&a, 32, "field")) {
        buf_release(&a);
        return NULL;
    }
    size_t n = (size_t)a.view.len / 32;
    unsigned char *out;
    PyObject *res = new_bytes((Py_ssize_t)(n * 32), &out);
    if (res) {
        const unsigned char *in = a.view.buf;
        Py_BEGIN_ALLOW_THREADS
        for (size_t i = 0; i < n; i++) {
            fp_t x;
            uint64_t plain[4];
            memcpy(x.l, in + 32 * i, 32);
            limbs_reduce(x.l, FP_MOD);
            fp_to_plain(plain, &x);
            memcpy(out + 32 * i, plain, 32);
        }
        Py_END_ALLOW_THREADS
    }
    buf_release(&a);
    return res;
}
