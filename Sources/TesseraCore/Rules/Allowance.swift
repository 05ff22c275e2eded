/// How many units of an offer a request may still take (SPEC §3 Limits).
public struct Allowance: Sendable, Equatable {
    /// nil: unlimited.
    public var remaining: Int?
    /// min(per_order, remaining), or 0 when that is below the offer's `min_order`
    /// (SPEC §7); nil: unlimited.
    public var maxOrder: Int?
    /// Start of the next period, when the offer has one.
    public var resets: Instant?
    /// Per counted member, in grant order: what it may still take (nil: unlimited).
    public var perMember: SmallList<Int?>
    /// What is left of the offer's money budget (SPEC §7), never below 0; nil: the offer
    /// has no budget.
    public var budgetLeft: Int? = nil

    /// `max_order` ≥ max(1, min_order), the part of SPEC §7 Usable that does not depend on
    /// the ticket type. `maxOrder` is already 0 when below `min_order`, so this is
    /// `maxOrder` > 0. With a budget, `Evaluation.OfferAnswer.isUsable` also asks whether the
    /// budget covers that many units of a ticket type.
    public var isUsable: Bool { maxOrder.map { $0 > 0 } ?? true }
}

extension Catalog {
    /// The remaining allowance of a grant at `event` at `now`: the sum over its
    /// members of (limit − usage, at least 0), capped by (total − all usage); and what is
    /// left of its money budget, looked up only when it has one.
    public func allowance(of grant: Grant, event: Event.Index, at now: Instant, usage: some UsageReading) -> Allowance {
        let members = served  // once: see `Catalog.members`
        let offer = offers[grant.offer]
        let eventID = events[event].id
        // The period is the same for every member: computed once, with the next one's start.
        let period = offer.period.map { $0.bounds(containing: now, in: offer.zone) }
        // An offer nobody holds (most of them, most of the time) needs no lookup per member.
        let unused = usage.isUnused(offer: offer.id)
        var sum: Int? = 0
        var perMember = SmallList<Int?>()
        for m in grant.members {
            // `offer.limit(of:)`, with the member's fields read in place: copying a whole
            // `Member` out of the array retains every string it holds.
            guard let limit = members[m].quantity ?? offer.perMember else {
                perMember.append(nil)
                sum = nil
                continue
            }
            let used = unused ? 0 : usage.used(
                offer.usageSlot(member: members[m].key, event: eventID, periodStart: period?.lowerBound))
            let left = max(0, limit - used)
            perMember.append(left)
            if let s = sum { sum = s + left }
        }
        var remaining = sum
        if let total = offer.total {
            let budget = max(0, total - (unused ? 0 : usage.usedTotal(offer: offer.id)))
            remaining = min(remaining ?? budget, budget)
        }
        var maxOrder: Int? = switch (offer.perOrder, remaining) {
        case (nil, nil): nil
        case (let p?, nil): p
        case (nil, let r?): r
        case (let p?, let r?): min(p, r)
        }
        // A hold may not take fewer than min_order units, so fewer cannot be sold at all.
        if let least = offer.minOrder, let m = maxOrder, m < least { maxOrder = 0 }
        return Allowance(
            remaining: remaining, maxOrder: maxOrder,
            resets: period?.upperBound, perMember: perMember,
            budgetLeft: offer.budget == nil ? nil : budgetLeft(offer: grant.offer, usage: usage))
    }
}
