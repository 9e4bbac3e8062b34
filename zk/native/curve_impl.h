/*
 * Template for a short Weierstrass curve y² = x³ + b (a = 0) over a field FE, in Jacobian
 * coordinates (x = X/Z², y = Y/Z³, identity Z = 0). Instantiated by curve.h for G1 (over Fp)
 * and G2 (over Fp2). The caller defines:
 *   CURVE  name prefix (g1, g2)     FIELD  field prefix (fp, fp2)     FE  field type
 *   CURVE_B  an lvalue holding b in the field
 * Affine points use (0, 0) for the identity, as the packed buffers do (no curve point has
 * x = y = 0 because b ≠ 0).
 */

#define ZK_CAT_(a, b) a##b
#define ZK_CAT(a, b) ZK_CAT_(a, b)
#define F_(op) ZK_CAT(FIELD, ZK_CAT(_, op))
#define C_(op) ZK_CAT(CURVE, ZK_CAT(_, op))

typedef struct { FE x, y; } C_(aff_t);
typedef struct { FE x, y, z; } C_(jac_t);

ZK_INLINE int C_(aff_is_identity)(const C_(aff_t) *p) {
    return F_(is_zero)(&p->x) && F_(is_zero)(&p->y);
}

ZK_INLINE void C_(aff_set_identity)(C_(aff_t) *p) { memset(p, 0, sizeof *p); }

ZK_INLINE void C_(aff_neg)(C_(aff_t) *r, const C_(aff_t) *p) {
    r->x = p->x;
    F_(neg)(&r->y, &p->y);
}

/* 3x², the numerator of an affine tangent's slope 3x²/2y (a = 0). */
ZK_INLINE void C_(tangent_numerator)(FE *r, const FE *x) {
    FE t;
    F_(sqr)(&t, x);
    F_(dbl)(r, &t);
    F_(add)(r, r, &t);
}

ZK_INLINE int C_(jac_is_identity)(const C_(jac_t) *p) { return F_(is_zero)(&p->z); }

ZK_INLINE void C_(jac_set_identity)(C_(jac_t) *p) {
    F_(set_one)(&p->x);
    F_(set_one)(&p->y);
    F_(set_zero)(&p->z);
}

ZK_INLINE void C_(jac_from_aff)(C_(jac_t) *r, const C_(aff_t) *p) {
    if (C_(aff_is_identity)(p)) {
        C_(jac_set_identity)(r);
        return;
    }
    r->x = p->x;
    r->y = p->y;
    F_(set_one)(&r->z);
}

ZK_INLINE void C_(jac_neg)(C_(jac_t) *r, const C_(jac_t) *p) {
    r->x = p->x;
    F_(neg)(&r->y, &p->y);
    r->z = p->z;
}

/* dbl-2009-l: 2M + 5S. */
ZK_INLINE void C_(jac_dbl)(C_(jac_t) *r, const C_(jac_t) *p) {
    if (C_(jac_is_identity)(p)) {
        *r = *p;
        return;
    }
    FE a, b, c, d, e, f, t, x3, y3, z3;
    F_(sqr)(&a, &p->x);
    F_(sqr)(&b, &p->y);
    F_(sqr)(&c, &b);
    F_(add)(&t, &p->x, &b);
    F_(sqr)(&t, &t);
    F_(sub)(&t, &t, &a);
    F_(sub)(&t, &t, &c);
    F_(dbl)(&d, &t);
    F_(dbl)(&e, &a);
    F_(add)(&e, &e, &a);
    F_(sqr)(&f, &e);
    F_(dbl)(&t, &d);
    F_(sub)(&x3, &f, &t);
    F_(mul)(&z3, &p->y, &p->z);
    F_(dbl)(&z3, &z3);
    F_(sub)(&t, &d, &x3);
    F_(mul)(&y3, &e, &t);
    F_(dbl)(&c, &c);
    F_(dbl)(&c, &c);
    F_(dbl)(&c, &c);
    F_(sub)(&y3, &y3, &c);
    r->x = x3;
    r->y = y3;
    r->z = z3;
}

/* The doubling inside an addition (P = Q) is rare: keep it out of line there. */
static __attribute__((noinline, unused)) void C_(jac_dbl_rare)(C_(jac_t) *r, const C_(jac_t) *p) {
    C_(jac_dbl)(r, p);
}

