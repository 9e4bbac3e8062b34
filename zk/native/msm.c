/* Multi-scalar multiplication and fixed-base batch multiplication for G1 and G2. */
#include "msm.h"

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

/* Relative costs in base-field multiplications (G2 scales all of them alike, so one plan
 * fits both curves). */
#define COST_AFFINE_ADD 6.5
#define COST_MIXED_ADD 11.0
#define COST_JAC_ADD 16.0
#define COST_INVERSION 185.0 /* constant-time divsteps (safegcd.h), measured */

msm_plan_t msm_plan_capped(size_t n, int threads, const uint64_t max[4], int max_c) {
    msm_plan_t best = {2, msm_window_count_below(max, 2), 1, 0};
    double best_cost = -1;
    for (int c = 2; c <= max_c; c++) {
        int windows = msm_window_count_below(max, c);
        double nb = (double)((size_t)1 << (c - 1));
        for (size_t chunks = 1; chunks <= (size_t)threads; chunks *= 2) {
            double per = (double)n / (double)chunks;
            size_t tasks = (size_t)windows * chunks;
            double rounds = (double)((tasks + (size_t)threads - 1) / (size_t)threads);
            for (int affine = 0; affine <= 1; affine++) {
                double batch = (double)msm_batch_size((size_t)nb);
                double task_cost =
                    affine ? per * COST_AFFINE_ADD + (per / batch + 1) * COST_INVERSION +
                                 nb * (COST_MIXED_ADD + COST_JAC_ADD)
                           : per * COST_MIXED_ADD + nb * 2 * COST_JAC_ADD;
                double cost = rounds * task_cost + (double)tasks * COST_JAC_ADD;
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

msm_plan_t msm_plan_below(size_t n, int threads, const uint64_t max[4]) {
    return msm_plan_capped(n, threads, max, 16);
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

/* Batches smaller than this stay on the scalar loop of msm_impl.h (a padded group of eight
 * and the lane inversions cost more than they save). */
#define MSM_WIDE_FLUSH_MIN 32

#define CURVE_TEMPLATE "msm_impl.h"
#include "curve_each.h"

#define CURVE_TEMPLATE "fixed_base_impl.h"
#include "curve_each.h"
