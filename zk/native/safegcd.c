/* Constant-time modular inversion by batched divsteps (see safegcd.h). */
#include "safegcd.h"

#define LIMB_MASK (UINT64_MAX >> 2) /* 2^62 − 1 */
#define BATCHES 12                  /* 12 · 62 = 744 ≥ 735 divsteps */

typedef __int128 i128;

/* The transition of 62 divsteps, scaled by 2^62: 2^62·(f', g') = (u·f + v·g, q·f + r·g). */
typedef struct {
    int64_t u, v, q, r;
} transition_t;

static safegcd_s62_t from_limbs(const uint64_t a[4]) {
    safegcd_s62_t x = {{(int64_t)(a[0] & LIMB_MASK),
                        (int64_t)((a[0] >> 62 | a[1] << 2) & LIMB_MASK),
                        (int64_t)((a[1] >> 60 | a[2] << 4) & LIMB_MASK),
                        (int64_t)((a[2] >> 58 | a[3] << 6) & LIMB_MASK), (int64_t)(a[3] >> 56)}};
    return x;
}

/* x must be normalised and below 2^256. */
static void to_limbs(uint64_t a[4], const safegcd_s62_t *x) {
    const uint64_t *v = (const uint64_t *)x->v;
    a[0] = v[0] | v[1] << 62;
    a[1] = v[1] >> 2 | v[2] << 60;
    a[2] = v[2] >> 4 | v[3] << 58;
    a[3] = v[3] >> 6 | v[4] << 56;
}

/* Sixty-two divsteps on the low bits of f (odd) and g, without branches on their values:
 * if δ > 0 and g is odd, (δ, f, g) ↦ (1 − δ, g, (g − f)/2); otherwise
 * (δ, f, g) ↦ (1 + δ, f, (g + (g mod 2)·f)/2). Each step needs only bit 0 of g, which
 * depends on no more bits of the inputs than steps taken, so 64-bit words suffice. Halving
 * g is tracked by doubling f's row instead, which keeps the matrix integral. */
static int64_t divsteps_62(int64_t delta, uint64_t f, uint64_t g, transition_t *t) {
    uint64_t u = 1, v = 0, q = 0, r = 1, x;
    for (int i = 0; i < 62; i++) {
        uint64_t swap = (uint64_t)0 - (uint64_t)((delta > 0) & (int)(g & 1));
        /* on a swap: (f, g) ↦ (g, −f), rows alike, δ ↦ −δ */
        x = (f ^ g) & swap;
        f ^= x;
        g ^= x;
        x = (u ^ q) & swap;
        u ^= x;
        q ^= x;
        x = (v ^ r) & swap;
        v ^= x;
        r ^= x;
        g = (g ^ swap) - swap;
        q = (q ^ swap) - swap;
        r = (r ^ swap) - swap;
        delta = (int64_t)(((uint64_t)delta ^ swap) - swap);
        /* g is odd after a swap: add f's row to g's whenever g is odd, then halve g */
        uint64_t odd = (uint64_t)0 - (g & 1);
        g += f & odd;
        q += u & odd;
        r += v & odd;
        g >>= 1;
        u <<= 1;
        v <<= 1;
        delta++;
    }
    t->u = (int64_t)u;
    t->v = (int64_t)v;
    t->q = (int64_t)q;
    t->r = (int64_t)r;
    return delta;
}

/* (x, y) ↦ ((u·x + v·y + α·m)/2^62, (q·x + r·y + β·m)/2^62), both exact (α, β chosen by
 * the caller to make them so; 0 for f and g). Every product is below 2^124 (|u|, |v|, |q|,
 * |r|, α, β ≤ 2^62), so each column sum fits 128 bits. */
static void apply_transition(safegcd_s62_t *x, safegcd_s62_t *y, const transition_t *t,
                             int64_t alpha, int64_t beta, const safegcd_s62_t *m) {
    i128 cx = (i128)t->u * x->v[0] + (i128)t->v * y->v[0] + (i128)alpha * m->v[0];
    i128 cy = (i128)t->q * x->v[0] + (i128)t->r * y->v[0] + (i128)beta * m->v[0];
    cx >>= 62;
    cy >>= 62;
    for (int i = 1; i < 5; i++) {
        cx += (i128)t->u * x->v[i] + (i128)t->v * y->v[i] + (i128)alpha * m->v[i];
        cy += (i128)t->q * x->v[i] + (i128)t->r * y->v[i] + (i128)beta * m->v[i];
        x->v[i - 1] = (int64_t)((uint64_t)cx & LIMB_MASK);
        y->v[i - 1] = (int64_t)((uint64_t)cy & LIMB_MASK);
        cx >>= 62;
        cy >>= 62;
    }
    x->v[4] = (int64_t)cx;
    y->v[4] = (int64_t)cy;
}

