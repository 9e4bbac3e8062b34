/*
 * Template: Pippenger multi-scalar multiplication Σ k_i·P_i for one curve.
 * Instantiated by msm.c for each curve of curve_each.h.
 *
 * Scalars are recoded into signed c-bit digits d ∈ [−2^(c−1), 2^(c−1)), so each window needs
 * only 2^(c−1) buckets (−P costs a negation). Every (window, chunk of points) pair is an
 * independent task with its own buckets, run on the worker threads.
 *
 * Large inputs accumulate buckets in affine coordinates: additions into distinct buckets are
 * gathered into a batch whose slope denominators are inverted together (Montgomery's trick),
 * so one addition costs about 6 multiplications instead of 11 for a mixed Jacobian addition.
 * An addition whose bucket already waits in the current batch is queued for a later batch.
 * When the queue is full while the batch is still small, the additions are piling onto a few
 * buckets (many equal scalars: bits, or a coefficient −1 on every row of a sparse matrix);
 * such an addition goes into a per-bucket Jacobian overflow sum instead, so a hot bucket costs
 * a mixed addition per point rather than an inversion per point.
 */
#include <stdlib.h>
#include <string.h>

#define F_(op) ZK_CAT(FIELD, ZK_CAT(_, op))
#define C_(op) ZK_CAT(CURVE, ZK_CAT(_, op))

/* The points of an MSM in consecutive spans, none copied: point i lies in the span s with
 * end[s − 1] ≤ i < end[s], at base[s][i − end[s − 1]] (the caller's parts, then on the GLV
 * path the φ-images of all of them). */
typedef struct {
    const C_(aff_t) *base[MSM_MAX_PARTS + 1];
    size_t end[MSM_MAX_PARTS + 1];
    int spans;
} C_(points_t);

ZK_INLINE const C_(aff_t) *C_(point_at)(const C_(points_t) *pts, size_t i) {
    int s = 0;
    while (s < MSM_MAX_PARTS && i >= pts->end[s]) s++;
    return &pts->base[s][s ? i - pts->end[s - 1] : i];
}

/* The caller's points and their scalars: the parts one after the other. */
typedef struct {
    C_(points_t) points;
    const unsigned char *scalars[MSM_MAX_PARTS];
} C_(msm_input_t);

ZK_INLINE const unsigned char *C_(scalar_at)(const C_(msm_input_t) *in, size_t i) {
    int s = 0;
    while (s + 1 < MSM_MAX_PARTS && i >= in->points.end[s]) s++;
    return in->scalars[s] + 32 * (s ? i - in->points.end[s - 1] : i);
}

ZK_INLINE size_t C_(input_count)(const C_(msm_input_t) *in) {
    return in->points.end[in->points.spans - 1];
}

typedef struct {
    C_(points_t) points;
    const int16_t *digits; /* n_windows rows of n digits */
    size_t n;
    int c;
    int n_windows;
    size_t n_chunks;
    int affine;
    C_(jac_t) *partial; /* n_windows × n_chunks window sums */
    size_t top_bound;   /* buckets the top window can reach */
    atomic_int failed;
} C_(msm_job_t);

/* Σ_b (b+1)·bucket[b] by the running-sum trick. */
static void C_(reduce_jac_buckets)(C_(jac_t) *out, const C_(jac_t) *buckets, size_t nb) {
    C_(jac_t) running, sum;
    C_(jac_set_identity)(&running);
    C_(jac_set_identity)(&sum);
    for (size_t b = nb; b-- > 0;) {
        C_(jac_add)(&running, &running, &buckets[b]);
        C_(jac_add)(&sum, &sum, &running);
    }
    *out = sum;
}

/* Scratch of the wide additions (eight lanes of AVX-512 IFMA, affine_ifma.h) for up to cap
 * of them: the kernel's lanes and the per-addition operands, in one allocation. */
typedef struct {
    void *lanes;
    C_(aff_t) **bucket;
    const FE **px;
    FE *num, *den;
} C_(wide_t);

/* 0, leaving w empty, where the wide additions are off, the batches too small to pay, or
 * memory short: the scalar loops then do the work. */
static int C_(wide_init)(C_(wide_t) *w, size_t cap) {
    memset(w, 0, sizeof *w);
    if (cap < MSM_WIDE_FLUSH_MIN || !affine_ifma_ready()) return 0;
    size_t lanes = C_(ifma_scratch_bytes)(cap);
    size_t operands = cap * (sizeof(C_(aff_t) *) + sizeof(const FE *) + 2 * sizeof(FE));
    w->lanes = aligned_alloc(64, (lanes + operands + 63) / 64 * 64);
    if (!w->lanes) return 0;
    w->bucket = (C_(aff_t) **)((char *)w->lanes + lanes);
    w->px = (const FE **)(w->bucket + cap);
    w->num = (FE *)(w->px + cap);
    w->den = w->num + cap;
    return 1;
}

