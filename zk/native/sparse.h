/*
 * Sparse matrix times a vector of points: out[o] = Σ_t k_t·P[idx_t] over the terms t of row
 * o. A circuit-specific setup is one such product per section: a row per wire, a term per
 * constraint that names the wire, the points the Lagrange basis of a powers-of-tau file.
 *
 * R1CS coefficients are mostly 1 and −1, so those terms cost one mixed addition (−1 on G1
 * only, where every point has order r); the others go through GLV ladders (G1, few terms) or
 * the bucket MSM. Rows run on the worker threads.
 */
#ifndef ZK_SPARSE_H
#define ZK_SPARSE_H

#include <stdint.h>

#include "curve.h"

/* Terms of row o are [ends[o − 1], ends[o]) (ends[−1] = 0) of `idx` (point indices, all below
 * the point count) and `scalars` (packed 32-byte plain scalars, reduced mod r); `ends` is
 * non-decreasing. G2 points may lie anywhere on the twist (no endomorphism is used there).
 * Empty rows give the identity. Returns 0, or −1 when memory ran out. */
int g1_sparse_msm(g1_aff_t *out, const g1_aff_t *points, const uint32_t *idx,
                  const unsigned char *scalars, const uint32_t *ends, size_t n_rows);
int g2_sparse_msm(g2_aff_t *out, const g2_aff_t *points, const uint32_t *idx,
                  const unsigned char *scalars, const uint32_t *ends, size_t n_rows);

#endif
