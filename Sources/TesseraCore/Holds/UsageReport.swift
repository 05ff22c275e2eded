/// What an operator asks of the ledger (`tessera usage`): who used what of an offer and
/// what is left, read from the holds the ledger has and the catalog served, counted
/// exactly as the server counts them (a `UsageBook` at the same instant).
public struct OfferUsage: Sendable, Equatable {
    public var offerID: String
    public var name: String
    /// Units of live held holds (not committed, not expired, not released).
    public var held: Int
    /// Units of commits not released.
    public var committed: Int
    /// Live holds and commits that take some of this offer.
    public var holds: Int
    /// The offer's `total`; nil: none.
    public var total: Int?
    /// `total` − (held + committed), never below 0; nil: no total.
    public var left: Int?
    public var budget: Int?
    /// The stored amounts of the live units.
    public var moneyInUse: Int
    /// `budget` − `moneyInUse`, never below 0; nil: no budget.
    public var budgetLeft: Int?
    /// Live units per period the offer counts in (its `period`), oldest first; one entry
    /// with a nil start when it has no period.
    public var periods: [PeriodUnits]

    public struct PeriodUnits: Sendable, Equatable {
        public var start: Instant?
        public var units: Int
    }
}

/// One offer a person is granted at one event now, with what they used and have left.
public struct PersonUsage: Sendable, Equatable {
    public var eventID: String
    public var offerID: String
    public var name: String
    public var via: Grant.Via
    /// Units this person's members have taken of the offer, counted where the server counts
    /// them now (this event or all events, this period).
    public var used: Int
    /// EVAL's `remaining` (nil: unlimited), `max_order` and, with a budget, `budget_left`.
    public var remaining: Int?
    public var maxOrder: Int?
    public var budgetLeft: Int?
}

extension Catalog {
    /// The usage of offer `offerID` in `book` (built from the ledger at the moment asked
    /// about); nil when the catalog has no such offer and the book knows nothing of it.
    public func usage(ofOffer offerID: String, in book: UsageBook) -> OfferUsage? {
        let offer = offerByID[offerID].map { offers[$0] }
        var held = 0, committed = 0, holds = 0
        var periods: [Instant?: Int] = [:]
        for record in book.holds.values where book.counts(record) {
            guard let take = record.takes.first(where: { $0.offerID == offerID }) else { continue }
            holds += 1
            if record.state == .committed { committed += take.quantity } else { held += take.quantity }
            for allocation in take.allocations { periods[allocation.slot.periodStart, default: 0] += allocation.quantity }
        }
        guard offer != nil || holds > 0 else { return nil }
        let used = held + committed
        let money = book.moneyInUse(offer: offerID)
        return OfferUsage(
            offerID: offerID, name: offer?.name ?? "", held: held, committed: committed, holds: holds,
            total: offer?.total, left: offer?.total.map { max(0, $0 - used) }, budget: offer?.budget,
            moneyInUse: money, budgetLeft: offer?.budget.map { max(0, $0 - money) },
            periods: periods.map { OfferUsage.PeriodUnits(start: $0.key, units: $0.value) }
                .sorted { ($0.start?.seconds ?? .min) < ($1.start?.seconds ?? .min) })
    }

    /// What `shopper` is granted at each of `eventIndexes` at `now`, with what they used and have
    /// left of each offer: EVAL's numbers, and the units their matched members took.
    public func usage(of shopper: Shopper, at eventIndexes: [Event.Index], now: Instant, in book: UsageBook) -> [PersonUsage] {
        var rows: [PersonUsage] = []
        for event in eventIndexes {
            let evaluation = evaluate(event: event, shopper: shopper, at: now, usage: book)
            for answer in evaluation.offers {
                let offer = offers[answer.grant.offer]
                let used = answer.grant.members.reduce(0) { sum, m in
                    sum + book.used(offer.usageSlot(member: members[m].key, event: events[event].id, at: now))
                }
                rows.append(PersonUsage(
                    eventID: events[event].id, offerID: offer.id, name: offer.name, via: answer.grant.via, used: used,
                    remaining: answer.allowance.remaining, maxOrder: answer.allowance.maxOrder,
                    budgetLeft: answer.allowance.budgetLeft))
            }
        }
        return rows
    }

    /// The live holds and commits of `book` that take some of offer `offerID`, oldest first.
    public func liveHolds(ofOffer offerID: String, in book: UsageBook) -> [HoldRecord] {
        book.holds.values.filter { record in book.counts(record) && record.takes.contains { $0.offerID == offerID } }
            .sorted { ($0.createdAt.seconds, $0.id) < ($1.createdAt.seconds, $1.id) }
    }
}
