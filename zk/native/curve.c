/* Point operations of G1 and G2 (from curve_ops_impl.h), ψ, and the G2 subgroup test. */
#include "curve.h"

#include "params.h"
#include "parallel.h"

#define CHECK_MAX_PARTS 1024 /* tasks of a vector check (thread count · 4 at most) */

fp_t G1_B;
fp2_t G2_B;

#define CURVE_TEMPLATE "curve_ops_impl.h"
#include "curve_each.h"

const char *point_status_text(point_status_t status) {
    switch (status) {
    case POINT_VALID: return " is valid";
    case POINT_NOT_CANONICAL: return ": coordinate is not below the base field modulus q";
    case POINT_OFF_CURVE: return " is not on the curve";
    case POINT_OUTSIDE_SUBGROUP: return " is not in the order-r subgroup";
    case POINT_IDENTITY: return " is the identity";
    }
    return " is invalid";
}

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

/* ψ(X, Y, Z) = (X̄·γ₂, Ȳ·γ₃, Z̄): conjugation commutes with the division by Z² and Z³. */
void g2_jac_psi(g2_jac_t *r, const g2_jac_t *p) {
    fp2_t x, y;
    fp2_conj(&x, &p->x);
    fp2_conj(&y, &p->y);
    fp2_conj(&r->z, &p->z);
    fp2_mul(&r->x, &x, &FROB_GAMMA1[2]);
    fp2_mul(&r->y, &y, &FROB_GAMMA1[3]);
}

int g2_aff_in_subgroup(const g2_aff_t *p) {
    if (g2_aff_is_identity(p)) return 1;
    /* [u+1]P + ψ([u]P) + ψ²([u]P) = ψ³([2u]P) holds exactly on the order-r subgroup of the
     * twist (El Housni, Guillevic and Piellard, ePrint 2022/352, the BN case): one 63-bit
     * multiplication, where the textbook ψ(P) = [6u²]P needs a 127-bit one. */
    static const uint64_t U[4] = {BN_U, 0, 0, 0};
    g2_jac_t jp, up, lhs, t, rhs;
    g2_jac_from_aff(&jp, p);
    g2_jac_mul(&up, &jp, U);
    g2_jac_add(&lhs, &up, &jp);
    g2_jac_psi(&t, &up);
    g2_jac_add(&lhs, &lhs, &t);
    g2_jac_psi(&t, &t);
    g2_jac_add(&lhs, &lhs, &t);
    g2_jac_psi(&rhs, &t);
    g2_jac_dbl(&rhs, &rhs);
    return g2_jac_eq(&lhs, &rhs);
}
