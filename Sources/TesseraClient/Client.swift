#if canImport(Glibc)
    import Glibc
#endif

/// A blocking client for one Tessera server, for a storefront's request threads, the
/// `tessera` commands and tests. One connection; used by one thread at a time (a
/// storefront keeps one client per thread, or a pool).
///
/// Requests are sent as typed values (`Request.eval(…)`, `.hold(…)`) or lines as typed
/// (`Request.raw`). `send` queues and `receive` returns replies in request order
/// (pipelining: many requests in one write, SPEC §4); `request` does both for one;
/// `eval`, `hold` and the other verb methods return typed results and throw `ERR`.
///
/// When the connection breaks with requests in flight, each one is decided by its kind
/// (`RequestKind.isRepeatable`): a repeatable one is sent again on a new connection (made
/// up to `Options.reconnectAttempts` times, authenticated again), any other is reported
/// `ClientError.outcomeUnknown`. A request that never reached the server whole cannot have
/// run and is sent on the new connection whatever its kind.
public final class Client {
    public let options: Options
    /// Connections made after the first one: after a break, a QUIT, or a server that closed
    /// an idle connection.
    public internal(set) var reconnections = 0

    var socket: ClientSocket?
    /// The token for the next connection: the options', or the last one an AUTH sent
    /// through this client had accepted.
    var token: String?
    var reader = ReplyReader()
    var inFlight = InFlight()
    /// The bytes of the queued requests, in order; those before `outputStart` are sent.
    var output: [UInt8] = []
    var outputStart = 0
    /// QUIT was answered: the server closes the connection after it.
    var quitAnswered = false
    var chunk = [UInt8](repeating: 0, count: 1 << 16)

    /// Connects (and authenticates when `options.token` is set) at once, so a wrong address
    /// or token shows here rather than with the first request.
    public init(_ options: Options) throws(ClientError) {
        self.options = options
        token = options.token
        socket = try Self.open(options, token: options.token)
    }

    public convenience init(host: String = "127.0.0.1", port: UInt16 = 7878, token: String? = nil) throws(ClientError) {
        try self.init(Options(host: host, port: port, token: token))
    }

    /// Replies not yet received.
    public var pendingReplies: Int { inFlight.count }

    /// Queues `request`; it is written with the next `flush` or `receive`.
    public func send(_ request: Request) {
        inFlight.enqueue(request)
        output.append(contentsOf: request.line.utf8)
        output.append(UInt8(ascii: "\n"))
    }

    /// Writes every queued request (reading replies meanwhile, so a long pipeline cannot
    /// stall against a server whose replies fill the socket).
    public func flush() {
        while outputStart < output.count { step() }
    }

    /// The reply to the oldest request sent and not yet received. Throws what became of it
    /// instead when there is no reply to give (`ClientError`); an `ERR` reply is returned,
    /// not thrown.
    public func receive() throws(ClientError) -> Reply {
        guard !inFlight.isEmpty else { throw .invalidRequest("receive() with no request sent") }
        while true {
            if let entry = inFlight.popResolved() {
                switch entry.state {
                case .answered(let reply): return reply
                case .failed(let error): throw error
                case .queued, .written: preconditionFailure("popResolved returned an unresolved request")
                }
            }
            step()
        }
    }

    /// Sends `request` and returns its reply (`ERR` included). The replies of requests
    /// sent before must have been received.
    public func request(_ request: Request) throws(ClientError) -> Reply {
        guard inFlight.isEmpty else {
            throw .invalidRequest("\(inFlight.count) replies are still to be received")
        }
        send(request)
        return try receive()
    }

    /// Sends every request in one write and returns what became of each, in order.
    public func pipeline(_ requests: [Request]) -> [Result<Reply, ClientError>] {
        guard inFlight.isEmpty else {
            return requests.map { _ in .failure(.invalidRequest("\(inFlight.count) replies are still to be received")) }
        }
        requests.forEach(send)
        return requests.map { _ in Result { () throws(ClientError) -> Reply in try receive() } }
    }

    /// Closes the connection. Requests still in flight are reported as after a break
    /// without repeats; the next request connects again.
    public func close() {
        dropConnection()
        _ = inFlight.connectionBroke(.failed("the client closed the connection"), repeats: 0)
    }

    // MARK: Moving bytes

    /// One step toward the oldest request's reply: connect when there is no connection,
    /// write what is queued (reading what comes meanwhile), or wait for bytes. A broken
    /// connection is turned into each request's outcome here.
    func step() {
        do throws(Disconnect) {
            guard let socket = try usableSocket() else { return }
            let writing = outputStart < output.count
            let timeout = writing ? options.writeTimeout : options.readTimeout
            let ready = try socket.wait(events: Int16(POLLIN) | (writing ? Int16(POLLOUT) : 0), timeout: timeout)
            if ready == 0 { throw .timedOut(timeout) }
            if ready & ~Int16(POLLOUT) != 0 { try readAvailable(from: socket) }
            if writing && ready & Int16(POLLOUT) != 0 && self.socket === socket { try write(to: socket) }
        } catch {
            recover(from: error)
        }
    }

    private func write(to socket: ClientSocket) throws(Disconnect) {
        let n = try socket.send(output[outputStart...])
        inFlight.wrote(n)
        outputStart += n
        if outputStart == output.count {
            output.removeAll(keepingCapacity: true)
            outputStart = 0
        }
    }

    private func readAvailable(from socket: ClientSocket) throws(Disconnect) {
        let n = try socket.receive(into: &chunk)
        guard n > 0 else { return }
        reader.append(chunk[..<n])
        while let reply = reader.next() {
            guard let request = inFlight.answer(reply) else { throw .failed("the server sent a reply to no request") }
            if reply.isOK && request.kind == .auth { token = request.token }
            if reply.isOK && request.kind == .quit { quitAnswered = true }
        }
        if quitAnswered && inFlight.nothingOnTheWire { dropConnection() }
    }

    /// The connection to use now: the current one unless the server closed it (or spoke
    /// unasked) while nothing was in flight, when a new one replaces it and nothing is lost.
    /// nil when none could be made; the queued requests then have their outcome.
    private func usableSocket() throws(Disconnect) -> ClientSocket? {
        var ending: Disconnect?
        if let socket {
            guard inFlight.nothingOnTheWire, !reader.isInsideReply, let idleEnding = socket.idleEnding() else { return socket }
            ending = idleEnding
            dropConnection()
        }
        connect(replacing: ending)
        return socket
    }

    func dropConnection() {
        socket = nil
        reader = ReplyReader()
        output.removeAll(keepingCapacity: true)
        outputStart = 0
        quitAnswered = false
    }
}
