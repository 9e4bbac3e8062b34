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

#include <stdlib.h>

#include "ntt.h"
#include "parallel.h"

#define COEF_ENTRY_BYTES 44

static uint32_t read_u32(const unsigned char *p) {
    uint32_t v;
    memcpy(&v, p, 4);
    return v;
}

/* ---- validation ------------------------------------------------------------------------ */

static int validate(const unsigned char *entries, size_t count, size_t n, size_t n_witness,
                    qap_error_t *err, int sorted[2]) {
    uint32_t last_row[2] = {0, 0};
    sorted[0] = sorted[1] = 1;
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
        if (row < last_row[m]) sorted[m] = 0;
        last_row[m] = row;
    }
    return 0;
}

/* ---- sparse products ------------------------------------------------------------------- */

typedef struct {
    const unsigned char *entries;
    const uint64_t *witness; /* plain, reduced limbs */
    fr_t *out[2];
    size_t bounds[64][2]; /* entry ranges of the tasks */
    size_t n_tasks;
} spmv_job_t;

static void spmv_task(void *ctx, size_t task) {
    spmv_job_t *job = ctx;
    for (size_t i = job->bounds[task][0]; i < job->bounds[task][1]; i++) {
        const unsigned char *e = job->entries + i * COEF_ENTRY_BYTES;
        uint32_t m = read_u32(e), row = read_u32(e + 4), sig = read_u32(e + 8);
        uint64_t c[4];
        memcpy(c, e + 12, 32);
        /* coefficient is c·R² (Montgomery of c·R): times a plain w gives Montgomery of c·w */
        fr_t prod;
        zk_fr_mont_mul(prod.l, c, job->witness + 4 * (size_t)sig);
        fr_add(&job->out[m][row], &job->out[m][row], &prod);
    }
}

/* Split the entries into tasks that never share an output row. The usual layout (all A
 * entries, then all B entries, each sorted by row, as snarkjs and zkgov write them) is split
 * at row boundaries; any other layout runs as a single task. */
static void plan_tasks(spmv_job_t *job, const unsigned char *entries, size_t count,
                       const int sorted[2], int threads) {
    size_t run_start[3], n_runs = 0;
    for (size_t i = 0; i < count && n_runs <= 2; i++) {
        if (i == 0 || read_u32(entries + i * COEF_ENTRY_BYTES) !=
                          read_u32(entries + (i - 1) * COEF_ENTRY_BYTES))
            run_start[n_runs++] = i;
    }
    job->n_tasks = 0;
    if (count == 0) return;
    if (n_runs > 2) {
        job->bounds[0][0] = 0;
        job->bounds[0][1] = count;
        job->n_tasks = 1;
        return;
    }
    for (size_t r = 0; r < n_runs; r++) {
        size_t start = run_start[r], end = r + 1 < n_runs ? run_start[r + 1] : count;
        uint32_t m = read_u32(entries + start * COEF_ENTRY_BYTES);
        size_t parts = (sorted[m] && end - start >= 1024) ? (size_t)threads : 1;
        if (parts > 32) parts = 32;
        size_t s = start;
        for (size_t p = 1; p <= parts && s < end; p++) {
            size_t e = start + (end - start) * p / parts;
            if (e <= s) continue;
            while (e < end && read_u32(entries + e * COEF_ENTRY_BYTES + 4) ==
                                  read_u32(entries + (e - 1) * COEF_ENTRY_BYTES + 4))
                e++;
            job->bounds[job->n_tasks][0] = s;
            job->bounds[job->n_tasks][1] = e;
            job->n_tasks++;
            s = e;
        }
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

int qap_h(unsigned char *out, const unsigned char *coefs, size_t coefs_len,
          const unsigned char *witness, size_t n_witness, size_t n, qap_error_t *err) {
    memset(err, 0, sizeof *err);
    if (coefs_len < 4) {
        err->kind = QAP_ERR_SHORT;
        return -1;
    }
    size_t count = read_u32(coefs);
    if (coefs_len != 4 + count * COEF_ENTRY_BYTES) {
        err->kind = QAP_ERR_LENGTH;
        err->value = count;
        return -1;
    }
    const unsigned char *entries = coefs + 4;
    int sorted[2];
    if (validate(entries, count, n, n_witness, err, sorted)) return -1;

    int threads = n >= 4096 ? zk_thread_count() : 1;
    size_t parts = threads > 1 ? (size_t)threads * 4 : 1;
    uint64_t *w = malloc((n_witness ? n_witness : 1) * 4 * sizeof(uint64_t));
    fr_t *a = calloc(n, sizeof *a), *b = calloc(n, sizeof *b), *c = malloc(n * sizeof *c);
    fr_t *factors = malloc(n * sizeof *factors);
    spmv_job_t *sp = malloc(sizeof *sp);
    ntt_twiddles_t fwd = {0, NULL}, inv = {0, NULL};
    int rc = -1;
    err->kind = QAP_ERR_MEMORY;
    if (!w || !a || !b || !c || !factors || !sp) goto done;
    if (ntt_twiddles_init(&fwd, n, 0) || ntt_twiddles_init(&inv, n, 1)) goto done;

    for (size_t i = 0; i < n_witness; i++) scalar_from_bytes(w + 4 * i, witness + 32 * i);
    sp->entries = entries;
    sp->witness = w;
    sp->out[0] = a;
    sp->out[1] = b;
    plan_tasks(sp, entries, count, sorted, threads);
    if (threads > 1) zk_parallel_for(sp->n_tasks, spmv_task, sp);
    else
        for (size_t t = 0; t < sp->n_tasks; t++) spmv_task(sp, t);

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

    fr_t *vecs[3] = {a, b, c};
    for (int k = 0; k < 3; k++) {
        if (ntt_dif(vecs[k], &inv)) goto done;
        scatter_job_t sj = {vecs[k], factors, n, parts, bits};
        run_parts(parts, coset_scale_task, &sj);
        if (ntt_dit(vecs[k], &fwd)) goto done;
    }
    output_job_t oj = {a, b, c, out, n, parts};
    run_parts(parts, output_task, &oj);
    rc = 0;
    err->kind = QAP_OK;
done:
    ntt_twiddles_free(&fwd);
    ntt_twiddles_free(&inv);
    free(w);
    free(a);
    free(b);
    free(c);
    free(factors);
    free(sp);
    return rc;
}
