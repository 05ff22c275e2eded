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

    /// Each verb's name packed into a UInt64 (upper case, one byte each): a
    /// request's verb is matched by packing its token the same way, with no
    /// array or hashing per request.
    private static let packedNames: [(UInt64, Verb)] = allCases.map { (pack(Array($0.rawValue.utf8))!, $0) }

    /// The token's bytes upper-cased and packed little-endian; nil when longer than 8.
    @inline(__always) private static func pack(_ token: some Collection<UInt8>) -> UInt64? {
        guard token.count <= 8 else { return nil }
        var packed: UInt64 = 0
        var shift: UInt64 = 0
        for b in token {
            packed |= UInt64(b >= 0x61 && b <= 0x7A ? b - 0x20 : b) << shift
            shift += 8
        }
        return packed
    }

    /// The verb spelled by `token` in any case, or nil.
    public init?(token: UnsafeRawBufferPointer) {
        // A zero byte could make a short token pack like a longer name's prefix: never a verb.
        guard token.count <= 7, !token.contains(0), let packed = Verb.pack(token) else { return nil }
        for (name, verb) in Verb.packedNames where name == packed {
            self = verb
            return
        }
        return nil
    }

    /// Position in `allCases`, for tables indexed by verb (no hashing per request).
    @inlinable public var ordinal: Int {
        switch self {
        case .ping: 0
        case .eval: 1
        case .hold: 2
        case .commit: 3
        case .release: 4
        case .reload: 5
        case .stats: 6
        case .clock: 7
        case .auth: 8
        case .quit: 9
        }
    }
}
