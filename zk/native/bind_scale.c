/* Bindings for elementwise point scaling, the group inverse FFT and powers in Fr. */
#include "bind.h"

#include "glv.h"
#include "ntt.h"
#include "scale.h"

/* Index of the first point with a coordinate not below q, or −1. */
#define FIRST_NON_CANONICAL(C, CANON)                                                              \
    static Py_ssize_t C##_first_non_canonical(const C##_aff_t *pts, size_t n) {                    \
        for (size_t i = 0; i < n; i++)                                                             \
            if (!CANON(&pts[i].x) || !CANON(&pts[i].y)) return (Py_ssize_t)i;                      \
        return -1;                                                                                 \
    }

FIRST_NON_CANONICAL(g1, fp_is_canonical)
FIRST_NON_CANONICAL(g2, fp2_is_canonical)

#define SCALE_FUNCS(C, BYTES, NAME)                                                                \
    static int C##_canonical_or_error(const buf_t *b) {                                            \
        Py_ssize_t bad = C##_first_non_canonical(b->view.buf, (size_t)b->view.len / BYTES);        \
        if (bad >= 0) {                                                                            \
            PyErr_Format(PointError, NAME " point #%zd: coordinate is not below the base "         \
                                          "field modulus q", bad);                                 \
            return -1;                                                                             \
        }                                                                                          \
        return 0;                                                                                  \
    }                                                                                              \
    PyObject *py_##C##_scale_batch(PyObject *self, PyObject *args) {                               \
        PyObject *op, *os;                                                                         \
        if (!PyArg_ParseTuple(args, "OO:" #C "_scale_batch", &op, &os)) return NULL;               \
        buf_t p, s;                                                                                \
        if (buf_get(op, &p, "points")) return NULL;                                                \
        if (buf_get(os, &s, "scalars")) { buf_release(&p); return NULL; }                          \
        if (buf_multiple(&p, BYTES, NAME) || buf_multiple(&s, SCALAR_BYTES, "scalar") ||           \
            C##_canonical_or_error(&p)) {                                                          \
            buf_release(&p);                                                                       \
            buf_release(&s);                                                                       \
            return NULL;                                                                           \
        }                                                                                          \
        size_t n = (size_t)p.view.len / BYTES;                                                     \
        if ((size_t)s.view.len / SCALAR_BYTES != n) {                                              \
            PyErr_Format(PyExc_ValueError,                                                         \
                         "scaling needs one scalar per point (%zd scalars, %zu points)",           \
                         s.view.len / SCALAR_BYTES, n);                                            \
            buf_release(&p);                                                                       \
            buf_release(&s);                                                                       \
            return NULL;                                                                           \
        }                                                                                          \
        unsigned char *out;                                                                        \
        PyObject *res = new_bytes((Py_ssize_t)(n * BYTES), &out);                                  \
        int rc = -1;                                                                               \
        if (res) {                                                                                 \
            Py_BEGIN_ALLOW_THREADS                                                                 \
            rc = C##_scale_batch((C##_aff_t *)out, p.view.buf, s.view.buf, n);                     \
            Py_END_ALLOW_THREADS                                                                   \
        }                                                                                          \
        buf_release(&p);                                                                           \
        buf_release(&s);                                                                           \
        if (!res) return NULL;                                                                     \
        if (rc) return no_memory(res);                                                             \
        return res;                                                                                \
    }                                                                                              \
    PyObject *py_##C##_ifft(PyObject *self, PyObject *arg) {                                       \
        buf_t p;                                                                                   \
        if (buf_get(arg, &p, "points")) return NULL;                                               \
        if (buf_multiple(&p, BYTES, NAME) ||                                                       \
            power_of_two_length((size_t)p.view.len / BYTES, NAME " FFT") ||                        \
            C##_canonical_or_error(&p)) {                                                          \
            buf_release(&p);                                                                       \
            return NULL;                                                                           \
        }                                                                                          \
        size_t n = (size_t)p.view.len / BYTES;                                                     \
        unsigned char *out;                                                                        \
        PyObject *res = new_bytes((Py_ssize_t)(n * BYTES), &out);                                  \
        int rc = -1;                                                                               \
        if (res) {                                                                                 \
            Py_BEGIN_ALLOW_THREADS                                                                 \
            rc = C##_group_ifft((C##_aff_t *)out, p.view.buf, n);                                  \
            Py_END_ALLOW_THREADS                                                                   \
        }                                                                                          \
        buf_release(&p);                                                                           \
        if (!res) return NULL;                                                                     \
        if (rc) return no_memory(res);                                                             \
        return res;                                                                                \
    }

SCALE_FUNCS(g1, G1_BYTES, "G1")
SCALE_FUNCS(g2, G2_BYTES, "G2")

PyObject *py_fr_powers(PyObject *self, PyObject *args) {
    PyObject *of, *oi;
    Py_ssize_t n;
    if (!PyArg_ParseTuple(args, "OOn:fr_powers", &of, &oi, &n)) return NULL;
    if (n < 0) {
        PyErr_Format(PyExc_ValueError, "count must be non-negative, got %zd", n);
        return NULL;
    }
    buf_t f, i;
    if (buf_get(of, &f, "first")) return NULL;
    if (buf_get(oi, &i, "inc")) {
        buf_release(&f);
        return NULL;
    }
    if (buf_exact(&f, SCALAR_BYTES, "first") || buf_exact(&i, SCALAR_BYTES, "inc")) {
        buf_release(&f);
        buf_release(&i);
        return NULL;
    }
    fr_t first, inc;
    fr_from_bytes(&first, f.view.buf);
    fr_from_bytes(&inc, i.view.buf);
    buf_release(&f);
    buf_release(&i);
    PyObject *res = PyByteArray_FromStringAndSize(NULL, n * SCALAR_BYTES);
    fr_t *v = PyMem_RawMalloc((n ? (size_t)n : 1) * sizeof *v);
    if (!res || !v) {
        PyMem_RawFree(v);
        return res ? no_memory(res) : NULL;
    }
    unsigned char *out = (unsigned char *)PyByteArray_AS_STRING(res);
    Py_BEGIN_ALLOW_THREADS
    for (Py_ssize_t k = 0; k < n; k++) v[k] = FR_ONE;
    fr_scale_by_powers(v, (size_t)n, &first, &inc);
    for (Py_ssize_t k = 0; k < n; k++) fr_to_bytes(out + SCALAR_BYTES * k, &v[k]);
    zk_wipe(v, (size_t)n * sizeof *v);
    Py_END_ALLOW_THREADS
    PyMem_RawFree(v);
    zk_wipe(&first, sizeof first);
    zk_wipe(&inc, sizeof inc);
    return res;
}
