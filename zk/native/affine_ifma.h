/*
 * Batches of affine G1 and G2 additions in eight lanes with AVX-512 IFMA (52-bit multiply-add), for
 * the MSM's batch-affine buckets (msm_impl.h).
 *
 * Inside, an element of Fp is five 52-bit limbs per lane and products are Montgomery
 * products with 2^260. Values come in and go out in the core's own form (x·2^256 mod q,
 * canonical), so the rest of the core never sees the wide form: a product of an x·2^256 with
 * a y·2^260 is (x·y)·2^256 again, and multiplying by 16 (a shift) turns one into the other.
 * The kernel is chosen at start-up when the CPU has AVX-512F and IFMA, and
 * ZKGOV_NO_IFMA is unset or 0.
 */
#ifndef ZK_AFFINE_IFMA_H
#define ZK_AFFINE_IFMA_H

#include <stddef.h>

#include "curve.h"

/* Detect the CPU's support (after field_init); 1 when the kernels below are in use. */
int affine_ifma_init(void);
int affine_ifma_ready(void);

/* Scratch bytes a batch of n additions needs (64-byte aligned memory). */
size_t g1_ifma_scratch_bytes(size_t n);
size_t g2_ifma_scratch_bytes(size_t n);

/* For k < n: bucket[k] ← bucket[k] + P_k, where the caller has put the slope's numerator in
 * num[k] and its denominator (non-zero) in den[k] — y_P − y_B and x_P − x_B, or 3x_B² and
 * 2y_B for a doubling — and px[k] points at x_P (x_B for a doubling). The buckets are
 * distinct. G2's coordinates are in Fp2 (u² = −1), each lane's products done by components. */
void g1_ifma_add_batch(g1_aff_t *const *bucket, const fp_t *const *px, const fp_t *num,
                       const fp_t *den, size_t n, void *scratch);
void g2_ifma_add_batch(g2_aff_t *const *bucket, const fp2_t *const *px, const fp2_t *num,
                       const fp2_t *den, size_t n, void *scratch);

#endif
