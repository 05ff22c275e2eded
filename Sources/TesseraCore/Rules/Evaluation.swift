/// The answer to EVAL (SPEC §4): granted offers in offer id order, each with
/// its tickets and seats, then one status per presented code.
public struct Evaluation: Sendable, Equatable {
    public struct OfferAnswer: Sendable, Equatable {
        public var grant: Grant
        public var allowance: Allowance
        /// Ticket id order.
        public var tickets: [TicketType.Index]
        /// Label order.
        public var seats: ArraySlice<Seat.Index>
        /// The array `seats` was gathered into when two sources gave seats (kept so a reused
        /// `Evaluation` can reuse it); nil when `seats` is a slice of the catalog's lists.
        var gatheredSeats: [Seat.Index]? = nil

        /// The answer, not where its seats are kept.
        public static func == (a: OfferAnswer, b: OfferAnswer) -> Bool {
            a.grant == b.grant && a.allowance == b.allowance && a.tickets == b.tickets && a.seats == b.seats
                && a.ticketMax == b.ticketMax
        }
        /// Per ticket of `tickets`, the units the offer can sell now (`Catalog.maxUnits`,
        /// nil: unlimited), only when the offer has a money budget (SPEC §7): nil otherwise,
        /// so an offer without one allocates nothing more. Read through `maxUnits(at:)`.
        public var ticketMax: [Int?]? = nil
    }

    public var offers: [OfferAnswer]
    /// One per presented code, in request order.
    public var codes: SmallList<CodeStatus>
    /// The TICKET lines that carry `best=1` (SPEC §7 Best price), in answer order and,
    /// within an answer, ticket order, so the reply is written with one cursor. Empty when
    /// no two usable offers of the answer can sell one ticket type (the usual case).
    public var best = SmallList<BestPrice>()

    public init(offers: [OfferAnswer] = [], codes: SmallList<CodeStatus> = [], best: SmallList<BestPrice> = []) {
        self.offers = offers; self.codes = codes; self.best = best
    }

    /// Storage kept from one EVAL to the next by a reused `Evaluation`, so that even a
    /// customer in twenty audiences, or offers with budgets, allocate nothing in the steady
    /// state: the request's matched members, and the `ticketMax` arrays of earlier answers
    /// (emptied, their capacity kept). Not part of the answer: `==` ignores them.
    var matches = SmallList<MemberMatch>()
    var spareTicketMax: [[Int?]] = []
    var spareSeats: [[Seat.Index]] = []

    public static func == (a: Evaluation, b: Evaluation) -> Bool {
        a.offers == b.offers && a.codes == b.codes && a.best == b.best
    }

    /// Empties the answer for the next EVAL, keeping every array's storage.
    mutating func clear() {
        for i in offers.indices {
            if var spare = offers[i].ticketMax {
                offers[i].ticketMax = nil
                spare.removeAll(keepingCapacity: true)
                spareTicketMax.append(spare)
            }
            if var spare = offers[i].gatheredSeats {
                offers[i].gatheredSeats = nil
                offers[i].seats = []
                spare.removeAll(keepingCapacity: true)
                spareSeats.append(spare)
            }
        }
        offers.removeAll(keepingCapacity: true)
        codes.removeAll()
        best.removeAll()
    }

    /// An empty array for an answer's `ticketMax`, from an earlier answer's when there is one.
    mutating func ticketMaxArray() -> [Int?] { spareTicketMax.popLast() ?? [] }

    /// Offer `offers[answer]` has the best price of ticket type `ticket`: two or more
    /// offers of the answer can sell it now (usable), and this one's final price is the
    /// lowest (ties: the first in offer id order).
    public struct BestPrice: Sendable, Equatable {
        public var answer: Int
        /// The ticket's place in `offers[answer].tickets`.
        public var position: Int
        public var ticket: TicketType.Index
    }

