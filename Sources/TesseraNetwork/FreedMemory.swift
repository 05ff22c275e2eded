import CSystemLinux

/// The C allocator keeps the pages of freed memory for later allocations. After a catalog
/// load, which frees the tables of rows it read (tens of MiB on a large catalog), those
/// pages would stay in the resident set for good (issue 17: memory).
public enum FreedMemory {
    /// Gives freed heap pages back to the system; a few milliseconds, so only after a load.
    public static func giveBack() {
        _ = tessera_malloc_trim()
    }
}
