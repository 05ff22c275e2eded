import Foundation
import Testing
import TesseraCore
import TesseraStore
@testable import TesseraServer

@Suite("Ledger faults: never OK for a write that did not reach disk")
struct LedgerFaultTests {
    /// Another process's exclusive lock on the ledger makes every write fail
    /// (after the busy timeout), as a full or read-only disk would.
    final class Lock {
        let db: Database
        init(path: String) throws {
            db = try Database(path: path, mode: .readWrite, busyTimeout: 5000)
            try db.execute("BEGIN EXCLUSIVE")
        }
        func release() throws { try db.execute("COMMIT") }
    }

    @Test func unwritableMidRunAnswersUnavailableKeepsEvalAndRecoversByItself() throws {
        let (directory, catalog) = try TestCatalog.makeFile()
        defer { try? FileManager.default.removeItem(at: directory) }
        let ledger = directory.appendingPathComponent("usage.ledger").path
        let server = try RunningServer { $0.catalog = catalog; $0.ledger = ledger }
        let client = try server.client()
        let hold = { (id: String) in "HOLD id=\(id) event=gala code=BULK item=bulk-offer:gala-seated:1\n" }

        // A burst, with the ledger locked part-way through.
        try client.send((0..<40).map { hold("a\($0)") }.joined())
        var okIDs: [String] = []
        var failedIDs: [String] = []
        var lock: Lock?
        for i in 0..<40 {
            let reply = try client.readReply()
            if reply.last?.hasPrefix("OK id=") == true { okIDs.append("a\(i)") } else {
                #expect(reply == ["ERR unavailable msg=the%20ledger%20cannot%20write%20now;%20nothing%20changed"])
                failedIDs.append("a\(i)")
            }
            if i == 1 { lock = try Lock(path: ledger) }
        }
        // Locked: holds are refused, EVAL answers from memory, usage is what is on disk.
        #expect(try client.request(String(hold("b1").dropLast())) .first?.hasPrefix("ERR unavailable") == true)
        #expect(try client.request("EVAL event=gala code=vip321").last == "OK offers=1")
        let remaining = try client.request("EVAL event=gala code=BULK").first { $0.contains("id=bulk-offer") } ?? ""
        #expect(remaining.contains("remaining=\(1000 - okIDs.count) "), "\(remaining) after \(okIDs)")

        // The disk is back: writes resume without anyone stepping in.
        try lock?.release()
        lock = nil
        let again = try client.request(String(hold("c1").dropLast()))
        #expect(again.last?.hasPrefix("OK id=c1") == true)
        if again.last?.hasPrefix("OK") == true { okIDs.append("c1") }
        let stats = try client.request("STATS")
        #expect(stats.contains { $0.hasPrefix("STAT name=errors_unavailable value=") && !$0.hasSuffix("value=0") })
        #expect(stats.contains("STAT name=ledger_degraded value=0"))
        server.stop()

        // What is on disk is exactly what was acknowledged.
        let reopened = try Ledger(path: ledger)
        defer { reopened.close() }
        let onDisk = Set(try reopened.loadHolds().map(\.id))
        #expect(onDisk == Set(okIDs))
        #expect(onDisk.isDisjoint(with: failedIDs + ["b1"]))
    }

    /// After a failed write, memory goes back to what is on disk; a hold the
    /// clock saw expire before that stays expired, though the clock now reads
    /// a time before its expiry (SPEC §6 Life of a hold).
    @Test func aRecoveryFromAFailedWriteRevivesNoExpiredHold() throws {
        let (directory, catalog) = try TestCatalog.makeFile(extraSQL: TestCatalog.bulkSQL + TestCatalog.lastUnitSQL)
        defer { try? FileManager.default.removeItem(at: directory) }
        let ledger = directory.appendingPathComponent("usage.ledger").path
        let server = try RunningServer { $0.catalog = catalog; $0.ledger = ledger; $0.testClock = true }
        defer { server.stop() }
        let c = try server.client()
        _ = try c.request("CLOCK set=2026-11-23T12:00:00Z")
        #expect(try c.request("HOLD id=r1 event=gala code=LAST item=last-unit:gala-seated:1 ttl=10").last?.hasPrefix("OK id=r1") == true)
        _ = try c.request("CLOCK set=2026-11-23T12:00:20Z")
        _ = try c.request("CLOCK set=2026-11-23T12:00:05Z")

        // A write fails while the clock reads 12:00:05, before r1's expiry.
        let lock = try Lock(path: ledger)
        #expect(try c.request("HOLD id=b1 event=gala code=BULK item=bulk-offer:gala-seated:1").first?.hasPrefix("ERR unavailable") == true)
        try lock.release()

        #expect(try c.request("COMMIT id=r1") == ["ERR expired id=r1"])
        #expect(try c.request("EVAL event=gala code=LAST").contains { $0.hasPrefix("OFFER id=last-unit ") && $0.contains(" remaining=1 ") })
        #expect(try c.request("HOLD id=r2 event=gala code=LAST item=last-unit:gala-seated:1").first == "HELD offer=last-unit qty=1 remaining=0")
    }
}
