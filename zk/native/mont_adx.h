/*
 * The Montgomery multiplication kernel for x86-64 CPUs with BMI2 and ADX, as inline
 * assembly. Only functions compiled with target("bmi2,adx") may use it, and only after
 * field_init() found both extensions (see zk_fp_mont_mul); ZK_HAVE_ADX_KERNEL says whether
 * this compiler and platform have it at all.
 */
#ifndef ZK_MONT_ADX_H
#define ZK_MONT_ADX_H

#include <stdint.h>

#include "field.h"

#if defined(__x86_64__) && defined(__GNUC__)
#define ZK_HAVE_ADX_KERNEL 1

/*
 * CIOS Montgomery multiplication with two carry chains: mulx leaves the flags alone, adox
 * accumulates the low halves (OF) while adcx accumulates the high halves (CF). Each row adds
 * a·b_i into t (five limbs), then m·q with m = t0·(−q⁻¹), which clears t0; the limbs rotate
 * instead of moving. The final t < 2m is reduced by one conditional subtraction.
 */
/* One row of a schoolbook product: adds a·b_i into t (T0…T3 the limbs from i up, T4 the new
 * top limb). The running sum fits in the five limbs, so T4 takes both chains' carries. */
#define ZK_ADX_PRODUCT_ROW(OFF, T0, T1, T2, T3, T4)                                                \
    "movq " OFF "(%[b]), %%rdx\n\t"                                                                \
    "xorl %k[z], %k[z]\n\t"                                                                        \
    "mulxq 0(%[a]), %[lo], %[hi]\n\t"                                                              \
    "adoxq %[lo], %[" T0 "]\n\t"                                                                   \
    "adcxq %[hi], %[" T1 "]\n\t"                                                                   \
    "mulxq 8(%[a]), %[lo], %[hi]\n\t"                                                              \
    "adoxq %[lo], %[" T1 "]\n\t"                                                                   \
    "adcxq %[hi], %[" T2 "]\n\t"                                                                   \
    "mulxq 16(%[a]), %[lo], %[hi]\n\t"                                                             \
    "adoxq %[lo], %[" T2 "]\n\t"                                                                   \
    "adcxq %[hi], %[" T3 "]\n\t"                                                                   \
    "mulxq 24(%[a]), %[lo], %[" T4 "]\n\t"                                                         \
    "adoxq %[lo], %[" T3 "]\n\t"                                                                   \
    "adcxq %[z], %[" T4 "]\n\t"                                                                    \
    "adoxq %[z], %[" T4 "]\n\t"

/* The first row, into a zero accumulator (one carry chain). */
#define ZK_ADX_FIRST_ROW                                                                           \
    "movq 0(%[b]), %%rdx\n\t"                                                                      \
    "mulxq 0(%[a]), %[t0], %[t1]\n\t"                                                              \
    "mulxq 8(%[a]), %[lo], %[t2]\n\t"                                                              \
    "addq %[lo], %[t1]\n\t"                                                                        \
    "mulxq 16(%[a]), %[lo], %[t3]\n\t"                                                             \
    "adcq %[lo], %[t2]\n\t"                                                                        \
    "mulxq 24(%[a]), %[lo], %[t4]\n\t"                                                             \
    "adcq %[lo], %[t3]\n\t"                                                                        \
    "adcq $0, %[t4]\n\t"

#define ZK_ADX_ROW(OFF, T0, T1, T2, T3, T4)                                                        \
    ZK_ADX_PRODUCT_ROW(OFF, T0, T1, T2, T3, T4) ZK_ADX_REDUCE(T0, T1, T2, T3, T4)

#define ZK_ADX_REDUCE(T0, T1, T2, T3, T4)                                                          \
    "movq %[" T0 "], %%rdx\n\t"                                                                    \
    "imulq %[inv], %%rdx\n\t"                                                                      \
    "xorl %k[z], %k[z]\n\t"                                                                        \
    "mulxq 0(%[m]), %[lo], %[hi]\n\t"                                                              \
    "adoxq %[lo], %[" T0 "]\n\t"                                                                   \
    "adcxq %[hi], %[" T1 "]\n\t"                                                                   \
    "mulxq 8(%[m]), %[lo], %[hi]\n\t"                                                              \
    "adoxq %[lo], %[" T1 "]\n\t"                                                                   \
    "adcxq %[hi], %[" T2 "]\n\t"                                                                   \
    "mulxq 16(%[m]), %[lo], %[hi]\n\t"                                                             \
    "adoxq %[lo], %[" T2 "]\n\t"                                                                   \
    "adcxq %[hi], %[" T3 "]\n\t"                                                                   \
    "mulxq 24(%[m]), %[lo], %[hi]\n\t"                                                             \
    "adoxq %[lo], %[" T3 "]\n\t"                                                                   \
    "adcxq %[hi], %[" T4 "]\n\t"                                                                   \
    "adoxq %[z], %[" T4 "]\n\t"

