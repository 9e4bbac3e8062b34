/* Elementwise scaling of packed points and the inverse FFT over G1 and G2 (see scale.h). */
#include "scale.h"

#include <stdatomic.h>
#include <stdlib.h>

#include "glv.h"
#include "ntt.h"
#include "parallel.h"

#define SCALE_CHUNK 256 /* points per task and per batch normalisation */
#define FFT_TASK 128    /* butterflies per task */

typedef struct {
    uint64_t l[4];
} limbs_t;

static size_t bit_reverse(size_t i, unsigned bits) {
    size_t r = 0;
    for (unsigned b = 0; b < bits; b++) r |= ((i >> b) & 1) << (bits - 1 - b);
    return r;
}

/* tw[k] = ω^(−k) for k < n/2 as plain limbs (the scalars the ladders take). */
static void inverse_twiddles(limbs_t *tw, size_t n, unsigned log_n) {
    fr_t w, *mont = (fr_t *)tw; /* same size and alignment: converted in place below */
    fr_root_of_unity(&w, log_n);
    fr_inv(&w, &w);
    for (size_t k = 0; k < n / 2; k++) mont[k] = FR_ONE;
    fr_scale_by_powers(mont, n / 2, &FR_ONE, &w);
    for (size_t k = 0; k < n / 2; k++) {
        fr_t m = mont[k];
        fr_to_plain(tw[k].l, &m);
    }
}

#define CURVE_TEMPLATE "scale_impl.h"
#include "curve_each.h"
