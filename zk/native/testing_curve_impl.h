/* Template: the Jacobian test hooks of one group (testing.c, through curve_each.h). */
#define F_(op) ZK_CAT(FIELD, ZK_CAT(_, op))
#define C_(op) ZK_CAT(CURVE, ZK_CAT(_, op))
#define PY_(op) ZK_CAT(py_, C_(op))
#define JAC_BYTES_ sizeof(C_(jac_t))

/* A packed Jacobian point X‖Y‖Z (Montgomery) with every coordinate below q. */
static int C_(jac_read)(C_(jac_t) *p, const unsigned char *in) {
    memcpy(p, in, sizeof *p);
    if (!F_(is_canonical)(&p->x) || !F_(is_canonical)(&p->y) || !F_(is_canonical)(&p->z)) {
        PyErr_SetString(PointError,
                        CURVE_NAME " Jacobian point: coordinate is not below the modulus q");
        return -1;
    }
    return 0;
}

static PyObject *C_(jac_result)(const C_(jac_t) *r) {
    return PyBytes_FromStringAndSize((const char *)r, sizeof *r);
}

static PyObject *PY_(jac_add)(PyObject *self, PyObject *args) {
    arg_buf_t a = ARG_EXACT(CURVE_NAME " Jacobian point", JAC_BYTES_),
              b = ARG_EXACT(CURVE_NAME " Jacobian point", JAC_BYTES_);
    if (!PyArg_ParseTuple(args, "O&O&", arg_buffer, &a, arg_buffer, &b)) return NULL;
    C_(jac_t) p, q, r;
    int bad = C_(jac_read)(&p, a.data) || C_(jac_read)(&q, b.data);
    ARGS_RELEASE(&a, &b);
    if (bad) return NULL;
    C_(jac_add)(&r, &p, &q);
    return C_(jac_result)(&r);
}

static PyObject *PY_(jac_add_affine)(PyObject *self, PyObject *args) {
    arg_buf_t a = ARG_EXACT(CURVE_NAME " Jacobian point", JAC_BYTES_);
    ZK_CAT(ZK_CAT(arg_, CURVE), _t) q = ARG_POINT(CURVE_NAME " q", 0);
    if (!PyArg_ParseTuple(args, "O&O&", arg_buffer, &a, ZK_CAT(arg_, CURVE), &q)) return NULL;
    C_(jac_t) p, r;
    int bad = C_(jac_read)(&p, a.data);
    arg_release(&a);
    if (bad) return NULL;
    C_(jac_add_aff)(&r, &p, &q.p);
    return C_(jac_result)(&r);
}

static PyObject *PY_(jac_double)(PyObject *self, PyObject *args) {
    arg_buf_t a = ARG_EXACT(CURVE_NAME " Jacobian point", JAC_BYTES_);
    if (!PyArg_ParseTuple(args, "O&", arg_buffer, &a)) return NULL;
    C_(jac_t) p, r;
    int bad = C_(jac_read)(&p, a.data);
    arg_release(&a);
    if (bad) return NULL;
    C_(jac_dbl)(&r, &p);
    return C_(jac_result)(&r);
}

static PyObject *PY_(bucket_sum)(PyObject *self, PyObject *args) {
    arg_buf_t a = ARG_VECTOR(CURVE_NAME " buckets", sizeof(C_(aff_t)), _Alignof(C_(aff_t)));
    if (!PyArg_ParseTuple(args, "O&", arg_buffer, &a)) return NULL;
    C_(jac_t) r;
    C_(bucket_sum)(&r, (const C_(aff_t) *)a.data, a.count);
    arg_release(&a);
    return C_(jac_result)(&r);
}

static PyObject *PY_(jac_to_affine)(PyObject *self, PyObject *args) {
    arg_buf_t a = ARG_VECTOR(CURVE_NAME " Jacobian", JAC_BYTES_, 1);
    if (!PyArg_ParseTuple(args, "O&", arg_buffer, &a)) return NULL;
    PyObject *res = NULL;
    size_t bytes;
    C_(jac_t) *in = NULL;
    unsigned char *out;
    if (size_mul(a.count ? a.count : 1, sizeof *in, &bytes, "Jacobian points")) goto done;
    in = PyMem_RawMalloc(bytes);
    if (!in) {
        no_memory(NULL, "the Jacobian points");
        goto done;
    }
    for (size_t i = 0; i < a.count; i++)
        if (C_(jac_read)(&in[i], (const unsigned char *)a.data + i * sizeof *in)) goto done;
    res = new_bytes(a.count, sizeof(C_(aff_t)), &out, "the affine points");
    if (res && C_(jac_batch_to_aff)((C_(aff_t) *)out, in, a.count))
        res = no_memory(res, "the batch inversion");
done:
    PyMem_RawFree(in);
    arg_release(&a);
    return res;
}

#undef F_
#undef C_
#undef PY_
#undef JAC_BYTES_