#ifndef ZK_AFF_ADD_CASES
#define ZK_AFF_ADD_CASES
enum { AFF_ADD_REGULAR, AFF_ADD_DOUBLING, AFF_ADD_DONE };
#endif

/* a += b where it needs no slope (DONE: b the identity, a the identity, b = −a); otherwise
 * which slope it needs, the chord's or (b = a) the tangent's. */
ZK_INLINE int C_(aff_add_case)(C_(aff_t) *a, const C_(aff_t) *b) {
    if (C_(aff_is_identity)(b)) return AFF_ADD_DONE;
    if (C_(aff_is_identity)(a)) {
        *a = *b;
        return AFF_ADD_DONE;
    }
    if (!F_(eq)(&a->x, &b->x)) return AFF_ADD_REGULAR;
    if (F_(eq)(&a->y, &b->y)) return AFF_ADD_DOUBLING;
    C_(aff_set_identity)(a);
    return AFF_ADD_DONE;
}

/* aff_add_many below through the wide kernel: the special cases here, the rest in lanes. */
static void C_(aff_add_many_wide)(C_(aff_t) *acc, const C_(aff_t) *add, size_t stride,
                                  size_t count, size_t valid, const C_(wide_t) *w) {
    size_t m = 0;
    for (size_t i = 0; i < count && i < valid; i++) {
        C_(aff_t) *a = &acc[i];
        const C_(aff_t) *b = &add[i * stride];
        int kind = C_(aff_add_case)(a, b);
        if (kind == AFF_ADD_DONE) continue;
        if (kind == AFF_ADD_DOUBLING) {
            C_(tangent_numerator)(&w->num[m], &a->x);
            F_(dbl)(&w->den[m], &a->y);
            w->px[m] = &a->x;
        } else {
            F_(sub)(&w->num[m], &b->y, &a->y);
            F_(sub)(&w->den[m], &b->x, &a->x);
            w->px[m] = &b->x;
        }
        w->bucket[m++] = a;
    }
    if (m) C_(ifma_add_batch)(w->bucket, w->px, w->num, w->den, m, w->lanes);
}

/* acc[i] += add[i·stride] for i < count, all in affine with one inversion (Montgomery's
 * trick); add entries from index `valid` on count as the identity. den, prefix and kind are
 * scratch of `count` entries; `wide` (set up for count additions, or empty) takes the work to
 * the eight-lane kernel. */
static void C_(aff_add_many)(C_(aff_t) *acc, const C_(aff_t) *add, size_t stride, size_t count,
                             size_t valid, FE *den, FE *prefix, uint8_t *kind,
                             const C_(wide_t) *wide) {
    if (wide->lanes) {
        C_(aff_add_many_wide)(acc, add, stride, count, valid, wide);
        return;
    }
    FE run;
    F_(set_one)(&run);
    int any = 0;
    for (size_t i = 0; i < count; i++) {
        C_(aff_t) *a = &acc[i];
        kind[i] = AFF_ADD_DONE;
        if (i >= valid) continue;
        const C_(aff_t) *b = &add[i * stride];
        kind[i] = (uint8_t)C_(aff_add_case)(a, b);
        if (kind[i] == AFF_ADD_DONE) continue;
        if (kind[i] == AFF_ADD_DOUBLING) F_(dbl)(&den[i], &a->y);
        else F_(sub)(&den[i], &b->x, &a->x);
        prefix[i] = run;
        F_(mul)(&run, &run, &den[i]);
        any = 1;
    }
    if (!any) return;
    F_(inv)(&run, &run);
    for (size_t i = count; i-- > 0;) {
        if (kind[i] == AFF_ADD_DONE) continue;
        C_(aff_t) *a = &acc[i];
        const C_(aff_t) *b = &add[i * stride];
        FE inv_i, lambda, t, x3, y3;
        F_(mul)(&inv_i, &run, &prefix[i]);
        F_(mul)(&run, &run, &den[i]);
        if (kind[i] == AFF_ADD_DOUBLING) {
            C_(tangent_numerator)(&t, &a->x);
        } else {
            F_(sub)(&t, &b->y, &a->y);
        }
        F_(mul)(&lambda, &t, &inv_i);
        F_(sqr)(&x3, &lambda);
        F_(sub)(&x3, &x3, &a->x);
        F_(sub)(&x3, &x3, &b->x);
        F_(sub)(&t, &a->x, &x3);
        F_(mul)(&y3, &lambda, &t);
        F_(sub)(&y3, &y3, &a->y);
        a->x = x3;
        a->y = y3;
    }
}

