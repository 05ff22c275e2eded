#if canImport(Glibc)
    import Glibc
#endif

/// `tessera reload`: asks a running server to re-read its catalog (the RELOAD verb,
/// SPEC §4), so an operator's change goes live without a restart or a signal to a
/// process on another machine.
public enum ReloadClient {
    /// The reply lines of one exchange, last line `OK …` or `ERR …`.
    public struct Reply: Sendable, Equatable {
        public var lines: [String]
        public var isOK: Bool { lines.last.map { $0 == "OK" || $0.hasPrefix("OK ") } ?? false }
    }

    /// Connects, sends `AUTH token=…` first when a token is given (stopping at its
    /// ERR), then `RELOAD` and `QUIT`. Returns the reply that decides: AUTH's when
    /// it failed, else RELOAD's.
    public static func reload(host: String, port: UInt16, token: String?, timeoutSeconds: Int = 60) throws(AdminError)
        -> Reply
    {
        let connection = try LineConnection(host: host, port: port, timeoutSeconds: timeoutSeconds)
        if let token {
            let auth = try connection.request("AUTH token=" + percentEncoded(token))
            guard auth.isOK else { return auth }
        }
        let reply = try connection.request("RELOAD")
        _ = try? connection.request("QUIT")
        return reply
    }

    /// Reads `HOST:PORT` (`[::1]:7878` for IPv6).
    public static func parseServer(_ text: String) throws(AdminError) -> (host: String, port: UInt16) {
        guard let colon = text.lastIndex(of: ":"), let port = UInt16(text[text.index(after: colon)...]), port > 0 else {
            throw AdminError("--server must be HOST:PORT, got '\(text)'")
        }
        var host = String(text[..<colon])
        if host.hasPrefix("[") && host.hasSuffix("]") { host = String(host.dropFirst().dropLast()) }
        guard !host.isEmpty else { throw AdminError("--server must be HOST:PORT, got '\(text)'") }
        return (host, port)
    }

    /// Percent-encodes everything but unreserved ASCII, so any token survives the
    /// line protocol's `key=value` syntax.
    static func percentEncoded(_ text: String) -> String {
        var out = ""
        for byte in text.utf8 {
            switch byte {
            case UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "a")...UInt8(ascii: "z"),
                UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "-"), UInt8(ascii: "."), UInt8(ascii: "_"),
                UInt8(ascii: "~"):
                out.unicodeScalars.append(Unicode.Scalar(byte))
            default:
                let hex = Array("0123456789ABCDEF".unicodeScalars)
                out += "%"
                out.unicodeScalars.append(hex[Int(byte >> 4)])
                out.unicodeScalars.append(hex[Int(byte & 15)])
            }
        }
        return out
    }
}

/// A blocking TCP connection speaking the line protocol, with a timeout on every
/// read and write so a stuck server cannot hang the operator's shell.
final class LineConnection {
    private let fd: Int32
    private let name: String
    private var buffer: [UInt8] = []

    init(host: String, port: UInt16, timeoutSeconds: Int) throws(AdminError) {
        name = "\(host.contains(":") ? "[\(host)]" : host):\(port)"
        var hints = addrinfo()
        hints.ai_family = AF_UNSPEC
        hints.ai_socktype = Int32(SOCK_STREAM.rawValue)
        var list: UnsafeMutablePointer<addrinfo>?
        let resolved = getaddrinfo(host, String(port), &hints, &list)
        guard resolved == 0, let list else {
            throw AdminError("cannot resolve \(host): \(String(cString: gai_strerror(resolved)))")
        }
        defer { freeaddrinfo(list) }
        var lastError: Int32 = 0
        var connected: Int32 = -1
        var entry: UnsafeMutablePointer<addrinfo>? = list
        while let address = entry?.pointee, connected < 0 {
            entry = address.ai_next
            let fd = socket(address.ai_family, address.ai_socktype | Int32(SOCK_CLOEXEC.rawValue), address.ai_protocol)
            guard fd >= 0 else {
                lastError = errno
                continue
            }
            var timeout = timeval(tv_sec: timeoutSeconds, tv_usec: 0)
            setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
            setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
            if connect(fd, address.ai_addr, address.ai_addrlen) == 0 {
                connected = fd
            } else {
                lastError = errno
                close(fd)
            }
        }
        guard connected >= 0 else {
            throw AdminError("cannot connect to \(name): \(String(cString: strerror(lastError)))")
        }
        fd = connected
    }

    deinit { close(fd) }

    /// Sends one line and reads the reply up to its `OK`/`ERR` line.
    func request(_ line: String) throws(AdminError) -> ReloadClient.Reply {
        let bytes = Array((line + "\n").utf8)
        var sent = 0
        while sent < bytes.count {
            let n = bytes[sent...].withUnsafeBytes { send(fd, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
            if n < 0 && errno == EINTR { continue }
            guard n > 0 else { throw AdminError("cannot send to \(name): \(String(cString: strerror(errno)))") }
            sent += n
        }
        var lines: [String] = []
        while true {
            let reply = try readLine()
            lines.append(reply)
            if reply.hasPrefix("OK") || reply.hasPrefix("ERR") { return ReloadClient.Reply(lines: lines) }
        }
    }

    private func readLine() throws(AdminError) -> String {
        while true {
            if let newline = buffer.firstIndex(of: UInt8(ascii: "\n")) {
                var line = buffer[..<newline]
                if line.last == UInt8(ascii: "\r") { line = line.dropLast() }
                let text = String(decoding: line, as: UTF8.self)
                buffer.removeSubrange(...newline)
                return text
            }
            var chunk = [UInt8](repeating: 0, count: 4096)
            let n = chunk.withUnsafeMutableBytes { recv(fd, $0.baseAddress, $0.count, 0) }
            if n < 0 && errno == EINTR { continue }
            if n == 0 { throw AdminError("\(name) closed the connection before answering") }
            guard n > 0 else {
                let reason =
                    errno == EAGAIN || errno == EWOULDBLOCK ? "no answer in time" : String(cString: strerror(errno))
                throw AdminError("cannot read from \(name): \(reason)")
            }
            buffer.append(contentsOf: chunk[..<n])
        }
    }
}
