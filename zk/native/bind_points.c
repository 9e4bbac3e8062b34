/* Bindings for single G1/G2 points, Jacobian inputs and batch validation. */
#include "bind.h"

#include "parallel.h"

/* ---- single points ---------------------------------------------------------------------- */

#define SINGLE_POINT_FUNCS(C, BYTES, NAME, CANON)                                                  \
    PyObject *py_##C##_add(PyObject *self, PyObject *args) {                                       \
        PyObject *oa, *ob;                                                                         \
        if (!PyArg_ParseTuple(args, "OO:" #C "_add", &oa, &ob)) return NULL;                       \
        buf_t a, b;                                                                                \
        C##_aff_t pa, pb;                                                                          \
        if (buf_get(oa, &a, "p")) return NULL;                                                     \
        if (buf_get(ob, &b, "q")) { buf_release(&a); return NULL; }                                \
        int bad = buf_exact(&a, BYTES, NAME " point") || buf_exact(&b, BYTES, NAME " point") ||    \
                  C##_read(&pa, a.view.buf, NAME " p") || C##_read(&pb, b.view.buf, NAME " q");    \
        buf_release(&a);                                                                           \
        buf_release(&b);                                                                           \
        if (bad) return NULL;                                                                      \
        C##_jac_t r;                                                                               \
        C##_jac_from_aff(&r, &pa);                                                                 \
        C##_jac_add_aff(&r, &r, &pb);                                                              \
        unsigned char *out;                                                                        \
        PyObject *res = new_bytes(BYTES, &out);                                                    \
        if (res) C##_jac_to_aff((C##_aff_t *)out, &r);                                             \
        return res;                                                                                \
    }                                                                                              \
    PyObject *py_##C##_neg(PyObject *self, PyObject *arg) {                                        \
        buf_t a;                                                                                   \
        C##_aff_t pa;                                                                              \
        if (buf_get(arg, &a, "p")) return NULL;                                                    \
        int bad = buf_exact(&a, BYTES, NAME " point") || C##_read(&pa, a.view.buf, NAME " p");     \
        buf_release(&a);                                                                           \
        if (bad) return NULL;                                                                      \
        unsigned char *out;                                                                        \
        PyObject *res = new_bytes(BYTES, &out);                                                    \
        if (res) C##_aff_neg((C##_aff_t *)out, &pa);                                               \
        return res;                                                                                \
    }                                                                                              \
    PyObject *py_##C##_mul(PyObject *self, PyObject *args) {                                       \
        PyObject *oa, *ok;                                                                         \
        if (!PyArg_ParseTuple(args, "OO:" #C "_mul", &oa, &ok)) return NULL;                       \
        buf_t a, k;                                                                                \
        C##_aff_t pa;                                                                              \
        uint64_t scalar[4];                                                                        \
        if (buf_get(oa, &a, "p")) return NULL;                                                     \
        if (buf_get(ok, &k, "k")) { buf_release(&a); return NULL; }                                \
        int bad = buf_exact(&a, BYTES, NAME " point") || buf_exact(&k, SCALAR_BYTES, "scalar") ||  \
                  C##_read(&pa, a.view.buf, NAME " p");                                            \
        if (!bad) memcpy(scalar, k.view.buf, 32);                                                  \
        buf_release(&a);                                                                           \
        buf_release(&k);                                                                           \
        if (bad) return NULL;                                                                      \
        C##_jac_t r;                                                                               \
        C##_jac_from_aff(&r, &pa);                                                                 \
        C##_jac_mul(&r, &r, scalar);                                                               \
        unsigned char *out;                                                                        \
        PyObject *res = new_bytes(BYTES, &out);                                                    \
        if (res) C##_jac_to_aff((C##_aff_t *)out, &r);                                             \
        return res;                                                                                \
    }                                                                                              \
    PyObject *py_##C##_is_on_curve(PyObject *self, PyObject *arg) {                                \
        buf_t a;                                                                                   \
        C##_aff_t pa;                                                                              \
        if (buf_get(arg, &a, "p")) return NULL;                                                    \
        if (buf_exact(&a, BYTES, NAME " point")) { buf_release(&a); return NULL; }                 \
        memcpy(&pa, a.view.buf, sizeof pa);                                                        \
        buf_release(&a);                                                                           \
        if (!CANON(&pa.x) || !CANON(&pa.y)) Py_RETURN_FALSE;                                       \
        return PyBool_FromLong(C##_aff_is_on_curve(&pa));                                          \
    }

SINGLE_POINT_FUNCS(g1, G1_BYTES, "G1", fp_is_canonical)
SINGLE_POINT_FUNCS(g2, G2_BYTES, "G2", fp2_is_canonical)

PyObject *py_g2_in_subgroup(PyObject *self, PyObject *arg) {
    buf_t a;
    g2_aff_t pa;
    if (buf_get(arg, &a, "p")) return NULL;
    if (buf_exact(&a, G2_BYTES, "G2 point")) {
        buf_release(&a);
        return NULL;
    }
    memcpy(&pa, a.view.buf, sizeof pa);
    buf_release(&a);
    if (!fp2_is_canonical(&pa.x) || !fp2_is_canonical(&pa.y) || !g2_aff_is_on_curve(&pa))
        Py_RETURN_FALSE;
    return PyBool_FromLong(g2_aff_in_subgroup(&pa));
}

/* ---- Jacobian inputs (for callers that hold projective points) ---------------------------- */

#define JACOBIAN_FUNCS(C, CANON, AFF_BYTES, NAME)                                                  \
    static int C##_jac_read(C##_jac_t *p, const unsigned char *in) {                               \
        memcpy(p, in, sizeof *p);                                                                  \
        if (!CANON(&p->x) || !CANON(&p->y) || !CANON(&p->z)) {                                     \
            PyErr_SetString(PointError,                                                            \
                            NAME " Jacobian point: coordinate is not below the modulus q");        \
            return -1;                                                                             \
        }                                                                                          \
        return 0;                                                                                  \
    }                                                                                              \
    PyObject *py_##C##_jac_add(PyObject *self, PyObject *args) {                                   \
        PyObject *oa, *ob;                                                                         \
        if (!PyArg_ParseTuple(args, "OO:" #C "_jac_add", &oa, &ob)) return NULL;                   \
        buf_t a, b;                                                                                \
        C##_jac_t pa, pb, r;                                                                       \
        if (buf_get(oa, &a, "p")) return NULL;                                                     \
        if (buf_get(ob, &b, "q")) { buf_release(&a); return NULL; }                                \
        int bad = buf_exact(&a, sizeof(C##_jac_t), NAME " Jacobian point") ||                      \
                  buf_exact(&b, sizeof(C##_jac_t), NAME " Jacobian point") ||                      \
                  C##_jac_read(&pa, a.view.buf) || C##_jac_read(&pb, b.view.buf);                  \
        buf_release(&a);                                                                           \
        buf_release(&b);                                                                           \
        if (bad) return NULL;                                                                      \
        C##_jac_add(&r, &pa, &pb);                                                                 \
        return PyBytes_FromStringAndSize((const char *)&r, sizeof r);                              \
    }                                                                                              \
    PyObject *py_##C##_jac_double(PyObject *self, PyObject *arg) {                                 \
        buf_t a;                                                                                   \
        C##_jac_t pa, r;                                                                           \
        if (buf_get(arg, &a, "p")) return NULL;                                                    \
        int bad = buf_exact(&a, sizeof(C##_jac_t), NAME " Jacobian point") ||                      \
                  C##_jac_read(&pa, a.view.buf);                                                   \
        buf_release(&a);                                                                           \
        if (bad) return NULL;                                                                      \
        C##_jac_dbl(&r, &pa);                                                                      \
        return PyBytes_FromStringAndSize((const char *)&r, sizeof r);                              \
    }                                                                                              \
    PyObject *py_##C##_jac_add_affine(PyObject *self, PyObject *args) {                            \
        PyObject *oa, *ob;                                                                         \
        if (!PyArg_ParseTuple(args, "OO:" #C "_jac_add_affine", &oa, &ob)) return NULL;            \
        buf_t a, b;                                                                                \
        C##_jac_t pa, r;                                                                           \
        C##_aff_t pb;                                                                              \
        if (buf_get(oa, &a, "p")) return NULL;                                                     \
        if (buf_get(ob, &b, "q")) { buf_release(&a); return NULL; }                                \
        int bad = buf_exact(&a, sizeof(C##_jac_t), NAME " Jacobian point") ||                      \
                  buf_exact(&b, AFF_BYTES, NAME " point") || C##_jac_read(&pa, a.view.buf) ||      \
                  C##_read(&pb, b.view.buf, NAME " q");                                            \
        buf_release(&a);                                                                           \
        buf_release(&b);                                                                           \
        if (bad) return NULL;                                                                      \
        C##_jac_add_aff(&r, &pa, &pb);                                                             \
        return PyBytes_FromStringAndSize((const char *)&r, sizeof r);                              \
    }                                                                                              \
    PyObject *py_##C##_jac_to_affine(PyObject *self, PyObject *arg) {                              \
        buf_t a;                                                                                   \
        if (buf_get(arg, &a, "points")) return NULL;                                               \
        if (buf_multiple(&a, sizeof(C##_jac_t), NAME " Jacobian")) {                               \
            buf_release(&a);                                                                       \
            return NULL;                                                                           \
        }                                                                                          \
        size_t n = (size_t)a.view.len / sizeof(C##_jac_t);                                         \
        C##_jac_t *in = PyMem_Malloc((n ? n : 1) * sizeof *in);                                    \
        if (!in) { buf_release(&a); return PyErr_NoMemory(); }                                     \
        int bad = 0;                                                                               \
        for (size_t i = 0; i < n && !bad; i++)                                                     \
            bad = C##_jac_read(&in[i], (const unsigned char *)a.view.buf + i * sizeof *in);        \
        buf_release(&a);                                                                           \
        if (bad) { PyMem_Free(in); return NULL; }                                                  \
        unsigned char *out;                                                                        \
        PyObject *res = new_bytes((Py_ssize_t)(n * AFF_BYTES), &out);                              \
        int rc = 0;                                                                                \
        if (res) {                                                                                 \
            Py_BEGIN_ALLOW_THREADS                                                                 \
            rc = C##_jac_batch_to_aff((C##_aff_t *)out, in, n);                                    \
            Py_END_ALLOW_THREADS                                                                   \
        }                                                                                          \
        PyMem_Free(in);                                                                            \
        if (rc) return no_memory(res);                                                             \
        return res;                                                                                \
    }

JACOBIAN_FUNCS(g1, fp_is_canonical, G1_BYTES, "G1")
JACOBIAN_FUNCS(g2, fp2_is_canonical, G2_BYTES, "G2")

/* ---- validation of packed vectors --------------------------------------------------------- */

PyObject *py_g1_first_invalid(PyObject *self, PyObject *arg) {
    buf_t a;
    if (buf_get(arg, &a, "points")) return NULL;
    if (buf_multiple(&a, G1_BYTES, "G1")) {
        buf_release(&a);
        return NULL;
    }
    size_t n = (size_t)a.view.len / G1_BYTES;
    const g1_aff_t *pts = a.view.buf;
    Py_ssize_t bad = -1;
    Py_BEGIN_ALLOW_THREADS
    for (size_t i = 0; i < n; i++) {
        if (!fp_is_canonical(&pts[i].x) || !fp_is_canonical(&pts[i].y) ||
            !g1_aff_is_on_curve(&pts[i])) {
            bad = (Py_ssize_t)i;
            break;
        }
    }
    Py_END_ALLOW_THREADS
    buf_release(&a);
    return PyLong_FromSsize_t(bad);
}

typedef struct {
    const g2_aff_t *pts;
    size_t n, parts;
    Py_ssize_t *first_bad; /* per part */
} g2_check_job_t;

static void g2_check_task(void *ctx, size_t part) {
    g2_check_job_t *job = ctx;
    size_t begin, end;
    zk_split(job->n, job->parts, part, &begin, &end);
    job->first_bad[part] = -1;
    for (size_t i = begin; i < end; i++) {
        const g2_aff_t *p = &job->pts[i];
        if (!fp2_is_canonical(&p->x) || !fp2_is_canonical(&p->y) || !g2_aff_is_on_curve(p) ||
            !g2_aff_in_subgroup(p)) {
            job->first_bad[part] = (Py_ssize_t)i;
            return;
        }
    }
}

PyObject *py_g2_first_invalid(PyObject *self, PyObject *arg) {
    buf_t a;
    if (buf_get(arg, &a, "points")) return NULL;
    if (buf_multiple(&a, G2_BYTES, "G2")) {
        buf_release(&a);
        return NULL;
    }
    size_t n = (size_t)a.view.len / G2_BYTES;
    size_t parts = n < 64 ? 1 : (size_t)zk_thread_count() * 4;
    Py_ssize_t *first = PyMem_Malloc(parts * sizeof *first);
    if (!first) {
        buf_release(&a);
        return PyErr_NoMemory();
    }
    g2_check_job_t job = {a.view.buf, n, parts, first};
    Py_BEGIN_ALLOW_THREADS
    if (parts > 1) zk_parallel_for(parts, g2_check_task, &job);
    else g2_check_task(&job, 0);
    Py_END_ALLOW_THREADS
    buf_release(&a);
    Py_ssize_t bad = -1;
    for (size_t p = 0; p < parts; p++)
        if (first[p] >= 0) {
            bad = first[p];
            break;
        }
    PyMem_Free(first);
    return PyLong_FromSsize_t(bad);
}
