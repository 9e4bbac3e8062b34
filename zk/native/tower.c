/* Fp2 inversion, Fp6 and Fp12 arithmetic, Frobenius maps and the cyclotomic squaring. */
#include "tower.h"

#include "mont_adx.h"

fp2_t FROB_GAMMA1[6];
fp_t FROB_GAMMA2[6];
fp2_t FROB_GAMMA3[6];

/* ---- Fp2 ------------------------------------------------------------------------------- */

#define FP2_MUL_BODY(MUL)                                                                          \
    fp_t t0, t1, s0, s1;                                                                           \
    MUL(&t0, &a->c0, &b->c0);                                                                      \
    MUL(&t1, &a->c1, &b->c1);                                                                      \
    fp_add(&s0, &a->c0, &a->c1);                                                                   \
    fp_add(&s1, &b->c0, &b->c1);                                                                   \
    MUL(&s0, &s0, &s1);                                                                            \
    fp_sub(&r->c0, &t0, &t1);                                                                      \
    fp_sub(&s0, &s0, &t0);                                                                         \
    fp_sub(&r->c1, &s0, &t1);

#define FP2_SQR_BODY(MUL)                                                                          \
    fp_t s, d, t;                                                                                  \
    fp_add(&s, &a->c0, &a->c1);                                                                    \
    fp_sub(&d, &a->c0, &a->c1);                                                                    \
    MUL(&t, &a->c0, &a->c1);                                                                       \
    MUL(&r->c0, &s, &d);                                                                           \
    fp_dbl(&r->c1, &t);

static void fp2_mul_portable(fp2_t *r, const fp2_t *a, const fp2_t *b) { FP2_MUL_BODY(fp_mul) }
static void fp2_sqr_portable(fp2_t *r, const fp2_t *a) { FP2_SQR_BODY(fp_mul) }

zk_fp2_mul_fn zk_fp2_mul = fp2_mul_portable;
zk_fp2_sqr_fn zk_fp2_sqr = fp2_sqr_portable;

#ifdef ZK_HAVE_ADX_KERNEL
#define FP_MUL_ADX(r, a, b) mont_mul_adx((r)->l, (a)->l, (b)->l, FP_MOD, FP_INV)
/* 8-limb r = a − b; returns the borrow. */
static inline uint64_t sub8(uint64_t r[8], const uint64_t a[8], const uint64_t b[8]) {
    uint64_t br = 0;
    for (int i = 0; i < 8; i++) br = zk_sbb(a[i], b[i], br, &r[i]);
    return br;
}

/* Karatsuba with the reductions deferred: the three products stay 512-bit, c0 = a0b0 − a1b1
 * (plus m·2^256 when negative) and c1 = (a0 + a1)(b0 + b1) − a0b0 − a1b1 are each below
 * m·2^256 (m < 2^254), so two Montgomery reductions do for three. */
__attribute__((target("bmi2,adx"))) static void fp2_mul_adx(fp2_t *r, const fp2_t *a,
                                                            const fp2_t *b) {
    uint64_t sa[4], sb[4], w0[8], w1[8], w2[8], c = 0, d = 0;
    for (int i = 0; i < 4; i++) {
        c = zk_adc(a->c0.l[i], a->c1.l[i], c, &sa[i]);
        d = zk_adc(b->c0.l[i], b->c1.l[i], d, &sb[i]);
    }
    mul_wide_adx(w0, a->c0.l, b->c0.l);
    mul_wide_adx(w1, a->c1.l, b->c1.l);
    mul_wide_adx(w2, sa, sb);
    sub8(w2, w2, w0);
    sub8(w2, w2, w1);
    uint64_t mask = (uint64_t)0 - sub8(w0, w0, w1);
    c = 0;
    for (int i = 0; i < 4; i++) c = zk_adc(w0[4 + i], FP_MOD[i] & mask, c, &w0[4 + i]);
    mont_redc_adx(r->c0.l, w0, FP_MOD, FP_INV);
    mont_redc_adx(r->c1.l, w2, FP_MOD, FP_INV);
}
__attribute__((target("bmi2,adx"))) static void fp2_sqr_adx(fp2_t *r, const fp2_t *a) {
    FP2_SQR_BODY(FP_MUL_ADX)
}
#endif

