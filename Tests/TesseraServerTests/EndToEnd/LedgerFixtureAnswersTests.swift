import Foundation
import Testing

@testable import TesseraServer

/// The ledgers earlier versions wrote (Tests/TesseraStoreTests/Fixtures) served after their
/// upgrade to format 4 (issue 17): the answers about their holds, which now come from the
/// ledger's sums and from holds read back by id, are the ones the fixtures recorded.
@Suite("Older ledgers answer as they were written (issue 17)")
struct LedgerFixtureAnswersTests {
    /// A copy of fixture `name` served with the test catalog, the clock at `clock`.
    static func serve(_ name: String, clock: String = "2026-11-23T12:05:00Z") throws -> (RunningServer, URL) {
        let (directory, catalog) = try TestCatalog.makeFile()
        let ledger = directory.appendingPathComponent("usage.ledger").path
        let fixture = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("TesseraStoreTests/Fixtures/\(name)").path
        try FileManager.default.copyItem(atPath: fixture, toPath: ledger)
        let server = try RunningServer { $0.catalog = catalog; $0.ledger = ledger; $0.testClock = true }
        _ = try server.client().request("CLOCK set=\(clock)")
        return (server, directory)
    }

    static func stat(_ lines: [String], _ name: String) -> String? {
        lines.first { $0.hasPrefix("STAT name=\(name) ") }?.split(separator: "=").last.map(String.init)
    }

    @Test func aVersion4LedgerAnswersAsItWasWritten() throws {
        let (server, directory) = try Self.serve("ledger-v4.sqlite")
        defer { server.stop(); try? FileManager.default.removeItem(at: directory) }
        let c = try server.client()
        #expect(try c.request("HOLD id=cart-3 event=gala code=THANKS-4F7K item=thank-you-ticket:gala-standing:1")
            == ["HELD offer=thank-you-ticket qty=1 remaining=0", "OK id=cart-3 expires=2026-11-23T12:15:00Z"])
        #expect(try c.request("RELEASE id=cart-2 item=welcome-back:gala-seated:1 refund=r1")
            == ["RELEASED offer=welcome-back qty=1 remaining=1", "OK id=cart-2 state=committed"])
        #expect(try c.request("COMMIT id=cart-2 order=again") == ["OK id=cart-2 state=committed"])
        #expect(try c.request("COMMIT id=cart-4") == ["ERR released id=cart-4"])
        #expect(try c.request("COMMIT id=cart-5") == ["ERR expired id=cart-5"])
        let stats = try c.request("STATS")
        #expect(Self.stat(stats, "holds_total") == "5" && Self.stat(stats, "holds_live") == "3")
        // cart-1 is live: its club-monthly units count (10 a month, 2 held).
        #expect(try c.request("EVAL event=gala customer=cust-anna").contains {
            $0.hasPrefix("OFFER id=club-monthly ") && $0.contains(" remaining=8 ")
        })
    }

    @Test func aVersion3LedgerAnswersAsItWasWrittenAfterItsUpgrade() throws {
        let (server, directory) = try Self.serve("ledger-v3.sqlite")
        defer { server.stop(); try? FileManager.default.removeItem(at: directory) }
        let c = try server.client()
        #expect(try c.request("RELEASE id=cart-2 item=welcome-back:gala-seated:1 refund=r1")
            == ["RELEASED offer=welcome-back qty=1 remaining=1", "OK id=cart-2 state=committed"])
        #expect(try c.request("COMMIT id=cart-3") == ["ERR released id=cart-3"])
        let stats = try c.request("STATS")
        #expect(Self.stat(stats, "holds_total") == "3" && Self.stat(stats, "holds_live") == "2")
        // cart-1 still holds 2 club-monthly units (3 less the refund).
        #expect(try c.request("EVAL event=gala customer=cust-anna").contains {
            $0.hasPrefix("OFFER id=club-monthly ") && $0.contains(" remaining=8 ")
        })
    }
}
