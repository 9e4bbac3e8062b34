/* GLV scalar multiplication for G1 and G2 (see glv.h): constants, decompositions, ladders. */
#include "glv.h"

#include "params.h"

#define GLV_W 5
#define GLV_TABLE (1 << (GLV_W - 1))
#define GLV_MAX_WINDOWS (256 / GLV_W + 2)

/* A half-length scalar: magnitude (plain limbs) and sign. */
typedef struct {
    uint64_t mag[4];
    int neg;
} glv_half_t;

void zk_wipe(void *p, size_t len) {
    volatile unsigned char *v = p;
    while (len--) *v++ = 0;
}

/* Signed 5-bit digits of k (d[w] in −16 … 16, Σ d[w]·32^w = k); returns the number of
 * windows up to the top non-zero digit. */
static int glv_digits(int8_t *d, const uint64_t k[4]) {
    int carry = 0, top = 0;
    for (int w = 0; w < GLV_MAX_WINDOWS; w++) {
        unsigned bit = (unsigned)(w * GLV_W), limb = bit / 64, off = bit % 64;
        uint64_t raw = 0;
        if (limb < 4) {
            raw = k[limb] >> off;
            if (off + GLV_W > 64 && limb + 1 < 4) raw |= k[limb + 1] << (64 - off);
        }
        int v = (int)(raw & ((1u << GLV_W) - 1)) + carry;
        if (v >= GLV_TABLE) {
            v -= 1 << GLV_W;
            carry = 1;
        } else {
            carry = 0;
        }
        d[w] = (int8_t)v;
        if (v) top = w + 1;
    }
    return top;
}

/* ---- constants ------------------------------------------------------------------------- */

static int glv_ready;       /* set once the constants passed their self-check */
static fp_t G1_BETA;        /* φ(x, y) = (β·x, y) = λ·(x, y) */
static fr_t G1_LAMBDA;      /* −(36u³ + 18u² + 6u + 1) − 1, a root of λ² + λ + 1 mod r */
static fr_t G1_V_SHORT;     /* 2u + 1 */
static fr_t G1_V_LONG;      /* 6u² + 4u + 1 */
static uint64_t G1_ROUND_SHORT[4]; /* ⌊2²⁵⁶·(2u + 1)/r⌋ */
static uint64_t G1_ROUND_LONG[4];  /* ⌊2²⁵⁶·(6u² + 4u + 1)/r⌋ */
static u128 G2_EIGEN;              /* 6u²: ψ(P) = [6u²]P on the order-r subgroup */
static uint64_t G2_RECIPROCAL[4];  /* ⌊2²⁵⁶/6u²⌋ */
static u128 G1_W_LONG;             /* 6u² + 2u */
static int g1_split_ready;         /* the integer basis checked against λ */

static void limbs_from_u128(uint64_t r[4], u128 x) {
    r[0] = (uint64_t)x;
    r[1] = (uint64_t)(x >> 64);
    r[2] = r[3] = 0;
}

/* ⌊2²⁵⁶·x/r⌋ for x < 2¹²⁸ by shift-and-subtract long division (once, at start-up). */
static void div_shifted_by_r(uint64_t q[4], u128 x) {
    uint64_t rem[4] = {0, 0, 0, 0};
    memset(q, 0, 4 * sizeof *q);
    for (int bit = 383; bit >= 0; bit--) {
        uint64_t in = bit >= 256 ? (uint64_t)(x >> (bit - 256)) & 1 : 0;
        for (int i = 3; i > 0; i--) rem[i] = (rem[i] << 1) | (rem[i - 1] >> 63);
        rem[0] = (rem[0] << 1) | in;
        if (!limbs_lt(rem, FR_MOD)) {
            uint64_t br = zk_sbb(rem[0], FR_MOD[0], 0, &rem[0]);
            br = zk_sbb(rem[1], FR_MOD[1], br, &rem[1]);
            br = zk_sbb(rem[2], FR_MOD[2], br, &rem[2]);
            zk_sbb(rem[3], FR_MOD[3], br, &rem[3]);
            if (bit < 256) q[bit / 64] |= (uint64_t)1 << (bit % 64);
        }
    }
}

