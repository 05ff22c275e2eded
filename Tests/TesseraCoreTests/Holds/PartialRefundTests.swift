import Testing
@testable import TesseraCore

/// SPEC §7 Partial refunds, the rule engine's part: which units go back, from which
/// member and period, and the checks on the items.
@Suite("Partial refunds: the last units taken go back to their members (SPEC §7)")
struct PartialRefundTests {
    let now = Instant(iso8601: "2026-11-23T12:00:00Z")!

    /// Members 1 (limit 2) and 2 (limit 3) of one audience, both matched by the shopper.
    func catalog(_ configure: @escaping (inout OfferRow) -> Void = { _ in }) throws -> Catalog {
        var f = CatalogFixture()
        f.member(1, customer: "c", quantity: 2)
        f.member(2, code: "B", quantity: 3)
        f.offer("o", configure)
        f.offer("p")
        return try f.build()
    }

    func record(_ catalog: Catalog, _ items: [(String, String, Int)], usage: UsageBook = UsageBook()) throws -> HoldRecord {
        let holdItems = items.map { HoldItem(offerID: $0.0, ticketID: $0.1, quantity: $0.2) }
        let shopper = Shopper(customer: "c", codes: ["b"])
        let takes = try catalog.planHold(event: "gala", shopper: shopper, items: holdItems, at: now, usage: usage)
        return HoldRecord(
            id: "h", content: HoldContent(event: "gala", shopper: shopper, items: holdItems, ttl: 900).text, reply: [],
            createdAt: now, expiresAt: now.adding(seconds: 900), takes: takes)
    }

    func refund(_ items: [(String, String, Int)], id: String = "r") -> RefundRecord {
        RefundRecord(id: id, items: items.map { HoldItem(offerID: $0.0, ticketID: $0.1, quantity: $0.2) }, reply: [], at: now)
    }

    func tickets(_ take: OfferTake) -> [String] { take.units.map(\.ticketID) }
    func members(_ take: OfferTake) -> [String] { take.allocations.map { "\($0.slot.member.ledgerText)×\($0.quantity)" } }

    @Test func unitsAreTakenItemByItemEachFromTheLowestMemberWithAllowanceLeft() throws {
        let catalog = try catalog()
        let hold = try record(catalog, [("o", "gala-seated", 1), ("o", "gala-standing", 3), ("o", "gala-seated", 1)])
        #expect(tickets(hold.takes[0]) == ["gala-seated", "gala-standing", "gala-standing", "gala-standing", "gala-seated"])
        #expect(members(hold.takes[0]) == ["m:1×2", "m:2×3"])
    }

    @Test func givingBackUnitsOfATicketReturnsTheLastOfThatTicketTakenToItsMember() throws {
        let catalog = try catalog()
        var hold = try record(catalog, [("o", "gala-seated", 1), ("o", "gala-standing", 3), ("o", "gala-seated", 1)])
        // Units: seated (m1), standing (m1), standing (m2), standing (m2), seated (m2).
        hold.apply(refund([("o", "gala-seated", 1)]))
        #expect(tickets(hold.takes[0]) == ["gala-seated", "gala-standing", "gala-standing", "gala-standing"])
        #expect(members(hold.takes[0]) == ["m:1×2", "m:2×2"])
        // Two standing: the last two taken, both member 2's.
        hold.apply(refund([("o", "gala-standing", 2)], id: "r2"))
        #expect(tickets(hold.takes[0]) == ["gala-seated", "gala-standing"])
        #expect(members(hold.takes[0]) == ["m:1×2"])
        #expect(hold.takes[0].quantity == 2)
        #expect(hold.refunds.map(\.id) == ["r", "r2"])
        #expect(hold.state == .held)
    }

    @Test func theStoredAmountsGoBackWithTheirUnits() throws {
        let catalog = try catalog { $0.discount = "percent"; $0.value = 50 }
        var hold = try record(catalog, [("o", "gala-seated", 2), ("o", "gala-standing", 1)])
        #expect(hold.takes[0].amount == 3000 + 3000 + 2000)
        hold.apply(refund([("o", "gala-seated", 1)]))
        #expect(hold.takes[0].amount == 3000 + 2000)
    }

    @Test func aHoldWithNoUnitLeftIsReleasedAndAnOfferWithNoneLeftLeavesIt() throws {
        let catalog = try catalog()
        var hold = try record(catalog, [("o", "gala-seated", 1), ("p", "gala-standing", 1)])
        hold.apply(refund([("o", "gala-seated", 1)]))
        #expect(hold.takes.map(\.offerID) == ["p"])
        #expect(hold.state == .held)
        hold.apply(refund([("p", "gala-standing", 1)], id: "r2"))
        #expect(hold.takes.isEmpty)
        #expect(hold.state == .released)
    }

