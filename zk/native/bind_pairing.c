/* Bindings for the pairing: Miller loop, final exponentiation, products, checks. */
#include "bind.h"

#include "pairing.h"

/* ---- pairings ------------------------------------------------------------------------------ */

static void fp12_to_bytes(unsigned char *out, const fp12_t *f) {
    const fp_t *c = (const fp_t *)f; /* struct order is snarkjs's tower order */
    for (int i = 0; i < 12; i++) {
        uint64_t r[4];
        fp_to_plain(r, &c[i]);
        memcpy(out + 32 * i, r, 32);
    }
}

/* Parse matching packed G1 and G2 vectors into fresh arrays. */
static int read_pairs(PyObject *o1, PyObject *o2, g1_aff_t **p, g2_aff_t **q, size_t *n) {
    buf_t a, b;
    *p = NULL;
    *q = NULL;
    if (buf_get(o1, &a, "g1 points")) return -1;
    if (buf_get(o2, &b, "g2 points")) {
        buf_release(&a);
        return -1;
    }
    int rc = -1;
    if (buf_multiple(&a, G1_BYTES, "G1") || buf_multiple(&b, G2_BYTES, "G2")) goto done;
    *n = (size_t)a.view.len / G1_BYTES;
    if ((size_t)b.view.len / G2_BYTES != *n) {
        PyErr_Format(PyExc_ValueError,
                     "a pairing needs as many G2 points as G1 points (%zd != %zu)",
                     b.view.len / G2_BYTES, *n);
        goto done;
    }
    *p = PyMem_Malloc((*n ? *n : 1) * sizeof **p);
    *q = PyMem_Malloc((*n ? *n : 1) * sizeof **q);
    if (!*p || !*q) {
        PyErr_NoMemory();
        goto done;
    }
    for (size_t i = 0; i < *n; i++) {
        if (g1_read(&(*p)[i], (const unsigned char *)a.view.buf + i * G1_BYTES, "G1 point") ||
            g2_read(&(*q)[i], (const unsigned char *)b.view.buf + i * G2_BYTES, "G2 point"))
            goto done;
        if (!g1_aff_is_on_curve(&(*p)[i]) || !g2_aff_is_on_curve(&(*q)[i])) {
            PyErr_Format(PointError, "pairing input #%zu is not on the curve (%s)", i,
                         g1_aff_is_on_curve(&(*p)[i]) ? "G2 point" : "G1 point");
            goto done;
        }
    }
    rc = 0;
done:
    buf_release(&a);
    buf_release(&b);
    if (rc) {
        PyMem_Free(*p);
        PyMem_Free(*q);
        *p = NULL;
        *q = NULL;
    }
    return rc;
}

static PyObject *pairing_common(PyObject *args, int mode) {
    PyObject *o1, *o2;
    if (!PyArg_ParseTuple(args, "OO", &o1, &o2)) return NULL;
    g1_aff_t *p;
    g2_aff_t *q;
    size_t n;
    if (read_pairs(o1, o2, &p, &q, &n)) return NULL;
    fp12_t f;
    int rc;
    Py_BEGIN_ALLOW_THREADS
    rc = mode == 0 ? miller_loop(&f, p, q, n) : pairing_product(&f, p, q, n);
    Py_END_ALLOW_THREADS
    PyMem_Free(p);
    PyMem_Free(q);
    if (rc) return PyErr_NoMemory();
    if (mode == 2) return PyBool_FromLong(fp12_is_one(&f));
    unsigned char *out;
    PyObject *res = new_bytes(FP12_BYTES, &out);
    if (res) fp12_to_bytes(out, &f);
    return res;
}

PyObject *py_miller_loop(PyObject *self, PyObject *args) {
    return pairing_common(args, 0);
}

PyObject *py_pairing_product(PyObject *self, PyObject *args) {
    return pairing_common(args, 1);
}

PyObject *py_pairing_check(PyObject *self, PyObject *args) {
    return pairing_common(args, 2);
}

PyObject *py_final_exponentiation(PyObject *self, PyObject *arg) {
    buf_t a;
    if (buf_get(arg, &a, "fp12")) return NULL;
    if (buf_exact(&a, FP12_BYTES, "Fp12 value")) {
        buf_release(&a);
        return NULL;
    }
    fp12_t f;
    fp_t *c = (fp_t *)&f;
    for (int i = 0; i < 12; i++) {
        uint64_t x[4];
        memcpy(x, (const unsigned char *)a.view.buf + 32 * i, 32);
        if (!limbs_lt(x, FP_MOD)) {
            buf_release(&a);
            PyErr_Format(PyExc_ValueError, "Fp12 coefficient %d is not below q", i);
            return NULL;
        }
        fp_from_plain(&c[i], x);
    }
    buf_release(&a);
    fp12_t r;
    Py_BEGIN_ALLOW_THREADS
    final_exponentiation(&r, &f);
    Py_END_ALLOW_THREADS
    unsigned char *out;
    PyObject *res = new_bytes(FP12_BYTES, &out);
    if (res) fp12_to_bytes(out, &r);
    return res;
}
