/* Multi-scalar multiplication and fixed-base batch multiplication for G1 and G2. */
#include "msm.h"

#include <math.h>
#include <stdatomic.h>
#include <stdlib.h>

#include "affine_ifma.h"
#include "bigmem.h"
#include "glv.h"
#include "parallel.h"

/* Bits of v from position `shift` up, clipped to 64 bits (for window planning). */
static uint64_t limbs_shifted(const uint64_t v[4], unsigned shift) {
    if (shift >= 256) return 0;
    unsigned limb = shift / 64, off = shift % 64;
    uint64_t out = v[limb] >> off;
    if (off && limb + 1 < 4) out |= v[limb + 1] << (64 - off);
    return out;
}

static int limbs_bit_length(const uint64_t v[4]) {
    for (int limb = 3; limb >= 0; limb--)
        if (v[limb]) return 64 * limb + 64 - __builtin_clzll(v[limb]);
    return 0;
}

int msm_window_count_below(const uint64_t max[4], int c) {
    int w = (limbs_bit_length(max) + c - 1) / c;
    if (w < 1) w = 1;
    /* the top digit plus an incoming carry must stay below 2^(c−1) */
    while (limbs_shifted(max, (unsigned)(c * (w - 1))) + 1 >= ((uint64_t)1 << (c - 1))) w++;
    return w;
}

size_t msm_top_digit_bound_below(const uint64_t max[4], int c, int n_windows) {
    return (size_t)limbs_shifted(max, (unsigned)(c * (n_windows - 1))) + 1;
}

int msm_window_count(int c) {
    const uint64_t r_minus_one[4] = {FR_MOD[0] - 1, FR_MOD[1], FR_MOD[2], FR_MOD[3]};
    return msm_window_count_below(r_minus_one, c);
}

void msm_signed_digits(int16_t *digits, size_t stride, size_t i, const uint64_t k[4], int c,
                       int n_windows) {
    const uint64_t mask = ((uint64_t)1 << c) - 1, half = (uint64_t)1 << (c - 1);
    uint64_t carry = 0;
    for (int w = 0; w < n_windows; w++) {
        unsigned bit = (unsigned)(w * c), limb = bit / 64, off = bit % 64;
        uint64_t raw = 0;
        if (limb < 4) {
            raw = k[limb] >> off;
            if (off + (unsigned)c > 64 && limb + 1 < 4) raw |= k[limb + 1] << (64 - off);
        }
        int64_t d = (int64_t)((raw & mask) + carry);
        if ((uint64_t)d >= half) {
            d -= (int64_t)1 << c;
            carry = 1;
        } else {
            carry = 0;
        }
        digits[(size_t)w * stride + i] = (int16_t)d;
    }
}

size_t msm_batch_size(size_t nb) {
    size_t k = nb / 8;
    if (k < 16) k = 16;
    if (k > 1024) k = 1024;
    return k;
}

/* Windows with fewer buckets keep the serial running sum (msm_impl.h). */
#define MSM_SEGMENTED_MIN_NB 32

/* S = the largest power of two with S ≤ 2·√nb (and S ≤ nb/4). 4·√nb, where the model's
 * inversions and final pass would balance, measured slower at every nb tried (G1, 4,096
 * buckets: 554 → 653 µs): the final pass costs more than its count of additions says. */
size_t msm_bucket_segments(size_t nb) {
    size_t segments = 1;
    while (4 * segments * segments <= 16 * nb && 2 * segments <= nb / 2) segments *= 2;
    return segments;
}

int msm_top_window_affine(size_t nb, size_t top_bound) {
    size_t reached = top_bound < nb ? top_bound : nb;
    return reached >= 2 * msm_batch_size(nb);
}

/* Σ_b (b+1)·bucket[b] over nb buckets after `points` additions: segmented in affine (an
 * addition per bucket into the running sums, one more per bucket that is not empty, and an
 * inversion per step of a segment, twice), otherwise a Jacobian running sum. */
static double bucket_sum_cost(size_t nb, double points, int affine, const msm_costs_t *k) {
    double filled = (double)nb * (1.0 - exp(-points / (double)nb));
    if (affine && nb >= MSM_SEGMENTED_MIN_NB) {
        size_t segments = msm_bucket_segments(nb), len = (nb + segments - 1) / segments;
        return ((double)nb + filled) * k->affine_add + 2.0 * (double)len * k->inversion;
    }
    return (double)nb * (k->mixed_add + k->jacobian_add);
}

/* One task: `points` additions into nb buckets, then their sum. */
static double window_cost(double points, size_t nb, int affine, const msm_costs_t *k) {
    if (!affine) return points * k->mixed_add + bucket_sum_cost(nb, points, 0, k);
    double batch = (double)msm_batch_size(nb);
    return points * k->affine_add + (points / batch + 1) * k->inversion +
           bucket_sum_cost(nb, points, 1, k);
}

/* Workers whose queues end at `load`, `count` of them. */
typedef struct {
    double load;
    size_t count;
} msm_workers_t;

/* The time until the last of `tasks` tasks ends when the workers take them in order, each
 * the next one as it comes free: all cost `each` but the last `last_count`, which cost `last`.
 * The equal tasks leave the workers at two loads; the last few then go one at a time to the
 * least loaded, so at most three loads are ever in play. */