/* Σ_b (b+1)·bucket[b] with the buckets cut into S segments of L whose running sums advance
 * in lockstep: each step is two batch-affine additions over all segments (one inversion
 * for S of them, about 6 multiplications each) where the serial sum costs a mixed and a
 * Jacobian addition (about 27) per bucket. With R_s the sum of segment s and T_s its own
 * weighted sum (weights 1…L), the total is Σ_s T_s + L·Σ_s s·R_s; the second sum is one
 * more running sum, over the S segments. S ≈ 2·√nb (msm_bucket_segments) weighs the
 * inversions (about 2·L of them) against that final pass. Returns 0, or −1 when memory ran
 * out. */
static int C_(reduce_aff_segmented)(C_(jac_t) *out, const C_(aff_t) *buckets, size_t nb) {
    size_t segments = msm_bucket_segments(nb);
    size_t len = (nb + segments - 1) / segments;
    C_(aff_t) *running = calloc(2 * segments, sizeof *running);
    FE *den = malloc(2 * segments * sizeof *den);
    uint8_t *kind = malloc(segments);
    C_(wide_t) wide;
    C_(wide_init)(&wide, segments);
    int rc = -1;
    if (!running || !den || !kind) goto done;
    C_(aff_t) *sums = running + segments;
    FE *prefix = den + segments;
    for (size_t j = len; j-- > 0;) {
        /* segment s holds buckets s·len … s·len + len − 1; the last may be short */
        size_t valid = (nb - j + len - 1) / len;
        if (valid > segments) valid = segments;
        C_(aff_add_many)(running, buckets + j, len, segments, valid, den, prefix, kind, &wide);
        C_(aff_add_many)(sums, running, 1, segments, segments, den, prefix, kind, &wide);
    }
    C_(jac_t) outer, weighted, total;
    C_(jac_set_identity)(&outer);
    C_(jac_set_identity)(&weighted);
    for (size_t s = segments; s-- > 1;) {
        C_(jac_add_aff)(&outer, &outer, &running[s]);
        C_(jac_add)(&weighted, &weighted, &outer);
    }
    C_(jac_set_identity)(&total);
    for (int bit = 63 - __builtin_clzll((unsigned long long)len); bit >= 0; bit--) {
        C_(jac_dbl)(&total, &total);
        if (len >> bit & 1) C_(jac_add)(&total, &total, &weighted);
    }
    for (size_t s = 0; s < segments; s++) C_(jac_add_aff)(&total, &total, &sums[s]);
    *out = total;
    rc = 0;
done:
    free(running);
    free(den);
    free(kind);
    free(wide.lanes);
    return rc;
}

/* The same over affine buckets, each plus its Jacobian overflow sum when there is one. */
static void C_(reduce_aff_buckets)(C_(jac_t) *out, const C_(aff_t) *buckets,
                                   const C_(jac_t) *overflow, size_t nb) {
    if (!overflow && nb >= MSM_SEGMENTED_MIN_NB && C_(reduce_aff_segmented)(out, buckets, nb) == 0)
        return;
    C_(jac_t) running, sum;
    C_(jac_set_identity)(&running);
    C_(jac_set_identity)(&sum);
    for (size_t b = nb; b-- > 0;) {
        if (overflow && !C_(jac_is_identity)(&overflow[b])) {
            C_(jac_t) bucket;
            C_(jac_add_aff)(&bucket, &overflow[b], &buckets[b]);
            C_(jac_add)(&running, &running, &bucket);
        } else {
            C_(jac_add_aff)(&running, &running, &buckets[b]);
        }
        C_(jac_add)(&sum, &sum, &running);
    }
    *out = sum;
}

/* Σ_b (b+1)·bucket[b] for affine buckets, as a window's bucket phase ends (test hook). */
void C_(bucket_sum)(C_(jac_t) *out, const C_(aff_t) *buckets, size_t nb) {
    C_(reduce_aff_buckets)(out, buckets, NULL, nb);
}

static int C_(window_jacobian)(C_(jac_t) *out, const C_(points_t) *pts, const int16_t *dig,
                               size_t begin, size_t end, size_t nb) {
    C_(jac_t) *buckets = malloc(nb * sizeof *buckets);
    if (!buckets) return -1;
    for (size_t b = 0; b < nb; b++) C_(jac_set_identity)(&buckets[b]);
    for (size_t i = begin; i < end; i++) {
        int d = dig[i];
        if (d > 0) {
            C_(jac_add_aff)(&buckets[d - 1], &buckets[d - 1], C_(point_at)(pts, i));
        } else if (d < 0) {
            C_(aff_t) neg;
            C_(aff_neg)(&neg, C_(point_at)(pts, i));
            C_(jac_add_aff)(&buckets[-d - 1], &buckets[-d - 1], &neg);
        }
    }
    C_(reduce_jac_buckets)(out, buckets, nb);
    free(buckets);
    return 0;
}

