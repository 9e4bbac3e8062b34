/*
 * Radix-2 NTT over Fr.
 *
 * Stages whose butterfly span exceeds NTT_BLOCK points sweep the whole array, split across
 * the worker threads; the remaining stages run block by block (each block of NTT_BLOCK points
 * stays in cache through all of them), one block per task. Small stages read their twiddles
 * from a compact per-stage copy so that strided reads of the big table do not pollute cache.
 */
#include "ntt.h"

#include <stdlib.h>

#include "bigmem.h"
#include "parallel.h"

#define NTT_BLOCK ((size_t)NTT_BLOCK_POINTS)
#define NTT_PARALLEL_MIN ((size_t)1 << 12) /* below this, one thread */

/* 5 is the smallest quadratic non-residue mod r (zk.field derives and checks it). */
#define FR_NON_RESIDUE 5

void fr_root_of_unity(fr_t *out, unsigned log_n) {
    uint64_t odd[4], plain[4] = {FR_NON_RESIDUE, 0, 0, 0};
    uint64_t r1[4] = {FR_MOD[0] - 1, FR_MOD[1], FR_MOD[2], FR_MOD[3]};
    for (int i = 0; i < 4; i++)
        odd[i] = (r1[i] >> FR_TWO_ADICITY) | (i < 3 ? r1[i + 1] << (64 - FR_TWO_ADICITY) : 0);
    fr_t g;
    fr_from_plain(&g, plain);
    fr_pow(out, &g, odd, 4);
    for (unsigned k = log_n; k < FR_TWO_ADICITY; k++) fr_sqr(out, out);
}

static unsigned log2_exact(size_t n) {
    unsigned k = 0;
    while (((size_t)1 << k) < n) k++;
    return k;
}

/* ---- powers (twiddles, coset scaling) ------------------------------------------------- */

typedef struct {
    fr_t *out;
    fr_t start, step;
    size_t n, parts;
} powers_job_t;

static void fr_pow_small(fr_t *r, const fr_t *g, size_t e) {
    uint64_t exp[4] = {(uint64_t)e, 0, 0, 0};
    fr_pow(r, g, exp, 1);
}

static void powers_task(void *ctx, size_t part) {
    powers_job_t *job = ctx;
    size_t begin, end;
    zk_split(job->n, job->parts, part, &begin, &end);
    if (begin == end) return;
    fr_t x;
    fr_pow_small(&x, &job->step, begin);
    fr_mul(&x, &x, &job->start);
    for (size_t i = begin; i < end; i++) {
        job->out[i] = x;
        fr_mul(&x, &x, &job->step);
    }
}

/* out[i] = start · step^i for i < n. */
static void fr_powers(fr_t *out, size_t n, const fr_t *start, const fr_t *step) {
    size_t parts = n >= NTT_PARALLEL_MIN ? (size_t)zk_thread_count() * 4 : 1;
    powers_job_t job = {out, *start, *step, n, parts};
    if (parts > 1) zk_parallel_for(parts, powers_task, &job);
    else powers_task(&job, 0);
}

typedef struct {
    fr_t *a;
    fr_t start, step;
    size_t n, parts;
} scale_job_t;

static void scale_task(void *ctx, size_t part) {
    scale_job_t *job = ctx;
    size_t begin, end;
    zk_split(job->n, job->parts, part, &begin, &end);
    if (begin == end) return;
    fr_t x;
    fr_pow_small(&x, &job->step, begin);
    fr_mul(&x, &x, &job->start);
    for (size_t i = begin; i < end; i++) {
        fr_mul(&job->a[i], &job->a[i], &x);
        fr_mul(&x, &x, &job->step);
    }
}

void fr_scale_by_powers(fr_t *a, size_t n, const fr_t *c, const fr_t *g) {
    size_t parts = n >= NTT_PARALLEL_MIN ? (size_t)zk_thread_count() * 4 : 1;
    scale_job_t job = {a, *c, *g, n, parts};
    if (parts > 1) zk_parallel_for(parts, scale_task, &job);
    else scale_task(&job, 0);
}

int ntt_twiddles_init(ntt_twiddles_t *t, size_t n, int inverse) {
    t->n = n;
    size_t half = n / 2 ? n / 2 : 1;
    t->tw = zk_big_alloc(half * sizeof *t->tw, 0);
    if (!t->tw) return -1;
    fr_t w;
    fr_root_of_unity(&w, log2_exact(n));
    if (inverse) fr_inv(&w, &w);
    fr_powers(t->tw, half, &FR_ONE, &w);
    return 0;
}

void ntt_twiddles_free(ntt_twiddles_t *t) {
    zk_big_free(t->tw);
    t->tw = NULL;
}

/* ---- butterflies ----------------------------------------------------------------------- */

/* (u, v) ← (u + v, (u − v)·w) */
ZK_INLINE void bfly_dif(fr_t *x, fr_t *y, const fr_t *w) {
    fr_t u = *x, v = *y, d;
    fr_add(x, &u, &v);
    fr_sub(&d, &u, &v);
    fr_mul(y, &d, w);
}

/* (u, v) ← (u + v·w, u − v·w) */
ZK_INLINE void bfly_dit(fr_t *x, fr_t *y, const fr_t *w) {
    fr_t u = *x, v;
    fr_mul(&v, y, w);
    fr_add(x, &u, &v);
    fr_sub(y, &u, &v);
}

