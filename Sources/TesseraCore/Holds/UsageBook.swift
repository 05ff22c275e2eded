/// Live usage in memory: what every slot and every offer's total has taken,
/// from holds that count right now. Answers EVAL and HOLD in O(matched
/// members); the ledger only rebuilds it at start-up.
///
/// Expiry is exact without a sweeper thread: `advance(to:)` runs before each
/// request and drops the holds whose `expires` has come, smallest first, from
/// a heap.
///
/// Expiry is final (SPEC §6 Life of a hold): a hold whose `expires` the clock
/// has reached, moving forward after the hold was made, never counts again,
/// however far back the clock is set later (the test clock, or a wall clock
/// stepped back). Counting it again would give its units twice: others may
/// have taken them meanwhile. So a clock going back changes nothing here; it
/// only means the heap holds nothing that is due. A hold made while the clock
/// is back counts until the clock reaches its own `expires`, as its HELD line
/// said. Everything else that depends on time reads the clock as it is.
public final class UsageBook: UsageReading, @unchecked Sendable {
    private var slots: [UsageSlot: Int] = [:]
    private var totals: [String: Int] = [:]
    /// Per offer, the amounts of the units counted (SPEC §7 Money budget).
    private var money: [String: Int] = [:]
    public private(set) var holds = HoldTable()
    /// Holds by expiry, pushed while held; popped also once committed or
    /// released (their expiry is noted all the same); entries of holds removed
    /// since are skipped.
    private var expiries = MinHeap<ExpiryEntry>()
    /// Holds whose `expires` the clock has reached, whatever their state then:
    /// one committed in memory whose commit the ledger then loses is held
    /// again, and expired.
    private var expiryReached = ShardedTable<Void>()
    /// Holds currently counted.
    private var counted = ShardedTable<Void>()
    /// The last reading of the clock.
    private var clock = Instant(seconds: Int64.min)

    public init() {}

    /// A book holding `records` (from the ledger), counted as of `now`: the
    /// first reading after a start is where the clock starts from (SPEC §6).
    public convenience init(records: some Sequence<HoldRecord>, at now: Instant) {
        self.init()
        advance(to: now)
        for record in records { insert(record) }
    }

    /// Live holds (held and not expired) plus unreleased commits.
    public var liveCount: Int { counted.count }

    public func used(_ slot: UsageSlot) -> Int { slots[slot] ?? 0 }
    public func usedTotal(offer: String) -> Int { totals[offer] ?? 0 }
    /// The stored amounts of the offer's counted units: a release or expiry gives back
    /// exactly what its hold took, whatever a RELOAD changed since.
    public func moneyInUse(offer: String) -> Int { money[offer] ?? 0 }
    /// Every counted take adds to its offer's total, so no total means no slot of it counts.
    public func isUnused(offer: String) -> Bool { totals[offer] == nil }

    /// Whether `id` is a held hold that has expired for good: COMMIT of it is
    /// `ERR expired`, whatever the clock reads now.
    public func isExpired(_ id: String) -> Bool {
        holds[id]?.state == .held && expiryReached.contains(id)
    }

    /// Brings usage to `now`: holds whose expiry has come stop counting, for good.
    /// A reading before the last one expires nothing and revives nothing.
    public func advance(to now: Instant) {
        clock = now
        while let next = expiries.peek, next.expires <= now {
            expiries.pop()
            guard let record = holds[next.id], record.expiresAt == next.expires else { continue }
            expiryReached[record.id] = ()
            if record.state == .held { uncount(record) }
        }
    }

    /// Adds a hold that was just granted (state held) or restored from the ledger.
    public func insert(_ record: HoldRecord) {
        holds[record.id] = record
        if record.expiresAt <= clock { expiryReached[record.id] = () }
        if record.state == .held && !expiryReached.contains(record.id) {
            expiries.push(ExpiryEntry(expires: record.expiresAt, id: record.id))
        }
        if counts(record) { count(record) }
    }

    /// Forgets a hold entirely (its ledger write failed: it never happened).
    public func remove(id: String) {
        guard let record = holds.removeValue(forKey: id) else { return }
        expiryReached.removeValue(forKey: id)
        if counted.contains(id) { uncount(record) }
    }

    /// Changes a hold's state (commit or release) or its units (a partial release),
    /// keeping usage in step: what the hold counted before goes, what it counts now
    /// comes. A hold that `isExpired` is never committed: COMMIT answers `ERR expired`.
    public func update(_ record: HoldRecord) {
        assert(record.state != .committed || !isExpired(record.id), "an expired hold cannot be committed")
        if let old = holds[record.id] { uncount(old) }
        holds[record.id] = record
        if counts(record) { count(record) }
    }

    /// Puts usage back to exactly `records` (what the ledger has made durable,
    /// after a failed write), at the last reading of the clock. A hold whose
    /// expiry the clock has reached stays expired though the clock may read an
    /// earlier time now; one not in `records` never happened and is forgotten.
    public func reset(to records: some Sequence<HoldRecord>) {
        let reached = expiryReached
        slots.removeAll(keepingCapacity: true)
        totals.removeAll(keepingCapacity: true)
        money.removeAll(keepingCapacity: true)
        holds = HoldTable()
        expiries = MinHeap()
        expiryReached = ShardedTable()
        counted.removeAll()
        for record in records {
            if reached.contains(record.id) { expiryReached[record.id] = () }
            insert(record)
        }
    }

    /// Whether a hold counts against limits (SPEC §3): a held hold until its
    /// expiry is reached, a commit until it is released. A held hold that has
    /// not reached its expiry has `expires` after the last reading.
    public func counts(_ record: HoldRecord) -> Bool {
        switch record.state {
        case .held: !expiryReached.contains(record.id)
        case .committed: true
        case .released: false
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
            let amount = take.amount
            if amount != 0 {
                money[take.offerID, default: 0] += sign * amount
                if money[take.offerID] == 0 { money[take.offerID] = nil }
            }
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