/* ---- batch-affine bucket accumulation ------------------------------------------------- */

typedef struct {
    const C_(aff_t) *point;
    uint32_t bucket;
    uint8_t negate;
} C_(op_t);

typedef struct {
    C_(aff_t) *buckets;
    uint8_t *busy;
    /* current batch */
    C_(op_t) *ops;
    uint8_t *dbl;
    FE *den, *prefix;
    size_t count, cap;
    /* ring buffer of additions whose bucket was busy */
    C_(op_t) *queue;
    size_t q_head, q_len, q_cap;
    /* Jacobian sums of additions diverted from hot buckets (allocated on first use; all
     * zeros is the identity) */
    C_(jac_t) *overflow;
    size_t nb;
    /* the wide additions' scratch (set up on the first flush; wide_state 1 when in use, −1
     * when the scalar loop does the work) */
    C_(wide_t) wide;
    int wide_state;
} C_(batch_t);

/* The slope's numerator of bucket b += (±)P: y_P (negated for a negative digit) − y_B, or
 * 3x_B² for a doubling. */
ZK_INLINE void C_(batch_numerator)(FE *num, const C_(op_t) *op, const C_(aff_t) *b, int dbl) {
    if (dbl) {
        C_(tangent_numerator)(num, &b->x);
    } else if (op->negate) {
        FE py;
        F_(neg)(&py, &op->point->y);
        F_(sub)(num, &py, &b->y);
    } else {
        F_(sub)(num, &op->point->y, &b->y);
    }
}

/* The batch through the eight-lane kernel where it is in use and the batch large enough:
 * the numerators are formed here, the rest there, and the busy flags and the count reset as
 * the loop below does. Returns 0, leaving the batch alone, otherwise. */
static int C_(batch_flush_wide)(C_(batch_t) *s) {
    size_t n = s->count;
    if (s->wide_state == 0) s->wide_state = C_(wide_init)(&s->wide, s->cap) ? 1 : -1;
    if (s->wide_state < 0 || n < MSM_WIDE_FLUSH_MIN) return 0;
    const C_(wide_t) *w = &s->wide;
    for (size_t k = 0; k < n; k++) {
        const C_(op_t) *op = &s->ops[k];
        C_(aff_t) *b = &s->buckets[op->bucket];
        w->bucket[k] = b;
        C_(batch_numerator)(&w->num[k], op, b, s->dbl[k]);
        w->px[k] = s->dbl[k] ? &b->x : &op->point->x; /* x_P = x_B when doubling */
    }
    C_(ifma_add_batch)(w->bucket, w->px, w->num, s->den, n, w->lanes);
    for (size_t k = 0; k < n; k++) s->busy[s->ops[k].bucket] = 0;
    s->count = 0;
    return 1;
}

static void C_(batch_flush)(C_(batch_t) *s) {
    size_t n = s->count;
    if (n == 0 || C_(batch_flush_wide)(s)) return;
    FE acc;
    F_(set_one)(&acc);
    for (size_t k = 0; k < n; k++) {
        s->prefix[k] = acc;
        F_(mul)(&acc, &acc, &s->den[k]);
    }
    F_(inv)(&acc, &acc);
    for (size_t k = n; k-- > 0;) {
        FE inv_k, lambda, t, x3, y3;
        F_(mul)(&inv_k, &acc, &s->prefix[k]);
        F_(mul)(&acc, &acc, &s->den[k]);
        const C_(op_t) *op = &s->ops[k];
        C_(aff_t) *b = &s->buckets[op->bucket];
        const C_(aff_t) *p = op->point;
        C_(batch_numerator)(&t, op, b, s->dbl[k]);
        F_(mul)(&lambda, &t, &inv_k);
        F_(sqr)(&x3, &lambda);
        F_(sub)(&x3, &x3, &b->x);
        F_(sub)(&x3, &x3, &p->x); /* p->x equals b->x when doubling */
        F_(sub)(&t, &b->x, &x3);
        F_(mul)(&y3, &lambda, &t);
        F_(sub)(&y3, &y3, &b->y);
        b->x = x3;
        b->y = y3;
        s->busy[op->bucket] = 0;
    }
    s->count = 0;
}

