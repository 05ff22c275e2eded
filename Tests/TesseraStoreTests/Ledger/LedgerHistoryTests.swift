import Foundation
import Testing

@testable import TesseraCore
@testable import TesseraStore

/// Issue 17: a start reads the ledger's durable sums and its live holds, not every hold;
/// a finished hold is read back by id when a request names it.
@Suite struct LedgerHistoryTests {
    /// The sums a start would count from every hold: what memory counted before format 4.
    static func totals(of records: [HoldRecord]) -> UsageTotals {
        var totals = UsageTotals()
        for record in records { totals.change(from: nil, to: record) }
        return totals
    }

    /// A start's sums with its packed slots unpacked.
    static func sums(_ start: LedgerStart) -> UsageTotals {
        var totals = start.totals
        #expect(totals.slots.isEmpty)
        totals.slots = start.slots.slots
        return totals
    }

    /// A start reads the live holds through the index of held holds, never every hold.
    @Test func theLiveHoldsAreFoundThroughTheirIndex() throws {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        try Ledger(path: dir.file("ledger.db")).close()
        let db = try Database(path: dir.file("ledger.db"), mode: .readOnly)
        let plan = try db.prepare("EXPLAIN QUERY PLAN " + Ledger.liveHoldsSQL)
        var steps: [String] = []
        while try plan.step() == .row { steps.append(plan.text(at: 3)) }
        #expect(steps.count == 1 && steps[0].contains("USING INDEX holds_live"), "\(steps)")
    }

    /// The writes of `manyHoldsLoadInWriteOrder`, with partial refunds and a replaced id.
    static func mixedWrites() -> [LedgerWrite] {
        var writes: [LedgerWrite] = []
        for i in 0..<600 {
            var record = LedgerSamples.hold("id-\((i * 7919) % 500)", created: 1_800_000_000 + Int64(i))
            record.takes = Array(record.takes.prefix(i % 3))
            for t in record.takes.indices {
                record.takes[t].units = Array(
                    repeating: UnitTake(ticketID: "seated", amount: 100 + i), count: record.takes[t].quantity)
            }
            writes.append(.hold(record))
            if i % 2 == 0 { writes.append(.commit(id: record.id, order: "o-\(i)", at: record.createdAt)) }
            if i % 4 == 0, let take = record.takes.first {
                let refund = RefundRecord(
                    id: "r-\(i)", items: [HoldItem(offerID: take.offerID, ticketID: "seated", quantity: 1)], reply: [1, 2],
                    at: record.createdAt)
                writes.append(.refund(id: record.id, refund))
            }
            if i % 7 == 0 { writes.append(.release(id: record.id, at: record.createdAt)) }
        }
        return writes
    }

    @Test func theDurableSumsAreWhatEveryHoldAddsUpTo() throws {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        let path = dir.file("ledger.db")
        let ledger = try Ledger(path: path)
        let log = CompletionLog()
        ledger.start(deliver: log.deliver)
        let writes = Self.mixedWrites()
        #expect(try ledger.write(writes, log: log).allSatisfy { $0 })
        let records = try ledger.loadHolds()
        let expected = Self.totals(of: records)
        #expect(expected.committedHolds > 0 && !expected.slots.isEmpty)
        let start = try ledger.loadStart(at: Instant(seconds: 2_000_000_000))
        #expect(Self.sums(start) == expected)
        #expect(start.liveHolds.isEmpty)
        #expect(start.highestMemberID == 42)
        ledger.close()
        #expect(Self.sums(try Ledger(path: path).loadStart(at: Instant(seconds: 2_000_000_000))) == expected)
    }

