/* Binding for the sparse matrix × point vector product (see sparse.h). */
#include "bind.h"

#include "sparse.h"

/* Rows and terms that fit the product: every index names a point, `ends` never decreases
 * and ends at the term count. Sets a ValueError and returns −1 otherwise. */
static int sparse_shape_ok(const uint32_t *idx, size_t n_terms, const uint32_t *ends,
                           size_t n_rows, size_t n_points) {
    for (size_t t = 0; t < n_terms; t++)
        if (idx[t] >= n_points) {
            PyErr_Format(PyExc_ValueError, "term #%zu names point %u of %zu", t, idx[t],
                         n_points);
            return -1;
        }
    uint32_t last = 0;
    for (size_t o = 0; o < n_rows; o++) {
        if (ends[o] < last) {
            PyErr_Format(PyExc_ValueError, "row #%zu ends before the row above it", o);
            return -1;
        }
        last = ends[o];
    }
    if ((size_t)last != n_terms) {
        PyErr_Format(PyExc_ValueError, "the rows hold %u terms but %zu were given", last,
                     n_terms);
        return -1;
    }
    return 0;
}

#define SPARSE_FUNCS(C, BYTES, NAME, CANON)                                                        \
    static int C##_points_valid(const C##_aff_t *pts, size_t n) {                                  \
        for (size_t i = 0; i < n; i++) {                                                           \
            if (!CANON(&pts[i].x) || !CANON(&pts[i].y)) {                                          \
                PyErr_Format(PointError, NAME " point #%zu: coordinate is not below the base "     \
                                              "field modulus q", i);                               \
                return -1;                                                                         \
            }                                                                                      \
            if (!C##_aff_is_identity(&pts[i]) && !C##_aff_is_on_curve(&pts[i])) {                  \
                PyErr_Format(PointError, NAME " point #%zu is not on the curve", i);               \
                return -1;                                                                         \
            }                                                                                      \
        }                                                                                          \
        return 0;                                                                                  \
    }                                                                                              \
    PyObject *py_##C##_sparse_msm(PyObject *self, PyObject *args) {                                \
        PyObject *objs[4];                                                                         \
        if (!PyArg_ParseTuple(args, "OOOO:" #C "_sparse_msm", &objs[0], &objs[1], &objs[2],       \
                              &objs[3]))                                                           \
            return NULL;                                                                           \
        static const char *what[4] = {"points", "indices", "scalars", "row ends"};                 \
        static const Py_ssize_t unit[4] = {BYTES, 4, SCALAR_BYTES, 4};                             \
        buf_t b[4];                                                                                \
        int held = 0;                                                                              \
        PyObject *res = NULL;                                                                      \
        for (; held < 4; held++)                                                                   \
            if (buf_get(objs[held], &b[held], what[held]) ||                                       \
                buf_multiple(&b[held], unit[held], what[held])) {                                  \
                if (b[held].held) held++;                                                          \
                goto done;                                                                         \
            }                                                                                      \
        size_t n_points = (size_t)b[0].view.len / BYTES, n_terms = (size_t)b[1].view.len / 4;      \
        size_t n_rows = (size_t)b[3].view.len / 4;                                                 \
        if ((size_t)b[2].view.len / SCALAR_BYTES != n_terms) {                                     \
            PyErr_Format(PyExc_ValueError, "%zu indices but %zd scalars", n_terms,                 \
                         b[2].view.len / SCALAR_BYTES);                                            \
            goto done;                                                                             \
        }                                                                                          \
        if (sparse_shape_ok(b[1].view.buf, n_terms, b[3].view.buf, n_rows, n_points) ||            \
            C##_points_valid(b[0].view.buf, n_points))                                             \
            goto done;                                                                             \
        unsigned char *out;                                                                        \
        res = new_bytes((Py_ssize_t)(n_rows * BYTES), &out);                                       \
        if (!res) goto done;                                                                       \
        int rc;                                                                                    \
        Py_BEGIN_ALLOW_THREADS                                                                     \
        rc = C##_sparse_msm((C##_aff_t *)out, b[0].view.buf, b[1].view.buf, b[2].view.buf,         \
                            b[3].view.buf, n_rows);                                                \
        Py_END_ALLOW_THREADS                                                                       \
        if (rc) res = no_memory(res);                                                              \
    done:                                                                                          \
        for (int i = 0; i < held; i++) buf_release(&b[i]);                                         \
        return res;                                                                                \
    }

SPARSE_FUNCS(g1, G1_BYTES, "G1", fp_is_canonical)
SPARSE_FUNCS(g2, G2_BYTES, "G2", fp2_is_canonical)
