/* See bigmem.h. Every block starts with a 64-byte header that records how it was obtained. */
#define _DEFAULT_SOURCE /* MAP_ANONYMOUS */
#include "bigmem.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>

#if defined(__SANITIZE_ADDRESS__)
#define ZK_BIG_USE_MMAP 0
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define ZK_BIG_USE_MMAP 0
#endif
#endif
#ifndef ZK_BIG_USE_MMAP
#define ZK_BIG_USE_MMAP 1
#endif

#define HEADER 64
/* From this size on a block is mapped (below it malloc's free lists serve it well). */
#define MMAP_FROM ((size_t)256 << 10)

typedef struct {
    size_t total; /* bytes mapped, header included; 0 for a malloc block */
} header_t;

void *zk_big_alloc(size_t bytes, int zero) {
    size_t total;
    if (__builtin_add_overflow(bytes, (size_t)HEADER, &total)) return NULL;
    unsigned char *base;
    header_t h = {0};
    if (ZK_BIG_USE_MMAP && total >= MMAP_FROM) {
        void *m = mmap(NULL, total, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
        if (m == MAP_FAILED) return NULL;
        base = m; /* fresh pages are zero */
        h.total = total;
    } else {
        base = aligned_alloc(HEADER, (total + HEADER - 1) / HEADER * HEADER);
        if (!base) return NULL;
        if (zero) memset(base + HEADER, 0, bytes);
    }
    memcpy(base, &h, sizeof h);
    return base + HEADER;
}

void *zk_big_calloc(size_t count, size_t size) {
    size_t bytes;
    if (__builtin_mul_overflow(count, size, &bytes)) return NULL;
    return zk_big_alloc(bytes, 1);
}

void zk_big_free(void *p) {
    if (!p) return;
    unsigned char *base = (unsigned char *)p - HEADER;
    header_t h;
    memcpy(&h, base, sizeof h);
    if (h.total) munmap(base, h.total);
    else free(base);
}
