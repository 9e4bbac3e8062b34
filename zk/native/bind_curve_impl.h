/*
 * Template: the bindings of one group (bind_curve.c instantiates it through curve_each.h):
 * single points, validation, MSM, fixed-base and elementwise batches, the sparse product and
 * the inverse FFT. BYTES_ is the packed point size, ARG_POINTS_ a vector argument of points.
 */
#define C_(op) ZK_CAT(CURVE, ZK_CAT(_, op))
#define PY_(op) ZK_CAT(py_, C_(op))
#define ARG_POINT_T_ ZK_CAT(ZK_CAT(arg_, CURVE), _t)
#define ARG_POINT_ ZK_CAT(arg_, CURVE)
#define BYTES_ sizeof(C_(aff_t))
#define ARG_POINTS_(name) ARG_VECTOR(name, BYTES_, _Alignof(C_(aff_t)))

static PyObject *C_(point_result)(const C_(jac_t) *r) {
    unsigned char *out;
    PyObject *res = new_bytes(1, BYTES_, &out, CURVE_NAME " point");
    if (res) C_(jac_to_aff)((C_(aff_t) *)out, r);
    return res;
}

/* ---- single points ------------------------------------------------------------------------- */

PyObject *PY_(add)(PyObject *self, PyObject *args) {
    ARG_POINT_T_ p = ARG_POINT(CURVE_NAME " p", 0), q = ARG_POINT(CURVE_NAME " q", 0);
    if (!PyArg_ParseTuple(args, "O&O&:" ZK_STR(CURVE) "_add", ARG_POINT_, &p, ARG_POINT_, &q))
        return NULL;
    C_(jac_t) r;
    C_(jac_from_aff)(&r, &p.p);
    C_(jac_add_aff)(&r, &r, &q.p);
    return C_(point_result)(&r);
}

PyObject *PY_(neg)(PyObject *self, PyObject *args) {
    ARG_POINT_T_ p = ARG_POINT(CURVE_NAME " p", 0);
    if (!PyArg_ParseTuple(args, "O&:" ZK_STR(CURVE) "_neg", ARG_POINT_, &p)) return NULL;
    unsigned char *out;
    PyObject *res = new_bytes(1, BYTES_, &out, CURVE_NAME " point");
    if (res) C_(aff_neg)((C_(aff_t) *)out, &p.p);
    return res;
}

PyObject *PY_(mul)(PyObject *self, PyObject *args) {
    ARG_POINT_T_ p = ARG_POINT(CURVE_NAME " p", 0);
    arg_scalar_t k;
    if (!PyArg_ParseTuple(args, "O&O&:" ZK_STR(CURVE) "_mul", ARG_POINT_, &p, arg_scalar, &k))
        return NULL;
    C_(jac_t) r;
    C_(jac_from_aff)(&r, &p.p);
    C_(jac_mul)(&r, &r, k.plain);
    return C_(point_result)(&r);
}

/* A packed point of the right size meets `demands` (False for any failure of a check). */
static PyObject *C_(point_predicate)(PyObject *args, unsigned demands, const char *format) {
    arg_buf_t a = ARG_EXACT(CURVE_NAME " point", BYTES_);
    if (!PyArg_ParseTuple(args, format, arg_buffer, &a)) return NULL;
    C_(aff_t) p;
    memcpy(&p, a.data, sizeof p);
    arg_release(&a);
    return PyBool_FromLong(C_(aff_check)(&p, demands) == POINT_VALID);
}

PyObject *PY_(is_on_curve)(PyObject *self, PyObject *args) {
    return C_(point_predicate)(args, POINT_ON_CURVE, "O&:" ZK_STR(CURVE) "_is_on_curve");
}

PyObject *PY_(in_subgroup)(PyObject *self, PyObject *args) {
    return C_(point_predicate)(args, POINT_IN_GROUP, "O&:" ZK_STR(CURVE) "_in_subgroup");
}

