/// Why a request got no reply, or a reply the caller cannot use. One case per thing the
/// caller does differently.
public enum ClientError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The server answered `ERR`: the request was read and refused, nothing changed
    /// (SPEC §4). The connection stays usable.
    case server(ReplyError)
    /// The request was sent, and the connection broke before its reply came; it is not safe
    /// to repeat (`RequestKind.isRepeatable`), or it was repeated as often as the options
    /// allow. It may or may not have taken effect: only the caller can find out which.
    case outcomeUnknown(Request, Disconnect)
    /// The request was never sent whole, so it did not run: no connection could be made
    /// (the reason says why: refused, unresolvable, timed out).
    case notConnected(String)
    /// The server refused the token on a new connection; the request was not sent.
    case authenticationFailed(ReplyError)
    /// A reply this client cannot read as the answer to its request.
    case malformedReply(String)
    /// Refused before sending: a line that is no request, or a misuse of the client.
    case invalidRequest(String)

    public var description: String {
        switch self {
        case .server(let error): error.description
        case .outcomeUnknown(let request, let why): "\(why) before answering \(request.kind.verb); it may or may not have taken effect"
        case .notConnected(let reason): reason
        case .authenticationFailed(let error): "AUTH refused: \(error.message ?? error.code.rawValue)"
        case .malformedReply(let reason): "malformed reply: \(reason)"
        case .invalidRequest(let reason): reason
        }
    }
}

/// How a connection ended while a request waited for its reply.
public enum Disconnect: Error, Sendable, Equatable, CustomStringConvertible {
    /// The server closed it: it stopped, crashed, restarted, or was told to QUIT.
    case closedByServer
    /// No byte came (or could be written) for this long.
    case timedOut(Duration)
    /// The system reported an error (`connection reset by peer`) or the server sent what
    /// no request asked for.
    case failed(String)

    public var description: String {
        switch self {
        case .closedByServer: "server closed the connection"
        case .timedOut(let limit): "no answer within \(limit.formattedSeconds)"
        case .failed(let reason): reason
        }
    }
}

extension Duration {
    /// `30 s`, `0.5 s`: for messages.
    var formattedSeconds: String {
        let (seconds, attoseconds) = components
        guard attoseconds != 0 else { return "\(seconds) s" }
        return "\(Double(seconds) + Double(attoseconds) / 1e18) s"
    }

    /// Whole milliseconds, at least 0, at most Int32.max: for `poll`.
    var pollMilliseconds: Int32 {
        let (seconds, attoseconds) = components
        let ms = seconds * 1000 + attoseconds / 1_000_000_000_000_000
        return Int32(clamping: max(0, ms))
    }
}
