/*
 * The two prime fields of BN254 in Montgomery form: Fp (coordinates) and Fr (scalars).
 *
 * An element is four 64-bit little-endian limbs holding x·2^256 mod m. The arithmetic is
 * written once over a modulus argument and inlined, so each field gets specialised code.
 * Both primes are below 2^254, which allows the "no-carry" Montgomery multiplication
 * (the top limb of the modulus leaves room for the carries of one more product row).
 */
#ifndef ZK_FIELD_H
#define ZK_FIELD_H

#include <stddef.h>
#include <stdint.h>
#include <string.h>

#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ != __ORDER_LITTLE_ENDIAN__
#error "the native core assumes a little-endian machine (packed buffers are little-endian)"
#endif

typedef unsigned __int128 u128;

#define ZK_INLINE static inline __attribute__((always_inline))

typedef struct { uint64_t l[4]; } fp_t; /* element of Fp, Montgomery form */
typedef struct { uint64_t l[4]; } fr_t; /* element of Fr, Montgomery form */

/* Moduli and −m⁻¹ mod 2^64 (the only literal constants; everything else is derived at init). */
static const uint64_t FP_MOD[4] = {0x3c208c16d87cfd47ULL, 0x97816a916871ca8dULL,
                                   0xb85045b68181585dULL, 0x30644e72e131a029ULL};
static const uint64_t FR_MOD[4] = {0x43e1f593f0000001ULL, 0x2833e84879b97091ULL,
                                   0xb85045b68181585dULL, 0x30644e72e131a029ULL};
#define FP_INV 0x87d20782e4866389ULL
#define FR_INV 0xc2e1f593efffffffULL

/* Derived at module init by field_init(): Montgomery one and R² for each field. */
extern fp_t FP_ONE, FP_R2;
extern fr_t FR_ONE, FR_R2;

/* ---- carry helpers -------------------------------------------------------------------- */

#if defined(__x86_64__) && defined(__GNUC__)
#include <x86intrin.h>
/* The compilers turn these intrinsics into plain adc/sbb chains; the 128-bit formulation
 * below makes GCC spill every limb to the stack. */
ZK_INLINE uint64_t zk_adc(uint64_t a, uint64_t b, uint64_t carry, uint64_t *out) {
    unsigned long long r;
    uint64_t c = _addcarry_u64((unsigned char)carry, a, b, &r);
    *out = r;
    return c;
}

ZK_INLINE uint64_t zk_sbb(uint64_t a, uint64_t b, uint64_t borrow, uint64_t *out) {
    unsigned long long r;
    uint64_t c = _subborrow_u64((unsigned char)borrow, a, b, &r);
    *out = r;
    return c;
}
#else
ZK_INLINE uint64_t zk_adc(uint64_t a, uint64_t b, uint64_t carry, uint64_t *out) {
    u128 t = (u128)a + b + carry;
    *out = (uint64_t)t;
    return (uint64_t)(t >> 64);
}

ZK_INLINE uint64_t zk_sbb(uint64_t a, uint64_t b, uint64_t borrow, uint64_t *out) {
    u128 t = (u128)a - b - borrow;
    *out = (uint64_t)t;
    return (uint64_t)(t >> 64) & 1;
}
#endif

/* ---- generic 4-limb modular arithmetic ------------------------------------------------ */

