/*
 * Eight field elements in the lanes of AVX-512 IFMA registers, and their arithmetic: five
 * 52-bit limbs per element (limb-major: l[i] holds limb i of every lane), Montgomery products
 * with 2^260, additions and reductions, for the MSM's affine additions (affine_ifma.c). Only
 * functions compiled for "avx512f,avx512ifma" use it, and only after affine_ifma_ready()
 * said the CPU has both.
 *
 * The core keeps elements as x·2^256 mod m in four 64-bit limbs. A Montgomery product of an
 * x·2^256 with a y·2^260 is (x·y)·2^256 again, and 16·(y·2^256) is y·2^260: lanes take the
 * core's values as they are, with a shift by four for the operand that must be y·2^260.
 */
#ifndef ZK_LANES52_H
#define ZK_LANES52_H

#include <stdint.h>

#if defined(__x86_64__) && defined(__GNUC__)
#define ZK_HAVE_LANES52 1
#include <immintrin.h>

#define IFMA __attribute__((target("avx512f,avx512ifma")))
#define LIMB_BITS 52
#define LIMB_MASK (((uint64_t)1 << LIMB_BITS) - 1)

typedef struct {
    __m512i l[5];
} lanes_t;

/* An odd modulus m below 2^254 in 52-bit limbs: m, 2m, 4m, and −m⁻¹ mod 2^52. */
typedef struct {
    uint64_t m[5], two_m[5], four_m[5], inv;
} mod52_t;

static inline void limbs_to_52(uint64_t out[5], const uint64_t a[4]) {
    out[0] = a[0] & LIMB_MASK;
    out[1] = (a[0] >> 52 | a[1] << 12) & LIMB_MASK;
    out[2] = (a[1] >> 40 | a[2] << 24) & LIMB_MASK;
    out[3] = (a[2] >> 28 | a[3] << 36) & LIMB_MASK;
    out[4] = a[3] >> 16;
}

static inline void mod52_init(mod52_t *q, const uint64_t m[4]) {
    const uint64_t two[4] = {m[0] << 1, m[1] << 1 | m[0] >> 63, m[2] << 1 | m[1] >> 63,
                             m[3] << 1 | m[2] >> 63};
    const uint64_t four[4] = {two[0] << 1, two[1] << 1 | two[0] >> 63,
                              two[2] << 1 | two[1] >> 63, two[3] << 1 | two[2] >> 63};
    limbs_to_52(q->m, m);
    limbs_to_52(q->two_m, two);
    limbs_to_52(q->four_m, four);
    uint64_t inv = m[0]; /* Newton: m·m ≡ 1 mod 8 to start with */
    for (int i = 0; i < 5; i++) inv *= 2 - m[0] * inv;
    q->inv = (0 - inv) & LIMB_MASK;
}

IFMA static inline __m512i splat(uint64_t v) { return _mm512_set1_epi64((long long)v); }

/* r = a·b·2^−260 mod q for limbs below 2^52 (values below 2^260), below a·b/2^260 + q (so
 * below 2q whenever a·b < 2^260·q). Operand scanning: each row adds a·b_i, then m·q with m
 * chosen so that the lowest limb vanishes, and drops that limb (its carry goes up first). */
