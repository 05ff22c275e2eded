extension Catalog {
    /// SPEC §4 CODE with §6's reading: the first status that fits of ok,
    /// used_up, wrong_event, not_yet_valid, expired, unknown.
    func status(
        ofCode code: String?, event: Event.Index, shopper: Shopper, matches: SmallList<MemberMatch>,
        answers: [Evaluation.OfferAnswer], at now: Instant
    ) -> CodeStatus {
        guard let code else { return .unknown }

        // ok / used_up: the code takes part in a granted offer, usable or not (SPEC §7 Usable).
        // By index through a buffer: copying an answer out retains each of its arrays.
        let takesPart: Bool? = answers.withUnsafeBufferPointer { answers in
            var takesPart = false
            for i in answers.indices where codeTakesPart(code, in: answers[i].grant) {
                if answers[i].isUsable { return nil }
                takesPart = true
            }
            return takesPart
        }
        guard let takesPart else { return .ok }
        if takesPart { return .usedUp }

        // Offers this code could be part of: those of audiences with a member
        // holding the code (when unlock allows codes), and those it is the promo code of.
        var candidates: [Offer.Index] = []
        let members = served
        forEachServed(code: code) { m in
            for o in audiences[members[m].audience].offers where offers[o].unlock.allowsCode { candidates.append(o) }
        }
        candidates.append(contentsOf: offersByPromoCode[code] ?? [])

        // wrong_event: right now it would grant an offer at an event the offer lists, but not this one.
        for o in candidates where !offers[o].events.isEmpty && !offers[o].applies(toEvent: event) {
            if let grant = grant(offer: o, event: nil, shopper: shopper, matches: matches, at: now),
                codeTakesPart(code, in: grant)
            {
                return .wrongEvent
            }
        }

        // not_yet_valid / expired: a member holding the code, or its offer, is outside its window.
        var notYetValid = false
        var expired = false
        func note(_ position: ValidityWindow.Position) {
            if position == .notYetValid { notYetValid = true }
            if position == .expired { expired = true }
        }
        for o in candidates {
            let offer = offers[o]
            guard offer.enabled, audiences[offer.audience].active else { continue }
            note(offer.window.position(at: now))
            if offer.promoCode != code {
                forEachServed(code: code) { m in
                    if members[m].audience == offer.audience { note(members[m].window.position(at: now)) }
                }
            }
        }
        if notYetValid { return .notYetValid }
        if expired { return .expired }
        return .unknown
    }

    /// A code takes part in a grant when it is the offer's promo code or
    /// matches one of the grant's members as `unlock` allows (SPEC §6 CODE).
    func codeTakesPart(_ code: String, in grant: Grant) -> Bool {
        let offer = offers[grant.offer]
        if offer.promoCode == code { return true }
        guard offer.unlock.allowsCode else { return false }
        let members = served
        return grant.members.contains { members[$0].code == code }
    }
}