static void select_fp2_kernels(void) {
#ifdef ZK_HAVE_ADX_KERNEL
    if (strcmp(field_kernel_name(), "adx") == 0) {
        zk_fp2_mul = fp2_mul_adx;
        zk_fp2_sqr = fp2_sqr_adx;
    }
#endif
}

/* Multiply by ξ = 9 + u: (9·a0 − a1) + (a0 + 9·a1)·u. */
void fp2_mul_xi(fp2_t *r, const fp2_t *a) {
    fp_t t0, t1;
    fp_dbl(&t0, &a->c0); fp_dbl(&t0, &t0); fp_dbl(&t0, &t0); fp_add(&t0, &t0, &a->c0);
    fp_dbl(&t1, &a->c1); fp_dbl(&t1, &t1); fp_dbl(&t1, &t1); fp_add(&t1, &t1, &a->c1);
    fp_add(&t1, &t1, &a->c0);
    fp_sub(&r->c0, &t0, &a->c1);
    r->c1 = t1;
}

/* 1/(a0 + a1·u) = (a0 − a1·u)/(a0² + a1²). */
void fp2_inv(fp2_t *r, const fp2_t *a) {
    fp_t t0, t1;
    fp_sqr(&t0, &a->c0);
    fp_sqr(&t1, &a->c1);
    fp_add(&t0, &t0, &t1);
    fp_inv(&t0, &t0);
    fp_mul(&r->c0, &a->c0, &t0);
    fp_mul(&t1, &a->c1, &t0);
    fp_neg(&r->c1, &t1);
}

void fp2_pow(fp2_t *r, const fp2_t *a, const uint64_t *exp, size_t exp_limbs) {
    fp2_t acc, base = *a;
    fp2_set_one(&acc);
    for (size_t i = exp_limbs; i-- > 0;) {
        for (int bit = 63; bit >= 0; bit--) {
            fp2_sqr(&acc, &acc);
            if ((exp[i] >> bit) & 1) fp2_mul(&acc, &acc, &base);
        }
    }
    *r = acc;
}

void fp2_batch_inv(fp2_t *a, size_t n, fp2_t *scratch) {
    fp2_t acc;
    fp2_set_one(&acc);
    for (size_t i = 0; i < n; i++) {
        scratch[i] = acc;
        if (!fp2_is_zero(&a[i])) fp2_mul(&acc, &acc, &a[i]);
    }
    fp2_inv(&acc, &acc);
    for (size_t i = n; i-- > 0;) {
        if (fp2_is_zero(&a[i])) continue;
        fp2_t inv_i;
        fp2_mul(&inv_i, &acc, &scratch[i]);
        fp2_mul(&acc, &acc, &a[i]);
        a[i] = inv_i;
    }
}

/* ---- Fp6 ------------------------------------------------------------------------------- */

void fp6_add(fp6_t *r, const fp6_t *a, const fp6_t *b) {
    fp2_add(&r->c0, &a->c0, &b->c0);
    fp2_add(&r->c1, &a->c1, &b->c1);
    fp2_add(&r->c2, &a->c2, &b->c2);
}

void fp6_sub(fp6_t *r, const fp6_t *a, const fp6_t *b) {
    fp2_sub(&r->c0, &a->c0, &b->c0);
    fp2_sub(&r->c1, &a->c1, &b->c1);
    fp2_sub(&r->c2, &a->c2, &b->c2);
}

void fp6_neg(fp6_t *r, const fp6_t *a) {
    fp2_neg(&r->c0, &a->c0);
    fp2_neg(&r->c1, &a->c1);
    fp2_neg(&r->c2, &a->c2);
}

/* Karatsuba over the three coefficients: six Fp2 products. */
void fp6_mul(fp6_t *r, const fp6_t *a, const fp6_t *b) {
    fp2_t t0, t1, t2, s, u, c0, c1, c2;
    fp2_mul(&t0, &a->c0, &b->c0);
    fp2_mul(&t1, &a->c1, &b->c1);
    fp2_mul(&t2, &a->c2, &b->c2);

    fp2_add(&s, &a->c1, &a->c2);
    fp2_add(&u, &b->c1, &b->c2);
    fp2_mul(&s, &s, &u);
    fp2_sub(&s, &s, &t1);
    fp2_sub(&s, &s, &t2);
    fp2_mul_xi(&s, &s);
    fp2_add(&c0, &s, &t0);

    fp2_add(&s, &a->c0, &a->c1);
    fp2_add(&u, &b->c0, &b->c1);
    fp2_mul(&s, &s, &u);
    fp2_sub(&s, &s, &t0);
    fp2_sub(&s, &s, &t1);
    fp2_mul_xi(&u, &t2);
    fp2_add(&c1, &s, &u);

    fp2_add(&s, &a->c0, &a->c2);
    fp2_add(&u, &b->c0, &b->c2);
    fp2_mul(&s, &s, &u);
    fp2_sub(&s, &s, &t0);
    fp2_sub(&s, &s, &t2);
    fp2_add(&c2, &s, &t1);

    r->c0 = c0;
    r->c1 = c1;
    r->c2 = c2;
}

