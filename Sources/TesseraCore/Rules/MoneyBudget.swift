/// SPEC §7 Money budget: an offer with a `budget` gives away at most that much discount
/// money, over all members, events and time. Each unit a hold takes uses its discount
/// (`Catalog.unitAmount`), fixed and stored when the hold is made, so a release or an
/// expiry gives back exactly what was taken, whatever a RELOAD changed since.
///
/// Everything here is asked only about an offer that has a budget: an offer without one
/// costs no lookup and no allocation, so EVAL on a catalog without budgets runs as before.
extension Catalog {
    /// `budget` − the money of the offer's live holds and commits, never below 0 (a RELOAD
    /// may lower a budget under what is in use); nil when the offer has no budget.
    public func budgetLeft(offer o: Offer.Index, usage: some UsageReading) -> Int? {
        let offer = offers[o]
        guard let budget = offer.budget else { return nil }
        return max(0, budget - usage.moneyInUse(offer: offer.id))
    }

    /// The same for an offer named by id, as HELD and RELEASED lines name it: nil when the
    /// offer has no budget, or is no longer in this catalog (then nothing limits its money).
    public func budgetLeft(offerID: String, usage: some UsageReading) -> Int? {
        guard let o = offerByID[offerID] else { return nil }
        return budgetLeft(offer: o, usage: usage)
    }

    /// The units of ticket type `t` offer `o` can sell now (EVAL's TICKET `max`):
    /// min(`max_order`, ⌊`budget_left` / discount⌋), `max_order` when the discount is 0
    /// (such a unit uses none of the budget), and 0 when that is below `min_order`, as a
    /// hold of fewer units is refused anyway. nil: unlimited. Without a budget, `max_order`.
    public func maxUnits(offer o: Offer.Index, ticket t: TicketType.Index, allowance: Allowance) -> Int? {
        guard let left = allowance.budgetLeft, let covered = Self.units(coveredBy: left, amount: unitAmount(offer: o, ticket: t))
        else { return allowance.maxOrder }
        let units = min(allowance.maxOrder ?? covered, covered)
        if let least = offers[o].minOrder, units < least { return 0 }
        return units
    }

    /// How many units of discount `amount` the money `left` pays for: ⌊left / amount⌋, or
    /// nil (no cap) when a unit gives nothing away.
    static func units(coveredBy left: Int, amount: Int) -> Int? {
        amount > 0 ? max(0, left) / amount : nil
    }

    /// `quantity` units of discount `amount` each, saturating instead of trapping: a
    /// request may ask for a billion units of a dear ticket, and no input may stop the
    /// server. A saturated sum is still more than any budget.
    static func money(_ quantity: Int, units amount: Int) -> Int {
        let (product, overflow) = quantity.multipliedReportingOverflow(by: amount)
        return overflow ? .max : product
    }

    /// `a + b` for sums of `money`, saturating the same way.
    static func money(_ a: Int, plus b: Int) -> Int {
        let (sum, overflow) = a.addingReportingOverflow(b)
        return overflow ? .max : sum
    }
}

extension Evaluation.OfferAnswer {
    /// The units of `tickets[k]` the offer can sell now (`Catalog.maxUnits`); nil: unlimited.
    @inlinable public func maxUnits(at k: Int) -> Int? {
        guard let ticketMax else { return allowance.maxOrder }
        return ticketMax[k]
    }

    /// SPEC §7 Usable, per ticket type: `max_order` ≥ max(1, `min_order`) and, with a
    /// budget, the budget left covers that many units of `tickets[k]`. The per-ticket max
    /// is 0 exactly when one of these fails.
    @inlinable public func canSell(_ k: Int) -> Bool {
        guard let ticketMax else { return allowance.isUsable }
        return ticketMax[k] != 0
    }

    /// Whether the offer can sell `t` now: it lists `t` and `canSell` it.
    @inlinable public func canSell(ticket t: TicketType.Index) -> Bool {
        guard let k = tickets.firstIndex(of: t) else { return false }
        return canSell(k)
    }

    /// SPEC §7 Usable: usable for at least one of its ticket types at the event; an offer
    /// with none there when `max_order` ≥ max(1, `min_order`). What §4's "remaining > 0"
    /// (CODE `ok`) means.
    @inlinable public var isUsable: Bool {
        guard let ticketMax, !ticketMax.isEmpty else { return allowance.isUsable }
        return ticketMax.contains { $0 != 0 }
    }
}
