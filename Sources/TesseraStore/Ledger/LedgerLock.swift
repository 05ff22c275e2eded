import Glibc

/// The ledger file's owner: one server per ledger.
///
/// Two servers sharing one ledger each count usage in their own memory, so a code valid
/// once is committed twice, and each one's checkpoints can drop the other's commits. The
/// first server holds an exclusive `flock` on the ledger file for as long as it runs; a
/// second one fails here before SQLite has touched the file.
///
/// `flock`, not `fcntl`: POSIX record locks belong to the process and vanish when any
/// descriptor of the file is closed — SQLite opens and closes the ledger on its own
/// connections all the time — while an `flock` belongs to this one open descriptor and
/// lasts until it is closed (or the process ends, also by `kill -9`, so a crash never
/// leaves a stale lock behind). SQLite's own locks are `fcntl` locks and do not see it.
final class LedgerLock {
    let path: String
    private var fd: Int32

    /// Opens `path` (creating an empty file when `create` and it is missing) and takes the
    /// lock, or throws naming the ledger and, where Linux tells, the process that holds it.
    /// A file that exists but cannot be written is locked all the same: the server may
    /// start on a read-only ledger and write once it can.
    init(path: String, create: Bool) throws(LedgerError) {
        self.path = path
        var opened = Self.open(path, O_RDONLY)
        if opened < 0 && errno == ENOENT && create {
            opened = Self.open(path, O_RDWR | O_CREAT | O_EXCL)
            if opened < 0 && errno == EEXIST { opened = Self.open(path, O_RDONLY) }
        }
        guard opened >= 0 else {
            let reason = String(cString: strerror(errno))
            throw LedgerError(path: path, "cannot open the ledger: \(reason)")
        }
        fd = opened
        var status = Self.lock(fd)
        // A lock held for a moment is waited for, briefly: the server that had this ledger may
        // be exiting, or a process being spawned elsewhere may still share its descriptor
        // between fork and exec. A server that keeps it running is reported after that.
        var waited = 0
        while status != 0 && errno == EWOULDBLOCK && waited < Self.busyWaitMilliseconds {
            usleep(10_000)
            waited += 10
            status = Self.lock(fd)
        }
        guard status == 0 else {
            let code = errno
            let holder = code == EWOULDBLOCK ? Self.holder(of: fd) : nil
            Glibc.close(fd)
            if code == EWOULDBLOCK {
                throw LedgerError(
                    path: path,
                    "the ledger is in use by another Tessera server\(holder.map { " (process \($0))" } ?? ""); "
                        + "one ledger serves one server: stop that one, or give this one its own --ledger")
            }
            throw LedgerError(path: path, "cannot lock the ledger: \(String(cString: strerror(code)))")
        }
    }

    deinit { release() }

    /// How long a held lock is waited for before the ledger is reported in use.
    static let busyWaitMilliseconds = 500

    private static func lock(_ fd: Int32) -> Int32 {
        var status: Int32
        repeat { status = flock(fd, LOCK_EX | LOCK_NB) } while status != 0 && errno == EINTR
        return status
    }

    /// The locked file has no name left: deleted, not just renamed.
    var fileIsDeleted: Bool {
        var info = stat()
        return fd >= 0 && fstat(fd, &info) == 0 && info.st_nlink == 0
    }

    /// Takes the lock on the file `path` names now (a ledger put back after it was deleted),
    /// giving up the one it held; false, keeping the old lock, when another process has it.
    func relock() -> Bool {
        let opened = Self.open(path, O_RDONLY)
        guard opened >= 0 else { return false }
        guard flock(opened, LOCK_EX | LOCK_NB) == 0 else {
            Glibc.close(opened)
            return false
        }
        release()
        fd = opened
        return true
    }

    /// Gives the ledger up (closing the descriptor drops the lock). A second call does nothing.
    func release() {
        guard fd >= 0 else { return }
        Glibc.close(fd)
        fd = -1
    }

    private static func open(_ path: String, _ flags: Int32) -> Int32 {
        var fd: Int32
        repeat { fd = Glibc.open(path, flags | O_CLOEXEC, 0o644) } while fd < 0 && errno == EINTR
        return fd
    }

    /// The process holding an `flock` on the file behind `fd`, from `/proc/locks`
    /// (`1: FLOCK  ADVISORY  WRITE 4242 08:01:1234567 0 EOF`); nil when it cannot tell.
    private static func holder(of fd: Int32) -> Int32? {
        var info = stat()
        guard fstat(fd, &info) == 0 else { return nil }
        let dev = UInt64(info.st_dev)
        let major = ((dev >> 8) & 0xfff) | ((dev >> 32) & ~0xfff)
        let minor = (dev & 0xff) | ((dev >> 12) & ~0xff)
        guard let table = readSmallFile("/proc/locks") else { return nil }
        for line in table.split(separator: "\n") {
            let fields = line.split(separator: " ")
            // The id column may carry a "->" for a blocked waiter; only holders are wanted.
            guard fields.count >= 6, fields[1] == "FLOCK", fields[3] == "WRITE" else { continue }
            let device = fields[5].split(separator: ":")
            guard device.count == 3, UInt64(device[0], radix: 16) == major, UInt64(device[1], radix: 16) == minor,
                device[2] == String(info.st_ino)
            else { continue }
            return Int32(fields[4])
        }
        return nil
    }

    /// A `/proc` file read whole (its size is not known in advance, so `stat` cannot tell).
    private static func readSmallFile(_ path: String) -> String? {
        let fd = open(path, O_RDONLY)
        guard fd >= 0 else { return nil }
        defer { Glibc.close(fd) }
        var bytes: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 16 * 1024)
        while bytes.count < 1 << 22 {
            let n = chunk.withUnsafeMutableBytes { Glibc.read(fd, $0.baseAddress, $0.count) }
            if n < 0 && errno == EINTR { continue }
            guard n > 0 else { break }
            bytes.append(contentsOf: chunk[..<n])
        }
        return String(decoding: bytes, as: UTF8.self)
    }
}
