/* Point operations of G1 and G2 (from curve_ops_impl.h), ψ, and the G2 subgroup test. */
#include "curve.h"

#include "params.h"

fp_t G1_B;
fp2_t G2_B;

#define CURVE g1
#define FIELD fp
#define FE fp_t
#define CURVE_B G1_B
#include "curve_ops_impl.h"
#undef CURVE
#undef FIELD
#undef FE
#undef CURVE_B

#define CURVE g2
#define FIELD fp2
#define FE fp2_t
#define CURVE_B G2_B
#include "curve_ops_impl.h"
#undef CURVE
#undef FIELD
#undef FE
#undef CURVE_B

/* 6u² as a 256-bit scalar (u < 2^63, so it fits in 129 bits at most). */
static uint64_t SIX_U_SQUARED[4];

void curve_init(void) {
    fp_t three = FP_ONE;
    fp_add(&three, &three, &FP_ONE);
    fp_add(&three, &three, &FP_ONE);
    G1_B = three;

    fp2_t xi, b;
    fp_t nine = three;
    fp_mul(&nine, &nine, &three);
    xi.c0 = nine;
    xi.c1 = FP_ONE;
    fp2_inv(&b, &xi);
    fp2_mul_fp(&G2_B, &b, &three);

    u128 sq = (u128)BN_U * BN_U;
    uint64_t lo = (uint64_t)sq, hi = (uint64_t)(sq >> 64);
    u128 t = (u128)lo * 6;
    SIX_U_SQUARED[0] = (uint64_t)t;
    t = (u128)hi * 6 + (uint64_t)(t >> 64);
    SIX_U_SQUARED[1] = (uint64_t)t;
    SIX_U_SQUARED[2] = (uint64_t)(t >> 64);
    SIX_U_SQUARED[3] = 0;
}

/* ψ(x, y) = (x̄·ξ^((q−1)/3), ȳ·ξ^((q−1)/2)). */
void g2_aff_psi(g2_aff_t *r, const g2_aff_t *p) {
    if (g2_aff_is_identity(p)) {
        g2_aff_set_identity(r);
        return;
    }
    fp2_t x, y;
    fp2_conj(&x, &p->x);
    fp2_conj(&y, &p->y);
    fp2_mul(&r->x, &x, &FROB_GAMMA1[2]);
    fp2_mul(&r->y, &y, &FROB_GAMMA1[3]);
}

int g2_aff_in_subgroup(const g2_aff_t *p) {
    if (g2_aff_is_identity(p)) return 1;
    g2_aff_t psi;
    g2_jac_t jp, lhs, rhs;
    g2_aff_psi(&psi, p);
    g2_jac_from_aff(&lhs, &psi);
    g2_jac_from_aff(&jp, p);
    g2_jac_mul(&rhs, &jp, SIX_U_SQUARED);
    return g2_jac_eq(&lhs, &rhs);
}
