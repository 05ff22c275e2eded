import TesseraProtocol

/// One request, ready for the wire: its kind (which decides the retry policy) and its line.
///
/// Built by the typed factories (`.eval(event:…)`, `.hold(id:…)`, in `Request+Verbs.swift`),
/// which percent-encode every value, or from a line as a person typed it (`raw`).
public struct Request: Sendable, Hashable, CustomStringConvertible {
    public let kind: RequestKind
    /// The line as sent, without its line feed: the verb, then `key=value` words whose values
    /// are percent-encoded (SPEC §4).
    public let line: String
    /// AUTH's token, remembered once the server accepts it so that a new connection
    /// authenticates with it again.
    let token: String?

    /// Whether the client sends it again after a broken connection (`RequestKind.isRepeatable`).
    public var isRepeatable: Bool { kind.isRepeatable }

    /// The verb and its `key=value` words; each value is percent-encoded here unless it is
    /// given as already encoded (an `item`).
    init(_ kind: RequestKind, _ fields: [Field] = [], token: String? = nil) {
        var line = kind.verb
        for field in fields {
            line += " " + field.key + "=" + (field.encoded ? field.value : PercentCoding.encoded(field.value))
        }
        self.kind = kind
        self.line = line
        self.token = token
    }

    struct Field {
        var key: String
        var value: String
        var encoded = false
    }

    /// A line as typed (`tessera client`, tests): sent as it is, so its values must already
    /// be percent-encoded. Its kind, and so its retry policy, comes from its first word.
    ///
    /// Refused: a line with a line break (it would be two requests, and the replies would no
    /// longer pair with the requests) and an empty or blank line (the server answers nothing,
    /// so nothing could ever pair with it).
    public static func raw(_ line: String) throws(ClientError) -> Request {
        guard !line.utf8.contains(where: { $0 == UInt8(ascii: "\n") || $0 == UInt8(ascii: "\r") }) else {
            throw .invalidRequest("a request is one line; this one has a line break")
        }
        let words = line.split(separator: " ")
        guard let verb = words.first else { throw .invalidRequest("an empty line is no request") }
        let kind = RequestKind(verb: verb)
        var token: String?
        if kind == .auth, let word = words.dropFirst().first(where: { $0.hasPrefix("token=") }) {
            token = ReplyLine.decodedValue(word.dropFirst("token=".count))
        }
        return Request(kind: kind, line: line, token: token)
    }

    private init(kind: RequestKind, line: String, token: String?) {
        self.kind = kind
        self.line = line
        self.token = token
    }

    /// The line, except that AUTH's token is never shown: descriptions end up in logs.
    public var description: String { kind == .auth ? "AUTH token=…" : line }
}
