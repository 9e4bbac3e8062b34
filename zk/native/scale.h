/*
 * Elementwise scalar multiplication of packed points, out[i] = k_i·P_i (a trusted-setup
 * contribution scales every point of a section by its own power of a secret), and the
 * inverse FFT over a group that ``powersoftau prepare phase2`` needs (its butterflies are
 * such scalings). Both use the GLV ladders of glv.h and the worker threads.
 */
#ifndef ZK_SCALE_H
#define ZK_SCALE_H

#include "curve.h"

/* out[i] = k_i·in[i] for packed plain scalars (reduced mod r) and affine points of the group
 * (G2: the order-r subgroup); identities and zero scalars give the identity. `out` may alias
 * `in`. Returns 0, or −1 when memory ran out. */
int g1_scale_batch(g1_aff_t *out, const g1_aff_t *in, const unsigned char *scalars, size_t n);
int g2_scale_batch(g2_aff_t *out, const g2_aff_t *in, const unsigned char *scalars, size_t n);

/* out[j] = (1/n)·Σ_i ω^(−ij)·in[i] for j < n, with ω the standard primitive n-th root of
 * unity (fr_root_of_unity) and n a power of two up to 2^28. `out` may alias `in`.
 * Returns 0, or −1 when memory ran out. */
int g1_group_ifft(g1_aff_t *out, const g1_aff_t *in, size_t n);
int g2_group_ifft(g2_aff_t *out, const g2_aff_t *in, size_t n);

#endif