/* x + (m if mask) with limbs 0–3 brought back into [0, 2^62). */
static void add_masked(safegcd_s62_t *x, const safegcd_s62_t *m, int64_t mask) {
    int64_t carry = 0;
    for (int i = 0; i < 4; i++) {
        carry += x->v[i] + (m->v[i] & mask);
        x->v[i] = (int64_t)((uint64_t)carry & LIMB_MASK);
        carry >>= 62;
    }
    x->v[4] += carry + (m->v[4] & mask);
}

/* A value in (−2m, 2m) with normalised limbs 0–3 into [0, m). */
static void reduce(safegcd_s62_t *x, const safegcd_s62_t *m) {
    add_masked(x, m, x->v[4] >> 63);
    add_masked(x, m, x->v[4] >> 63);
    safegcd_s62_t y = *x, minus_m;
    for (int i = 0; i < 5; i++) minus_m.v[i] = -m->v[i];
    add_masked(&y, &minus_m, -1);
    int64_t keep_x = y.v[4] >> 63; /* x − m < 0: x is already below m */
    for (int i = 0; i < 5; i++) x->v[i] = (x->v[i] & keep_x) | (y.v[i] & ~keep_x);
}

/* (d, e) ↦ ((u·d + v·e)/2^62, (q·d + r·e)/2^62) mod m, for d, e in [0, m): a multiple
 * α·m with α in [0, 2^62) makes each numerator divisible by 2^62; the quotients lie in
 * (−m, 2m) and are reduced into [0, m). */
static void update_de(safegcd_s62_t *d, safegcd_s62_t *e, const transition_t *t,
                      const safegcd_modulus_t *mod) {
    const safegcd_s62_t *m = &mod->m;
    uint64_t low_d = (uint64_t)t->u * (uint64_t)d->v[0] + (uint64_t)t->v * (uint64_t)e->v[0];
    uint64_t low_e = (uint64_t)t->q * (uint64_t)d->v[0] + (uint64_t)t->r * (uint64_t)e->v[0];
    int64_t alpha_d = (int64_t)(((uint64_t)0 - low_d * mod->m_inv62) & LIMB_MASK);
    int64_t alpha_e = (int64_t)(((uint64_t)0 - low_e * mod->m_inv62) & LIMB_MASK);
    apply_transition(d, e, t, alpha_d, alpha_e, m);
    reduce(d, m);
    reduce(e, m);
}

void safegcd_modulus_init(safegcd_modulus_t *mod, const uint64_t m[4]) {
    mod->m = from_limbs(m);
    /* Newton's iteration doubles the correct low bits: m·m ≡ 1 mod 8 to start with */
    uint64_t inv = m[0];
    for (int i = 0; i < 5; i++) inv *= 2 - m[0] * inv;
    mod->m_inv62 = inv & LIMB_MASK;
}

/* Invariants: f ≡ d·x and g ≡ e·x (mod m). Starting from (f, g) = (m, x) the divsteps end
 * at g = 0, f = ±gcd = ±1, so x⁻¹ = ±d. For x = 0, d stays 0. */
void safegcd_inverse(uint64_t out[4], const uint64_t x[4], const safegcd_modulus_t *mod) {
    safegcd_s62_t f = mod->m, g = from_limbs(x), d = {{0}}, e = {{1, 0, 0, 0, 0}};
    int64_t delta = 1;
    for (int batch = 0; batch < BATCHES; batch++) {
        transition_t t;
        delta = divsteps_62(delta, (uint64_t)f.v[0], (uint64_t)g.v[0], &t);
        apply_transition(&f, &g, &t, 0, 0, &mod->m);
        update_de(&d, &e, &t, mod);
    }
    int64_t negative = f.v[4] >> 63; /* f = −1 */
    for (int i = 0; i < 5; i++) d.v[i] = (d.v[i] ^ negative) - negative;
    add_masked(&d, &mod->m, 0); /* −d has negative limbs: renormalise them first */
    reduce(&d, &mod->m);
    to_limbs(out, &d);
}
