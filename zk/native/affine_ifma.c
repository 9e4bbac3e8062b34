/* Eight-lane affine G1 and G2 additions with AVX-512 IFMA (see affine_ifma.h). */
#include "affine_ifma.h"

#include <stdlib.h>
#include <string.h>

#include "field.h"
#include "lanes52.h"

static int ifma_ready;

int affine_ifma_ready(void) { return ifma_ready; }

#ifdef ZK_HAVE_LANES52
/* q in 52-bit limbs, and 2^260 mod q */
static mod52_t fq;
static uint64_t wide_one52[5];
/* what the padding lanes of a batch read: den = 1 (so their products stay invertible), the
 * rest zeros (large enough for a G2 point) */
static fp2_t pad_one;
static const uint64_t pad_zero[16];

int affine_ifma_init(void) {
    const char *off = getenv("ZKGOV_NO_IFMA");
    if (off && *off && *off != '0') return ifma_ready = 0;
    __builtin_cpu_init();
    if (!__builtin_cpu_supports("avx512f") || !__builtin_cpu_supports("avx512ifma"))
        return ifma_ready = 0;
    mod52_init(&fq, FP_MOD);
    fp_t wide_one = FP_ONE; /* 2^256 mod q, doubled four times */
    for (int i = 0; i < 4; i++) fp_dbl(&wide_one, &wide_one);
    limbs_to_52(wide_one52, wide_one.l);
    pad_one.c0 = FP_ONE;
    memset(&pad_one.c1, 0, sizeof pad_one.c1);
    return ifma_ready = 1;
}

/* An element of Fp (degree 1) or Fp2 (degree 2) in eight lanes, by components. */
typedef struct {
    lanes_t c[2];
} elem_t;

/* r = a·b for operands as the batch below has them: a component of one below 2q, of the
 * other below 32q, so every product (Fp2: of the components' sums too, below 64q and 4q) is
 * below 256q² < 3.03·2^260·q and each mont_mul8 below 4.03q (see there). Fp2 by Karatsuba
 * (u² = −1): r₀ = a₀b₀ − a₁b₁, r₁ = (a₀ + a₁)(b₀ + b₁) − a₀b₀ − a₁b₁. Components come out
 * below 2q, except r₁ below 2.03q when one operand is below 32q (y₃'s, made canonical after). */
IFMA static inline void elem_mul(elem_t *r, const elem_t *a, const elem_t *b, int degree) {
    if (degree == 1) {
        mont_mul8(&r->c[0], &a->c[0], &b->c[0], &fq);
        return;
    }
    lanes_t v0, v1, sa, sb, s;
    mont_mul8(&v0, &a->c[0], &b->c[0], &fq);
    mont_mul8(&v1, &a->c[1], &b->c[1], &fq);
    lanes_add(&sa, &a->c[0], &a->c[1]);
    lanes_add(&sb, &b->c[0], &b->c[1]);
    mont_mul8(&s, &sa, &sb, &fq);
    add_const_sub(&r->c[0], &v0, fq.two_m, &v1, NULL); /* below 4q */
    sub_if_not_below(&r->c[0], fq.two_m);
    add_const_sub(&r->c[1], &s, fq.four_m, &v0, &v1); /* below 8.03q */
    sub_if_not_below(&r->c[1], fq.four_m);
    sub_if_not_below(&r->c[1], fq.two_m);
}

/* r = a² from a below 2q and a16 = 16·a: in Fp2 r₀ = (a₀ + a₁)(a₀ − a₁), r₁ = 2·a₀a₁, with
 * a16 as the left factor of each product. Components below 2q. */
IFMA static inline void elem_sqr(elem_t *r, const elem_t *a16, const elem_t *a, int degree) {
    if (degree == 1) {
        mont_mul8(&r->c[0], &a16->c[0], &a->c[0], &fq);
        return;
    }
    lanes_t sum16, diff, prod;
    lanes_add(&sum16, &a16->c[0], &a16->c[1]);           /* below 64q */
    add_const_sub(&diff, &a->c[0], fq.two_m, &a->c[1], NULL); /* below 4q */
    mont_mul8(&prod, &a16->c[0], &a->c[1], &fq);         /* below 1.76q */
    mont_mul8(&r->c[0], &sum16, &diff, &fq);             /* below 4.03q */
    sub_if_not_below(&r->c[0], fq.four_m);
    sub_if_not_below(&r->c[0], fq.two_m);
    lanes_add(&r->c[1], &prod, &prod);
    sub_if_not_below(&r->c[1], fq.two_m);
}

/* Below 4q into [0, q). */
IFMA static inline void elem_canonical(elem_t *x, int degree) {
    for (int c = 0; c < degree; c++) {
        sub_if_not_below(&x->c[c], fq.two_m);
        sub_if_not_below(&x->c[c], fq.m);
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
    sub_if_not_below(&canon, fq.m);
    uint64_t limb[4][8];
    __m512i a[4];
    to_limbs64(a, &canon);
    for (int i = 0; i < 4; i++) _mm512_storeu_si512(limb[i], a[i]);
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
            add_const_sub(&x3.c[c], &x3.c[c], fq.two_m, &bx.c[c], &x.c[c]); /* below 4q */
        elem_canonical(&x3, degree);
        for (int c = 0; c < degree; c++)
            add_const_sub(&dx.c[c], &bx.c[c], fq.m, &x3.c[c], NULL); /* below 2q */
        elem_mul(&y3, &lambda16, &dx, degree);
        for (int c = 0; c < degree; c++)
            add_const_sub(&y3.c[c], &y3.c[c], fq.m, &by.c[c], NULL); /* below 3q */
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