/* The registers of a full product: the five accumulator limbs and the scratch of a row. */
#define ZK_ADX_PRODUCT_OUTPUTS                                                                     \
    [t0] "=&r"(t0), [t1] "=&r"(t1), [t2] "=&r"(t2), [t3] "=&r"(t3), [t4] "=&r"(t4),              \
        [lo] "=&r"(lo), [hi] "=&r"(hi), [z] "=&r"(z)

__attribute__((target("bmi2,adx"), always_inline)) static inline void mont_mul_adx(
    uint64_t r[4], const uint64_t a[4], const uint64_t b[4], const uint64_t m[4], uint64_t minv) {
    uint64_t t0, t1, t2, t3, t4, lo, hi, z;
    __asm__(ZK_ADX_FIRST_ROW ZK_ADX_REDUCE("t0", "t1", "t2", "t3", "t4")
            ZK_ADX_ROW("8", "t1", "t2", "t3", "t4", "t0")
            ZK_ADX_ROW("16", "t2", "t3", "t4", "t0", "t1")
            ZK_ADX_ROW("24", "t3", "t4", "t0", "t1", "t2")
            /* the result is (t4, t0, t1, t2); subtract m unless that borrows */
            "movq %[t4], %[lo]\n\t"
            "movq %[t0], %[hi]\n\t"
            "movq %[t1], %[z]\n\t"
            "movq %[t2], %[t3]\n\t"
            "subq 0(%[m]), %[lo]\n\t"
            "sbbq 8(%[m]), %[hi]\n\t"
            "sbbq 16(%[m]), %[z]\n\t"
            "sbbq 24(%[m]), %[t3]\n\t"
            "cmovcq %[t4], %[lo]\n\t"
            "cmovcq %[t0], %[hi]\n\t"
            "cmovcq %[t1], %[z]\n\t"
            "cmovcq %[t2], %[t3]\n\t"
            : ZK_ADX_PRODUCT_OUTPUTS
            : [a] "r"(a), [b] "r"(b), [m] "r"(m), [inv] "rm"(minv)
            : "rdx", "cc", "memory");
    r[0] = lo;
    r[1] = hi;
    r[2] = z;
    r[3] = t3;
}
/*
 * The two halves of a Montgomery multiplication, for sums of products that share one
 * reduction (Fp2 multiplication: three products, two reductions).
 */

/* r = a·b as eight limbs. */
__attribute__((target("bmi2,adx"), always_inline)) static inline void mul_wide_adx(
    uint64_t r[8], const uint64_t a[4], const uint64_t b[4]) {
    uint64_t t0, t1, t2, t3, t4, lo, hi, z;
    /* volatile: the product leaves through memory only */
    __asm__ volatile(ZK_ADX_FIRST_ROW "movq %[t0], 0(%[r])\n\t"
            ZK_ADX_PRODUCT_ROW("8", "t1", "t2", "t3", "t4", "t0") "movq %[t1], 8(%[r])\n\t"
            ZK_ADX_PRODUCT_ROW("16", "t2", "t3", "t4", "t0", "t1") "movq %[t2], 16(%[r])\n\t"
            ZK_ADX_PRODUCT_ROW("24", "t3", "t4", "t0", "t1", "t2") "movq %[t3], 24(%[r])\n\t"
            "movq %[t4], 32(%[r])\n\t"
            "movq %[t0], 40(%[r])\n\t"
            "movq %[t1], 48(%[r])\n\t"
            "movq %[t2], 56(%[r])\n\t"
            : ZK_ADX_PRODUCT_OUTPUTS
            : [a] "r"(a), [b] "r"(b), [r] "r"(r)
            : "rdx", "cc", "memory");
}

/* r = t·2^-256 mod m for t < m·2^256 given as eight limbs (result < m). The low half is
 * reduced on its own, to (t_lo + M·m)/2^256 ≤ m; the high half (< m) is added after. */
__attribute__((target("bmi2,adx"), always_inline)) static inline void mont_redc_adx(
    uint64_t r[4], const uint64_t t[8], const uint64_t m[4], uint64_t minv) {
    uint64_t t0 = t[0], t1 = t[1], t2 = t[2], t3 = t[3], t4 = 0, lo, hi, z;
    __asm__(ZK_ADX_REDUCE("t0", "t1", "t2", "t3", "t4")
            ZK_ADX_REDUCE("t1", "t2", "t3", "t4", "t0")
            ZK_ADX_REDUCE("t2", "t3", "t4", "t0", "t1")
            ZK_ADX_REDUCE("t3", "t4", "t0", "t1", "t2")
            : [t0] "+r"(t0), [t1] "+r"(t1), [t2] "+r"(t2), [t3] "+r"(t3), [t4] "+r"(t4),
              [lo] "=&r"(lo), [hi] "=&r"(hi), [z] "=&r"(z)
            : [m] "r"(m), [inv] "rm"(minv)
            : "rdx", "cc");
    /* (t4, t0, t1, t2) ≤ m and the high half < m: their sum needs one subtraction at most */
    const uint64_t low[4] = {t4, t0, t1, t2};
    mod_add4(r, low, t + 4, m);
}
#endif

#endif