typedef struct {
    fr_t *a;
    const fr_t *tw;      /* big table: ω_n^j */
    const fr_t *compact; /* stage tables for spans ≤ NTT_BLOCK: ω_len^j at [half − 1 + j] */
    size_t n, len, parts;
    size_t block;
    int dit;
} stage_job_t;

/* One big stage (span len > block): butterflies [begin, end) of the n/2 in this stage. */
static void big_stage_task(void *ctx, size_t part) {
    stage_job_t *job = ctx;
    size_t half = job->len / 2, stride = job->n / job->len, begin, end;
    zk_split(job->n / 2, job->parts, part, &begin, &end);
    for (size_t b = begin; b < end; b++) {
        size_t blk = b / half, j = b % half;
        fr_t *x = job->a + blk * job->len + j;
        if (job->dit) bfly_dit(x, x + half, &job->tw[j * stride]);
        else bfly_dif(x, x + half, &job->tw[j * stride]);
    }
}

/* All stages of span ≤ block inside one block. */
static void block_task(void *ctx, size_t blk) {
    stage_job_t *job = ctx;
    fr_t *base = job->a + blk * job->block;
    if (job->dit) {
        for (size_t len = 2; len <= job->block; len <<= 1) {
            size_t half = len / 2;
            const fr_t *w = job->compact + half - 1;
            for (size_t s = 0; s < job->block; s += len)
                for (size_t j = 0; j < half; j++)
                    bfly_dit(base + s + j, base + s + j + half, &w[j]);
        }
    } else {
        for (size_t len = job->block; len >= 2; len >>= 1) {
            size_t half = len / 2;
            const fr_t *w = job->compact + half - 1;
            for (size_t s = 0; s < job->block; s += len)
                for (size_t j = 0; j < half; j++)
                    bfly_dif(base + s + j, base + s + j + half, &w[j]);
        }
    }
}

static int ntt_run(fr_t *a, const ntt_twiddles_t *t, int dit) {
    size_t n = t->n;
    if (n < 2) return 0;
    size_t block = n < NTT_BLOCK ? n : NTT_BLOCK;
    fr_t *compact = zk_big_alloc(block * sizeof *compact, 0);
    if (!compact) return -1;
    for (size_t len = 2; len <= block; len <<= 1) {
        size_t half = len / 2, stride = n / len;
        for (size_t j = 0; j < half; j++) compact[half - 1 + j] = t->tw[j * stride];
    }
    int threads = n >= NTT_PARALLEL_MIN ? zk_thread_count() : 1;
    stage_job_t job = {a, t->tw, compact, n, 0, (size_t)threads * 4, block, dit};
    size_t n_blocks = n / block;
    if (!dit) {
        for (size_t len = n; len > block; len >>= 1) {
            job.len = len;
            zk_parallel_for(job.parts, big_stage_task, &job);
        }
    }
    if (threads > 1 && n_blocks > 1) zk_parallel_for(n_blocks, block_task, &job);
    else
        for (size_t b = 0; b < n_blocks; b++) block_task(&job, b);
    if (dit) {
        for (size_t len = block * 2; len <= n; len <<= 1) {
            job.len = len;
            zk_parallel_for(job.parts, big_stage_task, &job);
        }
    }
    zk_big_free(compact);
    return 0;
}

int ntt_dif(fr_t *a, const ntt_twiddles_t *t) { return ntt_run(a, t, 0); }
int ntt_dit(fr_t *a, const ntt_twiddles_t *t) { return ntt_run(a, t, 1); }

void ntt_bit_reverse(fr_t *a, size_t n) {
    unsigned bits = log2_exact(n);
    if (bits == 0) return;
    for (size_t i = 0; i < n; i++) {
        size_t j = 0, x = i;
        for (unsigned b = 0; b < bits; b++) {
            j = (j << 1) | (x & 1);
            x >>= 1;
        }
        if (i < j) {
            fr_t tmp = a[i];
            a[i] = a[j];
            a[j] = tmp;
        }
    }
}

/* 1/n in Montgomery form. */
static void fr_inv_size(fr_t *out, size_t n) {
    uint64_t plain[4] = {(uint64_t)n, 0, 0, 0};
    fr_from_plain(out, plain);
    fr_inv(out, out);
}

int fr_ntt(fr_t *a, size_t n, int inverse) {
    if (n <= 1) return 0;
    ntt_twiddles_t t;
    if (ntt_twiddles_init(&t, n, inverse)) return -1;
    int rc = ntt_dif(a, &t);
    ntt_twiddles_free(&t);
    if (rc) return rc;
    ntt_bit_reverse(a, n);
    if (inverse) {
        fr_t ninv;
        fr_inv_size(&ninv, n);
        fr_scale_by_powers(a, n, &ninv, &FR_ONE);
    }
    return 0;
}

int fr_coset_ntt(fr_t *a, size_t n, const fr_t *shift, int inverse) {
    if (!inverse) {
        fr_scale_by_powers(a, n, &FR_ONE, shift);
        return fr_ntt(a, n, 0);
    }
    int rc = fr_ntt(a, n, 1);
    if (rc) return rc;
    fr_t sinv;
    fr_inv(&sinv, shift);
    fr_scale_by_powers(a, n, &FR_ONE, &sinv);
    return 0;
}
