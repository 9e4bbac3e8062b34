/* Field constants derived at start-up, exponentiation, inversion and batch inversion. */
#include "field.h"

#include <stdlib.h>

#include "mont_adx.h"
#include "safegcd.h"

fp_t FP_ONE, FP_R2;
fr_t FR_ONE, FR_R2;
/* R³ mod m, which turns the plain inverse of x·R into the Montgomery form x⁻¹·R */
static fp_t fp_r3;
static fr_t fr_r3;
static safegcd_modulus_t fp_modulus, fr_modulus;

/* ---- multiplication kernels ------------------------------------------------------------- */

static void fp_mont_mul_portable(uint64_t r[4], const uint64_t a[4], const uint64_t b[4]) {
    mont_mul4(r, a, b, FP_MOD, FP_INV);
}

static void fr_mont_mul_portable(uint64_t r[4], const uint64_t a[4], const uint64_t b[4]) {
    mont_mul4(r, a, b, FR_MOD, FR_INV);
}

zk_mont_mul_fn zk_fp_mont_mul = fp_mont_mul_portable;
zk_mont_mul_fn zk_fr_mont_mul = fr_mont_mul_portable;
static const char *kernel_name = "portable";

#ifdef ZK_HAVE_ADX_KERNEL
__attribute__((target("bmi2,adx"))) static void fp_mont_mul_adx(uint64_t r[4], const uint64_t a[4],
                                                                const uint64_t b[4]) {
    mont_mul_adx(r, a, b, FP_MOD, FP_INV);
}

__attribute__((target("bmi2,adx"))) static void fr_mont_mul_adx(uint64_t r[4], const uint64_t a[4],
                                                                const uint64_t b[4]) {
    mont_mul_adx(r, a, b, FR_MOD, FR_INV);
}
#endif

static void select_kernels(void) {
    const char *portable = getenv("ZKGOV_PORTABLE");
    if (portable && *portable && *portable != '0') return;
#ifdef ZK_HAVE_ADX_KERNEL
    __builtin_cpu_init();
    if (__builtin_cpu_supports("bmi2") && __builtin_cpu_supports("adx")) {
        zk_fp_mont_mul = fp_mont_mul_adx;
        zk_fr_mont_mul = fr_mont_mul_adx;
        kernel_name = "adx";
    }
#endif
}

const char *field_kernel_name(void) { return kernel_name; }

/* 2^k mod m by doubling 1 k times (m < 2^255, so a sum never overflows). */
static void pow2_mod(uint64_t r[4], unsigned k, const uint64_t m[4]) {
    uint64_t x[4] = {1, 0, 0, 0};
    for (unsigned i = 0; i < k; i++) mod_add4(x, x, x, m);
    memcpy(r, x, sizeof x);
}

void field_init(void) {
    select_kernels();
    pow2_mod(FP_ONE.l, 256, FP_MOD);
    pow2_mod(FP_R2.l, 512, FP_MOD);
    pow2_mod(FR_ONE.l, 256, FR_MOD);
    pow2_mod(FR_R2.l, 512, FR_MOD);
    fp_mul(&fp_r3, &FP_R2, &FP_R2);
    fr_mul(&fr_r3, &FR_R2, &FR_R2);
    safegcd_modulus_init(&fp_modulus, FP_MOD);
    safegcd_modulus_init(&fr_modulus, FR_MOD);
}

/* Left-to-right square and multiply over the bits of a little-endian exponent. */
#define DEFINE_POW(F, T, ONE)                                                                      \
    void F##_pow(T *r, const T *a, const uint64_t *exp, size_t exp_limbs) {                        \
        T acc = ONE, base = *a;                                                                    \
        int started = 0;                                                                           \
        for (size_t i = exp_limbs; i-- > 0;) {                                                     \
            for (int bit = 63; bit >= 0; bit--) {                                                  \
                if (started) F##_sqr(&acc, &acc);                                                  \
                if ((exp[i] >> bit) & 1) {                                                         \
                    if (started) F##_mul(&acc, &acc, &base);                                       \
                    else acc = base;                                                               \
                    started = 1;                                                                   \
                }                                                                                  \
            }                                                                                      \
        }                                                                                          \
        *r = acc;                                                                                  \
    }

DEFINE_POW(fp, fp_t, FP_ONE)
DEFINE_POW(fr, fr_t, FR_ONE)

/* Inversion in constant time (safegcd.h): the plain inverse of a·R is a⁻¹·R⁻¹, and one
 * Montgomery product with R³ makes it a⁻¹·R. Zero maps to zero. */
void fp_inv(fp_t *r, const fp_t *a) {
    fp_t plain;
    safegcd_inverse(plain.l, a->l, &fp_modulus);
    fp_mul(r, &plain, &fp_r3);
}

void fr_inv(fr_t *r, const fr_t *a) {
    fr_t plain;
    safegcd_inverse(plain.l, a->l, &fr_modulus);
    fr_mul(r, &plain, &fr_r3);
}

/* Montgomery's trick; zeros are skipped and stay zero. */
#define DEFINE_BATCH_INV(F, T, ONE)                                                                \
    void F##_batch_inv(T *a, size_t n, T *scratch) {                                               \
        T acc = ONE;                                                                               \
        for (size_t i = 0; i < n; i++) {                                                           \
            scratch[i] = acc;                                                                      \
            if (!F##_is_zero(&a[i])) F##_mul(&acc, &acc, &a[i]);                                   \
        }                                                                                          \
        F##_inv(&acc, &acc);                                                                       \
        for (size_t i = n; i-- > 0;) {                                                             \
            if (F##_is_zero(&a[i])) continue;                                                      \
            T inv_i;                                                                               \
            F##_mul(&inv_i, &acc, &scratch[i]);                                                    \
            F##_mul(&acc, &acc, &a[i]);                                                            \
            a[i] = inv_i;                                                                          \
        }                                                                                          \
    }

DEFINE_BATCH_INV(fp, fp_t, FP_ONE)
DEFINE_BATCH_INV(fr, fr_t, FR_ONE)
