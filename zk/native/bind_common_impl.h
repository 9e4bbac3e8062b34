/* Template: the point converters of bind.h for one curve (bind_common.c via curve_each.h). */
#define C_(op) ZK_CAT(CURVE, ZK_CAT(_, op))

int ZK_CAT(arg_, CURVE)(PyObject *obj, void *addr) {
    ZK_CAT(ZK_CAT(arg_, CURVE), _t) *a = addr;
    if (!obj) return 0;
    arg_buf_t b = ARG_EXACT(a->what, sizeof(C_(aff_t)));
    if (!arg_buffer(obj, &b)) return 0;
    memcpy(&a->p, b.data, sizeof a->p);
    arg_release(&b);
    point_status_t status = C_(aff_check)(&a->p, a->demands);
    if (status != POINT_VALID) {
        PyErr_Format(PointError, "%s%s", a->what, point_status_text(status));
        return 0;
    }
    return 1;
}

int C_(vector_valid)(const arg_buf_t *b, unsigned demands) {
    point_status_t status;
    size_t bad;
    Py_BEGIN_ALLOW_THREADS
    bad = C_(aff_first_invalid)(b->data, b->count, demands, &status);
    Py_END_ALLOW_THREADS
    return bad < b->count ? point_error(CURVE_NAME, bad, status) : 0;
}

#undef C_