/* madd-2007-bl: p + q with q affine (7M + 4S); handles identities, P = Q and P = −Q. */
static inline void C_(jac_add_aff)(C_(jac_t) *r, const C_(jac_t) *p, const C_(aff_t) *q) {
    if (C_(aff_is_identity)(q)) {
        *r = *p;
        return;
    }
    if (C_(jac_is_identity)(p)) {
        C_(jac_from_aff)(r, q);
        return;
    }
    FE z1z1, u2, s2, h, hh, i, j, rr, v, t, x3, y3, z3;
    F_(sqr)(&z1z1, &p->z);
    F_(mul)(&u2, &q->x, &z1z1);
    F_(mul)(&s2, &q->y, &p->z);
    F_(mul)(&s2, &s2, &z1z1);
    F_(sub)(&h, &u2, &p->x);
    F_(sub)(&rr, &s2, &p->y);
    if (F_(is_zero)(&h)) {
        if (F_(is_zero)(&rr)) {
            C_(jac_dbl_rare)(r, p);
        } else {
            C_(jac_set_identity)(r);
        }
        return;
    }
    F_(dbl)(&rr, &rr);
    F_(sqr)(&hh, &h);
    F_(dbl)(&i, &hh);
    F_(dbl)(&i, &i);
    F_(mul)(&j, &h, &i);
    F_(mul)(&v, &p->x, &i);
    F_(sqr)(&x3, &rr);
    F_(sub)(&x3, &x3, &j);
    F_(sub)(&x3, &x3, &v);
    F_(sub)(&x3, &x3, &v);
    F_(sub)(&t, &v, &x3);
    F_(mul)(&y3, &rr, &t);
    F_(mul)(&t, &p->y, &j);
    F_(dbl)(&t, &t);
    F_(sub)(&y3, &y3, &t);
    F_(add)(&z3, &p->z, &h);
    F_(sqr)(&z3, &z3);
    F_(sub)(&z3, &z3, &z1z1);
    F_(sub)(&z3, &z3, &hh);
    r->x = x3;
    r->y = y3;
    r->z = z3;
}

/* add-2007-bl: general p + q (11M + 5S); handles identities, P = Q and P = −Q. */
static inline void C_(jac_add)(C_(jac_t) *r, const C_(jac_t) *p, const C_(jac_t) *q) {
    if (C_(jac_is_identity)(p)) {
        *r = *q;
        return;
    }
    if (C_(jac_is_identity)(q)) {
        *r = *p;
        return;
    }
    FE z1z1, z2z2, u1, u2, s1, s2, h, i, j, rr, v, t, x3, y3, z3;
    F_(sqr)(&z1z1, &p->z);
    F_(sqr)(&z2z2, &q->z);
    F_(mul)(&u1, &p->x, &z2z2);
    F_(mul)(&u2, &q->x, &z1z1);
    F_(mul)(&s1, &p->y, &q->z);
    F_(mul)(&s1, &s1, &z2z2);
    F_(mul)(&s2, &q->y, &p->z);
    F_(mul)(&s2, &s2, &z1z1);
    F_(sub)(&h, &u2, &u1);
    F_(sub)(&rr, &s2, &s1);
    if (F_(is_zero)(&h)) {
        if (F_(is_zero)(&rr)) {
            C_(jac_dbl_rare)(r, p);
        } else {
            C_(jac_set_identity)(r);
        }
        return;
    }
    F_(dbl)(&rr, &rr);
    F_(dbl)(&i, &h);
    F_(sqr)(&i, &i);
    F_(mul)(&j, &h, &i);
    F_(mul)(&v, &u1, &i);
    F_(sqr)(&x3, &rr);
    F_(sub)(&x3, &x3, &j);
    F_(sub)(&x3, &x3, &v);
    F_(sub)(&x3, &x3, &v);
    F_(sub)(&t, &v, &x3);
    F_(mul)(&y3, &rr, &t);
    F_(mul)(&t, &s1, &j);
    F_(dbl)(&t, &t);
    F_(sub)(&y3, &y3, &t);
    F_(add)(&z3, &p->z, &q->z);
    F_(sqr)(&z3, &z3);
    F_(sub)(&z3, &z3, &z1z1);
    F_(sub)(&z3, &z3, &z2z2);
    F_(mul)(&z3, &z3, &h);
    r->x = x3;
    r->y = y3;
    r->z = z3;
}

/* Out-of-line operations (curve_ops_impl.h). */
void C_(jac_to_aff)(C_(aff_t) *r, const C_(jac_t) *p);
/* Normalise n points with one inversion; `out` may not alias `in`. */
int C_(jac_batch_to_aff)(C_(aff_t) *out, const C_(jac_t) *in, size_t n);
/* k·p for a 256-bit plain scalar (not reduced: the caller decides). */
void C_(jac_mul)(C_(jac_t) *r, const C_(jac_t) *p, const uint64_t k[4]);
int C_(jac_eq)(const C_(jac_t) *p, const C_(jac_t) *q);
/* y² = x³ + b for an affine point (the identity counts as on the curve). */
int C_(aff_is_on_curve)(const C_(aff_t) *p);
int C_(jac_is_on_curve)(const C_(jac_t) *p);
/* The one point check every caller uses: canonical coordinates always, plus the `demands`
 * (POINT_ON_CURVE, POINT_IN_GROUP, POINT_NOT_IDENTITY). */
point_status_t C_(aff_check)(const C_(aff_t) *p, unsigned demands);
/* Index of the first of n points failing C_(aff_check) (its status in *status), or n when all
 * pass (*status = POINT_VALID). Long vectors are checked on the worker threads. */
size_t C_(aff_first_invalid)(const C_(aff_t) *pts, size_t n, unsigned demands,
                             point_status_t *status);

#undef F_
#undef C_
