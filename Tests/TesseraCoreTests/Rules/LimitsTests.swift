import Testing
@testable import TesseraCore

@Suite("Limits and remaining (SPEC §3 Limits)")
struct LimitsTests {
    @Test func memberQuantityElsePerMemberElseUnlimited() throws {
        var f = CatalogFixture()
        f.member(1, code: "Q", quantity: 3)
        f.member(2, code: "P")
        f.offer("per-member") { $0.perMember = 2 }
        f.rows.audiences.append(AudienceRow(id: "open", name: "Open"))
        f.member(3, audience: "open", code: "U")
        f.offer("unlimited", audience: "open")
        let catalog = try f.build()
        #expect(catalog.evaluate("gala", codes: ["Q"]).offers[0].allowance.remaining == 3)
        #expect(catalog.evaluate("gala", codes: ["P"]).offers[0].allowance.remaining == 2)
        #expect(catalog.evaluate("gala", codes: ["U"]).offers[0].allowance.remaining == nil)
    }

    @Test func allowancesOfMatchedMembersAddUp() throws {
        var f = CatalogFixture()
        f.member(1, customer: "c1", quantity: 2)
        f.member(2, email: "a@b.c", quantity: 3)
        f.member(3, code: "K", quantity: 4)
        f.offer("pool")
        let catalog = try f.build()
        let answer = catalog.evaluate("gala", customer: "c1", email: "A@B.C", codes: ["k"]).offers[0]
        #expect(answer.allowance.remaining == 9)
    }

    @Test func usageCountsPerEventScopeAndTotalCaps() throws {
        var f = CatalogFixture()
        f.member(1, code: "K", quantity: 5)
        f.offer("per-event") { $0.total = 100 }
        f.offer("everywhere") { $0.scope = "all"; $0.total = 6 }
        let catalog = try f.build()
        var usage = FixedUsage()
        usage.slots[UsageSlot(offer: "per-event", member: .row(1), event: "jazz", periodStart: nil)] = 4
        usage.slots[UsageSlot(offer: "everywhere", member: .row(1), event: nil, periodStart: nil)] = 1
        usage.totals["everywhere"] = 3
        let answers = catalog.evaluate("gala", codes: ["K"], usage: usage).offers
        // Usage at jazz does not count at gala for scope 'event'.
        #expect(answers[1].allowance.remaining == 5)
        // Scope 'all' counts everywhere; the total caps what is left (6 - 3).
        #expect(answers[0].allowance.remaining == 3)
    }

    @Test func usageBeyondTheLimitCountsAsZeroNotNegative() throws {
        var f = CatalogFixture()
        f.member(1, customer: "c1", quantity: 1)
        f.member(2, customer: "c1", quantity: 2)
        f.offer("pool")
        let catalog = try f.build()
        var usage = FixedUsage()
        usage.slots[UsageSlot(offer: "pool", member: .row(1), event: "gala", periodStart: nil)] = 5
        #expect(catalog.evaluate("gala", customer: "c1", usage: usage).offers[0].allowance.remaining == 2)
    }

    @Test func maxOrderIsTheSmallerOfPerOrderAndRemaining() throws {
        var f = CatalogFixture()
        f.member(1, code: "A", quantity: 10)
        f.member(2, code: "B", quantity: 1)
        f.offer("personal") { $0.perOrder = 2 }
        let catalog = try f.build()
        #expect(catalog.evaluate("gala", codes: ["A"]).offers[0].allowance.maxOrder == 2)
        #expect(catalog.evaluate("gala", codes: ["B"]).offers[0].allowance.maxOrder == 1)
    }

    @Test func periodicOffersSayWhenTheyResetAndCountThisPeriodOnly() throws {
        var f = CatalogFixture()
        f.member(1, customer: "member-1")
        f.offer("monthly") { $0.perMember = 10; $0.period = "month"; $0.timezone = "Europe/Copenhagen" }
        let catalog = try f.build()
        let november = Instant(iso8601: "2026-10-31T23:00:00Z")!  // 1 November, 00:00 in Copenhagen
        var usage = FixedUsage()
        usage.slots[UsageSlot(offer: "monthly", member: .row(1), event: "gala", periodStart: november)] = 7
        let answer = catalog.evaluate("gala", customer: "member-1", at: "2026-11-30T22:59:59Z", usage: usage).offers[0]
        #expect(answer.allowance.remaining == 3)
        #expect(answer.allowance.resets == Instant(iso8601: "2026-11-30T23:00:00Z"))
        let december = catalog.evaluate("gala", customer: "member-1", at: "2026-11-30T23:00:00Z", usage: usage).offers[0]
        #expect(december.allowance.remaining == 10)
    }
}
