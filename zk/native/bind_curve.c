/* The bindings of G1 and G2 (bind_curve_impl.h, once per curve of curve_each.h). */
#include "bind.h"

#include "msm.h"
#include "scale.h"
#include "sparse.h"

/* Rows and terms that fit the sparse product: every index names a point, `ends` never
 * decreases and ends at the term count. Sets ArgumentError and returns −1 otherwise. */
static int sparse_shape_ok(const uint32_t *idx, size_t n_terms, const uint32_t *ends,
                           size_t n_rows, size_t n_points) {
    for (size_t t = 0; t < n_terms; t++)
        if (idx[t] >= n_points) {
            PyErr_Format(ArgumentError, "term #%zu names point %u of %zu", t, idx[t], n_points);
            return -1;
        }
    uint32_t last = 0;
    for (size_t o = 0; o < n_rows; o++) {
        if (ends[o] < last) {
            PyErr_Format(ArgumentError, "row #%zu ends before the row above it", o);
            return -1;
        }
        last = ends[o];
    }
    if ((size_t)last != n_terms) {
        PyErr_Format(ArgumentError, "the rows hold %u terms but %zu were given", last, n_terms);
        return -1;
    }
    return 0;
}

#define CURVE_TEMPLATE "bind_curve_impl.h"
#include "curve_each.h"
