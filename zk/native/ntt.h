/* Radix-2 number-theoretic transforms over Fr (domains of 2^k points, k ≤ 28). */
#ifndef ZK_NTT_H
#define ZK_NTT_H

#include "field.h"

#define FR_TWO_ADICITY 28

/* The primitive 2^log_n-th root of unity of the standard domain: 5^t (t the odd part of
 * r − 1) squared 28 − log_n times, exactly as zk.field.root_of_unity. */
void fr_root_of_unity(fr_t *out, unsigned log_n);

/* Twiddle factors ω^j, j < n/2, for one direction of one domain size. */
typedef struct {
    size_t n;
    fr_t *tw;
} ntt_twiddles_t;

/* Returns 0, or −1 when memory ran out. */
int ntt_twiddles_init(ntt_twiddles_t *t, size_t n, int inverse);
void ntt_twiddles_free(ntt_twiddles_t *t);

/* Stages of at most this many points run block by block; a domain of at most one block is
 * transformed on the calling thread alone (ntt_dif and ntt_dit start no workers). */
#define NTT_BLOCK_POINTS 4096

/* Decimation in frequency: natural order in, bit-reversed order out (no scaling). */
int ntt_dif(fr_t *a, const ntt_twiddles_t *t);
/* Decimation in time: bit-reversed order in, natural order out (no scaling). */
int ntt_dit(fr_t *a, const ntt_twiddles_t *t);
void ntt_bit_reverse(fr_t *a, size_t n);

/* a_i ← a_i · c · g^i for i < n (threads over ranges). */
void fr_scale_by_powers(fr_t *a, size_t n, const fr_t *c, const fr_t *g);

/* In-place transforms in natural order, as zk.field.ntt / coset_ntt (the inverse includes the
 * 1/n factor). Return 0, or −1 when memory ran out. */
int fr_ntt(fr_t *a, size_t n, int inverse);
int fr_coset_ntt(fr_t *a, size_t n, const fr_t *shift, int inverse);

#endif
