/*
 * snarkjs's QAP quotient evaluations (see zk/qap.py for the reference in Python).
 *
 * a = A·w and b = B·w on the n rows come from the .zkey coefficient section, c = a∘b; each
 * of the three is interpolated (inverse NTT) and evaluated on the odd 2n-th roots of unity
 * (coset shift ω_2n); the output is a·b − c there. The inverse transform runs as a DIF
 * (natural → bit-reversed) and the forward one as a DIT (bit-reversed → natural), so no
 * permutation pass is needed: the coset scaling reads its factor at the bit-reversed index.
 */
#include "qap.h"

#include <stdatomic.h>
#include <stdlib.h>

#include "bigmem.h"
#include "ntt.h"
#include "parallel.h"

#define COEF_ENTRY_BYTES 44


static uint32_t read_u32(const unsigned char *p) {
    uint32_t v;
    memcpy(&v, p, 4);
    return v;
}

/* ---- validation and planning ----------------------------------------------------------- */

/* The sparse products a = A·w and b = B·w run as tasks that each own a range of output rows
 * of one matrix, so no two tasks add into the same row: (matrix, row range) is a bucket, and
 * the entries are sorted into their buckets (stably, by counting) whatever order the section
 * lists them in — all A then all B (zkgov), A and B interleaved per constraint (snarkjs), or
 * anything else. Each row's terms are summed in section order within its one task, so the
 * result is the same for any thread count. */
#define QAP_MAX_BUCKETS_PER_MATRIX 64

typedef struct {
    size_t per_matrix; /* row ranges per matrix */
    size_t n;          /* rows per matrix (the domain) */
    /* bucket b holds the entries order[start[b] … start[b + 1]) */
    size_t start[2 * QAP_MAX_BUCKETS_PER_MATRIX + 1];
    uint32_t *order; /* entry indices, bucket by bucket */
} qap_plan_t;

static size_t bucket_of(const qap_plan_t *plan, uint32_t m, uint32_t row) {
    return (size_t)m * plan->per_matrix + (size_t)row * plan->per_matrix / plan->n;
}

/* Check every entry and count the entries of each bucket (into start[b + 1]). */
static int validate(const unsigned char *entries, size_t count, size_t n, size_t n_witness,
                    qap_error_t *err, qap_plan_t *plan) {
    for (size_t i = 0; i < count; i++) {
        const unsigned char *e = entries + i * COEF_ENTRY_BYTES;
        uint64_t c[4];
        memcpy(c, e + 12, 32);
        uint32_t m = read_u32(e), row = read_u32(e + 4), sig = read_u32(e + 8);
        err->index = i;
        if (!limbs_lt(c, FR_MOD)) {
            err->kind = QAP_ERR_COEFF_RANGE;
            return -1;
        }
        if (m > 1) {
            err->kind = QAP_ERR_MATRIX;
            err->value = m;
            return -1;
        }
        if (row >= n) {
            err->kind = QAP_ERR_ROW;
            err->value = row;
            return -1;
        }
        if (sig >= n_witness) {
            err->kind = QAP_ERR_SIGNAL;
            err->value = sig;
            return -1;
        }
        plan->start[bucket_of(plan, m, row) + 1]++;
    }
    return 0;
}

/* The section's count against its length: 0, or −1 with *err filled. */
static int check_length(const unsigned char *coefs, size_t coefs_len, size_t *count,
                        qap_error_t *err) {
    if (coefs_len < 4) {
        err->kind = QAP_ERR_SHORT;
        return -1;
    }
    *count = read_u32(coefs);
    if (coefs_len - 4 != *count * (size_t)COEF_ENTRY_BYTES) {
        err->kind = QAP_ERR_LENGTH;
        err->value = *count;
        return -1;
    }
    return 0;
}

int qap_check(const unsigned char *coefs, size_t coefs_len, size_t n, size_t n_signals,
              qap_error_t *err) {
    memset(err, 0, sizeof *err);
    size_t count;
    if (check_length(coefs, coefs_len, &count, err)) return -1;
    /* the first offending entry of each kind, reported in a fixed order of kinds */
    static const qap_error_kind_t kinds[4] = {QAP_ERR_MATRIX, QAP_ERR_ROW, QAP_ERR_SIGNAL,
                                              QAP_ERR_COEFF_RANGE};
    size_t first[4] = {SIZE_MAX, SIZE_MAX, SIZE_MAX, SIZE_MAX};
    uint64_t value[4] = {0, 0, 0, 0};
    const unsigned char *entries = coefs + 4;
    for (size_t i = 0; i < count; i++) {
        const unsigned char *e = entries + i * COEF_ENTRY_BYTES;
        uint32_t field[3] = {read_u32(e), read_u32(e + 4), read_u32(e + 8)};
        size_t limit[3] = {2, n, n_signals};
        for (int k = 0; k < 3; k++)
            if (field[k] >= limit[k] && first[k] == SIZE_MAX) {
                first[k] = i;
                value[k] = field[k];
            }
        if (first[3] == SIZE_MAX) {
            uint64_t c[4];
            memcpy(c, e + 12, 32);
            if (!limbs_lt(c, FR_MOD)) first[3] = i;
        }
    }
    for (int k = 0; k < 4; k++)
        if (first[k] != SIZE_MAX) {
            err->kind = kinds[k];
            err->index = first[k];
            err->value = value[k];
            return -1;
        }
    return 0;
}