/* Apply one addition, or park it: returns 0 when the bucket is busy. */
static int C_(batch_try)(C_(batch_t) *s, const C_(op_t) *op) {
    if (s->busy[op->bucket]) return 0;
    C_(aff_t) *b = &s->buckets[op->bucket];
    const C_(aff_t) *p = op->point;
    if (C_(aff_is_identity)(b)) {
        if (op->negate) C_(aff_neg)(b, p);
        else *b = *p;
        return 1;
    }
    size_t k = s->count;
    if (F_(eq)(&b->x, &p->x)) {
        FE py;
        if (op->negate) F_(neg)(&py, &p->y);
        else py = p->y;
        if (!F_(eq)(&b->y, &py)) { /* P + (−P) */
            C_(aff_set_identity)(b);
            return 1;
        }
        F_(dbl)(&s->den[k], &b->y);
        s->dbl[k] = 1;
    } else {
        F_(sub)(&s->den[k], &p->x, &b->x);
        s->dbl[k] = 0;
    }
    s->ops[k] = *op;
    s->busy[op->bucket] = 1;
    s->count = k + 1;
    if (s->count == s->cap) C_(batch_flush)(s);
    return 1;
}

/* Retry every parked addition once (their buckets may be free after a flush). */
static void C_(batch_drain)(C_(batch_t) *s) {
    size_t m = s->q_len;
    for (size_t j = 0; j < m; j++) {
        C_(op_t) op = s->queue[s->q_head];
        s->q_head = (s->q_head + 1) % s->q_cap;
        s->q_len--;
        if (!C_(batch_try)(s, &op)) {
            s->queue[(s->q_head + s->q_len) % s->q_cap] = op;
            s->q_len++;
        }
    }
}

/* Add the point into its bucket's overflow sum; 0 when that memory is not available. */
static int C_(batch_divert)(C_(batch_t) *s, const C_(op_t) *op) {
    if (!s->overflow) {
        s->overflow = calloc(s->nb, sizeof *s->overflow);
        if (!s->overflow) return 0;
    }
    C_(aff_t) p = *op->point;
    if (op->negate) C_(aff_neg)(&p, &p);
    C_(jac_add_aff)(&s->overflow[op->bucket], &s->overflow[op->bucket], &p);
    return 1;
}

/* Divert every parked addition (when parking has stopped paying off); 0 on no memory. */
static int C_(batch_divert_queue)(C_(batch_t) *s) {
    while (s->q_len) {
        if (!C_(batch_divert)(s, &s->queue[s->q_head])) return 0;
        s->q_head = (s->q_head + 1) % s->q_cap;
        s->q_len--;
    }
    return 1;
}

static void C_(batch_add)(C_(batch_t) *s, const C_(op_t) *op) {
    if (C_(batch_try)(s, op)) return;
    if (s->q_len == s->q_cap) {
        /* A full queue beside a small batch means a few buckets take most additions: a
         * flush now would invert for a handful of them. */
        if (4 * s->count < s->cap && C_(batch_divert)(s, op)) return;
        C_(batch_flush)(s);
        C_(batch_drain)(s);
        if (C_(batch_try)(s, op)) return;
    }
    s->queue[(s->q_head + s->q_len) % s->q_cap] = *op;
    s->q_len++;
}

static int C_(window_affine)(C_(jac_t) *out, const C_(points_t) *pts, const int16_t *dig,
                             size_t begin, size_t end, size_t nb) {
    C_(batch_t) s;
    memset(&s, 0, sizeof s);
    /* cache-line aligned, so that a bucket's x and y never straddle an extra line */
    s.buckets = aligned_alloc(64, nb * sizeof *s.buckets); /* a multiple of 64 bytes */
    if (s.buckets) memset(s.buckets, 0, nb * sizeof *s.buckets);
    s.nb = nb;
    s.cap = msm_batch_size(nb);
    s.q_cap = 2 * s.cap;
    s.busy = calloc(nb, 1);
    s.ops = malloc(s.cap * sizeof *s.ops);
    s.dbl = malloc(s.cap);
    s.den = malloc(s.cap * sizeof *s.den);
    s.prefix = malloc(s.cap * sizeof *s.prefix);
    s.queue = malloc(s.q_cap * sizeof *s.queue);
    int rc = -1;
    if (!s.buckets || !s.busy || !s.ops || !s.dbl || !s.den || !s.prefix || !s.queue) goto done;

    for (size_t i = begin; i < end; i++) {
        if (i + 16 < end) {
            int df = dig[i + 16];
            if (df) {
                const char *line = (const char *)&s.buckets[(df > 0 ? df : -df) - 1];
                for (size_t off = 0; off < sizeof *s.buckets; off += 64)
                    __builtin_prefetch(line + off, 1);
            }
        }
        int d = dig[i];
        if (d == 0) continue;
        C_(op_t) op = {C_(point_at)(pts, i), (uint32_t)((d > 0 ? d : -d) - 1), (uint8_t)(d < 0)};
        C_(batch_add)(&s, &op);
    }
    while (s.count || s.q_len) {
        C_(batch_flush)(&s);
        C_(batch_drain)(&s);
        /* parked additions that mostly wait for the same buckets: one batch each would
         * cost an inversion per addition */
        if (s.q_len > s.count) C_(batch_divert_queue)(&s);
    }
    C_(reduce_aff_buckets)(out, s.buckets, s.overflow, nb);
    rc = 0;
done:
    free(s.overflow);
    free(s.wide.lanes);
    free(s.buckets);
    free(s.busy);
    free(s.ops);
    free(s.dbl);
    free(s.den);
    free(s.prefix);
    free(s.queue);
    return rc;
}

