import Glibc

/// 127.0.0.1:`port` for the tests' own sockets: `connect` or `bind` it in one call.
enum Loopback {
    /// Calls `body` (`connect` or `bind`) with the address of 127.0.0.1:`port` and its length.
    static func with(port: UInt16, _ body: (UnsafePointer<sockaddr>, socklen_t) -> Int32) -> Int32 {
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = port.bigEndian
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        return withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { body($0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
    }

    /// A loopback port nobody is bound to now (a spawned server binds it next).
    static func freePort() throws -> UInt16 {
        for _ in 0..<50 {
            let port = UInt16.random(in: 20_000..<32_768)
            let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)
            guard fd >= 0 else { continue }
            defer { close(fd) }
            var one: Int32 = 1
            setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, socklen_t(MemoryLayout<Int32>.size))
            let bound = Loopback.with(port: port) { bind(fd, $0, $1) }
            if bound == 0 { return port }
        }
        throw TestClientError("no free loopback port found")
    }
}
