/*
 * Template: k_i·B for one fixed base B and many scalars (the bulk of a trusted setup).
 * Instantiated by msm.c (after msm_impl.h) for each curve of curve_each.h.
 *
 * A table holds the affine multiples m·2^(wj)·B (m = 1…2^(w−1)) for every w-bit window j,
 * so a scalar in signed w-bit digits costs one table addition per window and no doubling.
 * The points of a chunk are accumulated together in affine coordinates, the slope
 * denominators of a whole chunk inverted at once.
 */
#include <stdlib.h>

#define F_(op) ZK_CAT(FIELD, ZK_CAT(_, op))
#define C_(op) ZK_CAT(CURVE, ZK_CAT(_, op))

#define FB_CHUNK 512

typedef struct {
    C_(aff_t) *table; /* n_windows rows of `half` points */
    C_(jac_t) *row_bases;
    int w, n_windows;
    size_t half;
    const unsigned char *scalars;
    C_(aff_t) *out;
    size_t n, n_chunks;
    atomic_int failed;
} C_(fb_job_t);

static void C_(fb_table_task)(void *ctx, size_t j) {
    C_(fb_job_t) *job = ctx;
    size_t half = job->half;
    C_(jac_t) *row = malloc(half * sizeof *row);
    if (!row) {
        atomic_store(&job->failed, 1);
        return;
    }
    row[0] = job->row_bases[j];
    for (size_t m = 1; m < half; m++) C_(jac_add)(&row[m], &row[m - 1], &job->row_bases[j]);
    if (C_(jac_batch_to_aff)(job->table + j * half, row, half)) atomic_store(&job->failed, 1);
    free(row);
}

/* One window's additions acc[i] += ±row[|d_i| − 1] through the eight-lane kernel (the
 * special cases here, as in the loop of fb_chunk_task below). */
static void C_(fb_window_wide)(C_(aff_t) *acc, const C_(aff_t) *row, const int16_t *dj,
                               size_t m, const C_(wide_t) *w) {
    size_t cnt = 0;
    for (size_t i = 0; i < m; i++) {
        int d = dj[i];
        if (d == 0) continue;
        const C_(aff_t) *p = &row[(d > 0 ? d : -d) - 1];
        C_(aff_t) t = *p;
        if (d < 0) F_(neg)(&t.y, &t.y);
        int kind = C_(aff_add_case)(&acc[i], &t);
        if (kind == AFF_ADD_DONE) continue;
        if (kind == AFF_ADD_DOUBLING) {
            C_(tangent_numerator)(&w->num[cnt], &acc[i].x);
            F_(dbl)(&w->den[cnt], &acc[i].y);
            w->px[cnt] = &acc[i].x;
        } else {
            F_(sub)(&w->num[cnt], &t.y, &acc[i].y);
            F_(sub)(&w->den[cnt], &t.x, &acc[i].x);
            w->px[cnt] = &p->x;
        }
        w->bucket[cnt++] = &acc[i];
    }
    if (cnt) C_(ifma_add_batch)(w->bucket, w->px, w->num, w->den, cnt, w->lanes);
}

