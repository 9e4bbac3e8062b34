/*
 * Scalar multiplication with the curves' endomorphisms (the GLV method): k·P as
 * k₁·P + k₂·φ(P) with half-length k₁, k₂, which halves the doublings of a plain ladder.
 *
 * G1: φ(x, y) = (β·x, y) with β a cube root of unity in Fp; φ(P) = λ·P on the whole curve
 * (cofactor 1), k = k₁ + k₂·λ mod r found by rounding against a short lattice basis.
 * G2: ψ (Frobenius on the twist) acts as multiplication by 6u² on the order-r subgroup,
 * so k = k₀ + k₁·6u² is plain division. Both decompositions are checked exactly in Fr, so
 * rounding only affects the length of the halves, never the result.
 *
 * These are for points of the group: any point on E(Fp) in G1, the order-r subgroup in G2
 * (for a twist point outside it ψ is not multiplication by 6u² and the result is not k·P).
 */
#ifndef ZK_GLV_H
#define ZK_GLV_H

#include "curve.h"

/* Derive β, λ and the rounding constants (after field_init, tower_init, curve_init). */
void glv_init(void);

/* r = k·p for plain limbs k < r. */
void g1_jac_mul_glv(g1_jac_t *r, const g1_jac_t *p, const uint64_t k[4]);
void g2_jac_mul_glv(g2_jac_t *r, const g2_jac_t *p, const uint64_t k[4]);

/* The G1 split for multi-scalar multiplication: k = k₁ + k₂·λ mod r for plain limbs k < r,
 * as magnitudes (below 2¹²⁸, in four limbs) and signs; returns 0 if either half would be
 * longer (never for k < r) or g1_glv_ready() is 0. φ(x, y) = (β·x, y) = λ·(x, y). */
int g1_glv_ready(void);
int g1_glv_split(uint64_t k1[4], int *neg1, uint64_t k2[4], int *neg2, const uint64_t k[4]);
void g1_glv_beta(fp_t *beta);

/* The G2 split for points of the order-r subgroup: k = k₀ + k₁·6u² (plain limbs k < r) with
 * 0 ≤ k₀ < 6u² and k₁ < 2¹²⁸, so that k·P = k₀·P + k₁·ψ(P) there. */
void g2_psi_split(uint64_t k0[4], uint64_t k1[4], const uint64_t k[4]);

/* Overwrite memory that held secret scalars (not optimised away). */
void zk_wipe(void *p, size_t len);

#endif