/* Sort the (validated, counted) entries into their buckets. */
static void plan_buckets(qap_plan_t *plan, const unsigned char *entries, size_t count) {
    size_t n_buckets = 2 * plan->per_matrix, next[2 * QAP_MAX_BUCKETS_PER_MATRIX];
    for (size_t b = 0; b < n_buckets; b++) {
        plan->start[b + 1] += plan->start[b];
        next[b] = plan->start[b];
    }
    for (size_t i = 0; i < count; i++) {
        const unsigned char *e = entries + i * COEF_ENTRY_BYTES;
        plan->order[next[bucket_of(plan, read_u32(e), read_u32(e + 4))]++] = (uint32_t)i;
    }
}

/* ---- sparse products ------------------------------------------------------------------- */

typedef struct {
    const unsigned char *entries;
    const uint64_t *witness; /* plain, reduced limbs */
    fr_t *out[2];
    const qap_plan_t *plan;
} spmv_job_t;

static void spmv_task(void *ctx, size_t bucket) {
    spmv_job_t *job = ctx;
    const qap_plan_t *plan = job->plan;
    for (size_t k = plan->start[bucket]; k < plan->start[bucket + 1]; k++) {
        const unsigned char *e = job->entries + (size_t)plan->order[k] * COEF_ENTRY_BYTES;
        uint32_t m = read_u32(e), row = read_u32(e + 4), sig = read_u32(e + 8);
        uint64_t c[4];
        memcpy(c, e + 12, 32);
        /* coefficient is c·R² (Montgomery of c·R): times a plain w gives Montgomery of c·w */
        fr_t prod;
        zk_fr_mont_mul(prod.l, c, job->witness + 4 * (size_t)sig);
        fr_add(&job->out[m][row], &job->out[m][row], &prod);
    }
}

/* ---- the pipeline ---------------------------------------------------------------------- */

typedef struct {
    fr_t *a, *b, *c;
    size_t n, parts;
} pointwise_job_t;

static void product_task(void *ctx, size_t part) {
    pointwise_job_t *job = ctx;
    size_t begin, end;
    zk_split(job->n, job->parts, part, &begin, &end);
    for (size_t i = begin; i < end; i++) fr_mul(&job->c[i], &job->a[i], &job->b[i]);
}

typedef struct {
    fr_t *a, *b, *c;
    unsigned char *out;
    size_t n, parts;
} output_job_t;

static void output_task(void *ctx, size_t part) {
    output_job_t *job = ctx;
    size_t begin, end;
    zk_split(job->n, job->parts, part, &begin, &end);
    for (size_t i = begin; i < end; i++) {
        fr_t h;
        fr_mul(&h, &job->a[i], &job->b[i]);
        fr_sub(&h, &h, &job->c[i]);
        fr_to_bytes(job->out + 32 * i, &h);
    }
}

typedef struct {
    fr_t *v;
    const fr_t *factors; /* natural order: n⁻¹·g^i */
    size_t n, parts;
    unsigned bits;
} scatter_job_t;

static void coset_scale_task(void *ctx, size_t part) {
    scatter_job_t *job = ctx;
    size_t begin, end;
    zk_split(job->n, job->parts, part, &begin, &end);
    for (size_t p = begin; p < end; p++) {
        size_t j = 0, x = p;
        for (unsigned b = 0; b < job->bits; b++) {
            j = (j << 1) | (x & 1);
            x >>= 1;
        }
        fr_mul(&job->v[p], &job->v[p], &job->factors[j]);
    }
}

static void run_parts(size_t parts, zk_task_fn fn, void *ctx) {
    if (parts > 1) zk_parallel_for(parts, fn, ctx);
    else fn(ctx, 0);
}

/* Values on the domain to values on the coset: interpolate (DIF, bit-reversed out), scale
 * by n⁻¹·ω_2n^i, evaluate (DIT, natural order out). */
typedef struct {
    fr_t *vecs[3];
    const ntt_twiddles_t *fwd, *inv;
    const fr_t *factors;
    size_t n, parts;
    unsigned bits;
    atomic_int failed;
} coset_job_t;