/* ⌊2²⁵⁶/d⌋ for 1 < d < 2¹²⁷, by shift-and-subtract (once, at start-up). */
static void reciprocal_256(uint64_t q[4], u128 d) {
    u128 rem = 1; /* the dividend's one set bit, 2²⁵⁶ */
    memset(q, 0, 4 * sizeof *q);
    for (int bit = 255; bit >= 0; bit--) {
        rem <<= 1;
        if (rem >= d) {
            rem -= d;
            q[bit / 64] |= (uint64_t)1 << (bit % 64);
        }
    }
}

static void fr_small(fr_t *r, uint64_t v) {
    uint64_t p[4] = {v, 0, 0, 0};
    fr_from_plain(r, p);
}

/* A cube root of unity ≠ 1 in Fp: c^((q−1)/3) for the first small c that is not a cube. */
static void fp_cube_root_of_unity(fp_t *r) {
    uint64_t e[4], rem = 0;
    uint64_t qm1[4] = {FP_MOD[0] - 1, FP_MOD[1], FP_MOD[2], FP_MOD[3]};
    for (int i = 3; i >= 0; i--) {
        u128 cur = ((u128)rem << 64) | qm1[i];
        e[i] = (uint64_t)(cur / 3);
        rem = (uint64_t)(cur % 3);
    }
    for (uint64_t c = 2;; c++) {
        uint64_t plain[4] = {c, 0, 0, 0};
        fp_t base;
        fp_from_plain(&base, plain);
        fp_pow(r, &base, e, 4);
        if (!fp_is_one(r)) return;
    }
}

/* φ(G) = λ·G for the generator G = (1, 2), with the given β. */
static int g1_beta_matches(const fp_t *beta) {
    uint64_t one[4] = {1, 0, 0, 0}, two[4] = {2, 0, 0, 0}, lambda[4];
    g1_jac_t g, lg, phi;
    fp_from_plain(&g.x, one);
    fp_from_plain(&g.y, two);
    fp_set_one(&g.z);
    fr_to_plain(lambda, &G1_LAMBDA);
    g1_jac_mul(&lg, &g, lambda);
    fp_mul(&phi.x, &g.x, beta);
    phi.y = g.y;
    phi.z = g.z;
    return g1_jac_eq(&lg, &phi);
}

void glv_init(void) {
    const u128 u = BN_U;
    const u128 v_short = 2 * u + 1, v_long = 6 * u * u + 4 * u + 1;
    G2_EIGEN = 6 * u * u;

    fr_t fu, u2, u3, t, c;
    fr_small(&fu, BN_U);
    fr_mul(&u2, &fu, &fu);
    fr_mul(&u3, &u2, &fu);
    fr_small(&c, 36);
    fr_mul(&G1_LAMBDA, &u3, &c);
    fr_small(&c, 18);
    fr_mul(&t, &u2, &c);
    fr_add(&G1_LAMBDA, &G1_LAMBDA, &t);
    fr_small(&c, 6);
    fr_mul(&t, &fu, &c);
    fr_add(&G1_LAMBDA, &G1_LAMBDA, &t);
    fr_add(&G1_LAMBDA, &G1_LAMBDA, &FR_ONE);
    fr_add(&G1_LAMBDA, &G1_LAMBDA, &FR_ONE);
    fr_neg(&G1_LAMBDA, &G1_LAMBDA);

    uint64_t limbs[4];
    limbs_from_u128(limbs, v_short);
    fr_from_plain(&G1_V_SHORT, limbs);
    limbs_from_u128(limbs, v_long);
    fr_from_plain(&G1_V_LONG, limbs);
    div_shifted_by_r(G1_ROUND_SHORT, v_short);
    div_shifted_by_r(G1_ROUND_LONG, v_long);

    fp_cube_root_of_unity(&G1_BETA);
    if (!g1_beta_matches(&G1_BETA)) fp_sqr(&G1_BETA, &G1_BETA);
    glv_ready = g1_beta_matches(&G1_BETA);

    reciprocal_256(G2_RECIPROCAL, G2_EIGEN);
    G1_W_LONG = 6 * u * u + 2 * u;
    limbs_from_u128(limbs, G1_W_LONG);
    fr_t w_long, check;
    fr_from_plain(&w_long, limbs);
    fr_mul(&check, &G1_V_LONG, &G1_LAMBDA);
    fr_add(&check, &check, &G1_V_SHORT); /* (2u + 1) + (6u² + 4u + 1)·λ */
    int first = fr_is_zero(&check);
    fr_mul(&check, &G1_V_SHORT, &G1_LAMBDA);
    fr_sub(&check, &w_long, &check); /* (6u² + 2u) − (2u + 1)·λ */
    g1_split_ready = glv_ready && first && fr_is_zero(&check);
}

