/*
 * Template: a·P + b·E(P) for one point P, its endomorphism image E(P) and half-length signed
 * scalars a, b (the GLV double-scalar ladder). Instantiated by glv.c through curve_each.h (CURVE,
 * FIELD, FE), with C_(endo_jac) (E on Jacobian points) already declared.
 *
 * Both scalars are cut into signed 5-bit digits (−16 … 16); tables of 1…16 times P and of
 * their images make every window cost five doublings and at most two additions.
 */

#define F_(op) ZK_CAT(FIELD, ZK_CAT(_, op))
#define C_(op) ZK_CAT(CURVE, ZK_CAT(_, op))

static inline void C_(glv_add_digit)(C_(jac_t) *acc, const C_(jac_t) *table, int d) {
    if (d == 0) return;
    if (d > 0) {
        C_(jac_add)(acc, acc, &table[d - 1]);
        return;
    }
    C_(jac_t) t;
    C_(jac_neg)(&t, &table[-d - 1]);
    C_(jac_add)(acc, acc, &t);
}

static void C_(glv_ladder)(C_(jac_t) *r, const C_(jac_t) *p, const glv_half_t *a,
                           const glv_half_t *b) {
    C_(jac_t) tp[GLV_TABLE], te[GLV_TABLE], acc;
    tp[0] = *p;
    C_(jac_dbl)(&tp[1], p);
    for (int i = 2; i < GLV_TABLE; i++) C_(jac_add)(&tp[i], &tp[i - 1], p);
    for (int i = 0; i < GLV_TABLE; i++) C_(endo_jac)(&te[i], &tp[i]);
    if (a->neg)
        for (int i = 0; i < GLV_TABLE; i++) C_(jac_neg)(&tp[i], &tp[i]);
    if (b->neg)
        for (int i = 0; i < GLV_TABLE; i++) C_(jac_neg)(&te[i], &te[i]);
    int8_t da[GLV_MAX_WINDOWS], db[GLV_MAX_WINDOWS];
    int na = glv_digits(da, a->mag), nb = glv_digits(db, b->mag);
    int n = na > nb ? na : nb;
    C_(jac_set_identity)(&acc);
    for (int w = n - 1; w >= 0; w--) {
        for (int d = 0; d < GLV_W; d++) C_(jac_dbl)(&acc, &acc);
        C_(glv_add_digit)(&acc, tp, da[w]);
        C_(glv_add_digit)(&acc, te, db[w]);
    }
    *r = acc;
    zk_wipe(da, sizeof da);
    zk_wipe(db, sizeof db);
}

#undef F_
#undef C_
