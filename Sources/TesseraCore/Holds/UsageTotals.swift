/// What every counting hold adds up to, as the ledger keeps it durable beside the holds
/// (issue 17): a start reads these sums instead of every hold ever made.
///
/// The ledger sums only commits: a held hold counts until its expiry, which the clock
/// decides after a start, so live holds are read as records and counted by the book.
public struct UsageTotals: Sendable, Equatable {
    /// Units per member slot.
    public var slots: [UsageSlot: Int]
    /// Units and discount money per offer.
    public var offers: [String: OfferTotal]
    /// Holds in the ledger, in every state (STATS `holds_total`).
    public var holds: Int
    /// Holds in state committed: they count until released (STATS `holds_live`).
    public var committedHolds: Int

    public init(slots: [UsageSlot: Int] = [:], offers: [String: OfferTotal] = [:], holds: Int = 0, committedHolds: Int = 0) {
        self.slots = slots; self.offers = offers; self.holds = holds; self.committedHolds = committedHolds
    }

    /// Adds (`sign` 1) or takes away (-1) what `takes` count: the same sums `UsageBook`
    /// keeps, so the ledger's totals and memory's agree by construction.
    public mutating func add(_ takes: [OfferTake], sign: Int) {
        for take in takes {
            offers[take.offerID, default: OfferTotal()].quantity += sign * take.quantity
            offers[take.offerID, default: OfferTotal()].amount += sign * take.amount
            for allocation in take.allocations {
                slots[allocation.slot, default: 0] += sign * allocation.quantity
                if slots[allocation.slot] == 0 { slots[allocation.slot] = nil }
            }
            if offers[take.offerID] == OfferTotal() { offers[take.offerID] = nil }
        }
    }
}

extension UsageTotals {
    /// Moves the sums from what hold `before` counted to what `after` counts (nil: no
    /// such hold): a commit adds its takes, a release of one takes them away, a partial
    /// release of one takes away the units it gives back.
    public mutating func change(from before: HoldRecord?, to after: HoldRecord?) {
        if let before {
            holds -= 1
            if before.state == .committed {
                add(before.takes, sign: -1)
                committedHolds -= 1
            }
        }
        if let after {
            holds += 1
            if after.state == .committed {
                add(after.takes, sign: 1)
                committedHolds += 1
            }
        }
    }
}

/// One offer's counted units and their stored discount amounts (SPEC §7 Money budget).
public struct OfferTotal: Sendable, Equatable {
    public var quantity: Int
    public var amount: Int
    public init(quantity: Int = 0, amount: Int = 0) { self.quantity = quantity; self.amount = amount }
}
