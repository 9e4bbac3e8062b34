/* Bindings for the Poseidon permutation and batch hashing. */
#include "bind.h"

#include "parallel.h"
#include "poseidon.h"

/* ---- Poseidon ------------------------------------------------------------------------------ */

typedef struct {
    buf_t constants, mds;
    poseidon_params_t params;
    fr_t *storage;
} poseidon_args_t;

static void poseidon_args_release(poseidon_args_t *pa) {
    buf_release(&pa->constants);
    buf_release(&pa->mds);
    PyMem_RawFree(pa->storage);
    pa->storage = NULL;
}

static int poseidon_args_parse(poseidon_args_t *pa, size_t t, PyObject *oc, PyObject *om,
                               Py_ssize_t n_full, Py_ssize_t n_partial) {
    memset(pa, 0, sizeof *pa);
    if (t < 2 || t > 64) {
        PyErr_Format(PyExc_ValueError, "Poseidon state width must be 2…64, got %zu", t);
        return -1;
    }
    if (n_full < 0 || n_partial < 0 || n_full % 2) {
        PyErr_SetString(PyExc_ValueError,
                        "Poseidon needs an even, non-negative n_full and a non-negative n_partial");
        return -1;
    }
    if (buf_get(oc, &pa->constants, "round_constants")) return -1;
    if (buf_get(om, &pa->mds, "mds")) {
        buf_release(&pa->constants);
        return -1;
    }
    size_t rounds = (size_t)n_full + (size_t)n_partial, n_const = rounds * t;
    if (buf_exact(&pa->constants, (Py_ssize_t)(n_const * 32), "round_constants") ||
        buf_exact(&pa->mds, (Py_ssize_t)(t * t * 32), "mds")) {
        poseidon_args_release(pa);
        return -1;
    }
    pa->storage = PyMem_RawMalloc((n_const + t * t + 1) * sizeof(fr_t));
    if (!pa->storage) {
        poseidon_args_release(pa);
        PyErr_NoMemory();
        return -1;
    }
    for (size_t i = 0; i < n_const; i++)
        fr_from_bytes(&pa->storage[i], (const unsigned char *)pa->constants.view.buf + 32 * i);
    for (size_t i = 0; i < t * t; i++)
        fr_from_bytes(&pa->storage[n_const + i], (const unsigned char *)pa->mds.view.buf + 32 * i);
    pa->params.t = t;
    pa->params.n_full = (size_t)n_full;
    pa->params.n_partial = (size_t)n_partial;
    pa->params.constants = pa->storage;
    pa->params.mds = pa->storage + n_const;
    return 0;
}

PyObject *py_poseidon_permute(PyObject *self, PyObject *args) {
    PyObject *os, *oc, *om;
    Py_ssize_t n_full, n_partial;
    if (!PyArg_ParseTuple(args, "OOOnn:poseidon_permute", &os, &oc, &om, &n_full, &n_partial))
        return NULL;
    buf_t s;
    if (buf_get(os, &s, "state")) return NULL;
    if (buf_multiple(&s, 32, "state")) {
        buf_release(&s);
        return NULL;
    }
    size_t t = (size_t)s.view.len / 32;
    poseidon_args_t pa;
    if (poseidon_args_parse(&pa, t, oc, om, n_full, n_partial)) {
        buf_release(&s);
        return NULL;
    }
    fr_t state[64];
    for (size_t i = 0; i < t; i++)
        fr_from_bytes(&state[i], (const unsigned char *)s.view.buf + 32 * i);
    buf_release(&s);
    poseidon_permute_state(&pa.params, state);
    poseidon_args_release(&pa);
    return fr_vector_to_bytes(state, t);
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
        fr_t state[64];
        memset(&state[0], 0, sizeof state[0]);
        for (size_t i = 0; i < job->k; i++)
            fr_from_bytes(&state[i + 1], job->inputs + 32 * (h * job->k + i));
        poseidon_permute_state(job->params, state);
        fr_to_bytes(job->out + 32 * h, &state[0]);
    }
}

PyObject *py_poseidon_hash_batch(PyObject *self, PyObject *args) {
    PyObject *oi, *oc, *om;
    Py_ssize_t k, n_full, n_partial;
    if (!PyArg_ParseTuple(args, "OnOOnn:poseidon_hash_batch", &oi, &k, &oc, &om, &n_full,
                          &n_partial))
        return NULL;
    if (k < 1 || k > 63) {
        PyErr_Format(PyExc_ValueError, "Poseidon hashes 1…63 inputs at once, got k = %zd", k);
        return NULL;
    }
    buf_t in;
    if (buf_get(oi, &in, "inputs")) return NULL;
    if (in.view.len % (32 * k) != 0) {
        PyErr_Format(PyExc_ValueError, "inputs of %zd bytes are not a whole number of %zd-element "
                                       "rows", in.view.len, k);
        buf_release(&in);
        return NULL;
    }
    poseidon_args_t pa;
    if (poseidon_args_parse(&pa, (size_t)k + 1, oc, om, n_full, n_partial)) {
        buf_release(&in);
        return NULL;
    }
    size_t m = (size_t)in.view.len / (32 * (size_t)k);
    unsigned char *out;
    PyObject *res = new_bytes((Py_ssize_t)(m * 32), &out);
    if (res) {
        size_t parts = m >= 256 ? (size_t)zk_thread_count() * 4 : 1;
        poseidon_job_t job = {&pa.params, in.view.buf, out, m, (size_t)k, parts};
        Py_BEGIN_ALLOW_THREADS
        if (parts > 1) zk_parallel_for(parts, poseidon_task, &job);
        else poseidon_task(&job, 0);
        Py_END_ALLOW_THREADS
    }
    buf_release(&in);
    poseidon_args_release(&pa);
    return res;
}
