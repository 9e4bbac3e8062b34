/*
 * Shared plumbing of the CPython bindings (bind_*.c, module.c, testing.c): one converter per
 * argument kind for PyArg_ParseTuple's "O&" (each releases what it holds when a later
 * argument fails, and through arg_release afterwards), the overflow-checked size helper, the
 * zk.errors classes, and the prototypes of every function the module exports.
 *
 * Every size a binding computes goes through size_mul; every count is bounded by the buffer
 * that carries it or by ZK_MAX_COUNT. A buffer is handed to C code that reads wider types
 * (points, u32 indices) only at the alignment those types need: a misaligned one (a section of
 * a file at an odd offset) is copied once into aligned memory.
 */
#ifndef ZK_BIND_H
#define ZK_BIND_H

#define PY_SSIZE_T_CLEAN
#include <Python.h>

#include "curve.h"

#define G1_BYTES 64
#define G2_BYTES 128
#define SCALAR_BYTES 32
#define FP12_BYTES (12 * 32)

#define ZK_STR_(x) #x
#define ZK_STR(x) ZK_STR_(x)

/* The largest count a binding accepts where no buffer bounds it (fr_powers): 2^30 elements,
 * twice the largest section of a 2^28 powers-of-tau file. */
#define ZK_MAX_COUNT ((size_t)1 << 30)

/* The zk.errors classes and zkgov's errors for arguments (zk.native.errors.NativeArgumentError,
 * a ValueError) and memory (NativeMemoryError, a MemoryError). */
extern PyObject *FormatError;
extern PyObject *PointError;
extern PyObject *ArgumentError;
extern PyObject *NoMemoryError;
/* Initialise the core's constants and look the error classes up (each extension module holds
 * its own copy of the core, so each calls this from its PyInit); −1 with an exception set
 * when the error classes cannot be loaded. */
int bind_core_init(void);

/* The one overflow-checked size computation: *out = count·unit when that fits a Py_ssize_t
 * (1), else 0. Safe without the GIL. */
static inline int size_fits(size_t count, size_t unit, size_t *out) {
    return !__builtin_mul_overflow(count, unit, out) && *out <= (size_t)PY_SSIZE_T_MAX;
}
/* size_fits, raising ArgumentError (and returning −1) when it does not fit. */
int size_mul(size_t count, size_t unit, size_t *out, const char *what);
/* NoMemoryError naming what could not be allocated; returns NULL, dropping `to_drop`. */
PyObject *no_memory(PyObject *to_drop, const char *what);

/* ---- buffer arguments ---------------------------------------------------------------------- */

/* A bytes-like argument: set `what`, `unit`, `align` and `exact` (ARG_* below), pass
 * arg_buffer and its address to "O&"; on success `data` points to `len` bytes (`count`
 * elements of `unit` bytes) aligned to `align`, until arg_release. */
typedef struct {
    const char *what;  /* the argument's name in messages */
    size_t unit;       /* bytes per element: the length must be a multiple */
    size_t align;      /* alignment the C code reads it at (1: bytes) */
    Py_ssize_t exact;  /* ≥ 0: the length must be exactly this */
    Py_buffer view;
    int held;
    void *copy;        /* aligned copy of a misaligned buffer (zk_big_alloc) */
    const void *data;
    size_t len, count;
} arg_buf_t;

#define ARG_VECTOR(name, unit_bytes, alignment) {.what = (name), .unit = (unit_bytes), \
                                                  .align = (alignment), .exact = -1}
#define ARG_EXACT(name, bytes) {.what = (name), .unit = 1, .align = 1, .exact = (bytes)}
#define ARG_SCALARS(name) ARG_VECTOR(name, SCALAR_BYTES, 1)
#define ARG_G1S(name) ARG_VECTOR(name, G1_BYTES, _Alignof(g1_aff_t))
#define ARG_G2S(name) ARG_VECTOR(name, G2_BYTES, _Alignof(g2_aff_t))
#define ARG_U32S(name) ARG_VECTOR(name, 4, _Alignof(uint32_t))

int arg_buffer(PyObject *obj, void *addr);
void arg_release(arg_buf_t *b);
/* Release every listed buffer (each may be unheld). */
#define ARGS_RELEASE(...)                                                                          \
    do {                                                                                           \
        arg_buf_t *list_[] = {__VA_ARGS__};                                                        \
        for (size_t i_ = 0; i_ < sizeof list_ / sizeof *list_; i_++) arg_release(list_[i_]);       \
    } while (0)

/* ---- scalar and count arguments ------------------------------------------------------------ */

/* A 32-byte plain little-endian scalar, as limbs (not reduced) and in Montgomery form (reduced
 * mod r). The caller wipes it when it was secret. */
typedef struct {
    uint64_t plain[4];
    fr_t mont;
} arg_scalar_t;
int arg_scalar(PyObject *obj, void *addr);