    @Test func aStartReadsOnlyTheHoldsStillLive() throws {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        let ledger = try Ledger(path: dir.file("ledger.db"))
        defer { ledger.close() }
        let log = CompletionLog()
        ledger.start(deliver: log.deliver)
        let writes: [LedgerWrite] = [
            .hold(LedgerSamples.hold("old", created: 1_800_000_000)),  // expires 1_800_000_900
            .hold(LedgerSamples.hold("live", created: 1_800_000_500)),  // expires 1_800_001_400
            .hold(LedgerSamples.hold("committed", created: 1_800_000_500)),
            .commit(id: "committed", order: nil, at: Instant(seconds: 1_800_000_600)),
            .hold(LedgerSamples.hold("released", created: 1_800_000_500)),
            .release(id: "released", at: Instant(seconds: 1_800_000_600)),
        ]
        #expect(try ledger.write(writes, log: log).allSatisfy { $0 })
        let start = try ledger.loadStart(at: Instant(seconds: 1_800_001_000))
        #expect(start.liveHolds.map(\.id) == ["live"])
        #expect(start.liveHolds.first == LedgerSamples.expected(after: writes).first { $0.id == "live" })
        #expect(start.totals.holds == 4 && start.totals.committedHolds == 1)
        #expect(try ledger.loadStart(at: Instant(seconds: 1_800_001_400)).liveHolds.isEmpty, "expires is not live")
    }

    /// Each hold read by id is the record the full load builds, refunds replayed.
    @Test func aHoldReadByIdIsTheHoldAsWritten() throws {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        let ledger = try Ledger(path: dir.file("ledger.db"))
        defer { ledger.close() }
        let log = CompletionLog()
        ledger.start(deliver: log.deliver)
        #expect(try ledger.write(Self.mixedWrites(), log: log).allSatisfy { $0 })
        let records = try ledger.loadHolds()
        for record in records { #expect(try ledger.storedHold(id: record.id) == record) }
        #expect(try ledger.storedHold(id: "nobody") == nil)
        // A later write shows at the next read: no snapshot is kept between reads.
        #expect(try ledger.write([.release(id: records[0].id, at: Instant(seconds: 1))], log: log, firstTag: 10_000) == [true])
        #expect(try ledger.storedHold(id: records[0].id)?.state == .released)
    }

    /// A batch that fails after some of its writes were applied leaves the sums as they were,
    /// and nothing the writer remembered of those writes survives it (the connection, and its
    /// `RecentHolds`, are dropped): the same COMMIT tried again counts its hold once.
    @Test func aFailedBatchMovesNoSumAndItsRetryCountsOnce() throws {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        let first = try Ledger(path: dir.file("ledger.db"))
        let firstLog = CompletionLog()
        first.start(deliver: firstLog.deliver)
        #expect(try first.write([.hold(LedgerSamples.hold("a"))], log: firstLog) == [true])
        first.close()
        let ledger = try Ledger(path: dir.file("ledger.db"), options: .init(busyTimeout: 0, maxPageCount: 40))
        defer { ledger.close() }
        let log = CompletionLog()
        let commit = LedgerWrite.commit(id: "a", order: "o", at: Instant(seconds: 1_800_000_010))
        // Queued before start, so one batch: the commit is applied, then a hold too large for
        // the file fails the batch.
        let huge = LedgerWrite.hold(LedgerSamples.hold("huge", reply: Array(repeating: 7, count: 400_000)))
        ledger.submit(commit, completion: log.completion(10))
        ledger.submit(huge, completion: log.completion(11))
        ledger.start(deliver: log.deliver)
        try #require(log.wait(for: 2))
        #expect(log.results == [10: false, 11: false])
        ledger.acknowledgeFailure()
        #expect(Self.sums(try ledger.loadStart(at: Instant(seconds: 0))) == Self.totals(of: try ledger.loadHolds()))
        #expect(try ledger.write([commit], log: log, firstTag: 20) == [true])
        let sums = Self.sums(try ledger.loadStart(at: Instant(seconds: 0)))
        #expect(sums == Self.totals(of: try ledger.loadHolds()))
        #expect(sums.committedHolds == 1 && sums.offers["vip"]?.quantity == 2)
    }
}
