/// The answer to EVAL (SPEC §4): granted offers in offer id order, each with
/// its tickets and seats, then one status per presented code.
public struct Evaluation: Sendable, Equatable {
    public struct OfferAnswer: Sendable, Equatable {
        public var grant: Grant
        public var allowance: Allowance
        /// Ticket id order.
        public var tickets: [TicketType.Index]
        /// Label order.
        public var seats: [Seat.Index]
    }

    public var offers: [OfferAnswer]
    /// One per presented code, in request order.
    public var codes: [CodeStatus]
}

/// What one presented code did (SPEC §4 CODE, precedence as listed).
public enum CodeStatus: String, Sendable {
    case ok
    case usedUp = "used_up"
    case wrongEvent = "wrong_event"
    case notYetValid = "not_yet_valid"
    case expired
    case unknown
}

extension Catalog {
    /// EVAL for `event` at `now`.
    public func evaluate(event: Event.Index, shopper: Shopper, at now: Instant, usage: some UsageReading) -> Evaluation {
        let matches = matches(for: shopper)
        var answers: [Evaluation.OfferAnswer] = []
        forEachAudienceGroup(matches) { a, group in
            guard audiences[a].active else { return }
            forEachOffer(ofAudience: a, mayApplyAt: event) { o in
                guard let grant = grant(offer: o, event: event, shopper: shopper, matches: matches[group], at: now)
                else { return }
                answers.append(Evaluation.OfferAnswer(
                    grant: grant, allowance: allowance(of: grant, event: event, at: now, usage: usage),
                    tickets: ticketTypes(ofOffer: o, atEvent: event), seats: seats(unlockedBy: grant, at: event)))
            }
        }
        answers.sort { $0.grant.offer < $1.grant.offer }
        var statuses: [CodeStatus] = []
        statuses.reserveCapacity(shopper.codes.count)
        for code in shopper.codes {
            statuses.append(status(
                ofCode: code, event: event, shopper: shopper, matches: matches, answers: answers, at: now))
        }
        return Evaluation(offers: answers, codes: statuses)
    }

    /// Calls `body` once per audience with a matched member, with the range of
    /// `matches` in it (matches are grouped by audience: members are). Only
    /// the offers of these audiences can be granted: eligibility needs a
    /// matched member.
    func forEachAudienceGroup(_ matches: [MemberMatch], _ body: (_ audience: Audience.Index, _ group: Range<Int>) -> Void) {
        let members = self.members  // once: see `Catalog.members`
        var start = 0
        while start < matches.count {
            let a = members[matches[start].member].audience
            var end = start + 1
            while end < matches.count, members[matches[end].member].audience == a { end += 1 }
            body(a, start..<end)
            start = end
        }
    }

    /// Seats a grant unlocks at `event`: each counted member's `seat` (locked
    /// or not) and every locked seat in its `category`; label order, no repeats.
    /// Within an event, seat indexes follow label order (`CatalogBuilder`), so
    /// sorting the indexes sorts the labels without comparing strings.
    public func seats(unlockedBy grant: Grant, at event: Event.Index) -> [Seat.Index] {
        let members = self.members  // once: see `Catalog.members`
        var found: [Seat.Index] = []
        for m in grant.members {
            // Fields read in place: copying a whole `Member` retains every string it holds.
            if let label = members[m].seat, let s = events[event].seatByLabel[label] { found.append(s) }
            if let category = members[m].category, let list = events[event].lockedSeatsByCategory[category] {
                found.append(contentsOf: list)
            }
        }
        if found.count < 2 { return found }
        found.sort()
        var unique = 1
        for i in 1..<found.count where found[i] != found[unique - 1] {
            found[unique] = found[i]
            unique += 1
        }
        found.removeLast(found.count - unique)
        return found
    }
}
