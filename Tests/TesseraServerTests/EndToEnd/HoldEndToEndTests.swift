import Foundation
import Testing
@testable import TesseraServer

@Suite("HOLD, COMMIT and RELEASE over TCP (SPEC §4)")
struct HoldEndToEndTests {
    @Test func holdCommitReleaseAndTheirErrors() throws {
        let server = try RunningServer { $0.testClock = true }
        defer { server.stop() }
        let c = try server.client()
        _ = try c.request("CLOCK set=2026-11-23T12:00:00Z")
        #expect(try c.request("HOLD id=cart-1 event=gala code=VIP321 item=seat-unlock:gala-seated:1 ttl=60") == [
            "HELD offer=seat-unlock qty=1 remaining=0", "OK id=cart-1 expires=2026-11-23T12:01:00Z",
        ])
        #expect(try c.request("EVAL event=gala code=vip321").contains("CODE value=vip321 status=used_up"))
        #expect(try c.request("HOLD id=cart-2 event=gala code=VIP321 item=seat-unlock:gala-seated:1")
            == ["ERR limit_reached offer=seat-unlock remaining=0"])
        #expect(try c.request("COMMIT id=cart-1 order=A-17") == ["OK id=cart-1 state=committed"])
        #expect(try c.request("COMMIT id=cart-1 order=other") == ["OK id=cart-1 state=committed"])
        #expect(try c.request("RELEASE id=cart-1") == ["OK id=cart-1 state=released"])
        #expect(try c.request("RELEASE id=cart-1") == ["OK id=cart-1 state=released"])
        #expect(try c.request("COMMIT id=cart-1") == ["ERR released id=cart-1"])
        #expect(try c.request("COMMIT id=nope") == ["ERR unknown_hold id=nope"])
        #expect(try c.request("RELEASE id=nope") == ["ERR unknown_hold id=nope"])
        // The refund gave the seat back.
        #expect(try c.request("EVAL event=gala code=vip321").first?.contains("remaining=1") == true)
    }

    @Test func checksAnswerInTheSpecOrder() throws {
        let server = try RunningServer { $0.testClock = true }
        defer { server.stop() }
        let c = try server.client()
        _ = try c.request("CLOCK set=2026-11-23T12:00:00Z")  // the demo's windows are around this date
        #expect(try c.request("HOLD id=h event=nowhere item=x:y:1") == ["ERR unknown_event event=nowhere"])
        #expect(try c.request("HOLD id=h event=gala item=nope:gala-seated:1") == ["ERR unknown_offer offer=nope"])
        #expect(try c.request("HOLD id=h event=gala item=seat-unlock:jazz-standard:1")
            == ["ERR unknown_ticket offer=seat-unlock ticket=jazz-standard"])
        #expect(try c.request("HOLD id=h event=gala code=nobody item=seat-unlock:gala-seated:1")
            == ["ERR not_eligible offer=seat-unlock"])
        #expect(try c.request("HOLD id=h event=gala code=THANKS-4F7K item=thank-you-ticket:gala-standing:2").first?
            .hasPrefix("ERR per_order_exceeded offer=thank-you-ticket max=") == true)
        #expect(try c.request("HOLD id=h event=gala item=seat-unlock:gala-seated") .first?.hasPrefix("ERR bad_request") == true)
        #expect(try c.request("HOLD id=h event=gala item=seat-unlock:gala-seated:0").first?.hasPrefix("ERR bad_request") == true)
        #expect(try c.request("HOLD id=h event=gala item=seat-unlock:gala-seated:1 ttl=2592001").first?.hasPrefix("ERR bad_request") == true)
        // An item's ids are decoded after splitting on the raw ':'.
        #expect(try c.request("HOLD id=h event=gala item=seat%3Aunlock:gala-seated:1") == ["ERR unknown_offer offer=seat:unlock"])
    }

    @Test func repeatingAHoldReturnsTheFirstAnswerAndCountsNothingTwice() throws {
        let server = try RunningServer()
        defer { server.stop() }
        let c = try server.client()
        let first = try c.request("HOLD id=k1 event=gala code=7350012340035 code=VIP321 item=section2-seats:gala-seated:2")
        #expect(first.last?.hasPrefix("OK id=k1 expires=") == true)
        // Same content: codes in another order, ttl spelled out as the default, another case.
        #expect(try c.request("HOLD id=k1 event=gala code=vip321 code=7350012340035 item=section2-seats:gala-seated:2 ttl=900") == first)
        #expect(try c.request("HOLD id=k1 event=gala code=7350012340035 item=section2-seats:gala-seated:1")
            == ["ERR conflict id=k1 msg=this%20id%20holds%20other%20content"])
        #expect(try c.request("EVAL event=gala code=7350012340035").first?.contains("remaining=2") == true)
        _ = try c.request("RELEASE id=k1")
        #expect(try c.request("HOLD id=k1 event=gala code=VIP321 code=7350012340035 item=section2-seats:gala-seated:2") == first)
    }

    @Test func aHoldStopsCountingAtItsExpiryInstant() throws {
        let server = try RunningServer { $0.testClock = true }
        defer { server.stop() }
        let c = try server.client()
        _ = try c.request("CLOCK set=2026-11-23T12:00:00Z")
        _ = try c.request("HOLD id=t1 event=gala code=VIP238 item=seat-unlock:gala-seated:1 ttl=30")
        _ = try c.request("CLOCK set=2026-11-23T12:00:29Z")
        #expect(try c.request("EVAL event=gala code=VIP238").first?.contains("remaining=0") == true)
        _ = try c.request("CLOCK set=2026-11-23T12:00:30Z")
        #expect(try c.request("EVAL event=gala code=VIP238").first?.contains("remaining=1") == true)
        #expect(try c.request("COMMIT id=t1") == ["ERR expired id=t1"])
        #expect(try c.request("RELEASE id=t1") == ["OK id=t1 state=released"])
    }

    /// The sequence (SPEC §6 Life of a hold: expiry is final): the
    /// clock set back to before r1's expiry once sold two units of a total of one.
    @Test func aClockSetBackRevivesNoExpiredHold() throws {
        let (directory, catalog) = try TestCatalog.makeFile(extraSQL: TestCatalog.lastUnitSQL)
        defer { try? FileManager.default.removeItem(at: directory) }
        let server = try RunningServer { $0.catalog = catalog; $0.testClock = true }
        defer { server.stop() }
        let c = try server.client()
        let hold = { (id: String) in "HOLD id=\(id) event=gala code=LAST item=last-unit:gala-seated:1 ttl=10" }
        let lastUnit = { () throws in try c.request("EVAL event=gala code=LAST").first { $0.hasPrefix("OFFER id=last-unit ") } }

        _ = try c.request("CLOCK set=2026-11-23T12:00:00Z")
        #expect(try c.request(hold("r1")) == ["HELD offer=last-unit qty=1 remaining=0", "OK id=r1 expires=2026-11-23T12:00:10Z"])
        _ = try c.request("CLOCK set=2026-11-23T12:00:20Z")
        #expect(try c.request(hold("r2")) == ["HELD offer=last-unit qty=1 remaining=0", "OK id=r2 expires=2026-11-23T12:00:30Z"])
        #expect(try c.request("COMMIT id=r2") == ["OK id=r2 state=committed"])

        _ = try c.request("CLOCK set=2026-11-23T12:00:05Z")
        #expect(try c.request("COMMIT id=r1") == ["ERR expired id=r1"])
        #expect(try lastUnit()?.contains(" remaining=0 ") == true)
        #expect(try c.request(hold("r3")) == ["ERR limit_reached offer=last-unit remaining=0"])
        #expect(try c.request("STATS").contains("STAT name=holds_live value=1"))
        #expect(try c.request("RELEASE id=r1") == ["OK id=r1 state=released"])
        #expect(try c.request("COMMIT id=r1") == ["ERR released id=r1"])
        // r1 takes nothing: refunding r2 frees the one unit.
        #expect(try c.request("RELEASE id=r2") == ["OK id=r2 state=released"])
        #expect(try lastUnit()?.contains(" remaining=1 ") == true)
    }

    /// `CLOCK set` past a hold's expiry and straight back, with no request in
    /// between, still moved the clock past it (SPEC §6).
    @Test func aClockSetPastAnExpiryAndStraightBackExpiresTheHold() throws {
        let (directory, catalog) = try TestCatalog.makeFile(extraSQL: TestCatalog.lastUnitSQL)
        defer { try? FileManager.default.removeItem(at: directory) }
        let server = try RunningServer { $0.catalog = catalog; $0.testClock = true }
        defer { server.stop() }
        let c = try server.client()
        _ = try c.request("CLOCK set=2026-11-23T12:00:00Z")
        _ = try c.request("HOLD id=r1 event=gala code=LAST item=last-unit:gala-seated:1 ttl=10")
        _ = try c.request("CLOCK set=2026-11-23T12:00:20Z")
        _ = try c.request("CLOCK set=2026-11-23T12:00:05Z")
        #expect(try c.request("COMMIT id=r1") == ["ERR expired id=r1"])
        #expect(try c.request("EVAL event=gala code=LAST").contains { $0.hasPrefix("OFFER id=last-unit ") && $0.contains(" remaining=1 ") })
    }

    /// A hold made while the clock is set back counts, as its HELD line says,
    /// until the clock moves forward to its own `expires` (README: Where the contract left a choice).
    @Test func aHoldMadeWhileTheClockIsSetBackCountsUntilItsOwnExpiry() throws {
        let (directory, catalog) = try TestCatalog.makeFile(extraSQL: TestCatalog.lastUnitSQL)
        defer { try? FileManager.default.removeItem(at: directory) }
        let server = try RunningServer { $0.catalog = catalog; $0.testClock = true }
        defer { server.stop() }
        let c = try server.client()
        let hold = { (id: String) in "HOLD id=\(id) event=gala code=LAST item=last-unit:gala-seated:1 ttl=10" }
        _ = try c.request("CLOCK set=2026-11-23T12:00:20Z")
        _ = try c.request("CLOCK set=2026-11-23T12:00:05Z")
        #expect(try c.request(hold("r3")) == ["HELD offer=last-unit qty=1 remaining=0", "OK id=r3 expires=2026-11-23T12:00:15Z"])
        _ = try c.request("CLOCK set=2026-11-23T12:00:14Z")
        #expect(try c.request(hold("r4")) == ["ERR limit_reached offer=last-unit remaining=0"])
        _ = try c.request("CLOCK set=2026-11-23T12:00:15Z")
        #expect(try c.request("COMMIT id=r3") == ["ERR expired id=r3"])
        #expect(try c.request(hold("r4")).last == "OK id=r4 expires=2026-11-23T12:00:25Z")
    }

    @Test func racingConnectionsNeverOversell() throws {
        let server = try RunningServer()
        defer { server.stop() }
        // external-promoters: 30 in total for the promoter allocation; each member may take 20.
        let clients = try (0..<16).map { _ in try server.client() }
        let group = DispatchGroup()
        let oks = SharedCounter(0)
        for (n, client) in clients.enumerated() {
            group.enter()
            Thread {
                defer { group.leave() }
                let identity = n % 2 == 0 ? "customer=cust-ben" : "email=lea@clubcrawl.example"
                let lines = (0..<10).map { "HOLD id=race-\(n)-\($0) event=gala \(identity) item=promoter-allocation:gala-promoter:1\n" }
                guard (try? client.send(lines.joined())) != nil else { return }
                for _ in 0..<10 {
                    if let reply = try? client.readReply(), reply.last?.hasPrefix("OK") == true { oks.add(1) }
                }
            }.start()
        }
        #expect(group.wait(timeout: .now() + 30) == .success)
        // Each of the two promoters may take 20, but the offer's total is 30.
        #expect(oks.value == 30)
    }
}

/// A counter threads can add to.
final class SharedCounter: @unchecked Sendable {
    private let lock = NSLock()
    private var count: Int
    init(_ value: Int) { count = value }
    func add(_ n: Int) { lock.lock(); count += n; lock.unlock() }
    var value: Int { lock.lock(); defer { lock.unlock() }; return count }
}
