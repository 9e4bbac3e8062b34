/*
 * Template: the sparse matrix × point vector product for one curve (see sparse.h). Included
 * by sparse.c through curve_each.h. Where CURVE_ORDER_R holds (G1), rows with SPARSE_FEW_N
 * general terms or fewer skip the bucket method (the GLV ladder is exact for every point of
 * the curve) and a coefficient r − 1 is a negation (a twist point outside G2 is not negated
 * by r − 1).
 */
#define F_(op) ZK_CAT(FIELD, ZK_CAT(_, op))
#define C_(op) ZK_CAT(CURVE, ZK_CAT(_, op))

typedef struct {
    C_(aff_t) *out;
    const C_(aff_t) *points;
    const uint32_t *idx;
    const unsigned char *scalars;
    const uint32_t *ends;
    size_t n_rows;
    atomic_int failed;
} C_(sparse_job_t);

/* A term that needs a scalar multiplication. */
static int C_(sparse_is_general)(term_kind_t kind) {
#if CURVE_ORDER_R
    return kind == TERM_GENERAL;
#else
    return kind == TERM_GENERAL || kind == TERM_MINUS_ONE;
#endif
}

static size_t C_(sparse_row_begin)(const C_(sparse_job_t) *job, size_t row) {
    return row ? job->ends[row - 1] : 0;
}

/* One row into *acc: ±1 terms added directly, the rest gathered for one MSM. Returns 0, or
 * −1 when memory ran out. */
static int C_(sparse_row)(C_(jac_t) *acc, const C_(sparse_job_t) *job, size_t row) {
    size_t begin = C_(sparse_row_begin)(job, row), end = job->ends[row], general = 0;
    C_(jac_set_identity)(acc);
    uint64_t k[4];
    for (size_t t = begin; t < end; t++) {
        const C_(aff_t) *p = &job->points[job->idx[t]];
        scalar_from_bytes(k, job->scalars + 32 * t);
        term_kind_t kind = term_kind(k);
        if (kind == TERM_ONE) {
            C_(jac_add_aff)(acc, acc, p);
#if CURVE_ORDER_R
        } else if (kind == TERM_MINUS_ONE) {
            C_(aff_t) neg;
            C_(aff_neg)(&neg, p);
            C_(jac_add_aff)(acc, acc, &neg);
#endif
        } else if (C_(sparse_is_general)(kind) && !C_(aff_is_identity)(p)) {
            general++;
        }
    }
    if (general == 0) return 0;
#if CURVE_ORDER_R
    if (general <= SPARSE_FEW_N) {
        for (size_t t = begin; t < end; t++) {
            const C_(aff_t) *p = &job->points[job->idx[t]];
            scalar_from_bytes(k, job->scalars + 32 * t);
            if (!C_(sparse_is_general)(term_kind(k)) || C_(aff_is_identity)(p)) continue;
            C_(jac_t) jp, kp;
            C_(jac_from_aff)(&jp, p);
            C_(jac_mul_glv)(&kp, &jp, k);
            C_(jac_add)(acc, acc, &kp);
        }
        return 0;
    }
#endif
    C_(aff_t) *pts = malloc(general * sizeof *pts);
    unsigned char *sc = malloc(general * 32);
    if (!pts || !sc) {
        free(pts);
        free(sc);
        return -1;
    }
    size_t g = 0;
    for (size_t t = begin; t < end; t++) {
        const C_(aff_t) *p = &job->points[job->idx[t]];
        scalar_from_bytes(k, job->scalars + 32 * t);
        if (!C_(sparse_is_general)(term_kind(k)) || C_(aff_is_identity)(p)) continue;
        pts[g] = *p;
        memcpy(sc + 32 * g, k, 32); /* reduced, little-endian limbs = the packed form */
        g++;
    }
    C_(jac_t) sum;
    int rc = C_(msm)(&sum, pts, sc, general, NULL, 0);
    if (rc == 0) C_(jac_add)(acc, acc, &sum);
    free(pts);
    free(sc);
    return rc;
}

static int C_(sparse_is_wide)(const C_(sparse_job_t) *job, size_t row) {
    return job->ends[row] - C_(sparse_row_begin)(job, row) >= SPARSE_WIDE_ROW;
}

/* A run of narrow rows, normalised to affine with one inversion (wide rows are left). */
static void C_(sparse_task)(void *ctx, size_t task) {
    C_(sparse_job_t) *job = ctx;
    size_t begin = task * SPARSE_TASK_ROWS, end = begin + SPARSE_TASK_ROWS;
    if (end > job->n_rows) end = job->n_rows;
    C_(jac_t) *tmp = malloc((end - begin) * sizeof *tmp);
    if (!tmp) {
        atomic_store(&job->failed, 1);
        return;
    }
    for (size_t row = begin; row < end; row++) {
        C_(jac_t) *acc = &tmp[row - begin];
        if (C_(sparse_is_wide)(job, row)) C_(jac_set_identity)(acc);
        else if (C_(sparse_row)(acc, job, row)) atomic_store(&job->failed, 1);
    }
    if (C_(jac_batch_to_aff)(job->out + begin, tmp, end - begin)) atomic_store(&job->failed, 1);
    free(tmp);
}

int C_(sparse_msm)(C_(aff_t) *out, const C_(aff_t) *points, const uint32_t *idx,
                   const unsigned char *scalars, const uint32_t *ends, size_t n_rows) {
    if (n_rows == 0) return 0;
    C_(sparse_job_t) job = {out, points, idx, scalars, ends, n_rows, 0};
    atomic_init(&job.failed, 0);
    /* one task runs on the calling thread, without starting any */
    zk_parallel_for((n_rows + SPARSE_TASK_ROWS - 1) / SPARSE_TASK_ROWS, C_(sparse_task), &job);
    /* Wide rows (a wire in many constraints, such as the constant one) after the others, so
     * that their MSMs may use every thread. */
    for (size_t row = 0; row < n_rows && !atomic_load(&job.failed); row++) {
        if (!C_(sparse_is_wide)(&job, row)) continue;
        C_(jac_t) acc;
        if (C_(sparse_row)(&acc, &job, row)) atomic_store(&job.failed, 1);
        else C_(jac_to_aff)(&out[row], &acc);
    }
    return atomic_load(&job.failed) ? -1 : 0;
}

#undef F_
#undef C_
