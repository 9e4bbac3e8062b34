/*
 * Shared plumbing of the CPython bindings (bind_*.c, module.c): buffer arguments, result
 * objects, the zk.errors classes, and the prototypes of every function the module exports.
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

extern PyObject *FormatError; /* zk.errors.FormatError (ValueError if unavailable) */
extern PyObject *PointError;  /* zk.errors.PointError */
/* Look the error classes up in zk.errors (falls back to ValueError). */
void bind_load_errors(void);

/* A held buffer view of an argument. */
typedef struct {
    Py_buffer view;
    int held;
} buf_t;

int buf_get(PyObject *obj, buf_t *b, const char *what);
void buf_release(buf_t *b);
int buf_multiple(buf_t *b, Py_ssize_t unit, const char *what);
int buf_exact(buf_t *b, Py_ssize_t len, const char *what);
PyObject *new_bytes(Py_ssize_t len, unsigned char **data);
PyObject *no_memory(PyObject *to_drop);
/* Packed point → affine struct, rejecting coordinates that are not below q. */
int g1_read(g1_aff_t *p, const unsigned char *in, const char *what);
int g2_read(g2_aff_t *p, const unsigned char *in, const char *what);
/* Plain packed scalars → a new Montgomery array (PyMem_Raw; values reduced mod r). */
fr_t *fr_vector_from(const unsigned char *in, size_t n);
PyObject *fr_vector_to_bytes(const fr_t *v, size_t n);
int power_of_two_length(size_t n, const char *what);

/* The exported functions (see the method table in module.c). */
PyObject *py_g1_add(PyObject *self, PyObject *args);
PyObject *py_g1_neg(PyObject *self, PyObject *arg);
PyObject *py_g1_mul(PyObject *self, PyObject *args);
PyObject *py_g1_is_on_curve(PyObject *self, PyObject *arg);
PyObject *py_g2_add(PyObject *self, PyObject *args);
PyObject *py_g2_neg(PyObject *self, PyObject *arg);
PyObject *py_g2_mul(PyObject *self, PyObject *args);
PyObject *py_g2_is_on_curve(PyObject *self, PyObject *arg);
PyObject *py_g2_in_subgroup(PyObject *self, PyObject *arg);
PyObject *py_g1_jac_add(PyObject *self, PyObject *args);
PyObject *py_g1_jac_add_affine(PyObject *self, PyObject *args);
PyObject *py_g1_jac_double(PyObject *self, PyObject *arg);
PyObject *py_g1_jac_to_affine(PyObject *self, PyObject *arg);
PyObject *py_g2_jac_add(PyObject *self, PyObject *args);
PyObject *py_g2_jac_add_affine(PyObject *self, PyObject *args);
PyObject *py_g2_jac_double(PyObject *self, PyObject *arg);
PyObject *py_g2_jac_to_affine(PyObject *self, PyObject *arg);
PyObject *py_g1_first_invalid(PyObject *self, PyObject *arg);
PyObject *py_g2_first_invalid(PyObject *self, PyObject *arg);
PyObject *py_g1_msm(PyObject *self, PyObject *args, PyObject *kw);
PyObject *py_g2_msm(PyObject *self, PyObject *args, PyObject *kw);
PyObject *py_g1_mul_batch(PyObject *self, PyObject *args, PyObject *kw);
PyObject *py_g2_mul_batch(PyObject *self, PyObject *args, PyObject *kw);
PyObject *py_g1_scale_batch(PyObject *self, PyObject *args);
PyObject *py_g2_scale_batch(PyObject *self, PyObject *args);
PyObject *py_g1_sparse_msm(PyObject *self, PyObject *args);
PyObject *py_g2_sparse_msm(PyObject *self, PyObject *args);
PyObject *py_g1_ifft(PyObject *self, PyObject *arg);
PyObject *py_g2_ifft(PyObject *self, PyObject *arg);
PyObject *py_fr_powers(PyObject *self, PyObject *args);
PyObject *py_fr_ntt(PyObject *self, PyObject *args, PyObject *kw);
PyObject *py_fr_coset_ntt(PyObject *self, PyObject *args, PyObject *kw);
PyObject *py_qap_h(PyObject *self, PyObject *args);
PyObject *py_fp_mul_batch(PyObject *self, PyObject *args);
PyObject *py_fr_mul_batch(PyObject *self, PyObject *args);
PyObject *py_fp_batch_inv(PyObject *self, PyObject *arg);
PyObject *py_fr_batch_inv(PyObject *self, PyObject *arg);
PyObject *py_fp_from_montgomery(PyObject *self, PyObject *arg);
PyObject *py_miller_loop(PyObject *self, PyObject *args);
PyObject *py_final_exponentiation(PyObject *self, PyObject *arg);
PyObject *py_pairing_product(PyObject *self, PyObject *args);
PyObject *py_pairing_check(PyObject *self, PyObject *args);
PyObject *py_poseidon_permute(PyObject *self, PyObject *args);
PyObject *py_poseidon_hash_batch(PyObject *self, PyObject *args);
PyObject *py_thread_count(PyObject *self, PyObject *unused);
PyObject *py_kernel(PyObject *self, PyObject *unused);

#endif