/* r = a·b·2^-256 mod m for a, b < m (CIOS, no-carry variant; result < m). */
ZK_INLINE void mont_mul4(uint64_t r[4], const uint64_t a[4], const uint64_t b[4],
                         const uint64_t m[4], uint64_t minv) {
    uint64_t t0, t1, t2, t3, A, C, mm, lo;
    u128 z;
    const uint64_t a0 = a[0], a1 = a[1], a2 = a[2], a3 = a[3];

    /* row 0 (t starts at zero) */
    z = (u128)a0 * b[0]; t0 = (uint64_t)z; A = (uint64_t)(z >> 64);
    mm = t0 * minv;
    z = (u128)mm * m[0] + t0; C = (uint64_t)(z >> 64);
    z = (u128)a1 * b[0] + A; t1 = (uint64_t)z; A = (uint64_t)(z >> 64);
    z = (u128)mm * m[1] + t1 + C; t0 = (uint64_t)z; C = (uint64_t)(z >> 64);
    z = (u128)a2 * b[0] + A; t2 = (uint64_t)z; A = (uint64_t)(z >> 64);
    z = (u128)mm * m[2] + t2 + C; t1 = (uint64_t)z; C = (uint64_t)(z >> 64);
    z = (u128)a3 * b[0] + A; t3 = (uint64_t)z; A = (uint64_t)(z >> 64);
    z = (u128)mm * m[3] + t3 + C; t2 = (uint64_t)z; C = (uint64_t)(z >> 64);
    t3 = C + A;

#define ZK_MONT_ROW(bi)                                                                    \
    z = (u128)a0 * (bi) + t0; t0 = (uint64_t)z; A = (uint64_t)(z >> 64);                   \
    mm = t0 * minv;                                                                        \
    z = (u128)mm * m[0] + t0; C = (uint64_t)(z >> 64);                                     \
    z = (u128)a1 * (bi) + t1 + A; lo = (uint64_t)z; A = (uint64_t)(z >> 64);               \
    z = (u128)mm * m[1] + lo + C; t0 = (uint64_t)z; C = (uint64_t)(z >> 64);               \
    z = (u128)a2 * (bi) + t2 + A; lo = (uint64_t)z; A = (uint64_t)(z >> 64);               \
    z = (u128)mm * m[2] + lo + C; t1 = (uint64_t)z; C = (uint64_t)(z >> 64);               \
    z = (u128)a3 * (bi) + t3 + A; lo = (uint64_t)z; A = (uint64_t)(z >> 64);               \
    z = (u128)mm * m[3] + lo + C; t2 = (uint64_t)z; C = (uint64_t)(z >> 64);               \
    t3 = C + A;

    ZK_MONT_ROW(b[1])
    ZK_MONT_ROW(b[2])
    ZK_MONT_ROW(b[3])
#undef ZK_MONT_ROW

    /* conditional subtraction: t < 2m */
    uint64_t s0, s1, s2, s3, br;
    br = zk_sbb(t0, m[0], 0, &s0);
    br = zk_sbb(t1, m[1], br, &s1);
    br = zk_sbb(t2, m[2], br, &s2);
    br = zk_sbb(t3, m[3], br, &s3);
    uint64_t keep = (uint64_t)0 - br; /* all ones when t < m */
    r[0] = (t0 & keep) | (s0 & ~keep);
    r[1] = (t1 & keep) | (s1 & ~keep);
    r[2] = (t2 & keep) | (s2 & ~keep);
    r[3] = (t3 & keep) | (s3 & ~keep);
}

/* r = a + b mod m (a, b < m < 2^255). */
ZK_INLINE void mod_add4(uint64_t r[4], const uint64_t a[4], const uint64_t b[4],
                        const uint64_t m[4]) {
    uint64_t t0, t1, t2, t3, s0, s1, s2, s3, c;
    c = zk_adc(a[0], b[0], 0, &t0);
    c = zk_adc(a[1], b[1], c, &t1);
    c = zk_adc(a[2], b[2], c, &t2);
    zk_adc(a[3], b[3], c, &t3);
    c = zk_sbb(t0, m[0], 0, &s0);
    c = zk_sbb(t1, m[1], c, &s1);
    c = zk_sbb(t2, m[2], c, &s2);
    c = zk_sbb(t3, m[3], c, &s3);
    uint64_t keep = (uint64_t)0 - c;
    r[0] = (t0 & keep) | (s0 & ~keep);
    r[1] = (t1 & keep) | (s1 & ~keep);
    r[2] = (t2 & keep) | (s2 & ~keep);
    r[3] = (t3 & keep) | (s3 & ~keep);
}

/* r = a − b mod m. */
ZK_INLINE void mod_sub4(uint64_t r[4], const uint64_t a[4], const uint64_t b[4],
                        const uint64_t m[4]) {
    uint64_t t0, t1, t2, t3, br, c;
    br = zk_sbb(a[0], b[0], 0, &t0);
    br = zk_sbb(a[1], b[1], br, &t1);
    br = zk_sbb(a[2], b[2], br, &t2);
    br = zk_sbb(a[3], b[3], br, &t3);
    uint64_t mask = (uint64_t)0 - br;
    c = zk_adc(t0, m[0] & mask, 0, &r[0]);
    c = zk_adc(t1, m[1] & mask, c, &r[1]);
    c = zk_adc(t2, m[2] & mask, c, &r[2]);
    zk_adc(t3, m[3] & mask, c, &r[3]);
}

