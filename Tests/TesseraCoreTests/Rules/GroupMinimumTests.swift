import Testing
@testable import TesseraCore

@Suite("Group minimum: min_order in the catalog, HOLD, EVAL and CODE (SPEC §7)")
struct GroupMinimumTests {
    func refusal(_ configure: @escaping (inout OfferRow) -> Void) -> CatalogError? {
        var f = CatalogFixture()
        f.member(1, code: "A")
        f.offer("o", configure)
        do {
            _ = try f.build()
            return nil
        } catch {
            return error as? CatalogError
        }
    }

    @Test func outOfRangeOrAbovePerOrderIsABrokenCatalog() throws {
        #expect(refusal { $0.minOrder = 0 } == .id("offers", "o", "min_order must be >= 1, got 0"))
        #expect(refusal { $0.minOrder = -2 } == .id("offers", "o", "min_order must be >= 1, got -2"))
        #expect(refusal { $0.minOrder = 5; $0.perOrder = 4 } == .id("offers", "o", "min_order 5 is greater than per_order 4"))
        #expect(refusal { $0.minOrder = 4; $0.perOrder = 4 } == nil)
        #expect(refusal { $0.minOrder = 1 } == nil)
        #expect(refusal { $0.minOrder = nil } == nil)
        #expect(try CatalogFixture().build().offers.isEmpty)
        var f = CatalogFixture()
        f.offer("g") { $0.minOrder = 3 }
        f.offer("plain")
        let catalog = try f.build()
        #expect(catalog.offers.map(\.minOrder) == [3, nil])
    }

    func plan(_ catalog: Catalog, codes: [String] = ["a"], _ items: [(String, String, Int)], usage: some UsageReading = NoUsage())
        throws(HoldRefusal) -> [OfferTake]
    {
        try catalog.planHold(
            event: "gala", shopper: Shopper(codes: codes),
            items: items.map { HoldItem(offerID: $0.0, ticketID: $0.1, quantity: $0.2) },
            at: Instant(iso8601: "2026-11-23T12:00:00Z")!, usage: usage)
    }

    @Test func aHoldBelowTheMinimumIsRefusedCountingEveryItemOfTheOffer() throws {
        var f = CatalogFixture()
        f.member(1, code: "A", quantity: 10)
        f.offer("group") { $0.minOrder = 4 }
        let catalog = try f.build()
        #expect(throws: HoldRefusal.belowMinimum(offer: "group", min: 4)) {
            try plan(catalog, [("group", "gala-seated", 3)])
        }
        #expect(throws: HoldRefusal.belowMinimum(offer: "group", min: 4)) {
            try plan(catalog, [("group", "gala-seated", 1), ("group", "gala-standing", 2)])
        }
        // Items of the same offer are summed: 2 + 2 reaches the minimum.
        let takes = try plan(catalog, [("group", "gala-seated", 2), ("group", "gala-standing", 2)])
        #expect(takes.map(\.quantity) == [4])
        #expect(try plan(catalog, [("group", "gala-seated", 7)]).map(\.quantity) == [7])
    }

    @Test func belowMinimumComesAfterNotEligibleAndBeforePerOrderAndLimit() throws {
        var f = CatalogFixture()
        f.member(1, code: "A", quantity: 5)
        f.offer("group") { $0.minOrder = 3; $0.perOrder = 4 }
        f.offer("other") { $0.minOrder = 2 }
        f.rows.audiences.append(AudienceRow(id: "else", name: "Elsewhere"))
        f.member(2, audience: "else", code: "B")
        f.offer("closed", audience: "else") { $0.minOrder = 5 }
        let catalog = try f.build()
        // not_eligible first, even below the minimum.
        #expect(throws: HoldRefusal.notEligible(offer: "closed")) { try plan(catalog, [("closed", "gala-seated", 1)]) }
        // Per offer in order of first appearance: the first offer's failure answers.
        #expect(throws: HoldRefusal.belowMinimum(offer: "other", min: 2)) {
            try plan(catalog, [("other", "gala-seated", 1), ("group", "gala-seated", 9)])
        }
        #expect(throws: HoldRefusal.perOrderExceeded(offer: "group", max: 4)) {
            try plan(catalog, [("group", "gala-seated", 9), ("other", "gala-seated", 1)])
        }
        // below_minimum before limit_reached: with 1 left, 1 unit is below the minimum.
        var usage = FixedUsage()
        let slot = catalog.offers[catalog.offerByID["group"]!].usageSlot(
            member: .row(1), event: "gala", at: Instant(iso8601: "2026-11-23T12:00:00Z")!)
        usage.slots[slot] = 4
        #expect(throws: HoldRefusal.belowMinimum(offer: "group", min: 3)) {
            try plan(catalog, [("group", "gala-seated", 1)], usage: usage)
        }
        #expect(throws: HoldRefusal.limitReached(offer: "group", remaining: 1)) {
            try plan(catalog, [("group", "gala-seated", 3)], usage: usage)
        }
    }

    @Test func evalGivesMaxOrderZeroBelowTheMinimumAndCodeIsUsedUp() throws {
        var f = CatalogFixture()
        f.member(1, code: "A", quantity: 5)
        f.offer("group") { $0.minOrder = 3 }
        let catalog = try f.build()
        let slot = catalog.offers[0].usageSlot(
            member: .row(1), event: "gala", at: Instant(iso8601: "2026-11-23T12:00:00Z")!)
        func answer(used: Int) -> Evaluation {
            var usage = FixedUsage()
            usage.slots[slot] = used
            return catalog.evaluate("gala", codes: ["a"], usage: usage)
        }
        // 5 left, minimum 3: usable.
        #expect(answer(used: 0).offers[0].allowance.maxOrder == 5)
        #expect(answer(used: 0).codes == [.ok])
        // Exactly the minimum left: still usable.
        #expect(answer(used: 2).offers[0].allowance.maxOrder == 3)
        #expect(answer(used: 2).codes == [.ok])
        // 2 left, below the minimum: still listed, remaining as it is, max_order 0, code used up.
        let below = answer(used: 3)
        #expect(below.offers.count == 1)
        #expect(below.offers[0].allowance.remaining == 2 && below.offers[0].allowance.maxOrder == 0)
        #expect(below.codes == [.usedUp])
        // Without a minimum the same 2 left would be usable.
        var plain = CatalogFixture()
        plain.member(1, code: "A", quantity: 5)
        plain.offer("group")
        var usage = FixedUsage()
        usage.slots[slot] = 3
        let plainAnswer = try plain.build().evaluate("gala", codes: ["a"], usage: usage)
        #expect(plainAnswer.offers[0].allowance.maxOrder == 2 && plainAnswer.codes == [.ok])
    }

    @Test func unlimitedOffersWithAMinimumAreUsable() throws {
        var f = CatalogFixture()
        f.member(1, code: "A")
        f.offer("group") { $0.minOrder = 10 }
        f.offer("capped") { $0.minOrder = 2; $0.perOrder = 2 }
        // An offer with no ticket type at the event (all its ticket types are at jazz) follows
        // the same rule.
        f.offer("elsewhere") { $0.minOrder = 2 }
        f.rows.offerTickets = [OfferTicketRow(offerID: "elsewhere", ticketTypeID: "jazz-entry")]
        let answer = try f.build().evaluate("gala", codes: ["a"])
        #expect(answer.offers.map(\.allowance.maxOrder) == [2, nil, nil])
        #expect(answer.offers.map(\.tickets.isEmpty) == [false, true, false])
        #expect(answer.codes == [.ok])
    }
}
