/// Every verb of SPEC §4. The wire name is matched case-insensitively.
public enum Verb: String, Sendable, CaseIterable {
    case ping = "PING"
    case eval = "EVAL"
    case hold = "HOLD"
    case commit = "COMMIT"
    case release = "RELEASE"
    case reload = "RELOAD"
    case stats = "STATS"
    case clock = "CLOCK"
    case auth = "AUTH"
    case quit = "QUIT"

    private static let byUpperBytes: [[UInt8]: Verb] = Dictionary(
        uniqueKeysWithValues: allCases.map { (Array($0.rawValue.utf8), $0) })

    /// The verb spelled by `token` in any case, or nil.
    public init?(token: UnsafeRawBufferPointer) {
        guard token.count <= 7 else { return nil }
        var upper: [UInt8] = []
        upper.reserveCapacity(token.count)
        for b in token { upper.append(b >= 0x61 && b <= 0x7A ? b - 0x20 : b) }
        guard let verb = Verb.byUpperBytes[upper] else { return nil }
        self = verb
    }
}
