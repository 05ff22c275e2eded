/// The live membership changes (SPEC §8) a served catalog has taken since it was built:
/// members added, members replaced (SET_MEMBER) or removed (DEL_MEMBER), attendee rows
/// added or removed. Owned by one `Catalog` (`Catalog.delta`); RELOAD builds the next
/// catalog from the file, which holds every change already, with an empty delta, and the
/// service swaps both in one assignment.
///
/// Why a delta beside the catalog and not a new catalog per change: the catalog's members
/// and their three lookups are nearly all of a large catalog's memory, and rebuilding or
/// copying them takes seconds for a million members. A change instead appends the member
/// it makes (never moving one), marks the positions it retires, and keeps its own small
/// lookups by customer id, normalised e-mail and normalised code: all hash lookups, so
/// EVAL after 100,000 changes does what it did before plus one lookup per request value.
///
/// Why a class mutated in place and not an immutable value: every request, and every
/// change, runs to completion on the event loop, one at a time, so a request never sees
/// half a change; a value copied per change would copy the delta's tables each time
/// (O(changes) per change), which is what the cost rule forbids. Mutation is confined to
/// the loop thread (the service asserts it), which is what makes `@unchecked Sendable`
/// true.
///
/// Positions: the catalog's own members are `Member.Index(0..<baseCount)`; the k-th member
/// a change appended is `Member.Index(baseCount + k)`. A position is never reused, so a
/// `Grant` or match made before a change keeps meaning what it meant.
///
/// Its storage skips the runtime's exclusivity checks (`@exclusivity(unchecked)`), as
/// `ReplyWriter`'s does: every EVAL reads it, the checks cost ~850 instructions per EVAL
/// (+3 %), and the loop confinement above is what they would check.
public final class MemberDelta: @unchecked Sendable {
    /// Members of the catalog itself: positions below this are the catalog's.
    public let baseCount: Int
    /// Members appended by changes, in the order the changes were applied.
    @exclusivity(unchecked) public private(set) var added: [Member] = []
    /// Positions (the catalog's or appended ones) no longer served, one bit each: EVAL
    /// tests every catalog member it finds, and a bit in a flat array (128 KiB for a million
    /// members, mostly in cache) is cheaper than a hash lookup.
    @exclusivity(unchecked) private var removed: [UInt64] = []
    @exclusivity(unchecked) private var removedCount = 0
    /// The served appended members by customer id, e-mail and code (normalised), ascending.
    @exclusivity(unchecked) private(set) var byCustomer: [CustomerKey: [Int32]] = [:]
    @exclusivity(unchecked) private(set) var byEmail: [String: [Int32]] = [:]
    @exclusivity(unchecked) private(set) var byCode: [String: [Int32]] = [:]
    /// Own members (rows of `members`) a change added or replaced: id to served position.
    @exclusivity(unchecked) private(set) var positionByID: [Int64: Int32] = [:]
    /// Members served now less members the catalog was built with (SPEC §6 Counts).
    @exclusivity(unchecked) public private(set) var memberCountChange = 0
    /// Changes applied: 0 means EVAL takes the catalog's own path, untouched.
    @exclusivity(unchecked) public private(set) var changeCount = 0

    init(baseCount: Int) { self.baseCount = baseCount }

    /// No change applied: every lookup may skip the delta.
    @inline(__always) public var isEmpty: Bool { changeCount == 0 }

    @inline(__always) func isRemoved(_ m: Member.Index) -> Bool {
        guard removedCount > 0 else { return false }
        let word = m.position >> 6
        return word < removed.count && removed[word] & (1 << UInt64(m.position & 63)) != 0
    }

    /// Room the tables take at the first change: growing a hash table rehashes all of it,
    /// one change paying milliseconds for the thousands before it; sized for 100,000
    /// changes, none pays that until then (a few MiB, taken by the first change only).
    static let reservedChanges = 131_072

    private func reserveOnFirstChange() {
        guard changeCount == 0, removed.isEmpty else { return }
        added.reserveCapacity(Self.reservedChanges)
        removed = [UInt64](repeating: 0, count: (baseCount + Self.reservedChanges) / 64 + 1)
        byCustomer.reserveCapacity(Self.reservedChanges)
        byEmail.reserveCapacity(Self.reservedChanges)
        byCode.reserveCapacity(Self.reservedChanges)
        positionByID.reserveCapacity(Self.reservedChanges)
    }

    /// Appends `member` and serves it; returns its position.
    @discardableResult
    func append(_ member: Member) -> Member.Index {
        reserveOnFirstChange()
        let position = Int32(baseCount + added.count)
        added.append(member)
        if let customer = member.customerID { byCustomer[CustomerKey(customer), default: []].append(position) }
        if let email = member.email { byEmail[email, default: []].append(position) }
        if let code = member.code { byCode[code, default: []].append(position) }
        if case .row(let id) = member.key { positionByID[id] = position }
        memberCountChange += 1
        changeCount += 1
        return Member.Index(Int(position))
    }

    /// Stops serving the member at `m` (the catalog's or an appended one).
    func remove(_ m: Member.Index, member: Member) {
        reserveOnFirstChange()
        let position = Int32(m.position)
        let word = m.position >> 6, bit = UInt64(1) << UInt64(m.position & 63)
        if word >= removed.count { removed += [UInt64](repeating: 0, count: word - removed.count + 1024) }
        guard removed[word] & bit == 0 else { return }
        removed[word] |= bit
        removedCount += 1
        if m.position >= baseCount {
            func drop<K>(_ key: K?, from table: inout [K: [Int32]]) {
                guard let key, var list = table[key] else { return }
                list.removeAll { $0 == position }
                table[key] = list.isEmpty ? nil : list
            }
            drop(member.customerID.map(CustomerKey.init), from: &byCustomer)
            drop(member.email, from: &byEmail)
            drop(member.code, from: &byCode)
        }
        if case .row(let id) = member.key, positionByID[id] == position { positionByID[id] = nil }
        memberCountChange -= 1
        changeCount += 1
    }

    /// Calls `body` with each served appended member the key names, ascending.
    @inline(__always)
    func forEach<K: Hashable>(_ key: K, in table: [K: [Int32]], _ body: (Member.Index) -> Void) {
        guard !table.isEmpty, let list = table[key] else { return }
        for p in list { body(Member.Index(Int(p))) }
    }
}
