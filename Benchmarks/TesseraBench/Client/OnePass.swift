import CSystemLinux
import Glibc

/// Sends `count` requests from a pool of lines (each once when `count` is the pool's size)
/// over one connection, `depth` at a time, and reads every reply through a `ReplyFramer`.
/// Not timed: what it measures is the answers' size, and what the server did meanwhile (its
/// allocations, read before and after by the caller). One connection can send several passes.
final class OnePass {
    struct Failure: Error, CustomStringConvertible { var description: String }

    private let fd: Int32
    private var chunk = [UInt8](repeating: 0, count: 1 << 16)

    init(port: UInt16) throws {
        fd = try ClientSocket.connect(port: port)
        var timeout = timeval(tv_sec: 60, tv_usec: 0)
        setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
    }

    deinit { close(fd) }

    /// One pass over a connection of its own.
    static func run(
        port: UInt16, lines: [[UInt8]], expecting expectation: Expectation, count: Int? = nil, depth: Int = 32
    ) throws -> ReplyFramer {
        try OnePass(port: port).send(lines: lines, expecting: expectation, count: count, depth: depth)
    }

    func send(lines: [[UInt8]], expecting expectation: Expectation, count: Int? = nil, depth: Int = 32) throws -> ReplyFramer {
        guard !lines.isEmpty else { throw Failure(description: "no request lines") }
        let total = count ?? lines.count
        var framer = ReplyFramer(expecting: expectation)
        var batch: [UInt8] = []
        var sent = 0
        while sent < total {
            batch.removeAll(keepingCapacity: true)
            let n = min(max(1, depth), total - sent)
            for i in sent..<(sent + n) { batch.append(contentsOf: lines[i % lines.count]) }
            var offset = 0
            while offset < batch.count {
                let w = batch[offset...].withUnsafeBytes { Glibc.send(fd, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
                guard w > 0 else { throw Failure(description: "send failed: errno \(errno)") }
                offset += w
            }
            sent += n
            while framer.replies < sent {
                let r = chunk.withUnsafeMutableBytes { recv(fd, $0.baseAddress, $0.count, 0) }
                guard r > 0 else {
                    throw Failure(description: r == 0 ? "server closed the connection" : "recv failed or timed out: errno \(errno)")
                }
                framer.feed(chunk[..<r])
            }
        }
        return framer
    }
}