/* Chung–Hasan SQR2. */
void fp6_sqr(fp6_t *r, const fp6_t *a) {
    fp2_t s0, s1, s2, s3, s4, t;
    fp2_sqr(&s0, &a->c0);
    fp2_mul(&s1, &a->c0, &a->c1);
    fp2_dbl(&s1, &s1);
    fp2_sub(&t, &a->c0, &a->c1);
    fp2_add(&t, &t, &a->c2);
    fp2_sqr(&s2, &t);
    fp2_mul(&s3, &a->c1, &a->c2);
    fp2_dbl(&s3, &s3);
    fp2_sqr(&s4, &a->c2);

    fp2_mul_xi(&t, &s3);
    fp2_add(&r->c0, &s0, &t);
    fp2_mul_xi(&t, &s4);
    fp2_t c1;
    fp2_add(&c1, &s1, &t);
    fp2_add(&t, &s1, &s2);
    fp2_add(&t, &t, &s3);
    fp2_sub(&t, &t, &s0);
    fp2_sub(&r->c2, &t, &s4);
    r->c1 = c1;
}

/* (a0 + a1·v + a2·v²)·v = ξ·a2 + a0·v + a1·v². */
void fp6_mul_v(fp6_t *r, const fp6_t *a) {
    fp2_t t;
    fp2_mul_xi(&t, &a->c2);
    r->c2 = a->c1;
    r->c1 = a->c0;
    r->c0 = t;
}

void fp6_inv(fp6_t *r, const fp6_t *a) {
    fp2_t t0, t1, t2, s, det;
    fp2_sqr(&t0, &a->c0);
    fp2_mul(&s, &a->c1, &a->c2);
    fp2_mul_xi(&s, &s);
    fp2_sub(&t0, &t0, &s);

    fp2_sqr(&t1, &a->c2);
    fp2_mul_xi(&t1, &t1);
    fp2_mul(&s, &a->c0, &a->c1);
    fp2_sub(&t1, &t1, &s);

    fp2_sqr(&t2, &a->c1);
    fp2_mul(&s, &a->c0, &a->c2);
    fp2_sub(&t2, &t2, &s);

    fp2_mul(&det, &a->c2, &t1);
    fp2_mul(&s, &a->c1, &t2);
    fp2_add(&det, &det, &s);
    fp2_mul_xi(&det, &det);
    fp2_mul(&s, &a->c0, &t0);
    fp2_add(&det, &det, &s);
    fp2_inv(&det, &det);

    fp2_mul(&r->c0, &t0, &det);
    fp2_mul(&r->c1, &t1, &det);
    fp2_mul(&r->c2, &t2, &det);
}

/* (a0 + a1·v + a2·v²)(b0 + b1·v): five Fp2 products. */
static void fp6_mul_01(fp6_t *r, const fp6_t *a, const fp2_t *b0, const fp2_t *b1) {
    fp2_t t0, t1, s, u, c0, c1, c2;
    fp2_mul(&t0, &a->c0, b0);
    fp2_mul(&t1, &a->c1, b1);

    fp2_mul(&s, &a->c2, b1);
    fp2_mul_xi(&s, &s);
    fp2_add(&c0, &s, &t0);

    fp2_add(&s, &a->c0, &a->c1);
    fp2_add(&u, b0, b1);
    fp2_mul(&s, &s, &u);
    fp2_sub(&s, &s, &t0);
    fp2_sub(&c1, &s, &t1);

    fp2_mul(&s, &a->c2, b0);
    fp2_add(&c2, &s, &t1);

    r->c0 = c0;
    r->c1 = c1;
    r->c2 = c2;
}

