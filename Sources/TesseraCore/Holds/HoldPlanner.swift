extension Catalog {
    /// Decides a HOLD, all or nothing, without changing anything: the checks
    /// of SPEC §6 in order, then what each offer takes from which member
    /// (ascending member order, as SPEC §3 says), or the first refusal.
    public func planHold(
        event eventID: String, shopper: Shopper, items: [HoldItem], at now: Instant, usage: some UsageReading
    ) throws(HoldRefusal) -> [OfferTake] {
        guard let event = eventByID[eventID] else { throw .unknownEvent(eventID) }

        // Items in request order: the offer exists, the ticket is one it grants here.
        var order: [Offer.Index] = []
        var quantities: [Offer.Index: Int] = [:]
        for item in items {
            guard let o = offerByID[item.offerID] else { throw .unknownOffer(item.offerID) }
            guard let t = ticketTypeByID[item.ticketID], ticketTypes(ofOffer: o, atEvent: event).contains(t) else {
                throw .unknownTicket(offer: item.offerID, ticket: item.ticketID)
            }
            if quantities[o] == nil { order.append(o) }
            quantities[o, default: 0] += item.quantity
        }

        // Offers in order of first appearance: eligible, min_order (SPEC §7), per_order, limits.
        let matches = matches(for: shopper)
        var takes: [OfferTake] = []
        for o in order {
            let offer = offers[o]
            let quantity = quantities[o]!
            guard let grant = grant(offer: o, event: event, shopper: shopper, matches: matches, at: now) else {
                throw .notEligible(offer: offer.id)
            }
            if let minOrder = offer.minOrder, quantity < minOrder {
                throw .belowMinimum(offer: offer.id, min: minOrder)
            }
            if let perOrder = offer.perOrder, quantity > perOrder {
                throw .perOrderExceeded(offer: offer.id, max: perOrder)
            }
            let allowance = allowance(of: grant, event: event, at: now, usage: usage)
            if let remaining = allowance.remaining, quantity > remaining {
                throw .limitReached(offer: offer.id, remaining: remaining)
            }
            var allocations: [Allocation] = []
            var needed = quantity
            for (m, left) in zip(grant.members, allowance.perMember) where needed > 0 {
                let take = min(needed, left ?? needed)
                guard take > 0 else { continue }
                allocations.append(Allocation(
                    slot: offer.usageSlot(member: members[m].key, event: events[event].id, at: now), quantity: take))
                needed -= take
            }
            takes.append(OfferTake(
                offerID: offer.id, quantity: quantity, remainingAfter: allowance.remaining.map { $0 - quantity },
                allocations: allocations))
        }
        return takes
    }
}