static void C_(msm_task)(void *ctx, size_t task) {
    C_(msm_job_t) *job = ctx;
    size_t w = task / job->n_chunks, chunk = task % job->n_chunks, begin, end;
    zk_split(job->n, job->n_chunks, chunk, &begin, &end);
    const int16_t *dig = job->digits + w * job->n;
    size_t nb = (size_t)1 << (job->c - 1);
    int affine = job->affine;
    if ((int)w == job->n_windows - 1) {
        /* The top window holds only the few top bits of the largest scalar (or just the
         * carries): its digits reach a handful of buckets, where batching would stall on
         * conflicts, so it adds in Jacobian. */
        size_t top = job->top_bound;
        if (top < nb) nb = top;
        if (!msm_top_window_affine((size_t)1 << (job->c - 1), top)) affine = 0;
    }
    int rc = affine
                 ? C_(window_affine)(&job->partial[task], &job->points, dig, begin, end, nb)
                 : C_(window_jacobian)(&job->partial[task], &job->points, dig, begin, end, nb);
    if (rc) atomic_store(&job->failed, 1);
}

typedef struct {
    const C_(msm_input_t) *input;
    int16_t *digits;
    size_t n;
    int c, n_windows;
    size_t n_chunks;
} C_(digits_job_t);

static void C_(digits_task)(void *ctx, size_t task) {
    C_(digits_job_t) *job = ctx;
    size_t begin, end;
    zk_split(job->n, job->n_chunks, task, &begin, &end);
    for (size_t i = begin; i < end; i++) {
        uint64_t k[4];
        scalar_from_bytes(k, C_(scalar_at)(job->input, i));
        if (C_(aff_is_identity)(C_(point_at)(&job->input->points, i))) memset(k, 0, sizeof k);
        msm_signed_digits(job->digits, job->n, i, k, job->c, job->n_windows);
    }
}

/* Run `tasks` chunk tasks of `fn` on the workers (or inline on one thread). */
static void C_(run_chunks)(int threads, size_t tasks, void (*fn)(void *, size_t), void *ctx) {
    if (threads > 1) zk_parallel_for(tasks, fn, ctx);
    else
        for (size_t t = 0; t < tasks; t++) fn(ctx, t);
}

/* The bucket phase and the window combination for digits already laid out (n_windows rows of
 * n). Returns 0, or −1 when memory ran out. */
static int C_(msm_windows)(C_(jac_t) *result, const C_(points_t) *points,
                           const int16_t *digits, size_t n, const msm_plan_t *plan,
                           size_t top_bound, int threads) {
    int c = plan->c, n_windows = plan->n_windows;
    size_t n_chunks = plan->n_chunks;
    C_(jac_t) *partial = malloc((size_t)n_windows * n_chunks * sizeof *partial);
    if (!partial) return -1;
    C_(msm_job_t) job = {*points, digits,  n,       c, n_windows, n_chunks, plan->affine,
                         partial, top_bound, 0};
    C_(run_chunks)(threads, (size_t)n_windows * n_chunks, C_(msm_task), &job);
    int failed = atomic_load(&job.failed);
    if (!failed) {
        C_(jac_t) acc;
        C_(jac_set_identity)(&acc);
        for (int w = n_windows; w-- > 0;) {
            for (int d = 0; d < c; d++) C_(jac_dbl)(&acc, &acc);
            for (size_t ch = 0; ch < n_chunks; ch++)
                C_(jac_add)(&acc, &acc, &partial[(size_t)w * n_chunks + ch]);
        }
        *result = acc;
    }
    free(partial);
    return failed ? -1 : 0;
}

