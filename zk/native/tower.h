/*
 * The extension tower of BN254, in snarkjs's layout:
 *   Fp2  = Fp[u]  / (u² + 1)
 *   Fp6  = Fp2[v] / (v³ − ξ),  ξ = 9 + u
 *   Fp12 = Fp6[w] / (w² − v)
 * An Fp12 value is (a0 + a1·v + a2·v²) + (b0 + b1·v + b2·v²)·w, i.e. a_j is the coefficient
 * of w^(2j) and b_j that of w^(2j+1).
 */
#ifndef ZK_TOWER_H
#define ZK_TOWER_H

#include "field.h"

typedef struct { fp_t c0, c1; } fp2_t;
typedef struct { fp2_t c0, c1, c2; } fp6_t;
typedef struct { fp6_t c0, c1; } fp12_t;

/* ---- Fp2 (inline: it is the field of G2 and the inner loop of the pairing) -------------- */

ZK_INLINE void fp2_add(fp2_t *r, const fp2_t *a, const fp2_t *b) {
    fp_add(&r->c0, &a->c0, &b->c0);
    fp_add(&r->c1, &a->c1, &b->c1);
}
ZK_INLINE void fp2_sub(fp2_t *r, const fp2_t *a, const fp2_t *b) {
    fp_sub(&r->c0, &a->c0, &b->c0);
    fp_sub(&r->c1, &a->c1, &b->c1);
}
ZK_INLINE void fp2_dbl(fp2_t *r, const fp2_t *a) {
    fp_dbl(&r->c0, &a->c0);
    fp_dbl(&r->c1, &a->c1);
}
ZK_INLINE void fp2_neg(fp2_t *r, const fp2_t *a) {
    fp_neg(&r->c0, &a->c0);
    fp_neg(&r->c1, &a->c1);
}
ZK_INLINE void fp2_conj(fp2_t *r, const fp2_t *a) {
    r->c0 = a->c0;
    fp_neg(&r->c1, &a->c1);
}
/* Products in Fp2 stay out of line (inlined into the G2 and pairing code they would multiply
 * its size and compile time). Like the base-field kernel they are chosen at start-up: the
 * ADX versions inline that kernel instead of calling it three times. */
typedef void (*zk_fp2_mul_fn)(fp2_t *r, const fp2_t *a, const fp2_t *b);
typedef void (*zk_fp2_sqr_fn)(fp2_t *r, const fp2_t *a);
extern zk_fp2_mul_fn zk_fp2_mul;
extern zk_fp2_sqr_fn zk_fp2_sqr;
/* Karatsuba: three base-field products. */
ZK_INLINE void fp2_mul(fp2_t *r, const fp2_t *a, const fp2_t *b) { zk_fp2_mul(r, a, b); }
/* (a0 + a1)(a0 − a1) + 2·a0·a1·u: two base-field products. */
ZK_INLINE void fp2_sqr(fp2_t *r, const fp2_t *a) { zk_fp2_sqr(r, a); }
void fp2_mul_xi(fp2_t *r, const fp2_t *a); /* · ξ = 9 + u */
ZK_INLINE void fp2_mul_fp(fp2_t *r, const fp2_t *a, const fp_t *k) {
    fp_mul(&r->c0, &a->c0, k);
    fp_mul(&r->c1, &a->c1, k);
}
ZK_INLINE int fp2_is_zero(const fp2_t *a) { return fp_is_zero(&a->c0) && fp_is_zero(&a->c1); }
ZK_INLINE int fp2_eq(const fp2_t *a, const fp2_t *b) {
    return fp_eq(&a->c0, &b->c0) && fp_eq(&a->c1, &b->c1);
}
ZK_INLINE void fp2_set_zero(fp2_t *r) { memset(r, 0, sizeof *r); }
ZK_INLINE void fp2_set_one(fp2_t *r) {
    r->c0 = FP_ONE;
    fp_set_zero(&r->c1);
}
ZK_INLINE int fp2_is_canonical(const fp2_t *a) {
    return fp_is_canonical(&a->c0) && fp_is_canonical(&a->c1);
}

void fp2_inv(fp2_t *r, const fp2_t *a); /* 0 ↦ 0 */
void fp2_pow(fp2_t *r, const fp2_t *a, const uint64_t *exp, size_t exp_limbs);
void fp2_batch_inv(fp2_t *a, size_t n, fp2_t *scratch);

/* ---- Fp6, Fp12 --------------------------------------------------------------------------- */

void fp6_add(fp6_t *r, const fp6_t *a, const fp6_t *b);
void fp6_sub(fp6_t *r, const fp6_t *a, const fp6_t *b);
void fp6_neg(fp6_t *r, const fp6_t *a);
void fp6_mul(fp6_t *r, const fp6_t *a, const fp6_t *b);
void fp6_sqr(fp6_t *r, const fp6_t *a);
void fp6_mul_v(fp6_t *r, const fp6_t *a);
void fp6_inv(fp6_t *r, const fp6_t *a);

void fp12_set_one(fp12_t *r);
int fp12_is_one(const fp12_t *a);
int fp12_eq(const fp12_t *a, const fp12_t *b);
void fp12_mul(fp12_t *r, const fp12_t *a, const fp12_t *b);
void fp12_sqr(fp12_t *r, const fp12_t *a);
void fp12_inv(fp12_t *r, const fp12_t *a);
void fp12_conj(fp12_t *r, const fp12_t *a);
/* f^(p^k) for k = 1, 2, 3. */
void fp12_frobenius(fp12_t *r, const fp12_t *a, int k);
/* f · (l0 + l1·w + l3·w³): a line value of the Miller loop (13 Fp2 products). */
void fp12_mul_line(fp12_t *f, const fp2_t *l0, const fp2_t *l1, const fp2_t *l3);
/* Granger–Scott squaring, valid for elements of the cyclotomic subgroup only. */
void fp12_cyclotomic_sqr(fp12_t *r, const fp12_t *a);

/* Frobenius and ψ constants, derived from ξ at init. */
extern fp2_t FROB_GAMMA1[6]; /* ξ^(k(p−1)/6) */
extern fp_t FROB_GAMMA2[6];  /* ξ^(k(p²−1)/6), which lies in Fp */
extern fp2_t FROB_GAMMA3[6]; /* ξ^(k(p³−1)/6) */
void tower_init(void);

#endif
