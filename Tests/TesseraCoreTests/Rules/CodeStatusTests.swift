import Testing
@testable import TesseraCore

@Suite("CODE statuses (SPEC §4, §6 CODE)")
struct CodeStatusTests {
    func fixture() -> CatalogFixture {
        var f = CatalogFixture()
        f.member(1, code: "OK1", quantity: 1)
        f.member(2, code: "GONE", quantity: 1)
        f.member(3, code: "SOON", from: "2027-01-01")
        f.member(4, code: "PAST", until: "2026-01-01")
        f.member(5, code: "BOTH", from: "2027-01-01")
        f.member(6, customer: "c1")
        f.offer("main")
        f.rows.audiences.append(AudienceRow(id: "jazz-fans", name: "Jazz fans"))
        f.member(7, audience: "jazz-fans", code: "JAZZ")
        f.offer("jazz-only", audience: "jazz-fans")
        f.rows.offerEvents = [OfferEventRow(offerID: "jazz-only", eventID: "jazz")]
        f.rows.audiences.append(AudienceRow(id: "later", name: "Later"))
        f.member(8, audience: "later", code: "BOTH", until: "2026-01-01")
        f.offer("later-offer", audience: "later")
        f.rows.audiences.append(AudienceRow(id: "logins", name: "Logins"))
        f.member(9, audience: "logins", code: "LOGINONLY")
        f.offer("login-offer", audience: "logins") { $0.unlock = "login" }
        return f
    }

    @Test func eachStatusInPrecedence() throws {
        let catalog = try fixture().build()
        var usage = FixedUsage()
        usage.slots[UsageSlot(offer: "main", member: .row(2), event: "gala", periodStart: nil)] = 1
        let codes = ["ok1", "jazz", "soon", "past", "both", "nobody", "loginonly", ""]
        let statuses = catalog.evaluate("gala", codes: codes, usage: usage).codes
        #expect(statuses == [.ok, .wrongEvent, .notYetValid, .expired, .notYetValid, .unknown, .unknown, .unknown])
        // Alone, the used-up code's offer has nothing left; with OK1 the same offer still has one.
        #expect(catalog.evaluate("gala", codes: ["gone"], usage: usage).codes == [.usedUp])
        #expect(catalog.evaluate("gala", codes: ["gone", "ok1"], usage: usage).codes == [.ok, .ok])
    }

    @Test func aDisabledOfferSaysNothingMore() throws {
        var f = fixture()
        f.rows.offers = f.rows.offers.map { var o = $0; o.enabled = false; return o }
        let catalog = try f.build()
        #expect(catalog.evaluate("gala", codes: ["soon", "past", "jazz"]).codes == [.unknown, .unknown, .unknown])
    }

    @Test func promoCodeTakesPartInItsGrantedOffer() throws {
        var f = CatalogFixture()
        f.member(1, customer: "c1", quantity: 2)
        f.offer("promo") { $0.promoCode = "SUMMER" }
        let catalog = try f.build()
        #expect(catalog.evaluate("gala", customer: "c1", codes: ["summer"]).codes == [.ok])
        #expect(catalog.evaluate("gala", customer: "c2", codes: ["summer"]).codes == [.unknown])
    }

    @Test func offerWindowMakesACodeNotYetValidOrExpired() throws {
        var f = CatalogFixture()
        f.member(1, code: "EARLY")
        f.offer("future") { $0.validFrom = "2027-01-01" }
        f.rows.audiences.append(AudienceRow(id: "old", name: "Old"))
        f.member(2, audience: "old", code: "LATE")
        f.offer("past", audience: "old") { $0.validUntil = "2026-01-01" }
        let catalog = try f.build()
        #expect(catalog.evaluate("gala", codes: ["early", "late"]).codes == [.notYetValid, .expired])
    }
}
