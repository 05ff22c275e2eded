import Foundation
import Testing

@testable import TesseraCore
@testable import TesseraStore

/// Failures SQLite really reports: a lock held by another connection (SQLITE_BUSY),
/// a full database (SQLITE_FULL) and the file moved away while open.
@Suite struct LedgerFailureTests {
    @Test func aFailedBatchFailsLaterWritesUntriedUntilAcknowledged() throws {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        let path = dir.file("ledger.db")
        let ledger = try Ledger(path: path, options: .init(busyTimeout: 0))
        let log = CompletionLog()
        ledger.start(deliver: log.deliver)
        #expect(try ledger.write([.hold(LedgerSamples.hold("before"))], log: log, firstTag: 0) == [true])

        // Another connection holds the write lock: the batch fails with SQLITE_BUSY.
        let other = try Database(path: path)
        try other.execute("BEGIN IMMEDIATE")
        let failing: [LedgerWrite] = [
            .hold(LedgerSamples.hold("during")), .commit(id: "before", order: "o", at: Instant(seconds: 1_800_000_001)),
            .barrier,
        ]
        #expect(try ledger.write(failing, log: log, firstTag: 10) == [false, false, false])
        #expect(ledger.isFailed)
        #expect(ledger.batchesFailed == 1)
        #expect(ledger.lastFailure?.contains("locked") == true)

        // The cause is gone, but until the loop acknowledges, writes fail untried.
        try other.execute("ROLLBACK")
        #expect(try ledger.write([.hold(LedgerSamples.hold("untried")), .barrier], log: log, firstTag: 20) == [false, false])
        #expect(ledger.batchesFailed == 1)

        ledger.acknowledgeFailure()
        #expect(!ledger.isFailed)
        #expect(try ledger.write([.hold(LedgerSamples.hold("after")), .barrier], log: log, firstTag: 30) == [true, true])
        ledger.close()

        let reopened = try Ledger(path: path)
        defer { reopened.close() }
        let loaded = try reopened.loadHolds()
        #expect(loaded.map(\.id) == ["before", "after"])
        #expect(loaded.first?.state == .held)
    }

    @Test func aFullDatabaseRollsBackTheWholeBatch() throws {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        let path = dir.file("ledger.db")
        let ledger = try Ledger(path: path, options: .init(busyTimeout: 0, maxPageCount: 24))
        let log = CompletionLog()
        func big(_ id: String) -> LedgerWrite {
            .hold(LedgerSamples.hold(id, reply: Array(repeating: UInt8(id.utf8.count), count: 2048)))
        }

        // Queued before start, so one batch: its first holds would fit in 24 pages, the
        // whole batch does not, and none of it is written.
        let batch = (0..<100).map { big("batch-\($0)") }
        for (i, write) in batch.enumerated() { ledger.submit(write, completion: log.completion(i)) }
        ledger.start(deliver: log.deliver)
        try #require(log.wait(for: batch.count))
        #expect(log.results.values.allSatisfy { !$0 })
        #expect(ledger.batchesFailed == 1)
        #expect(ledger.lastFailure?.contains("full") == true)
        ledger.acknowledgeFailure()

        // One at a time until the file is full.
        var written: [LedgerWrite] = []
        var tag = 1000
        while written.count < 100 {
            let write = big("single-\(tag)")
            guard try ledger.write([write], log: log, firstTag: tag) == [true] else { break }
            written.append(write)
            tag += 1
        }
        #expect(!written.isEmpty && written.count < 100)
        #expect(ledger.batchesFailed == 2)

        // Failed: not tried. Acknowledged: tried, and still full.
        #expect(try ledger.write([.release(id: "single-1000", at: Instant(seconds: 1))], log: log, firstTag: 2000) == [false])
        #expect(ledger.batchesFailed == 2)
        ledger.acknowledgeFailure()
        #expect(try ledger.write([big("one-more")], log: log, firstTag: 2001) == [false])
        #expect(ledger.batchesFailed == 3)
        ledger.close()

        // Only what completed true is in the ledger.
        let reopened = try Ledger(path: path)
        defer { reopened.close() }
        #expect(try reopened.loadHolds() == LedgerSamples.expected(after: written))
    }

    @Test func aLedgerFileMovedAwayFailsAndRecoversWhenItIsBack() throws {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        let path = dir.file("ledger.db")
        let aside = dir.file("aside.db")
        let ledger = try Ledger(path: path, options: .init(busyTimeout: 0))
        let log = CompletionLog()
        ledger.start(deliver: log.deliver)
        #expect(try ledger.write([.hold(LedgerSamples.hold("one"))], log: log) == [true])

        // SQLite would go on writing to the moved file; the ledger refuses.
        #expect(rename(path, aside) == 0)
        #expect(try ledger.write([.hold(LedgerSamples.hold("lost"))], log: log, firstTag: 10) == [false])
        #expect(ledger.lastFailure?.contains("moved") == true)

        // Acknowledged while the file is still missing: tried, and the reopen fails.
        ledger.acknowledgeFailure()
        #expect(try ledger.write([.hold(LedgerSamples.hold("missing"))], log: log, firstTag: 20) == [false])
        #expect(ledger.batchesFailed == 2)
        #expect(ledger.lastFailure?.contains("cannot open") == true)
        #expect(!FileManager.default.fileExists(atPath: path), "the ledger must not recreate a missing file")

        // Back in place: the ledger reopens it by itself.
        #expect(rename(aside, path) == 0)
        ledger.acknowledgeFailure()
        #expect(try ledger.write([.hold(LedgerSamples.hold("two"))], log: log, firstTag: 30) == [true])
        ledger.close()

        let reopened = try Ledger(path: path)
        defer { reopened.close() }
        #expect(try reopened.loadHolds().map(\.id) == ["one", "two"])
    }
}
