import Foundation
import Glibc
import Testing
import TesseraCore
import TesseraStore

/// SPEC §7 Money budget: every unit a HOLD takes is stored with the hold, with its ticket
/// type and its discount fixed at HOLD time, and a restart keeps them.
@Suite struct LedgerUnitsTests {
    @Test func holdsStoreTheirUnitsAndARestartKeepsThem() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("tessera-units-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let ledger = directory.appendingPathComponent("usage.ledger").path

        let first = try SpawnedServer.start(["--ledger", ledger, "--test-clock"], in: directory)
        let client = try first.client()
        _ = try client.request("CLOCK set=2026-11-23T12:00:00Z")
        let held = try client.request(
            "HOLD id=cart-1 event=gala customer=cust-anna code=GALA25-0001 item=*:gala-standing:2 item=welcome-back:gala-seated:1 item=club-monthly:gala-standing:1")
        #expect(held.last?.hasPrefix("OK id=cart-1") == true, "\(held)")
        first.send(SIGTERM)
        #expect(first.waitForExit() == .status(0))

        let second = try SpawnedServer.start(["--ledger", ledger, "--test-clock"], in: directory)
        let again = try second.client()
        _ = try again.request("CLOCK set=2026-11-23T12:00:00Z")
        #expect(try again.request("HOLD id=cart-2 event=gala code=THANKS-4F7K item=thank-you-ticket:gala-standing:1").last?
            .hasPrefix("OK id=cart-2") == true)
        second.send(SIGTERM)
        #expect(second.waitForExit() == .status(0))

        let opened = try Ledger(path: ledger)
        defer { opened.close() }
        let holds = try opened.loadHolds()
        let units = holds.map { $0.takes.flatMap { take in take.units.map { "\(take.offerID):\($0.ticketID):\($0.amount)" } } }
        // The `*` item first, cheapest first (club-monthly at 1500), then the named items in order.
        #expect(units == [
            ["club-monthly:gala-standing:2000", "club-monthly:gala-standing:2000", "club-monthly:gala-standing:2000",
             "welcome-back:gala-seated:900"],
            ["thank-you-ticket:gala-standing:3500"],
        ])
    }
}
