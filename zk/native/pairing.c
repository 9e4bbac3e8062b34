/*
 * The optimal ate pairing of BN254 and its multi-pairing form.
 *
 * Miller loop over the NAF of 6u + 2 with T on the twist in homogeneous projective
 * coordinates (x = X/Z, y = Y/Z); the line through T (and Q) evaluated at P is
 *   l = l0 + l1·w + l3·w³   (l0 from y_P, l1 from x_P),
 * scaled by a factor of Fp2 that the final exponentiation removes. Two closing lines with
 * ψ(Q) and −ψ²(Q) finish the loop. The final exponentiation raises to (q^12 − 1)/r exactly:
 * the easy part (q^6 − 1)(q^2 + 1) by conjugation, inversion and Frobenius, and the hard
 * part (q^4 − q^2 + 1)/r by the addition chain of Scott et al. over f^u, f^u², f^u³, so the
 * results equal those of py_ecc and snarkjs bit for bit.
 */
#include "pairing.h"

#include <stdlib.h>

#include "params.h"

static int8_t ATE_NAF[72];
static int ATE_NAF_LEN;
static fp2_t TWIST_3B; /* 3·b' */

void pairing_init(void) {
    u128 x = (u128)BN_U * 6 + 2;
    int len = 0;
    while (x) {
        int8_t d = 0;
        if (x & 1) {
            d = (x & 3) == 1 ? 1 : -1;
            if (d == 1) x -= 1;
            else x += 1;
        }
        ATE_NAF[len++] = d;
        x >>= 1;
    }
    ATE_NAF_LEN = len;
    fp2_dbl(&TWIST_3B, &G2_B);
    fp2_add(&TWIST_3B, &TWIST_3B, &G2_B);
}

ZK_INLINE void fp_half(fp_t *r, const fp_t *a) {
    uint64_t t[4], c = 0;
    if (a->l[0] & 1) {
        c = zk_adc(a->l[0], FP_MOD[0], 0, &t[0]);
        c = zk_adc(a->l[1], FP_MOD[1], c, &t[1]);
        c = zk_adc(a->l[2], FP_MOD[2], c, &t[2]);
        c = zk_adc(a->l[3], FP_MOD[3], c, &t[3]);
    } else {
        memcpy(t, a->l, sizeof t);
    }
    r->l[0] = (t[0] >> 1) | (t[1] << 63);
    r->l[1] = (t[1] >> 1) | (t[2] << 63);
    r->l[2] = (t[2] >> 1) | (t[3] << 63);
    r->l[3] = (t[3] >> 1) | (c << 63);
}

ZK_INLINE void fp2_half(fp2_t *r, const fp2_t *a) {
    fp_half(&r->c0, &a->c0);
    fp_half(&r->c1, &a->c1);
}

typedef struct {
    fp2_t x, y, z;
} twist_proj_t;

typedef struct {
    fp_t yp, neg_yp, three_xp, neg_xp;
    g2_aff_t q, neg_q;
    twist_proj_t t;
} miller_pair_t;

/* T ← 2T; line value at P. */
static void doubling_step(fp12_t *f, miller_pair_t *m) {
    twist_proj_t *t = &m->t;
    fp2_t a, b, c, e, f3, g, h, i, j, s;
    fp2_mul(&a, &t->x, &t->y);
    fp2_half(&a, &a);
    fp2_sqr(&b, &t->y);
    fp2_sqr(&c, &t->z);
    fp2_mul(&e, &c, &TWIST_3B);
    fp2_dbl(&f3, &e);
    fp2_add(&f3, &f3, &e);
    fp2_add(&g, &b, &f3);
    fp2_half(&g, &g);
    fp2_add(&h, &t->y, &t->z);
    fp2_sqr(&h, &h);
    fp2_add(&s, &b, &c);
    fp2_sub(&h, &h, &s);
    fp2_sub(&i, &e, &b);
    fp2_sqr(&j, &t->x);

    fp2_sub(&s, &b, &f3);
    fp2_mul(&t->x, &a, &s);
    fp2_sqr(&s, &e);
    fp2_t s3;
    fp2_dbl(&s3, &s);
    fp2_add(&s3, &s3, &s);
    fp2_sqr(&g, &g);
    fp2_sub(&t->y, &g, &s3);
    fp2_mul(&t->z, &b, &h);

    fp2_t l0, l1;
    fp2_mul_fp(&l0, &h, &m->neg_yp);
    fp2_mul_fp(&l1, &j, &m->three_xp);
    fp12_mul_line(f, &l0, &l1, &i);
}

/* T ← T + Q (Q affine); line value at P. */
static void addition_step(fp12_t *f, miller_pair_t *m, const g2_aff_t *q) {
    twist_proj_t *t = &m->t;
    fp2_t theta, lambda, c, d, e, ff, g, h, s;
    fp2_mul(&s, &q->y, &t->z);
    fp2_sub(&theta, &t->y, &s);
    fp2_mul(&s, &q->x, &t->z);
    fp2_sub(&lambda, &t->x, &s);
    fp2_sqr(&c, &theta);
    fp2_sqr(&d, &lambda);
    fp2_mul(&e, &d, &lambda);
    fp2_mul(&ff, &t->z, &c);
    fp2_mul(&g, &t->x, &d);
    fp2_add(&h, &e, &ff);
    fp2_sub(&h, &h, &g);
    fp2_sub(&h, &h, &g);
    fp2_mul(&t->x, &lambda, &h);
    fp2_sub(&s, &g, &h);
    fp2_mul(&s, &theta, &s);
    fp2_t ye;
    fp2_mul(&ye, &t->y, &e);
    fp2_sub(&t->y, &s, &ye);
    fp2_mul(&t->z, &t->z, &e);

    fp2_t l0, l1, l3;
    fp2_mul_fp(&l0, &lambda, &m->yp);
    fp2_mul_fp(&l1, &theta, &m->neg_xp);
    fp2_mul(&l3, &theta, &q->x);
    fp2_mul(&s, &lambda, &q->y);
    fp2_sub(&l3, &l3, &s);
    fp12_mul_line(f, &l0, &l1, &l3);
}

