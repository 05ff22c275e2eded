import Foundation
import Synchronization
import Testing

@testable import TesseraCore
@testable import TesseraStore

/// The writer checkpoints the WAL between batches (SQLite's automatic checkpoint is
/// off), so the WAL stays short whether the writer goes idle or never does.
@Suite struct LedgerCheckpointTests {
    /// Pages small enough that a few dozen holds cross the mark many times.
    static let options = Ledger.Options(checkpointPages: 8)
    /// Every commit appends at least one page, so 300 holds with no checkpoint leave
    /// a WAL of 300 pages or more; with them it stays near the busy mark (32 pages).
    static let maxWALPages = 100

    @Test func anIdleWriterCheckpointsAndTheWALStaysShort() throws {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        let path = dir.file("ledger.db")
        let ledger = try Ledger(path: path, options: Self.options)
        let log = CompletionLog()
        ledger.start(deliver: log.deliver)

        // One write at a time: the writer is idle after every batch.
        var writes: [LedgerWrite] = []
        for i in 0..<300 {
            let write = LedgerWrite.hold(LedgerSamples.hold("cart-\(i)"))
            writes.append(write)
            #expect(try ledger.write([write], log: log, firstTag: i) == [true])
        }
        #expect(ledger.checkpoints > 0)
        #expect(try Self.walPages(path) < Self.maxWALPages)
        #expect(try ledger.loadHolds() == LedgerSamples.expected(after: writes))
        ledger.close()
        #expect(try Ledger(path: path).loadHolds() == LedgerSamples.expected(after: writes))
    }

    @Test func aWriterThatIsNeverIdleStillCheckpoints() throws {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        let path = dir.file("ledger.db")
        let ledger = try Ledger(path: path, options: Self.options)
        let count = 300
        let done = DispatchSemaphore(value: 0)
        let results = Mutex<[Bool]>([])

        // Each completion submits the next write before the writer looks at its queue
        // again (the test's deliver runs on the writer thread), so the queue is never
        // empty between batches: only the busy mark can trigger a checkpoint.
        @Sendable func submit(_ i: Int) {
            ledger.submit(.hold(LedgerSamples.hold("cart-\(i)"))) { ok in
                let n = results.withLock { $0.append(ok); return $0.count }
                if n < count { submit(n) } else { done.signal() }
            }
        }
        ledger.start { $0() }
        submit(0)
        try #require(done.wait(timeout: .now() + 60) == .success, "ledger completions timed out")
        #expect(results.withLock { $0 } == Array(repeating: true, count: count))
        #expect(ledger.checkpoints > 0)
        #expect(try Self.walPages(path) < Self.maxWALPages)
        let writes = (0..<count).map { LedgerWrite.hold(LedgerSamples.hold("cart-\($0)")) }
        #expect(try ledger.loadHolds() == LedgerSamples.expected(after: writes))
        ledger.close()
    }

    /// The WAL file's length in pages: the longest the log has been, since SQLite
    /// reuses the file from its beginning after a complete checkpoint.
    static func walPages(_ path: String) throws -> Int {
        let size = try FileManager.default.attributesOfItem(atPath: path + "-wal")[.size] as? Int ?? 0
        let pageSize = Int(try Database(path: path, mode: .readOnly).pragma("page_size") ?? "4096") ?? 4096
        return size / pageSize
    }
}
