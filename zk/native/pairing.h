/* The optimal ate pairing of BN254: Miller loop, final exponentiation, multi-pairing. */
#ifndef ZK_PAIRING_H
#define ZK_PAIRING_H

#include "curve.h"

void pairing_init(void);

/* ∏ f_{6u+2,Q_i}(P_i) with the two closing lines (pairs with an identity are skipped).
 * Returns 0, or −1 when memory ran out. */
int miller_loop(fp12_t *f, const g1_aff_t *p, const g2_aff_t *q, size_t n);

/* f^((q^12 − 1)/r), exactly. */
void final_exponentiation(fp12_t *r, const fp12_t *f);

/* ∏ e(P_i, Q_i): one shared Miller loop and one final exponentiation. */
int pairing_product(fp12_t *r, const g1_aff_t *p, const g2_aff_t *q, size_t n);

#endif
