/*
 * Poseidon as circomlib's reference defines it: every round adds its t round constants
 * (ARK), applies x^5 to the whole state in the n_full/2 first and n_full/2 last rounds and
 * to the first element only in between, then multiplies by the MDS matrix
 * (new_i = Σ_j M[i][j]·state_j).
 */
#include "poseidon.h"

#include <stdlib.h>

ZK_INLINE void pow5(fr_t *x) {
    fr_t x2, x4;
    fr_sqr(&x2, x);
    fr_sqr(&x4, &x2);
    fr_mul(x, &x4, x);
}

void poseidon_permute_state(const poseidon_params_t *p, fr_t *state) {
    size_t t = p->t, rounds = p->n_full + p->n_partial, half = p->n_full / 2;
    fr_t tmp[64]; /* t ≤ 64 is checked by the caller */
    for (size_t r = 0; r < rounds; r++) {
        const fr_t *c = p->constants + r * t;
        for (size_t i = 0; i < t; i++) fr_add(&state[i], &state[i], &c[i]);
        if (r < half || r >= half + p->n_partial) {
            for (size_t i = 0; i < t; i++) pow5(&state[i]);
        } else {
            pow5(&state[0]);
        }
        for (size_t i = 0; i < t; i++) {
            const fr_t *row = p->mds + i * t;
            fr_t acc, prod;
            fr_mul(&acc, &row[0], &state[0]);
            for (size_t j = 1; j < t; j++) {
                fr_mul(&prod, &row[j], &state[j]);
                fr_add(&acc, &acc, &prod);
            }
            tmp[i] = acc;
        }
        memcpy(state, tmp, t * sizeof *state);
    }
}
