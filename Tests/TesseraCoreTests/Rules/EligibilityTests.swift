import Testing
@testable import TesseraCore

@Suite("Eligibility and matching (SPEC §3)")
struct EligibilityTests {
    @Test func codesMatchTrimmedAndCaseInsensitively() throws {
        var f = CatalogFixture()
        f.member(1, code: "VIP321")
        f.offer("unlock")
        let catalog = try f.build()
        #expect(catalog.offerIDs(catalog.evaluate("gala", codes: ["  vip321 "])) == ["unlock"])
        #expect(catalog.offerIDs(catalog.evaluate("gala", codes: ["VIP322"])) == [])
    }

    @Test func emailsMatchAfterUnicodeLowerCasingAndNFC() throws {
        var f = CatalogFixture()
        f.member(1, email: "Søren.ÅBERG@Example.dk")
        f.member(2, email: "jose\u{301}@example.pt")  // e + combining acute (NFD)
        f.offer("members")
        let catalog = try f.build()
        #expect(catalog.offerIDs(catalog.evaluate("gala", email: "søren.åberg@example.DK ")) == ["members"])
        #expect(catalog.offerIDs(catalog.evaluate("gala", email: "JOSÉ@example.pt")) == ["members"])
    }

    @Test func customerIDsMatchExactly() throws {
        var f = CatalogFixture()
        f.member(1, customer: "Cust-1")
        f.offer("members")
        let catalog = try f.build()
        #expect(catalog.offerIDs(catalog.evaluate("gala", customer: "Cust-1")) == ["members"])
        #expect(catalog.offerIDs(catalog.evaluate("gala", customer: "cust-1")) == [])
        #expect(catalog.offerIDs(catalog.evaluate("gala", customer: "Cust-1 ")) == [])
    }

    @Test func emptyValuesMatchNothing() throws {
        var f = CatalogFixture()
        f.member(1, customer: "c1", email: "a@b.c", code: "X")
        f.offer("members")
        let catalog = try f.build()
        #expect(catalog.evaluate("gala", customer: "", email: " ", codes: [""]).offers.isEmpty)
    }

    @Test func unlockLoginIgnoresCodesAndCodeIgnoresIdentity() throws {
        var f = CatalogFixture()
        f.member(1, customer: "c1", code: "K1")
        f.offer("by-login") { $0.unlock = "login" }
        f.offer("by-code") { $0.unlock = "code" }
        f.offer("by-any") { $0.unlock = "any" }
        let catalog = try f.build()
        #expect(catalog.offerIDs(catalog.evaluate("gala", customer: "c1")) == ["by-any", "by-login"])
        #expect(catalog.offerIDs(catalog.evaluate("gala", codes: ["k1"])) == ["by-any", "by-code"])
    }

    @Test func viaIsLoginWhenAnIdentityMatchTookPart() throws {
        var f = CatalogFixture()
        f.member(1, customer: "c1")
        f.member(2, code: "K2")
        f.offer("any")
        let catalog = try f.build()
        #expect(catalog.evaluate("gala", customer: "c1", codes: ["K2"]).offers[0].grant.via == .login)
        #expect(catalog.evaluate("gala", codes: ["K2"]).offers[0].grant.via == .code)
    }

    @Test func promoCodeMustAlsoBePresented() throws {
        var f = CatalogFixture()
        f.member(1, customer: "c1")
        f.offer("promo") { $0.promoCode = "SUMMER"; $0.unlock = "login" }
        let catalog = try f.build()
        #expect(catalog.evaluate("gala", customer: "c1").offers.isEmpty)
        #expect(catalog.offerIDs(catalog.evaluate("gala", customer: "c1", codes: ["summer"])) == ["promo"])
        // The promo code alone, without membership, grants nothing.
        #expect(catalog.evaluate("gala", customer: "stranger", codes: ["SUMMER"]).offers.isEmpty)
    }

    @Test func disabledOffersAndInactiveAudiencesGrantNothing() throws {
        var f = CatalogFixture()
        f.rows.audiences.append(AudienceRow(id: "off", name: "Switched off", active: false))
        f.member(1, code: "A")
        f.member(2, audience: "off", code: "B")
        f.offer("disabled") { $0.enabled = false }
        f.offer("inactive", audience: "off")
        let catalog = try f.build()
        #expect(catalog.evaluate("gala", codes: ["A", "B"]).offers.isEmpty)
    }

