import Testing
@testable import TesseraCore

@Suite("Expiry is final: a clock set back revives no hold (SPEC §6 Life of a hold)")
struct UsageBookTests {
    let start = Instant(iso8601: "2026-11-23T12:00:00Z")!

    /// `seconds` after the start.
    func at(_ seconds: Int64) -> Instant { start.adding(seconds: seconds) }

    /// A hold of the one unit of offer `last` (its `total` is 1), made `madeAt`
    /// seconds after the start for `ttl` seconds.
    func hold(_ id: String, madeAt: Int64, ttl: Int64, state: HoldRecord.State = .held) -> HoldRecord {
        let slot = UsageSlot(offer: "last", member: .row(1), event: "gala", periodStart: nil)
        let take = OfferTake(offerID: "last", quantity: 1, remainingAfter: 0, allocations: [Allocation(slot: slot, quantity: 1)])
        return HoldRecord(id: id, content: id, reply: [], createdAt: at(madeAt), expiresAt: at(madeAt + ttl), state: state, takes: [take])
    }

    func committed(_ record: HoldRecord) -> HoldRecord {
        var record = record
        record.state = .committed
        return record
    }

    /// The sequence: hold r1 (ttl 10) at T; at T+20 hold and commit r2;
    /// back at T+5, r1 must not count again: that would be two units of a total of one.
    @Test func aHoldTheClockSawExpireStaysExpiredWhenTheClockGoesBack() {
        let book = UsageBook()
        book.advance(to: at(0))
        book.insert(hold("r1", madeAt: 0, ttl: 10))
        #expect(book.usedTotal(offer: "last") == 1)
        book.advance(to: at(20))
        #expect(book.usedTotal(offer: "last") == 0)
        let r2 = hold("r2", madeAt: 20, ttl: 10)
        book.insert(r2)
        book.update(committed(r2))

        book.advance(to: at(5))
        #expect(book.usedTotal(offer: "last") == 1)
        #expect(book.liveCount == 1)
        #expect(book.isExpired("r1"))
        #expect(!book.isExpired("r2"))
        // Forward again, and back once more: still only r2.
        book.advance(to: at(9))
        book.advance(to: at(0))
        #expect(book.usedTotal(offer: "last") == 1)
    }

    /// A hold's expiry is reached by the clock moving forward after the hold
    /// was made: one made while the clock is set back counts, as its HELD
    /// line said, until the clock reaches its `expires`.
    @Test func aHoldMadeWhileTheClockIsBackCountsUntilTheClockReachesItsExpiry() {
        let book = UsageBook()
        book.advance(to: at(20))
        book.advance(to: at(5))
        book.insert(hold("r3", madeAt: 5, ttl: 10))
        book.advance(to: at(14))
        #expect(book.usedTotal(offer: "last") == 1)
        #expect(!book.isExpired("r3"))
        book.advance(to: at(15))
        #expect(book.usedTotal(offer: "last") == 0)
        book.advance(to: at(5))
        #expect(book.usedTotal(offer: "last") == 0)
        #expect(book.isExpired("r3"))
    }

    /// A commit is final too: the clock going back and forth past its old
    /// expiry leaves it counted; its release alone gives the unit back.
    @Test func aCommitCountsWhereverTheClockGoes() {
        let book = UsageBook()
        book.advance(to: at(0))
        let r1 = hold("r1", madeAt: 0, ttl: 10)
        book.insert(r1)
        book.update(committed(r1))
        book.advance(to: at(20))
        book.advance(to: at(5))
        #expect(book.usedTotal(offer: "last") == 1)
        #expect(!book.isExpired("r1"))
        var released = committed(r1)
        released.state = .released
        book.update(released)
        #expect(book.usedTotal(offer: "last") == 0)
    }

    /// The first reading after a start is where the clock starts from (SPEC §6):
    /// holds from the ledger that expired by then never count again.
    @Test func aStartCountsFromItsFirstReading() {
        let book = UsageBook(records: [hold("old", madeAt: 0, ttl: 10), hold("live", madeAt: 0, ttl: 60)], at: at(20))
        #expect(book.usedTotal(offer: "last") == 1)
        #expect(book.isExpired("old") && !book.isExpired("live"))
        book.advance(to: at(5))
        #expect(book.usedTotal(offer: "last") == 1)
        #expect(book.isExpired("old"))
    }

