import Testing
@testable import TesseraCore

@Suite("History off the heap: memory keeps live holds and holds with a write in flight (issue 17)")
struct UsageBookHistoryTests {
    let start = Instant(iso8601: "2026-11-23T12:00:00Z")!

    func at(_ seconds: Int64) -> Instant { start.adding(seconds: seconds) }

    /// A hold of `quantity` units of offer `last` for member 1, each of amount 300.
    func hold(_ id: String, madeAt: Int64 = 0, ttl: Int64 = 10, quantity: Int = 1) -> HoldRecord {
        let slot = UsageSlot(offer: "last", member: .row(1), event: "gala", periodStart: nil)
        let take = OfferTake(
            offerID: "last", quantity: quantity, remainingAfter: 0, allocations: [Allocation(slot: slot, quantity: quantity)],
            units: Array(repeating: UnitTake(ticketID: "gala-seated", amount: 300), count: quantity))
        return HoldRecord(id: id, content: id, reply: [], createdAt: at(madeAt), expiresAt: at(madeAt + ttl), takes: [take])
    }

    var slot: UsageSlot { UsageSlot(offer: "last", member: .row(1), event: "gala", periodStart: nil) }

    /// A book as a server with a ledger keeps it, starting empty.
    func book() -> UsageBook { UsageBook(totals: UsageTotals(), liveHolds: [], at: at(0)) }

    /// The write a request submits: in memory at once, durable later.
    func write(_ book: UsageBook, _ write: LedgerWrite) {
        if case .hold(let record) = write { book.insert(record) }
        book.beginWrite(write.holdID!)
    }

    @Test func aCommitLeavesMemoryOnceDurableAndItsUnitsKeepCounting() {
        let book = book()
        let r1 = hold("r1", quantity: 2)
        write(book, .hold(r1))
        var committed = r1
        committed.state = .committed
        book.update(committed)
        book.beginWrite("r1")
        book.confirm(.hold(r1))
        #expect(book.holds["r1"] != nil, "its commit is still in flight")
        book.confirm(.commit(id: "r1", order: nil, at: at(1)))
        #expect(book.holds["r1"] == nil && book.durable["r1"] == nil)
        #expect(book.used(slot) == 2 && book.usedTotal(offer: "last") == 2 && book.moneyInUse(offer: "last") == 600)
        #expect(book.liveCount == 1 && book.holdCount == 1)
    }

    @Test func aHoldThatExpiresLeavesMemoryWhenNothingOfItIsInFlight() {
        let book = book()
        let r1 = hold("r1")
        write(book, .hold(r1))
        book.advance(to: at(20))
        #expect(book.holds["r1"] != nil && book.isExpired("r1"), "its HOLD is not durable yet")
        book.confirm(.hold(r1))
        #expect(book.holds["r1"] == nil)
        #expect(book.usedTotal(offer: "last") == 0 && book.liveCount == 0 && book.holdCount == 1)
        let r2 = hold("r2", madeAt: 20)
        write(book, .hold(r2))
        book.confirm(.hold(r2))
        #expect(book.holds["r2"] != nil, "live: it stays")
        book.advance(to: at(30))
        #expect(book.holds["r2"] == nil && book.holdCount == 2)
    }

    /// A commit read back from the ledger to be refunded counts once, not twice, and
    /// leaves again with what is left of it.
    @Test func anAdoptedCommitMovesItsUnitsWithoutCountingThemTwice() {
        var r1 = hold("r1", quantity: 2)
        r1.state = .committed
        var totals = UsageTotals(holds: 1, committedHolds: 1)
        totals.add(r1.takes, sign: 1)
        let book = UsageBook(totals: totals, liveHolds: [], at: at(0))
        #expect(book.used(slot) == 2 && book.liveCount == 1 && book.holds["r1"] == nil)
        book.adopt(r1)
        #expect(book.used(slot) == 2 && book.liveCount == 1 && book.holdCount == 1)
        let refund = RefundRecord(id: "x", items: [HoldItem(offerID: "last", ticketID: "gala-seated", quantity: 1)], reply: [], at: at(1))
        var refunded = r1
        refunded.apply(refund)
        book.update(refunded)
        book.beginWrite("r1")
        #expect(book.used(slot) == 1 && book.moneyInUse(offer: "last") == 300)
        book.confirm(.refund(id: "r1", refund))
        #expect(book.holds["r1"] == nil && book.used(slot) == 1 && book.liveCount == 1)
    }

    /// After a failed write memory goes back to what is durable: a commit the ledger
    /// lost is held again (and expired, the clock having passed it), and leaves memory
    /// once the failed write is done with.
    @Test func aFailedCommitOfAnAdoptedHoldPutsItBackAsTheLedgerHasIt() {
        let book = book()
        let r1 = hold("r1")
        write(book, .hold(r1))
        book.confirm(.hold(r1))
        var committed = r1
        committed.state = .committed
        book.update(committed)
        book.beginWrite("r1")
        book.advance(to: at(20))
        #expect(book.usedTotal(offer: "last") == 1)
        book.resetToDurable()
        #expect(book.usedTotal(offer: "last") == 0 && book.isExpired("r1"))
        book.endWrite("r1")
        #expect(book.holds["r1"] == nil && book.holdCount == 1 && book.liveCount == 0)
    }

    /// A start counts the ledger's sums and its live holds; expired ones are not loaded.
    @Test func aStartCountsTheSumsAndTheLiveHolds() {
        var totals = UsageTotals(holds: 7, committedHolds: 3)
        totals.slots[slot] = 3
        totals.offers["last"] = OfferTotal(quantity: 3, amount: 900)
        let book = UsageBook(totals: totals, liveHolds: [hold("live", ttl: 60), hold("gone", ttl: 10)], at: at(20))
        #expect(book.used(slot) == 4 && book.usedTotal(offer: "last") == 4 && book.moneyInUse(offer: "last") == 1200)
        #expect(book.liveCount == 4 && book.holdCount == 7)
        #expect(book.holds["gone"] == nil && book.holds["live"] != nil)
    }

    /// The sums the ledger keeps move as memory's do: a commit adds, a refund and a
    /// release of it take away, and a held hold adds nothing.
    @Test func theSumsFollowWhatCommitsCount() {
        var totals = UsageTotals()
        let r1 = hold("r1", quantity: 3)
        totals.change(from: nil, to: r1)
        #expect(totals.slots.isEmpty && totals.holds == 1 && totals.committedHolds == 0)
        let committed = LedgerWrite.commit(id: "r1", order: "o", at: at(1)).applied(to: r1)
        totals.change(from: r1, to: committed)
        #expect(totals.slots[slot] == 3 && totals.offers["last"] == OfferTotal(quantity: 3, amount: 900))
        let refund = LedgerWrite.refund(
            id: "r1", RefundRecord(id: "x", items: [HoldItem(offerID: "last", ticketID: "gala-seated", quantity: 1)], reply: [], at: at(2)))
        let refunded = refund.applied(to: committed)
        totals.change(from: committed, to: refunded)
        #expect(totals.slots[slot] == 2 && totals.offers["last"] == OfferTotal(quantity: 2, amount: 600))
        totals.change(from: refunded, to: LedgerWrite.release(id: "r1", at: at(3)).applied(to: refunded))
        #expect(totals.slots.isEmpty && totals.offers.isEmpty && totals.committedHolds == 0 && totals.holds == 1)
    }
}
