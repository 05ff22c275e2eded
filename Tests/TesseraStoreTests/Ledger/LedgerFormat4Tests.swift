import Foundation
import Testing

@testable import TesseraCore
@testable import TesseraStore

/// Ledger format 4 (issue 17): every older format is upgraded with sums that count what
/// its holds counted, and the version-4 fixture opens with its sums and live holds as written.
@Suite struct LedgerFormat4Tests {
    /// The instant the fixtures were written at (Fixtures/README.md), five minutes on.
    static let written = Instant(iso8601: "2026-11-23T12:05:00Z")!

    /// Usage as a start before format 4 counted it (every hold) and as it counts it now
    /// (the sums and the live holds), compared slot by slot, offer by offer.
    static func expectSameUsage(fixture: String, at now: Instant) throws {
        let (dir, path) = try LedgerFormatTests.copy(fixture)
        defer { dir.remove() }
        let ledger = try Ledger(path: path, unitAmount: LedgerFormatTests.demoAmount())
        defer { ledger.close() }
        let records = try ledger.loadHolds()
        let start = try ledger.loadStart(at: now)
        let before = UsageBook(records: records, at: now)
        let after = UsageBook(totals: start.totals, slots: start.slots, liveHolds: start.liveHolds, at: now)
        let slots = Set(records.flatMap { $0.takes.flatMap(\.allocations).map(\.slot) })
        let offers = Set(records.flatMap { $0.takes.map(\.offerID) })
        #expect(!slots.isEmpty)
        for slot in slots { #expect(after.used(slot) == before.used(slot), "\(fixture) \(slot)") }
        for offer in offers {
            #expect(after.usedTotal(offer: offer) == before.usedTotal(offer: offer), "\(fixture) \(offer)")
            #expect(after.moneyInUse(offer: offer) == before.moneyInUse(offer: offer), "\(fixture) \(offer)")
        }
        #expect(after.liveCount == before.liveCount)
        #expect(after.holdCount == records.count)
        #expect(start.highestMemberID == records.map(\.highestMemberID).max())
        #expect(try Database(path: path, mode: .readOnly).pragma("user_version") == "4")
    }

    @Test(arguments: ["ledger-v1.sqlite", "ledger-v2.sqlite", "ledger-v3.sqlite", "ledger-v4.sqlite"])
    func everyFormatCountsTheSameUsageAfterTheUpgrade(fixture: String) throws {
        try Self.expectSameUsage(fixture: fixture, at: Self.written)
        // A month on, every held hold has expired: the sums alone count.
        try Self.expectSameUsage(fixture: fixture, at: Self.written.adding(seconds: 40 * 86_400))
    }

    @Test func aVersion4LedgerOpensWithItsSumsAndLiveHoldsAsWritten() throws {
        let (dir, path) = try LedgerFormatTests.copy("ledger-v4.sqlite")
        defer { dir.remove() }
        let ledger = try Ledger(path: path, unitAmount: { _, _ in 7 })
        defer { ledger.close() }
        let start = try ledger.loadStart(at: Self.written)
        // cart-1 is held for 30 days; cart-5 expired at 12:01; the rest are finished.
        #expect(start.liveHolds.map(\.id) == ["cart-1"])
        #expect(start.totals.holds == 5 && start.totals.committedHolds == 2)
        // cart-2 kept its standing welcome-back unit (525) after its refund; cart-3 its free ticket.
        #expect(start.totals.offers == [
            "welcome-back": OfferTotal(quantity: 1, amount: 525), "thank-you-ticket": OfferTotal(quantity: 1, amount: 3500),
        ])
        #expect(start.slots.slots.values.sorted() == [1, 1])
        #expect(start.highestMemberID == 80)
        let cart2 = try ledger.storedHold(id: "cart-2")
        #expect(cart2?.state == .committed && cart2?.order == "web-4001")
        #expect(cart2?.refunds.map(\.id) == ["r1"])
        #expect(String(decoding: cart2?.refunds.first?.reply ?? [], as: UTF8.self) == """
            RELEASED offer=welcome-back qty=1 remaining=1
            OK id=cart-2 state=committed

            """)
        #expect(try ledger.storedHold(id: "cart-4")?.state == .released)
        #expect(try ledger.storedHold(id: "cart-5")?.state == .held)
        #expect(String(decoding: try ledger.storedHold(id: "cart-5")?.reply ?? [], as: UTF8.self) == """
            HELD offer=seat-unlock qty=1 remaining=0
            OK id=cart-5 expires=2026-11-23T12:01:00Z

            """)
    }
}
