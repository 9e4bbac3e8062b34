/* Argument and result helpers shared by the bindings, and the zk.errors classes. */
#include "bind.h"

#include "ntt.h"

PyObject *FormatError;
PyObject *PointError;

static PyObject *load_error(PyObject *errors_module, const char *name) {
    PyObject *cls = errors_module ? PyObject_GetAttrString(errors_module, name) : NULL;
    if (!cls) {
        PyErr_Clear();
        Py_INCREF(PyExc_ValueError);
        cls = PyExc_ValueError;
    }
    return cls;
}

void bind_load_errors(void) {
    PyObject *errors = PyImport_ImportModule("zk.errors");
    if (!errors) PyErr_Clear();
    FormatError = load_error(errors, "FormatError");
    PointError = load_error(errors, "PointError");
    Py_XDECREF(errors);
}
void buf_release(buf_t *b) {
    if (b->held) PyBuffer_Release(&b->view);
    b->held = 0;
}

int buf_get(PyObject *obj, buf_t *b, const char *what) {
    b->held = 0;
    if (PyObject_GetBuffer(obj, &b->view, PyBUF_C_CONTIGUOUS) != 0) {
        PyErr_Format(PyExc_TypeError, "%s must be a bytes-like object (bytes, bytearray, "
                                      "memoryview or a contiguous array)", what);
        return -1;
    }
    b->held = 1;
    return 0;
}

int buf_multiple(buf_t *b, Py_ssize_t unit, const char *what) {
    if (b->view.len % unit != 0) {
        PyErr_Format(PyExc_ValueError, "%s buffer of %zd bytes is not a multiple of %zd", what,
                     b->view.len, unit);
        return -1;
    }
    return 0;
}

int buf_exact(buf_t *b, Py_ssize_t len, const char *what) {
    if (b->view.len != len) {
        PyErr_Format(PyExc_ValueError, "%s must be %zd bytes, got %zd", what, len, b->view.len);
        return -1;
    }
    return 0;
}

PyObject *new_bytes(Py_ssize_t len, unsigned char **data) {
    PyObject *out = PyBytes_FromStringAndSize(NULL, len);
    if (out) *data = (unsigned char *)PyBytes_AS_STRING(out);
    return out;
}

PyObject *no_memory(PyObject *to_drop) {
    Py_XDECREF(to_drop);
    return PyErr_NoMemory();
}

/* Packed point → affine struct, rejecting coordinates that are not below q. */
int g1_read(g1_aff_t *p, const unsigned char *in, const char *what) {
    memcpy(p, in, sizeof *p);
    if (!fp_is_canonical(&p->x) || !fp_is_canonical(&p->y)) {
        PyErr_Format(PointError, "%s: coordinate is not below the base field modulus q", what);
        return -1;
    }
    return 0;
}

int g2_read(g2_aff_t *p, const unsigned char *in, const char *what) {
    memcpy(p, in, sizeof *p);
    if (!fp2_is_canonical(&p->x) || !fp2_is_canonical(&p->y)) {
        PyErr_Format(PointError, "%s: coordinate is not below the base field modulus q", what);
        return -1;
    }
    return 0;
}

/* Plain packed scalars → a new Montgomery array (values reduced mod r). */
fr_t *fr_vector_from(const unsigned char *in, size_t n) {
    fr_t *v = PyMem_RawMalloc((n ? n : 1) * sizeof *v);
    if (!v) return NULL;
    for (size_t i = 0; i < n; i++) fr_from_bytes(&v[i], in + 32 * i);
    return v;
}

PyObject *fr_vector_to_bytes(const fr_t *v, size_t n) {
    unsigned char *out;
    PyObject *res = new_bytes((Py_ssize_t)(n * 32), &out);
    if (res)
        for (size_t i = 0; i < n; i++) fr_to_bytes(out + 32 * i, &v[i]);
    return res;
}

int power_of_two_length(size_t n, const char *what) {
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
