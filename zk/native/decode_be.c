/*
 * Batch decoding of the big-endian point encodings of snarkjs's ceremony transcripts (the
 * challenge and response files of an air-gapped phase-1 contribution, bellman's MPC
 * parameters) into packed affine points in Montgomery form, on the worker threads:
 *
 *   uncompressed  x‖y (64 bytes in G1, 128 in G2, an Fp2 value written c1‖c0); all zeros is
 *                 the identity; otherwise every coordinate must be below q and the point on
 *                 the curve (G1) or the twist (G2);
 *   compressed    x alone (32 or 64 bytes): 0x40 in the first byte is the identity (the rest
 *                 is ignored, as snarkjs and zk.snarkjs.point_codec do); otherwise the top two
 *                 bits are flags, the coordinates must be below q, x³ + b must be a square,
 *                 and 0x80 picks the root y above (q − 1)/2 (in Fp2 judged on y.c1, or on
 *                 y.c0 when y.c1 is zero).
 *
 * The Python reference is zk.snarkjs.point_codec (with zk.curve.fq2); the decoders agree on
 * every input, including which encoding fails first and why. G2 points are not checked for
 * the subgroup here, as the reference does not: the .ptau verification does that.
 */
#include "bind.h"

#include <stdlib.h>

#include "parallel.h"

#define DECODE_CHUNK 512 /* points per task */

/* Why an encoding is no point (the order matters: the first failing check names it). */
enum { DECODE_OK = 0, DECODE_NOT_CANONICAL = 1, DECODE_NO_POINT = 2 };

static uint64_t HALF_Q[4];    /* (q − 1)/2 */
static uint64_t EXP_SQRT[4];  /* (q + 1)/4: a square root in Fp (q ≡ 3 mod 4) */
static uint64_t EXP_Q_3_4[4]; /* (q − 3)/4: a^that is 1/√a for a square a */
static fp_t FP_HALF;          /* 1/2 */

static void shift_right(uint64_t r[4], const uint64_t a[4], unsigned k) {
    for (int i = 0; i < 4; i++) r[i] = (a[i] >> k) | (i < 3 ? a[i + 1] << (64 - k) : 0);
}

static void decode_constants(void) {
    static int done;
    if (done) return; /* called with the GIL held, before any worker starts */
    uint64_t q_minus_1[4] = {FP_MOD[0] - 1, FP_MOD[1], FP_MOD[2], FP_MOD[3]};
    uint64_t q_plus_1[4] = {FP_MOD[0] + 1, FP_MOD[1], FP_MOD[2], FP_MOD[3]};
    uint64_t q_minus_3[4] = {FP_MOD[0] - 3, FP_MOD[1], FP_MOD[2], FP_MOD[3]};
    shift_right(HALF_Q, q_minus_1, 1);
    shift_right(EXP_SQRT, q_plus_1, 2);
    shift_right(EXP_Q_3_4, q_minus_3, 2);
    uint64_t half[4]; /* (q + 1)/2 = 1/2 mod q */
    shift_right(half, q_plus_1, 1);
    fp_from_plain(&FP_HALF, half);
    done = 1;
}

/* a^e for a 256-bit e, 4-bit fixed window (the exponents here are fixed, public constants). */
static void pow_window(fp_t *r, const fp_t *a, const uint64_t e[4]) {
    fp_t table[16], acc = FP_ONE;
    table[0] = FP_ONE;
    table[1] = *a;
    for (int i = 2; i < 16; i++) fp_mul(&table[i], &table[i - 1], a);
    for (int digit = 63; digit >= 0; digit--) {
        for (int s = 0; s < 4; s++) fp_sqr(&acc, &acc);
        unsigned d = (unsigned)(e[digit / 16] >> (4 * (digit % 16))) & 15;
        if (d) fp_mul(&acc, &acc, &table[d]);
    }
    *r = acc;
}

/* 32 big-endian bytes (with `mask` applied to the first) as limbs; 1 when below q. */
static int read_be(uint64_t out[4], const unsigned char *in, unsigned char mask) {
    for (int limb = 0; limb < 4; limb++) {
        uint64_t v = 0;
        for (int b = 0; b < 8; b++) {
            unsigned char byte = in[(3 - limb) * 8 + b];
            if (limb == 3 && b == 0) byte &= mask;
            v = (v << 8) | byte;
        }
        out[limb] = v;
    }
    return limbs_lt(out, FP_MOD);
}

static int is_above_half(const fp_t *a) {
    uint64_t plain[4];
    fp_to_plain(plain, a);
    return limbs_lt(HALF_Q, plain);
}

