/* Fork-join over POSIX threads with a shared atomic task counter. */
#include "parallel.h"

#include <pthread.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <unistd.h>

#define ZK_MAX_THREADS 256

int zk_thread_count(void) {
    const char *env = getenv("ZKGOV_THREADS");
    if (env && *env) {
        char *end;
        long v = strtol(env, &end, 10);
        if (*end == '\0' && v > 0) return v > ZK_MAX_THREADS ? ZK_MAX_THREADS : (int)v;
    }
    long cpus = sysconf(_SC_NPROCESSORS_ONLN);
    if (cpus < 1) cpus = 1;
    return cpus > ZK_MAX_THREADS ? ZK_MAX_THREADS : (int)cpus;
}

typedef struct {
    zk_task_fn fn;
    void *ctx;
    size_t n_tasks;
    atomic_size_t next;
} job_t;

static void *worker(void *arg) {
    job_t *job = arg;
    for (;;) {
        size_t t = atomic_fetch_add(&job->next, 1);
        if (t >= job->n_tasks) break;
        job->fn(job->ctx, t);
    }
    return NULL;
}

void zk_parallel_for(size_t n_tasks, zk_task_fn fn, void *ctx) {
    if (n_tasks == 0) return;
    size_t n_threads = (size_t)zk_thread_count();
    if (n_threads > n_tasks) n_threads = n_tasks;
    job_t job = {fn, ctx, n_tasks, 0};
    pthread_t ids[ZK_MAX_THREADS];
    size_t started = 0;
    for (size_t i = 1; i < n_threads; i++) {
        if (pthread_create(&ids[started], NULL, worker, &job) != 0) break;
        started++;
    }
    worker(&job);
    for (size_t i = 0; i < started; i++) pthread_join(ids[i], NULL);
}