IFMA static inline void mont_mul8(lanes_t *r, const lanes_t *a, const lanes_t *b,
                                  const mod52_t *q) {
    const __m512i zero = _mm512_setzero_si512(), q_inv = splat(q->inv);
    __m512i t0 = zero, t1 = zero, t2 = zero, t3 = zero, t4 = zero, t5;
    for (int i = 0; i < 5; i++) {
        __m512i bi = b->l[i];
        t5 = zero;
        t0 = _mm512_madd52lo_epu64(t0, a->l[0], bi);
        t1 = _mm512_madd52hi_epu64(t1, a->l[0], bi);
        t1 = _mm512_madd52lo_epu64(t1, a->l[1], bi);
        t2 = _mm512_madd52hi_epu64(t2, a->l[1], bi);
        t2 = _mm512_madd52lo_epu64(t2, a->l[2], bi);
        t3 = _mm512_madd52hi_epu64(t3, a->l[2], bi);
        t3 = _mm512_madd52lo_epu64(t3, a->l[3], bi);
        t4 = _mm512_madd52hi_epu64(t4, a->l[3], bi);
        t4 = _mm512_madd52lo_epu64(t4, a->l[4], bi);
        t5 = _mm512_madd52hi_epu64(t5, a->l[4], bi);
        __m512i m = _mm512_madd52lo_epu64(zero, t0, q_inv);
        t0 = _mm512_madd52lo_epu64(t0, m, splat(q->m[0]));
        t1 = _mm512_madd52hi_epu64(t1, m, splat(q->m[0]));
        t1 = _mm512_madd52lo_epu64(t1, m, splat(q->m[1]));
        t2 = _mm512_madd52hi_epu64(t2, m, splat(q->m[1]));
        t2 = _mm512_madd52lo_epu64(t2, m, splat(q->m[2]));
        t3 = _mm512_madd52hi_epu64(t3, m, splat(q->m[2]));
        t3 = _mm512_madd52lo_epu64(t3, m, splat(q->m[3]));
        t4 = _mm512_madd52hi_epu64(t4, m, splat(q->m[3]));
        t4 = _mm512_madd52lo_epu64(t4, m, splat(q->m[4]));
        t5 = _mm512_madd52hi_epu64(t5, m, splat(q->m[4]));
        /* the low 52 bits of t0 are now zero: carry the rest up and shift down a limb */
        t0 = _mm512_add_epi64(t1, _mm512_srli_epi64(t0, LIMB_BITS));
        t1 = t2;
        t2 = t3;
        t3 = t4;
        t4 = t5;
    }
    const __m512i mask = splat(LIMB_MASK);
    t1 = _mm512_add_epi64(t1, _mm512_srli_epi64(t0, LIMB_BITS));
    t2 = _mm512_add_epi64(t2, _mm512_srli_epi64(t1, LIMB_BITS));
    t3 = _mm512_add_epi64(t3, _mm512_srli_epi64(t2, LIMB_BITS));
    t4 = _mm512_add_epi64(t4, _mm512_srli_epi64(t3, LIMB_BITS));
    r->l[0] = _mm512_and_si512(t0, mask);
    r->l[1] = _mm512_and_si512(t1, mask);
    r->l[2] = _mm512_and_si512(t2, mask);
    r->l[3] = _mm512_and_si512(t3, mask);
    r->l[4] = t4;
}

/* Limbs of any sign (a non-negative value) back into [0, 2^52), the top limb excepted. */
IFMA static inline void carry_signed(lanes_t *x) {
    const __m512i mask = splat(LIMB_MASK);
    for (int i = 0; i < 4; i++) {
        x->l[i + 1] = _mm512_add_epi64(x->l[i + 1], _mm512_srai_epi64(x->l[i], LIMB_BITS));
        x->l[i] = _mm512_and_si512(x->l[i], mask);
    }
}

/* r = a + k − b − c for a constant k (52-bit limbs) with a + k > b + c; c may be NULL. */
IFMA static inline void add_const_sub(lanes_t *r, const lanes_t *a, const uint64_t k[5],
                                      const lanes_t *b, const lanes_t *c) {
    for (int i = 0; i < 5; i++) {
        __m512i v = _mm512_sub_epi64(_mm512_add_epi64(a->l[i], splat(k[i])), b->l[i]);
        r->l[i] = c ? _mm512_sub_epi64(v, c->l[i]) : v;
    }
    carry_signed(r);
}

