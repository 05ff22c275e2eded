import CSystemLinux
import Glibc

/// A blocking line client for Redis's side channel: SET before a GET run, INFO for its
/// version. Reads time out, so a stuck server fails the benchmark instead of hanging it.
/// (Tessera's own side channel, RELOAD, goes through the client library.)
final class RedisControlClient {
    let fd: Int32
    private var buffer: [UInt8] = []

    init(port: UInt16, timeoutSeconds: Int = 60) throws {
        fd = try ClientSocket.connect(port: port)
        var timeout = timeval(tv_sec: timeoutSeconds, tv_usec: 0)
        setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
    }

    deinit { close(fd) }

    struct Failure: Error, CustomStringConvertible { var description: String }

    func send(_ line: String) throws {
        let bytes = Array(line.utf8)
        var sent = 0
        while sent < bytes.count {
            let n = bytes[sent...].withUnsafeBytes { Glibc.send(fd, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
            guard n > 0 else { throw Failure(description: "send failed: errno \(errno)") }
            sent += n
        }
    }

    func readLine() throws -> String {
        while true {
            if let newline = buffer.firstIndex(of: UInt8(ascii: "\n")) {
                var line = String(decoding: buffer[..<newline], as: UTF8.self)
                if line.hasSuffix("\r") { line.removeLast() }
                buffer.removeSubrange(...newline)
                return line
            }
            var chunk = [UInt8](repeating: 0, count: 65536)
            let n = chunk.withUnsafeMutableBytes { recv(fd, $0.baseAddress, $0.count, 0) }
            guard n > 0 else { throw Failure(description: n == 0 ? "connection closed" : "recv failed or timed out: errno \(errno)") }
            buffer.append(contentsOf: chunk[..<n])
        }
    }
}

extension RedisControlClient {
    /// Sends raw bytes (a pipeline of encoded commands) whole.
    func send(bytes: [UInt8]) throws {
        var sent = 0
        while sent < bytes.count {
            let n = bytes[sent...].withUnsafeBytes { Glibc.send(fd, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
            guard n > 0 else { throw Failure(description: "send failed: errno \(errno)") }
            sent += n
        }
    }

    /// Reads chunks into `consume` until `done` says enough (the line-buffered `readLine`
    /// is for a few lines, not for a pipeline's replies).
    func receive(until done: () -> Bool, _ consume: (UnsafeRawBufferPointer) -> Void) throws {
        var chunk = [UInt8](repeating: 0, count: 1 << 16)
        while !done() {
            let n = chunk.withUnsafeMutableBytes { recv(fd, $0.baseAddress, $0.count, 0) }
            guard n > 0 else { throw Failure(description: n == 0 ? "connection closed" : "recv failed or timed out: errno \(errno)") }
            chunk.withUnsafeBytes { consume(UnsafeRawBufferPointer(rebasing: $0[..<n])) }
        }
    }
}
