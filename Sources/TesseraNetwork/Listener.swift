import CSystemLinux
import Glibc

/// The listening socket. Registered with the loop for reads only: it never has output.
final class Listener {
    let fd: Int32
    let port: UInt16

    /// Resolves `host` (an IPv4/IPv6 literal or a name such as "localhost"), binds and listens,
    /// non-blocking. Resolution may block, which is fine: this runs once, before the loop.
    init(host: String, port: UInt16, backlog: Int32 = 511) throws(ServerError) {
        var hints = addrinfo()
        hints.ai_family = AF_UNSPEC
        hints.ai_socktype = Int32(SOCK_STREAM.rawValue)
        hints.ai_flags = AI_PASSIVE | AI_NUMERICSERV
        var list: UnsafeMutablePointer<addrinfo>?
        let status = getaddrinfo(host.isEmpty ? nil : host, String(port), &hints, &list)
        guard status == 0, let first = list else {
            throw .badHost(host: host, reason: String(cString: gai_strerror(status)))
        }
        defer { freeaddrinfo(list) }

        let display = host.contains(":") ? "[\(host)]:\(port)" : "\(host):\(port)"
        var lastError = ServerError.badHost(host: host, reason: "no usable address")
        var candidates: [addrinfo] = []
        var next: UnsafeMutablePointer<addrinfo>? = first
        while let info = next {
            candidates.append(info.pointee)
            next = info.pointee.ai_next
        }
        // IPv4 first: "localhost" then means 127.0.0.1, which is what clients usually dial.
        candidates = candidates.filter { $0.ai_family == AF_INET } + candidates.filter { $0.ai_family != AF_INET }
        for info in candidates {
            switch Self.open(info, backlog: backlog, display: display) {
            case .success(let fd):
                self.fd = fd
                do {
                    self.port = try Socket.localAddress(fd).port
                } catch {
                    Syscall.close(fd)
                    throw .system(error)
                }
                return
            case .failure(let error):
                // "Address in use" is the answer; trying the next address would hide it.
                if case .addressInUse = error { throw error }
                lastError = error
            }
        }
        throw lastError
    }

    private static func open(_ info: addrinfo, backlog: Int32, display: String) -> Result<Int32, ServerError> {
        let fd: Int32
        do {
            fd = try Syscall.call("socket") {
                socket(info.ai_family, info.ai_socktype | Int32(SOCK_NONBLOCK.rawValue | SOCK_CLOEXEC.rawValue), info.ai_protocol)
            }
        } catch {
            return .failure(.system(error))
        }
        do {
            // A restarted server must not wait for the old one's TIME_WAIT sockets.
            try Socket.setOption(fd, level: SOL_SOCKET, name: SO_REUSEADDR, value: 1)
            try Syscall.call("bind") { bind(fd, info.ai_addr, info.ai_addrlen) }
            try Syscall.call("listen") { listen(fd, backlog) }
            return .success(fd)
        } catch {
            Syscall.close(fd)
            switch error.errno {
            case EADDRINUSE: return .failure(.addressInUse(address: display))
            case EADDRNOTAVAIL, EACCES: return .failure(.cannotBind(address: display, error: error))
            default: return .failure(.system(error))
            }
        }
    }

    /// Takes one waiting connection, or nil when none is waiting.
    func accept() throws(SystemError) -> (fd: Int32, peer: SocketAddress)? {
        switch try Socket.accept(fd) {
        case .wouldBlock: return nil
        case .done(let accepted): return accepted
        }
    }

    func close() {
        Syscall.close(fd)
    }
}
