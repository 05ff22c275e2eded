import CSystemLinux
import Glibc

/// Thin wrappers over the socket calls the loop makes, one static function per libc call
/// (FlyingFox's habit), each routed through `Syscall` so errors are uniform.
enum Socket {
    /// Reads what the kernel has, up to `count` bytes. `.done(0)` is end of input.
    @inline(__always)
    static func receive(_ fd: Int32, into buffer: UnsafeMutableRawPointer, count: Int) throws(SystemError) -> IOResult<Int> {
        try Syscall.nonBlocking("recv") { Glibc.recv(fd, buffer, count, 0) }
    }

    /// MSG_NOSIGNAL: a peer that went away yields EPIPE here, never a process-killing SIGPIPE.
    @inline(__always)
    static func send(_ fd: Int32, _ buffer: UnsafeRawPointer, count: Int) throws(SystemError) -> IOResult<Int> {
        try Syscall.nonBlocking("send") { Glibc.send(fd, buffer, count, Int32(MSG_NOSIGNAL)) }
    }

    /// Accepts one pending connection, already non-blocking and close-on-exec.
    static func accept(_ fd: Int32) throws(SystemError) -> IOResult<(fd: Int32, peer: SocketAddress)> {
        var storage = sockaddr_storage()
        var length = socklen_t(MemoryLayout<sockaddr_storage>.size)
        let result = try withUnsafeMutablePointer(to: &storage) { pointer throws(SystemError) in
            try pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) { address throws(SystemError) in
                try Syscall.nonBlocking("accept4") {
                    tessera_accept4(fd, address, &length, Int32(SOCK_NONBLOCK.rawValue | SOCK_CLOEXEC.rawValue))
                }
            }
        }
        switch result {
        case .wouldBlock: return .wouldBlock
        case .done(let client): return .done((client, SocketAddress(storage: storage)))
        }
    }

    /// Half-close: the peer reads our FIN after everything we sent, instead of a reset.
    static func shutdownWrite(_ fd: Int32) {
        _ = try? Syscall.call("shutdown") { Glibc.shutdown(fd, Int32(SHUT_WR)) }
    }

    static func setOption(_ fd: Int32, level: Int32, name: Int32, value: Int32) throws(SystemError) {
        var value = value
        try Syscall.call("setsockopt") {
            Glibc.setsockopt(fd, level, name, &value, socklen_t(MemoryLayout<Int32>.size))
        }
    }

    static func localAddress(_ fd: Int32) throws(SystemError) -> SocketAddress {
        var storage = sockaddr_storage()
        var length = socklen_t(MemoryLayout<sockaddr_storage>.size)
        _ = try withUnsafeMutablePointer(to: &storage) { pointer throws(SystemError) in
            try pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) { address throws(SystemError) in
                try Syscall.call("getsockname") { Glibc.getsockname(fd, address, &length) }
            }
        }
        return SocketAddress(storage: storage)
    }
}

/// An IPv4 or IPv6 socket address, kept raw and formatted only when someone asks.
struct SocketAddress: Sendable {
    var storage: sockaddr_storage

    var port: UInt16 {
        var storage = storage
        return withUnsafePointer(to: &storage) { pointer in
            switch Int32(pointer.pointee.ss_family) {
            case AF_INET:
                return pointer.withMemoryRebound(to: sockaddr_in.self, capacity: 1) { UInt16(bigEndian: $0.pointee.sin_port) }
            case AF_INET6:
                return pointer.withMemoryRebound(to: sockaddr_in6.self, capacity: 1) { UInt16(bigEndian: $0.pointee.sin6_port) }
            default:
                return 0
            }
        }
    }

    private static func string(_ text: [CChar]) -> String {
        String(decoding: text.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }

    /// "127.0.0.1:54321" or "[::1]:54321".
    var description: String {
        var storage = storage
        return withUnsafePointer(to: &storage) { pointer -> String in
            var text = [CChar](repeating: 0, count: Int(INET6_ADDRSTRLEN) + 1)
            switch Int32(pointer.pointee.ss_family) {
            case AF_INET:
                return pointer.withMemoryRebound(to: sockaddr_in.self, capacity: 1) { address in
                    var ip = address.pointee.sin_addr
                    inet_ntop(AF_INET, &ip, &text, socklen_t(text.count))
                    return "\(Self.string(text)):\(UInt16(bigEndian: address.pointee.sin_port))"
                }
            case AF_INET6:
                return pointer.withMemoryRebound(to: sockaddr_in6.self, capacity: 1) { address in
                    var ip = address.pointee.sin6_addr
                    inet_ntop(AF_INET6, &ip, &text, socklen_t(text.count))
                    return "[\(Self.string(text))]:\(UInt16(bigEndian: address.pointee.sin6_port))"
                }
            case AF_UNIX:
                return "unix"
            default:
                return "unknown"
            }
        }
    }
}
