import TesseraProtocol
/// Request and error counters for STATS, kept on the loop thread as plain
/// integers indexed by verb and error code (no dictionary per request).
public struct ServiceStats: Sendable {
    /// One counter per row of the verb table, indexed by `Verb.ordinal`. Reading the table
    /// here builds and checks it as the service starts, not at the first request.
    public private(set) var requests = [Int](repeating: 0, count: CommandTable.all.count)
    public private(set) var errors = [Int](repeating: 0, count: ErrorCode.allCases.count)

    private static let errorIndex: [ErrorCode: Int] = Dictionary(
        uniqueKeysWithValues: ErrorCode.allCases.enumerated().map { ($1, $0) })

    public init() {}

    public mutating func count(_ verb: Verb) { requests[verb.ordinal] += 1 }
    public mutating func count(_ error: ErrorCode) { errors[Self.errorIndex[error]!] += 1 }

    public var totalRequests: Int { requests.reduce(0, +) }
    public var totalErrors: Int { errors.reduce(0, +) }
}
