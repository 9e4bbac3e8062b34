/* Bindings for Fr vectors (powers, NTTs, the QAP quotient) and Fp conversions. */
#include "bind.h"

#include "glv.h"
#include "ntt.h"
#include "qap.h"

PyObject *py_fr_powers(PyObject *self, PyObject *args) {
    arg_scalar_t first, inc;
    arg_count_t n = ARG_COUNT("count", ZK_MAX_COUNT);
    if (!PyArg_ParseTuple(args, "O&O&O&:fr_powers", arg_scalar, &first, arg_scalar, &inc,
                          arg_count, &n))
        return NULL;
    size_t out_len, work_len;
    PyObject *res = NULL;
    fr_t *v = NULL;
    if (size_mul(n.value, SCALAR_BYTES, &out_len, "fr_powers output") ||
        size_mul(n.value ? n.value : 1, sizeof *v, &work_len, "fr_powers work space"))
        goto done;
    res = PyByteArray_FromStringAndSize(NULL, (Py_ssize_t)out_len);
    v = PyMem_RawMalloc(work_len);
    if (!res || !v) {
        res = no_memory(res, "the powers");
        goto done;
    }
    unsigned char *out = (unsigned char *)PyByteArray_AS_STRING(res);
    Py_BEGIN_ALLOW_THREADS
    for (size_t k = 0; k < n.value; k++) v[k] = FR_ONE;
    fr_scale_by_powers(v, n.value, &first.mont, &inc.mont);
    for (size_t k = 0; k < n.value; k++) fr_to_bytes(out + SCALAR_BYTES * k, &v[k]);
    zk_wipe(v, work_len);
    Py_END_ALLOW_THREADS
done:
    PyMem_RawFree(v);
    zk_wipe(&first, sizeof first);
    zk_wipe(&inc, sizeof inc);
    return res;
}

/* An NTT (or coset NTT when shift is not NULL) of packed scalars. */
static PyObject *ntt_call(const arg_buf_t *v, const fr_t *shift, int inverse) {
    if (power_of_two_length(v->count, "NTT")) return NULL;
    fr_t *a;
    int rc = -1;
    Py_BEGIN_ALLOW_THREADS
    a = fr_vector_from(v->data, v->count);
    if (a) rc = shift ? fr_coset_ntt(a, v->count, shift, inverse) : fr_ntt(a, v->count, inverse);
    Py_END_ALLOW_THREADS
    PyObject *res = rc ? no_memory(NULL, "the NTT") : fr_vector_to_bytes(a, v->count);
    PyMem_RawFree(a);
    return res;
}

PyObject *py_fr_ntt(PyObject *self, PyObject *args, PyObject *kw) {
    static char *names[] = {"values", "inverse", NULL};
    arg_buf_t v = ARG_SCALARS("scalar");
    int inverse = 0;
    if (!PyArg_ParseTupleAndKeywords(args, kw, "O&|p:fr_ntt", names, arg_buffer, &v, &inverse))
        return NULL;
    PyObject *res = ntt_call(&v, NULL, inverse);
    arg_release(&v);
    return res;
}

PyObject *py_fr_coset_ntt(PyObject *self, PyObject *args, PyObject *kw) {
    static char *names[] = {"values", "shift", "inverse", NULL};
    arg_buf_t v = ARG_SCALARS("scalar");
    arg_scalar_t shift;
    int inverse = 0;
    if (!PyArg_ParseTupleAndKeywords(args, kw, "O&O&|p:fr_coset_ntt", names, arg_buffer, &v,
                                     arg_scalar, &shift, &inverse))
        return NULL;
    PyObject *res = NULL;
    if (fr_is_zero(&shift.mont)) PyErr_SetString(ArgumentError, "coset shift must be non-zero");
    else res = ntt_call(&v, &shift.mont, inverse);
    arg_release(&v);
    return res;
}

static void qap_error(const qap_error_t *err, size_t coefs_len, size_t n, size_t n_witness) {
    switch (err->kind) {
    case QAP_ERR_SHORT:
        PyErr_SetString(FormatError, "coefficient section is shorter than its count");
        break;
    case QAP_ERR_LENGTH:
        PyErr_Format(FormatError,
                     "coefficient section holds %zu bytes, expected %llu entries of 44 bytes",
                     coefs_len - 4, (unsigned long long)err->value);
        break;
    case QAP_ERR_COEFF_RANGE:
        PyErr_Format(FormatError, "coefficient #%zu is not below r", err->index);
        break;
    case QAP_ERR_MATRIX:
        PyErr_Format(FormatError, "coefficient #%zu names matrix %llu; only 0 (A) and 1 (B) exist",
                     err->index, (unsigned long long)err->value);
        break;
    case QAP_ERR_ROW:
        PyErr_Format(FormatError, "coefficient row %llu lies outside the %zu-point domain",
                     (unsigned long long)err->value, n);
        break;
    case QAP_ERR_SIGNAL:
        PyErr_Format(FormatError, "coefficient names signal %llu; witness has %zu",
                     (unsigned long long)err->value, n_witness);
        break;
    default:
        no_memory(NULL, "the QAP vectors");
    }
}

