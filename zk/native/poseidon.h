/* The Poseidon permutation over Fr with circomlib's round structure (x^5 S-box). */
#ifndef ZK_POSEIDON_H
#define ZK_POSEIDON_H

#include "field.h"

typedef struct {
    size_t t;            /* state width */
    size_t n_full;       /* full rounds, half before and half after the partial ones */
    size_t n_partial;    /* partial rounds (S-box on the first element only) */
    const fr_t *constants; /* (n_full + n_partial)·t round constants, Montgomery */
    const fr_t *mds;       /* t×t matrix, row-major, Montgomery */
} poseidon_params_t;

/* Permute `state` (t elements, Montgomery) in place. */
void poseidon_permute_state(const poseidon_params_t *p, fr_t *state);

#endif
