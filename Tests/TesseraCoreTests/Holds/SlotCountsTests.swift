import Testing
@testable import TesseraCore

@Suite("Packed slot counts: the ledger's sums of millions of slots (issue 17)")
struct SlotCountsTests {
    let slots = [
        UsageSlot(offer: "vip", member: .row(42), event: "gala", periodStart: Instant(seconds: 1_799_971_200)),
        UsageSlot(offer: "vip", member: .row(42), event: "gala", periodStart: nil),
        UsageSlot(offer: "vip", member: .row(42), event: nil, periodStart: nil),
        UsageSlot(offer: "vip", member: .row(-3), event: nil, periodStart: nil),
        UsageSlot(offer: "vip", member: .attendee("c-7|ann@example.com|BAR-1|1"), event: "gala", periodStart: nil),
        UsageSlot(offer: "promo", member: .row(42), event: "gala", periodStart: nil),
    ]

    @Test func eachSlotKeepsItsOwnCount() {
        var counts = SlotCounts()
        for (i, slot) in slots.enumerated() { counts.add(slot, i + 1) }
        counts.add(slots[0], 10)
        #expect(slots.map { counts.count(of: $0) } == [11, 2, 3, 4, 5, 6])
        #expect(counts.count == slots.count)
        #expect(counts.slots == Dictionary(uniqueKeysWithValues: slots.enumerated().map { ($1, $0 == 0 ? 11 : $0 + 1) }))
    }

    @Test func anUnknownOfferEventOrAttendeeCountsNothing() {
        var counts = SlotCounts()
        counts.add(slots[4], 2)
        #expect(counts.count(of: UsageSlot(offer: "other", member: .row(42), event: "gala", periodStart: nil)) == 0)
        #expect(counts.count(of: UsageSlot(offer: "vip", member: .row(42), event: "jazz", periodStart: nil)) == 0)
        #expect(counts.count(of: UsageSlot(offer: "vip", member: .attendee("someone else"), event: "gala", periodStart: nil)) == 0)
        // The attendee's interned index is not a member id.
        #expect(counts.count(of: UsageSlot(offer: "vip", member: .row(0), event: "gala", periodStart: nil)) == 0)
        counts.add(slots[4], -2)
        #expect(counts.isEmpty)
    }

    /// A book counts the packed sums and what changes after the start together.
    @Test func aBookCountsThePackedSumsAndItsOwnChanges() {
        var counts = SlotCounts()
        counts.add(slots[2], 3)
        let book = UsageBook(
            totals: UsageTotals(offers: ["vip": OfferTotal(quantity: 3, amount: 0)], holds: 3, committedHolds: 3),
            slots: counts, liveHolds: [], at: Instant(seconds: 0))
        let take = OfferTake(offerID: "vip", quantity: 2, remainingAfter: nil, allocations: [Allocation(slot: slots[2], quantity: 2)])
        book.insert(HoldRecord(id: "h", content: "", reply: [], createdAt: Instant(seconds: 0), expiresAt: Instant(seconds: 60), takes: [take]))
        #expect(book.used(slots[2]) == 5 && book.usedTotal(offer: "vip") == 5 && book.used(slots[3]) == 0)
    }
}
