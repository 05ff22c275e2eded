import Testing
@testable import TesseraCore

/// The served catalog's delta (SPEC §8), without the server: a change shows in matching,
/// grants, seats, CODE statuses and counts at once, positions are never reused, and the
/// catalog's own arrays are left as they were.
@Suite struct MemberDeltaTests {
    func catalog() throws -> Catalog {
        var fixture = CatalogFixture()
        fixture.member(1, code: "VIP321", quantity: 1, seat: "North-1")
        fixture.member(5, customer: "cust-a", email: "A@x.dk")
        fixture.member(9, code: "VIP238", quantity: 1)
        fixture.offer("seats") { $0.unlock = "any" }
        fixture.rows.seats = [SeatRow(eventID: "gala", label: "North-1"), SeatRow(eventID: "gala", label: "South-3")]
        return try fixture.build()
    }

    func fields(code: String? = nil, customer: String? = nil, seat: String? = nil, quantity: Int? = nil) -> MemberFields {
        var f = MemberFields()
        f.code = code; f.customerID = customer; f.seat = seat; f.quantity = quantity
        return f
    }

    @Test func addSetAndDeleteShowInEveryAnswerAtOnce() throws {
        let catalog = try catalog()
        let vip = try #require(catalog.audience(id: "vip"))
        let baseMembers = catalog.members.count
        #expect(catalog.offerIDs(catalog.evaluate("gala", codes: ["new-1"])).isEmpty)
        #expect(catalog.evaluate("gala", codes: ["new-1"]).codes == [.unknown])

        catalog.applyAdd(id: 10, audience: vip, fields: fields(code: "NEW-1", seat: "South-3", quantity: 2))
        let added = catalog.evaluate("gala", codes: ["new-1"])
        #expect(catalog.offerIDs(added) == ["seats"] && added.codes == [.ok])
        #expect(added.offers[0].allowance.remaining == 2)
        #expect(added.offers[0].seats.map { catalog.seats[$0].label } == ["South-3"])
        #expect(catalog.memberCount == baseMembers + 1 && catalog.members.count == baseMembers)

        // SET keeps the id (usage key m:10) and moves the code; the old code finds nothing.
        catalog.applySet(id: 10, fields: fields(code: "NEW-2", quantity: 2))
        #expect(catalog.offerIDs(catalog.evaluate("gala", codes: ["new-1"])).isEmpty)
        let changed = catalog.evaluate("gala", codes: ["new-2"])
        #expect(changed.offers[0].grant.members.map { catalog.served[$0].key } == [.row(10)])
        #expect(changed.offers[0].seats.isEmpty)
        #expect(catalog.memberCount == baseMembers + 1)

        // A catalog member changed and removed.
        catalog.applySet(id: 5, fields: fields(customer: "cust-b"))
        #expect(catalog.offerIDs(catalog.evaluate("gala", customer: "cust-a")).isEmpty)
        #expect(catalog.offerIDs(catalog.evaluate("gala", customer: "cust-b")) == ["seats"])
        catalog.applyDelete(id: 1)
        #expect(catalog.offerIDs(catalog.evaluate("gala", codes: ["vip321"])).isEmpty)
        #expect(catalog.servedMember(id: 1) == nil && catalog.servedMember(id: 9) != nil)
        #expect(catalog.memberCount == baseMembers)
    }

    /// CODE's statuses read the delta's members and their windows like the catalog's own.
    @Test func codeStatusesSeeTheDeltasWindows() throws {
        let catalog = try catalog()
        let vip = try #require(catalog.audience(id: "vip"))
        var later = fields(code: "LATER")
        later.from = Instant(iso8601: "2027-01-01")
        catalog.applyAdd(id: 20, audience: vip, fields: later)
        var over = fields(code: "OVER")
        over.until = Instant(iso8601: "2026-01-01")
        catalog.applyAdd(id: 21, audience: vip, fields: over)
        #expect(catalog.evaluate("gala", codes: ["later", "over", "vip321"]).codes == [.notYetValid, .expired, .ok])
        catalog.applySet(id: 20, fields: fields(code: "LATER"))  // window cleared
        #expect(catalog.evaluate("gala", codes: ["later"]).codes == [.ok])
    }

    /// Matches in hold order: by audience, own members by id (a changed member keeps its
    /// place), wherever the delta put them.
    @Test func matchesComeInHoldOrder() throws {
        let catalog = try catalog()
        let vip = try #require(catalog.audience(id: "vip"))
        catalog.applyAdd(id: 10, audience: vip, fields: fields(customer: "same"))
        catalog.applySet(id: 9, fields: fields(customer: "same"))
        catalog.applySet(id: 1, fields: fields(customer: "same"))
        let keys = catalog.matches(for: Shopper(customer: "same")).map { catalog.served[$0.member].key }
        #expect(keys == [.row(1), .row(9), .row(10)])
        #expect(catalog.conflict(in: vip, with: fields(customer: "same"), excluding: nil) == 1)
        #expect(catalog.conflict(in: vip, with: fields(customer: "same"), excluding: 1) == 9)
        #expect(catalog.findMembers(in: vip, customer: "same", email: nil, code: nil).ids == [1, 9, 10])
        #expect(catalog.findMembers(in: vip, customer: nil, email: nil, code: nil) == ([1, 5, 9, 10], 4))
        #expect(catalog.findMembers(in: vip, customer: nil, email: nil, code: nil, limit: 2) == ([1, 5], 4))
        catalog.applyAdd(id: 7, audience: vip, fields: fields(code: "SEVEN"))  // an id between the catalog's
        catalog.applyDelete(id: 5)
        #expect(catalog.findMembers(in: vip, customer: nil, email: nil, code: nil) == ([1, 7, 9, 10], 4))
        #expect(catalog.findMembers(in: vip, customer: nil, email: nil, code: nil, limit: 3) == ([1, 7, 9], 4))
    }
}
