/// An offer granted to a request: the members that count for it (matched as
/// `unlock` allows and valid now, in ascending member index) and how it was
/// unlocked.
public struct Grant: Sendable, Equatable {
    public enum Via: String, Sendable { case login, code }

    public var offer: Offer.Index
    public var via: Via
    public var members: SmallList<Member.Index>
}

extension Catalog {
    /// SPEC §3 Eligibility for one offer. `matches` are the request's matched
    /// members (any audience; ascending). With `event` nil the offer's event
    /// list is not checked (used to tell `wrong_event`).
    public func grant(
        offer o: Offer.Index, event: Event.Index?, shopper: Shopper, matches: SmallList<MemberMatch>, at now: Instant
    ) -> Grant? {
        grant(offer: o, event: event, shopper: shopper, matches: matches, in: matches.indices, at: now)
    }

    /// The same, with only `matches[range]`, possibly those of the offer's audience already:
    /// EVAL passes each audience only its own matches, so a customer in many
    /// audiences is not scanned once per offer of each of them. (A range, not a slice: a
    /// slice is a copy of the list.)
    func grant(
        offer o: Offer.Index, event: Event.Index?, shopper: Shopper, matches: SmallList<MemberMatch>, in range: Range<Int>,
        at now: Instant
    ) -> Grant? {
        let offer = offers[o]
        guard offer.enabled else { return nil }
        if let event, !offer.applies(toEvent: event) { return nil }
        guard offer.window.contains(now), audiences[offer.audience].active else { return nil }
        if let promo = offer.promoCode, !shopper.presents(promo) { return nil }
        let members = served  // once: see `Catalog.members`
        var counted = SmallList<Member.Index>()
        var byIdentity = false
        // The audience is read from the member, not its range in the catalog: a member a live
        // change appended lies outside that range (`MemberDelta`).
        for i in range where members[matches[i].member].audience == offer.audience {
            let match = matches[i]
            let identityCounts = match.byIdentity && offer.unlock.allowsIdentity
            let codeCounts = match.byCode && offer.unlock.allowsCode
            guard identityCounts || codeCounts, members[match.member].window.contains(now) else { continue }
            counted.append(match.member)
            byIdentity = byIdentity || identityCounts
        }
        if counted.isEmpty { return nil }
        return Grant(offer: o, via: byIdentity ? .login : .code, members: counted)
    }
}
