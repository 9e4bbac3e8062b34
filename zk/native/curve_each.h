/*
 * The one instantiation list of the per-curve templates: a source defines CURVE_TEMPLATE as a
 * template's file name and includes this header, which compiles the template once for G1 and
 * once for G2 with
 *   CURVE, FIELD, FE  the name prefix (g1, g2), its coordinate field's prefix and type;
 *   CURVE_B           an lvalue holding b of y² = x³ + b in that field;
 *   CURVE_NAME        the group's name in messages ("G1", "G2");
 *   CURVE_ORDER_R     1 when every point of the curve has order r (G1, cofactor 1), so that
 *                     the endomorphism ladder (g1_jac_mul_glv) and "coefficient r − 1 is a
 *                     negation" are exact for any on-curve point; 0 for the twist.
 * A new curve (or a new template) is one block here, never a copy of the defines elsewhere.
 */
#ifndef CURVE_TEMPLATE
#error "define CURVE_TEMPLATE before including curve_each.h"
#endif

#define CURVE g1
#define FIELD fp
#define FE fp_t
#define CURVE_B G1_B
#define CURVE_NAME "G1"
#define CURVE_ORDER_R 1
#include CURVE_TEMPLATE
#undef CURVE
#undef FIELD
#undef FE
#undef CURVE_B
#undef CURVE_NAME
#undef CURVE_ORDER_R

#define CURVE g2
#define FIELD fp2
#define FE fp2_t
#define CURVE_B G2_B
#define CURVE_NAME "G2"
#define CURVE_ORDER_R 0
#include CURVE_TEMPLATE
#undef CURVE
#undef FIELD
#undef FE
#undef CURVE_B
#undef CURVE_NAME
#undef CURVE_ORDER_R

#undef CURVE_TEMPLATE
