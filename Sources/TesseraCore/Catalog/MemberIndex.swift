/// A lookup from a normalised key to the members it names, compact for a
/// million members: almost every key names one member, so that case stores a
/// bare index and only shared keys pay for an array. Stored as `Int32` (half the memory of
/// `Member.Index`); handed out as `Member.Index`.
public struct MemberIndex<Key: Hashable & Sendable>: Sendable {
    /// >= 0: the one member; < 0: `-(slot + 1)` into `shared`.
    private var entries: [Key: Int32] = [:]
    private var shared: [[Int32]] = []

    public init(minimumCapacity: Int = 0) {
        entries.reserveCapacity(minimumCapacity)
    }

    mutating func insert(_ index: Member.Index, for key: Key) {
        let member = Int32(index.position)
        // One hash for the usual new key; a shared key (rare) is fixed up after.
        guard let existing = entries.updateValue(member, forKey: key) else { return }
        entries[key] = existing
        if existing >= 0 {
            if existing == member { return }
            shared.append([existing, member])
            entries[key] = -Int32(shared.count)
        } else {
            let slot = Int(-existing - 1)
            if shared[slot].last != member { shared[slot].append(member) }
        }
    }

    /// Calls `body` with each member the key names, in ascending member index.
    @inlinable public func forEach(_ key: Key, _ body: (Member.Index) -> Void) {
        guard let entry = lookup(key) else { return }
        switch entry {
        case .one(let m): body(m)
        case .many(let list): for m in list { body(Member.Index(Int(m))) }
        }
    }

    public enum Entry { case one(Member.Index), many([Int32]) }

    public func lookup(_ key: Key) -> Entry? {
        guard let value = entries[key] else { return nil }
        if value >= 0 { return .one(Member.Index(Int(value))) }
        return .many(shared[Int(-value - 1)])
    }

    public func contains(_ key: Key) -> Bool { entries[key] != nil }

    public var count: Int { entries.count }
}
