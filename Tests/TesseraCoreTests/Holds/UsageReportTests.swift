import Testing
@testable import TesseraCore

/// `tessera usage` counts as the server counts: live holds and commits, never released or
/// expired ones; the money of the stored amounts; per period as allocated.
@Suite("Usage reports count what the server counts")
struct UsageReportTests {
    let now = Instant(iso8601: "2026-11-23T12:00:00Z")!

    func catalog() throws -> Catalog {
        var f = CatalogFixture()
        f.member(1, code: "A", quantity: 10)
        f.offer("o") { $0.total = 20; $0.budget = 10_000; $0.discount = "amount"; $0.value = 1000; $0.period = "month" }
        f.offer("p")
        return try f.build()
    }

    func hold(_ catalog: Catalog, _ id: String, _ quantity: Int, ttl: Int64, book: UsageBook) throws -> HoldRecord {
        let items = [HoldItem(offerID: "o", ticketID: "gala-seated", quantity: quantity)]
        let takes = try catalog.planHold(event: "gala", shopper: Shopper(codes: ["a"]), items: items, at: now, usage: book)
        return HoldRecord(id: id, content: id, reply: [], createdAt: now, expiresAt: now.adding(seconds: ttl), takes: takes)
    }

    @Test func heldCommittedLeftAndMoneyOfAnOffer() throws {
        let catalog = try catalog()
        let book = UsageBook()
        book.advance(to: now)
        book.insert(try hold(catalog, "h1", 2, ttl: 600, book: book))
        var committed = try hold(catalog, "h2", 3, ttl: 600, book: book)
        book.insert(committed)
        committed.state = .committed
        book.update(committed)
        var released = try hold(catalog, "h3", 1, ttl: 600, book: book)
        book.insert(released)
        released.state = .released
        book.update(released)
        book.insert(try hold(catalog, "h4", 4, ttl: 60, book: book))

        let before = try #require(catalog.usage(ofOffer: "o", in: book))
        #expect(before.held == 6 && before.committed == 3 && before.holds == 3)
        #expect(before.left == 11 && before.moneyInUse == 9000 && before.budgetLeft == 1000)
        #expect(before.periods == [OfferUsage.PeriodUnits(start: Instant(iso8601: "2026-11-01T00:00:00Z"), units: 9)])
        #expect(catalog.liveHolds(ofOffer: "o", in: book).map(\.id).sorted() == ["h1", "h2", "h4"])

        // Two minutes later h4 has expired: it counts no more.
        book.advance(to: now.adding(seconds: 120))
        let after = try #require(catalog.usage(ofOffer: "o", in: book))
        #expect(after.held == 2 && after.committed == 3 && after.left == 15 && after.budgetLeft == 5000)
        #expect(catalog.usage(ofOffer: "p", in: book)?.holds == 0)
        #expect(catalog.usage(ofOffer: "nope", in: book) == nil)
    }

    @Test func aPersonSeesWhatTheyUsedAndWhatIsLeft() throws {
        let catalog = try catalog()
        let book = UsageBook()
        book.advance(to: now)
        book.insert(try hold(catalog, "h1", 2, ttl: 600, book: book))
        let rows = catalog.usage(of: Shopper(codes: ["A"]), at: [catalog.eventByID["gala"]!], now: now, in: book)
        #expect(rows.map(\.offerID) == ["o", "p"])
        #expect(rows[0].used == 2 && rows[0].remaining == 8 && rows[0].budgetLeft == 8000)
        #expect(rows[1].used == 0 && rows[1].remaining == 10)
    }
}
