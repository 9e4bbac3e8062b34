/* Argument converters, the size helper, result helpers and the error classes (see bind.h). */
#include "bind.h"

#include <stdint.h>

#include "affine_ifma.h"
#include "bigmem.h"
#include "glv.h"
#include "ntt.h"
#include "pairing.h"

/* Results are written through wider types straight into new bytes objects. */
_Static_assert(offsetof(PyBytesObject, ob_sval) % 8 == 0, "bytes data is 8-byte aligned");

PyObject *FormatError;
PyObject *PointError;
PyObject *ArgumentError;
PyObject *NoMemoryError;

static PyObject *error_class(const char *module_name, const char *name) {
    PyObject *module = PyImport_ImportModule(module_name);
    if (!module) return NULL;
    PyObject *cls = PyObject_GetAttrString(module, name);
    Py_DECREF(module);
    return cls;
}

int bind_core_init(void) {
    field_init();
    tower_init();
    curve_init();
    glv_init();
    pairing_init();
    affine_ifma_init();
    if (FormatError) return 0;
    /* the error classes are part of the package: a failure to load them fails the import */
    if (!(FormatError = error_class("zk.errors", "FormatError")) ||
        !(PointError = error_class("zk.errors", "PointError")) ||
        !(ArgumentError = error_class("zk.native.errors", "NativeArgumentError")) ||
        !(NoMemoryError = error_class("zk.native.errors", "NativeMemoryError")))
        return -1;
    return 0;
}

/* ---- sizes ------------------------------------------------------------------------------- */

int size_mul(size_t count, size_t unit, size_t *out, const char *what) {
    size_t bytes;
    if (!size_fits(count, unit, &bytes)) {
        PyErr_Format(ArgumentError, "%s: %zu elements of %zu bytes exceed the address space",
                     what, count, unit);
        return -1;
    }
    *out = bytes;
    return 0;
}

PyObject *no_memory(PyObject *to_drop, const char *what) {
    Py_XDECREF(to_drop);
    PyErr_Format(NoMemoryError, "not enough memory for %s", what);
    return NULL;
}

/* ---- buffers ----------------------------------------------------------------------------- */

void arg_release(arg_buf_t *b) {
    if (b->held) PyBuffer_Release(&b->view);
    b->held = 0;
    zk_big_free(b->copy);
    b->copy = NULL;
    b->data = NULL;
}

int arg_buffer(PyObject *obj, void *addr) {
    arg_buf_t *b = addr;
    if (!obj) { /* cleanup call: a later argument failed */
        arg_release(b);
        return 0;
    }
    b->held = 0;
    b->copy = NULL;
    if (PyObject_GetBuffer(obj, &b->view, PyBUF_C_CONTIGUOUS) != 0) {
        PyErr_Format(PyExc_TypeError, "%s must be a bytes-like object (bytes, bytearray, "
                                      "memoryview or a contiguous array)", b->what);
        return 0;
    }
    b->held = 1;
    b->len = (size_t)b->view.len;
    if (b->exact >= 0 && b->view.len != b->exact) {
        PyErr_Format(ArgumentError, "%s must be %zd bytes, got %zd", b->what, b->exact,
                     b->view.len);
        goto fail;
    }
    if (b->len % b->unit != 0) {
        PyErr_Format(ArgumentError, "%s buffer of %zu bytes is not a multiple of %zu", b->what,
                     b->len, b->unit);
        goto fail;
    }
    b->count = b->len / b->unit;
    b->data = b->view.buf;
    if (b->align > 1 && (uintptr_t)b->view.buf % b->align != 0) {
        /* 64-byte aligned; a large copy (a point section) is returned to the system at once */
        b->copy = zk_big_alloc(b->len ? b->len : 1, 0);
        if (!b->copy) {
            PyErr_Format(NoMemoryError, "not enough memory to align %s (%zu bytes)", b->what,
                         b->len);
            goto fail;
        }
        memcpy(b->copy, b->view.buf, b->len);
        b->data = b->copy;
    }
    return Py_CLEANUP_SUPPORTED;
fail:
    arg_release(b);
    return 0;
}

/* ---- scalars and counts ------------------------------------------------------------------ */

int arg_scalar(PyObject *obj, void *addr) {
    arg_scalar_t *s = addr;
    if (!obj) return 0;
    arg_buf_t b = ARG_EXACT("scalar", SCALAR_BYTES);
    if (!arg_buffer(obj, &b)) return 0;
    memcpy(s->plain, b.data, SCALAR_BYTES);
    fr_from_bytes(&s->mont, b.data);
    arg_release(&b);
    return 1;
}

int arg_count(PyObject *obj, void *addr) {
    arg_count_t *c = addr;
    if (!obj) return 0;
    if (!PyLong_Check(obj)) {
        PyErr_Format(PyExc_TypeError, "%s must be an int, got %.80s", c->what,
                     Py_TYPE(obj)->tp_name);
        return 0;
    }
    int overflow;
    long long v = PyLong_AsLongLongAndOverflow(obj, &overflow);
    if (v == -1 && PyErr_Occurred()) return 0;
    if (overflow < 0 || (!overflow && v < 0)) {
        PyErr_Format(ArgumentError, "%s must be non-negative, got %S", c->what, obj);
        return 0;
    }
    if (overflow > 0 || (unsigned long long)v > c->max) {
        PyErr_Format(ArgumentError, "%s of %S exceeds the limit of %zu", c->what, obj, c->max);
        return 0;
    }
    c->value = (size_t)v;
    return 1;
}

/* ---- points ------------------------------------------------------------------------------ */

int point_error(const char *group, size_t index, point_status_t status) {
    PyErr_Format(PointError, "%s point #%zu%s", group, index, point_status_text(status));
    return -1;
}

#define CURVE_TEMPLATE "bind_common_impl.h"
#include "curve_each.h"

/* ---- results ----------------------------------------------------------------------------- */

PyObject *new_bytes(size_t count, size_t unit, unsigned char **data, const char *what) {
    size_t len;
    if (size_mul(count, unit, &len, what)) return NULL;
    PyObject *out = PyBytes_FromStringAndSize(NULL, (Py_ssize_t)len);
    if (!out) return no_memory(NULL, what);
    *data = (unsigned char *)PyBytes_AS_STRING(out);
    return out;
}

fr_t *fr_vector_from(const unsigned char *in, size_t n) {
    size_t bytes;
    if (!size_fits(n ? n : 1, sizeof(fr_t), &bytes)) return NULL;
    fr_t *v = PyMem_RawMalloc(bytes);
    if (!v) return NULL;
    for (size_t i = 0; i < n; i++) fr_from_bytes(&v[i], in + SCALAR_BYTES * i);
    return v;
}

PyObject *fr_vector_to_bytes(const fr_t *v, size_t n) {
    unsigned char *out;
    PyObject *res = new_bytes(n, SCALAR_BYTES, &out, "field elements");
    if (res)
        for (size_t i = 0; i < n; i++) fr_to_bytes(out + SCALAR_BYTES * i, &v[i]);
    return res;
}

int power_of_two_length(size_t n, const char *what) {
    if (n == 0 || (n & (n - 1))) {
        PyErr_Format(ArgumentError, "%s length must be a power of two, got %zu", what, n);
        return -1;
    }
    if (n > ((size_t)1 << FR_TWO_ADICITY)) {
        PyErr_Format(ArgumentError, "%s of %zu points exceeds Fr's 2-adicity (2^28)", what, n);
        return -1;
    }
    return 0;
}