    /// After a failed ledger write, memory goes back to what is durable; a hold
    /// the clock saw expire before the failure stays expired, whatever the clock reads now.
    @Test func aResetToTheDurableHoldsKeepsWhatHasExpired() {
        let book = UsageBook()
        book.advance(to: at(0))
        let r1 = hold("r1", madeAt: 0, ttl: 10)
        book.insert(r1)
        book.advance(to: at(20))
        book.advance(to: at(5))
        book.reset(to: [r1])
        #expect(book.usedTotal(offer: "last") == 0)
        #expect(book.isExpired("r1"))
        #expect(book.holds["r1"] == r1)
    }

    /// A COMMIT answered OK in memory but lost by the ledger never happened:
    /// the hold is held on disk, and the clock has passed its expiry since.
    @Test func aResetExpiresAHoldWhoseCommitWasLostAfterItsExpiryPassed() {
        let book = UsageBook()
        book.advance(to: at(0))
        let r1 = hold("r1", madeAt: 0, ttl: 10)
        book.insert(r1)
        book.advance(to: at(9))
        book.update(committed(r1))
        book.advance(to: at(20))
        book.advance(to: at(5))
        #expect(book.usedTotal(offer: "last") == 1)
        book.reset(to: [r1])
        #expect(book.usedTotal(offer: "last") == 0)
        #expect(book.isExpired("r1"))
    }

    /// A hold whose write failed never happened: its id is free, and a new hold
    /// with it is not taken for the one the clock saw expire.
    @Test func aResetForgetsHoldsThatAreNotDurable() {
        let book = UsageBook()
        book.advance(to: at(0))
        book.insert(hold("lost", madeAt: 0, ttl: 10))
        book.advance(to: at(20))
        book.advance(to: at(5))
        book.reset(to: [])
        #expect(book.holds["lost"] == nil && !book.isExpired("lost"))
        book.insert(hold("lost", madeAt: 5, ttl: 10))
        #expect(book.usedTotal(offer: "last") == 1)
        #expect(!book.isExpired("lost"))
    }

    /// A hold of `amounts.count` units of offer `priced`, each with its stored amount.
    func priced(_ id: String, _ amounts: [Int], madeAt: Int64 = 0, ttl: Int64 = 10) -> HoldRecord {
        let slot = UsageSlot(offer: "priced", member: .row(1), event: "gala", periodStart: nil)
        let take = OfferTake(
            offerID: "priced", quantity: amounts.count, remainingAfter: nil,
            allocations: [Allocation(slot: slot, quantity: amounts.count)],
            units: amounts.map { UnitTake(ticketID: "gala-seated", amount: $0) })
        return HoldRecord(id: id, content: id, reply: [], createdAt: at(madeAt), expiresAt: at(madeAt + ttl), takes: [take])
    }

    /// SPEC §7 Money budget: the stored amounts count while their hold does, and a
    /// release or an expiry gives back exactly them.
    @Test func moneyInUseIsTheStoredAmountsOfLiveHoldsAndCommits() {
        let book = UsageBook(records: [], at: at(0))
        book.insert(priced("a", [900, 900]))
        book.insert(priced("b", [525], ttl: 100))
        book.insert(priced("free", [0, 0]))
        #expect(book.moneyInUse(offer: "priced") == 2325)
        book.update(committed(book.holds["a"]!))
        book.advance(to: at(20))  // "free" expires; "a" is a commit; "b" still held
        #expect(book.moneyInUse(offer: "priced") == 2325)
        var released = book.holds["a"]!
        released.state = .released
        book.update(released)
        #expect(book.moneyInUse(offer: "priced") == 525)
        book.advance(to: at(100))
        #expect(book.moneyInUse(offer: "priced") == 0)
        #expect(book.moneyInUse(offer: "other") == 0)
        book.reset(to: [priced("c", [100], madeAt: 100)])
        #expect(book.moneyInUse(offer: "priced") == 100)
    }
}
