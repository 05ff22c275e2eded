import TesseraProtocol
import TesseraNetwork
/// Connects the network layer to the request layer for one connection:
/// each line goes to the service, each reply back to the connection.
final class ProtocolHandler: LineHandler {
    private let service: TesseraService
    /// Both touched only on the loop thread, one line at a time and never
    /// re-entrantly: the runtime's exclusivity checks would cost per request.
    @exclusivity(unchecked) private var session: Session
    /// Reused for every reply of this connection: no allocation per request.
    @exclusivity(unchecked) private var out = ReplyWriter(capacity: 1024)

    init(service: TesseraService) {
        self.service = service
        self.session = service.newSession()
    }

    func handleLine(_ line: UnsafeRawBufferPointer, connection: Connection) {
        out.reset()
        switch service.respond(to: line, session: &session, out: &out) {
        case .replied:
            if !out.isEmpty { send(connection) }
        case .close:
            send(connection)
            connection.closeAfterFlush()
        case .deferred(let pauseInput, let start):
            if !out.isEmpty { send(connection) }
            let reply = connection.deferReply(pauseInput: pauseInput)
            start { reply.complete($0) }
        }
    }

    func handleOversizedLine(connection: Connection) {
        out.reset()
        service.oversizedLine(out: &out)
        send(connection)
    }

    /// Hands the reply to the connection in place: no array of it is made.
    private func send(_ connection: Connection) {
        out.withBytes { connection.send($0) }
    }

    func connectionClosed(connection: Connection) {}
}

/// Makes a `ProtocolHandler` per accepted connection.
public final class ProtocolHandlerFactory: LineHandlerFactory {
    private let service: TesseraService

    public init(service: TesseraService) { self.service = service }

    public func makeHandler(for connection: Connection) -> any LineHandler {
        ProtocolHandler(service: service)
    }

    public func overloadReply() -> [UInt8] {
        var out = ReplyWriter(capacity: 64)
        ErrorReply(.unavailable, msg: "too many connections, try again later").write(to: &out)
        return out.bytes
    }
}
