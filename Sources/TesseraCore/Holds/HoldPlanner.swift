extension Catalog {
    /// Decides a HOLD, all or nothing, without changing anything: the checks
    /// of SPEC §6 in order, then what each offer takes from which member
    /// (ascending member order, as SPEC §3 says), or the first refusal.
    ///
    /// Items naming an offer are planned first; then each `*` item, in request
    /// order, is filled from what is left, cheapest offer first (SPEC §7 Best price).
    public func planHold(
        event eventID: String, shopper: Shopper, items: [HoldItem], at now: Instant, usage: some UsageReading
    ) throws(HoldRefusal) -> [OfferTake] {
        guard let event = eventByID[eventID] else { throw .unknownEvent(eventID) }

        // Items in request order: the offer exists, the ticket is one it grants here
        // (for a `*` item: a ticket type of the event).
        var tickets: [TicketType.Index] = []
        tickets.reserveCapacity(items.count)
        var named: [Offer.Index] = []
        var units: [Offer.Index: Int] = [:]
        // The discount money the hold takes of each offer with a budget (SPEC §7); offers
        // without one are never entered, so most holds leave this empty.
        var money: [Offer.Index: Int] = [:]
        for item in items {
            if item.namesAnyOffer {
                guard let t = ticketTypeByID[item.ticketID], events[event].ticketTypes.contains(t) else {
                    throw .unknownTicket(offer: item.offerID, ticket: item.ticketID)
                }
                tickets.append(t)
                continue
            }
            guard let o = offerByID[item.offerID] else { throw .unknownOffer(item.offerID) }
            guard let t = ticketTypeByID[item.ticketID], ticketTypes(ofOffer: o, atEvent: event).contains(t) else {
                throw .unknownTicket(offer: item.offerID, ticket: item.ticketID)
            }
            tickets.append(t)
            if units[o] == nil { named.append(o) }
            units[o, default: 0] += item.quantity
            if offers[o].budget != nil {
                money[o] = Self.money(money[o] ?? 0, plus: Self.money(item.quantity, units: unitAmount(offer: o, ticket: t)))
            }
        }

        // Named offers in order of first appearance: eligible, min_order (SPEC §7), per_order,
        // limits, budget (SPEC §7).
        let matches = matches(for: shopper)
        var granted: [Offer.Index: (grant: Grant, allowance: Allowance)] = [:]
        for o in named {
            let offer = offers[o]
            let quantity = units[o]!
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
            // No partial discount, no capped price: all the hold's money for the offer, or nothing.
            if let left = allowance.budgetLeft, let amount = money[o], amount > left {
                throw .budgetExhausted(offer: offer.id, budgetLeft: left)
            }
            granted[o] = (grant, allowance)
        }

        // `*` items in request order, each filled from what the hold leaves of the offers.
        var chosen: [Int: [(offer: Offer.Index, units: Int)]] = [:]
        for (i, item) in items.enumerated() where item.namesAnyOffer {
            let t = tickets[i]
            var candidates: [(offer: Offer.Index, price: Int)] = []
            forEachGrantable(selling: t, at: event, matches: matches) { o in
                if granted[o] == nil {
                    guard let grant = grant(offer: o, event: event, shopper: shopper, matches: matches, at: now)
                    else { return }
                    granted[o] = (grant, allowance(of: grant, event: event, at: now, usage: usage))
                }
                candidates.append((o, offers[o].discount.apply(to: ticketTypes[t].price)))
            }
            guard !candidates.isEmpty else { throw .noOfferSells(ticket: item.ticketID) }
            candidates.sort { $0.price != $1.price ? $0.price < $1.price : $0.offer < $1.offer }
            var covered = 0
            var picks: [(offer: Offer.Index, units: Int)] = []
            for (o, _) in candidates where covered < item.quantity {
                let offer = offers[o]
                let already = units[o] ?? 0
                var give = item.quantity - covered
                if let perOrder = offer.perOrder { give = min(give, perOrder - already) }
                let allowance = granted[o]!.allowance
                if let remaining = allowance.remaining { give = min(give, remaining - already) }
                // What its budget still pays for, after what the hold already takes of it.
                let amount = allowance.budgetLeft == nil ? 0 : unitAmount(offer: o, ticket: t)
                if let left = allowance.budgetLeft, let covered = Self.units(coveredBy: left - (money[o] ?? 0), amount: amount) {
                    give = min(give, covered)
                }
                guard give > 0 else { continue }
                if let minOrder = offer.minOrder, already + give < minOrder { continue }
                units[o] = already + give
                if allowance.budgetLeft != nil { money[o] = (money[o] ?? 0) + give * amount }
                covered += give
                picks.append((o, give))
            }
            guard covered == item.quantity else { throw .offersRunOut(ticket: item.ticketID, remaining: covered) }
            chosen[i] = picks
        }

        // One take per offer, in order of first appearance, a `*` item standing for its picks.
        // Each offer's units in the order taken: item by item in request order.
        var order: [Offer.Index] = []
        var unitsOf: [Offer.Index: [UnitTake]] = [:]
        for (i, item) in items.enumerated() {
            let parts = item.namesAnyOffer ? chosen[i]! : [(offerByID[item.offerID]!, item.quantity)]
            let t = tickets[i]
            for (o, count) in parts {
                if unitsOf[o] == nil { order.append(o) }
                let unit = UnitTake(ticketID: ticketTypes[t].id, amount: unitAmount(offer: o, ticket: t))
                unitsOf[o, default: []].append(contentsOf: repeatElement(unit, count: count))
            }
        }
        let members = served
        return order.map { o in
            let (grant, allowance) = granted[o]!
            let offer = offers[o]
            let quantity = units[o]!
            var allocations: [Allocation] = []
            var needed = quantity
            for (m, left) in zip(grant.members, allowance.perMember) where needed > 0 {
                let take = min(needed, left ?? needed)
                guard take > 0 else { continue }
                allocations.append(Allocation(
                    slot: offer.usageSlot(member: members[m].key, event: events[event].id, at: now), quantity: take))
                needed -= take
            }
            return OfferTake(
                offerID: offer.id, quantity: quantity, remainingAfter: allowance.remaining.map { $0 - quantity },
                allocations: allocations, units: unitsOf[o]!)
        }
    }

    /// What one unit of offer `o` for ticket type `t` gives away (SPEC §7 Discount
    /// of a unit): `max(0, base − final)`.
    public func unitAmount(offer o: Offer.Index, ticket t: TicketType.Index) -> Int {
        let base = ticketTypes[t].price
        return max(0, base - offers[o].discount.apply(to: base))
    }

    /// `unitAmount` by ids; 0 when the offer or the ticket type is not in this catalog
    /// (SPEC §7 Ledger upgrade).
    public func unitAmount(offerID: String, ticketID: String) -> Int {
        guard let o = offerByID[offerID], let t = ticketTypeByID[ticketID] else { return 0 }
        return unitAmount(offer: o, ticket: t)
    }

    /// Calls `body` once with every enabled offer of an active audience with a
    /// matched member that may apply at `event` and lists ticket type `t` there:
    /// the offers that may be granted for it (`grant` decides). No particular order.
    private func forEachGrantable(
        selling t: TicketType.Index, at event: Event.Index, matches: SmallList<MemberMatch>, _ body: (Offer.Index) -> Void
    ) {
        forEachAudienceGroup(matches) { a, _ in
            guard audiences[a].active else { return }
            forEachOffer(ofAudience: a, mayApplyAt: event) { o in
                if ticketTypes(ofOffer: o, atEvent: event).contains(t) { body(o) }
            }
        }
    }
}
