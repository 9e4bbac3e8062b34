/* Eight-lane affine G1 and G2 additions with AVX-512 IFMA (see affine_ifma.h). */
#include "affine_ifma.h"

#include <stdlib.h>
#include <string.h>

#include "field.h"

static int ifma_ready;

int affine_ifma_ready(void) { return ifma_ready; }

#if defined(__x86_64__) && defined(__GNUC__)
#include <immintrin.h>

#define IFMA __attribute__((target("avx512f,avx512ifma")))
#define LIMB_BITS 52
#define LIMB_MASK (((uint64_t)1 << LIMB_BITS) - 1)

/* Eight elements, limb-major: l[i] holds limb i of every lane. */
typedef struct {
    __m512i l[5];
} lanes_t;

/* q, 2q, 4q and 2^260 mod q in 52-bit limbs, and −q⁻¹ mod 2^52 */
static uint64_t q52[5], two_q52[5], four_q52[5], wide_one52[5], q_inv52;
/* what the padding lanes of a batch read: den = 1 (so their products stay invertible), the
 * rest zeros (large enough for a G2 point) */
static fp2_t pad_one;
static const uint64_t pad_zero[16];

static void limbs_to_52(uint64_t out[5], const uint64_t a[4]) {
    out[0] = a[0] & LIMB_MASK;
    out[1] = (a[0] >> 52 | a[1] << 12) & LIMB_MASK;
    out[2] = (a[1] >> 40 | a[2] << 24) & LIMB_MASK;
    out[3] = (a[2] >> 28 | a[3] << 36) & LIMB_MASK;
    out[4] = a[3] >> 16;
}

int affine_ifma_init(void) {
    const char *off = getenv("ZKGOV_NO_IFMA");
    if (off && *off && *off != '0') return ifma_ready = 0;
    __builtin_cpu_init();
    if (!__builtin_cpu_supports("avx512f") || !__builtin_cpu_supports("avx512ifma"))
        return ifma_ready = 0;
    limbs_to_52(q52, FP_MOD);
    const uint64_t two_q[4] = {FP_MOD[0] << 1, FP_MOD[1] << 1 | FP_MOD[0] >> 63,
                               FP_MOD[2] << 1 | FP_MOD[1] >> 63, FP_MOD[3] << 1 | FP_MOD[2] >> 63};
    const uint64_t four_q[4] = {two_q[0] << 1, two_q[1] << 1 | two_q[0] >> 63,
                                two_q[2] << 1 | two_q[1] >> 63, two_q[3] << 1 | two_q[2] >> 63};
    limbs_to_52(two_q52, two_q);
    limbs_to_52(four_q52, four_q);
    fp_t wide_one = FP_ONE; /* 2^256 mod q, doubled four times */
    for (int i = 0; i < 4; i++) fp_dbl(&wide_one, &wide_one);
    limbs_to_52(wide_one52, wide_one.l);
    uint64_t inv = FP_MOD[0]; /* Newton: q·q ≡ 1 mod 8 to start with */
    for (int i = 0; i < 5; i++) inv *= 2 - FP_MOD[0] * inv;
    q_inv52 = (0 - inv) & LIMB_MASK;
    pad_one.c0 = FP_ONE;
    memset(&pad_one.c1, 0, sizeof pad_one.c1);
    return ifma_ready = 1;
}

IFMA static inline __m512i splat(uint64_t v) { return _mm512_set1_epi64((long long)v); }

/* r = a·b·2^−260 mod q for limbs below 2^52 (values below 2^260), below a·b/2^260 + q (so
 * below 2q whenever a·b < 2^260·q). Operand scanning: each row adds a·b_i, then m·q with m chosen so that the
 * lowest limb vanishes, and drops that limb (its carry goes up first). */