/* r = −a mod m (0 stays 0). */
ZK_INLINE void mod_neg4(uint64_t r[4], const uint64_t a[4], const uint64_t m[4]) {
    uint64_t nz = (a[0] | a[1] | a[2] | a[3]) != 0;
    uint64_t mask = (uint64_t)0 - nz, br;
    br = zk_sbb(m[0], a[0], 0, &r[0]);
    br = zk_sbb(m[1], a[1], br, &r[1]);
    br = zk_sbb(m[2], a[2], br, &r[2]);
    zk_sbb(m[3], a[3], br, &r[3]);
    r[0] &= mask; r[1] &= mask; r[2] &= mask; r[3] &= mask;
}

ZK_INLINE int limbs_is_zero(const uint64_t a[4]) { return (a[0] | a[1] | a[2] | a[3]) == 0; }

ZK_INLINE int limbs_eq(const uint64_t a[4], const uint64_t b[4]) {
    return ((a[0] ^ b[0]) | (a[1] ^ b[1]) | (a[2] ^ b[2]) | (a[3] ^ b[3])) == 0;
}

/* a < m as unsigned 256-bit integers. */
ZK_INLINE int limbs_lt(const uint64_t a[4], const uint64_t m[4]) {
    uint64_t t, br;
    br = zk_sbb(a[0], m[0], 0, &t);
    br = zk_sbb(a[1], m[1], br, &t);
    br = zk_sbb(a[2], m[2], br, &t);
    br = zk_sbb(a[3], m[3], br, &t);
    return (int)br;
}

/* Reduce any 256-bit integer below m (m > 2^253, so at most a few subtractions). */
ZK_INLINE void limbs_reduce(uint64_t a[4], const uint64_t m[4]) {
    while (!limbs_lt(a, m)) {
        uint64_t br;
        br = zk_sbb(a[0], m[0], 0, &a[0]);
        br = zk_sbb(a[1], m[1], br, &a[1]);
        br = zk_sbb(a[2], m[2], br, &a[2]);
        zk_sbb(a[3], m[3], br, &a[3]);
    }
}

/* ---- the multiplication kernels, chosen once at start-up ------------------------------- */

/* r = a·b·2^-256 for canonical limbs. field_init() points these at the mulx/adcx/adox
 * kernel when the CPU has BMI2 and ADX (and ZKGOV_PORTABLE is not set), else at the portable
 * C one. Calling through a pointer costs nothing measurable next to the product itself and
 * keeps every caller free of per-ISA copies. */
typedef void (*zk_mont_mul_fn)(uint64_t r[4], const uint64_t a[4], const uint64_t b[4]);
extern zk_mont_mul_fn zk_fp_mont_mul, zk_fr_mont_mul;
/* "adx" or "portable": the kernel in use. */
const char *field_kernel_name(void);

/* ---- Fp -------------------------------------------------------------------------------- */

ZK_INLINE void fp_mul(fp_t *r, const fp_t *a, const fp_t *b) { zk_fp_mont_mul(r->l, a->l, b->l); }
ZK_INLINE void fp_sqr(fp_t *r, const fp_t *a) { zk_fp_mont_mul(r->l, a->l, a->l); }
ZK_INLINE void fp_add(fp_t *r, const fp_t *a, const fp_t *b) { mod_add4(r->l, a->l, b->l, FP_MOD); }
ZK_INLINE void fp_sub(fp_t *r, const fp_t *a, const fp_t *b) { mod_sub4(r->l, a->l, b->l, FP_MOD); }
ZK_INLINE void fp_dbl(fp_t *r, const fp_t *a) { mod_add4(r->l, a->l, a->l, FP_MOD); }
ZK_INLINE void fp_neg(fp_t *r, const fp_t *a) { mod_neg4(r->l, a->l, FP_MOD); }
ZK_INLINE int fp_is_zero(const fp_t *a) { return limbs_is_zero(a->l); }
ZK_INLINE int fp_eq(const fp_t *a, const fp_t *b) { return limbs_eq(a->l, b->l); }
ZK_INLINE void fp_set_zero(fp_t *r) { memset(r, 0, sizeof *r); }
ZK_INLINE void fp_set_one(fp_t *r) { *r = FP_ONE; }
ZK_INLINE int fp_is_one(const fp_t *a) { return limbs_eq(a->l, FP_ONE.l); }
/* A stored (Montgomery) value is canonical when it lies below the modulus. */
ZK_INLINE int fp_is_canonical(const fp_t *a) { return limbs_lt(a->l, FP_MOD); }

