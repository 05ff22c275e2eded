import Foundation
import Glibc
import Testing
import TesseraStore

/// One ledger, one server: two servers counting usage in their own memory would each sell
/// the same last unit, and a code valid once would be committed twice. And a server that
/// does not start leaves nothing behind. Servers are real processes started as a shell does.
@Suite("One server per ledger, and a failed start creates no file")
struct OneServerPerLedgerTests {
    static let hold = "HOLD id=%@ event=gala code=THANKS-4F7K item=thank-you-ticket:gala-standing:1"

    @Test func aSecondServerOnTheSameLedgerRefusesToStartAndTheFirstServesOn() throws {
        let (directory, catalog) = try TestCatalog.makeFile()
        defer { try? FileManager.default.removeItem(at: directory) }
        let first = try SpawnedServer.start(["--catalog", catalog, "--test-clock"], in: directory)
        let client = try first.client()
        _ = try client.request("CLOCK set=2026-11-23T12:00:00Z")
        #expect(try client.request(String(format: Self.hold, "cart-1")).last?.hasPrefix("OK id=cart-1") == true)

        // The same catalog (so the same ledger beside it), then the same ledger named outright.
        for arguments in [["--catalog", catalog], ["--ledger", catalog + ".ledger"]] {
            let second = try SpawnedServer.startExpectingExit(arguments + ["--test-clock"], in: directory)
            #expect(second.exit == .status(1), "\(arguments)")
            #expect(second.log.contains("\(catalog).ledger: the ledger is in use by another Tessera server (process \(first.pid))"))
        }

        // The first one is unharmed: the code it sold once is still sold once.
        #expect(try client.request("COMMIT id=cart-1") == ["OK id=cart-1 state=committed"])
        #expect(try client.request(String(format: Self.hold, "cart-2")).first == "ERR limit_reached offer=thank-you-ticket remaining=0")
        first.send(SIGTERM)
        #expect(first.waitForExit() == .status(0))

        // Once it has stopped, the ledger is free, with its commit.
        let next = try SpawnedServer.start(["--catalog", catalog, "--test-clock"], in: directory)
        let again = try next.client()
        _ = try again.request("CLOCK set=2026-11-23T12:00:00Z")
        #expect(try again.request("EVAL event=jazz-night code=THANKS-4F7K").contains("CODE value=THANKS-4F7K status=used_up"))
        next.send(SIGTERM)
        #expect(next.waitForExit() == .status(0))
    }

    @Test func theDemoStartedTwiceInOneDirectoryShareNoLedger() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("tessera-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let ledger = directory.appendingPathComponent("tessera-demo.ledger").path
        let first = try SpawnedServer.start(["--ledger", ledger], in: directory)
        let second = try SpawnedServer.startExpectingExit(["--ledger", ledger], in: directory)
        #expect(second.exit == .status(1))
        #expect(second.log.contains("in use by another Tessera server (process \(first.pid))"))
        #expect(try first.client().request("PING") == ["OK"])
    }

    @Test(arguments: ["missing.db", "members.csv", "notes.txt"])
    func aCatalogThatDoesNotLoadLeavesNoLedgerBehind(_ name: String) throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("tessera-\(UUID().uuidString)")
        let logs = directory.appendingPathComponent("logs")
        try FileManager.default.createDirectory(at: logs, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let catalog = directory.appendingPathComponent(name).path
        switch name {
        case "members.csv": try "code,quantity\nVIP1,1\n".write(toFile: catalog, atomically: false, encoding: .utf8)
        case "notes.txt": try String(repeating: "not a database\n", count: 300).write(toFile: catalog, atomically: false, encoding: .utf8)
        default: break
        }
        let before = try FileManager.default.contentsOfDirectory(atPath: directory.path).sorted()

        let server = try SpawnedServer.startExpectingExit(["--catalog", catalog], in: logs)
        #expect(server.exit == .status(1))
        #expect(server.log.contains("catalog refused"))
        #expect(try FileManager.default.contentsOfDirectory(atPath: directory.path).sorted() == before)
    }
}