    /// Whether the TICKET line of `offers[answer]` for `ticket` carries `best=1`.
    @inlinable public func isBest(answer: Int, ticket: TicketType.Index) -> Bool {
        best.contains { $0.answer == answer && $0.ticket == ticket }
    }
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
        var evaluation = Evaluation()
        evaluate(event: event, shopper: shopper, at: now, usage: usage, into: &evaluation)
        return evaluation
    }

    /// EVAL for `event` at `now`, into `evaluation`, whose arrays are reused: the server
    /// keeps one per loop, so an EVAL in the steady state allocates nothing (issue 17).
    public func evaluate(
        event: Event.Index, shopper: Shopper, at now: Instant, usage: some UsageReading, into evaluation: inout Evaluation
    ) {
        evaluation.clear()
        matches(for: shopper, into: &evaluation.matches)
        let matches = evaluation.matches
        // SPEC §7 Best price: one bit per usable offer's ticket index (mod 64) tells,
        // while the answers are made, whether any ticket type may be listed twice.
        var seen: UInt64 = 0
        var shared: UInt64 = 0
        forEachAudienceGroup(matches) { a, group in
            guard audiences[a].active else { return }
            forEachOffer(ofAudience: a, mayApplyAt: event) { o in
                guard let grant = grant(offer: o, event: event, shopper: shopper, matches: matches, in: group, at: now)
                else { return }
                let allowance = allowance(of: grant, event: event, at: now, usage: usage)
                let tickets = ticketTypes(ofOffer: o, atEvent: event)
                // SPEC §7 Money budget: per ticket, only for an offer with a budget.
                var ticketMax: [Int?]? = nil
                if allowance.budgetLeft != nil {
                    var units = evaluation.ticketMaxArray()
                    // Room for any offer at this event: a reused array then never grows again.
                    units.reserveCapacity(events[event].ticketTypes.count)
                    for t in tickets { units.append(maxUnits(offer: o, ticket: t, allowance: allowance)) }
                    ticketMax = units
                }
                if allowance.isUsable {
                    for k in 0..<tickets.count where ticketMax?[k] != 0 {
                        let bit: UInt64 = 1 << UInt64(tickets[k].position & 63)
                        shared |= seen & bit
                        seen |= bit
                    }
                }
                // Built once, in place: a copy of an answer retains each of its arrays.
                var gathered = evaluation.spareSeats.popLast() ?? []
                let seats = seats(unlockedBy: grant, at: event, gathering: &gathered)
                let used = !gathered.isEmpty
                // Unused, it goes back for the next answer, unless it never had room (an empty
                // array in the pool would later be taken and grown, an allocation per EVAL).
                if !used && gathered.capacity > 0 { evaluation.spareSeats.append(gathered) }
                evaluation.offers.append(Evaluation.OfferAnswer(
                    grant: grant, allowance: allowance, tickets: tickets, seats: seats, gatheredSeats: used ? gathered : nil,
                    ticketMax: ticketMax))
            }
        }
        // In offer id order, by insertion in place: each audience's answers are already in
        // order, and the standard sort allocates a buffer above 20 (a customer in 20 audiences).
        evaluation.offers.withUnsafeMutableBufferPointer { answers in
            guard answers.count > 1 else { return }
            for i in 1..<answers.count {
                var j = i
                while j > 0, answers[j].grant.offer < answers[j - 1].grant.offer {
                    answers.swapAt(j, j - 1)
                    j -= 1
                }
            }
        }
        for i in shopper.codes.indices {  // by index: iterating copies the list
            let code = shopper.codes[i]
            evaluation.codes.append(status(
                ofCode: code, event: event, shopper: shopper, matches: matches, answers: evaluation.offers, at: now))
        }
        if shared != 0 { bestPrices(evaluation.offers, shared: shared, into: &evaluation.best) }
    }

    /// SPEC §7 Best price: for each ticket type that two or more answers can sell
    /// now (usable for that ticket type: a budget may cover one ticket type and not a
    /// dearer one), the cheapest of them (the first in offer id order on a tie;
    /// `answers` are in offer id order). Only ticket types whose bit (position mod 64)
    /// is in `shared` can be listed twice; the others are skipped at once. Read through
    /// a buffer and by index, so no answer is copied (each copy retains its arrays).
    ///
    /// Quadratic in the answers, which are few: a hash table keyed by ticket type, a short
    /// list of sellers on the stack, and the sellers gathered into one array of plain
    /// integers first were all tried and cost more (their setup outweighs the handful of
    /// comparisons).
    func bestPrices(_ answers: [Evaluation.OfferAnswer], shared: UInt64, into found: inout SmallList<Evaluation.BestPrice>) {
        answers.withUnsafeBufferPointer { answers in
            for i in answers.indices where answers[i].allowance.isUsable {
                for k in 0..<answers[i].tickets.count where answers[i].canSell(k) {
                    let t = answers[i].tickets[k]
                    guard shared & (1 << UInt64(t.position & 63)) != 0 else { continue }
                    // The first answer that can sell `t` decides it, once.
                    if answers[..<i].contains(where: { $0.canSell(ticket: t) }) { continue }
                    let base = ticketTypes[t].price
                    var best = (answer: i, position: k)
                    var bestPrice = offers[answers[i].grant.offer].discount.apply(to: base), sellers = 1
                    for j in (i + 1)..<answers.count {
                        guard let kj = answers[j].tickets.firstIndex(of: t), answers[j].canSell(kj) else { continue }
                        sellers += 1
                        let price = offers[answers[j].grant.offer].discount.apply(to: base)
                        if price < bestPrice { best = (j, kj); bestPrice = price }
                    }
                    if sellers > 1 {
                        found.append(Evaluation.BestPrice(answer: best.answer, position: best.position, ticket: t))
                    }
                }
            }
        }
        if found.count > 1 { found.sort { ($0.answer, $0.position) < ($1.answer, $1.position) } }
    }

    /// Calls `body` once per audience with a matched member, with the range of
    /// `matches` in it (matches are grouped by audience: members are). Only
    /// the offers of these audiences can be granted: eligibility needs a
    /// matched member.
    func forEachAudienceGroup(_ matches: SmallList<MemberMatch>, _ body: (_ audience: Audience.Index, _ group: Range<Int>) -> Void) {
        let members = served  // once: see `Catalog.members`
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
    ///
    /// A slice of a list built with the catalog when one source gives them all (the usual
    /// case: one member, its category's locked seats or its own seat), shared rather than
    /// copied: no allocation. Only seats from two sources are gathered into a new array.
    public func seats(unlockedBy grant: Grant, at event: Event.Index) -> ArraySlice<Seat.Index> {
        var found: [Seat.Index] = []
        return seats(unlockedBy: grant, at: event, gathering: &found)
    }

    /// The same, gathering seats from two sources into `found` (empty, its storage reused);
    /// `found` stays empty when one source gave them all.
    func seats(unlockedBy grant: Grant, at event: Event.Index, gathering found: inout [Seat.Index]) -> ArraySlice<Seat.Index> {
        let members = served  // once: see `Catalog.members`
        var only: ArraySlice<Seat.Index>? = nil
        // Gathered seats are the event's, each once unless two sources give it: with room for
        // all of them, a reused array grows again only for such repeats.
        func gather() {
            if found.capacity < events[event].seats.count { found.reserveCapacity(events[event].seats.count) }
        }
        func add(_ list: ArraySlice<Seat.Index>) {
            if only == nil && found.isEmpty { return only = list }
            if let first = only {
                gather()
                found.append(contentsOf: first)
                only = nil
            }
            found.append(contentsOf: list)
        }
        for m in grant.members {
            // Fields read in place: copying a whole `Member` retains every string it holds.
            if let label = members[m].seat, let s = events[event].seatByLabel[label] { add(seat(s, of: event)) }
            if let category = members[m].category, let list = events[event].lockedSeatsByCategory[category] {
                add(list[...])
            }
        }
        if let only { return only }
        if found.count < 2 { return found[...] }
        // Insertion sort, in place: `found` is a few runs already in order (each source's),
        // so there are few inversions, and the standard sort allocates a buffer above 20.
        found.withUnsafeMutableBufferPointer { seats in
            for i in 1..<seats.count {
                let seat = seats[i]
                var j = i
                while j > 0, seat < seats[j - 1] {
                    seats[j] = seats[j - 1]
                    j -= 1
                }
                seats[j] = seat
            }
        }
        var unique = 1
        for i in 1..<found.count where found[i] != found[unique - 1] {
            found[unique] = found[i]
            unique += 1
        }
        found.removeLast(found.count - unique)
        return found[...]
    }

    /// Seat `s` of `event`, as a slice of the event's seats: they are one run of
    /// consecutive indexes in label order (`CatalogBuilder`), so its place is arithmetic.
    private func seat(_ s: Seat.Index, of event: Event.Index) -> ArraySlice<Seat.Index> {
        let all = events[event].seats
        let k = s.position - all[0].position
        assert(all[k] == s, "an event's seats are consecutive indexes")
        return all[k...k]
    }
}
