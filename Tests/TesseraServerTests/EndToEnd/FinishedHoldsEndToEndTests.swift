import Dispatch
import Foundation
import Synchronization
import Testing
import TesseraCore

@testable import TesseraServer

/// Issue 17 over TCP: a finished hold (committed, released, expired) leaves memory once
/// its writes are durable, and every answer about it, read back from the ledger, is the
/// one it was before: a repeated HOLD, COMMIT and RELEASE, a partial refund of an old
/// commit and its repeat, also after a restart that reads only the sums and live holds.
@Suite("Finished holds answer from the ledger (issue 17)")
struct FinishedHoldsEndToEndTests {
    /// A server on the test catalog with the ledger `ledger`, the test clock at 12:00.
    static func serve(catalog: String, ledger: String) throws -> RunningServer {
        let server = try RunningServer { $0.catalog = catalog; $0.ledger = ledger; $0.testClock = true }
        _ = try server.client().request("CLOCK set=2026-11-23T12:00:00Z")
        return server
    }

    /// Runs `body` on the server's loop thread, where its memory may be read.
    static func onLoop<T: Sendable>(_ server: RunningServer, _ body: @escaping @Sendable (TesseraService) -> T) -> T {
        let result = Mutex<T?>(nil)
        let done = DispatchSemaphore(value: 0)
        let service = server.runner.service
        service.post {
            result.withLock { $0 = body(service) }
            done.signal()
        }
        done.wait()
        return result.withLock { $0! }
    }

    static func inMemory(_ server: RunningServer, _ id: String) -> Bool {
        onLoop(server) { $0.book.holds[id] != nil }
    }

    static func stat(_ lines: [String], _ name: String) -> String? {
        lines.first { $0.hasPrefix("STAT name=\(name) ") }?.split(separator: "=").last.map(String.init)
    }

    @Test func everyAnswerAboutAFinishedHoldIsTheOneItWas() throws {
        let (directory, catalog) = try TestCatalog.makeFile()
        defer { try? FileManager.default.removeItem(at: directory) }
        let ledger = directory.appendingPathComponent("usage.ledger").path
        let hold = "HOLD id=c1 event=gala customer=cust-anna item=club-monthly:gala-standing:3"
        let refund = "RELEASE id=c1 item=club-monthly:gala-standing:1 refund=r1"
        let held: [String]
        let refunded: [String]
        do {
            let server = try Self.serve(catalog: catalog, ledger: ledger)
            defer { server.stop() }
            let c = try server.client()
            held = try c.request(hold)
            #expect(held == ["HELD offer=club-monthly qty=3 remaining=7", "OK id=c1 expires=2026-11-23T12:15:00Z"])
            #expect(Self.inMemory(server, "c1"), "live")
            #expect(try c.request("COMMIT id=c1 order=o-1") == ["OK id=c1 state=committed"])
            #expect(!Self.inMemory(server, "c1"), "a durable commit leaves memory")

            #expect(try c.request(hold) == held)
            #expect(try c.request(hold + " ttl=60") == ["ERR conflict id=c1 msg=this%20id%20holds%20other%20content"])
            #expect(try c.request("COMMIT id=c1 order=o-2") == ["OK id=c1 state=committed"])
            #expect(try c.request("EVAL event=gala customer=cust-anna").contains { $0.hasPrefix("OFFER id=club-monthly ") && $0.contains(" remaining=7 ") })

            refunded = try c.request(refund)
            #expect(refunded == ["RELEASED offer=club-monthly qty=1 remaining=8", "OK id=c1 state=committed"])
            #expect(!Self.inMemory(server, "c1"), "back to the ledger once the refund is durable")
            #expect(try c.request(refund) == refunded)
            #expect(try c.request("RELEASE id=c1 item=club-monthly:gala-standing:2 refund=r1")
                == ["ERR conflict id=c1 refund=r1 msg=this%20refund%20gave%20back%20other%20items"])

            // An expired hold: out of memory once the clock passes it, expired for good.
            _ = try c.request("HOLD id=c2 event=gala customer=cust-anna item=club-monthly:gala-standing:1 ttl=60")
            _ = try c.request("CLOCK set=2026-11-23T12:02:00Z")
            #expect(!Self.inMemory(server, "c2"))
            #expect(try c.request("COMMIT id=c2") == ["ERR expired id=c2"])
            _ = try c.request("CLOCK set=2026-11-23T12:00:00Z")
            #expect(try c.request("COMMIT id=c2") == ["ERR expired id=c2"])
            #expect(try c.request("RELEASE id=c2 item=club-monthly:gala-standing:1 refund=x") == ["ERR expired id=c2"])
            #expect(try c.request("RELEASE id=c2") == ["OK id=c2 state=released"])
            #expect(try c.request("COMMIT id=c2") == ["ERR released id=c2"])
            #expect(try c.request("RELEASE id=c2") == ["OK id=c2 state=released"])
            #expect(try c.request("COMMIT id=nobody") == ["ERR unknown_hold id=nobody"])

            let stats = try c.request("STATS")
            #expect(Self.stat(stats, "holds_total") == "2" && Self.stat(stats, "holds_live") == "1")
            #expect(Self.onLoop(server) { $0.book.holds.count } == 0)
        }

        // A restart reads the sums and live holds; the answers stay.
        let server = try Self.serve(catalog: catalog, ledger: ledger)
        defer { server.stop() }
        let c = try server.client()
        #expect(Self.onLoop(server) { $0.book.holds.count } == 0)
        #expect(try c.request("EVAL event=gala customer=cust-anna").contains { $0.hasPrefix("OFFER id=club-monthly ") && $0.contains(" remaining=8 ") })
        #expect(try c.request(hold) == held)
        #expect(try c.request(refund) == refunded)
        #expect(try c.request("COMMIT id=c2") == ["ERR released id=c2"])
        let stats = try c.request("STATS")
        #expect(Self.stat(stats, "holds_total") == "2" && Self.stat(stats, "holds_live") == "1")
        // Releasing the old commit gives back what it has left, to EVAL now and after a restart.
        #expect(try c.request("RELEASE id=c1") == ["OK id=c1 state=released"])
        #expect(try c.request("EVAL event=gala customer=cust-anna").contains { $0.hasPrefix("OFFER id=club-monthly ") && $0.contains(" remaining=10 ") })
        #expect(Self.stat(try c.request("STATS"), "holds_live") == "0")
    }

    /// 100,000 of them added ~105 MiB before: now held holds that are released leave nothing.
    @Test func heldAndReleasedHoldsLeaveNothingInMemory() throws {
        let (directory, catalog) = try TestCatalog.makeFile()
        defer { try? FileManager.default.removeItem(at: directory) }
        let server = try Self.serve(catalog: catalog, ledger: directory.appendingPathComponent("usage.ledger").path)
        defer { server.stop() }
        let c = try server.client()
        for i in 0..<300 {
            #expect(try c.request("HOLD id=h\(i) event=gala code=BULK item=bulk-offer:gala-seated:1").last?.hasPrefix("OK id=h\(i)") == true)
            #expect(try c.request("RELEASE id=h\(i)") == ["OK id=h\(i) state=released"])
        }
        #expect(Self.onLoop(server) { $0.book.holds.count + $0.book.durable.count } == 0)
        let stats = try c.request("STATS")
        #expect(Self.stat(stats, "holds_total") == "300" && Self.stat(stats, "holds_live") == "0")
        #expect(try c.request("HOLD id=h7 event=gala code=BULK item=bulk-offer:gala-seated:1").last?.hasPrefix("OK id=h7 ") == true)
    }
}