static void C_(fb_chunk_task)(void *ctx, size_t task) {
    C_(fb_job_t) *job = ctx;
    size_t begin, end;
    zk_split(job->n, job->n_chunks, task, &begin, &end);
    int nw = job->n_windows;
    int16_t *digits = malloc((size_t)FB_CHUNK * (size_t)nw * sizeof *digits);
    FE *den = malloc(FB_CHUNK * sizeof *den), *prefix = malloc(FB_CHUNK * sizeof *prefix);
    uint16_t *live = malloc(FB_CHUNK * sizeof *live);
    uint8_t *dbl = malloc(FB_CHUNK);
    C_(wide_t) wide;
    C_(wide_init)(&wide, FB_CHUNK);
    if (!digits || !den || !prefix || !live || !dbl) {
        atomic_store(&job->failed, 1);
        goto done;
    }
    for (size_t start = begin; start < end; start += FB_CHUNK) {
        size_t m = end - start < FB_CHUNK ? end - start : FB_CHUNK;
        C_(aff_t) *acc = job->out + start;
        for (size_t i = 0; i < m; i++) {
            uint64_t k[4];
            scalar_from_bytes(k, job->scalars + 32 * (start + i));
            msm_signed_digits(digits, m, i, k, job->w, nw);
            C_(aff_set_identity)(&acc[i]);
        }
        for (int j = 0; j < nw; j++) {
            const C_(aff_t) *row = job->table + (size_t)j * job->half;
            const int16_t *dj = digits + (size_t)j * m;
            if (wide.lanes) {
                C_(fb_window_wide)(acc, row, dj, m, &wide);
                continue;
            }
            size_t cnt = 0;
            for (size_t i = 0; i < m; i++) {
                int d = dj[i];
                if (d == 0) continue;
                C_(aff_t) t = row[(d > 0 ? d : -d) - 1];
                if (C_(aff_is_identity)(&t)) continue; /* only for a base outside the group */
                if (d < 0) F_(neg)(&t.y, &t.y);
                if (C_(aff_is_identity)(&acc[i])) {
                    acc[i] = t;
                    continue;
                }
                if (F_(eq)(&acc[i].x, &t.x)) {
                    if (!F_(eq)(&acc[i].y, &t.y)) {
                        C_(aff_set_identity)(&acc[i]);
                        continue;
                    }
                    F_(dbl)(&den[cnt], &acc[i].y);
                    dbl[cnt] = 1;
                } else {
                    F_(sub)(&den[cnt], &t.x, &acc[i].x);
                    dbl[cnt] = 0;
                }
                live[cnt++] = (uint16_t)i;
            }
            if (cnt == 0) continue;
            FE inv;
            F_(set_one)(&inv);
            for (size_t q = 0; q < cnt; q++) {
                prefix[q] = inv;
                F_(mul)(&inv, &inv, &den[q]);
            }
            F_(inv)(&inv, &inv);
            for (size_t q = cnt; q-- > 0;) {
                FE inv_q, lambda, t, x3, y3;
                F_(mul)(&inv_q, &inv, &prefix[q]);
                F_(mul)(&inv, &inv, &den[q]);
                size_t i = live[q];
                C_(aff_t) *a = &acc[i];
                int d = dj[i];
                C_(aff_t) tp = row[(d > 0 ? d : -d) - 1];
                if (d < 0) F_(neg)(&tp.y, &tp.y);
                if (dbl[q]) {
                    C_(tangent_numerator)(&t, &a->x);
                } else {
                    F_(sub)(&t, &tp.y, &a->y);
                }
                F_(mul)(&lambda, &t, &inv_q);
                F_(sqr)(&x3, &lambda);
                F_(sub)(&x3, &x3, &a->x);
                F_(sub)(&x3, &x3, &tp.x);
                F_(sub)(&t, &a->x, &x3);
                F_(mul)(&y3, &lambda, &t);
                F_(sub)(&y3, &y3, &a->y);
                a->x = x3;
                a->y = y3;
            }
        }
    }
done:
    free(digits);
    free(den);
    free(prefix);
    free(live);
    free(dbl);
    free(wide.lanes);
}

/* Window width minimising n·windows additions plus the table's cost. */
static int C_(fb_window)(size_t n) {
    int best_w = 2;
    double best = -1;
    for (int w = 2; w <= 16; w++) {
        double windows = msm_window_count(w);
        double cost = (double)n * windows * 7.0 + windows * (double)((size_t)1 << (w - 1)) * 23.0;
        if (best < 0 || cost < best) {
            best = cost;
            best_w = w;
        }
    }
    return best_w;
}

/* out[i] = k_i·base (affine; the identity as (0, 0)) with w-bit windows (0: automatic).
 * Returns 0, or −1 when memory ran out. */
int C_(fixed_base_batch)(C_(aff_t) *out, const C_(aff_t) *base, const unsigned char *scalars,
                         size_t n, int w) {
    if (n == 0) return 0;
    C_(fb_job_t) job;
    memset(&job, 0, sizeof job);
    job.w = w ? w : C_(fb_window)(n);
    job.n_windows = msm_window_count(job.w);
    job.half = (size_t)1 << (job.w - 1);
    job.scalars = scalars;
    job.out = out;
    job.n = n;
    if (C_(aff_is_identity)(base)) {
        memset(out, 0, n * sizeof *out);
        return 0;
    }
    job.table = malloc((size_t)job.n_windows * job.half * sizeof *job.table);
    job.row_bases = malloc((size_t)job.n_windows * sizeof *job.row_bases);
    if (!job.table || !job.row_bases) {
        free(job.table);
        free(job.row_bases);
        return -1;
    }
    C_(jac_from_aff)(&job.row_bases[0], base);
    for (int j = 1; j < job.n_windows; j++) {
        job.row_bases[j] = job.row_bases[j - 1];
        for (int d = 0; d < job.w; d++) C_(jac_dbl)(&job.row_bases[j], &job.row_bases[j]);
    }
    int threads = n < 256 ? 1 : zk_thread_count();
    if (threads > 1) zk_parallel_for((size_t)job.n_windows, C_(fb_table_task), &job);
    else
        for (int j = 0; j < job.n_windows; j++) C_(fb_table_task)(&job, (size_t)j);
    if (!atomic_load(&job.failed)) {
        job.n_chunks = (n + FB_CHUNK - 1) / FB_CHUNK;
        if (threads > 1) zk_parallel_for(job.n_chunks, C_(fb_chunk_task), &job);
        else
            for (size_t t = 0; t < job.n_chunks; t++) C_(fb_chunk_task)(&job, t);
    }
    free(job.table);
    free(job.row_bases);
    return atomic_load(&job.failed) ? -1 : 0;
}

#undef F_
#undef C_
