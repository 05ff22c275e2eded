#ifndef TESSERA_ALLOC_COUNTER_H
#define TESSERA_ALLOC_COUNTER_H

/// A bench-only counting allocator (issue 17), preloaded into `tessera serve` with
/// `LD_PRELOAD=libTesseraAllocCounter.so`: it counts every call of the C allocation
/// functions, then hands the call to the C library's own. Nothing links it; the product
/// binary is the same with or without it, and without the preload nothing is counted.
///
/// The counts live in a file (its path in `TESSERA_ALLOC_COUNTER`) mapped shared, so the
/// benchmark reads them from its own process with `pread`, before and after a batch of
/// requests. The file holds `TESSERA_ALLOC_SLOTS` little-endian 64-bit counters at these
/// indexes (the Swift reader, `AllocationCounter.Slot`, mirrors them); the benchmark
/// creates it zeroed and at least `TESSERA_ALLOC_SLOTS * 8` bytes long.
enum {
    TESSERA_ALLOC_MAGIC = 0,          // set to TESSERA_ALLOC_MAGIC_VALUE once the file is mapped
    TESSERA_ALLOC_MALLOC = 1,
    TESSERA_ALLOC_CALLOC = 2,
    TESSERA_ALLOC_REALLOC = 3,        // realloc with a non-null pointer and a size (a move or a resize)
    TESSERA_ALLOC_POSIX_MEMALIGN = 4,
    TESSERA_ALLOC_ALIGNED_ALLOC = 5,
    TESSERA_ALLOC_MEMALIGN = 6,       // memalign, valloc, pvalloc
    TESSERA_ALLOC_FREE = 7,           // free of a non-null pointer
    TESSERA_ALLOC_BYTES = 8,          // bytes asked for by every counted allocation
    TESSERA_ALLOC_SLOTS = 16,
};

#define TESSERA_ALLOC_MAGIC_VALUE 0x3731434F4C4C41ULL  /* "ALLOC17" */
#define TESSERA_ALLOC_ENV "TESSERA_ALLOC_COUNTER"

#endif
