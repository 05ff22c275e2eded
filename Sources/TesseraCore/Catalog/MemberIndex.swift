#if canImport(Glibc)
    import Glibc
#endif

/// A lookup from a normalised key (customer id, e-mail or code) to the members that
/// have it: an open-addressing table of 8-byte slots that stores no keys at all.
///
/// Why this shape (issue 17): as a `[String: Int32]` dictionary every EVAL hashed its key
/// with SipHash and every entry kept a 16-byte `String` beside its value, some 30 bytes per
/// key of a million-member catalog for each of three lookups. Here a slot is a 32-bit tag
/// of the key's hash and the member's position; the key itself is the member's own field,
/// compared byte for byte on a tag match (keys are normalised, so bytes compare as the
/// rules do, SPEC §6). The hash is FNV-1a over the key's bytes, seeded per process: keys
/// are short, and only the operator's catalog inserts, so probing cost stays bounded.
///
/// Almost every key names one member, so that case stores a bare position and only
/// shared keys pay for a list in `shared`.
public struct MemberIndex: Sendable {
    /// Which field of `Member` is the key.
    public enum Field: Sendable { case customerID, email, code }

    public let field: Field
    /// 0: empty. Else the high 32 bits are the hash's high half with the top bit set
    /// (so never 0), the low 32 bits an `Int32`: >= 0 the one member, < 0 `-(slot + 1)`
    /// into `shared`. Capacity a power of two, at most half full.
    private var slots: [UInt64]
    private var shared: [[Int32]] = []
    public private(set) var count = 0

    /// Indexes `members[m].field` for every member that has one, in ascending position.
    public init(_ field: Field, of members: [Member]) {
        self.field = field
        var keys = 0
        for m in members.indices where Self.key(field, of: members[m]) != nil { keys += 1 }
        var capacity = 8
        while capacity < keys * 2 { capacity *= 2 }
        slots = Array(repeating: 0, count: capacity)
        for m in members.indices {
            guard var key = Self.key(field, of: members[m]) else { continue }
            key.withUTF8 { insert(Int32(m), key: $0, members: members) }
        }
    }

    /// An empty index.
    public init(_ field: Field) {
        self.field = field
        slots = Array(repeating: 0, count: 8)
    }

    @inline(__always)
    static func key(_ field: Field, of member: Member) -> String? {
        switch field {
        case .customerID: member.customerID
        case .email: member.email
        case .code: member.code
        }
    }

    /// Calls `body` with each member of `members` (the array this index was built over)
    /// whose key is `key`, in ascending position.
    @inline(__always)
    public func forEach(_ key: String, in members: [Member], _ body: (Member.Index) -> Void) {
        var key = key
        let entry = key.withUTF8 { find($0, members: members) }
        guard let entry else { return }
        if entry >= 0 { return body(Member.Index(Int(entry))) }
        for m in shared[Int(-entry - 1)] { body(Member.Index(Int(m))) }
    }

    /// The slot entry for `key`, or nil.
    private func find(_ key: UnsafeBufferPointer<UInt8>, members: [Member]) -> Int32? {
        let (i, _, found) = probe(key, members: members)
        return found ? Int32(truncatingIfNeeded: slots[i]) : nil
    }

    private mutating func insert(_ member: Int32, key: UnsafeBufferPointer<UInt8>, members: [Member]) {
        let (i, tag, found) = probe(key, members: members)
        guard found else {
            slots[i] = tag << 32 | UInt64(UInt32(bitPattern: member))
            count += 1
            return
        }
        let entry = Int32(truncatingIfNeeded: slots[i])
        if entry >= 0 {
            shared.append([entry, member])
            slots[i] = tag << 32 | UInt64(UInt32(bitPattern: -Int32(shared.count)))
        } else {
            shared[Int(-entry - 1)].append(member)
        }
    }

    /// The slot holding `key` (found), or the empty slot where it would go; and its tag.
    /// Linear probing from the hash; the table is at most half full, so an empty slot ends it.
    @inline(__always)
    private func probe(_ key: UnsafeBufferPointer<UInt8>, members: [Member]) -> (slot: Int, tag: UInt64, found: Bool) {
        let hash = Self.hash(key)
        let tag = Self.tag(hash)
        let mask = slots.count - 1
        var i = Int(truncatingIfNeeded: hash) & mask
        return slots.withUnsafeBufferPointer { slots in
            while true {
                let slot = slots[i]
                if slot == 0 { return (i, tag, false) }
                if slot >> 32 == tag, keyEquals(key, member: first(Int32(truncatingIfNeeded: slot)), members: members) {
                    return (i, tag, true)
                }
                i = (i + 1) & mask
            }
        }
    }

    /// The first member an entry names (any one would do to read the key).
    @inline(__always)
    private func first(_ entry: Int32) -> Int {
        entry >= 0 ? Int(entry) : Int(shared[Int(-entry - 1)][0])
    }

    @inline(__always)
    private func keyEquals(_ key: UnsafeBufferPointer<UInt8>, member m: Int, members: [Member]) -> Bool {
        guard var stored = Self.key(field, of: members[m]) else { return false }
        return stored.withUTF8 { $0.count == key.count && (key.count == 0 || memcmp($0.baseAddress!, key.baseAddress!, key.count) == 0) }
    }

    @inline(__always)
    private static func tag(_ hash: UInt64) -> UInt64 { hash >> 32 | 0x8000_0000 }

    /// FNV-1a, 64-bit, from a per-process seed.
    @inline(__always)
    static func hash(_ bytes: UnsafeBufferPointer<UInt8>) -> UInt64 {
        var h = seed
        for byte in bytes { h = (h ^ UInt64(byte)) &* 0x0000_0100_0000_01B3 }
        // Mix the high bits down: the slot index takes the low ones.
        return h ^ (h >> 29)
    }

    private static let seed: UInt64 = 0xCBF2_9CE4_8422_2325 ^ UInt64.random(in: 0..<UInt64.max)
}