IFMA static inline void mont_mul8(lanes_t *r, const lanes_t *a, const lanes_t *b) {
    const __m512i zero = _mm512_setzero_si512(), q_inv = splat(q_inv52);
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
        t0 = _mm512_madd52lo_epu64(t0, m, splat(q52[0]));
        t1 = _mm512_madd52hi_epu64(t1, m, splat(q52[0]));
        t1 = _mm512_madd52lo_epu64(t1, m, splat(q52[1]));
        t2 = _mm512_madd52hi_epu64(t2, m, splat(q52[1]));
        t2 = _mm512_madd52lo_epu64(t2, m, splat(q52[2]));
        t3 = _mm512_madd52hi_epu64(t3, m, splat(q52[2]));
        t3 = _mm512_madd52lo_epu64(t3, m, splat(q52[3]));
        t4 = _mm512_madd52hi_epu64(t4, m, splat(q52[3]));
        t4 = _mm512_madd52lo_epu64(t4, m, splat(q52[4]));
        t5 = _mm512_madd52hi_epu64(t5, m, splat(q52[4]));
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

/* A canonical x back into four 64-bit limbs at ptr[j], for the lanes in `valid`. */
IFMA static inline void scatter(__m512i ptr, const lanes_t *x, __mmask8 valid) {
    __m512i a0 = _mm512_or_si512(x->l[0], _mm512_slli_epi64(x->l[1], 52));
    __m512i a1 = _mm512_or_si512(_mm512_srli_epi64(x->l[1], 12), _mm512_slli_epi64(x->l[2], 40));
    __m512i a2 = _mm512_or_si512(_mm512_srli_epi64(x->l[2], 24), _mm512_slli_epi64(x->l[3], 28));
    __m512i a3 = _mm512_or_si512(_mm512_srli_epi64(x->l[3], 36), _mm512_slli_epi64(x->l[4], 16));
    _mm512_mask_i64scatter_epi64((void *)0, valid, ptr, a0, 1);
    _mm512_mask_i64scatter_epi64((void *)0, valid, _mm512_add_epi64(ptr, splat(8)), a1, 1);
    _mm512_mask_i64scatter_epi64((void *)0, valid, _mm512_add_epi64(ptr, splat(16)), a2, 1);
    _mm512_mask_i64scatter_epi64((void *)0, valid, _mm512_add_epi64(ptr, splat(24)), a3, 1);
}

/* An element of Fp (degree 1) or Fp2 (degree 2) in eight lanes, by components. */
typedef struct {
    lanes_t c[2];
} elem_t;

/* r = a + b for limbs below 2^52 and a sum below 2^260. */
IFMA static inline void lanes_add(lanes_t *r, const lanes_t *a, const lanes_t *b) {
    for (int i = 0; i < 5; i++) r->l[i] = _mm512_add_epi64(a->l[i], b->l[i]);
    carry_signed(r);
}

/* r = a·b for operands as the batch below has them: a component of one below 2q, of the
 * other below 32q, so every product (Fp2: of the components' sums too, below 64q and 4q) is
 * below 256q² < 3.03·2^260·q and each mont_mul8 below 4.03q (see there). Fp2 by Karatsuba (u² = −1):
 * r₀ = a₀b₀ − a₁b₁, r₁ = (a₀ + a₁)(b₀ + b₁) − a₀b₀ − a₁b₁. Components come out below 2q,
 * except r₁ below 2.03q when one operand is below 32q (y₃'s, which is made canonical). */
IFMA static inline void elem_mul(elem_t *r, const elem_t *a, const elem_t *b, int degree) {
    if (degree == 1) {
        mont_mul8(&r->c[0], &a->c[0], &b->c[0]);
        return;
    }
    lanes_t v0, v1, sa, sb, s;
    mont_mul8(&v0, &a->c[0], &b->c[0]);
    mont_mul8(&v1, &a->c[1], &b->c[1]);
    lanes_add(&sa, &a->c[0], &a->c[1]);
    lanes_add(&sb, &b->c[0], &b->c[1]);
    mont_mul8(&s, &sa, &sb);
    add_const_sub(&r->c[0], &v0, two_q52, &v1, NULL); /* below 4q */
    sub_if_not_below(&r->c[0], two_q52);
    add_const_sub(&r->c[1], &s, four_q52, &v0, &v1); /* below 8.03q */
    sub_if_not_below(&r->c[1], four_q52);
    sub_if_not_below(&r->c[1], two_q52);
}

/* r = a² from a below 2q and a16 = 16·a: in Fp2 r₀ = (a₀ + a₁)(a₀ − a₁), r₁ = 2·a₀a₁, with
 * a16 as the left factor of each product. Components below 2q. */
IFMA static inline void elem_sqr(elem_t *r, const elem_t *a16, const elem_t *a, int degree) {
    if (degree == 1) {
        mont_mul8(&r->c[0], &a16->c[0], &a->c[0]);
        return;
    }
    lanes_t sum16, diff, prod;
    lanes_add(&sum16, &a16->c[0], &a16->c[1]);           /* below 64q */
    add_const_sub(&diff, &a->c[0], two_q52, &a->c[1], NULL); /* below 4q */
    mont_mul8(&prod, &a16->c[0], &a->c[1]);               /* below 1.76q */
    mont_mul8(&r->c[0], &sum16, &diff);                   /* below 4.03q */
    sub_if_not_below(&r->c[0], four_q52);
    sub_if_not_below(&r->c[0], two_q52);
    lanes_add(&r->c[1], &prod, &prod);
    sub_if_not_below(&r->c[1], two_q52);
}

/* Below 4q into [0, q). */
IFMA static inline void elem_canonical(elem_t *x, int degree) {
    for (int c = 0; c < degree; c++) {
        sub_if_not_below(&x->c[c], two_q52);
        sub_if_not_below(&x->c[c], q52);
    }
}

/* The element at ptr[j] + 32·c for component c, lane j. */
IFMA static inline void elem_gather(elem_t *r, __m512i ptr, int degree) {
    for (int c = 0; c < degree; c++) gather(&r->c[c], _mm512_add_epi64(ptr, splat(32 * c)));
}

IFMA static inline void elem_scatter(__m512i ptr, const elem_t *x, __mmask8 valid, int degree) {
    for (int c = 0; c < degree; c++)
        scatter(_mm512_add_epi64(ptr, splat(32 * c)), &x->c[c], valid);
}

/* The addresses of group g's operands, one lane per addition (padding lanes beyond n read
 * harmless values and are never written). Elements are 32·degree bytes; a point is x then
 * y. */
typedef struct {
    __m512i bucket_x, bucket_y, px, num, den;
    __mmask8 valid;
} group_ptrs_t;

IFMA static inline void group_pointers(group_ptrs_t *gp, void *const *bucket,
                                       const void *const *px, const unsigned char *num,
                                       const unsigned char *den, size_t n, size_t g,
                                       int degree) {
    uint64_t bx[8], by[8], x[8], t[8], d[8];
    size_t size = 32 * (size_t)degree;
    gp->valid = 0;
    for (size_t j = 0; j < 8; j++) {
        size_t k = 8 * g + j;
        if (k < n) {
            gp->valid |= (__mmask8)(1u << j);
            bx[j] = (uint64_t)(uintptr_t)bucket[k];
            by[j] = bx[j] + size;
            x[j] = (uint64_t)(uintptr_t)px[k];
            t[j] = (uint64_t)(uintptr_t)(num + k * size);
            d[j] = (uint64_t)(uintptr_t)(den + k * size);
        } else {
            bx[j] = by[j] = x[j] = t[j] = (uint64_t)(uintptr_t)pad_zero;
            d[j] = (uint64_t)(uintptr_t)&pad_one;
        }
    }
    gp->bucket_x = _mm512_loadu_si512(bx);
    gp->bucket_y = _mm512_loadu_si512(by);
    gp->px = _mm512_loadu_si512(x);
    gp->num = _mm512_loadu_si512(t);
    gp->den = _mm512_loadu_si512(d);
}

/* the prefix products and the widened denominators, one element per group */
static size_t scratch_bytes(size_t n) { return 2 * ((n + 7) / 8) * sizeof(elem_t); }

size_t g1_ifma_scratch_bytes(size_t n) { return scratch_bytes(n); }
size_t g2_ifma_scratch_bytes(size_t n) { return scratch_bytes(n); }

/* One component's lanes (below 2q), canonical, into that component of eight elements. */
IFMA static void lanes_out(fp2_t out[8], int component, const lanes_t *x) {
    lanes_t canon = *x;
    sub_if_not_below(&canon, q52);
    uint64_t limb[4][8];
    _mm512_storeu_si512(limb[0], _mm512_or_si512(canon.l[0], _mm512_slli_epi64(canon.l[1], 52)));
    _mm512_storeu_si512(limb[1], _mm512_or_si512(_mm512_srli_epi64(canon.l[1], 12),
                                                 _mm512_slli_epi64(canon.l[2], 40)));
    _mm512_storeu_si512(limb[2], _mm512_or_si512(_mm512_srli_epi64(canon.l[2], 24),
                                                 _mm512_slli_epi64(canon.l[3], 28)));
    _mm512_storeu_si512(limb[3], _mm512_or_si512(_mm512_srli_epi64(canon.l[3], 36),
                                                 _mm512_slli_epi64(canon.l[4], 16)));
    for (int j = 0; j < 8; j++) {
        fp_t *e = component ? &out[j].c1 : &out[j].c0;
        for (int i = 0; i < 4; i++) e->l[i] = limb[i][j];
    }
}

/* Each lane's product X (as X·2^260, components below 2q) replaced by X⁻¹ in that form. Read
 * as an element of the core, v = X·2^260 is u = 16·X; its inverse comes back as
 * u⁻¹·2^256 = X⁻¹·2^252, and 2^8 times that is X⁻¹·2^260. */
IFMA static void invert_lanes(elem_t *acc, int degree) {
    fp2_t v[8], scratch[8]; /* Fp elements use the c0 halves */
    memset(v, 0, sizeof v);
    for (int c = 0; c < degree; c++) lanes_out(v, c, &acc->c[c]);
    if (degree == 1) {
        fp_t w[8], fp_scratch[8];
        for (int j = 0; j < 8; j++) w[j] = v[j].c0;
        fp_batch_inv(w, 8, fp_scratch);
        for (int j = 0; j < 8; j++) v[j].c0 = w[j];
    } else {
        fp2_batch_inv(v, 8, scratch);
    }
    uint64_t ptr[8];
    for (int j = 0; j < 8; j++) {
        for (int s = 0; s < 8; s++) fp2_dbl(&v[j], &v[j]);
        ptr[j] = (uint64_t)(uintptr_t)&v[j];
    }
    elem_gather(acc, _mm512_loadu_si512(ptr), degree);
}

/* The batch for either curve (degree is a constant in each caller, so this specialises). */
IFMA static inline void add_batch(void *const *bucket, const void *const *px,
                                  const unsigned char *num, const unsigned char *den, size_t n,
                                  void *scratch, int degree) {
    size_t groups = (n + 7) / 8;
    elem_t *prefix = scratch, *den_wide = prefix + groups;
    elem_t acc;
    for (int i = 0; i < 5; i++) {
        acc.c[0].l[i] = splat(wide_one52[i]);
        acc.c[1].l[i] = _mm512_setzero_si512();
    }
    /* forward: running products of the denominators, eight chains side by side */
    for (size_t g = 0; g < groups; g++) {
        group_ptrs_t gp;
        group_pointers(&gp, bucket, px, num, den, n, g, degree);
        elem_t d;
        elem_gather(&d, gp.den, degree);
        for (int c = 0; c < degree; c++) times_16(&den_wide[g].c[c], &d.c[c]); /* ·2^4 */
        prefix[g] = acc;
        elem_mul(&acc, &acc, &den_wide[g], degree);
    }
    invert_lanes(&acc, degree);
    /* backward: each inverse from the running inverse and the prefix, then the addition */
    for (size_t g = groups; g-- > 0;) {
        group_ptrs_t gp;
        group_pointers(&gp, bucket, px, num, den, n, g, degree);
        elem_t inv, t, bx, by, x, lambda, lambda16, x3, y3, dx;
        elem_mul(&inv, &acc, &prefix[g], degree);
        elem_mul(&acc, &acc, &den_wide[g], degree);
        elem_gather(&t, gp.num, degree);
        elem_gather(&bx, gp.bucket_x, degree);
        elem_gather(&by, gp.bucket_y, degree);
        elem_gather(&x, gp.px, degree);
        elem_mul(&lambda, &t, &inv, degree); /* (t·2^256)(d⁻¹·2^260)/2^260 = λ·2^256 */
        for (int c = 0; c < degree; c++) times_16(&lambda16.c[c], &lambda.c[c]);
        elem_sqr(&x3, &lambda16, &lambda, degree); /* λ²·2^256 */
        for (int c = 0; c < degree; c++)
            add_const_sub(&x3.c[c], &x3.c[c], two_q52, &bx.c[c], &x.c[c]); /* below 4q */
        elem_canonical(&x3, degree);
        for (int c = 0; c < degree; c++)
            add_const_sub(&dx.c[c], &bx.c[c], q52, &x3.c[c], NULL); /* below 2q */
        elem_mul(&y3, &lambda16, &dx, degree);
        for (int c = 0; c < degree; c++)
            add_const_sub(&y3.c[c], &y3.c[c], q52, &by.c[c], NULL); /* below 3q */
        elem_canonical(&y3, degree);
        elem_scatter(gp.bucket_x, &x3, gp.valid, degree);
        elem_scatter(gp.bucket_y, &y3, gp.valid, degree);
    }
}

IFMA void g1_ifma_add_batch(g1_aff_t *const *bucket, const fp_t *const *px, const fp_t *num,
                            const fp_t *den, size_t n, void *scratch) {
    add_batch((void *const *)bucket, (const void *const *)px, (const unsigned char *)num,
              (const unsigned char *)den, n, scratch, 1);
}

IFMA void g2_ifma_add_batch(g2_aff_t *const *bucket, const fp2_t *const *px, const fp2_t *num,
                            const fp2_t *den, size_t n, void *scratch) {
    add_batch((void *const *)bucket, (const void *const *)px, (const unsigned char *)num,
              (const unsigned char *)den, n, scratch, 2);
}

#else

int affine_ifma_init(void) { return ifma_ready = 0; }

size_t g1_ifma_scratch_bytes(size_t n) { return n ? 0 : 0; }
size_t g2_ifma_scratch_bytes(size_t n) { return n ? 0 : 0; }

/* never chosen where affine_ifma_ready() is 0 */
void g1_ifma_add_batch(g1_aff_t *const *bucket, const fp_t *const *px, const fp_t *num,
                       const fp_t *den, size_t n, void *scratch) {
    (void)bucket, (void)px, (void)num, (void)den, (void)n, (void)scratch;
    abort();
}

void g2_ifma_add_batch(g2_aff_t *const *bucket, const fp2_t *const *px, const fp2_t *num,
                       const fp2_t *den, size_t n, void *scratch) {
    (void)bucket, (void)px, (void)num, (void)den, (void)n, (void)scratch;
    abort();
}

#endif