int miller_loop(fp12_t *f, const g1_aff_t *p, const g2_aff_t *q, size_t n) {
    fp12_set_one(f);
    miller_pair_t *pairs = malloc((n ? n : 1) * sizeof *pairs);
    if (!pairs) return -1;
    size_t k = 0;
    for (size_t i = 0; i < n; i++) {
        if (g1_aff_is_identity(&p[i]) || g2_aff_is_identity(&q[i])) continue;
        miller_pair_t *m = &pairs[k++];
        m->yp = p[i].y;
        fp_neg(&m->neg_yp, &p[i].y);
        fp_dbl(&m->three_xp, &p[i].x);
        fp_add(&m->three_xp, &m->three_xp, &p[i].x);
        fp_neg(&m->neg_xp, &p[i].x);
        m->q = q[i];
        g2_aff_neg(&m->neg_q, &q[i]);
        m->t.x = q[i].x;
        m->t.y = q[i].y;
        fp2_set_one(&m->t.z);
    }
    for (int bit = ATE_NAF_LEN - 2; bit >= 0; bit--) {
        if (bit != ATE_NAF_LEN - 2) fp12_sqr(f, f);
        for (size_t i = 0; i < k; i++) doubling_step(f, &pairs[i]);
        int d = ATE_NAF[bit];
        if (d)
            for (size_t i = 0; i < k; i++)
                addition_step(f, &pairs[i], d > 0 ? &pairs[i].q : &pairs[i].neg_q);
    }
    for (size_t i = 0; i < k; i++) {
        g2_aff_t q1, q2;
        g2_aff_psi(&q1, &pairs[i].q);
        g2_aff_psi(&q2, &q1);
        g2_aff_neg(&q2, &q2);
        addition_step(f, &pairs[i], &q1);
        addition_step(f, &pairs[i], &q2);
    }
    free(pairs);
    return 0;
}

/* f^u in the cyclotomic subgroup (square and multiply from below u's top bit). */
static void cyclotomic_exp_u(fp12_t *r, const fp12_t *f) {
    fp12_t acc = *f;
    int top = 63;
    while (!((BN_U >> top) & 1)) top--;
    for (int bit = top - 1; bit >= 0; bit--) {
        fp12_cyclotomic_sqr(&acc, &acc);
        if ((BN_U >> bit) & 1) fp12_mul(&acc, &acc, f);
    }
    *r = acc;
}

void final_exponentiation(fp12_t *r, const fp12_t *in) {
    fp12_t f, t, fu, fu2, fu3, y0, y1, y2, y3, y4, y5, y6, t0, t1;
    /* easy part: f^((q^6 − 1)(q^2 + 1)) */
    fp12_inv(&t, in);
    fp12_conj(&f, in);
    fp12_mul(&f, &f, &t);
    fp12_frobenius(&t, &f, 2);
    fp12_mul(&f, &t, &f);
    /* hard part: f^((q^4 − q^2 + 1)/r) */
    cyclotomic_exp_u(&fu, &f);
    cyclotomic_exp_u(&fu2, &fu);
    cyclotomic_exp_u(&fu3, &fu2);

    fp12_frobenius(&y0, &f, 1);
    fp12_frobenius(&t, &f, 2);
    fp12_mul(&y0, &y0, &t);
    fp12_frobenius(&t, &f, 3);
    fp12_mul(&y0, &y0, &t);
    fp12_conj(&y1, &f);
    fp12_frobenius(&y2, &fu2, 2);
    fp12_frobenius(&y3, &fu, 1);
    fp12_conj(&y3, &y3);
    fp12_frobenius(&t, &fu2, 1);
    fp12_mul(&y4, &fu, &t);
    fp12_conj(&y4, &y4);
    fp12_conj(&y5, &fu2);
    fp12_frobenius(&t, &fu3, 1);
    fp12_mul(&y6, &fu3, &t);
    fp12_conj(&y6, &y6);

    fp12_cyclotomic_sqr(&t0, &y6);
    fp12_mul(&t0, &t0, &y4);
    fp12_mul(&t0, &t0, &y5);
    fp12_mul(&t1, &y3, &y5);
    fp12_mul(&t1, &t1, &t0);
    fp12_mul(&t0, &t0, &y2);
    fp12_cyclotomic_sqr(&t1, &t1);
    fp12_mul(&t1, &t1, &t0);
    fp12_cyclotomic_sqr(&t1, &t1);
    fp12_mul(&t0, &t1, &y1);
    fp12_mul(&t1, &t1, &y0);
    fp12_cyclotomic_sqr(&t0, &t0);
    fp12_mul(r, &t0, &t1);
}

int pairing_product(fp12_t *r, const g1_aff_t *p, const g2_aff_t *q, size_t n) {
    fp12_t f;
    if (miller_loop(&f, p, q, n)) return -1;
    final_exponentiation(r, &f);
    return 0;
}