/* A square root of a in Fp, or 0 when a is not a square. */
static int fp_sqrt(fp_t *r, const fp_t *a) {
    fp_t root, check;
    pow_window(&root, a, EXP_SQRT);
    fp_sqr(&check, &root);
    if (!fp_eq(&check, a)) return 0;
    *r = root;
    return 1;
}

/* A square root of a = a0 + a1·u in Fp2, or 0 when a is not a square: the "complex method"
 * through the norm, two exponentiations in Fp. With s = √(a0² + a1²) and t = (a0 + s)/2,
 * z = t^((q−3)/4) gives both √t = z·t and 1/√t = z when t is a square, and the root is
 * √t + a1/(2√t)·u; when t is not, (a0 − s)/2 is, and the root is −a1·z/2 + z·t·u. Which of
 * the two roots comes out does not matter: the caller picks the sign from the flags. */
static int fp2_sqrt(fp2_t *r, const fp2_t *a) {
    fp2_t root, check;
    if (fp_is_zero(&a->c1)) {
        fp_t minus;
        if (fp_sqrt(&root.c0, &a->c0)) {
            fp_set_zero(&root.c1);
        } else {
            fp_neg(&minus, &a->c0); /* −1 is not a square: −a0 is */
            if (!fp_sqrt(&root.c1, &minus)) return 0;
            fp_set_zero(&root.c0);
        }
    } else {
        fp_t norm, s, t, z, x0, t_check;
        fp_sqr(&norm, &a->c0);
        fp_sqr(&t, &a->c1);
        fp_add(&norm, &norm, &t);
        if (!fp_sqrt(&s, &norm)) return 0;
        fp_add(&t, &a->c0, &s);
        fp_mul(&t, &t, &FP_HALF);
        pow_window(&z, &t, EXP_Q_3_4);
        fp_mul(&x0, &z, &t);
        fp_sqr(&t_check, &x0);
        fp_t half_a1;
        fp_mul(&half_a1, &a->c1, &FP_HALF);
        if (fp_eq(&t_check, &t)) {
            root.c0 = x0;
            fp_mul(&root.c1, &half_a1, &z);
        } else {
            fp_mul(&root.c0, &half_a1, &z);
            fp_neg(&root.c0, &root.c0);
            root.c1 = x0;
        }
    }
    fp2_sqr(&check, &root);
    if (!fp2_eq(&check, a)) return 0;
    *r = root;
    return 1;
}

static int g1_decode_one(g1_aff_t *out, const unsigned char *in, int compressed) {
    uint64_t x[4], y[4];
    if (compressed) {
        if (in[0] & 0x40) {
            memset(out, 0, sizeof *out);
            return DECODE_OK;
        }
        if (!read_be(x, in, 0x3f)) return DECODE_NOT_CANONICAL;
        fp_t rhs;
        fp_from_plain(&out->x, x);
        fp_sqr(&rhs, &out->x);
        fp_mul(&rhs, &rhs, &out->x);
        fp_add(&rhs, &rhs, &G1_B);
        if (!fp_sqrt(&out->y, &rhs)) return DECODE_NO_POINT;
        if (is_above_half(&out->y) != !!(in[0] & 0x80)) fp_neg(&out->y, &out->y);
        return DECODE_OK;
    }
    int zero = 1;
    for (size_t i = 0; i < 64; i++) zero &= in[i] == 0;
    if (zero) {
        memset(out, 0, sizeof *out);
        return DECODE_OK;
    }
    if (!read_be(x, in, 0xff) || !read_be(y, in + 32, 0xff)) return DECODE_NOT_CANONICAL;
    fp_from_plain(&out->x, x);
    fp_from_plain(&out->y, y);
    return g1_aff_is_on_curve(out) ? DECODE_OK : DECODE_NO_POINT;
}

/* y.c1 decides, or y.c0 when y.c1 is zero (snarkjs's order of an Fp2 value). */
static int fp2_is_above_half(const fp2_t *a) {
    return fp_is_zero(&a->c1) ? is_above_half(&a->c0) : is_above_half(&a->c1);
}