static double dealt_time(size_t tasks, size_t last_count, double each, double last,
                         int threads) {
    size_t workers = threads < 1 ? 1 : (size_t)threads;
    size_t equal = tasks - last_count, rounds = equal / workers, extra = equal % workers;
    msm_workers_t levels[4] = {{(double)rounds * each, workers - extra},
                               {(double)(rounds + 1) * each, extra}};
    int n_levels = 2;
    for (size_t left = last_count; left > 0;) {
        int idle = -1;
        for (int i = 0; i < n_levels; i++)
            if (levels[i].count && (idle < 0 || levels[i].load < levels[idle].load)) idle = i;
        if (levels[idle].count <= left) {
            left -= levels[idle].count;
            levels[idle].load += last;
        } else {
            levels[idle].count -= left;
            levels[n_levels++] = (msm_workers_t){levels[idle].load + last, left};
            left = 0;
        }
    }
    double end = 0;
    for (int i = 0; i < n_levels; i++)
        if (levels[i].count && levels[i].load > end) end = levels[i].load;
    return end;
}

msm_plan_t msm_plan_capped(size_t n, int threads, const uint64_t max[4], int max_c,
                           const msm_costs_t *costs) {
    msm_plan_t best = {2, msm_window_count_below(max, 2), 1, 0};
    double best_cost = -1;
    for (int c = 2; c <= max_c; c++) {
        int windows = msm_window_count_below(max, c);
        size_t nb = (size_t)1 << (c - 1);
        size_t top = msm_top_digit_bound_below(max, c, windows);
        size_t top_nb = top < nb ? top : nb;
        for (size_t chunks = 1; chunks <= (size_t)threads; chunks *= 2) {
            double per = (double)n / (double)chunks;
            size_t tasks = (size_t)windows * chunks;
            for (int affine = 0; affine <= 1; affine++) {
                int top_affine = affine && msm_top_window_affine(nb, top);
                double each = window_cost(per, nb, affine, costs);
                double last = windows > 1 ? window_cost(per, top_nb, top_affine, costs) : each;
                double cost = dealt_time(tasks, chunks, each, last, threads) +
                              (double)tasks * costs->jacobian_add;
                if (best_cost < 0 || cost < best_cost) {
                    best_cost = cost;
                    best.c = c;
                    best.n_windows = windows;
                    best.n_chunks = chunks;
                    best.affine = affine;
                }
            }
        }
    }
    return best;
}

msm_plan_t msm_plan_below(size_t n, int threads, const uint64_t max[4],
                          const msm_costs_t *costs) {
    return msm_plan_capped(n, threads, max, 16, costs);
}

msm_plan_t msm_plan_forced(int c, int affine, size_t chunks) {
    msm_plan_t p = {c, msm_window_count(c), chunks ? chunks : 1, affine};
    return p;
}

/* Inputs of at most this many points skip the buckets (G1 only, see msm_impl.h). */
#define MSM_SMALL_N 4

/* The endomorphism hooks of the MSM's split path (msm_impl.h): G1's φ(x, y) = (β·x, y) with
 * signed halves, G2's ψ with k = k₀ + k₁·6u². */
static inline int g1_endo_ready(fp_t *beta) {
    if (!g1_glv_ready()) return 0;
    g1_glv_beta(beta);
    return 1;
}

static inline int g1_endo_split(uint64_t k1[4], int *neg1, uint64_t k2[4], int *neg2,
                                const uint64_t k[4]) {
    return g1_glv_split(k1, neg1, k2, neg2, k);
}

static inline void g1_endo_image(g1_aff_t *r, const g1_aff_t *p, const fp_t *beta) {
    fp_mul(&r->x, &p->x, beta);
    r->y = p->y;
}

static inline int g2_endo_ready(fp2_t *unused) {
    (void)unused;
    return 1;
}

static inline int g2_endo_split(uint64_t k1[4], int *neg1, uint64_t k2[4], int *neg2,
                                const uint64_t k[4]) {
    g2_psi_split(k1, k2, k);
    *neg1 = *neg2 = 0;
    return 1;
}

static inline void g2_endo_image(g2_aff_t *r, const g2_aff_t *p, const fp2_t *unused) {
    (void)unused;
    g2_aff_psi(r, p);
}

/* The costs of msm_costs_t for each curve, with the eight-lane additions (affine_ifma.h) and
 * without: nanoseconds on the AMD EPYC (Zen 5) the kernel was written on, the least-squares
 * fit of this model to 48 single-thread MSMs per row (2^12, 2^14 and 2^16 points of 128-bit
 * scalars, windows of 8 to 15 bits, affine and Jacobian buckets); the model is within 16%
 * of every one of them. */
static const msm_costs_t G1_COSTS_WIDE = {50, 3650, 226, 100};
static const msm_costs_t G1_COSTS_SCALAR = {109, 2900, 227, 90};
static const msm_costs_t G2_COSTS_WIDE = {103, 5000, 483, 256};
static const msm_costs_t G2_COSTS_SCALAR = {255, 3150, 489, 269};

static inline const msm_costs_t *g1_msm_costs(void) {
    return affine_ifma_ready() ? &G1_COSTS_WIDE : &G1_COSTS_SCALAR;
}

static inline const msm_costs_t *g2_msm_costs(void) {
    return affine_ifma_ready() ? &G2_COSTS_WIDE : &G2_COSTS_SCALAR;
}

/* Batches smaller than this stay on the scalar loop of msm_impl.h (a padded group of eight
 * and the lane inversions cost more than they save). */
#define MSM_WIDE_FLUSH_MIN 32

#define CURVE_TEMPLATE "msm_impl.h"
#include "curve_each.h"

#define CURVE_TEMPLATE "fixed_base_impl.h"
#include "curve_each.h"
