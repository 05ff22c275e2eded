/// Every verb of SPEC §4 and §8, by identity only: its wire name, keys, flags and help are
/// its row in `CommandTable` (the raw value is the verb's position there and in any table
/// indexed by verb). Adding a verb is a case here, its row in `CommandTable.row(_:)` and its
/// handler in the server; the compiler asks for both, as each is an exhaustive switch.
public enum Verb: UInt8, Sendable, CaseIterable {
    case ping, eval, hold, commit, release, reload, stats, clock, auth, quit, help, info
    /// SPEC §8 Live membership changes.
    case addMember, setMember, delMember, findMembers, addAttendee, delAttendee

    /// The wire name, upper case (`EVAL`); matched case-insensitively.
    public var name: String { CommandTable.spec(for: self).name }

    /// Position in `allCases` and in `CommandTable.all`, for tables indexed by verb (no
    /// hashing per request).
    @inlinable public var ordinal: Int { Int(rawValue) }

    /// The longest name `init(token:)` can match: a name is packed into two `UInt64`s.
    /// A row with a longer name stops the server at start-up (`CommandTable.all`).
    public static var maxNameBytes: Int { 16 }

    /// A name packed into two words, upper case, one byte each, little-endian: bytes 0-7 in
    /// `low`, 8-15 in `high`. Two words because §8's names (`FIND_MEMBERS`, 12 bytes) outgrew
    /// one; a verb of 8 bytes or less has `high == 0`, so PING and EVAL cost one more
    /// comparison of a register, still no array or hashing per request.
    struct Packed: Equatable {
        var low: UInt64
        var high: UInt64
    }

    /// Each verb's name packed: a request's verb is matched by packing its token the same way.
    private static let packedNames: [(Packed, Verb)] = CommandTable.all.map { (pack($0.name.utf8)!, $0.verb) }

    /// The token's bytes upper-cased and packed; nil when longer than `maxNameBytes`.
    @inline(__always) private static func pack(_ token: some Collection<UInt8>) -> Packed? {
        guard token.count <= maxNameBytes else { return nil }
        var packed = Packed(low: 0, high: 0)
        var shift: UInt64 = 0
        for b in token {
            let byte = UInt64(b >= 0x61 && b <= 0x7A ? b - 0x20 : b)
            if shift < 64 { packed.low |= byte << shift } else { packed.high |= byte << (shift - 64) }
            shift += 8
        }
        return packed
    }

    /// The verb spelled by `token` in any case, or nil.
    public init?(token: UnsafeRawBufferPointer) {
        // A zero byte could make a short token pack like a longer name's prefix: never a verb.
        guard token.count <= Verb.maxNameBytes, !token.contains(0), let packed = Verb.pack(token) else { return nil }
        for (name, verb) in Verb.packedNames where name == packed {
            self = verb
            return
        }
        return nil
    }
}
