/* G1 (over Fp) and G2 (over Fp2, the sextic twist) of BN254: types and point arithmetic. */
#ifndef ZK_CURVE_H
#define ZK_CURVE_H

#include "tower.h"

/* b = 3 for G1 and b' = 3/ξ for the twist, set by curve_init(). */
extern fp_t G1_B;
extern fp2_t G2_B;

#define CURVE g1
#define FIELD fp
#define FE fp_t
#define CURVE_B G1_B
#include "curve_impl.h"
#undef CURVE
#undef FIELD
#undef FE
#undef CURVE_B

#define CURVE g2
#define FIELD fp2
#define FE fp2_t
#define CURVE_B G2_B
#include "curve_impl.h"
#undef CURVE
#undef FIELD
#undef FE
#undef CURVE_B

void curve_init(void);

/* ψ = twist⁻¹ ∘ Frobenius ∘ twist on G2 (acts as multiplication by q on the subgroup). */
void g2_aff_psi(g2_aff_t *r, const g2_aff_t *p);
/* ψ on Jacobian coordinates (the same map, no inversion). */
void g2_jac_psi(g2_jac_t *r, const g2_jac_t *p);
/* Membership of an on-curve point in the order-r subgroup (see curve.c for the test). */
int g2_aff_in_subgroup(const g2_aff_t *p);

#endif
