/*
 * zk.native._bn254: the CPython face of the native core.
 *
 * Every argument that carries field elements or points is a buffer in the packed layouts of
 * zk.curve.base (scalars 32-byte plain little-endian, points affine with Montgomery-form
 * coordinates); every result is a new bytes object in the same layouts. Long work runs with
 * the GIL released.
 */
#define PY_SSIZE_T_CLEAN
#include <Python.h>

#include "curve.h"
#include "msm.h"
#include "ntt.h"
#include "pairing.h"
#include "parallel.h"
#include "poseidon.h"
#include "qap.h"

#define G1_BYTES 64
#define G2_BYTES 128
#define SCALAR_BYTES 32
#define FP12_BYTES (12 * 32)

static PyObject *FormatError; /* zk.errors.FormatError (ValueError if unavailable) */
static PyObject *PointError;  /* zk.errors.PointError */

/* ---- argument helpers ------------------------------------------------------------------- */

typedef struct {
    Py_buffer view;
    int held;
} buf_t;

static void buf_release(buf_t *b) {
    if (b->held) PyBuffer_Release(&b->view);
    b->held = 0;
}

static int buf_get(PyObject *obj, buf_t *b, const char *what) {
    b->held = 0;
    if (PyObject_GetBuffer(obj, &b->view, PyBUF_C_CONTIGUOUS) != 0) {
        PyErr_Format(PyExc_TypeError, "%s must be a bytes-like object (bytes, bytearray, "
                                      "memoryview or a contiguous array)", what);
        return -1;
    }
    b->held = 1;
    return 0;
}

static int buf_multiple(buf_t *b, Py_ssize_t unit, const char *what) {
    if (b->view.len % unit != 0) {
        PyErr_Format(PyExc_ValueError, "%s buffer of %zd bytes is not a multiple of %zd", what,
                     b->view.len, unit);
        return -1;
    }
    return 0;
}

static int buf_exact(buf_t *b, Py_ssize_t len, const char *what) {
    if (b->view.len != len) {
        PyErr_Format(PyExc_ValueError, "%s must be %zd bytes, got %zd", what, len, b->view.len);
        return -1;
    }
    return 0;
}

static PyObject *new_bytes(Py_ssize_t len, unsigned char **data) {
    PyObject *out = PyBytes_FromStringAndSize(NULL, len);
    if (out) *data = (unsigned char *)PyBytes_AS_STRING(out);
    return out;
}

static PyObject *no_memory(PyObject *to_drop) {
    Py_XDECREF(to_drop);
    return PyErr_NoMemory();
}

/* Packed point → affine struct, rejecting coordinates that are not below q. */
static int g1_read(g1_aff_t *p, const unsigned char *in, const char *what) {
    memcpy(p, in, sizeof *p);
    if (!fp_is_canonical(&p->x) || !fp_is_canonical(&p->y)) {
        PyErr_Format(PointError, "%s: coordinate is not below the base field modulus q", what);
        return -1;
    }
    return 0;
}

static int g2_read(g2_aff_t *p, const unsigned char *in, const char *what) {
    memcpy(p, in, sizeof *p);
    if (!fp2_is_canonical(&p->x) || !fp2_is_canonical(&p->y)) {
        PyErr_Format(PointError, "%s: coordinate is not below the base field modulus q", what);
        return -1;
    }
    return 0;
}

/* ---- single points ---------------------------------------------------------------------- */