PyObject *py_qap_h(PyObject *self, PyObject *args) {
    arg_buf_t c = ARG_VECTOR("coefs", 1, 1), w = ARG_SCALARS("scalar");
    arg_count_t n = ARG_COUNT("QAP domain size", (size_t)1 << FR_TWO_ADICITY);
    if (!PyArg_ParseTuple(args, "O&O&O&:qap_h", arg_buffer, &c, arg_buffer, &w, arg_count, &n))
        return NULL;
    PyObject *res = NULL;
    unsigned char *out;
    if (power_of_two_length(n.value, "QAP domain")) goto done;
    res = new_bytes(n.value, SCALAR_BYTES, &out, "the QAP output");
    if (!res) goto done;
    qap_error_t err;
    int rc;
    Py_BEGIN_ALLOW_THREADS
    rc = qap_h(out, c.data, c.len, w.data, w.count, n.value, &err);
    Py_END_ALLOW_THREADS
    if (rc) {
        Py_CLEAR(res);
        qap_error(&err, c.len, n.value, w.count);
    }
done:
    ARGS_RELEASE(&c, &w);
    return res;
}

/* qap_check without raising: None, or (kind, entry index, value) for the caller's message;
 * a negative bound means "not known". */
PyObject *py_qap_check(PyObject *self, PyObject *args) {
    arg_buf_t c = ARG_VECTOR("coefs", 1, 1);
    Py_ssize_t n, n_signals;
    if (!PyArg_ParseTuple(args, "O&nn:qap_check", arg_buffer, &c, &n, &n_signals)) return NULL;
    qap_error_t err;
    int rc;
    Py_BEGIN_ALLOW_THREADS
    rc = qap_check(c.data, c.len, n < 0 ? SIZE_MAX : (size_t)n,
                   n_signals < 0 ? SIZE_MAX : (size_t)n_signals, &err);
    Py_END_ALLOW_THREADS
    arg_release(&c);
    if (!rc) Py_RETURN_NONE;
    static const char *names[] = {"ok", "short", "length", "coeff", "matrix", "row", "signal"};
    return Py_BuildValue("(snK)", names[err.kind], (Py_ssize_t)err.index,
                         (unsigned long long)err.value);
}

/* Index of the first packed 32-byte little-endian value ≥ modulus, −1 when all are below. */
PyObject *py_first_not_below(PyObject *self, PyObject *args) {
    arg_buf_t v = ARG_VECTOR("value", 32, 1), m = ARG_EXACT("modulus", 32);
    if (!PyArg_ParseTuple(args, "O&O&:first_not_below", arg_buffer, &v, arg_buffer, &m))
        return NULL;
    uint64_t mod[4];
    memcpy(mod, m.data, 32);
    const unsigned char *in = v.data;
    Py_ssize_t found = -1;
    Py_BEGIN_ALLOW_THREADS
    for (size_t i = 0; i < v.count; i++) {
        uint64_t x[4];
        memcpy(x, in + 32 * i, 32);
        if (!limbs_lt(x, mod)) {
            found = (Py_ssize_t)i;
            break;
        }
    }
    Py_END_ALLOW_THREADS
    ARGS_RELEASE(&v, &m);
    return PyLong_FromSsize_t(found);
}

/* Montgomery-form coordinates (as stored in packed points) to plain values, for the encodings
 * that hash or print coordinates. Values ≥ q are reduced first, as int(x)·R⁻¹ mod q would. */
PyObject *py_fp_from_montgomery(PyObject *self, PyObject *args) {
    arg_buf_t a = ARG_VECTOR("field", 32, 1);
    if (!PyArg_ParseTuple(args, "O&:fp_from_montgomery", arg_buffer, &a)) return NULL;
    unsigned char *out;
    PyObject *res = new_bytes(a.count, 32, &out, "the plain values");
    if (res) {
        const unsigned char *in = a.data;
        Py_BEGIN_ALLOW_THREADS
        for (size_t i = 0; i < a.count; i++) {
            fp_t x;
            uint64_t plain[4];
            memcpy(x.l, in + 32 * i, 32);
            limbs_reduce(x.l, FP_MOD);
            fp_to_plain(plain, &x);
            memcpy(out + 32 * i, plain, 32);
        }
        Py_END_ALLOW_THREADS
    }
    arg_release(&a);
    return res;
}
