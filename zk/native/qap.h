/* snarkjs's QAP: the scalars of a .zkey's H points from its coefficient section and a witness. */
#ifndef ZK_QAP_H
#define ZK_QAP_H

#include "field.h"

typedef enum {
    QAP_OK = 0,
    QAP_ERR_SHORT,       /* section shorter than its count */
    QAP_ERR_LENGTH,      /* size does not match the count (value = count) */
    QAP_ERR_COEFF_RANGE, /* coefficient #index is not below r */
    QAP_ERR_MATRIX,      /* coefficient #index names matrix `value` */
    QAP_ERR_ROW,         /* coefficient row `value` outside the domain */
    QAP_ERR_SIGNAL,      /* coefficient names signal `value` beyond the witness */
    QAP_ERR_MEMORY
} qap_error_kind_t;

typedef struct {
    qap_error_kind_t kind;
    size_t index;
    uint64_t value;
} qap_error_t;

/* Check a coefficient section as the prover reads it: its length against its count, then the
 * first entry whose matrix is not 0/1, else the first whose row is ≥ n, else the first whose
 * signal is ≥ n_signals, else the first coefficient not below r (pass SIZE_MAX for a bound
 * that is not known). Returns 0, or −1 with *err filled (index = the entry). */
int qap_check(const unsigned char *coefs, size_t coefs_len, size_t n, size_t n_signals,
              qap_error_t *err);

/* out: n packed plain scalars, (A·B − C) at ω_2n·ω_n^i. n must be a power of two ≥ 1.
 * Returns 0, or −1 with *err filled. */
int qap_h(unsigned char *out, const unsigned char *coefs, size_t coefs_len,
          const unsigned char *witness, size_t n_witness, size_t n, qap_error_t *err);

#endif
