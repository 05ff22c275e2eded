import Testing
@testable import TesseraCore

/// SPEC §7 Money budget: `offers.budget` caps the discount money an offer gives away.
/// Fixture prices: gala-seated 6000, gala-standing 4000, gala-vip 15000. A 25 % discount
/// gives away 1500, 1000 and 3750 of them; an `amount` of 1000 gives away 1000 of each.
@Suite("Money budget: budget in the catalog, EVAL, CODE, best price and HOLD (SPEC §7)")
struct MoneyBudgetTests {
    static let now = Instant(iso8601: "2026-11-23T12:00:00Z")!

    /// Member 1 (code A) and offer `b`, 25 % off, budget 10000, then `configure`.
    func quarterOff(_ configure: @escaping (inout OfferRow) -> Void = { _ in }) throws -> Catalog {
        var f = CatalogFixture()
        f.member(1, code: "A")
        f.offer("b") { $0.discount = "percent"; $0.value = 25; $0.budget = 10000; configure(&$0) }
        return try f.build()
    }

    func plan(_ catalog: Catalog, codes: [String] = ["a"], _ items: [(String, String, Int)], usage: some UsageReading = NoUsage())
        throws(HoldRefusal) -> [OfferTake]
    {
        try catalog.planHold(
            event: "gala", shopper: Shopper(codes: codes),
            items: items.map { HoldItem(offerID: $0.0, ticketID: $0.1, quantity: $0.2) }, at: Self.now, usage: usage)
    }

    /// `offer:qty` per take, in HELD order.
    func held(_ catalog: Catalog, codes: [String] = ["a"], _ items: [(String, String, Int)], usage: some UsageReading = NoUsage())
        throws(HoldRefusal) -> [String]
    {
        try plan(catalog, codes: codes, items, usage: usage).map { "\($0.offerID):\($0.quantity)" }
    }

    /// Each TICKET's `max` as the wire writes it, `<ticket>=<n|unlimited>`; nil without a budget.
    func maxima(_ catalog: Catalog, _ answer: Evaluation.OfferAnswer) -> [String]? {
        guard answer.ticketMax != nil else { return nil }
        return answer.tickets.indices.map { k in
            "\(catalog.ticketTypes[answer.tickets[k]].id)=\(answer.maxUnits(at: k).map(String.init) ?? "unlimited")"
        }
    }

    /// A book holding `records`, as the server's is after they were granted.
    func book(_ records: HoldRecord...) -> UsageBook {
        UsageBook(records: records, at: Self.now)
    }

    func hold(_ id: String, _ takes: [OfferTake], ttl: Int64 = 900) -> HoldRecord {
        HoldRecord(id: id, content: id, reply: [], createdAt: Self.now, expiresAt: Self.now.adding(seconds: ttl), takes: takes)
    }

    // MARK: The column

    @Test func aBudgetIsNullOrAtLeastZeroElseTheCatalogIsBroken() throws {
        func refusal(_ budget: Int?) -> CatalogError? {
            var f = CatalogFixture()
            f.offer("o") { $0.budget = budget }
            do {
                _ = try f.build()
                return nil
            } catch {
                return error as? CatalogError
            }
        }
        #expect(refusal(-1) == .id("offers", "o", "budget must be >= 0, got -1"))
        #expect(refusal(-1)?.description == "table offers, row id=o: budget must be >= 0, got -1")
        #expect(refusal(0) == nil && refusal(5000) == nil && refusal(nil) == nil)
        var f = CatalogFixture()
        f.offer("capped") { $0.budget = 250_000 }
        f.offer("plain")
        #expect(try f.build().offers.map(\.budget) == [250_000, nil])
    }

    // MARK: budget_left

    @Test func budgetLeftIsTheBudgetLessTheAmountsOfLiveHoldsAndCommits() throws {
        let catalog = try quarterOff()
        let b = catalog.offerByID["b"]!
        #expect(catalog.budgetLeft(offer: b, usage: NoUsage()) == 10000)
        #expect(catalog.evaluate("gala", codes: ["a"]).offers[0].allowance.budgetLeft == 10000)
        // Three seated tickets give away 3 × 1500.
        let takes = try plan(catalog, [("b", "gala-seated", 3)])
        #expect(takes[0].amount == 4500)
        let usage = book(hold("h", takes))
        #expect(catalog.budgetLeft(offer: b, usage: usage) == 5500)
        #expect(catalog.budgetLeft(offerID: "b", usage: usage) == 5500)
        #expect(catalog.evaluate("gala", codes: ["a"], usage: usage).offers[0].allowance.budgetLeft == 5500)
    }