/* Plain integer (as limbs, < q) to Montgomery form and back. */
ZK_INLINE void fp_from_plain(fp_t *r, const uint64_t a[4]) { zk_fp_mont_mul(r->l, a, FP_R2.l); }
ZK_INLINE void fp_to_plain(uint64_t r[4], const fp_t *a) {
    static const uint64_t one[4] = {1, 0, 0, 0};
    zk_fp_mont_mul(r, a->l, one);
}

/* ---- Fr -------------------------------------------------------------------------------- */

ZK_INLINE void fr_mul(fr_t *r, const fr_t *a, const fr_t *b) { zk_fr_mont_mul(r->l, a->l, b->l); }
ZK_INLINE void fr_sqr(fr_t *r, const fr_t *a) { zk_fr_mont_mul(r->l, a->l, a->l); }
ZK_INLINE void fr_add(fr_t *r, const fr_t *a, const fr_t *b) { mod_add4(r->l, a->l, b->l, FR_MOD); }
ZK_INLINE void fr_sub(fr_t *r, const fr_t *a, const fr_t *b) { mod_sub4(r->l, a->l, b->l, FR_MOD); }
ZK_INLINE void fr_neg(fr_t *r, const fr_t *a) { mod_neg4(r->l, a->l, FR_MOD); }
ZK_INLINE int fr_is_zero(const fr_t *a) { return limbs_is_zero(a->l); }
ZK_INLINE int fr_eq(const fr_t *a, const fr_t *b) { return limbs_eq(a->l, b->l); }

/* Plain 32-byte little-endian scalar (any value < 2^256, reduced mod r) → Montgomery form. */
ZK_INLINE void fr_from_bytes(fr_t *r, const unsigned char *in) {
    uint64_t a[4];
    memcpy(a, in, 32);
    limbs_reduce(a, FR_MOD);
    zk_fr_mont_mul(r->l, a, FR_R2.l);
}

/* Plain limbs (already < r) → Montgomery form. */
ZK_INLINE void fr_from_plain(fr_t *r, const uint64_t a[4]) { zk_fr_mont_mul(r->l, a, FR_R2.l); }

ZK_INLINE void fr_to_plain(uint64_t r[4], const fr_t *a) {
    static const uint64_t one[4] = {1, 0, 0, 0};
    zk_fr_mont_mul(r, a->l, one);
}

ZK_INLINE void fr_to_bytes(unsigned char *out, const fr_t *a) {
    uint64_t p[4];
    fr_to_plain(p, a);
    memcpy(out, p, 32);
}

/* Plain 32-byte scalar → plain limbs reduced below r. */
ZK_INLINE void scalar_from_bytes(uint64_t r[4], const unsigned char *in) {
    memcpy(r, in, 32);
    limbs_reduce(r, FR_MOD);
}

/* ---- out-of-line routines (field.c) ----------------------------------------------------- */

void field_init(void);
void fp_inv(fp_t *r, const fp_t *a); /* 0 ↦ 0 */
void fr_inv(fr_t *r, const fr_t *a); /* 0 ↦ 0 */
void fp_pow(fp_t *r, const fp_t *a, const uint64_t *exp, size_t exp_limbs);
void fr_pow(fr_t *r, const fr_t *a, const uint64_t *exp, size_t exp_limbs);
/* Invert every non-zero element in place with one inversion (zeros stay zero).
 * `scratch` holds n elements. */
void fp_batch_inv(fp_t *a, size_t n, fp_t *scratch);
void fr_batch_inv(fr_t *a, size_t n, fr_t *scratch);

#endif
