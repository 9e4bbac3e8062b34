/* Sparse matrix × point vector over G1 and G2 (see sparse.h). */
#include "sparse.h"

#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>

#include "glv.h"
#include "msm.h"
#include "parallel.h"

#define SPARSE_TASK_ROWS 256 /* rows per task and per batch normalisation */
/* Rows with this many terms or more run alone, with the MSM's own threads. */
#define SPARSE_WIDE_ROW 1024

/* What a term costs: nothing, one addition, one subtraction, or a scalar multiplication. */
typedef enum { TERM_ZERO, TERM_ONE, TERM_MINUS_ONE, TERM_GENERAL } term_kind_t;

static term_kind_t term_kind(const uint64_t k[4]) {
    if (limbs_is_zero(k)) return TERM_ZERO;
    if (k[0] == 1 && (k[1] | k[2] | k[3]) == 0) return TERM_ONE;
    /* r − 1: FR_MOD's low limb is odd, so only that limb changes */
    if (k[0] == FR_MOD[0] - 1 && k[1] == FR_MOD[1] && k[2] == FR_MOD[2] && k[3] == FR_MOD[3])
        return TERM_MINUS_ONE;
    return TERM_GENERAL;
}

#define CURVE g1
#define FIELD fp
#define FE fp_t
#define SPARSE_FEW_MUL g1_jac_mul_glv
#define SPARSE_FEW_N 4
#define SPARSE_ORDER_R
#include "sparse_impl.h"
#undef SPARSE_FEW_MUL
#undef SPARSE_FEW_N
#undef SPARSE_ORDER_R
#undef CURVE
#undef FIELD
#undef FE

#define CURVE g2
#define FIELD fp2
#define FE fp2_t
#include "sparse_impl.h"
#undef CURVE
#undef FIELD
#undef FE
