/* A minimal fork-join helper over POSIX threads: run `n_tasks` independent tasks on the
 * worker threads (ZKGOV_THREADS, default: the online CPUs). */
#ifndef ZK_PARALLEL_H
#define ZK_PARALLEL_H

#include <stddef.h>

typedef void (*zk_task_fn)(void *ctx, size_t task);

/* Worker count: ZKGOV_THREADS if set to a positive integer, else the online CPU count. */
int zk_thread_count(void);

/* Call fn(ctx, t) for t in [0, n_tasks) on up to zk_thread_count() threads (the caller is one
 * of them); returns when all are done. Falls back to the calling thread if threads fail. */
void zk_parallel_for(size_t n_tasks, zk_task_fn fn, void *ctx);

/* Split [0, n) into `parts` near-equal ranges; the range of part i. */
static inline void zk_split(size_t n, size_t parts, size_t i, size_t *begin, size_t *end) {
    size_t base = n / parts, extra = n % parts;
    *begin = i * base + (i < extra ? i : extra);
    *end = *begin + base + (i < extra ? 1 : 0);
}

#endif