#define SINGLE_POINT_FUNCS(C, BYTES, NAME, CANON)                                                  \
    static PyObject *py_##C##_add(PyObject *self, PyObject *args) {                         \
        PyObject *oa, *ob;                                                                  \
        if (!PyArg_ParseTuple(args, "OO:" #C "_add", &oa, &ob)) return NULL;                \
        buf_t a, b;                                                                         \
        C##_aff_t pa, pb;                                                                   \
        if (buf_get(oa, &a, "p")) return NULL;                                              \
        if (buf_get(ob, &b, "q")) { buf_release(&a); return NULL; }                          \
        int bad = buf_exact(&a, BYTES, NAME " point") || buf_exact(&b, BYTES, NAME " point") || \
                  C##_read(&pa, a.view.buf, NAME " p") || C##_read(&pb, b.view.buf, NAME " q"); \
        buf_release(&a);                                                                    \
        buf_release(&b);                                                                    \
        if (bad) return NULL;                                                               \
        C##_jac_t r;                                                                        \
        C##_jac_from_aff(&r, &pa);                                                          \
        C##_jac_add_aff(&r, &r, &pb);                                                       \
        unsigned char *out;                                                                 \
        PyObject *res = new_bytes(BYTES, &out);                                             \
        if (res) C##_jac_to_aff((C##_aff_t *)out, &r);                                      \
        return res;                                                                         \
    }                                                                                       \
    static PyObject *py_##C##_neg(PyObject *self, PyObject *arg) {                          \
        buf_t a;                                                                            \
        C##_aff_t pa;                                                                       \
        if (buf_get(arg, &a, "p")) return NULL;                                             \
        int bad = buf_exact(&a, BYTES, NAME " point") || C##_read(&pa, a.view.buf, NAME " p"); \
        buf_release(&a);                                                                    \
        if (bad) return NULL;                                                               \
        unsigned char *out;                                                                 \
        PyObject *res = new_bytes(BYTES, &out);                                             \
        if (res) C##_aff_neg((C##_aff_t *)out, &pa);                                        \
        return res;                                                                         \
    }                                                                                       \
    static PyObject *py_##C##_mul(PyObject *self, PyObject *args) {                         \
        PyObject *oa, *ok;                                                                  \
        if (!PyArg_ParseTuple(args, "OO:" #C "_mul", &oa, &ok)) return NULL;                \
        buf_t a, k;                                                                         \
        C##_aff_t pa;                                                                       \
        uint64_t scalar[4];                                                                 \
        if (buf_get(oa, &a, "p")) return NULL;                                              \
        if (buf_get(ok, &k, "k")) { buf_release(&a); return NULL; }                          \
        int bad = buf_exact(&a, BYTES, NAME " point") || buf_exact(&k, SCALAR_BYTES, "scalar") || \
                  C##_read(&pa, a.view.buf, NAME " p");                                     \
        if (!bad) memcpy(scalar, k.view.buf, 32);                                           \
        buf_release(&a);                                                                    \
        buf_release(&k);                                                                    \
        if (bad) return NULL;                                                               \
        C##_jac_t r;                                                                        \
        C##_jac_from_aff(&r, &pa);                                                          \
        C##_jac_mul(&r, &r, scalar);                                                        \
        unsigned char *out;                                                                 \
        PyObject *res = new_bytes(BYTES, &out);                                             \
        if (res) C##_jac_to_aff((C##_aff_t *)out, &r);                                      \
        return res;                                                                         \
    }                                                                                       \
    static PyObject *py_##C##_is_on_curve(PyObject *self, PyObject *arg) {                  \
        buf_t a;                                                                            \
        C##_aff_t pa;                                                                       \
        if (buf_get(arg, &a, "p")) return NULL;                                             \
        if (buf_exact(&a, BYTES, NAME " point")) { buf_release(&a); return NULL; }           \
        memcpy(&pa, a.view.buf, sizeof pa);                                                 \
        buf_release(&a);                                                                    \
        if (!CANON(&pa.x) || !CANON(&pa.y)) Py_RETURN_FALSE;                                \
        return PyBool_FromLong(C##_aff_is_on_curve(&pa));                                   \
    }

SINGLE_POINT_FUNCS(g1, G1_BYTES, "G1", fp_is_canonical)
SINGLE_POINT_FUNCS(g2, G2_BYTES, "G2", fp2_is_canonical)

static PyObject *py_g2_in_subgroup(PyObject *self, PyObject *arg) {
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

#define JACOBIAN_FUNCS(C, FE_T, CANON, AFF_BYTES, NAME)                                      \
    static int C##_jac_read(C##_jac_t *p, const unsigned char *in) {                        \
        memcpy(p, in, sizeof *p);                                                           \
        if (!CANON(&p->x) || !CANON(&p->y) || !CANON(&p->z)) {                              \
            PyErr_SetString(PointError,                                                     \
                            NAME " Jacobian point: coordinate is not below the modulus q"); \
            return -1;                                                                      \
        }                                                                                   \
        return 0;                                                                           \
    }                                                                                       \
    static PyObject *py_##C##_jac_add(PyObject *self, PyObject *args) {                     \
        PyObject *oa, *ob;                                                                  \
        if (!PyArg_ParseTuple(args, "OO:" #C "_jac_add", &oa, &ob)) return NULL;            \
        buf_t a, b;                                                                         \
        C##_jac_t pa, pb, r;                                                                \
        if (buf_get(oa, &a, "p")) return NULL;                                              \
        if (buf_get(ob, &b, "q")) { buf_release(&a); return NULL; }                          \
        int bad = buf_exact(&a, sizeof(C##_jac_t), NAME " Jacobian point") ||               \
                  buf_exact(&b, sizeof(C##_jac_t), NAME " Jacobian point") ||               \
                  C##_jac_read(&pa, a.view.buf) || C##_jac_read(&pb, b.view.buf);           \
        buf_release(&a);                                                                    \
        buf_release(&b);                                                                    \
        if (bad) return NULL;                                                               \
        C##_jac_add(&r, &pa, &pb);                                                          \
        return PyBytes_FromStringAndSize((const char *)&r, sizeof r);                       \
    }                                                                                       \
    static PyObject *py_##C##_jac_double(PyObject *self, PyObject *arg) {                   \
        buf_t a;                                                                            \
        C##_jac_t pa, r;                                                                    \
        if (buf_get(arg, &a, "p")) return NULL;                                             \
        int bad = buf_exact(&a, sizeof(C##_jac_t), NAME " Jacobian point") ||               \
                  C##_jac_read(&pa, a.view.buf);                                            \
        buf_release(&a);                                                                    \
        if (bad) return NULL;                                                               \
        C##_jac_dbl(&r, &pa);                                                               \
        return PyBytes_FromStringAndSize((const char *)&r, sizeof r);                       \
    }                                                                                       \
    static PyObject *py_##C##_jac_add_affine(PyObject *self, PyObject *args) {              \
        PyObject *oa, *ob;                                                                  \
        if (!PyArg_ParseTuple(args, "OO:" #C "_jac_add_affine", &oa, &ob)) return NULL;     \
        buf_t a, b;                                                                         \
        C##_jac_t pa, r;                                                                    \
        C##_aff_t pb;                                                                       \
        if (buf_get(oa, &a, "p")) return NULL;                                              \
        if (buf_get(ob, &b, "q")) { buf_release(&a); return NULL; }                          \
        int bad = buf_exact(&a, sizeof(C##_jac_t), NAME " Jacobian point") ||               \
                  buf_exact(&b, AFF_BYTES, NAME " point") || C##_jac_read(&pa, a.view.buf) || \
                  C##_read(&pb, b.view.buf, NAME " q");                                     \
        buf_release(&a);                                                                    \
        buf_release(&b);                                                                    \
        if (bad) return NULL;                                                               \
        C##_jac_add_aff(&r, &pa, &pb);                                                      \
        return PyBytes_FromStringAndSize((const char *)&r, sizeof r);                       \
    }                                                                                       \
    static PyObject *py_##C##_jac_to_affine(PyObject *self, PyObject *arg) {                \
        buf_t a;                                                                            \
        if (buf_get(arg, &a, "points")) return NULL;                                        \
        if (buf_multiple(&a, sizeof(C##_jac_t), NAME " Jacobian")) {                        \
            buf_release(&a);                                                                \
            return NULL;                                                                    \
        }                                                                                   \
        size_t n = (size_t)a.view.len / sizeof(C##_jac_t);                                  \
        C##_jac_t *in = PyMem_Malloc((n ? n : 1) * sizeof *in);                             \
        if (!in) { buf_release(&a); return PyErr_NoMemory(); }                               \
        int bad = 0;                                                                        \
        for (size_t i = 0; i < n && !bad; i++)                                              \
            bad = C##_jac_read(&in[i], (const unsigned char *)a.view.buf + i * sizeof *in); \
        buf_release(&a);                                                                    \
        if (bad) { PyMem_Free(in); return NULL; }                                            \
        unsigned char *out;                                                                 \
        PyObject *res = new_bytes((Py_ssize_t)(n * AFF_BYTES), &out);                       \
        int rc = 0;                                                                         \
        if (res) {                                                                          \
            Py_BEGIN_ALLOW_THREADS                                                          \
            rc = C##_jac_batch_to_aff((C##_aff_t *)out, in, n);                             \
            Py_END_ALLOW_THREADS                                                            \
        }                                                                                   \
        PyMem_Free(in);                                                                     \
        if (rc) return no_memory(res);                                                      \
        return res;                                                                         \
    }

JACOBIAN_FUNCS(g1, fp_t, fp_is_canonical, G1_BYTES, "G1")
JACOBIAN_FUNCS(g2, fp2_t, fp2_is_canonical, G2_BYTES, "G2")

/* ---- validation of packed vectors --------------------------------------------------------- */

static PyObject *py_g1_first_invalid(PyObject *self, PyObject *arg) {
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

static PyObject *py_g2_first_invalid(PyObject *self, PyObject *arg) {
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

/* ---- MSM and fixed-base batches ------------------------------------------------------------ */

#define MSM_FUNCS(C, BYTES, NAME)                                                           \
    static PyObject *py_##C##_msm(PyObject *self, PyObject *args) {                         \
        PyObject *op, *os;                                                                  \
        if (!PyArg_ParseTuple(args, "OO:msm_" #C, &op, &os)) return NULL;                   \
        buf_t p, s;                                                                         \
        if (buf_get(op, &p, "points")) return NULL;                                         \
        if (buf_get(os, &s, "scalars")) { buf_release(&p); return NULL; }                    \
        if (buf_multiple(&p, BYTES, NAME) || buf_multiple(&s, SCALAR_BYTES, "scalar")) {    \
            buf_release(&p);                                                                \
            buf_release(&s);                                                                \
            return NULL;                                                                    \
        }                                                                                   \
        size_t n = (size_t)p.view.len / BYTES;                                              \
        if ((size_t)s.view.len / SCALAR_BYTES != n) {                                       \
            PyErr_Format(PyExc_ValueError,                                                  \
                         "MSM needs as many scalars as points (%zd != %zu)",                \
                         s.view.len / SCALAR_BYTES, n);                                     \
            buf_release(&p);                                                                \
            buf_release(&s);                                                                \
            return NULL;                                                                    \
        }                                                                                   \
        C##_jac_t r;                                                                        \
        int rc;                                                                             \
        Py_BEGIN_ALLOW_THREADS                                                              \
        rc = C##_msm(&r, p.view.buf, s.view.buf, n);                                        \
        Py_END_ALLOW_THREADS                                                                \
        buf_release(&p);                                                                    \
        buf_release(&s);                                                                    \
        if (rc) return PyErr_NoMemory();                                                    \
        unsigned char *out;                                                                 \
        PyObject *res = new_bytes(BYTES, &out);                                             \
        if (res) C##_jac_to_aff((C##_aff_t *)out, &r);                                      \
        return res;                                                                         \
    }                                                                                       \
    static PyObject *py_##C##_mul_batch(PyObject *self, PyObject *args) {                   \
        PyObject *ob, *os;                                                                  \
        if (!PyArg_ParseTuple(args, "OO:" #C "_mul_batch", &ob, &os)) return NULL;          \
        buf_t b, s;                                                                         \
        C##_aff_t base;                                                                     \
        if (buf_get(ob, &b, "base")) return NULL;                                           \
        if (buf_get(os, &s, "scalars")) { buf_release(&b); return NULL; }                    \
        if (buf_exact(&b, BYTES, NAME " base") || buf_multiple(&s, SCALAR_BYTES, "scalar") || \
            C##_read(&base, b.view.buf, NAME " base")) {                                    \
            buf_release(&b);                                                                \
            buf_release(&s);                                                                \
            return NULL;                                                                    \
        }                                                                                   \
        buf_release(&b);                                                                    \
        size_t n = (size_t)s.view.len / SCALAR_BYTES;                                       \
        unsigned char *out;                                                                 \
        PyObject *res = new_bytes((Py_ssize_t)(n * BYTES), &out);                           \
        if (!res) { buf_release(&s); return NULL; }                                          \
        int rc;                                                                             \
        Py_BEGIN_ALLOW_THREADS                                                              \
        rc = C##_fixed_base_batch((C##_aff_t *)out, &base, s.view.buf, n);                  \
        Py_END_ALLOW_THREADS                                                                \
        buf_release(&s);                                                                    \
        if (rc) return no_memory(res);                                                      \
        return res;                                                                         \
    }

MSM_FUNCS(g1, G1_BYTES, "G1")
MSM_FUNCS(g2, G2_BYTES, "G2")

/* ---- Fr vectors: NTT, QAP ------------------------------------------------------------------ */

/* Plain packed scalars → a new Montgomery array (values reduced mod r). */
static fr_t *fr_vector_from(const unsigned char *in, size_t n) {
    fr_t *v = PyMem_RawMalloc((n ? n : 1) * sizeof *v);
    if (!v) return NULL;
    for (size_t i = 0; i < n; i++) fr_from_bytes(&v[i], in + 32 * i);
    return v;
}

static PyObject *fr_vector_to_bytes(const fr_t *v, size_t n) {
    unsigned char *out;
    PyObject *res = new_bytes((Py_ssize_t)(n * 32), &out);
    if (res)
        for (size_t i = 0; i < n; i++) fr_to_bytes(out + 32 * i, &v[i]);
    return res;
}

static int power_of_two_length(size_t n, const char *what) {
    if (n == 0 || (n & (n - 1))) {
        PyErr_Format(PyExc_ValueError, "%s length must be a power of two, got %zu", what, n);
        return -1;
    }
    if (n > ((size_t)1 << FR_TWO_ADICITY)) {
        PyErr_Format(PyExc_ValueError, "%s of %zu points exceeds Fr's 2-adicity (2^28)", what, n);
        return -1;
    }
    return 0;
}

static PyObject *py_fr_ntt(PyObject *self, PyObject *args, PyObject *kw) {
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

static PyObject *py_fr_coset_ntt(PyObject *self, PyObject *args, PyObject *kw) {
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

static PyObject *py_qap_h(PyObject *self, PyObject *args) {
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
static PyObject *py_field_mul(PyObject *args, int base_field) {
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
            PyErr_SetString(PyExc_ValueError, "both operands must hold the same number of elements");
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

static PyObject *py_fp_mul_batch(PyObject *self, PyObject *args) { return py_field_mul(args, 1); }
static PyObject *py_fr_mul_batch(PyObject *self, PyObject *args) { return py_field_mul(args, 0); }

static PyObject *py_field_batch_inv(PyObject *arg, int base_field) {
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

static PyObject *py_fp_batch_inv(PyObject *self, PyObject *arg) { return py_field_batch_inv(arg, 1); }
static PyObject *py_fr_batch_inv(PyObject *self, PyObject *arg) { return py_field_batch_inv(arg, 0); }

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
        PyErr_Format(PyExc_ValueError, "a pairing needs as many G2 points as G1 points (%zd != %zu)",
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

static PyObject *py_miller_loop(PyObject *self, PyObject *args) { return pairing_common(args, 0); }
static PyObject *py_pairing_product(PyObject *self, PyObject *args) { return pairing_common(args, 1); }
static PyObject *py_pairing_check(PyObject *self, PyObject *args) { return pairing_common(args, 2); }

static PyObject *py_final_exponentiation(PyObject *self, PyObject *arg) {
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

/* ---- Poseidon ------------------------------------------------------------------------------ */

typedef struct {
    buf_t constants, mds;
    poseidon_params_t params;
    fr_t *storage;
} poseidon_args_t;

static void poseidon_args_release(poseidon_args_t *pa) {
    buf_release(&pa->constants);
    buf_release(&pa->mds);
    PyMem_RawFree(pa->storage);
    pa->storage = NULL;
}

static int poseidon_args_parse(poseidon_args_t *pa, size_t t, PyObject *oc, PyObject *om,
                               Py_ssize_t n_full, Py_ssize_t n_partial) {
    memset(pa, 0, sizeof *pa);
    if (t < 2 || t > 64) {
        PyErr_Format(PyExc_ValueError, "Poseidon state width must be 2…64, got %zu", t);
        return -1;
    }
    if (n_full < 0 || n_partial < 0 || n_full % 2) {
        PyErr_SetString(PyExc_ValueError,
                        "Poseidon needs an even, non-negative n_full and a non-negative n_partial");
        return -1;
    }
    if (buf_get(oc, &pa->constants, "round_constants")) return -1;
    if (buf_get(om, &pa->mds, "mds")) {
        buf_release(&pa->constants);
        return -1;
    }
    size_t rounds = (size_t)n_full + (size_t)n_partial, n_const = rounds * t;
    if (buf_exact(&pa->constants, (Py_ssize_t)(n_const * 32), "round_constants") ||
        buf_exact(&pa->mds, (Py_ssize_t)(t * t * 32), "mds")) {
        poseidon_args_release(pa);
        return -1;
    }
    pa->storage = PyMem_RawMalloc((n_const + t * t + 1) * sizeof(fr_t));
    if (!pa->storage) {
        poseidon_args_release(pa);
        PyErr_NoMemory();
        return -1;
    }
    for (size_t i = 0; i < n_const; i++)
        fr_from_bytes(&pa->storage[i], (const unsigned char *)pa->constants.view.buf + 32 * i);
    for (size_t i = 0; i < t * t; i++)
        fr_from_bytes(&pa->storage[n_const + i], (const unsigned char *)pa->mds.view.buf + 32 * i);
    pa->params.t = t;
    pa->params.n_full = (size_t)n_full;
    pa->params.n_partial = (size_t)n_partial;
    pa->params.constants = pa->storage;
    pa->params.mds = pa->storage + n_const;
    return 0;
}

static PyObject *py_poseidon_permute(PyObject *self, PyObject *args) {
    PyObject *os, *oc, *om;
    Py_ssize_t n_full, n_partial;
    if (!PyArg_ParseTuple(args, "OOOnn:poseidon_permute", &os, &oc, &om, &n_full, &n_partial))
        return NULL;
    buf_t s;
    if (buf_get(os, &s, "state")) return NULL;
    if (buf_multiple(&s, 32, "state")) {
        buf_release(&s);
        return NULL;
    }
    size_t t = (size_t)s.view.len / 32;
    poseidon_args_t pa;
    if (poseidon_args_parse(&pa, t, oc, om, n_full, n_partial)) {
        buf_release(&s);
        return NULL;
    }
    fr_t state[64];
    for (size_t i = 0; i < t; i++) fr_from_bytes(&state[i], (const unsigned char *)s.view.buf + 32 * i);
    buf_release(&s);
    poseidon_permute_state(&pa.params, state);
    poseidon_args_release(&pa);
    return fr_vector_to_bytes(state, t);
}

typedef struct {
    const poseidon_params_t *params;
    const unsigned char *inputs;
    unsigned char *out;
    size_t m, k, parts;
} poseidon_job_t;

static void poseidon_task(void *ctx, size_t part) {
    poseidon_job_t *job = ctx;
    size_t begin, end;
    zk_split(job->m, job->parts, part, &begin, &end);
    for (size_t h = begin; h < end; h++) {
        fr_t state[64];
        memset(&state[0], 0, sizeof state[0]);
        for (size_t i = 0; i < job->k; i++)
            fr_from_bytes(&state[i + 1], job->inputs + 32 * (h * job->k + i));
        poseidon_permute_state(job->params, state);
        fr_to_bytes(job->out + 32 * h, &state[0]);
    }
}

static PyObject *py_poseidon_hash_batch(PyObject *self, PyObject *args) {
    PyObject *oi, *oc, *om;
    Py_ssize_t k, n_full, n_partial;
    if (!PyArg_ParseTuple(args, "OnOOnn:poseidon_hash_batch", &oi, &k, &oc, &om, &n_full,
                          &n_partial))
        return NULL;
    if (k < 1 || k > 63) {
        PyErr_Format(PyExc_ValueError, "Poseidon hashes 1…63 inputs at once, got k = %zd", k);
        return NULL;
    }
    buf_t in;
    if (buf_get(oi, &in, "inputs")) return NULL;
    if (in.view.len % (32 * k) != 0) {
        PyErr_Format(PyExc_ValueError, "inputs of %zd bytes are not a whole number of %zd-element "
                                       "rows", in.view.len, k);
        buf_release(&in);
        return NULL;
    }
    poseidon_args_t pa;
    if (poseidon_args_parse(&pa, (size_t)k + 1, oc, om, n_full, n_partial)) {
        buf_release(&in);
        return NULL;
    }
    size_t m = (size_t)in.view.len / (32 * (size_t)k);
    unsigned char *out;
    PyObject *res = new_bytes((Py_ssize_t)(m * 32), &out);
    if (res) {
        size_t parts = m >= 256 ? (size_t)zk_thread_count() * 4 : 1;
        poseidon_job_t job = {&pa.params, in.view.buf, out, m, (size_t)k, parts};
        Py_BEGIN_ALLOW_THREADS
        if (parts > 1) zk_parallel_for(parts, poseidon_task, &job);
        else poseidon_task(&job, 0);
        Py_END_ALLOW_THREADS
    }
    buf_release(&in);
    poseidon_args_release(&pa);
    return res;
}

/* ---- module -------------------------------------------------------------------------------- */

static PyObject *py_thread_count(PyObject *self, PyObject *unused) {
    return PyLong_FromLong(zk_thread_count());
}

#define FN(name, flags, doc) {#name, (PyCFunction)(void (*)(void))py_##name, flags, doc}

static PyMethodDef methods[] = {
    FN(g1_add, METH_VARARGS, "g1_add(p, q) -> bytes: p + q for packed affine G1 points."),
    FN(g1_neg, METH_O, "g1_neg(p) -> bytes: -p."),
    FN(g1_mul, METH_VARARGS, "g1_mul(p, k) -> bytes: k·p for a 32-byte plain scalar (not reduced)."),
    FN(g1_is_on_curve, METH_O, "g1_is_on_curve(p) -> bool: canonical coordinates and y² = x³ + 3."),
    FN(g2_add, METH_VARARGS, "g2_add(p, q) -> bytes: p + q for packed affine G2 points."),
    FN(g2_neg, METH_O, "g2_neg(p) -> bytes: -p."),
    FN(g2_mul, METH_VARARGS, "g2_mul(p, k) -> bytes: k·p for a 32-byte plain scalar (not reduced)."),
    FN(g2_is_on_curve, METH_O, "g2_is_on_curve(p) -> bool: on the twist y² = x³ + 3/(9+u)."),
    FN(g2_in_subgroup, METH_O, "g2_in_subgroup(p) -> bool: on the twist and ψ(p) = [6u²]p."),
    FN(g1_jac_add, METH_VARARGS, "g1_jac_add(p, q) -> bytes: Jacobian X‖Y‖Z (Montgomery) sum."),
    FN(g1_jac_add_affine, METH_VARARGS, "g1_jac_add_affine(p_jac, q_aff) -> bytes: mixed sum."),
    FN(g1_jac_double, METH_O, "g1_jac_double(p) -> bytes: 2p in Jacobian form."),
    FN(g1_jac_to_affine, METH_O, "g1_jac_to_affine(points) -> bytes: batch normalisation."),
    FN(g2_jac_add, METH_VARARGS, "g2_jac_add(p, q) -> bytes: Jacobian sum on the twist."),
    FN(g2_jac_add_affine, METH_VARARGS, "g2_jac_add_affine(p_jac, q_aff) -> bytes: mixed sum."),
    FN(g2_jac_double, METH_O, "g2_jac_double(p) -> bytes: 2p in Jacobian form."),
    FN(g2_jac_to_affine, METH_O, "g2_jac_to_affine(points) -> bytes: batch normalisation."),
    FN(g1_first_invalid, METH_O, "g1_first_invalid(points) -> int: index of the first point "
                                 "off the curve (or non-canonical), -1 if all are valid."),
    FN(g2_first_invalid, METH_O, "g2_first_invalid(points) -> int: index of the first point "
                                 "off the twist or outside the subgroup, -1 if none."),
    FN(g1_msm, METH_VARARGS, "g1_msm(points, scalars) -> bytes: Σ k_i·P_i (Pippenger)."),
    FN(g2_msm, METH_VARARGS, "g2_msm(points, scalars) -> bytes: Σ k_i·Q_i (Pippenger)."),
    FN(g1_mul_batch, METH_VARARGS, "g1_mul_batch(base, scalars) -> bytes: k_i·base for all i."),
    FN(g2_mul_batch, METH_VARARGS, "g2_mul_batch(base, scalars) -> bytes: k_i·base for all i."),
    FN(fr_ntt, METH_VARARGS | METH_KEYWORDS, "fr_ntt(values, inverse=False) -> bytes."),
    FN(fr_coset_ntt, METH_VARARGS | METH_KEYWORDS,
       "fr_coset_ntt(values, shift, inverse=False) -> bytes."),
    FN(qap_h, METH_VARARGS, "qap_h(coefs, witness, n) -> bytes: snarkjs's H scalars."),
    FN(fp_mul_batch, METH_VARARGS, "fp_mul_batch(a, b) -> bytes: elementwise products mod q."),
    FN(fr_mul_batch, METH_VARARGS, "fr_mul_batch(a, b) -> bytes: elementwise products mod r."),
    FN(fp_batch_inv, METH_O, "fp_batch_inv(values) -> bytes: inverses mod q."),
    FN(fr_batch_inv, METH_O, "fr_batch_inv(values) -> bytes: inverses mod r."),
    FN(miller_loop, METH_VARARGS, "miller_loop(g1s, g2s) -> bytes: the Miller loop product."),
    FN(final_exponentiation, METH_O, "final_exponentiation(f) -> bytes: f^((q^12-1)/r)."),
    FN(pairing_product, METH_VARARGS, "pairing_product(g1s, g2s) -> bytes: ∏ e(P_i, Q_i)."),
    FN(pairing_check, METH_VARARGS, "pairing_check(g1s, g2s) -> bool: ∏ e(P_i, Q_i) = 1."),
    FN(poseidon_permute, METH_VARARGS,
       "poseidon_permute(state, round_constants, mds, n_full, n_partial) -> bytes."),
    FN(poseidon_hash_batch, METH_VARARGS,
       "poseidon_hash_batch(inputs, k, round_constants, mds, n_full, n_partial) -> bytes."),
    FN(thread_count, METH_NOARGS, "thread_count() -> int: worker threads (ZKGOV_THREADS)."),
    {NULL, NULL, 0, NULL},
};

static struct PyModuleDef module_def = {
    PyModuleDef_HEAD_INIT, "_bn254",
    "BN254 arithmetic in C: fields, G1/G2, MSM, NTT, QAP, pairings, Poseidon.", -1, methods,
};

static PyObject *load_error(PyObject *errors_module, const char *name) {
    PyObject *cls = errors_module ? PyObject_GetAttrString(errors_module, name) : NULL;
    if (!cls) {
        PyErr_Clear();
        Py_INCREF(PyExc_ValueError);
        cls = PyExc_ValueError;
    }
    return cls;
}

PyMODINIT_FUNC PyInit__bn254(void) {
    field_init();
    tower_init();
    curve_init();
    pairing_init();
    PyObject *errors = PyImport_ImportModule("zk.errors");
    if (!errors) PyErr_Clear();
    FormatError = load_error(errors, "FormatError");
    PointError = load_error(errors, "PointError");
    Py_XDECREF(errors);
    return PyModule_Create(&module_def);
}