/* x − m where that is not negative. */
IFMA static inline void sub_if_not_below(lanes_t *x, const uint64_t m[5]) {
    lanes_t y;
    for (int i = 0; i < 5; i++) y.l[i] = _mm512_sub_epi64(x->l[i], splat(m[i]));
    carry_signed(&y);
    __mmask8 keep = _mm512_cmpge_epi64_mask(y.l[4], _mm512_setzero_si512());
    for (int i = 0; i < 5; i++) x->l[i] = _mm512_mask_mov_epi64(x->l[i], keep, y.l[i]);
}

/* 16·a, for a below 2^256. */
IFMA static inline void times_16(lanes_t *r, const lanes_t *a) {
    const __m512i mask = splat(LIMB_MASK);
    __m512i carry = _mm512_setzero_si512();
    for (int i = 0; i < 5; i++) {
        __m512i v = _mm512_add_epi64(_mm512_slli_epi64(a->l[i], 4), carry);
        if (i < 4) {
            carry = _mm512_srli_epi64(v, LIMB_BITS);
            v = _mm512_and_si512(v, mask);
        }
        r->l[i] = v;
    }
}

/* The four 64-bit limbs at ptr[j] (one pointer per lane, as a vector) into 52-bit limbs. */
IFMA static inline void gather(lanes_t *r, __m512i ptr) {
    const __m512i mask = splat(LIMB_MASK);
    __m512i a0 = _mm512_i64gather_epi64(ptr, (const void *)0, 1);
    __m512i a1 = _mm512_i64gather_epi64(_mm512_add_epi64(ptr, splat(8)), (const void *)0, 1);
    __m512i a2 = _mm512_i64gather_epi64(_mm512_add_epi64(ptr, splat(16)), (const void *)0, 1);
    __m512i a3 = _mm512_i64gather_epi64(_mm512_add_epi64(ptr, splat(24)), (const void *)0, 1);
    r->l[0] = _mm512_and_si512(a0, mask);
    r->l[1] = _mm512_and_si512(
        _mm512_or_si512(_mm512_srli_epi64(a0, 52), _mm512_slli_epi64(a1, 12)), mask);
    r->l[2] = _mm512_and_si512(
        _mm512_or_si512(_mm512_srli_epi64(a1, 40), _mm512_slli_epi64(a2, 24)), mask);
    r->l[3] = _mm512_and_si512(
        _mm512_or_si512(_mm512_srli_epi64(a2, 28), _mm512_slli_epi64(a3, 36)), mask);
    r->l[4] = _mm512_srli_epi64(a3, 16);
}

/* x (below 2^256) as four vectors of 64-bit limbs. */
IFMA static inline void to_limbs64(__m512i out[4], const lanes_t *x) {
    out[0] = _mm512_or_si512(x->l[0], _mm512_slli_epi64(x->l[1], 52));
    out[1] = _mm512_or_si512(_mm512_srli_epi64(x->l[1], 12), _mm512_slli_epi64(x->l[2], 40));
    out[2] = _mm512_or_si512(_mm512_srli_epi64(x->l[2], 24), _mm512_slli_epi64(x->l[3], 28));
    out[3] = _mm512_or_si512(_mm512_srli_epi64(x->l[3], 36), _mm512_slli_epi64(x->l[4], 16));
}

/* A canonical x back into four 64-bit limbs at ptr[j], for the lanes in `valid`. */
IFMA static inline void scatter(__m512i ptr, const lanes_t *x, __mmask8 valid) {
    __m512i a[4];
    to_limbs64(a, x);
    for (int i = 0; i < 4; i++)
        _mm512_mask_i64scatter_epi64((void *)0, valid, _mm512_add_epi64(ptr, splat(8 * i)),
                                     a[i], 1);
}

/* r = a + b for limbs below 2^52 and a sum below 2^260. */
IFMA static inline void lanes_add(lanes_t *r, const lanes_t *a, const lanes_t *b) {
    for (int i = 0; i < 5; i++) r->l[i] = _mm512_add_epi64(a->l[i], b->l[i]);
    carry_signed(r);
}

#endif

#endif
