/*
 * Constant-time modular inversion by Bernstein–Yang divsteps ("Fast constant-time gcd
 * computation and modular inversion", 2019), 62 divsteps to a batch.
 *
 * For an odd modulus m below 2^254 and 0 ≤ x < m, the gcd of m and x is driven to ±1 by a
 * fixed number of divsteps whatever x is (the paper's Theorem 11.2 bounds it by 735 for
 * 254-bit inputs; 12 batches of 62 make 744), so the running time does not depend on x.
 * Fermat's x^(m−2) costs about 400 multiplications; this about 185 (2.4 µs against 5.3 µs
 * on the 2-core EPYC of docs/performance.md).
 */
#ifndef ZK_SAFEGCD_H
#define ZK_SAFEGCD_H

#include <stdint.h>

/* A number as five signed 62-bit limbs, Σ v[i]·2^(62·i). */
typedef struct {
    int64_t v[5];
} safegcd_s62_t;

/* An odd modulus below 2^254, with m⁻¹ mod 2^62. */
typedef struct {
    safegcd_s62_t m;
    uint64_t m_inv62;
} safegcd_modulus_t;

/* Prepare an odd modulus m < 2^254 (little-endian 64-bit limbs). */
void safegcd_modulus_init(safegcd_modulus_t *mod, const uint64_t m[4]);

/* out = x⁻¹ mod m for plain limbs x < m; 0 maps to 0. */
void safegcd_inverse(uint64_t out[4], const uint64_t x[4], const safegcd_modulus_t *mod);

#endif