    @Test func offerValidityWindowIsInclusiveFromExclusiveUntil() throws {
        var f = CatalogFixture()
        f.member(1, code: "A")
        f.offer("window") { $0.validFrom = "2026-12-01"; $0.validUntil = "2026-12-02T00:00:00+01:00" }
        let catalog = try f.build()
        #expect(catalog.evaluate("gala", codes: ["A"], at: "2026-11-30T23:59:59Z").offers.isEmpty)
        #expect(catalog.evaluate("gala", codes: ["A"], at: "2026-12-01T00:00:00Z").offers.count == 1)
        #expect(catalog.evaluate("gala", codes: ["A"], at: "2026-12-01T22:59:59Z").offers.count == 1)
        #expect(catalog.evaluate("gala", codes: ["A"], at: "2026-12-01T23:00:00Z").offers.isEmpty)
    }

    @Test func memberValidityWindowAppliesToThatMemberOnly() throws {
        var f = CatalogFixture()
        f.member(1, customer: "c1", quantity: 10, from: "2026-01-01", until: "2026-12-01")
        f.member(2, customer: "c1", quantity: 5, from: "2026-12-01")
        f.offer("membership")
        let catalog = try f.build()
        let november = catalog.evaluate("gala", customer: "c1", at: "2026-11-30T12:00:00Z")
        #expect(november.offers[0].allowance.remaining == 10)
        let december = catalog.evaluate("gala", customer: "c1", at: "2026-12-15T12:00:00Z")
        #expect(december.offers[0].allowance.remaining == 5)
    }

    @Test func offerEventsRestrictEventsAndNoneMeansEvery() throws {
        var f = CatalogFixture()
        f.member(1, code: "A")
        f.offer("gala-only")
        f.offer("everywhere")
        f.rows.offerEvents = [OfferEventRow(offerID: "gala-only", eventID: "gala")]
        let catalog = try f.build()
        #expect(catalog.offerIDs(catalog.evaluate("gala", codes: ["A"])) == ["everywhere", "gala-only"])
        #expect(catalog.offerIDs(catalog.evaluate("jazz", codes: ["A"])) == ["everywhere"])
    }

    /// EVAL reads only these per matched audience: every enabled offer that
    /// may apply at the event, and none that cannot.
    @Test func candidateOffersPerAudienceAndEvent() throws {
        var f = CatalogFixture()
        f.member(1, code: "A")
        f.rows.audiences.append(AudienceRow(id: "other", name: "Other"))
        f.offer("gala-only")
        f.offer("both-events")
        f.offer("everywhere")
        f.offer("switched-off") { $0.enabled = false }
        f.offer("elsewhere", audience: "other")
        f.rows.offerEvents = [
            OfferEventRow(offerID: "gala-only", eventID: "gala"),
            OfferEventRow(offerID: "both-events", eventID: "gala"), OfferEventRow(offerID: "both-events", eventID: "jazz"),
            OfferEventRow(offerID: "elsewhere", eventID: "gala"),
        ]
        let catalog = try f.build()
        func candidates(_ event: String) -> [String] {
            var ids: [String] = []
            catalog.forEachOffer(ofAudience: catalog.audienceByName["VIP codes"]!, mayApplyAt: catalog.eventByID[event]!) {
                ids.append(catalog.offers[$0].id)
            }
            return ids.sorted()
        }
        #expect(candidates("gala") == ["both-events", "everywhere", "gala-only"])
        #expect(candidates("jazz") == ["both-events", "everywhere"])
        #expect(catalog.offerIDs(catalog.evaluate("jazz", codes: ["A"])) == ["both-events", "everywhere"])
    }

    @Test func attendeesOfTheSourceEventAreMembers() throws {
        var f = CatalogFixture()
        f.rows.events.append(EventRow(id: "gala-2025", name: "Gala 2025"))
        f.rows.audiences.append(AudienceRow(id: "alumni", name: "Last year", sourceEventID: "gala-2025"))
        f.rows.attendees = [
            AttendeeRow(rowid: 1, eventID: "gala-2025", customerID: "c9", email: "Old@Friend.com", barcode: "BC-1"),
            AttendeeRow(rowid: 2, eventID: "jazz", customerID: "c10", barcode: "BC-2"),
        ]
        f.offer("welcome-back", audience: "alumni") { $0.discount = "percent"; $0.value = 10 }
        let catalog = try f.build()
        #expect(catalog.offerIDs(catalog.evaluate("gala", customer: "c9")) == ["welcome-back"])
        #expect(catalog.offerIDs(catalog.evaluate("gala", email: "old@friend.com")) == ["welcome-back"])
        #expect(catalog.offerIDs(catalog.evaluate("gala", codes: ["bc-1"])) == ["welcome-back"])
        #expect(catalog.evaluate("gala", customer: "c10", codes: ["BC-2"]).offers.isEmpty)
    }
}