static void fp6_mul_fp2(fp6_t *r, const fp6_t *a, const fp2_t *b) {
    fp2_mul(&r->c0, &a->c0, b);
    fp2_mul(&r->c1, &a->c1, b);
    fp2_mul(&r->c2, &a->c2, b);
}

/* ---- Fp12 ------------------------------------------------------------------------------ */

void fp12_set_one(fp12_t *r) {
    memset(r, 0, sizeof *r);
    r->c0.c0.c0 = FP_ONE;
}

int fp12_eq(const fp12_t *a, const fp12_t *b) {
    const fp2_t *x = (const fp2_t *)a, *y = (const fp2_t *)b;
    for (int i = 0; i < 6; i++)
        if (!fp2_eq(&x[i], &y[i])) return 0;
    return 1;
}

int fp12_is_one(const fp12_t *a) {
    fp12_t one;
    fp12_set_one(&one);
    return fp12_eq(a, &one);
}

void fp12_mul(fp12_t *r, const fp12_t *a, const fp12_t *b) {
    fp6_t t0, t1, s, u;
    fp6_mul(&t0, &a->c0, &b->c0);
    fp6_mul(&t1, &a->c1, &b->c1);
    fp6_add(&s, &a->c0, &a->c1);
    fp6_add(&u, &b->c0, &b->c1);
    fp6_mul(&s, &s, &u);
    fp6_sub(&s, &s, &t0);
    fp6_sub(&r->c1, &s, &t1);
    fp6_mul_v(&t1, &t1);
    fp6_add(&r->c0, &t0, &t1);
}

/* Complex squaring: two Fp6 products. */
void fp12_sqr(fp12_t *r, const fp12_t *a) {
    fp6_t t, s, u;
    fp6_mul(&t, &a->c0, &a->c1);
    fp6_add(&s, &a->c0, &a->c1);
    fp6_mul_v(&u, &a->c1);
    fp6_add(&u, &u, &a->c0);
    fp6_mul(&s, &s, &u);
    fp6_sub(&s, &s, &t);
    fp6_mul_v(&u, &t);
    fp6_sub(&r->c0, &s, &u);
    fp6_add(&r->c1, &t, &t);
}

/* 1/(a + b·w) = (a − b·w)/(a² − v·b²). */
void fp12_inv(fp12_t *r, const fp12_t *a) {
    fp6_t t0, t1;
    fp6_sqr(&t0, &a->c0);
    fp6_sqr(&t1, &a->c1);
    fp6_mul_v(&t1, &t1);
    fp6_sub(&t0, &t0, &t1);
    fp6_inv(&t0, &t0);
    fp6_mul(&r->c0, &a->c0, &t0);
    fp6_mul(&t1, &a->c1, &t0);
    fp6_neg(&r->c1, &t1);
}

void fp12_conj(fp12_t *r, const fp12_t *a) {
    r->c0 = a->c0;
    fp6_neg(&r->c1, &a->c1);
}

/* Coefficients of w^k, k = 0…5, inside the struct: a0, b0, a1, b1, a2, b2. */
static fp2_t *coeff_of_w(fp12_t *f, int k) {
    fp6_t *half = (k & 1) ? &f->c1 : &f->c0;
    return &((fp2_t *)half)[k >> 1];
}

void fp12_frobenius(fp12_t *r, const fp12_t *a, int k) {
    fp12_t out = *a;
    for (int e = 0; e < 6; e++) {
        fp2_t *c = coeff_of_w(&out, e);
        if (k == 2) {
            fp2_mul_fp(c, c, &FROB_GAMMA2[e]);
        } else {
            fp2_conj(c, c);
            fp2_mul(c, c, k == 1 ? &FROB_GAMMA1[e] : &FROB_GAMMA3[e]);
        }
    }
    *r = out;
}

/* f·l with l = (l0, 0, 0) + (l1, l3, 0)·w. */
void fp12_mul_line(fp12_t *f, const fp2_t *l0, const fp2_t *l1, const fp2_t *l3) {
    fp6_t t0, t1, s;
    fp2_t m0;
    fp6_mul_fp2(&t0, &f->c0, l0);
    fp6_mul_01(&t1, &f->c1, l1, l3);
    fp6_add(&s, &f->c0, &f->c1);
    fp2_add(&m0, l0, l1);
    fp6_mul_01(&s, &s, &m0, l3);
    fp6_sub(&s, &s, &t0);
    fp6_sub(&f->c1, &s, &t1);
    fp6_mul_v(&t1, &t1);
    fp6_add(&f->c0, &t0, &t1);
}

