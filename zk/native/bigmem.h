/*
 * Large scratch buffers (the QAP vectors, NTT twiddles, MSM digits, aligned copies of
 * arguments) taken straight from the kernel with mmap, so that each goes back to the system
 * the moment it is freed. glibc's malloc keeps freed heap memory once its dynamic mmap
 * threshold has grown past a buffer's size, so a process that proves once would otherwise
 * carry the QAP's scratch through every MSM after it. Small requests use malloc. Under
 * AddressSanitizer every request uses malloc, so that overflows stay detected.
 */
#ifndef ZK_BIGMEM_H
#define ZK_BIGMEM_H

#include <stddef.h>

/* `bytes` of memory aligned to 64 bytes (zeroed when `zero`), or NULL. */
void *zk_big_alloc(size_t bytes, int zero);
/* count·size zeroed bytes, or NULL (also when the product overflows). */
void *zk_big_calloc(size_t count, size_t size);
/* Release what zk_big_alloc/zk_big_calloc returned (NULL is fine). */
void zk_big_free(void *p);

#endif
