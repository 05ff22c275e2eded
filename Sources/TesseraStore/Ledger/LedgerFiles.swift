import Glibc

/// The files SQLite keeps beside the ledger (`-wal`, `-shm`), put right where they
/// would stop the server from writing or make it read the wrong thing.
///
/// Only called under the ledger's lock (`LedgerLock`), so no other server has them open.
enum LedgerFiles {
    static func wal(_ path: String) -> String { path + "-wal" }
    static func sharedMemory(_ path: String) -> String { path + "-shm" }

    /// SQLite gives a new `-wal` and `-shm` the permissions of the ledger file. Made while
    /// the ledger was read-only, they stay read-only once it is writable again, and SQLite
    /// then refuses every write, also after a restart. So when the ledger can be written
    /// and they cannot, they get the ledger's permissions; a `-shm` that cannot is removed
    /// (it is only an index SQLite rebuilds from the WAL, and no one else has it open).
    static func repairPermissions(of path: String) {
        var ledger = stat()
        guard access(path, W_OK) == 0, stat(path, &ledger) == 0 else { return }
        for sidecar in [wal(path), sharedMemory(path)] where access(sidecar, F_OK) == 0 && access(sidecar, W_OK) != 0 {
            if chmod(sidecar, ledger.st_mode & 0o777) == 0 && access(sidecar, W_OK) == 0 { continue }
            if sidecar == sharedMemory(path) { unlink(sidecar) }
        }
    }

    static func exists(_ file: String) -> Bool { access(file, F_OK) == 0 }

    /// fsyncs a new file and its directory, so the file and its name survive a power cut.
    static func sync(_ file: String) -> Bool {
        let directory = file.lastIndex(of: "/").map { String(file[..<$0]) } ?? "."
        for path in [file, directory.isEmpty ? "/" : directory] {
            let fd = open(path, O_RDONLY | O_CLOEXEC)
            guard fd >= 0 else { return false }
            defer { close(fd) }
            guard fsync(fd) == 0 else { return false }
        }
        return true
    }

    /// Renames a file SQLite must never read (a WAL that is not the one the ledger was
    /// writing); kept, not deleted, for whoever wants to know what it was.
    static func moveAside(_ file: String) {
        guard exists(file) else { return }
        var now = timespec()
        clock_gettime(CLOCK_REALTIME, &now)
        _ = rename(file, "\(file).moved-aside-\(now.tv_sec)")
    }
}