static size_t C_(digit_chunks)(int threads, size_t n) {
    size_t chunks = threads > 1 ? (size_t)threads * 4 : 1;
    return chunks > n ? n : chunks;
}

/* ---- the endomorphism split ----------------------------------------------------------
 * Σ k_i·P_i = Σ k₁ᵢ·P_i + k₂ᵢ·E(P_i) with half-length k₁ᵢ, k₂ᵢ, where E is G1's φ(x, y) =
 * (β·x, y) = λ·(x, y) or G2's ψ = [6u²] (on the order-r subgroup only): twice the points at
 * half the windows, so the bucket additions stay the same while the per-window bucket sums
 * halve. The images are made here (one multiplication per point in G1, two in G2); a
 * negative half negates its digits (c ≤ 15 keeps −digit within int16). The curve's hooks
 * C_(endo_ready), C_(endo_split) and C_(endo_image) come from msm.c. */

/* Inputs with fewer points keep the plain path: the split and images cost more than they
 * save. */
#define MSM_GLV_MIN_N 1024
#define MSM_GLV_MAX_C 15

typedef struct {
    const C_(msm_input_t) *input;
    C_(aff_t) *image;
    int16_t *digits; /* n_windows rows of 2n digits */
    size_t n;
    int c, n_windows;
    size_t n_chunks;
    FE beta;
    atomic_int too_long;
} C_(glv_digits_job_t);

static void C_(negate_digits)(int16_t *digits, size_t stride, size_t i, int n_windows) {
    for (int w = 0; w < n_windows; w++) {
        int16_t *d = &digits[(size_t)w * stride + i];
        *d = (int16_t)-*d;
    }
}

static void C_(glv_digits_task)(void *ctx, size_t task) {
    C_(glv_digits_job_t) *job = ctx;
    size_t begin, end, stride = 2 * job->n;
    zk_split(job->n, job->n_chunks, task, &begin, &end);
    for (size_t i = begin; i < end; i++) {
        const C_(aff_t) *p = C_(point_at)(&job->input->points, i);
        uint64_t k[4], k1[4], k2[4];
        int neg1 = 0, neg2 = 0;
        if (C_(aff_is_identity)(p)) {
            memset(k1, 0, sizeof k1);
            memset(k2, 0, sizeof k2);
            job->image[i] = *p;
        } else {
            scalar_from_bytes(k, C_(scalar_at)(job->input, i));
            if (!C_(endo_split)(k1, &neg1, k2, &neg2, k)) {
                atomic_store(&job->too_long, 1);
                return;
            }
            C_(endo_image)(&job->image[i], p, &job->beta);
        }
        msm_signed_digits(job->digits, stride, i, k1, job->c, job->n_windows);
        if (neg1) C_(negate_digits)(job->digits, stride, i, job->n_windows);
        msm_signed_digits(job->digits, stride, job->n + i, k2, job->c, job->n_windows);
        if (neg2) C_(negate_digits)(job->digits, stride, job->n + i, job->n_windows);
    }
}

/* Returns 0 or −1 as C_(msm), or 1 when the endomorphism path does not apply. */
static int C_(msm_glv)(C_(jac_t) *result, const C_(msm_input_t) *in, int threads) {
    size_t n = C_(input_count)(in);
    FE beta;
    memset(&beta, 0, sizeof beta);
    if (!C_(endo_ready)(&beta) || n > (size_t)1 << 30) return 1;
    /* the halves are below 2¹²⁸: plan the windows for that bound */
    const uint64_t half_max[4] = {~(uint64_t)0, ~(uint64_t)0, 0, 0};
    msm_plan_t plan = msm_plan_capped(2 * n, threads, half_max, MSM_GLV_MAX_C, C_(msm_costs)());
    C_(aff_t) *image = zk_big_alloc(n * sizeof *image, 0);
    int16_t *digits = zk_big_alloc((size_t)plan.n_windows * 2 * n * sizeof *digits, 0);
    if (!image || !digits) {
        zk_big_free(image);
        zk_big_free(digits);
        return -1;
    }
    C_(glv_digits_job_t) dj = {in, image, digits, n, plan.c, plan.n_windows,
                               C_(digit_chunks)(threads, n), beta, 0};
    C_(run_chunks)(threads, dj.n_chunks, C_(glv_digits_task), &dj);
    int rc = 1;
    if (!atomic_load(&dj.too_long)) {
        C_(points_t) pts = in->points; /* the images follow as one more span */
        pts.base[pts.spans] = image;
        pts.end[pts.spans] = 2 * n;
        pts.spans++;
        rc = C_(msm_windows)(result, &pts, digits, 2 * n, &plan,
                             msm_top_digit_bound_below(half_max, plan.c, plan.n_windows),
                             threads);
    }
    zk_big_free(image);
    zk_big_free(digits);
    return rc;
}

