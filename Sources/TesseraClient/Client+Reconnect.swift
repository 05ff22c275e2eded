#if canImport(Glibc)
    import Glibc
#endif

extension Client {
    /// The connection broke (`why`): the requests in flight are decided by their kind, and
    /// those to send again go out on a new connection.
    func recover(from why: Disconnect) {
        dropConnection()
        guard inFlight.connectionBroke(why, repeats: options.reconnectAttempts) else { return }
        connect(replacing: why)
    }

    /// Makes a new connection for the queued requests, in up to `reconnectAttempts` tries
    /// (none when it is 0) `reconnectDelay` apart, doubling to at most 2 s, so a restarting
    /// server has time to listen again. `ending` is how the last connection ended (nil
    /// after QUIT or `close`). When no try succeeds, the queued requests fail with the
    /// reason: with no tries, how the last connection ended.
    func connect(replacing ending: Disconnect?) {
        let attempts = options.reconnectAttempts
        var failure = ClientError.notConnected(ending.map { "\($0)" } ?? "not connected")
        var delay = options.reconnectDelay
        for attempt in 0..<attempts {
            if attempt > 0 {
                Self.sleep(delay)
                delay = min(delay * 2, .seconds(2))
            }
            do {
                socket = try Self.open(options, token: token)
                reconnections += 1
                output = Array(inFlight.queuedRequests.map { $0.line + "\n" }.joined().utf8)
                outputStart = 0
                return
            } catch {
                failure = error
                if case .authenticationFailed = error { break }
            }
        }
        inFlight.cannotConnect(failure)
        output.removeAll(keepingCapacity: true)
        outputStart = 0
    }

    /// A new connection, authenticated with `token` when there is one: AUTH is sent and
    /// answered before anything else, so no request can meet a connection that needs it.
    static func open(_ options: Options, token: String?) throws(ClientError) -> ClientSocket {
        let socket: ClientSocket
        do {
            socket = try ClientSocket.connect(host: options.host, port: options.port, timeout: options.connectTimeout)
        } catch {
            throw .notConnected(error.reason)
        }
        guard let token else { return socket }
        let reply: Reply
        do {
            reply = try exchange(Request.auth(token: token), on: socket, options: options)
        } catch {
            throw .notConnected("\(error) during AUTH with \(socket.name)")
        }
        if let error = reply.error { throw .authenticationFailed(error) }
        return socket
    }

    /// Writes one request on a connection with nothing else in flight and reads its reply.
    private static func exchange(_ request: Request, on socket: ClientSocket, options: Options) throws(Disconnect) -> Reply {
        let bytes = Array((request.line + "\n").utf8)
        var sent = 0
        while sent < bytes.count {
            guard try socket.wait(events: Int16(POLLOUT), timeout: options.writeTimeout) != 0 else {
                throw .timedOut(options.writeTimeout)
            }
            sent += try socket.send(bytes[sent...])
        }
        var reader = ReplyReader()
        var chunk = [UInt8](repeating: 0, count: 4096)
        while true {
            if let reply = reader.next() { return reply }
            guard try socket.wait(events: Int16(POLLIN), timeout: options.readTimeout) != 0 else {
                throw .timedOut(options.readTimeout)
            }
            let n = try socket.receive(into: &chunk)
            reader.append(chunk[..<n])
        }
    }

    private static func sleep(_ duration: Duration) {
        let (seconds, attoseconds) = duration.components
        var time = timespec(tv_sec: Int(seconds), tv_nsec: Int(attoseconds / 1_000_000_000))
        var left = timespec()
        while nanosleep(&time, &left) != 0 && errno == EINTR { time = left }
    }
}