int g1_glv_ready(void) { return g1_split_ready; }

void g1_glv_beta(fp_t *beta) { *beta = G1_BETA; }

/* ---- decompositions -------------------------------------------------------------------- */

/* ⌊k·g/2²⁵⁶⌋, using t (eight limbs) as scratch. */
static inline void mul_high(uint64_t c[4], const uint64_t k[4], const uint64_t g[4],
                            uint64_t t[8]) {
    memset(t, 0, 8 * sizeof *t);
    for (int i = 0; i < 4; i++) {
        uint64_t carry = 0;
        for (int j = 0; j < 4; j++) {
            u128 z = (u128)k[i] * g[j] + t[i + j] + carry;
            t[i + j] = (uint64_t)z;
            carry = (uint64_t)(z >> 64);
        }
        t[i + 4] = carry;
    }
    memcpy(c, t + 4, 4 * sizeof *c);
}

/* out = a·b as four limbs. */
static void mul_u128(uint64_t out[4], u128 a, u128 b) {
    uint64_t a0 = (uint64_t)a, a1 = (uint64_t)(a >> 64), b0 = (uint64_t)b, b1 = (uint64_t)(b >> 64);
    u128 p00 = (u128)a0 * b0, p01 = (u128)a0 * b1, p10 = (u128)a1 * b0, p11 = (u128)a1 * b1;
    u128 mid = (p00 >> 64) + (uint64_t)p01 + (uint64_t)p10;
    out[0] = (uint64_t)p00;
    out[1] = (uint64_t)mid;
    u128 high = (mid >> 64) + (p01 >> 64) + (p10 >> 64) + (uint64_t)p11;
    out[2] = (uint64_t)high;
    out[3] = (uint64_t)((high >> 64) + (uint64_t)(p11 >> 64));
}

static void sub_limbs(uint64_t r[4], const uint64_t a[4], const uint64_t b[4]) {
    uint64_t br = zk_sbb(a[0], b[0], 0, &r[0]);
    br = zk_sbb(a[1], b[1], br, &r[1]);
    br = zk_sbb(a[2], b[2], br, &r[2]);
    zk_sbb(a[3], b[3], br, &r[3]);
}

/* A small signed integer held mod 2²⁵⁶ as magnitude and sign; 0 when it is 2¹²⁸ or more. */
static int signed_small(uint64_t mag[4], int *neg, const uint64_t v[4]) {
    *neg = (int)(v[3] >> 63);
    if (*neg) {
        const uint64_t zero[4] = {0, 0, 0, 0};
        sub_limbs(mag, zero, v);
    } else {
        memcpy(mag, v, 4 * sizeof *mag);
    }
    return (mag[2] | mag[3]) == 0;
}

/* k = k₁ + k₂·λ mod r by Babai rounding against the basis (2u + 1, 6u² + 4u + 1),
 * (6u² + 2u, −(2u + 1)) of {(a, b) : a + b·λ ≡ 0} (checked at init), in plain integers:
 * with c₁ ≈ ⌊k·(2u + 1)/r⌋ and c₂ ≈ ⌊k·(6u² + 4u + 1)/r⌋ (high products with ⌊2²⁵⁶·v/r⌋),
 * k₁ = k − c₁·(2u + 1) − c₂·(6u² + 2u) and k₂ = c₂·(2u + 1) − c₁·(6u² + 4u + 1). The
 * subtracted vectors lie in the lattice, so the split is exact whatever the rounding;
 * the rounding keeps both halves near 2¹²⁷. */
/* The split with its intermediate values in `tmp` (24 limbs), which a caller holding a
 * secret scalar wipes. */
static inline int g1_split_in(uint64_t k1[4], int *neg1, uint64_t k2[4], int *neg2,
                              const uint64_t k[4], uint64_t tmp[24]) {
    const u128 u = BN_U, v_short = 2 * u + 1, v_long = 6 * u * u + 4 * u + 1;
    uint64_t *c1 = tmp, *c2 = tmp + 4, *t = tmp + 8, *v = tmp + 12, *wide = tmp + 16;
    mul_high(c1, k, G1_ROUND_SHORT, wide);
    mul_high(c2, k, G1_ROUND_LONG, wide);
    const u128 c1v = ((u128)c1[1] << 64) | c1[0], c2v = ((u128)c2[1] << 64) | c2[0];
    mul_u128(t, c1v, v_short);
    sub_limbs(v, k, t);
    mul_u128(t, c2v, G1_W_LONG);
    sub_limbs(v, v, t);
    int ok = signed_small(k1, neg1, v) && (c1[2] | c1[3] | c2[2] | c2[3]) == 0;
    mul_u128(v, c2v, v_short);
    mul_u128(t, c1v, v_long);
    sub_limbs(v, v, t);
    return signed_small(k2, neg2, v) && ok;
}

