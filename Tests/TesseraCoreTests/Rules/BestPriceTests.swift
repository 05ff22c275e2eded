import Testing
@testable import TesseraCore

/// SPEC §7 Best price across overlapping offers: EVAL's `best` and HOLD's `*` items.
/// Fixture prices: gala-seated 6000, gala-standing 4000, gala-vip 15000.
@Suite("Best price: EVAL's best=1 and HOLD's * items (SPEC §7)")
struct BestPriceTests {
    static let now = Instant(iso8601: "2026-11-23T12:00:00Z")!

    /// Ticket ids each offer of the answer is best for, by offer id.
    func best(_ catalog: Catalog, _ answer: Evaluation) -> [String: [String]] {
        var found: [String: [String]] = [:]
        for (i, offer) in answer.offers.enumerated() {
            found[catalog.offers[offer.grant.offer].id] = offer.tickets.filter { answer.isBest(answer: i, ticket: $0) }
                .map { catalog.ticketTypes[$0].id }
        }
        return found
    }

    func plan(_ catalog: Catalog, codes: [String] = ["a"], _ items: [(String, String, Int)], usage: some UsageReading = NoUsage())
        throws(HoldRefusal) -> [String]
    {
        try catalog.planHold(
            event: "gala", shopper: Shopper(codes: codes),
            items: items.map { HoldItem(offerID: $0.0, ticketID: $0.1, quantity: $0.2) }, at: Self.now, usage: usage
        ).map { "\($0.offerID):\($0.quantity)" }
    }

    // MARK: EVAL

