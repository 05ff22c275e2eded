/// Live usage in memory: what every slot and every offer's total has taken,
/// from holds that count right now. Answers EVAL and HOLD in O(matched
/// members); the ledger only rebuilds it at start-up.
///
/// Expiry is exact without a sweeper thread: `advance(to:)` runs before each
/// request and drops the holds whose `expires` has passed, smallest first,
/// from a heap. A clock set backwards (test clock) rebuilds from the records.
public final class UsageBook: UsageReading, @unchecked Sendable {
    private var slots: [UsageSlot: Int] = [:]
    private var totals: [String: Int] = [:]
    public private(set) var holds = HoldTable()
    /// Held holds by expiry; entries of holds since committed or released are skipped when popped.
    private var expiries = MinHeap<ExpiryEntry>()
    /// Holds currently counted.
    private var counted = ShardedTable<Void>()
    private var clock = Instant(seconds: Int64.min)

    public init() {}

    /// A book holding `records` (from the ledger), counted as of `now`.
    public convenience init(records: some Sequence<HoldRecord>, at now: Instant) {
        self.init()
        advance(to: now)
        for record in records { insert(record) }
    }

    /// Live holds (held and not expired) plus unreleased commits.
    public var liveCount: Int { counted.count }

    public func used(_ slot: UsageSlot) -> Int { slots[slot] ?? 0 }
    public func usedTotal(offer: String) -> Int { totals[offer] ?? 0 }
    /// Every counted take adds to its offer's total, so no total means no slot of it counts.
    public func isUnused(offer: String) -> Bool { totals[offer] == nil }

    /// Brings usage to `now`: holds whose expiry has come stop counting.
    public func advance(to now: Instant) {
        if now < clock {
            rebuild(at: now)
            return
        }
        clock = now
        while let next = expiries.peek, next.expires <= now {
            expiries.pop()
            guard let record = holds[next.id], record.state == .held, record.expiresAt == next.expires else { continue }
            uncount(record)
        }
    }

    /// Adds a hold that was just granted (state held) or restored from the ledger.
    public func insert(_ record: HoldRecord) {
        holds[record.id] = record
        if record.counts(at: clock) { count(record) }
        if record.state == .held { expiries.push(ExpiryEntry(expires: record.expiresAt, id: record.id)) }
    }

    /// Forgets a hold entirely (its ledger write failed: it never happened).
    public func remove(id: String) {
        guard let record = holds.removeValue(forKey: id) else { return }
        if counted.contains(id) { uncount(record) }
    }

    /// Changes a hold's state (commit or release), keeping usage in step.
    public func update(_ record: HoldRecord) {
        let wasCounted = counted.contains(record.id)
        holds[record.id] = record
        let nowCounts = record.counts(at: clock)
        if wasCounted && !nowCounts { uncount(record) }
        if !wasCounted && nowCounts { count(record) }
    }

    private func rebuild(at now: Instant) {
        clock = now
        slots.removeAll(keepingCapacity: true)
        totals.removeAll(keepingCapacity: true)
        counted.removeAll()
        expiries = MinHeap()
        for record in holds.values {
            if record.counts(at: now) { count(record) }
            if record.state == .held && now < record.expiresAt {
                expiries.push(ExpiryEntry(expires: record.expiresAt, id: record.id))
            }
        }
    }

    private func count(_ record: HoldRecord) {
        guard !counted.contains(record.id) else { return }
        counted[record.id] = ()
        apply(record, sign: 1)
    }

    private func uncount(_ record: HoldRecord) {
        guard counted.removeValue(forKey: record.id) != nil else { return }
        apply(record, sign: -1)
    }

    private func apply(_ record: HoldRecord, sign: Int) {
        for take in record.takes {
            totals[take.offerID, default: 0] += sign * take.quantity
            if totals[take.offerID] == 0 { totals[take.offerID] = nil }
            for allocation in take.allocations {
                slots[allocation.slot, default: 0] += sign * allocation.quantity
                if slots[allocation.slot] == 0 { slots[allocation.slot] = nil }
            }
        }
    }
}

struct ExpiryEntry: Comparable {
    var expires: Instant
    var id: String
    static func < (a: ExpiryEntry, b: ExpiryEntry) -> Bool { a.expires < b.expires }
}