/* (x + y·s)² in Fp4 = Fp2[s]/(s² − ξ). */
static void fp4_sqr(fp2_t *rx, fp2_t *ry, const fp2_t *x, const fp2_t *y) {
    fp2_t t0, t1, s;
    fp2_sqr(&t0, x);
    fp2_sqr(&t1, y);
    fp2_add(&s, x, y);
    fp2_sqr(&s, &s);
    fp2_sub(&s, &s, &t0);
    fp2_sub(ry, &s, &t1);
    fp2_mul_xi(&t1, &t1);
    fp2_add(rx, &t0, &t1);
}

/* 3·t − 2·c (sign = −1) or 3·t + 2·c (sign = +1), coefficient-wise. */
static void three_t_pm_two_c(fp2_t *r, const fp2_t *t, const fp2_t *c, int sign) {
    fp2_t x;
    if (sign < 0) fp2_sub(&x, t, c);
    else fp2_add(&x, t, c);
    fp2_dbl(&x, &x);
    fp2_add(r, &x, t);
}

/* Granger–Scott: viewing f as A + B·w + C·w² over Fp4 (s = w³), with A = (a0, b1),
 * B = (b0, a2), C = (a1, b2):  A' = 3A² − 2Ā,  B' = 3s·C² + 2B̄,  C' = 3B² − 2C̄. */
void fp12_cyclotomic_sqr(fp12_t *r, const fp12_t *a) {
    const fp2_t *a0 = &a->c0.c0, *a1 = &a->c0.c1, *a2 = &a->c0.c2;
    const fp2_t *b0 = &a->c1.c0, *b1 = &a->c1.c1, *b2 = &a->c1.c2;
    fp2_t ax, ay, bx, by, cx, cy, t;
    fp4_sqr(&ax, &ay, a0, b1);
    fp4_sqr(&bx, &by, b0, a2);
    fp4_sqr(&cx, &cy, a1, b2);
    fp12_t out;
    /* A' = 3A² − 2·conj(A): x-part 3ax − 2a0, y-part 3ay + 2b1 */
    three_t_pm_two_c(&out.c0.c0, &ax, a0, -1);
    three_t_pm_two_c(&out.c1.c1, &ay, b1, +1);
    /* B' = 3·s·C² + 2·conj(B): s·(cx + cy·s) = ξ·cy + cx·s */
    fp2_mul_xi(&t, &cy);
    three_t_pm_two_c(&out.c1.c0, &t, b0, +1);
    three_t_pm_two_c(&out.c0.c2, &cx, a2, -1);
    /* C' = 3B² − 2·conj(C) */
    three_t_pm_two_c(&out.c0.c1, &bx, a1, -1);
    three_t_pm_two_c(&out.c1.c2, &by, b2, +1);
    *r = out;
}

/* ---- constants ------------------------------------------------------------------------- */

/* (q − 1)/6 by schoolbook long division of the limbs. */
static void q_minus_one_over_six(uint64_t out[4]) {
    u128 rem = 0;
    for (int i = 3; i >= 0; i--) {
        u128 cur = (rem << 64) | (i == 0 ? FP_MOD[0] - 1 : FP_MOD[i]);
        out[i] = (uint64_t)(cur / 6);
        rem = cur % 6;
    }
}

void tower_init(void) {
    select_fp2_kernels();
    fp2_t xi, gamma;
    uint64_t e[4];
    fp2_set_one(&xi);
    fp_t nine = FP_ONE;
    for (int i = 1; i < 9; i++) fp_add(&nine, &nine, &FP_ONE);
    xi.c0 = nine;
    xi.c1 = FP_ONE;
    q_minus_one_over_six(e);
    fp2_pow(&gamma, &xi, e, 4);
    fp2_set_one(&FROB_GAMMA1[0]);
    for (int k = 1; k < 6; k++) fp2_mul(&FROB_GAMMA1[k], &FROB_GAMMA1[k - 1], &gamma);
    for (int k = 0; k < 6; k++) {
        fp2_t c, n;
        fp2_conj(&c, &FROB_GAMMA1[k]);
        fp2_mul(&n, &FROB_GAMMA1[k], &c);
        FROB_GAMMA2[k] = n.c0;
        fp2_mul_fp(&FROB_GAMMA3[k], &FROB_GAMMA1[k], &n.c0);
    }
}
