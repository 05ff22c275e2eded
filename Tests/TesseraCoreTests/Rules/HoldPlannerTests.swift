import Testing
@testable import TesseraCore

@Suite("Holds take from members in order, never beyond limits (SPEC §3, §6 HOLD)")
struct HoldPlannerTests {
    func plan(_ catalog: Catalog, _ book: UsageBook, customer: String? = nil, codes: [String] = [],
              _ items: [HoldItem], event: String = "gala", at time: String = "2026-11-23T12:00:00Z") throws(HoldRefusal) -> [OfferTake] {
        try catalog.planHold(event: event, shopper: Shopper(customer: customer, codes: codes), items: items,
                             at: Instant(iso8601: time)!, usage: book)
    }

    func hold(_ id: String, _ takes: [OfferTake], at time: String = "2026-11-23T12:00:00Z", ttl: Int64 = 900) -> HoldRecord {
        let now = Instant(iso8601: time)!
        return HoldRecord(id: id, content: id, reply: [], createdAt: now, expiresAt: now.adding(seconds: ttl), takes: takes)
    }

    @Test func checksRunInTheSpecOrder() throws {
        var f = CatalogFixture()
        f.member(1, code: "A", quantity: 2)
        f.offer("o1") { $0.perOrder = 1 }
        f.offer("o2")
        f.rows.offerTickets = [OfferTicketRow(offerID: "o2", ticketTypeID: "gala-vip")]
        let catalog = try f.build()
        let book = UsageBook()
        #expect(throws: HoldRefusal.unknownEvent("nope")) { try plan(catalog, book, [HoldItem(offerID: "x", ticketID: "y", quantity: 1)], event: "nope") }
        // Items one at a time in request order, each unknown_offer then unknown_ticket.
        #expect(throws: HoldRefusal.unknownOffer("x")) {
            try plan(catalog, book, [HoldItem(offerID: "o2", ticketID: "gala-vip", quantity: 1), HoldItem(offerID: "x", ticketID: "y", quantity: 1)])
        }
        #expect(throws: HoldRefusal.unknownTicket(offer: "o2", ticket: "gala-seated")) {
            try plan(catalog, book, [HoldItem(offerID: "o2", ticketID: "gala-seated", quantity: 1), HoldItem(offerID: "x", ticketID: "y", quantity: 1)])
        }
        #expect(throws: HoldRefusal.notEligible(offer: "o1")) { try plan(catalog, book, [HoldItem(offerID: "o1", ticketID: "gala-seated", quantity: 1)]) }
        #expect(throws: HoldRefusal.perOrderExceeded(offer: "o1", max: 1)) {
            try plan(catalog, book, codes: ["a"], [HoldItem(offerID: "o1", ticketID: "gala-seated", quantity: 1), HoldItem(offerID: "o1", ticketID: "gala-standing", quantity: 1)])
        }
        #expect(throws: HoldRefusal.limitReached(offer: "o2", remaining: 2)) {
            try plan(catalog, book, codes: ["a"], [HoldItem(offerID: "o2", ticketID: "gala-vip", quantity: 3)])
        }
    }

    @Test func takesFromMatchedMembersInAscendingIDOrder() throws {
        var f = CatalogFixture()
        f.member(7, customer: "c1", quantity: 2)
        f.member(3, customer: "c1", quantity: 1)
        f.member(5, code: "K", quantity: 5)
        f.offer("pool")
        let catalog = try f.build()
        let takes = try plan(catalog, UsageBook(), customer: "c1", codes: ["k"], [HoldItem(offerID: "pool", ticketID: "gala-seated", quantity: 4)])
        #expect(takes[0].allocations.map(\.slot.member) == [.row(3), .row(5)])
        #expect(takes[0].allocations.map(\.quantity) == [1, 3])
        #expect(takes[0].remainingAfter == 4)
    }

    @Test func aHoldCountsUntilItExpiresAndACommitUntilReleased() throws {
        var f = CatalogFixture()
        f.member(1, code: "A", quantity: 1)
        f.offer("once")
        let catalog = try f.build()
        let book = UsageBook()
        book.advance(to: Instant(iso8601: "2026-11-23T12:00:00Z")!)
        let item = [HoldItem(offerID: "once", ticketID: "gala-seated", quantity: 1)]
        book.insert(hold("h1", try plan(catalog, book, codes: ["a"], item), ttl: 60))
        #expect(throws: HoldRefusal.limitReached(offer: "once", remaining: 0)) { try plan(catalog, book, codes: ["a"], item) }
        // At its expiry instant it stops counting.
        book.advance(to: Instant(iso8601: "2026-11-23T12:01:00Z")!)
        var record = hold("h2", try plan(catalog, book, codes: ["a"], item, at: "2026-11-23T12:01:00Z"), at: "2026-11-23T12:01:00Z", ttl: 60)
        book.insert(record)
        // Committed before expiry, it counts for good; released, it is given back.
        book.advance(to: Instant(iso8601: "2026-11-23T12:01:30Z")!)
        record.state = .committed
        book.update(record)
        book.advance(to: Instant(iso8601: "2027-11-23T12:00:00Z")!)
        #expect(throws: HoldRefusal.limitReached(offer: "once", remaining: 0)) { try plan(catalog, book, codes: ["a"], item, at: "2027-11-23T12:00:00Z") }
        record.state = .released
        book.update(record)
        #expect(book.liveCount == 0)
        #expect(try plan(catalog, book, codes: ["a"], item, at: "2027-11-23T12:00:00Z").count == 1)
    }

    /// EVAL skips per-member lookups for an offer the book calls unused: that
    /// must be true exactly while nothing of the offer counts.
    @Test func anOfferIsUnusedOnlyWhileNoHoldOfItCounts() throws {
        var f = CatalogFixture()
        f.member(1, code: "A", quantity: 3)
        f.offer("limited")
        f.offer("other")
        let catalog = try f.build()
        let book = UsageBook()
        book.advance(to: Instant(iso8601: "2026-11-23T12:00:00Z")!)
        #expect(book.isUnused(offer: "limited") && book.isUnused(offer: "other"))
        var record = hold("h1", try plan(catalog, book, codes: ["a"], [HoldItem(offerID: "limited", ticketID: "gala-seated", quantity: 2)]))
        book.insert(record)
        #expect(!book.isUnused(offer: "limited") && book.isUnused(offer: "other"))
        let answers = catalog.evaluate("gala", codes: ["a"], usage: book).offers
        #expect(answers.map(\.allowance.remaining) == [3 - 2, 3])
        record.state = .released
        book.update(record)
        #expect(book.isUnused(offer: "limited"))
        #expect(catalog.evaluate("gala", codes: ["a"], usage: book).offers.map(\.allowance.remaining) == [3, 3])
    }

    @Test func totalBudgetIsSharedByEveryMember() throws {
        var f = CatalogFixture()
        f.member(1, code: "A")
        f.member(2, code: "B")
        f.offer("budget") { $0.total = 3 }
        let catalog = try f.build()
        let book = UsageBook()
        book.advance(to: Instant(iso8601: "2026-11-23T12:00:00Z")!)
        book.insert(hold("h1", try plan(catalog, book, codes: ["a"], [HoldItem(offerID: "budget", ticketID: "gala-seated", quantity: 2)])))
        #expect(throws: HoldRefusal.limitReached(offer: "budget", remaining: 1)) {
            try plan(catalog, book, codes: ["b"], [HoldItem(offerID: "budget", ticketID: "gala-seated", quantity: 2)])
        }
    }

    @Test func scopeAllLimitsOnceAcrossEvents() throws {
        var f = CatalogFixture()
        f.member(1, code: "ONCE", quantity: 1)
        f.offer("once-anywhere") { $0.scope = "all" }
        f.offer("once-per-event", audience: "vip")
        let catalog = try f.build()
        let book = UsageBook()
        book.advance(to: Instant(iso8601: "2026-11-23T12:00:00Z")!)
        book.insert(hold("h1", try plan(catalog, book, codes: ["once"], [
            HoldItem(offerID: "once-anywhere", ticketID: "gala-seated", quantity: 1),
            HoldItem(offerID: "once-per-event", ticketID: "gala-seated", quantity: 1),
        ])))
        #expect(throws: HoldRefusal.limitReached(offer: "once-anywhere", remaining: 0)) {
            try plan(catalog, book, codes: ["once"], [HoldItem(offerID: "once-anywhere", ticketID: "jazz-entry", quantity: 1)], event: "jazz")
        }
        #expect(try plan(catalog, book, codes: ["once"], [HoldItem(offerID: "once-per-event", ticketID: "jazz-entry", quantity: 1)], event: "jazz").count == 1)
    }

    /// Uses up a periodic allowance just before a boundary and checks it is
    /// back exactly at the boundary, and not a second earlier.
    func expectReset(period: String, zone: String, usedAt: String, lastSecond: String, boundary: String) throws {
        var f = CatalogFixture()
        f.member(1, customer: "m1", quantity: 2)
        f.offer("periodic") { $0.period = period; $0.timezone = zone; $0.scope = "all" }
        let catalog = try f.build()
        let book = UsageBook()
        book.advance(to: Instant(iso8601: usedAt)!)
        let item = [HoldItem(offerID: "periodic", ticketID: "gala-seated", quantity: 2)]
        var record = hold("h", try plan(catalog, book, customer: "m1", item, at: usedAt), at: usedAt)
        record.state = .committed
        book.insert(record)
        book.advance(to: Instant(iso8601: lastSecond)!)
        #expect(throws: HoldRefusal.limitReached(offer: "periodic", remaining: 0)) { try plan(catalog, book, customer: "m1", item, at: lastSecond) }
        let answer = catalog.evaluate("gala", customer: "m1", at: lastSecond, usage: book).offers[0]
        #expect(answer.allowance.resets == Instant(iso8601: boundary))
        book.advance(to: Instant(iso8601: boundary)!)
        #expect(try plan(catalog, book, customer: "m1", item, at: boundary).count == 1)
    }

    @Test func monthInCopenhagenChangesAt2300UTCInWinter() throws {
        try expectReset(period: "month", zone: "Europe/Copenhagen", usedAt: "2026-11-15T10:00:00Z",
                        lastSecond: "2026-11-30T22:59:59Z", boundary: "2026-11-30T23:00:00Z")
    }

    @Test func dayInNewYorkAcrossTheMarchDSTChange() throws {
        // 8 March 2026 has 23 hours in New York: it starts at 05:00Z and ends at 04:00Z.
        try expectReset(period: "day", zone: "America/New_York", usedAt: "2026-03-08T05:00:00Z",
                        lastSecond: "2026-03-09T03:59:59Z", boundary: "2026-03-09T04:00:00Z")
    }

    @Test func dayInKolkataChangesAt1830UTC() throws {
        try expectReset(period: "day", zone: "Asia/Kolkata", usedAt: "2026-06-01T00:00:00Z",
                        lastSecond: "2026-06-01T18:29:59Z", boundary: "2026-06-01T18:30:00Z")
    }

    @Test func isoWeekStartsMonday() throws {
        // Sunday 29 November 2026 is still the week of Monday 23 November.
        try expectReset(period: "week", zone: "UTC", usedAt: "2026-11-23T00:00:00Z",
                        lastSecond: "2026-11-29T23:59:59Z", boundary: "2026-11-30T00:00:00Z")
    }

    @Test func yearBoundary() throws {
        try expectReset(period: "year", zone: "Europe/Copenhagen", usedAt: "2026-01-01T00:00:00Z",
                        lastSecond: "2026-12-31T22:59:59Z", boundary: "2026-12-31T23:00:00Z")
    }

    @Test func leapDayIsADayOfItsOwn() throws {
        try expectReset(period: "day", zone: "UTC", usedAt: "2028-02-29T00:00:00Z",
                        lastSecond: "2028-02-29T23:59:59Z", boundary: "2028-03-01T00:00:00Z")
        try expectReset(period: "month", zone: "UTC", usedAt: "2028-02-29T12:00:00Z",
                        lastSecond: "2028-02-29T23:59:59Z", boundary: "2028-03-01T00:00:00Z")
    }
}
