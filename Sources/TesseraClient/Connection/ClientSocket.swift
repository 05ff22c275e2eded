#if canImport(Glibc)
    import Glibc
#endif

/// One TCP connection to a server. Non-blocking underneath, with every wait a `poll`
/// bounded by the caller's timeout, so a silent server can never hang the caller. Every
/// call retries on EINTR and sends with MSG_NOSIGNAL (no SIGPIPE).
final class ClientSocket {
    let fd: Int32
    /// `host:port`, for messages.
    let name: String

    private init(fd: Int32, name: String) {
        self.fd = fd
        self.name = name
    }

    deinit { close(fd) }

    /// Connects to the first address of `host` that accepts within `timeout` each.
    /// Throws the reason, for `ClientError.notConnected`.
    static func connect(host: String, port: UInt16, timeout: Duration) throws(ConnectFailure) -> ClientSocket {
        let name = host.contains(":") ? "[\(host)]:\(port)" : "\(host):\(port)"
        var hints = addrinfo()
        hints.ai_family = AF_UNSPEC
        hints.ai_socktype = Int32(SOCK_STREAM.rawValue)
        var list: UnsafeMutablePointer<addrinfo>?
        let resolved = getaddrinfo(host, String(port), &hints, &list)
        guard resolved == 0, let list else {
            throw ConnectFailure("cannot resolve \(host): \(String(cString: gai_strerror(resolved)))")
        }
        defer { freeaddrinfo(list) }
        var reason = "no address"
        var entry: UnsafeMutablePointer<addrinfo>? = list
        while let address = entry?.pointee {
            entry = address.ai_next
            let flags = Int32(SOCK_CLOEXEC.rawValue) | Int32(SOCK_NONBLOCK.rawValue)
            let fd = socket(address.ai_family, address.ai_socktype | flags, address.ai_protocol)
            guard fd >= 0 else {
                reason = String(cString: strerror(errno))
                continue
            }
            let socket = ClientSocket(fd: fd, name: name)
            if let failure = socket.finishConnect(to: address, timeout: timeout) {
                reason = failure
                continue
            }
            var one: Int32 = 1
            setsockopt(fd, Int32(IPPROTO_TCP), TCP_NODELAY, &one, socklen_t(MemoryLayout<Int32>.size))
            return socket
        }
        throw ConnectFailure("cannot connect to \(name): \(reason)")
    }

    /// nil once connected, else why not.
    private func finishConnect(to address: addrinfo, timeout: Duration) -> String? {
        if Glibc.connect(fd, address.ai_addr, address.ai_addrlen) == 0 { return nil }
        guard errno == EINPROGRESS || errno == EINTR else { return String(cString: strerror(errno)) }
        guard let ready = try? wait(events: Int16(POLLOUT), timeout: timeout), ready != 0 else {
            return "no connection within \(timeout.formattedSeconds)"
        }
        var error: Int32 = 0
        var length = socklen_t(MemoryLayout<Int32>.size)
        guard getsockopt(fd, SOL_SOCKET, SO_ERROR, &error, &length) == 0 else { return String(cString: strerror(errno)) }
        return error == 0 ? nil : String(cString: strerror(error))
    }

    /// Waits up to `timeout` for `events`; returns the events that happened (0 on timeout).
    func wait(events: Int16, timeout: Duration) throws(Disconnect) -> Int16 {
        var descriptor = pollfd(fd: fd, events: events, revents: 0)
        while true {
            let n = poll(&descriptor, 1, timeout.pollMilliseconds)
            if n < 0 && errno == EINTR { continue }
            guard n >= 0 else { throw Self.failure("poll") }
            return n == 0 ? 0 : descriptor.revents
        }
    }

    /// Sends what the kernel takes now; returns the number of bytes (0 when it takes none).
    func send(_ bytes: ArraySlice<UInt8>) throws(Disconnect) -> Int {
        while true {
            let n = bytes.withUnsafeBytes { Glibc.send(fd, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL | MSG_DONTWAIT)) }
            if n >= 0 { return n }
            if errno == EINTR { continue }
            if errno == EAGAIN || errno == EWOULDBLOCK { return 0 }
            throw Self.failure("send")
        }
    }

    /// Receives what has arrived into `buffer`; returns the number of bytes (0 when none
    /// has). Throws `closedByServer` at the end of the stream.
    func receive(into buffer: inout [UInt8]) throws(Disconnect) -> Int {
        while true {
            let n = buffer.withUnsafeMutableBytes { recv(fd, $0.baseAddress, $0.count, Int32(MSG_DONTWAIT)) }
            if n > 0 { return n }
            if n == 0 { throw .closedByServer }
            if errno == EINTR { continue }
            if errno == EAGAIN || errno == EWOULDBLOCK { return 0 }
            if errno == ECONNRESET { throw .closedByServer }
            throw Self.failure("recv")
        }
    }

    /// nil while a connection with nothing in flight is fit to send on; else how it ended:
    /// the server closed it (a restart, an idle timeout, the connection limit) or said
    /// something no request asked for.
    func idleEnding() -> Disconnect? {
        do {
            guard try wait(events: Int16(POLLIN) | Self.pollReadHangUp, timeout: .zero) != 0 else { return nil }
            var byte: UInt8 = 0
            let n = recv(fd, &byte, 1, Int32(MSG_PEEK | MSG_DONTWAIT))
            if n == 0 || (n < 0 && errno == ECONNRESET) { return .closedByServer }
            if n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK || errno == EINTR) { return nil }
            return n > 0 ? .failed("the server sent a reply to no request") : Self.failure("recv")
        } catch {
            return error
        }
    }

    /// POLLRDHUP, which Glibc's module does not export.
    private static let pollReadHangUp: Int16 = 0x2000

    private static func failure(_ call: String) -> Disconnect {
        .failed("\(call): \(String(cString: strerror(errno)))")
    }
}

/// Why no connection could be made.
struct ConnectFailure: Error {
    var reason: String
    init(_ reason: String) { self.reason = reason }
}
