/*
 * Template: elementwise scaling and the group inverse FFT for one curve (see scale.h).
 * Instantiated by scale.c for each curve of curve_each.h.
 */
#define F_(op) ZK_CAT(FIELD, ZK_CAT(_, op))
#define C_(op) ZK_CAT(CURVE, ZK_CAT(_, op))

/* ---- out[i] = k_i·in[i] ----------------------------------------------------------------- */

typedef struct {
    C_(aff_t) *out;
    const C_(aff_t) *in;
    const unsigned char *scalars;
    size_t n;
    atomic_int failed;
} C_(scale_job_t);

/* One chunk: multiply in Jacobian form, then normalise the chunk with one inversion. */
static void C_(scale_task)(void *ctx, size_t task) {
    C_(scale_job_t) *job = ctx;
    size_t begin = task * SCALE_CHUNK, end = begin + SCALE_CHUNK;
    if (end > job->n) end = job->n;
    C_(jac_t) *tmp = malloc((end - begin) * sizeof *tmp);
    if (!tmp) {
        atomic_store(&job->failed, 1);
        return;
    }
    uint64_t k[4];
    for (size_t i = begin; i < end; i++) {
        C_(jac_t) p;
        scalar_from_bytes(k, job->scalars + 32 * i);
        C_(jac_from_aff)(&p, &job->in[i]);
        if (limbs_is_zero(k) || C_(jac_is_identity)(&p)) C_(jac_set_identity)(&tmp[i - begin]);
        else C_(jac_mul_glv)(&tmp[i - begin], &p, k);
    }
    zk_wipe(k, sizeof k);
    if (C_(jac_batch_to_aff)(job->out + begin, tmp, end - begin)) atomic_store(&job->failed, 1);
    free(tmp);
}

int C_(scale_batch)(C_(aff_t) *out, const C_(aff_t) *in, const unsigned char *scalars,
                    size_t n) {
    if (n == 0) return 0;
    C_(scale_job_t) job;
    memset(&job, 0, sizeof job);
    job.out = out;
    job.in = in;
    job.scalars = scalars;
    job.n = n;
    atomic_init(&job.failed, 0);
    size_t chunks = (n + SCALE_CHUNK - 1) / SCALE_CHUNK;
    if (chunks > 1) zk_parallel_for(chunks, C_(scale_task), &job);
    else C_(scale_task)(&job, 0);
    return atomic_load(&job.failed) ? -1 : 0;
}

/* ---- the inverse FFT over the group ------------------------------------------------------ */

typedef struct {
    C_(jac_t) *a;
    const limbs_t *tw; /* ω^(−k) as plain limbs, k < n/2 */
    size_t n, half, stride;
    C_(aff_t) *out;
    limbs_t n_inv;
    atomic_int failed;
} C_(fft_job_t);

/* Butterflies [task·FFT_TASK, …) of the layer with blocks of 2·half points. */
static void C_(fft_layer_task)(void *ctx, size_t task) {
    C_(fft_job_t) *job = ctx;
    size_t begin = task * FFT_TASK, end = begin + FFT_TASK;
    if (end > job->n / 2) end = job->n / 2;
    for (size_t b = begin; b < end; b++) {
        size_t k = b % job->half;
        size_t i = (b / job->half) * 2 * job->half + k, j = i + job->half;
        C_(jac_t) u = job->a[i], v;
        if (k == 0 || C_(jac_is_identity)(&job->a[j])) v = job->a[j];
        else C_(jac_mul_glv)(&v, &job->a[j], job->tw[k * job->stride].l);
        C_(jac_add)(&job->a[i], &u, &v);
        C_(jac_neg)(&v, &v);
        C_(jac_add)(&job->a[j], &u, &v);
    }
}

/* The 1/n factor and the conversion to affine, one chunk at a time. */
static void C_(fft_final_task)(void *ctx, size_t task) {
    C_(fft_job_t) *job = ctx;
    size_t begin = task * SCALE_CHUNK, end = begin + SCALE_CHUNK;
    if (end > job->n) end = job->n;
    C_(jac_t) *a = job->a;
    for (size_t i = begin; i < end; i++)
        if (!C_(jac_is_identity)(&a[i])) C_(jac_mul_glv)(&a[i], &a[i], job->n_inv.l);
    if (C_(jac_batch_to_aff)(job->out + begin, a + begin, end - begin))
        atomic_store(&job->failed, 1);
}

static void C_(run)(size_t tasks, zk_task_fn fn, void *job) {
    if (tasks > 1) zk_parallel_for(tasks, fn, job);
    else if (tasks == 1) fn(job, 0);
}

int C_(group_ifft)(C_(aff_t) *out, const C_(aff_t) *in, size_t n) {
    if (n <= 1) {
        if (n == 1) memmove(out, in, sizeof *out);
        return 0;
    }
    unsigned log_n = 0;
    while (((size_t)1 << log_n) < n) log_n++;
    C_(fft_job_t) job;
    memset(&job, 0, sizeof job);
    atomic_init(&job.failed, 0);
    job.n = n;
    job.out = out;
    job.a = malloc(n * sizeof *job.a);
    limbs_t *tw = malloc(n / 2 * sizeof *tw);
    if (!job.a || !tw) {
        free(job.a);
        free(tw);
        return -1;
    }
    for (size_t i = 0; i < n; i++) C_(jac_from_aff)(&job.a[bit_reverse(i, log_n)], &in[i]);
    inverse_twiddles(tw, n, log_n);
    job.tw = tw;
    fr_t inv_n;
    uint64_t plain_n[4] = {(uint64_t)n, 0, 0, 0};
    fr_from_plain(&inv_n, plain_n);
    fr_inv(&inv_n, &inv_n);
    fr_to_plain(job.n_inv.l, &inv_n);
    for (size_t size = 2; size <= n; size *= 2) {
        job.half = size / 2;
        job.stride = n / size;
        C_(run)((n / 2 + FFT_TASK - 1) / FFT_TASK, C_(fft_layer_task), &job);
    }
    C_(run)((n + SCALE_CHUNK - 1) / SCALE_CHUNK, C_(fft_final_task), &job);
    free(job.a);
    free(tw);
    return atomic_load(&job.failed) ? -1 : 0;
}

#undef F_
#undef C_
