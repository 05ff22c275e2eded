// The counting allocator of alloc_counter.h. Each interposed function counts, then calls
// the next definition (the C library's), found with dlsym(RTLD_NEXT).
//
// The recursion to avoid: dlsym may itself allocate (glibc's dlerror buffer uses calloc),
// and the first malloc of the process can come before this library's constructor. So the
// real functions are resolved on first use; while resolving, allocations are served from a
// small static arena, which free ignores and realloc copies out of.
#define _GNU_SOURCE
#include "alloc_counter.h"

#include <dlfcn.h>
#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

static void *(*real_malloc)(size_t);
static void *(*real_calloc)(size_t, size_t);
static void *(*real_realloc)(void *, size_t);
static void (*real_free)(void *);
static int (*real_posix_memalign)(void **, size_t, size_t);
static void *(*real_aligned_alloc)(size_t, size_t);
static void *(*real_memalign)(size_t, size_t);
static void *(*real_valloc)(size_t);
static void *(*real_pvalloc)(size_t);
static size_t (*real_malloc_usable_size)(void *);

// Counts before the file is mapped (or without one) go here and are never read.
static uint64_t local_counts[TESSERA_ALLOC_SLOTS];
static uint64_t *counts = local_counts;

// --- The arena for allocations made while dlsym runs ---------------------------------------

static _Alignas(64) unsigned char arena[64 * 1024];
static size_t arena_used;
static int resolving;

static int in_arena(const void *p) {
    return (const unsigned char *)p >= arena && (const unsigned char *)p < arena + sizeof arena;
}

// 16-byte aligned blocks, each preceded by its size (realloc needs it to copy out).
static void *arena_alloc(size_t size, size_t alignment) {
    if (alignment < 16) alignment = 16;
    size_t start = (arena_used + sizeof(size_t) + alignment - 1) & ~(alignment - 1);
    if (start + size > sizeof arena) return NULL;
    ((size_t *)(arena + start))[-1] = size;
    arena_used = start + size;
    return arena + start;
}

static size_t arena_size(const void *p) { return ((const size_t *)p)[-1]; }

// --- Resolution -----------------------------------------------------------------------------

static void resolve(void) {
    if (real_malloc != NULL || resolving) return;
    resolving = 1;
    real_calloc = (void *(*)(size_t, size_t))dlsym(RTLD_NEXT, "calloc");
    real_realloc = (void *(*)(void *, size_t))dlsym(RTLD_NEXT, "realloc");
    real_free = (void (*)(void *))dlsym(RTLD_NEXT, "free");
    real_posix_memalign = (int (*)(void **, size_t, size_t))dlsym(RTLD_NEXT, "posix_memalign");
    real_aligned_alloc = (void *(*)(size_t, size_t))dlsym(RTLD_NEXT, "aligned_alloc");
    real_memalign = (void *(*)(size_t, size_t))dlsym(RTLD_NEXT, "memalign");
    real_valloc = (void *(*)(size_t))dlsym(RTLD_NEXT, "valloc");
    real_pvalloc = (void *(*)(size_t))dlsym(RTLD_NEXT, "pvalloc");
    real_malloc_usable_size = (size_t (*)(void *))dlsym(RTLD_NEXT, "malloc_usable_size");
    // Last: a non-null real_malloc means every other one is set.
    void *(*m)(size_t) = (void *(*)(size_t))dlsym(RTLD_NEXT, "malloc");
    __atomic_store_n(&real_malloc, m, __ATOMIC_RELEASE);
    resolving = 0;
}

static inline int ready(void) {
    if (__atomic_load_n(&real_malloc, __ATOMIC_ACQUIRE) != NULL) return 1;
    resolve();
    return real_malloc != NULL;
}

static inline void count(int slot, size_t bytes) {
    uint64_t *c = __atomic_load_n(&counts, __ATOMIC_RELAXED);
    __atomic_fetch_add(&c[slot], 1, __ATOMIC_RELAXED);
    __atomic_fetch_add(&c[TESSERA_ALLOC_BYTES], bytes, __ATOMIC_RELAXED);
}

