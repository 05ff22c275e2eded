/// The whole reply to one request, as received: data lines, then the `OK …` or `ERR …` line
/// that ends it (SPEC §4). Typed results are read from it with `decode`.
public struct Reply: Sendable, Equatable {
    /// Every line, without its line end, values still percent-encoded: the wire form.
    public let lines: [String]

    /// `lines` must end with an `OK` or `ERR` line (`ReplyReader` makes sure).
    public init(lines: [String]) {
        precondition(lines.last.map(Self.isStatusLine) == true, "a reply ends with its OK or ERR line")
        self.lines = lines
    }

    /// Whether the last line is `OK …`.
    public var isOK: Bool { Self.firstWord(of: lines[lines.count - 1]) == "OK" }

    /// The `ERR` line read, or nil when the reply is `OK`.
    public var error: ReplyError? { isOK ? nil : ReplyError(line: lines[lines.count - 1]) }

    /// The `OK` or `ERR` line.
    public var statusLine: String { lines[lines.count - 1] }

    /// The lines before the status line.
    public var dataLines: ArraySlice<String> { lines.dropLast() }

    /// The reply itself when it is `OK`; throws the `ERR` as `ClientError.server` otherwise.
    @discardableResult
    public func requireOK() throws(ClientError) -> Reply {
        if let error { throw .server(error) }
        return self
    }

    /// The typed result (`EvalResult`, `HoldResult`…) of an `OK` reply; an `ERR` reply is
    /// thrown as `ClientError.server`.
    public func decode<Result: ReplyDecodable>(_ type: Result.Type = Result.self) throws(ClientError) -> Result {
        try Result(reply: requireOK())
    }

    /// Whether `line` ends a reply: its first word is `OK` or `ERR`.
    public static func isStatusLine(_ line: String) -> Bool {
        let word = firstWord(of: line)
        return word == "OK" || word == "ERR"
    }

    private static func firstWord(of line: String) -> Substring {
        line.prefix { $0 != " " }
    }
}
