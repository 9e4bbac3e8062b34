/* G1 (over Fp) and G2 (over Fp2, the sextic twist) of BN254: types and point arithmetic. */
#ifndef ZK_CURVE_H
#define ZK_CURVE_H

#include "tower.h"

/* b = 3 for G1 and b' = 3/ξ for the twist, set by curve_init(). */
extern fp_t G1_B;
extern fp2_t G2_B;

/* What a point check found (see C_(aff_check) in curve_impl.h). */
typedef enum {
    POINT_VALID = 0,
    POINT_NOT_CANONICAL,    /* a coordinate is not below q */
    POINT_OFF_CURVE,        /* y² ≠ x³ + b */
    POINT_OUTSIDE_SUBGROUP, /* on the curve, not of order r (the twist only) */
    POINT_IDENTITY          /* the identity where a proper point is demanded */
} point_status_t;

/* What a check demands beyond canonical coordinates (which it always demands). */
enum {
    POINT_ON_CURVE = 1,     /* y² = x³ + b (the identity (0, 0) counts as on the curve) */
    POINT_IN_GROUP = 3,     /* on the curve and of order r: the group G1 or G2 */
    POINT_NOT_IDENTITY = 4, /* not the identity */
};

/* The reason a check failed, to follow a point's name in a message (" is not on the curve",
 * ": coordinate is not below the base field modulus q", ...). */
const char *point_status_text(point_status_t status);

#define CURVE_TEMPLATE "curve_impl.h"
#include "curve_each.h"

void curve_init(void);

/* ψ = twist⁻¹ ∘ Frobenius ∘ twist on G2 (acts as multiplication by q on the subgroup). */
void g2_aff_psi(g2_aff_t *r, const g2_aff_t *p);
/* ψ on Jacobian coordinates (the same map, no inversion). */
void g2_jac_psi(g2_jac_t *r, const g2_jac_t *p);
/* Membership of an on-curve point in the order-r subgroup (see curve.c for the test). */
int g2_aff_in_subgroup(const g2_aff_t *p);

#endif