static int to_coset(fr_t *v, const coset_job_t *job, size_t parts) {
    if (ntt_dif(v, job->inv)) return -1;
    scatter_job_t sj = {v, job->factors, job->n, parts, job->bits};
    run_parts(parts, coset_scale_task, &sj);
    return ntt_dit(v, job->fwd);
}

/* One vector per task, each transform on its own thread: a domain that fits one NTT block
 * runs its transforms single-threaded (ntt.c), so the three side by side use the cores. */
static void to_coset_task(void *ctx, size_t k) {
    coset_job_t *job = ctx;
    if (to_coset(job->vecs[k], job, 1)) atomic_store(&job->failed, 1);
}

int qap_h(unsigned char *out, const unsigned char *coefs, size_t coefs_len,
          const unsigned char *witness, size_t n_witness, size_t n, qap_error_t *err) {
    memset(err, 0, sizeof *err);
    size_t count;
    if (check_length(coefs, coefs_len, &count, err)) return -1;
    const unsigned char *entries = coefs + 4;
    int threads = n >= 4096 ? zk_thread_count() : 1;
    size_t parts = threads > 1 ? (size_t)threads * 4 : 1;
    qap_plan_t *plan = calloc(1, sizeof *plan);
    if (!plan) {
        err->kind = QAP_ERR_MEMORY;
        return -1;
    }
    plan->n = n;
    plan->per_matrix = parts < n ? parts : n;
    if (plan->per_matrix > QAP_MAX_BUCKETS_PER_MATRIX)
        plan->per_matrix = QAP_MAX_BUCKETS_PER_MATRIX;
    if (validate(entries, count, n, n_witness, err, plan)) {
        free(plan);
        return -1;
    }

    uint64_t *w = zk_big_alloc((n_witness ? n_witness : 1) * 4 * sizeof(uint64_t), 0);
    fr_t *a = zk_big_calloc(n, sizeof *a), *b = zk_big_calloc(n, sizeof *b);
    fr_t *c = zk_big_alloc(n * sizeof *c, 0), *factors = zk_big_alloc(n * sizeof *factors, 0);
    plan->order = zk_big_alloc((count ? count : 1) * sizeof *plan->order, 0);
    ntt_twiddles_t fwd = {0, NULL}, inv = {0, NULL};
    int rc = -1;
    err->kind = QAP_ERR_MEMORY;
    if (!w || !a || !b || !c || !factors || !plan->order) goto done;
    if (ntt_twiddles_init(&fwd, n, 0) || ntt_twiddles_init(&inv, n, 1)) goto done;

    for (size_t i = 0; i < n_witness; i++) scalar_from_bytes(w + 4 * i, witness + 32 * i);
    plan_buckets(plan, entries, count);
    spmv_job_t sp = {entries, w, {a, b}, plan};
    if (threads > 1) zk_parallel_for(2 * plan->per_matrix, spmv_task, &sp);
    else
        for (size_t bucket = 0; bucket < 2 * plan->per_matrix; bucket++) spmv_task(&sp, bucket);

    pointwise_job_t pj = {a, b, c, n, parts};
    run_parts(parts, product_task, &pj);

    /* factors[i] = n⁻¹ · ω_2n^i */
    fr_t ninv, shift;
    uint64_t nplain[4] = {(uint64_t)n, 0, 0, 0};
    fr_from_plain(&ninv, nplain);
    fr_inv(&ninv, &ninv);
    unsigned bits = 0;
    while (((size_t)1 << bits) < n) bits++;
    fr_root_of_unity(&shift, bits + 1);
    for (size_t i = 0; i < n; i++) factors[i] = ninv;
    fr_scale_by_powers(factors, n, &FR_ONE, &shift);

    coset_job_t cj = {{a, b, c}, &fwd, &inv, factors, n, parts, bits, 0};
    if (threads > 1 && n <= NTT_BLOCK_POINTS) {
        zk_parallel_for(3, to_coset_task, &cj);
        if (atomic_load(&cj.failed)) goto done;
    } else {
        for (int k = 0; k < 3; k++)
            if (to_coset(cj.vecs[k], &cj, parts)) goto done;
    }
    output_job_t oj = {a, b, c, out, n, parts};
    run_parts(parts, output_task, &oj);
    rc = 0;
    err->kind = QAP_OK;
done:
    ntt_twiddles_free(&fwd);
    ntt_twiddles_free(&inv);
    zk_big_free(w);
    zk_big_free(a);
    zk_big_free(b);
    zk_big_free(c);
    zk_big_free(factors);
    zk_big_free(plan->order);
    free(plan);
    return rc;
}
