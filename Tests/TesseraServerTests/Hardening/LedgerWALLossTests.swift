import Foundation
import Glibc
import Testing
import TesseraCore
import TesseraStore

/// The WAL is where every acknowledged write since the last checkpoint lives, and the
/// ledger file where the rest does. Deleted or replaced under a running server, SQLite
/// would go on writing to open files that no path names any more, and the next start would
/// read without them (or make a new, empty ledger). Never an OK a restart does not keep: the
/// loss is found before the next acknowledgement, what the open files hold is saved (into
/// the ledger file, or a new one where it was), the write is answered `ERR unavailable`, and
/// the server then writes on. Checked after `kill -9`, so no clean close helps.
@Suite("The ledger's files deleted or replaced while the server runs")
struct LedgerWALLossTests {
    enum Loss: CaseIterable { case walDeleted, walReplacedByAnOlderCopy, ledgerDeleted }

    @Test(arguments: Loss.allCases)
    func everyAcknowledgedWriteSurvivesAndTheLossIsAnsweredUnavailable(_ loss: Loss) throws {
        let (directory, catalog) = try TestCatalog.makeFile()
        defer { try? FileManager.default.removeItem(at: directory) }
        let ledger = directory.appendingPathComponent("usage.ledger").path
        let wal = ledger + "-wal"
        let server = try SpawnedServer.start(["--catalog", catalog, "--ledger", ledger], in: directory)
        let client = try server.client()
        var acknowledged: [String] = []
        func pairs(_ prefix: String, _ count: Int) throws {
            for i in 0..<count {
                let id = "\(prefix)\(i)"
                let held = try client.request("HOLD id=\(id) event=gala code=BULK item=bulk-offer:gala-seated:1")
                try #require(held.last?.hasPrefix("OK id=\(id)") == true, "\(held)")
                try #require(try client.request("COMMIT id=\(id)") == ["OK id=\(id) state=committed"])
                acknowledged.append(id)
            }
        }

        try pairs("a", 20)
        try #require(FileManager.default.fileExists(atPath: wal))
        let olderCopy = directory.appendingPathComponent("older-wal").path
        try FileManager.default.copyItem(atPath: wal, toPath: olderCopy)
        try pairs("b", 20)
        let logged: String
        switch loss {
        case .walDeleted, .walReplacedByAnOlderCopy:
            if loss == .walDeleted {
                try FileManager.default.removeItem(atPath: wal)
            } else {
                #expect(rename(olderCopy, wal) == 0)
            }
            logged = "the ledger's WAL file \(wal) was deleted or replaced while open; its acknowledged writes were saved into the ledger file"
        case .ledgerDeleted:
            try FileManager.default.removeItem(atPath: ledger)
            logged = "the ledger file was deleted while open; it was written again from the open file, with every acknowledged write"
        }

        // Found before the next acknowledgement: that write is refused, and nothing of it stays.
        let refused = try client.request("HOLD id=lost event=gala code=BULK item=bulk-offer:gala-seated:1")
        #expect(refused.first?.hasPrefix("ERR unavailable") == true, "\(refused)")
        #expect(server.log.contains(logged), "\(server.log)")
        // Then the server writes on, to a new WAL (and ledger file), which it holds as its own.
        try pairs("c", 20)
        let second = try SpawnedServer.startExpectingExit(["--catalog", catalog, "--ledger", ledger], in: directory)
        #expect(second.exit == .status(1))

        server.send(SIGKILL)
        #expect(server.waitForExit() == .signal(SIGKILL))
        let holds = try Ledger(path: ledger).loadHolds()
        #expect(holds.map(\.id) == acknowledged)
        #expect(holds.allSatisfy { $0.state == .committed })

        let restarted = try SpawnedServer.start(["--catalog", catalog, "--ledger", ledger], in: directory)
        let offer = try restarted.client().request("EVAL event=gala code=BULK").first { $0.hasPrefix("OFFER id=bulk-offer") }
        #expect(offer?.contains(" remaining=\(1000 - acknowledged.count) ") == true, "\(offer ?? "no offer")")
    }
}
