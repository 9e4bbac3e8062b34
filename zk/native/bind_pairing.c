/* Bindings for pairing products and checks (the Miller loop alone is in testing.c). */
#include "bind.h"

#include "pairing.h"

void fp12_to_bytes(unsigned char *out, const fp12_t *f) {
    const fp_t *c = (const fp_t *)f; /* struct order is snarkjs's tower order */
    for (int i = 0; i < 12; i++) {
        uint64_t r[4];
        fp_to_plain(r, &c[i]);
        memcpy(out + 32 * i, r, 32);
    }
}

PyObject *pairing_call(PyObject *args, pairing_mode_t mode, const char *format) {
    arg_buf_t a = ARG_G1S("G1"), b = ARG_G2S("G2");
    if (!PyArg_ParseTuple(args, format, arg_buffer, &a, arg_buffer, &b)) return NULL;
    PyObject *res = NULL;
    if (a.count != b.count) {
        PyErr_Format(ArgumentError, "a pairing needs as many G2 points as G1 points (%zu != %zu)",
                     b.count, a.count);
        goto done;
    }
    if (g1_vector_valid(&a, POINT_ON_CURVE) || g2_vector_valid(&b, POINT_ON_CURVE)) goto done;
    fp12_t f;
    int rc;
    Py_BEGIN_ALLOW_THREADS
    rc = mode == PAIRING_MILLER_LOOP ? miller_loop(&f, a.data, b.data, a.count)
                                     : pairing_product(&f, a.data, b.data, a.count);
    Py_END_ALLOW_THREADS
    if (rc) {
        no_memory(NULL, "the Miller loop");
        goto done;
    }
    if (mode == PAIRING_CHECK) {
        res = PyBool_FromLong(fp12_is_one(&f));
        goto done;
    }
    unsigned char *out;
    res = new_bytes(1, FP12_BYTES, &out, "an Fp12 value");
    if (res) fp12_to_bytes(out, &f);
done:
    ARGS_RELEASE(&a, &b);
    return res;
}

PyObject *py_pairing_product(PyObject *self, PyObject *args) {
    return pairing_call(args, PAIRING_PRODUCT, "O&O&:pairing_product");
}

PyObject *py_pairing_check(PyObject *self, PyObject *args) {
    return pairing_call(args, PAIRING_CHECK, "O&O&:pairing_check");
}
