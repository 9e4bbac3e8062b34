/* Multi-scalar multiplication (Pippenger) and fixed-base batch multiplication. */
#ifndef ZK_MSM_H
#define ZK_MSM_H

#include "curve.h"

typedef struct {
    int c;           /* window width in bits */
    int n_windows;   /* signed digits per scalar */
    size_t n_chunks; /* point ranges per window (independent bucket sets) */
    int affine;      /* batch-affine buckets instead of Jacobian ones */
} msm_plan_t;

/* What the parts of a bucket MSM cost for one curve and addition kernel, in nanoseconds as
 * measured on the machine the numbers came from (only their ratios steer a plan). */
typedef struct {
    double affine_add;   /* one batch-affine addition into a bucket */
    double inversion;    /* the one inversion of a batch of them */
    double mixed_add;    /* one addition of an affine point into a Jacobian bucket */
    double jacobian_add; /* one Jacobian addition (running sums, window sums) */
} msm_costs_t;

/* Window count for c-bit signed digits of scalars below r. */
int msm_window_count(int c);
/* Additions gathered per batch-affine batch for a window of nb buckets: large enough to
 * amortise the inversion, small enough that few additions collide on a busy bucket. */
size_t msm_batch_size(size_t nb);
/* The window count for scalars at most `max`, and the largest digit of their top window (the
 * buckets it needs): short scalars get fewer windows, and a top window holding little more
 * than carries gets the few buckets it reaches. */
int msm_window_count_below(const uint64_t max[4], int c);
size_t msm_top_digit_bound_below(const uint64_t max[4], int c, int n_windows);
/* Whether a batch-affine plan keeps its top window affine: a top window that reaches only a
 * few of the nb buckets (top_bound of them) would stall its batches on busy buckets, so it
 * adds in Jacobian instead. */
int msm_top_window_affine(size_t nb, size_t top_bound);
/* Segments of the affine running sum over nb buckets (see reduce_aff_segmented). */
size_t msm_bucket_segments(size_t nb);
/* The cheapest plan for n points with scalars at most `max` on `threads` workers, under the
 * cost model `costs`: each window's additions, inversions and bucket sums, the top window at
 * its own size, and the tasks dealt to the workers in order. */
msm_plan_t msm_plan_below(size_t n, int threads, const uint64_t max[4],
                          const msm_costs_t *costs);
/* The same with windows of at most max_c bits. */
msm_plan_t msm_plan_capped(size_t n, int threads, const uint64_t max[4], int max_c,
                           const msm_costs_t *costs);
/* Signed c-bit digits of k (< r) into digits[w·stride + i] for every window w. */
void msm_signed_digits(int16_t *digits, size_t stride, size_t i, const uint64_t k[4], int c,
                       int n_windows);

/* A plan with window c (2…16), the given bucket mode and point chunks per window. */
msm_plan_t msm_plan_forced(int c, int affine, size_t chunks);

/* The caller vouches that every point lies in the order-r subgroup (G2: the MSM may then use
 * ψ = [6u²], and a point outside the subgroup gives a result off by a torsion point; G1 is
 * its whole curve, so the flag changes nothing there). */
#define MSM_IN_SUBGROUP 1u

/* Σ k_i·P_i over packed affine points and packed 32-byte plain scalars (reduced mod r).
 * `forced` overrides the cost model's plan (NULL: automatic); `flags`: 0 or
 * MSM_IN_SUBGROUP. Returns 0, or −1 when memory ran out. */
int g1_msm(g1_jac_t *result, const g1_aff_t *points, const unsigned char *scalars, size_t n,
           const msm_plan_t *forced, unsigned flags);
int g2_msm(g2_jac_t *result, const g2_aff_t *points, const unsigned char *scalars, size_t n,
           const msm_plan_t *forced, unsigned flags);

/* At most this many parts in one MSM (below). */
#define MSM_MAX_PARTS 2

/* Σ over `parts` parts of Σ k_i·P_i, as one MSM (one set of buckets for all the points: two
 * MSMs whose sum is wanted cost less together, n + m points, than apart): part s has
 * counts[s] points and scalars. Returns 0, −1 when memory ran out, −2 for more than
 * MSM_MAX_PARTS parts or a total count too large. */
int g1_msm_parts(g1_jac_t *result, const g1_aff_t *const points[],
                 const unsigned char *const scalars[], const size_t counts[], int parts,
                 const msm_plan_t *forced, unsigned flags);
int g2_msm_parts(g2_jac_t *result, const g2_aff_t *const points[],
                 const unsigned char *const scalars[], const size_t counts[], int parts,
                 const msm_plan_t *forced, unsigned flags);

/* Σ_b (b+1)·buckets[b] for nb affine buckets: the end of a batch-affine window (exposed
 * for the tests of its segmented running sums). */
void g1_bucket_sum(g1_jac_t *out, const g1_aff_t *buckets, size_t nb);
void g2_bucket_sum(g2_jac_t *out, const g2_aff_t *buckets, size_t nb);

/* out[i] = k_i·base for packed scalars, with w-bit table windows (0: chosen from n).
 * Returns 0, or −1 when memory ran out. */
int g1_fixed_base_batch(g1_aff_t *out, const g1_aff_t *base, const unsigned char *scalars,
                        size_t n, int w);
int g2_fixed_base_batch(g2_aff_t *out, const g2_aff_t *base, const unsigned char *scalars,
                        size_t n, int w);

#endif
