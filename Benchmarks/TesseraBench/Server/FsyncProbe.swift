import Glibc

/// What one fsync costs on the disk the ledger is on: appends 4 KiB to a file
/// in `directory` and fsyncs it, `count` times. The floor under any durable
/// write: group commit can share an fsync between writes, never avoid it.
enum FsyncProbe {
    struct Result {
        var latency: Histogram
        var count: Int
    }

    static func measure(directory: String, count: Int = 200) -> Result? {
        let path = "\(directory)/fsync-probe-\(getpid())"
        let fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o600)
        guard fd >= 0 else { return nil }
        defer {
            close(fd)
            unlink(path)
        }
        let block = [UInt8](repeating: 0x5A, count: 4096)
        var latency = Histogram()
        for _ in 0..<count {
            _ = block.withUnsafeBytes { write(fd, $0.baseAddress, $0.count) }
            let started = monotonicNanos()
            guard fsync(fd) == 0 else { return nil }
            latency.record(monotonicNanos() - started)
        }
        return Result(latency: latency, count: count)
    }
}