/* Σ k_i·P_i over every part; `forced` (or NULL) overrides the plan; `flags` may hold
 * MSM_IN_SUBGROUP. Returns 0, or −1 when memory ran out. */
static int C_(msm_input)(C_(jac_t) *result, const C_(msm_input_t) *in,
                         const msm_plan_t *forced, unsigned flags) {
    size_t n = C_(input_count)(in);
    const C_(points_t) *points = &in->points;
    C_(jac_set_identity)(result);
    if (n == 0) return 0;
#if CURVE_ORDER_R
    /* A few points (a wire of a sparse R1CS): endomorphism scalar multiplications cost
     * less than the ~254 doublings any bucket method spends combining its windows. G1 only:
     * its endomorphism is λ-multiplication on the whole curve, while ψ on G2 is
     * 6u²-multiplication only inside the subgroup, and an MSM must stay exact for any input. */
    if (!forced && n <= MSM_SMALL_N) {
        for (size_t i = 0; i < n; i++) {
            const C_(aff_t) *point = C_(point_at)(points, i);
            if (C_(aff_is_identity)(point)) continue;
            uint64_t k[4];
            scalar_from_bytes(k, C_(scalar_at)(in, i));
            C_(jac_t) p, kp;
            C_(jac_from_aff)(&p, point);
            C_(jac_mul_glv)(&kp, &p, k);
            C_(jac_add)(result, result, &kp);
        }
        return 0;
    }
#endif
    /* Plan for the largest scalar actually given: random-combination checks use 64-bit
     * scalars, for which the windows of r's full width would only hold carries, all into
     * one bucket. */
    uint64_t kmax[4] = {0, 0, 0, 0};
    for (size_t i = 0; i < n; i++) {
        if (C_(aff_is_identity)(C_(point_at)(points, i))) continue;
        uint64_t k[4];
        scalar_from_bytes(k, C_(scalar_at)(in, i));
        if (limbs_lt(kmax, k)) memcpy(kmax, k, sizeof k);
    }
    if (limbs_is_zero(kmax)) return 0;
    int threads = zk_thread_count();
    if (n < 1024) threads = 1;
    /* Scalars of more than about 160 bits (a witness, H): the endomorphism halves them.
     * Shorter ones (random-combination checks) already have few windows. ψ is [6u²] only on
     * G2's order-r subgroup, so G2 takes this path only for points the caller vouches for. */
    if (!forced && n >= MSM_GLV_MIN_N && (kmax[2] >> 32 | kmax[3]) != 0 &&
        (CURVE_ORDER_R || (flags & MSM_IN_SUBGROUP))) {
        int rc = C_(msm_glv)(result, in, threads);
        if (rc <= 0) return rc;
    }
    msm_plan_t plan = forced ? *forced : msm_plan_below(n, threads, kmax, C_(msm_costs)());
    plan.n_windows = msm_window_count_below(kmax, plan.c);

    int16_t *digits = zk_big_alloc((size_t)plan.n_windows * n * sizeof *digits, 0);
    if (!digits) return -1;
    C_(digits_job_t) dj = {in, digits, n, plan.c, plan.n_windows, C_(digit_chunks)(threads, n)};
    C_(run_chunks)(threads, dj.n_chunks, C_(digits_task), &dj);
    int rc = C_(msm_windows)(result, points, digits, n, &plan,
                             msm_top_digit_bound_below(kmax, plan.c, plan.n_windows), threads);
    zk_big_free(digits);
    return rc;
}

int C_(msm_parts)(C_(jac_t) *result, const C_(aff_t) *const points[],
                  const unsigned char *const scalars[], const size_t counts[], int parts,
                  const msm_plan_t *forced, unsigned flags) {
    C_(msm_input_t) in;
    memset(&in, 0, sizeof in);
    if (parts < 1 || parts > MSM_MAX_PARTS) return -2;
    size_t total = 0;
    for (int s = 0; s < parts; s++) {
        if (counts[s] > SIZE_MAX / 4 - total) return -2;
        total += counts[s];
        in.points.base[s] = points[s];
        in.points.end[s] = total;
        in.scalars[s] = scalars[s];
    }
    in.points.spans = parts;
    return C_(msm_input)(result, &in, forced, flags);
}

int C_(msm)(C_(jac_t) *result, const C_(aff_t) *points, const unsigned char *scalars, size_t n,
            const msm_plan_t *forced, unsigned flags) {
    return C_(msm_parts)(result, &points, &scalars, &n, 1, forced, flags);
}

#undef F_
#undef C_
