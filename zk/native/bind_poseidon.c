/* Bindings for the Poseidon permutation and batch hashing. */
#include "bind.h"

#include "parallel.h"
#include "poseidon.h"

#define POSEIDON_MAX_T 64
/* A round count: any non-negative int (the round constants bound it; this only keeps it in a
 * size_t). */
#define ARG_ROUNDS(name) ARG_COUNT(name, SIZE_MAX)

/* The round constants and MDS matrix of one call, decoded into Montgomery form. */
typedef struct {
    poseidon_params_t params;
    fr_t *storage;
} poseidon_args_t;

/* Decode the parameters of a width-t permutation; the buffers must hold exactly
 * (n_full + n_partial)·t and t·t elements (counts bounded by the buffers, sizes checked). */
static int poseidon_args_parse(poseidon_args_t *pa, size_t t, const arg_buf_t *constants,
                               const arg_buf_t *mds, size_t n_full, size_t n_partial) {
    memset(pa, 0, sizeof *pa);
    if (t < 2 || t > POSEIDON_MAX_T) {
        PyErr_Format(ArgumentError, "Poseidon state width must be 2..64, got %zu", t);
        return -1;
    }
    if (n_full % 2) {
        PyErr_SetString(ArgumentError,
                        "Poseidon needs an even, non-negative n_full and a non-negative n_partial");
        return -1;
    }
    size_t rounds, n_const, n_mds = t * t, total, bytes;
    if (__builtin_add_overflow(n_full, n_partial, &rounds) || !size_fits(rounds, t, &n_const) ||
        n_const != constants->count) {
        PyErr_Format(ArgumentError, "round_constants must hold (n_full + n_partial)*t = "
                                    "(%zu + %zu)*%zu elements, got %zu",
                     n_full, n_partial, t, constants->count);
        return -1;
    }
    if (n_mds != mds->count) {
        PyErr_Format(ArgumentError, "mds must hold t*t = %zu elements, got %zu", n_mds,
                     mds->count);
        return -1;
    }
    /* n_const and n_mds are bounded by their buffers, so these cannot overflow; checked all
     * the same, as every size in the bindings is */
    if (__builtin_add_overflow(n_const, n_mds, &total) ||
        size_mul(total + 1, sizeof(fr_t), &bytes, "Poseidon parameters"))
        return -1;
    pa->storage = PyMem_RawMalloc(bytes);
    if (!pa->storage) {
        no_memory(NULL, "the Poseidon parameters");
        return -1;
    }
    for (size_t i = 0; i < n_const; i++)
        fr_from_bytes(&pa->storage[i], (const unsigned char *)constants->data + 32 * i);
    for (size_t i = 0; i < n_mds; i++)
        fr_from_bytes(&pa->storage[n_const + i], (const unsigned char *)mds->data + 32 * i);
    pa->params.t = t;
    pa->params.n_full = n_full;
    pa->params.n_partial = n_partial;
    pa->params.constants = pa->storage;
    pa->params.mds = pa->storage + n_const;
    return 0;
}

PyObject *py_poseidon_permute(PyObject *self, PyObject *args) {
    arg_buf_t s = ARG_SCALARS("state"), c = ARG_SCALARS("round_constants"),
              m = ARG_SCALARS("mds");
    arg_count_t n_full = ARG_ROUNDS("n_full"), n_partial = ARG_ROUNDS("n_partial");
    if (!PyArg_ParseTuple(args, "O&O&O&O&O&:poseidon_permute", arg_buffer, &s, arg_buffer, &c,
                          arg_buffer, &m, arg_count, &n_full, arg_count, &n_partial))
        return NULL;
    PyObject *res = NULL;
    poseidon_args_t pa;
    if (poseidon_args_parse(&pa, s.count, &c, &m, n_full.value, n_partial.value) == 0) {
        fr_t state[POSEIDON_MAX_T];
        for (size_t i = 0; i < s.count; i++)
            fr_from_bytes(&state[i], (const unsigned char *)s.data + 32 * i);
        poseidon_permute_state(&pa.params, state);
        res = fr_vector_to_bytes(state, s.count);
    }
    PyMem_RawFree(pa.storage);
    ARGS_RELEASE(&s, &c, &m);
    return res;
}

typedef struct {
    const poseidon_params_t *params;
    const unsigned char *inputs;
    unsigned char *out;
    size_t m, k, parts;
} poseidon_job_t;

static void poseidon_task(void *ctx, size_t part) {
    poseidon_job_t *job = ctx;
    size_t begin, end;
    zk_split(job->m, job->parts, part, &begin, &end);
    for (size_t h = begin; h < end; h++) {
        fr_t state[POSEIDON_MAX_T];
        memset(&state[0], 0, sizeof state[0]);
        for (size_t i = 0; i < job->k; i++)
            fr_from_bytes(&state[i + 1], job->inputs + 32 * (h * job->k + i));
        poseidon_permute_state(job->params, state);
        fr_to_bytes(job->out + 32 * h, &state[0]);
    }
}

PyObject *py_poseidon_hash_batch(PyObject *self, PyObject *args) {
    arg_buf_t in = ARG_SCALARS("inputs"), c = ARG_SCALARS("round_constants"),
              m = ARG_SCALARS("mds");
    arg_count_t k = ARG_COUNT("k", POSEIDON_MAX_T - 1), n_full = ARG_ROUNDS("n_full"),
                n_partial = ARG_ROUNDS("n_partial");
    if (!PyArg_ParseTuple(args, "O&O&O&O&O&O&:poseidon_hash_batch", arg_buffer, &in, arg_count,
                          &k, arg_buffer, &c, arg_buffer, &m, arg_count, &n_full, arg_count,
                          &n_partial))
        return NULL;
    PyObject *res = NULL;
    poseidon_args_t pa = {0};
    if (k.value < 1) {
        PyErr_SetString(ArgumentError, "Poseidon hashes 1..63 inputs at once, got k = 0");
        goto done;
    }
    if (in.count % k.value != 0) {
        PyErr_Format(ArgumentError, "inputs of %zu elements are not a whole number of "
                                    "%zu-element rows", in.count, k.value);
        goto done;
    }
    if (poseidon_args_parse(&pa, k.value + 1, &c, &m, n_full.value, n_partial.value)) goto done;
    size_t rows = in.count / k.value;
    unsigned char *out;
    res = new_bytes(rows, SCALAR_BYTES, &out, "the hashes");
    if (res) {
        size_t parts = rows >= 256 ? (size_t)zk_thread_count() * 4 : 1;
        poseidon_job_t job = {&pa.params, in.data, out, rows, k.value, parts};
        Py_BEGIN_ALLOW_THREADS
        if (parts > 1) zk_parallel_for(parts, poseidon_task, &job);
        else poseidon_task(&job, 0);
        Py_END_ALLOW_THREADS
    }
done:
    PyMem_RawFree(pa.storage);
    ARGS_RELEASE(&in, &c, &m);
    return res;
}
