import Foundation
import Testing

@testable import TesseraCore
@testable import TesseraStore

@Suite struct LedgerTests {
    @Test func holdsRoundTripWithTakesAllocationsCommitsAndReleases() throws {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        let path = dir.file("ledger.db")
        let ledger = try Ledger(path: path)
        let log = CompletionLog()
        ledger.start(deliver: log.deliver)

        var bare = LedgerSamples.hold("bare", reply: [])
        bare.takes = []
        let writes: [LedgerWrite] = [
            .hold(LedgerSamples.hold("cart-1")),
            .hold(LedgerSamples.hold("cart 2/é", created: 1_800_000_100)),
            .hold(LedgerSamples.hold("cart-3")),
            .hold(bare),
            .commit(id: "cart-1", order: "order-1", at: Instant(seconds: 1_800_000_010)),
            // A repeated COMMIT keeps the first order.
            .commit(id: "cart-1", order: "order-other", at: Instant(seconds: 1_800_000_020)),
            .commit(id: "cart-3", order: nil, at: Instant(seconds: 1_800_000_030)),
            .release(id: "cart 2/é", at: Instant(seconds: 1_800_000_040)),
            // A released hold does not commit; a committed one is refunded.
            .commit(id: "cart 2/é", order: "late", at: Instant(seconds: 1_800_000_050)),
            .release(id: "cart-3", at: Instant(seconds: 1_800_000_060)),
            // Unknown ids change nothing.
            .commit(id: "nobody", order: "x", at: Instant(seconds: 1_800_000_070)),
            .release(id: "nobody", at: Instant(seconds: 1_800_000_080)),
        ]
        #expect(try ledger.write(writes, log: log) == Array(repeating: true, count: writes.count))

        let expected = LedgerSamples.expected(after: writes)
        #expect(expected.map(\.state) == [.committed, .released, .released, .held])
        #expect(expected.first?.order == "order-1")
        // Readable while the writer runs, and exactly what was submitted.
        #expect(try ledger.loadHolds() == expected)
        ledger.close()

        let reopened = try Ledger(path: path)
        defer { reopened.close() }
        #expect(try reopened.loadHolds() == expected)
    }

    /// SPEC §7 Partial refunds: a refund is stored with its items and answer, and gives
    /// back the same units when the ledger loads; one that empties a hold releases it.
    @Test func partialRefundsAreStoredAndReplayedOnLoad() throws {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        let path = dir.file("ledger.db")
        let ledger = try Ledger(path: path)
        let log = CompletionLog()
        ledger.start(deliver: log.deliver)

        func withUnits(_ id: String) -> HoldRecord {
            var hold = LedgerSamples.hold(id)
            hold.takes[0].units = [UnitTake(ticketID: "seated", amount: 500), UnitTake(ticketID: "standing", amount: 300)]
            hold.takes[1].units = [UnitTake(ticketID: "seated", amount: 0)]
            return hold
        }
        func refund(_ id: String, _ items: [(String, String, Int)], at: Int64) -> RefundRecord {
            RefundRecord(
                id: id, items: items.map { HoldItem(offerID: $0.0, ticketID: $0.1, quantity: $0.2) },
                reply: Array("RELEASED offer=x\nOK id=\(id) ✓\n".utf8), at: Instant(seconds: at))
        }
        let writes: [LedgerWrite] = [
            .hold(withUnits("a")),
            .hold(withUnits("b")),
            .refund(id: "a", refund("r1", [("vip", "standing", 1)], at: 1_800_000_010)),
            .commit(id: "b", order: "o-b", at: Instant(seconds: 1_800_000_020)),
            .refund(id: "b", refund("r1", [("vip", "seated", 1), ("promo", "seated", 1)], at: 1_800_000_030)),
            .refund(id: "b", refund("r2", [("vip", "standing", 1)], at: 1_800_000_040)),
        ]
        #expect(try ledger.write(writes, log: log) == Array(repeating: true, count: writes.count))
        let expected = LedgerSamples.expected(after: writes)
        #expect(expected.map(\.state) == [.held, .released])
        #expect(expected[0].takes.map(\.quantity) == [1, 1])
        #expect(expected[0].takes[0].allocations.map(\.quantity) == [1])
        #expect(expected[1].refunds.map(\.id) == ["r1", "r2"])
        #expect(try ledger.loadHolds() == expected)
        ledger.close()

        let reopened = try Ledger(path: path)
        defer { reopened.close() }
        #expect(try reopened.loadHolds() == expected)
        let db = try Database(path: path, mode: .readOnly)
        let states = try db.prepare("SELECT state FROM holds ORDER BY seq")
        var found: [String] = []
        while try states.step() == .row { found.append(states.text(at: 0)) }
        #expect(found == ["held", "released"])
    }

    @Test func completionsComeInSubmitOrderWithBarriers() throws {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        let ledger = try Ledger(path: dir.file("ledger.db"))
        defer { ledger.close() }
        let log = CompletionLog()
        ledger.start(deliver: log.deliver)

        // Alone, a barrier needs no transaction.
        #expect(try ledger.write([.barrier], log: log) == [true])
        #expect(ledger.batchesWritten == 0)

        var writes: [LedgerWrite] = []
        for i in 0..<300 {
            switch i % 3 {
            case 0: writes.append(.hold(LedgerSamples.hold("h\(i)")))
            case 1: writes.append(.barrier)
            default: writes.append(.commit(id: "h\(i - 2)", order: "o\(i)", at: Instant(seconds: 1_800_000_500)))
            }
        }
        #expect(try ledger.write(writes, log: log, firstTag: 1).allSatisfy { $0 })
        #expect(log.tags == Array(0...300))
        #expect(try ledger.loadHolds() == LedgerSamples.expected(after: writes))
    }

