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
}