    @Test func theCheapestOfferOfEachTicketTypeIsBest() throws {
        var f = CatalogFixture()
        f.member(1, code: "A")
        f.offer("ten-off") { $0.discount = "percent"; $0.value = 10 }  // 5400, 3600, 13500
        f.offer("thousand-off") { $0.discount = "amount"; $0.value = 1000 }  // 5000, 3000, 14000
        let catalog = try f.build()
        #expect(best(catalog, catalog.evaluate("gala", codes: ["a"]))
            == ["ten-off": ["gala-vip"], "thousand-off": ["gala-seated", "gala-standing"]])
    }

    @Test func aTieGoesToTheFirstOfferInIdOrder() throws {
        var f = CatalogFixture()
        f.member(1, code: "A")
        f.offer("zeta") { $0.discount = "price"; $0.value = 2000 }
        f.offer("alpha") { $0.discount = "price"; $0.value = 2000 }
        f.offer("mid") { $0.discount = "price"; $0.value = 2500 }
        let catalog = try f.build()
        #expect(best(catalog, catalog.evaluate("gala", codes: ["a"]))
            == ["alpha": ["gala-seated", "gala-standing", "gala-vip"], "mid": [], "zeta": []])
    }

    @Test func aTicketTypeWithOneUsableOfferHasNoBest() throws {
        var f = CatalogFixture()
        f.member(1, code: "A")
        f.offer("seated") { $0.discount = "price"; $0.value = 1000 }
        f.offer("standing") { $0.discount = "price"; $0.value = 500 }
        f.rows.offerTickets = [
            OfferTicketRow(offerID: "seated", ticketTypeID: "gala-seated"),
            OfferTicketRow(offerID: "standing", ticketTypeID: "gala-standing"),
        ]
        let catalog = try f.build()
        #expect(best(catalog, catalog.evaluate("gala", codes: ["a"])) == ["seated": [], "standing": []])
        // One offer alone: nothing to compare.
        var one = CatalogFixture()
        one.member(1, code: "A")
        one.offer("only") { $0.discount = "price"; $0.value = 1000 }
        let only = try one.build()
        #expect(best(only, only.evaluate("gala", codes: ["a"])) == ["only": []])
    }

    @Test func anOfferAtMaxOrderZeroIsNotCounted() throws {
        var f = CatalogFixture()
        f.member(1, code: "A")
        f.offer("cheap") { $0.discount = "price"; $0.value = 100; $0.total = 0 }
        f.offer("dear") { $0.discount = "price"; $0.value = 5000 }
        let catalog = try f.build()
        // Listed, but it cannot sell: `dear` is the only usable offer, so no best at all.
        let answer = catalog.evaluate("gala", codes: ["a"])
        #expect(answer.offers[0].allowance.maxOrder == 0)
        #expect(best(catalog, answer) == ["cheap": [], "dear": []])
        // With a second usable offer, the best goes to the cheaper of the two usable ones.
        var g = f
        g.offer("middle") { $0.discount = "price"; $0.value = 3000 }
        let three = try g.build()
        #expect(best(three, three.evaluate("gala", codes: ["a"]))
            == ["cheap": [], "dear": [], "middle": ["gala-seated", "gala-standing", "gala-vip"]])
    }

    @Test func anOfferWithAMinimumIsBestWhenItCanSellItsMinimum() throws {
        var f = CatalogFixture()
        f.member(1, code: "A")
        f.offer("group") { $0.discount = "price"; $0.value = 1000; $0.minOrder = 3; $0.total = 5 }
        f.offer("single") { $0.discount = "price"; $0.value = 2000 }
        f.rows.offerTickets = [
            OfferTicketRow(offerID: "group", ticketTypeID: "gala-seated"),
            OfferTicketRow(offerID: "single", ticketTypeID: "gala-seated"),
        ]
        let catalog = try f.build()
        func answer(used: Int) -> [String: [String]] {
            best(catalog, catalog.evaluate("gala", codes: ["a"], usage: FixedUsage(totals: ["group": used])))
        }
        // 3 left: exactly the minimum, still best (best does not depend on a quantity).
        #expect(answer(used: 2) == ["group": ["gala-seated"], "single": []])
        // 2 left: below the minimum, not usable; `single` alone sells, so no best.
        #expect(answer(used: 3) == ["group": [], "single": []])
    }

    // MARK: HOLD

    /// `cheap` (price 1000) and `dear` (price 3000) sell every gala ticket type to code A;
    /// `other` (price 10, another audience) is never granted to A.
    func overlapping(_ cheap: (inout OfferRow) -> Void = { _ in }, dear: (inout OfferRow) -> Void = { _ in }) throws -> Catalog {
        var f = CatalogFixture()
        f.member(1, code: "A")
        f.offer("cheap") { $0.discount = "price"; $0.value = 1000; cheap(&$0) }
        f.offer("dear") { $0.discount = "price"; $0.value = 3000; dear(&$0) }
        f.rows.audiences.append(AudienceRow(id: "else", name: "Elsewhere"))
        f.member(2, audience: "else", code: "B")
        f.offer("other", audience: "else") { $0.discount = "price"; $0.value = 10 }
        return try f.build()
    }

    @Test func aStarItemTakesTheCheapestGrantedOfferFirst() throws {
        let catalog = try overlapping()
        #expect(try plan(catalog, [("*", "gala-seated", 4)]) == ["cheap:4"])
        // Ties in offer id order.
        let tied = try overlapping(dear: { $0.value = 1000 })
        #expect(try plan(tied, [("*", "gala-seated", 2)]) == ["cheap:2"])
        // A cheaper offer the shopper is not granted is not chosen.
        let reversed = try overlapping({ $0.value = 5000 })
        #expect(try plan(reversed, [("*", "gala-seated", 1)]) == ["dear:1"])
    }

    @Test func aStarItemSpillsToTheNextOfferAtPerOrderAndRemaining() throws {
        let perOrder = try overlapping({ $0.perOrder = 2 })
        #expect(try plan(perOrder, [("*", "gala-seated", 5)]) == ["cheap:2", "dear:3"])
        // Remaining: 3 in all, 2 of them used already.
        let total = try overlapping({ $0.total = 3 })
        #expect(try plan(total, [("*", "gala-seated", 4)], usage: FixedUsage(totals: ["cheap": 2])) == ["cheap:1", "dear:3"])
        // Used up: skipped altogether.
        #expect(try plan(total, [("*", "gala-seated", 2)], usage: FixedUsage(totals: ["cheap": 3])) == ["dear:2"])
    }

    @Test func namedItemsArePlannedFirstAndAStarItemStandsInItsPlace() throws {
        let catalog = try overlapping({ $0.perOrder = 3 })
        // The named item takes 2 of cheap's 3 per order; the * item gets 1 of it, then dear.
        #expect(try plan(catalog, [("cheap", "gala-standing", 2), ("*", "gala-seated", 3)]) == ["cheap:3", "dear:2"])
        // Written first, the * item still comes after the named one in planning, but its
        // offers come first in the HELD lines.
        #expect(try plan(catalog, [("*", "gala-seated", 3), ("dear", "gala-standing", 1)]) == ["cheap:3", "dear:1"])
        #expect(try plan(catalog, [("*", "gala-seated", 2), ("cheap", "gala-standing", 2)]) == ["cheap:3", "dear:1"])
        // Two * items in request order: the second gets what the first left.
        #expect(try plan(catalog, [("*", "gala-vip", 2), ("*", "gala-seated", 2)]) == ["cheap:3", "dear:1"])
    }

    @Test func anOfferThatCouldGiveFewerThanItsMinimumIsSkipped() throws {
        // cheap: at least 3; it can give 3 of a * item of 3 but not of 2.
        let minimum = try overlapping({ $0.minOrder = 3 })
        #expect(try plan(minimum, [("*", "gala-seated", 3)]) == ["cheap:3"])
        #expect(try plan(minimum, [("*", "gala-seated", 2)]) == ["dear:2"])
        // Only 2 left of it: skipped even for a large item.
        let short = try overlapping({ $0.minOrder = 3; $0.total = 5 })
        #expect(try plan(short, [("*", "gala-seated", 6)], usage: FixedUsage(totals: ["cheap": 3])) == ["dear:6"])
        // What the hold already takes of it counts toward the minimum.
        let topped = try overlapping({ $0.minOrder = 2; $0.perOrder = 3 })
        #expect(try plan(topped, [("cheap", "gala-standing", 2), ("*", "gala-seated", 2)]) == ["cheap:3", "dear:1"])
        // Taking at most what is still needed: after 4 of `low`, 1 unit of cheap would be
        // below its minimum, so `dear` gives it.
        var f = CatalogFixture()
        f.member(1, code: "A")
        f.offer("cheap") { $0.discount = "price"; $0.value = 1000; $0.minOrder = 3 }
        f.offer("dear") { $0.discount = "price"; $0.value = 3000 }
        f.offer("low") { $0.discount = "price"; $0.value = 500; $0.perOrder = 4 }
        #expect(try plan(f.build(), [("*", "gala-seated", 5)]) == ["low:4", "dear:1"])
    }

    @Test func starRefusalsNameTheTicket() throws {
        let catalog = try overlapping({ $0.perOrder = 2 }, dear: { $0.perOrder = 1 })
        #expect(throws: HoldRefusal.offersRunOut(ticket: "gala-seated", remaining: 3)) {
            try plan(catalog, [("*", "gala-seated", 5)])
        }
        // The named item's units are not the * item's: it covers what is left of cheap.
        #expect(throws: HoldRefusal.offersRunOut(ticket: "gala-seated", remaining: 2)) {
            try plan(catalog, [("cheap", "gala-standing", 1), ("*", "gala-seated", 3)])
        }
        #expect(throws: HoldRefusal.noOfferSells(ticket: "gala-seated")) {
            try plan(catalog, codes: ["nobody"], [("*", "gala-seated", 1)])
        }
        // A ticket type of the event no granted offer sells.
        var f = CatalogFixture()
        f.member(1, code: "A")
        f.offer("seated")
        f.rows.offerTickets = [OfferTicketRow(offerID: "seated", ticketTypeID: "gala-seated")]
        #expect(throws: HoldRefusal.noOfferSells(ticket: "gala-vip")) { try plan(f.build(), [("*", "gala-vip", 1)]) }
        // Not a ticket type of the event, or of no event: unknown_ticket with offer=*.
        #expect(throws: HoldRefusal.unknownTicket(offer: "*", ticket: "jazz-entry")) {
            try plan(catalog, [("*", "jazz-entry", 1)])
        }
        #expect(throws: HoldRefusal.unknownTicket(offer: "*", ticket: "nope")) {
            try plan(catalog, [("*", "nope", 1)])
        }
    }

    @Test func starChecksComeInSpecOrder() throws {
        let catalog = try overlapping({ $0.perOrder = 2 }, dear: { $0.perOrder = 1 })
        // Item checks in request order come before any offer's check.
        #expect(throws: HoldRefusal.unknownTicket(offer: "*", ticket: "nope")) {
            try plan(catalog, [("cheap", "gala-seated", 9), ("*", "nope", 1)])
        }
        #expect(throws: HoldRefusal.unknownOffer("gone")) {
            try plan(catalog, [("gone", "gala-seated", 1), ("*", "nope", 1)])
        }
        // Named offers' checks before any * item's.
        #expect(throws: HoldRefusal.perOrderExceeded(offer: "cheap", max: 2)) {
            try plan(catalog, [("*", "gala-seated", 9), ("cheap", "gala-seated", 9)])
        }
        // * items in request order.
        #expect(throws: HoldRefusal.offersRunOut(ticket: "gala-standing", remaining: 3)) {
            try plan(catalog, [("*", "gala-standing", 4), ("*", "gala-seated", 9)])
        }
        #expect(throws: HoldRefusal.offersRunOut(ticket: "gala-seated", remaining: 1)) {
            try plan(catalog, [("*", "gala-standing", 2), ("*", "gala-seated", 9)])
        }
    }

    @Test func starAllocationsFollowMembersAndRemainingAfterCounts() throws {
        var f = CatalogFixture()
        f.member(1, code: "A", quantity: 2)
        f.member(2, code: "B", quantity: 5)
        f.offer("cheap") { $0.discount = "price"; $0.value = 1000 }
        let catalog = try f.build()
        let takes = try catalog.planHold(
            event: "gala", shopper: Shopper(codes: ["a", "b"]),
            items: [HoldItem(offerID: "*", ticketID: "gala-seated", quantity: 3),
                    HoldItem(offerID: "cheap", ticketID: "gala-standing", quantity: 1)],
            at: Self.now, usage: NoUsage())
        #expect(takes.count == 1)
        #expect(takes[0].quantity == 4 && takes[0].remainingAfter == 3)
        #expect(takes[0].allocations.map(\.quantity) == [2, 2])
        // SPEC §7 Money budget: each unit in the order taken, the `*` item in its place,
        // with its discount: 6000 − 1000 seated, 4000 − 1000 standing.
        #expect(takes[0].units == [
            UnitTake(ticketID: "gala-seated", amount: 5000), UnitTake(ticketID: "gala-seated", amount: 5000),
            UnitTake(ticketID: "gala-seated", amount: 5000), UnitTake(ticketID: "gala-standing", amount: 3000),
        ])
        #expect(takes[0].amount == 18000)
        #expect(catalog.unitAmount(offerID: "cheap", ticketID: "gala-vip") == 14000)
        #expect(catalog.unitAmount(offerID: "gone", ticketID: "gala-vip") == 0)
    }

    @Test func anOfferCalledStarIsABrokenCatalog() {
        var f = CatalogFixture()
        f.offer("*")
        #expect(throws: CatalogError.id("offers", "*", "id '*' is reserved: in a HOLD item it means any offer")) {
            try f.build()
        }
    }
}
