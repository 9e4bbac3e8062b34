/*
 * Template: the out-of-line point operations declared at the end of curve_impl.h.
 * Instantiated by curve.c for each curve of curve_each.h.
 */
#include <stdlib.h>

#define F_(op) ZK_CAT(FIELD, ZK_CAT(_, op))
#define C_(op) ZK_CAT(CURVE, ZK_CAT(_, op))

void C_(jac_to_aff)(C_(aff_t) *r, const C_(jac_t) *p) {
    if (C_(jac_is_identity)(p)) {
        C_(aff_set_identity)(r);
        return;
    }
    FE zi, zi2;
    F_(inv)(&zi, &p->z);
    F_(sqr)(&zi2, &zi);
    F_(mul)(&r->x, &p->x, &zi2);
    F_(mul)(&zi2, &zi2, &zi);
    F_(mul)(&r->y, &p->y, &zi2);
}

int C_(jac_batch_to_aff)(C_(aff_t) *out, const C_(jac_t) *in, size_t n) {
    FE *zs = malloc(2 * (n ? n : 1) * sizeof(FE));
    if (!zs) return -1;
    for (size_t i = 0; i < n; i++) zs[i] = in[i].z;
    F_(batch_inv)(zs, n, zs + n);
    for (size_t i = 0; i < n; i++) {
        if (C_(jac_is_identity)(&in[i])) {
            C_(aff_set_identity)(&out[i]);
            continue;
        }
        FE zi2;
        F_(sqr)(&zi2, &zs[i]);
        F_(mul)(&out[i].x, &in[i].x, &zi2);
        F_(mul)(&zi2, &zi2, &zs[i]);
        F_(mul)(&out[i].y, &in[i].y, &zi2);
    }
    free(zs);
    return 0;
}

/* Fixed 4-bit windows from the top non-zero one: at most 252 doublings and 64 additions. */
void C_(jac_mul)(C_(jac_t) *r, const C_(jac_t) *p, const uint64_t k[4]) {
    C_(jac_t) table[16], acc;
    C_(jac_set_identity)(&table[0]);
    table[1] = *p;
    for (int i = 2; i < 16; i++) C_(jac_add)(&table[i], &table[i - 1], p);
    C_(jac_set_identity)(&acc);
    int top = 63;
    while (top > 0 && ((k[top / 16] >> (4 * (top % 16))) & 15) == 0) top--;
    for (int nib = top; nib >= 0; nib--) {
        for (int d = 0; d < 4; d++) C_(jac_dbl)(&acc, &acc);
        unsigned digit = (unsigned)(k[nib / 16] >> (4 * (nib % 16))) & 15;
        if (digit) C_(jac_add)(&acc, &acc, &table[digit]);
    }
    *r = acc;
}

int C_(jac_eq)(const C_(jac_t) *p, const C_(jac_t) *q) {
    int pi = C_(jac_is_identity)(p), qi = C_(jac_is_identity)(q);
    if (pi || qi) return pi && qi;
    FE z1z1, z2z2, a, b;
    F_(sqr)(&z1z1, &p->z);
    F_(sqr)(&z2z2, &q->z);
    F_(mul)(&a, &p->x, &z2z2);
    F_(mul)(&b, &q->x, &z1z1);
    if (!F_(eq)(&a, &b)) return 0;
    F_(mul)(&a, &p->y, &z2z2);
    F_(mul)(&a, &a, &q->z);
    F_(mul)(&b, &q->y, &z1z1);
    F_(mul)(&b, &b, &p->z);
    return F_(eq)(&a, &b);
}

int C_(aff_is_on_curve)(const C_(aff_t) *p) {
    if (C_(aff_is_identity)(p)) return 1;
    FE lhs, rhs;
    F_(sqr)(&lhs, &p->y);
    F_(sqr)(&rhs, &p->x);
    F_(mul)(&rhs, &rhs, &p->x);
    F_(add)(&rhs, &rhs, &CURVE_B);
    return F_(eq)(&lhs, &rhs);
}

/* Y² = X³ + b·Z⁶. */
int C_(jac_is_on_curve)(const C_(jac_t) *p) {
    if (C_(jac_is_identity)(p)) return 1;
    FE lhs, rhs, z2, z6;
    F_(sqr)(&lhs, &p->y);
    F_(sqr)(&rhs, &p->x);
    F_(mul)(&rhs, &rhs, &p->x);
    F_(sqr)(&z2, &p->z);
    F_(sqr)(&z6, &z2);
    F_(mul)(&z6, &z6, &z2);
    F_(mul)(&z6, &z6, &CURVE_B);
    F_(add)(&rhs, &rhs, &z6);
    return F_(eq)(&lhs, &rhs);
}

static int C_(aff_in_group)(const C_(aff_t) *p) {
#if CURVE_ORDER_R
    (void)p; /* cofactor 1: the curve is the group */
    return 1;
#else
    return C_(aff_in_subgroup)(p);
#endif
}

point_status_t C_(aff_check)(const C_(aff_t) *p, unsigned demands) {
    if (!F_(is_canonical)(&p->x) || !F_(is_canonical)(&p->y)) return POINT_NOT_CANONICAL;
    if (C_(aff_is_identity)(p)) return (demands & POINT_NOT_IDENTITY) ? POINT_IDENTITY : POINT_VALID;
    if ((demands & POINT_ON_CURVE) && !C_(aff_is_on_curve)(p)) return POINT_OFF_CURVE;
    if ((demands & POINT_IN_GROUP) == POINT_IN_GROUP && !C_(aff_in_group)(p))
        return POINT_OUTSIDE_SUBGROUP;
    return POINT_VALID;
}

typedef struct {
    const C_(aff_t) *pts;
    size_t n, parts;
    unsigned demands;
    size_t *first_bad; /* per part: index, or n */
    point_status_t *status;
} C_(check_job_t);

static void C_(check_task)(void *ctx, size_t part) {
    C_(check_job_t) *job = ctx;
    size_t begin, end;
    zk_split(job->n, job->parts, part, &begin, &end);
    job->first_bad[part] = job->n;
    job->status[part] = POINT_VALID;
    for (size_t i = begin; i < end; i++) {
        point_status_t s = C_(aff_check)(&job->pts[i], job->demands);
        if (s != POINT_VALID) {
            job->first_bad[part] = i;
            job->status[part] = s;
            return;
        }
    }
}

size_t C_(aff_first_invalid)(const C_(aff_t) *pts, size_t n, unsigned demands,
                             point_status_t *status) {
    /* a subgroup test costs a scalar multiplication, an on-curve test a few products */
    int costly = !CURVE_ORDER_R && (demands & POINT_IN_GROUP) == POINT_IN_GROUP;
    size_t parts = n >= (costly ? 64 : 4096) ? (size_t)zk_thread_count() * 4 : 1;
    if (parts > CHECK_MAX_PARTS) parts = CHECK_MAX_PARTS;
    size_t first_bad[CHECK_MAX_PARTS];
    point_status_t part_status[CHECK_MAX_PARTS];
    C_(check_job_t) job = {pts, n, parts, demands, first_bad, part_status};
    if (parts > 1) zk_parallel_for(parts, C_(check_task), &job);
    else C_(check_task)(&job, 0);
    for (size_t p = 0; p < parts; p++)
        if (first_bad[p] < n) {
            *status = part_status[p];
            return first_bad[p];
        }
    *status = POINT_VALID;
    return n;
}

#undef F_
#undef C_
