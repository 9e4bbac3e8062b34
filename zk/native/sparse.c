/* Sparse matrix × point vector over G1 and G2 (see sparse.h). */
#include "sparse.h"

#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>

#include "glv.h"
#include "msm.h"
#include "parallel.h"

/* Rows with this many general terms or fewer use GLV ladders (G1) instead of the buckets. */
#define SPARSE_FEW_N 4
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

#define CURVE_TEMPLATE "sparse_impl.h"
#include "curve_each.h"