/* A count: an int in [0, max] (set `what` and `max`; ARG_COUNT). */
typedef struct {
    const char *what;
    size_t max;
    size_t value;
} arg_count_t;
#define ARG_COUNT(name, maximum) {.what = (name), .max = (maximum)}
int arg_count(PyObject *obj, void *addr);

/* ---- points -------------------------------------------------------------------------------- */

/* One packed affine point, read and checked with C_(aff_check) against `demands` (PointError
 * naming `what` otherwise): initialise with ARG_POINT(what, demands). */
typedef struct {
    const char *what;
    unsigned demands;
    g1_aff_t p;
} arg_g1_t;
typedef struct {
    const char *what;
    unsigned demands;
    g2_aff_t p;
} arg_g2_t;
#define ARG_POINT(name, checks) {.what = (name), .demands = (checks)}
int arg_g1(PyObject *obj, void *addr);
int arg_g2(PyObject *obj, void *addr);

/* Every point of a packed vector passes C_(aff_check); PointError naming the first that does
 * not ("G1 point #3 is not on the curve") and −1 otherwise. */
int g1_vector_valid(const arg_buf_t *b, unsigned demands);
int g2_vector_valid(const arg_buf_t *b, unsigned demands);
/* PointError for point #index of a group; returns −1. */
int point_error(const char *group, size_t index, point_status_t status);

/* ---- results ------------------------------------------------------------------------------- */

/* A new bytes object of count·unit bytes (size-checked), its data in *data. */
PyObject *new_bytes(size_t count, size_t unit, unsigned char **data, const char *what);
/* Plain packed scalars → a new Montgomery array (PyMem_Raw; values reduced mod r). */
fr_t *fr_vector_from(const unsigned char *in, size_t n);
PyObject *fr_vector_to_bytes(const fr_t *v, size_t n);
/* ArgumentError unless n is a power of two within Fr's 2-adicity (2^28). */
int power_of_two_length(size_t n, const char *what);

/* ---- the exported functions (see the method table in module.c) ---------------------------- */

PyObject *py_g1_add(PyObject *self, PyObject *args);
PyObject *py_g1_neg(PyObject *self, PyObject *args);
PyObject *py_g1_mul(PyObject *self, PyObject *args);
PyObject *py_g1_is_on_curve(PyObject *self, PyObject *args);
PyObject *py_g2_add(PyObject *self, PyObject *args);
PyObject *py_g2_neg(PyObject *self, PyObject *args);
PyObject *py_g2_mul(PyObject *self, PyObject *args);
PyObject *py_g2_is_on_curve(PyObject *self, PyObject *args);
PyObject *py_g1_in_subgroup(PyObject *self, PyObject *args);
PyObject *py_g2_in_subgroup(PyObject *self, PyObject *args);
PyObject *py_g1_first_invalid(PyObject *self, PyObject *args);
PyObject *py_g2_first_invalid(PyObject *self, PyObject *args);
PyObject *py_g1_decode_be(PyObject *self, PyObject *args);
PyObject *py_g2_decode_be(PyObject *self, PyObject *args);
PyObject *py_g1_msm(PyObject *self, PyObject *args, PyObject *kw);
PyObject *py_g2_msm(PyObject *self, PyObject *args, PyObject *kw);
PyObject *py_g1_mul_batch(PyObject *self, PyObject *args, PyObject *kw);
PyObject *py_g2_mul_batch(PyObject *self, PyObject *args, PyObject *kw);
PyObject *py_g1_scale_batch(PyObject *self, PyObject *args);
PyObject *py_g2_scale_batch(PyObject *self, PyObject *args);
PyObject *py_g1_sparse_msm(PyObject *self, PyObject *args);
PyObject *py_g2_sparse_msm(PyObject *self, PyObject *args);
PyObject *py_g1_ifft(PyObject *self, PyObject *args);
PyObject *py_g2_ifft(PyObject *self, PyObject *args);
PyObject *py_fr_powers(PyObject *self, PyObject *args);
PyObject *py_fr_ntt(PyObject *self, PyObject *args, PyObject *kw);
PyObject *py_fr_coset_ntt(PyObject *self, PyObject *args, PyObject *kw);
PyObject *py_qap_h(PyObject *self, PyObject *args);
PyObject *py_qap_check(PyObject *self, PyObject *args);
PyObject *py_first_not_below(PyObject *self, PyObject *args);
PyObject *py_fp_from_montgomery(PyObject *self, PyObject *args);
PyObject *py_pairing_product(PyObject *self, PyObject *args);
PyObject *py_pairing_check(PyObject *self, PyObject *args);
PyObject *py_poseidon_permute(PyObject *self, PyObject *args);
PyObject *py_poseidon_hash_batch(PyObject *self, PyObject *args);

/* Shared by the pairing bindings of both modules. */
typedef enum { PAIRING_MILLER_LOOP, PAIRING_PRODUCT, PAIRING_CHECK } pairing_mode_t;
PyObject *pairing_call(PyObject *args, pairing_mode_t mode, const char *format);
void fp12_to_bytes(unsigned char *out, const fp12_t *f);

#endif