// Maps the counter file named by the environment, if any. open, fstat and mmap do not
// allocate, and getenv only reads.
__attribute__((constructor)) static void map_counter_file(void) {
    (void)ready();
    const char *path = getenv(TESSERA_ALLOC_ENV);
    if (path == NULL || *path == 0) return;
    int fd = open(path, O_RDWR | O_CLOEXEC);
    if (fd < 0) return;
    size_t length = TESSERA_ALLOC_SLOTS * sizeof(uint64_t);
    // A file too short would fault on the first count past its end: then count locally.
    struct stat info;
    if (fstat(fd, &info) != 0 || info.st_size < (off_t)length) {
        close(fd);
        return;
    }
    void *map = mmap(NULL, length, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
    close(fd);
    if (map == MAP_FAILED) return;
    uint64_t *shared = (uint64_t *)map;
    __atomic_store_n(&shared[TESSERA_ALLOC_MAGIC], TESSERA_ALLOC_MAGIC_VALUE, __ATOMIC_RELAXED);
    __atomic_store_n(&counts, shared, __ATOMIC_RELEASE);
}

// --- The interposed functions ------------------------------------------------------------

void *malloc(size_t size) {
    if (!ready()) return arena_alloc(size, 16);
    count(TESSERA_ALLOC_MALLOC, size);
    return real_malloc(size);
}

void *calloc(size_t n, size_t size) {
    if (!ready()) {
        // Arena memory is static, hence already zero.
        if (size != 0 && n > SIZE_MAX / size) return NULL;
        return arena_alloc(n * size, 16);
    }
    count(TESSERA_ALLOC_CALLOC, n * size);
    return real_calloc(n, size);
}

void *realloc(void *p, size_t size) {
    if (p != NULL && in_arena(p)) {
        void *moved = malloc(size);
        if (moved != NULL) {
            size_t old = arena_size(p);
            memcpy(moved, p, old < size ? old : size);
        }
        return moved;
    }
    if (!ready()) return p == NULL ? arena_alloc(size, 16) : NULL;
    // realloc(NULL, n) is a malloc and realloc(p, 0) a free: counted as what they are.
    count(p == NULL ? TESSERA_ALLOC_MALLOC : size == 0 ? TESSERA_ALLOC_FREE : TESSERA_ALLOC_REALLOC, size);
    return real_realloc(p, size);
}

void free(void *p) {
    if (p == NULL || in_arena(p)) return;
    if (!ready()) return;  // cannot happen: p came from a resolved allocator
    uint64_t *c = __atomic_load_n(&counts, __ATOMIC_RELAXED);
    __atomic_fetch_add(&c[TESSERA_ALLOC_FREE], 1, __ATOMIC_RELAXED);
    real_free(p);
}

int posix_memalign(void **out, size_t alignment, size_t size) {
    if (!ready()) {
        *out = arena_alloc(size, alignment);
        return *out != NULL ? 0 : ENOMEM;
    }
    count(TESSERA_ALLOC_POSIX_MEMALIGN, size);
    return real_posix_memalign(out, alignment, size);
}

void *aligned_alloc(size_t alignment, size_t size) {
    if (!ready()) return arena_alloc(size, alignment);
    count(TESSERA_ALLOC_ALIGNED_ALLOC, size);
    return real_aligned_alloc(alignment, size);
}

void *memalign(size_t alignment, size_t size) {
    if (!ready()) return arena_alloc(size, alignment);
    count(TESSERA_ALLOC_MEMALIGN, size);
    return real_memalign(alignment, size);
}

void *valloc(size_t size) {
    if (!ready()) return arena_alloc(size, 4096);
    count(TESSERA_ALLOC_MEMALIGN, size);
    return real_valloc(size);
}

void *pvalloc(size_t size) {
    if (!ready()) return arena_alloc(size, 4096);
    count(TESSERA_ALLOC_MEMALIGN, size);
    return real_pvalloc(size);
}

size_t malloc_usable_size(void *p) {
    if (p == NULL) return 0;
    if (in_arena(p)) return arena_size(p);
    if (!ready()) return 0;
    return real_malloc_usable_size(p);
}
