import Testing
@testable import TesseraCore

@Suite("Tickets, seats and prices (SPEC §3, §6)")
struct TicketsAndSeatsTests {
    func ticketIDs(_ catalog: Catalog, _ answer: Evaluation.OfferAnswer) -> [String] {
        answer.tickets.map { catalog.ticketTypes[$0].id }
    }

    @Test func offerWithoutTicketListGrantsEveryTicketTypeOfTheEventExclusiveToo() throws {
        var f = CatalogFixture()
        f.member(1, code: "A")
        f.offer("all-tickets")
        let catalog = try f.build()
        let answer = catalog.evaluate("gala", codes: ["A"]).offers[0]
        #expect(ticketIDs(catalog, answer) == ["gala-seated", "gala-standing", "gala-vip"])
    }

    @Test func offerTicketsListOnlyThoseOfTheEvent() throws {
        var f = CatalogFixture()
        f.member(1, code: "A")
        f.offer("vip-only")
        f.rows.offerTickets = [
            OfferTicketRow(offerID: "vip-only", ticketTypeID: "gala-vip"),
            OfferTicketRow(offerID: "vip-only", ticketTypeID: "jazz-entry"),
        ]
        let catalog = try f.build()
        #expect(ticketIDs(catalog, catalog.evaluate("gala", codes: ["A"]).offers[0]) == ["gala-vip"])
        #expect(ticketIDs(catalog, catalog.evaluate("jazz", codes: ["A"]).offers[0]) == ["jazz-entry"])
    }

    @Test(arguments: [
        (Discount.none, 6000, 6000),
        (.percent(15), 6000, 5100),
        (.percent(33), 1001, 671),   // 1001 - floor((33033 + 50) / 100) = 1001 - 330
        (.percent(50), 99, 49),      // 99 - floor((4950 + 50) / 100) = 99 - 50
        (.percent(100), 6000, 0),
        (.amount(1500), 6000, 4500),
        (.amount(9000), 6000, 0),
        (.price(2500), 6000, 2500),
        (.price(8000), 6000, 8000),  // price sets the final price, even above the base
    ])
    func pricesFollowTheFourKinds(discount: Discount, base: Int, final: Int) {
        #expect(discount.apply(to: base) == final)
    }

    @Test func memberSeatUnlocksThatSeatLockedOrNot() throws {
        var f = CatalogFixture()
        f.rows.seats = [
            SeatRow(rowid: 1, eventID: "gala", label: "North-1"),
            SeatRow(rowid: 2, eventID: "gala", label: "South-3", locked: false),
        ]
        f.member(1, code: "VIP321", quantity: 1, seat: "North-1")
        f.member(2, code: "VIP238", quantity: 1, seat: "South-3")
        f.offer("seat-unlock") { $0.unlock = "code" }
        let catalog = try f.build()
        let labels = catalog.evaluate("gala", codes: ["vip238", "vip321"]).offers[0].seats.map { catalog.seats[$0].label }
        #expect(labels == ["North-1", "South-3"])
        // A seat label the event does not have unlocks nothing.
        #expect(catalog.evaluate("jazz", codes: ["vip321"]).offers[0].seats.isEmpty)
    }

    @Test func memberCategoryUnlocksLockedSeatsOfThatCategoryOnly() throws {
        var f = CatalogFixture()
        f.rows.seats = [
            SeatRow(rowid: 1, eventID: "gala", label: "S2-10", category: "Section2"),
            SeatRow(rowid: 2, eventID: "gala", label: "S2-2", category: "Section2"),
            SeatRow(rowid: 3, eventID: "gala", label: "S2-3", category: "Section2", locked: false),
            SeatRow(rowid: 4, eventID: "gala", label: "S1-1", category: "Section1"),
        ]
        f.member(1, code: "BC1", category: "Section2")
        f.offer("barcodes")
        let catalog = try f.build()
        let seats = catalog.evaluate("gala", codes: ["bc1"]).offers[0].seats.map { catalog.seats[$0] }
        #expect(seats.map(\.label) == ["S2-10", "S2-2"])  // label order, byte-wise
        #expect(seats.allSatisfy { $0.category == "Section2" })
    }

    @Test func aReusedEvaluationGathersSeatsIntoTheSameStorage() throws {
        var f = CatalogFixture()
        f.rows.seats = [
            SeatRow(rowid: 1, eventID: "gala", label: "A-1", category: "A"),
            SeatRow(rowid: 2, eventID: "gala", label: "A-2", category: "A"),
            SeatRow(rowid: 3, eventID: "gala", label: "B-1", category: "B", locked: false),
        ]
        f.member(1, code: "BC1", category: "A", seat: "B-1")  // two sources: its seat and its category
        f.offer("barcodes")
        f.offer("more-barcodes")
        let catalog = try f.build()
        let gala = catalog.eventByID["gala"]!
        var evaluation = Evaluation()
        var storage: [UnsafeRawPointer?] = []
        var other: [UnsafeRawPointer?] = []
        for _ in 0..<3 {
            catalog.evaluate(
                event: gala, shopper: Shopper(codes: ["bc1"]), at: Instant(iso8601: "2026-11-23T12:00:00Z")!,
                usage: NoUsage(), into: &evaluation)
            let seats = evaluation.offers[0].seats
            #expect(seats.map { catalog.seats[$0].label } == ["A-1", "A-2", "B-1"])
            storage.append(seats.withUnsafeBufferPointer { UnsafeRawPointer($0.baseAddress) })
            other.append(evaluation.offers[1].seats.withUnsafeBufferPointer { UnsafeRawPointer($0.baseAddress) })
        }
        // Later answers gather into the arrays the first one made (two offers: two arrays).
        #expect(Set(storage + other).count == 2)
    }
}