    @Test func anOfferWithoutABudgetHasNoBudgetLeftAndNoTicketMax() throws {
        var f = CatalogFixture()
        f.member(1, code: "A")
        f.offer("plain") { $0.discount = "percent"; $0.value = 25 }
        let catalog = try f.build()
        let answer = catalog.evaluate("gala", codes: ["a"], usage: FixedUsage(money: ["plain": 100]))
        #expect(answer.offers[0].allowance.budgetLeft == nil)
        #expect(answer.offers[0].ticketMax == nil)
        #expect(catalog.budgetLeft(offerID: "plain", usage: NoUsage()) == nil)
        #expect(catalog.budgetLeft(offerID: "gone", usage: NoUsage()) == nil)
    }

    // MARK: EVAL's per-ticket max

    @Test func eachTicketsMaxIsWhatTheBudgetLeftPaysForAtMostMaxOrder() throws {
        // 10000 pays for 6 seated (1500 each), 10 standing (1000), 2 VIP (3750).
        let open = try quarterOff()
        #expect(maxima(open, open.evaluate("gala", codes: ["a"]).offers[0])
            == ["gala-seated=6", "gala-standing=10", "gala-vip=2"])
        // max_order caps it.
        let perOrder = try quarterOff { $0.perOrder = 8 }
        #expect(maxima(perOrder, perOrder.evaluate("gala", codes: ["a"]).offers[0])
            == ["gala-seated=6", "gala-standing=8", "gala-vip=2"])
        // Below min_order it is 0: a hold of fewer units is refused anyway.
        let group = try quarterOff { $0.minOrder = 3 }
        #expect(maxima(group, group.evaluate("gala", codes: ["a"]).offers[0])
            == ["gala-seated=6", "gala-standing=10", "gala-vip=0"])
        // What is in use counts: 5500 left pays for 3 seated, 5 standing, 1 VIP.
        let used = open.evaluate("gala", codes: ["a"], usage: FixedUsage(money: ["b": 4500])).offers[0]
        #expect(maxima(open, used) == ["gala-seated=3", "gala-standing=5", "gala-vip=1"])
    }

    @Test func aTicketWhoseDiscountIsZeroHasMaxOrderAsItsMax() throws {
        // A final price of 7000 gives nothing away on seated (6000) and standing (4000),
        // and 8000 on VIP (15000).
        var f = CatalogFixture()
        f.member(1, code: "A")
        f.offer("flat") { $0.discount = "price"; $0.value = 7000; $0.budget = 10000 }
        f.offer("flat-capped") { $0.discount = "price"; $0.value = 7000; $0.budget = 10000; $0.perOrder = 4 }
        let catalog = try f.build()
        let answer = catalog.evaluate("gala", codes: ["a"])
        #expect(maxima(catalog, answer.offers[0]) == ["gala-seated=unlimited", "gala-standing=unlimited", "gala-vip=1"])
        #expect(maxima(catalog, answer.offers[1]) == ["gala-seated=4", "gala-standing=4", "gala-vip=1"])
        // Even with nothing left, a unit that gives nothing away can be sold.
        let spent = catalog.evaluate("gala", codes: ["a"], usage: FixedUsage(money: ["flat": 10000]))
        #expect(spent.offers[0].allowance.budgetLeft == 0)
        #expect(maxima(catalog, spent.offers[0]) == ["gala-seated=unlimited", "gala-standing=unlimited", "gala-vip=0"])
        #expect(spent.codes == [.ok])
    }

    // MARK: Usable, CODE ok and used_up

    @Test func anOfferIsUsableWhileItsBudgetCoversTheMinimumOfOneTicketType() throws {
        // Budget 3000, at least 2 units: 2 seated (3000) or 2 standing (2000) fit, no VIP.
        let catalog = try quarterOff { $0.budget = 3000; $0.minOrder = 2 }
        func answer(inUse: Int) -> Evaluation {
            catalog.evaluate("gala", codes: ["a"], usage: FixedUsage(money: ["b": inUse]))
        }
        #expect(maxima(catalog, answer(inUse: 0).offers[0]) == ["gala-seated=2", "gala-standing=3", "gala-vip=0"])
        #expect(answer(inUse: 0).offers[0].isUsable && answer(inUse: 0).codes == [.ok])
        // 2000 left: two standing tickets still fit.
        #expect(maxima(catalog, answer(inUse: 1000).offers[0]) == ["gala-seated=0", "gala-standing=2", "gala-vip=0"])
        #expect(answer(inUse: 1000).codes == [.ok])
        // 1500 left covers one unit of seated or standing, fewer than the minimum: still
        // listed, max_order as its limits say, but used up.
        let spent = answer(inUse: 1500)
        #expect(spent.offers.count == 1 && spent.offers[0].allowance.maxOrder == nil)
        #expect(maxima(catalog, spent.offers[0]) == ["gala-seated=0", "gala-standing=0", "gala-vip=0"])
        #expect(!spent.offers[0].isUsable && spent.codes == [.usedUp])
        // Without the minimum the same 1500 sells one unit.
        let single = try quarterOff { $0.budget = 3000 }
        #expect(single.evaluate("gala", codes: ["a"], usage: FixedUsage(money: ["b": 1500])).codes == [.ok])
    }

    @Test func anOfferWithNoTicketTypeAtTheEventIsUsableByMaxOrderAlone() throws {
        var f = CatalogFixture()
        f.member(1, code: "A")
        f.offer("jazz-only") { $0.discount = "amount"; $0.value = 500; $0.budget = 0 }
        f.rows.offerTickets = [OfferTicketRow(offerID: "jazz-only", ticketTypeID: "jazz-entry")]
        let answer = try f.build().evaluate("gala", codes: ["a"])
        #expect(answer.offers[0].tickets.isEmpty && answer.offers[0].allowance.budgetLeft == 0)
        #expect(answer.offers[0].isUsable && answer.codes == [.ok])
    }

    // MARK: Best price

    @Test func bestPriceSkipsAnOfferWhoseBudgetCannotCoverTheTicket() throws {
        // cheap: final 1000 (gives away 5000, 3000, 14000), budget 9000; dear: 3000; mid: 5000.
        var f = CatalogFixture()
        f.member(1, code: "A")
        f.offer("cheap") { $0.discount = "price"; $0.value = 1000; $0.budget = 9000 }
        f.offer("dear") { $0.discount = "price"; $0.value = 3000 }
        f.offer("mid") { $0.discount = "price"; $0.value = 5000 }
        let catalog = try f.build()
        func best(inUse: Int) -> [String: [String]] {
            let answer = catalog.evaluate("gala", codes: ["a"], usage: FixedUsage(money: ["cheap": inUse]))
            var found: [String: [String]] = [:]
            for (i, offer) in answer.offers.enumerated() {
                found[catalog.offers[offer.grant.offer].id] = offer.tickets.filter { answer.isBest(answer: i, ticket: $0) }
                    .map { catalog.ticketTypes[$0].id }
            }
            return found
        }
        // 9000 covers a seated and a standing ticket but no VIP (14000): dear is best there.
        #expect(best(inUse: 0) == ["cheap": ["gala-seated", "gala-standing"], "dear": ["gala-vip"], "mid": []])
        // 4000 left covers a standing ticket only.
        #expect(best(inUse: 5000) == ["cheap": ["gala-standing"], "dear": ["gala-seated", "gala-vip"], "mid": []])
    }

    // MARK: HOLD

    @Test func budgetExhaustedComesAfterLimitReached() throws {
        // 25 % off, budget 5000, at most 5 per hold, 4 in all.
        let catalog = try quarterOff { $0.budget = 5000; $0.perOrder = 5; $0.total = 4 }
        #expect(throws: HoldRefusal.notEligible(offer: "b")) { try plan(catalog, codes: ["x"], [("b", "gala-vip", 4)]) }
        #expect(throws: HoldRefusal.perOrderExceeded(offer: "b", max: 5)) { try plan(catalog, [("b", "gala-vip", 6)]) }
        #expect(throws: HoldRefusal.limitReached(offer: "b", remaining: 4)) { try plan(catalog, [("b", "gala-seated", 5)]) }
        // Within every limit, 4 seated give away 6000 of the 5000 left.
        #expect(throws: HoldRefusal.budgetExhausted(offer: "b", budgetLeft: 5000)) { try plan(catalog, [("b", "gala-seated", 4)]) }
        // Exactly what is left is fine.
        #expect(try held(catalog, [("b", "gala-seated", 2), ("b", "gala-standing", 2)]) == ["b:4"])
        // below_minimum comes first too: one VIP gives away 3750 of 3000.
        let group = try quarterOff { $0.budget = 3000; $0.minOrder = 2 }
        #expect(throws: HoldRefusal.belowMinimum(offer: "b", min: 2)) { try plan(group, [("b", "gala-vip", 1)]) }
        #expect(throws: HoldRefusal.budgetExhausted(offer: "b", budgetLeft: 3000)) { try plan(group, [("b", "gala-vip", 2)]) }
    }

    @Test func offersAreCheckedInOrderOfFirstAppearance() throws {
        var f = CatalogFixture()
        f.member(1, code: "A", quantity: 3)
        f.offer("spent") { $0.discount = "amount"; $0.value = 1000; $0.budget = 1000 }
        f.offer("short") { $0.discount = "amount"; $0.value = 1000 }
        let catalog = try f.build()
        #expect(throws: HoldRefusal.budgetExhausted(offer: "spent", budgetLeft: 1000)) {
            try plan(catalog, [("spent", "gala-seated", 2), ("short", "gala-seated", 4)])
        }
        #expect(throws: HoldRefusal.limitReached(offer: "short", remaining: 3)) {
            try plan(catalog, [("short", "gala-seated", 4), ("spent", "gala-seated", 2)])
        }
    }

    @Test func aHoldTakesAllOfItsMoneyOrNothing() throws {
        let catalog = try quarterOff { $0.budget = 5000 }
        // Each item alone fits (3000 each); together they give away 6000.
        #expect(try held(catalog, [("b", "gala-seated", 2)]) == ["b:2"])
        #expect(try held(catalog, [("b", "gala-standing", 3)]) == ["b:3"])
        #expect(throws: HoldRefusal.budgetExhausted(offer: "b", budgetLeft: 5000)) {
            try plan(catalog, [("b", "gala-seated", 2), ("b", "gala-standing", 3)])
        }
        // Two holds racing for the last of the budget: the first counts, the second is refused.
        let first = try plan(catalog, [("b", "gala-seated", 2)])
        let usage = book(hold("first", first))
        #expect(throws: HoldRefusal.budgetExhausted(offer: "b", budgetLeft: 2000)) {
            try plan(catalog, [("b", "gala-standing", 3)], usage: usage)
        }
        #expect(try held(catalog, [("b", "gala-standing", 2)], usage: usage) == ["b:2"])
    }

    @Test func aUnitThatGivesNothingAwayIsNeverRefusedForTheBudget() throws {
        // Final 7000: seated and standing give nothing away, VIP 8000.
        var f = CatalogFixture()
        f.member(1, code: "A")
        f.offer("flat") { $0.discount = "price"; $0.value = 7000; $0.budget = 0 }
        let catalog = try f.build()
        let takes = try plan(catalog, [("flat", "gala-seated", 40), ("flat", "gala-standing", 2)])
        #expect(takes.map(\.quantity) == [42] && takes[0].amount == 0)
        #expect(throws: HoldRefusal.budgetExhausted(offer: "flat", budgetLeft: 0)) {
            try plan(catalog, [("flat", "gala-seated", 1), ("flat", "gala-vip", 1)])
        }
    }

    /// No input stops the server: money that would overflow counts as more than any budget.
    @Test func moneyBeyondIntIsRefusedNotOverflowed() throws {
        var f = CatalogFixture()
        f.member(1, code: "A")
        f.rows.ticketTypes.append(TicketTypeRow(id: "gala-box", eventID: "gala", name: "Box", price: Int.max / 2))
        f.offer("free") { $0.discount = "price"; $0.value = 0; $0.budget = Int.max - 1 }
        let catalog = try f.build()
        let exhausted = HoldRefusal.budgetExhausted(offer: "free", budgetLeft: Int.max - 1)
        #expect(throws: exhausted) { try plan(catalog, [("free", "gala-box", 1_000_000_000)]) }
        #expect(throws: exhausted) { try plan(catalog, [("free", "gala-box", 1), ("free", "gala-box", 1), ("free", "gala-box", 1)]) }
        #expect(try held(catalog, [("free", "gala-box", 1), ("free", "gala-box", 1)]) == ["free:2"])
    }

    // MARK: * items

    /// `cheap` (final 1000: gives away 5000 seated, 3000 standing) with `budget`, and `dear`
    /// (final 3000, no budget), both for code A.
    func overlapping(budget: Int, _ cheap: @escaping (inout OfferRow) -> Void = { _ in }) throws -> Catalog {
        var f = CatalogFixture()
        f.member(1, code: "A")
        f.offer("cheap") { $0.discount = "price"; $0.value = 1000; $0.budget = budget; cheap(&$0) }
        f.offer("dear") { $0.discount = "price"; $0.value = 3000 }
        return try f.build()
    }

    @Test func aStarItemTakesWhatTheBudgetPaysForThenTheNextOffer() throws {
        let catalog = try overlapping(budget: 12000)
        // 12000 pays for two seated units of cheap (5000 each); dear gives the rest.
        #expect(try held(catalog, [("*", "gala-seated", 4)]) == ["cheap:2", "dear:2"])
        // What the hold already takes of cheap counts: a named standing unit (3000) leaves 9000.
        #expect(try held(catalog, [("cheap", "gala-standing", 1), ("*", "gala-seated", 4)]) == ["cheap:2", "dear:3"])
        // And earlier * items: one seated (5000) leaves 7000, two standing units.
        #expect(try held(catalog, [("*", "gala-seated", 1), ("*", "gala-standing", 3)]) == ["cheap:3", "dear:1"])
        // Money in use counts as well.
        #expect(try held(catalog, [("*", "gala-seated", 2)], usage: FixedUsage(money: ["cheap": 7000])) == ["cheap:1", "dear:1"])
    }

    @Test func aStarItemSkipsAnOfferWhoseBudgetCannotPayItsMinimum() throws {
        let catalog = try overlapping(budget: 12000) { $0.minOrder = 3 }
        #expect(try held(catalog, [("*", "gala-seated", 4)]) == ["dear:4"])
        // Standing units (3000) fit three times: the minimum is met.
        #expect(try held(catalog, [("*", "gala-standing", 4)]) == ["cheap:4"])
    }

    @Test func aStarItemBeyondEveryBudgetIsLimitReachedWithWhatTheOffersGave() throws {
        var f = CatalogFixture()
        f.member(1, code: "A")
        f.offer("cheap") { $0.discount = "price"; $0.value = 1000; $0.budget = 12000 }
        let catalog = try f.build()
        #expect(throws: HoldRefusal.offersRunOut(ticket: "gala-seated", remaining: 2)) {
            try plan(catalog, [("*", "gala-seated", 3)])
        }
        // A unit that gives nothing away needs no budget: no cap.
        var g = CatalogFixture()
        g.member(1, code: "A")
        g.offer("plain") { $0.budget = 0 }
        #expect(try held(try g.build(), [("*", "gala-seated", 500)]) == ["plain:500"])
    }

    // MARK: Amounts fixed at HOLD time

    @Test func releaseAndExpiryGiveBackExactlyTheStoredAmountsWhateverAReloadChanged() throws {
        // Served first: 1000 off each ticket, budget 10000.
        var before = CatalogFixture()
        before.member(1, code: "A")
        before.offer("b") { $0.discount = "amount"; $0.value = 1000; $0.budget = 10000 }
        let first = try before.build()
        let usage = book()
        var kept = hold("kept", try plan(first, [("b", "gala-seated", 3)]))
        usage.insert(kept)
        usage.insert(hold("short", try plan(first, [("b", "gala-standing", 2)], usage: usage), ttl: 60))
        #expect(first.budgetLeft(offerID: "b", usage: usage) == 5000)

        // A RELOAD: 2500 off each ticket now, budget 8000. What is in use stays 5000.
        var after = before
        after.rows.offers[0].value = 2500
        after.rows.offers[0].budget = 8000
        let second = try after.build()
        let answer = second.evaluate("gala", codes: ["a"], usage: usage).offers[0]
        #expect(answer.allowance.budgetLeft == 3000)
        #expect(maxima(second, answer) == ["gala-seated=1", "gala-standing=1", "gala-vip=1"])
        // Released: exactly its 3000 comes back, not 3 × 2500.
        kept.state = .released
        usage.update(kept)
        #expect(second.budgetLeft(offerID: "b", usage: usage) == 6000)
        // Expired: its 2000 comes back.
        usage.advance(to: Self.now.adding(seconds: 60))
        #expect(second.budgetLeft(offerID: "b", usage: usage) == 8000)
        #expect(usage.moneyInUse(offer: "b") == 0)
    }

    @Test func aReloadThatLowersTheBudgetUnderWhatIsInUseLeavesZero() throws {
        var f = CatalogFixture()
        f.member(1, code: "A")
        f.offer("b") { $0.discount = "amount"; $0.value = 1000; $0.budget = 10000 }
        let usage = book()
        usage.insert(hold("h", try plan(try f.build(), [("b", "gala-seated", 5)])))
        f.rows.offers[0].budget = 3000
        let lowered = try f.build()
        let answer = lowered.evaluate("gala", codes: ["a"], usage: usage)
        #expect(answer.offers[0].allowance.budgetLeft == 0)
        #expect(maxima(lowered, answer.offers[0]) == ["gala-seated=0", "gala-standing=0", "gala-vip=0"])
        #expect(answer.codes == [.usedUp])
        #expect(throws: HoldRefusal.budgetExhausted(offer: "b", budgetLeft: 0)) {
            try plan(lowered, [("b", "gala-standing", 1)], usage: usage)
        }
    }
}
