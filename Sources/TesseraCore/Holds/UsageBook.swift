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
///
/// History off the heap (issue 17): a book made with `retainsFinished: false`
/// keeps a hold's record only while an answer may need it from memory: while it
/// is live (held, expiry not reached) or a write of it is in flight
/// (`beginWrite`/`confirm`/`endWrite`). A finished hold (committed, released,
/// expired) with nothing in flight leaves memory: the ledger has it, and the
/// server reads it back by id when a request names it (`adopt` brings it back to
/// change it). A commit's units stay in the totals when its record leaves: the
/// totals are the sum of every counting hold, in memory or not, and the ledger
/// keeps that sum durable so a start reads it instead of every hold. Only a hold
/// with nothing in flight leaves, so a hold not in memory is exactly as the
/// ledger has it, and one the ledger has as held is one whose expiry was reached.
public final class UsageBook: UsageReading, @unchecked Sendable {
    /// Units per slot counted since the start (negative where a commit counted in `base`
    /// was released or refunded since).
    private var slots: [UsageSlot: Int] = [:]
    /// Units per slot of the commits the ledger summed when the server started: read-only.
    private let base: SlotCounts
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

    /// False: finished holds with no write in flight leave memory (see above).
    public let retainsFinished: Bool
    /// Writes submitted and not yet confirmed or failed, per hold id: a hold with one
    /// stays in memory, since the ledger does not have it as memory has it yet.
    private var inFlight: [String: Int] = [:]
    /// Memory's holds as the ledger has made them durable: memory returns to this after a
    /// failed write (`resetToDurable`). Only holds in memory: the rest are on disk as is.
    public private(set) var durable = HoldTable()
    /// Holds that left memory (or were never loaded) and still count: commits, whose
    /// units the totals hold. Part of `liveCount`.
    private var archivedCounting = 0
    /// Holds that left memory (or were never loaded), in every state. Part of `holdCount`.
    private var archivedHolds = 0

    public init(retainsFinished: Bool = true, base: SlotCounts = SlotCounts()) {
        self.retainsFinished = retainsFinished
        self.base = base
    }

    /// A book holding `records` (from the ledger), counted as of `now`: the
    /// first reading after a start is where the clock starts from (SPEC §6).
    public convenience init(records: some Sequence<HoldRecord>, at now: Instant) {
        self.init()
        advance(to: now)
        for record in records {
            insert(record)
            durable[record.id] = record
        }
    }

    /// A book that starts from the ledger's durable totals and its live holds, as of `now`
    /// (the clock's first reading): `totals` already counts every commit (its slots in
    /// `slots`, or in `totals.slots` when few), and `liveHolds` are the holds the ledger
    /// has as held with `expires` after `now`. Finished holds stay in the ledger
    /// (`retainsFinished` is false).
    public convenience init(
        totals: UsageTotals, slots base: SlotCounts = SlotCounts(), liveHolds: some Sequence<HoldRecord>, at now: Instant
    ) {
        self.init(retainsFinished: false, base: base)
        advance(to: now)
        slots = totals.slots
        self.totals = totals.offers.compactMapValues { $0.quantity == 0 ? nil : $0.quantity }
        money = totals.offers.compactMapValues { $0.amount == 0 ? nil : $0.amount }
        archivedCounting = totals.committedHolds
        var live = 0
        for record in liveHolds where record.state == .held && record.expiresAt > now {
            insert(record)
            durable[record.id] = record
            live += 1
        }
        archivedHolds = totals.holds - live
    }

    /// Live holds (held and not expired) plus unreleased commits.
    public var liveCount: Int { counted.count + archivedCounting }

    /// Every hold the ledger has or memory is about to write, in every state.
    public var holdCount: Int { holds.count + archivedHolds }

    public func used(_ slot: UsageSlot) -> Int { (slots[slot] ?? 0) + base.count(of: slot) }
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
            evictIfFinished(record.id)
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

    /// Brings back a hold that left memory, as the ledger has it, to change it (a
    /// RELEASE or partial release). A commit is counted again without adding its
    /// units, which the totals never lost; a held one is one whose expiry was reached.
    public func adopt(_ record: HoldRecord) {
        guard holds[record.id] == nil else { return }
        holds[record.id] = record
        durable[record.id] = record
        archivedHolds -= 1
        switch record.state {
        case .committed:
            counted[record.id] = ()
            archivedCounting -= 1
        case .held:
            expiryReached[record.id] = ()
        case .released:
            break
        }
    }

    /// Forgets a hold entirely (its ledger write failed: it never happened).
    public func remove(id: String) {
        guard let record = holds.removeValue(forKey: id) else { return }
        expiryReached.removeValue(forKey: id)
        durable.removeValue(forKey: id)
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

    /// A write of hold `id` was submitted: the hold stays in memory until it is
    /// confirmed or failed, since until then the ledger does not have it as memory does.
    public func beginWrite(_ id: String) {
        inFlight[id, default: 0] += 1
    }

    /// `write` is durable: the durable copy follows it, and a hold it finished leaves
    /// memory once nothing else of it is in flight.
    public func confirm(_ write: LedgerWrite) {
        write.apply(to: &durable)
        if let id = write.holdID { endWrite(id) }
    }

    /// A write of hold `id` failed (after `resetToDurable`) or was confirmed.
    public func endWrite(_ id: String) {
        guard let left = inFlight[id] else { return }
        if left > 1 {
            inFlight[id] = left - 1
        } else {
            inFlight[id] = nil
            evictIfFinished(id)
        }
    }

    /// Puts memory's holds back to what the ledger has made durable (`durable`), after a
    /// failed write. Holds not in memory are on disk as they were and stay as they count.
    public func resetToDurable() {
        reset(to: durable.values)
    }

    /// Puts usage back to exactly `records` (what the ledger has made durable,
    /// after a failed write), at the last reading of the clock. A hold whose
    /// expiry the clock has reached stays expired though the clock may read an
    /// earlier time now; one not in `records` never happened and is forgotten.
    /// Holds that left memory keep counting as they did: they are durable as they are.
    public func reset(to records: some Sequence<HoldRecord>) {
        let reached = expiryReached
        let records = Array(records)
        for record in holds.values where counted.contains(record.id) { apply(record, sign: -1) }
        holds = HoldTable()
        durable = HoldTable()
        expiries = MinHeap()
        expiryReached = ShardedTable()
        counted.removeAll()
        for record in records {
            if reached.contains(record.id) { expiryReached[record.id] = () }
            insert(record)
            durable[record.id] = record
        }
        for record in records { evictIfFinished(record.id) }
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

    /// A finished hold with nothing in flight leaves memory, when the book does not
    /// retain finished holds; a commit's units stay in the totals.
    private func evictIfFinished(_ id: String) {
        guard !retainsFinished, inFlight[id] == nil, let record = holds[id] else { return }
        switch record.state {
        case .held:
            guard expiryReached.contains(id) else { return }
        case .committed:
            archivedCounting += 1
        case .released:
            break
        }
        holds.removeValue(forKey: id)
        durable.removeValue(forKey: id)
        expiryReached.removeValue(forKey: id)
        counted.removeValue(forKey: id)
        archivedHolds += 1
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
