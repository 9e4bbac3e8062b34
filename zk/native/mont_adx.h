/*
 * The Montgomery multiplication kernel for x86-64 CPUs with BMI2 and ADX, as inline
 * assembly. Only functions compiled with target("bmi2,adx") may use it, and only after
 * field_init() found both extensions (see zk_fp_mont_mul); ZK_HAVE_ADX_KERNEL says whether
 * this compiler and platform have it at all.
 */
#ifndef ZK_MONT_ADX_H
#define ZK_MONT_ADX_H

#include <stdint.h>

#if defined(__x86_64__) && defined(__GNUC__)
#define ZK_HAVE_ADX_KERNEL 1

/*
 * CIOS Montgomery multiplication with two carry chains: mulx leaves the flags alone, adox
 * accumulates the low halves (OF) while adcx accumulates the high halves (CF). Each row adds
 * a·b_i into t (five limbs), then m·q with m = t0·(−q⁻¹), which clears t0; the limbs rotate
 * instead of moving. The final t < 2m is reduced by one conditional subtraction.
 */
#define ZK_ADX_ROW(OFF, T0, T1, T2, T3, T4)                                                        \
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
    "adoxq %[z], %[" T4 "]\n\t" ZK_ADX_REDUCE(T0, T1, T2, T3, T4)

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

__attribute__((target("bmi2,adx"), always_inline)) static inline void mont_mul_adx(
    uint64_t r[4], const uint64_t a[4], const uint64_t b[4], const uint64_t m[4], uint64_t minv) {
    uint64_t t0, t1, t2, t3, t4, lo, hi, z;
    __asm__("movq 0(%[b]), %%rdx\n\t"
            "mulxq 0(%[a]), %[t0], %[t1]\n\t"
            "mulxq 8(%[a]), %[lo], %[t2]\n\t"
            "addq %[lo], %[t1]\n\t"
            "mulxq 16(%[a]), %[lo], %[t3]\n\t"
            "adcq %[lo], %[t2]\n\t"
            "mulxq 24(%[a]), %[lo], %[t4]\n\t"
            "adcq %[lo], %[t3]\n\t"
            "adcq $0, %[t4]\n\t" ZK_ADX_REDUCE("t0", "t1", "t2", "t3", "t4")
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
            : [t0] "=&r"(t0), [t1] "=&r"(t1), [t2] "=&r"(t2), [t3] "=&r"(t3), [t4] "=&r"(t4),
              [lo] "=&r"(lo), [hi] "=&r"(hi), [z] "=&r"(z)
            : [a] "r"(a), [b] "r"(b), [m] "r"(m), [inv] "rm"(minv)
            : "rdx", "cc", "memory");
    r[0] = lo;
    r[1] = hi;
    r[2] = z;
    r[3] = t3;
}
#endif

#endif