    @Test func notInHoldSumsTheItemsOfAPairAndTheFirstItemThatFallsShortAnswers() throws {
        let catalog = try catalog()
        let hold = try record(catalog, [("o", "gala-seated", 2), ("p", "gala-standing", 1)])
        func check(_ items: [(String, String, Int)]) throws(RefundRefusal) -> [RefundedOffer] {
            try hold.checkRefund(items.map { HoldItem(offerID: $0.0, ticketID: $0.1, quantity: $0.2) }) { _ in nil }
        }
        #expect(throws: RefundRefusal.notInHold(offer: "o", ticket: "gala-seated", held: 2)) {
            try check([("p", "gala-standing", 1), ("o", "gala-seated", 1), ("o", "gala-seated", 2)])
        }
        #expect(throws: RefundRefusal.notInHold(offer: "o", ticket: "gala-standing", held: 0)) {
            try check([("o", "gala-standing", 1)])
        }
        #expect(throws: RefundRefusal.notInHold(offer: "x", ticket: "gala-seated", held: 0)) {
            try check([("x", "gala-seated", 1)])
        }
        // `*` names no offer.
        #expect(throws: RefundRefusal.notInHold(offer: "*", ticket: "gala-seated", held: 0)) {
            try check([("*", "gala-seated", 1)])
        }
        #expect(try check([("o", "gala-seated", 1), ("p", "gala-standing", 1), ("o", "gala-seated", 1)]) == [
            RefundedOffer(offerID: "o", quantity: 2), RefundedOffer(offerID: "p", quantity: 1),
        ])
    }

    @Test func aGroupReturnsAllItsUnitsOrKeepsAtLeastItsMinimum() throws {
        let catalog = try catalog { $0.minOrder = 3; $0.perMember = nil }
        let hold = try record(catalog, [("o", "gala-seated", 4), ("p", "gala-standing", 1)])
        func check(_ items: [(String, String, Int)], minOrder: Int? = 3) throws(RefundRefusal) -> [RefundedOffer] {
            try hold.checkRefund(items.map { HoldItem(offerID: $0.0, ticketID: $0.1, quantity: $0.2) }) {
                $0 == "o" ? minOrder : nil
            }
        }
        #expect(try check([("o", "gala-seated", 1)]).map(\.quantity) == [1])  // 3 left
        #expect(throws: RefundRefusal.belowMinimum(offer: "o", min: 3)) { try check([("o", "gala-seated", 2)]) }
        #expect(try check([("o", "gala-seated", 4)]).map(\.quantity) == [4])  // none left
        // The minimum of the catalog served now: an offer no longer in it has none.
        #expect(try check([("o", "gala-seated", 3)], minOrder: nil).map(\.quantity) == [3])
        // not_in_hold comes first.
        #expect(throws: RefundRefusal.notInHold(offer: "p", ticket: "gala-standing", held: 1)) {
            try check([("o", "gala-seated", 2), ("p", "gala-standing", 2)])
        }
    }

    @Test func aUnitCountsInThePeriodItWasTakenIn() throws {
        let catalog = try catalog { $0.period = "month"; $0.timezone = "UTC" }
        let book = UsageBook()
        book.advance(to: now)
        var hold = try record(catalog, [("o", "gala-seated", 3)], usage: book)
        hold.state = .committed
        book.insert(hold)
        let november = hold.takes[0].allocations[0].slot
        #expect(book.used(november) == 2)
        // In December, a refund gives the unit back to November's count, not December's.
        book.advance(to: Instant(iso8601: "2026-12-02T12:00:00Z")!)
        var after = hold
        after.apply(refund([("o", "gala-seated", 1)]))
        book.update(after)
        #expect(book.used(november) == 2)
        #expect(book.used(hold.takes[0].allocations[1].slot) == 0)
        #expect(book.usedTotal(offer: "o") == 2)
    }

    @Test func theBookCountsExactlyWhatTheHoldHasLeft() throws {
        let catalog = try catalog { $0.discount = "amount"; $0.value = 1000 }
        let book = UsageBook()
        book.advance(to: now)
        var hold = try record(catalog, [("o", "gala-seated", 2), ("p", "gala-standing", 1)])
        book.insert(hold)
        #expect(book.usedTotal(offer: "o") == 2 && book.moneyInUse(offer: "o") == 2000)
        hold.apply(refund([("o", "gala-seated", 1)]))
        book.update(hold)
        #expect(book.usedTotal(offer: "o") == 1 && book.moneyInUse(offer: "o") == 1000)
        hold.state = .committed
        book.update(hold)
        #expect(book.usedTotal(offer: "o") == 1 && book.usedTotal(offer: "p") == 1)
        hold.apply(refund([("o", "gala-seated", 1), ("p", "gala-standing", 1)], id: "r2"))
        book.update(hold)
        #expect(hold.state == .released)
        #expect(book.isUnused(offer: "o") && book.isUnused(offer: "p") && book.liveCount == 0)
    }

    @Test func theContentGivesBackTheHoldsEventIdentityCodesAndItems() {
        let shopper = Shopper(customer: "cust-1", email: "Ann@Example.com", codes: ["b", "items", "  "])
        let items = [HoldItem(offerID: "*", ticketID: "t", quantity: 2), HoldItem(offerID: "o", ticketID: "u", quantity: 1)]
        let content = HoldContent(event: "gala", shopper: shopper, items: items, ttl: 60)
        let read = HoldContent(text: content.text)
        #expect(read == content)
        // The codes come back sorted: their order never mattered.
        #expect(read?.shopper.customer == shopper.customer && read?.shopper.email == shopper.email)
        #expect(read?.shopper.codes == [nil, "b", "items"])
        #expect(HoldContent(text: HoldContent(event: "e", shopper: Shopper(), items: [], ttl: 1).text)?.shopper == Shopper())
        #expect(HoldContent(text: "3:abc") == nil)
    }
}
