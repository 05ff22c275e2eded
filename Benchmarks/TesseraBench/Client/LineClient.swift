import Glibc

/// One blocking loopback connection that sends request lines and reads whole replies
/// (data lines up to the closing `OK`/`ERR` line): for checking answers, not for load.
final class LineClient {
    private let fd: Int32
    private var buffer: [UInt8] = []

    struct Failure: Error, CustomStringConvertible { var description: String }

    init(port: UInt16) throws {
        fd = try ClientSocket.connect(port: port)
    }

    deinit { close(fd) }

    /// Sends `line` and returns its reply, every line with its `\n`.
    func request(_ line: String) throws -> String {
        try send([line])
        return try readReply()
    }

    /// Sends `lines` in one write (pipelined) and reads their replies, in order.
    func pipeline(_ lines: [String]) throws -> [String] {
        try send(lines)
        return try lines.map { _ in try readReply() }
    }

    private func send(_ lines: [String]) throws {
        let bytes = Array(lines.map { $0 + "\n" }.joined().utf8)
        var sent = 0
        while sent < bytes.count {
            let n = bytes[sent...].withUnsafeBytes { Glibc.send(fd, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
            guard n > 0 else { throw Failure(description: "send: errno \(errno)") }
            sent += n
        }
    }

    private func readReply() throws -> String {
        var reply = ""
        while true {
            let line = try readLine()
            reply += line
            if line.hasPrefix("OK") || line.hasPrefix("ERR") { return reply }
        }
    }

    private func readLine() throws -> String {
        while true {
            if let end = buffer.firstIndex(of: UInt8(ascii: "\n")) {
                let line = String(decoding: buffer[...end], as: UTF8.self)
                buffer.removeSubrange(...end)
                return line
            }
            var chunk = [UInt8](repeating: 0, count: 65_536)
            let n = chunk.withUnsafeMutableBytes { recv(fd, $0.baseAddress, $0.count, 0) }
            guard n > 0 else { throw Failure(description: n == 0 ? "the server closed the connection" : "recv: errno \(errno)") }
            buffer += chunk[..<n]
        }
    }
}