int g1_glv_split(uint64_t k1[4], int *neg1, uint64_t k2[4], int *neg2, const uint64_t k[4]) {
    uint64_t tmp[24];
    return g1_split_ready && g1_split_in(k1, neg1, k2, neg2, k, tmp);
}

/* The split as the ladder's halves (should it ever exceed 128 bits: k itself, which the
 * ladder's digits also cover). */
static void g1_decompose(glv_half_t *k1, glv_half_t *k2, const uint64_t k[4]) {
    uint64_t tmp[24];
    int ok = g1_split_ready && g1_split_in(k1->mag, &k1->neg, k2->mag, &k2->neg, k, tmp);
    zk_wipe(tmp, sizeof tmp);
    if (ok) return;
    memcpy(k1->mag, k, sizeof k1->mag);
    k1->neg = 0;
    memset(k2->mag, 0, sizeof k2->mag);
    k2->neg = 0;
}

/* k = k₀ + k₁·6u² with k₀ < 6u² and k₁ = ⌊k/6u²⌋ < 2¹²⁸ (k < r < 2²⁵⁴): the quotient from
 * the reciprocal falls short by at most a few units, which the remainder's check adds back.
 * Intermediate values go to `tmp` (16 limbs). */
static inline void g2_split_in(uint64_t k0[4], uint64_t k1[4], const uint64_t k[4],
                               uint64_t tmp[16]) {
    uint64_t *q = tmp, *wide = tmp + 4, *t = tmp + 12;
    mul_high(q, k, G2_RECIPROCAL, wide);
    u128 quotient = ((u128)q[1] << 64) | q[0];
    mul_u128(t, quotient, G2_EIGEN);
    sub_limbs(k0, k, t);
    const uint64_t d[4] = {(uint64_t)G2_EIGEN, (uint64_t)(G2_EIGEN >> 64), 0, 0};
    while (!limbs_lt(k0, d)) {
        sub_limbs(k0, k0, d);
        quotient++;
    }
    limbs_from_u128(k1, quotient);
}

void g2_psi_split(uint64_t k0[4], uint64_t k1[4], const uint64_t k[4]) {
    uint64_t tmp[16];
    g2_split_in(k0, k1, k, tmp);
}

static void g2_decompose(glv_half_t *k0, glv_half_t *k1, const uint64_t k[4]) {
    uint64_t tmp[16];
    g2_split_in(k0->mag, k1->mag, k, tmp);
    zk_wipe(tmp, sizeof tmp);
    k0->neg = k1->neg = 0;
}

/* ---- endomorphisms on Jacobian points and the ladders ---------------------------------- */

static inline void g1_endo_jac(g1_jac_t *r, const g1_jac_t *p) {
    fp_mul(&r->x, &p->x, &G1_BETA);
    r->y = p->y;
    r->z = p->z;
}

static inline void g2_endo_jac(g2_jac_t *r, const g2_jac_t *p) { g2_jac_psi(r, p); }

#define CURVE_TEMPLATE "glv_impl.h"
#include "curve_each.h"

void g1_jac_mul_glv(g1_jac_t *r, const g1_jac_t *p, const uint64_t k[4]) {
    if (!glv_ready) {
        g1_jac_mul(r, p, k);
        return;
    }
    glv_half_t a, b;
    g1_decompose(&a, &b, k);
    g1_glv_ladder(r, p, &a, &b);
    zk_wipe(&a, sizeof a);
    zk_wipe(&b, sizeof b);
}

void g2_jac_mul_glv(g2_jac_t *r, const g2_jac_t *p, const uint64_t k[4]) {
    glv_half_t a, b;
    g2_decompose(&a, &b, k);
    g2_glv_ladder(r, p, &a, &b);
    zk_wipe(&a, sizeof a);
    zk_wipe(&b, sizeof b);
}