PyObject *PY_(first_invalid)(PyObject *self, PyObject *args) {
    arg_buf_t a = ARG_POINTS_(CURVE_NAME " points");
    if (!PyArg_ParseTuple(args, "O&:" ZK_STR(CURVE) "_first_invalid", arg_buffer, &a))
        return NULL;
    point_status_t status;
    size_t bad;
    Py_BEGIN_ALLOW_THREADS
    bad = C_(aff_first_invalid)(a.data, a.count, POINT_IN_GROUP, &status);
    Py_END_ALLOW_THREADS
    size_t n = a.count;
    arg_release(&a);
    return PyLong_FromSsize_t(bad < n ? (Py_ssize_t)bad : -1);
}

/* ---- vectors ------------------------------------------------------------------------------- */

static int C_(same_count)(const arg_buf_t *points, const arg_buf_t *scalars, const char *what) {
    if (points->count == scalars->count) return 0;
    PyErr_Format(ArgumentError, "%s (%zu scalars, %zu points)", what, scalars->count,
                 points->count);
    return -1;
}

static int C_(window_ok)(int window) {
    if (window == 0 || (window >= 2 && window <= 16)) return 0;
    PyErr_SetString(ArgumentError, "window must be 0 (automatic) or 2…16");
    return -1;
}

PyObject *PY_(msm)(PyObject *self, PyObject *args, PyObject *kw) {
    static char *names[] = {"points", "scalars", "window", "batch_affine", "chunks",
                            "in_subgroup", "more_points", "more_scalars", NULL};
    arg_buf_t p = ARG_POINTS_(CURVE_NAME), s = ARG_SCALARS("scalar");
    arg_buf_t p2 = ARG_POINTS_(CURVE_NAME), s2 = ARG_SCALARS("scalar");
    int window = 0, affine = -1, chunks = 0, in_subgroup = 0;
    if (!PyArg_ParseTupleAndKeywords(args, kw, "O&O&|iiipO&O&:" ZK_STR(CURVE) "_msm", names,
                                     arg_buffer, &p, arg_buffer, &s, &window, &affine, &chunks,
                                     &in_subgroup, arg_buffer, &p2, arg_buffer, &s2))
        return NULL;
    PyObject *res = NULL;
    if (C_(window_ok)(window)) goto done;
    if (chunks < 0 || chunks > 64) {
        PyErr_SetString(ArgumentError, "chunks must be 0 (automatic) or 1…64");
        goto done;
    }
    if (C_(same_count)(&p, &s, "MSM needs as many scalars as points")) goto done;
    if (p2.held != s2.held) {
        PyErr_SetString(ArgumentError, "more_points and more_scalars go together");
        goto done;
    }
    if (C_(same_count)(&p2, &s2, "MSM needs as many more_scalars as more_points")) goto done;
    msm_plan_t forced = msm_plan_forced(window ? window : 8, affine > 0, (size_t)chunks);
    int use_forced = window != 0 || affine >= 0 || chunks != 0;
    const C_(aff_t) *points[2] = {p.data, p2.data};
    const unsigned char *scalars[2] = {s.data, s2.data};
    size_t counts[2] = {p.count, p2.count};
    C_(jac_t) r;
    int rc;
    Py_BEGIN_ALLOW_THREADS
    rc = C_(msm_parts)(&r, points, scalars, counts, p2.held ? 2 : 1,
                       use_forced ? &forced : NULL, in_subgroup ? MSM_IN_SUBGROUP : 0);
    Py_END_ALLOW_THREADS
    res = rc ? no_memory(NULL, "the MSM buckets") : C_(point_result)(&r);
done:
    ARGS_RELEASE(&p, &s, &p2, &s2);
    return res;
}

PyObject *PY_(mul_batch)(PyObject *self, PyObject *args, PyObject *kw) {
    static char *names[] = {"base", "scalars", "window", NULL};
    ARG_POINT_T_ base = ARG_POINT(CURVE_NAME " base", 0);
    arg_buf_t s = ARG_SCALARS("scalar");
    int window = 0;
    if (!PyArg_ParseTupleAndKeywords(args, kw, "O&O&|i:" ZK_STR(CURVE) "_mul_batch", names,
                                     ARG_POINT_, &base, arg_buffer, &s, &window))
        return NULL;
    PyObject *res = NULL;
    unsigned char *out;
    if (C_(window_ok)(window)) goto done;
    res = new_bytes(s.count, BYTES_, &out, "the fixed-base products");
    if (!res) goto done;
    int rc;
    Py_BEGIN_ALLOW_THREADS
    rc = C_(fixed_base_batch)((C_(aff_t) *)out, &base.p, s.data, s.count, window);
    Py_END_ALLOW_THREADS
    if (rc) res = no_memory(res, "the fixed-base table");
done:
    arg_release(&s);
    return res;
}

