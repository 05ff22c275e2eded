#if canImport(Glibc)
    import Glibc
#endif

/// An output file that appears complete or not at all: written under a temporary
/// name beside the target, flushed to disk, then renamed over it. An export or a
/// list of codes interrupted half-way leaves no half file to be mailed out.
public final class AtomicFile {
    public let path: String
    private let temporary: String
    private var fd: Int32
    private var finished = false

    public init(path: String) throws(AdminError) {
        self.path = path
        temporary = "\(path).tmp-\(getpid())"
        fd = open(temporary, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644)
        guard fd >= 0 else { throw AdminError("cannot write \(path): \(String(cString: strerror(errno)))") }
    }

    deinit {
        if !finished {
            close(fd)
            unlink(temporary)
        }
    }

    public func write(_ bytes: [UInt8]) throws(AdminError) {
        var offset = 0
        while offset < bytes.count {
            let n = bytes[offset...].withUnsafeBytes { Glibc.write(fd, $0.baseAddress, $0.count) }
            if n < 0 && errno == EINTR { continue }
            guard n > 0 else { throw AdminError("cannot write \(path): \(String(cString: strerror(errno)))") }
            offset += n
        }
    }

    /// Flushes what was written to disk, so that what follows (a catalog commit) can
    /// rely on it; `commit()` then only has to rename.
    public func sync() throws(AdminError) {
        guard fsync(fd) == 0 else { throw AdminError("cannot write \(path): \(String(cString: strerror(errno)))") }
    }

    /// Flushes and renames into place. Without this, the file never appears.
    public func commit() throws(AdminError) {
        var failure: Int32 = 0
        if fsync(fd) != 0 { failure = errno }
        if close(fd) != 0 && failure == 0 { failure = errno }
        finished = true
        guard failure == 0 else {
            unlink(temporary)
            throw AdminError("cannot write \(path): \(String(cString: strerror(failure)))")
        }
        guard rename(temporary, path) == 0 else {
            let reason = String(cString: strerror(errno))
            unlink(temporary)
            throw AdminError("cannot write \(path): \(reason)")
        }
    }
}