    @Test func groupCommitWritesEverythingQueuedInOneTransaction() throws {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        let ledger = try Ledger(path: dir.file("ledger.db"))
        defer { ledger.close() }
        let log = CompletionLog()

        // Queued before the writer starts: one batch, one transaction, one delivery.
        let early = (0..<500).map { LedgerWrite.hold(LedgerSamples.hold("early-\($0)")) }
        for (i, write) in early.enumerated() { ledger.submit(write, completion: log.completion(i)) }
        ledger.start(deliver: log.deliver)
        try #require(log.wait(for: early.count))
        #expect(ledger.batchesWritten == 1)
        #expect(log.deliveries == 1)

        // Submitted while the writer works: they gather behind each fsync.
        let late = (0..<1000).map { LedgerWrite.hold(LedgerSamples.hold("late-\($0)")) }
        let results = try ledger.write(late, log: log, firstTag: early.count)
        #expect(results.allSatisfy { $0 })
        let batches = ledger.batchesWritten - 1
        #expect(batches >= 1 && batches < late.count / 4, "\(batches) transactions for \(late.count) writes")
        // `deliver` runs once per batch.
        #expect(log.deliveries == ledger.batchesWritten)
        #expect(ledger.writesWritten == early.count + late.count)
        #expect(log.tags == Array(0..<(early.count + late.count)))
        #expect(try ledger.loadHolds().count == early.count + late.count)
    }

    @Test func closeWritesWhatIsQueuedAndIsSafeTwice() throws {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        let path = dir.file("ledger.db")
        let ledger = try Ledger(path: path)
        let log = CompletionLog()
        ledger.start(deliver: log.deliver)
        let writes = (0..<200).map { LedgerWrite.hold(LedgerSamples.hold("c\($0)")) }
        for (i, write) in writes.enumerated() { ledger.submit(write, completion: log.completion(i)) }
        ledger.close()
        ledger.close()
        try #require(log.wait(for: writes.count))
        #expect(log.results.values.allSatisfy { $0 })

        // After close, writes are refused, not lost silently.
        ledger.submit(.hold(LedgerSamples.hold("after")), completion: log.completion(999))
        try #require(log.wait(for: 1))
        #expect(log.results[999] == false)

        // The WAL was checkpointed into the file.
        #expect(try dir.listing() == ["ledger.db"])
        let reopened = try Ledger(path: path)
        defer { reopened.close() }
        #expect(try reopened.loadHolds() == LedgerSamples.expected(after: writes))
    }

    @Test func closeWithoutStartWritesTheQueueInline() throws {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        let path = dir.file("ledger.db")
        let ledger = try Ledger(path: path)
        let log = CompletionLog()
        ledger.submit(.hold(LedgerSamples.hold("queued")), completion: log.completion(0))
        ledger.close()
        try #require(log.wait(for: 1))
        #expect(log.results[0] == true)
        let reopened = try Ledger(path: path)
        defer { reopened.close() }
        #expect(try reopened.loadHolds().map(\.id) == ["queued"])
    }

    @Test func manyHoldsLoadInWriteOrder() throws {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        let ledger = try Ledger(path: dir.file("ledger.db"))
        defer { ledger.close() }
        let log = CompletionLog()
        ledger.start(deliver: log.deliver)
        var writes: [LedgerWrite] = []
        for i in 0..<3000 {
            var record = LedgerSamples.hold("id-\((i * 7919) % 3000)", created: 1_800_000_000 + Int64(i))
            record.takes = Array(record.takes.prefix(i % 3))  // 0, 1 or 2 takes
            writes.append(.hold(record))
            if i % 5 == 0 { writes.append(.commit(id: record.id, order: "o-\(i)", at: record.createdAt)) }
            if i % 7 == 0 { writes.append(.release(id: record.id, at: record.createdAt)) }
        }
        #expect(try ledger.write(writes, log: log).allSatisfy { $0 })
        #expect(try ledger.loadHolds() == LedgerSamples.expected(after: writes))
    }

    @Test func aRepeatedHoldIdReplacesTheHoldLikeApply() throws {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        let ledger = try Ledger(path: dir.file("ledger.db"))
        defer { ledger.close() }
        let log = CompletionLog()
        ledger.start(deliver: log.deliver)
        var second = LedgerSamples.hold("same", created: 1_900_000_000)
        second.takes.removeFirst()
        let writes: [LedgerWrite] = [
            .hold(LedgerSamples.hold("same")), .commit(id: "same", order: "o", at: Instant(seconds: 1_800_000_001)),
            .hold(LedgerSamples.hold("other")), .hold(second),
        ]
        #expect(try ledger.write(writes, log: log).allSatisfy { $0 })
        let loaded = try ledger.loadHolds()
        #expect(Set(loaded.map(\.id)) == ["same", "other"])
        #expect(loaded.first { $0.id == "same" } == second)
    }
}
