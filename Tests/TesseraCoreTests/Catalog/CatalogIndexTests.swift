import Testing
@testable import TesseraCore

/// Typed catalog indexes (issue 14): they hash, order and stride as the positions they wrap, and
/// the builder links rows with the index of the right kind.
@Suite struct CatalogIndexTests {
    @Test func anIndexHashesOrdersAndStridesAsItsPosition() {
        // `_rawHashValue` (what dictionaries use) and `hash(into:)` (what a containing value uses)
        // must agree with each other, or a lookup could miss.
        var hasher = Hasher()
        hasher.combine(Event.Index(7))
        var plain = Hasher()
        plain.combine(7)
        #expect(hasher.finalize() == plain.finalize())
        #expect(Event.Index(7).hashValue == 7.hashValue)
        #expect(Set([Offer.Index(1), Offer.Index(1), Offer.Index(2)]).count == 2)
        #expect([Seat.Index(3), Seat.Index(1), Seat.Index(2)].sorted() == [Seat.Index(1), Seat.Index(2), Seat.Index(3)])
        #expect(Array(Member.Index(2)..<Member.Index(5)).map(\.position) == [2, 3, 4])
    }

    @Test func rowsPointAtTheRowsOfTheirKind() throws {
        var f = CatalogFixture()
        f.rows.seats = [
            SeatRow(rowid: 1, eventID: "gala", label: "B-1", category: "Box", locked: true),
            SeatRow(rowid: 2, eventID: "gala", label: "A-1"),
            SeatRow(rowid: 3, eventID: "jazz", label: "J-1"),
        ]
        f.member(1, code: "A")
        f.member(2, customer: "c1")
        f.offer("o") { $0.audienceID = "vip" }
        let catalog = try f.build()
        for e in catalog.events.typedIndices(Event.Index.self) {
            for t in catalog.events[e].ticketTypes { #expect(catalog.ticketTypes[t].event == e) }
            for s in catalog.events[e].seats { #expect(catalog.seats[s].event == e) }
            #expect(catalog.events[e].seats.map { catalog.seats[$0].label } == catalog.events[e].seats.map { catalog.seats[$0].label }.sorted())
        }
        let vip = try #require(catalog.audienceByName["VIP codes"])
        #expect(Array(catalog.audiences[vip].members).allSatisfy { catalog.members[$0].audience == vip })
        #expect(catalog.audiences[vip].members.count == 2)
        let o = try #require(catalog.offerByID["o"])
        #expect(catalog.offers[o].audience == vip && catalog.audiences[vip].offers == [o])
    }
}
