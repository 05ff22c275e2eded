import Foundation
import Glibc

/// A bare loopback socket for the tests that send what no client library would: half
/// lines, bytes that are not UTF-8, `\r\n` framing, lines over the limit, fuzz. It reads
/// lines, not replies, so a test can also watch the server close the connection. Every
/// read has a timeout, so a broken server fails the test instead of hanging CI.
///
/// Tests that send well-formed requests use `TestClient`, the client library.
final class RawSocketClient: @unchecked Sendable {
    let fd: Int32
    private var buffer: [UInt8] = []

    init(port: UInt16, timeoutSeconds: Int = 10) throws {
        fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { throw TestClientError("socket failed") }
        var timeout = timeval(tv_sec: timeoutSeconds, tv_usec: 0)
        setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
        setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
        let result = Loopback.with(port: port) { connect(fd, $0, $1) }
        guard result == 0 else { throw TestClientError("connect failed: errno \(errno)") }  // deinit closes fd
    }

    deinit { close(fd) }

    func send(_ text: String) throws { try send(Array(text.utf8)) }

    func send(_ bytes: [UInt8]) throws {
        var sent = 0
        while sent < bytes.count {
            let n = bytes[sent...].withUnsafeBytes { Glibc.send(fd, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
            guard n > 0 else { throw TestClientError("send failed: errno \(errno)") }
            sent += n
        }
    }

    /// The next line, without its "\n"; nil when the server closed the connection.
    func readLine() throws -> String? {
        while true {
            if let newline = buffer.firstIndex(of: UInt8(ascii: "\n")) {
                let line = String(decoding: buffer[..<newline], as: UTF8.self)
                buffer.removeSubrange(...newline)
                return line
            }
            var chunk = [UInt8](repeating: 0, count: 65536)
            let n = chunk.withUnsafeMutableBytes { recv(fd, $0.baseAddress, $0.count, 0) }
            if n == 0 { return nil }
            guard n > 0 else { throw TestClientError("recv failed or timed out: errno \(errno)") }
            buffer.append(contentsOf: chunk[..<n])
        }
    }

    /// Lines up to and including the one starting with OK or ERR.
    func readReply() throws -> [String] {
        var lines: [String] = []
        while let line = try readLine() {
            lines.append(line)
            if line.hasPrefix("OK") || line.hasPrefix("ERR") { return lines }
        }
        throw TestClientError("connection closed mid-reply after \(lines)")
    }

    /// Sends one request and reads its reply.
    func request(_ line: String) throws -> [String] {
        try send(line + "\n")
        return try readReply()
    }
}

struct TestClientError: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}