static int g2_decode_one(g2_aff_t *out, const unsigned char *in, int compressed) {
    uint64_t l[4][4];
    if (compressed) {
        if (in[0] & 0x40) {
            memset(out, 0, sizeof *out);
            return DECODE_OK;
        }
        if (!read_be(l[0], in, 0x3f) || !read_be(l[1], in + 32, 0xff))
            return DECODE_NOT_CANONICAL;
        fp2_t rhs;
        fp_from_plain(&out->x.c1, l[0]);
        fp_from_plain(&out->x.c0, l[1]);
        fp2_sqr(&rhs, &out->x);
        fp2_mul(&rhs, &rhs, &out->x);
        fp2_add(&rhs, &rhs, &G2_B);
        if (!fp2_sqrt(&out->y, &rhs)) return DECODE_NO_POINT;
        if (fp2_is_above_half(&out->y) != !!(in[0] & 0x80)) fp2_neg(&out->y, &out->y);
        return DECODE_OK;
    }
    int zero = 1;
    for (size_t i = 0; i < 128; i++) zero &= in[i] == 0;
    if (zero) {
        memset(out, 0, sizeof *out);
        return DECODE_OK;
    }
    for (int i = 0; i < 4; i++)
        if (!read_be(l[i], in + 32 * i, 0xff)) return DECODE_NOT_CANONICAL;
    fp_from_plain(&out->x.c1, l[0]);
    fp_from_plain(&out->x.c0, l[1]);
    fp_from_plain(&out->y.c1, l[2]);
    fp_from_plain(&out->y.c0, l[3]);
    return g2_aff_is_on_curve(out) ? DECODE_OK : DECODE_NO_POINT;
}

typedef struct {
    int g2, compressed;
    const unsigned char *in;
    unsigned char *out;
    size_t n, in_size;
    unsigned char *status; /* per point */
} decode_job_t;

static void decode_task(void *ctx, size_t task) {
    decode_job_t *job = ctx;
    size_t begin = task * DECODE_CHUNK, end = begin + DECODE_CHUNK;
    if (end > job->n) end = job->n;
    for (size_t i = begin; i < end; i++) {
        const unsigned char *in = job->in + i * job->in_size;
        job->status[i] = job->g2
            ? (unsigned char)g2_decode_one((g2_aff_t *)job->out + i, in, job->compressed)
            : (unsigned char)g1_decode_one((g1_aff_t *)job->out + i, in, job->compressed);
    }
}

/* (packed points, −1, 0) or (None, index of the first bad encoding, why: 1 a coordinate not
 * below q, 2 no point). */
static PyObject *decode_call(PyObject *args, int g2, const char *format) {
    int compressed = 0;
    size_t point_bytes = g2 ? G2_BYTES : G1_BYTES;
    arg_buf_t in = ARG_VECTOR("encoded points", 1, 1);
    if (!PyArg_ParseTuple(args, format, arg_buffer, &in, &compressed)) return NULL;
    decode_constants();
    size_t in_size = compressed ? point_bytes / 2 : point_bytes;
    PyObject *res = NULL, *points = NULL;
    unsigned char *out, *status = NULL;
    if (in.len % in_size) {
        PyErr_Format(ArgumentError, "encoded points: %zu bytes is not a whole number of "
                     "%zu-byte points", in.len, in_size);
        goto done;
    }
    size_t n = in.len / in_size;
    points = new_bytes(n, point_bytes, &out, "the decoded points");
    if (!points) goto done;
    status = PyMem_RawMalloc(n ? n : 1);
    if (!status) {
        points = no_memory(points, "the decoding status");
        goto done;
    }
    decode_job_t job = {.g2 = g2, .compressed = compressed, .in = in.data, .out = out, .n = n,
                        .in_size = in_size, .status = status};
    size_t tasks = (n + DECODE_CHUNK - 1) / DECODE_CHUNK;
    Py_BEGIN_ALLOW_THREADS
    if (tasks > 1) zk_parallel_for(tasks, decode_task, &job);
    else if (tasks == 1) decode_task(&job, 0);
    Py_END_ALLOW_THREADS
    for (size_t i = 0; i < n; i++)
        if (status[i] != DECODE_OK) {
            res = Py_BuildValue("(Onn)", Py_None, (Py_ssize_t)i, (Py_ssize_t)status[i]);
            goto done;
        }
    res = Py_BuildValue("(Onn)", points, (Py_ssize_t)-1, (Py_ssize_t)0);
done:
    Py_XDECREF(points);
    PyMem_RawFree(status);
    arg_release(&in);
    return res;
}

PyObject *py_g1_decode_be(PyObject *self, PyObject *args) {
    return decode_call(args, 0, "O&p:g1_decode_be");
}

PyObject *py_g2_decode_be(PyObject *self, PyObject *args) {
    return decode_call(args, 1, "O&p:g2_decode_be");
}