PyObject *PY_(scale_batch)(PyObject *self, PyObject *args) {
    arg_buf_t p = ARG_POINTS_(CURVE_NAME), s = ARG_SCALARS("scalar");
    if (!PyArg_ParseTuple(args, "O&O&:" ZK_STR(CURVE) "_scale_batch", arg_buffer, &p,
                          arg_buffer, &s))
        return NULL;
    PyObject *res = NULL;
    unsigned char *out;
    if (C_(vector_valid)(&p, 0) ||
        C_(same_count)(&p, &s, "scaling needs one scalar per point"))
        goto done;
    res = new_bytes(p.count, BYTES_, &out, "the scaled points");
    if (!res) goto done;
    int rc;
    Py_BEGIN_ALLOW_THREADS
    rc = C_(scale_batch)((C_(aff_t) *)out, p.data, s.data, p.count);
    Py_END_ALLOW_THREADS
    if (rc) res = no_memory(res, "the scaling chunks");
done:
    ARGS_RELEASE(&p, &s);
    return res;
}

PyObject *PY_(ifft)(PyObject *self, PyObject *args) {
    arg_buf_t p = ARG_POINTS_(CURVE_NAME);
    if (!PyArg_ParseTuple(args, "O&:" ZK_STR(CURVE) "_ifft", arg_buffer, &p)) return NULL;
    PyObject *res = NULL;
    unsigned char *out;
    if (power_of_two_length(p.count, CURVE_NAME " FFT") || C_(vector_valid)(&p, 0)) goto done;
    res = new_bytes(p.count, BYTES_, &out, "the FFT output");
    if (!res) goto done;
    int rc;
    Py_BEGIN_ALLOW_THREADS
    rc = C_(group_ifft)((C_(aff_t) *)out, p.data, p.count);
    Py_END_ALLOW_THREADS
    if (rc) res = no_memory(res, "the FFT twiddles");
done:
    arg_release(&p);
    return res;
}

PyObject *PY_(sparse_msm)(PyObject *self, PyObject *args) {
    arg_buf_t p = ARG_POINTS_("points"), idx = ARG_U32S("indices"),
              s = ARG_SCALARS("scalars"), ends = ARG_U32S("row ends");
    if (!PyArg_ParseTuple(args, "O&O&O&O&:" ZK_STR(CURVE) "_sparse_msm", arg_buffer, &p,
                          arg_buffer, &idx, arg_buffer, &s, arg_buffer, &ends))
        return NULL;
    PyObject *res = NULL;
    unsigned char *out;
    if (s.count != idx.count) {
        PyErr_Format(ArgumentError, "%zu indices but %zu scalars", idx.count, s.count);
        goto done;
    }
    if (sparse_shape_ok(idx.data, idx.count, ends.data, ends.count, p.count) ||
        C_(vector_valid)(&p, POINT_ON_CURVE))
        goto done;
    res = new_bytes(ends.count, BYTES_, &out, "the sparse product");
    if (!res) goto done;
    int rc;
    Py_BEGIN_ALLOW_THREADS
    rc = C_(sparse_msm)((C_(aff_t) *)out, p.data, idx.data, s.data, ends.data, ends.count);
    Py_END_ALLOW_THREADS
    if (rc) res = no_memory(res, "the sparse product's rows");
done:
    ARGS_RELEASE(&p, &idx, &s, &ends);
    return res;
}

#undef C_
#undef PY_
#undef ARG_POINT_T_
#undef ARG_POINT_
#undef BYTES_
#undef ARG_POINTS_
