import Foundation
import Glibc
import Testing
import TesseraStore

@testable import TesseraClient
@testable import TesseraServer

/// SPEC §7 Partial refunds over TCP, on the demo catalog plus a group rate (at least 4
/// per hold) for member `GROUP`: cust-anna's club membership (10 a month) and crew guest
/// list (2 per event) show `remaining` coming back.
@Suite("Partial refunds over TCP (SPEC §7)")
struct PartialRefundEndToEndTests {
    static let catalogSQL = GroupMinimumEndToEndTests.groupSQL

    /// A server on `sql` with the test clock at 2026-11-23T12:00:00Z; the caller removes `directory`.
    static func serve(_ sql: String = catalogSQL) throws -> (server: RunningServer, directory: URL) {
        let (directory, catalog) = try TestCatalog.makeFile(extraSQL: sql)
        let server = try RunningServer { $0.catalog = catalog; $0.testClock = true }
        _ = try server.client().request("CLOCK set=2026-11-23T12:00:00Z")
        return (server, directory)
    }

    @Test func aPartialReleaseGivesBackSomeUnitsWithOneReleasedLinePerOffer() throws {
        let (server, directory) = try Self.serve()
        defer { server.stop(); try? FileManager.default.removeItem(at: directory) }
        let c = try server.client()
        _ = try c.request(
            "HOLD id=c1 event=gala customer=cust-anna item=club-monthly:gala-standing:3 item=crew-guest-list:gala-crew:2")
        // Offers in order of first appearance, qty summed, remaining as EVAL shows it now.
        #expect(try c.request(
            "RELEASE id=c1 item=crew-guest-list:gala-crew:1 item=club-monthly:gala-standing:1 item=crew-guest-list:gala-crew:1 refund=r1"
        ) == [
            "RELEASED offer=crew-guest-list qty=2 remaining=2",
            "RELEASED offer=club-monthly qty=1 remaining=8",
            "OK id=c1 state=held",
        ])
        let eval = try c.request("EVAL event=gala customer=cust-anna")
        #expect(eval.contains { $0.hasPrefix("OFFER id=club-monthly ") && $0.contains(" remaining=8 ") })
        // A COMMIT after a partial release commits what is left; a refund of a commit follows.
        #expect(try c.request("COMMIT id=c1 order=web-1") == ["OK id=c1 state=committed"])
        #expect(try c.request("RELEASE id=c1 item=club-monthly:gala-standing:1 refund=r2") == [
            "RELEASED offer=club-monthly qty=1 remaining=9", "OK id=c1 state=committed",
        ])
        // The last units: the hold is released; RELEASE without items answers as before.
        #expect(try c.request("RELEASE id=c1 item=club-monthly:gala-standing:1 refund=r3") == [
            "RELEASED offer=club-monthly qty=1 remaining=10", "OK id=c1 state=released",
        ])
        #expect(try c.request("RELEASE id=c1") == ["OK id=c1 state=released"])
        #expect(try c.request("COMMIT id=c1") == ["ERR released id=c1"])
        // RELEASE id= alone releases all that is left.
        _ = try c.request("HOLD id=c2 event=gala customer=cust-anna item=club-monthly:gala-standing:4")
        _ = try c.request("RELEASE id=c2 item=club-monthly:gala-standing:1 refund=a")
        #expect(try c.request("RELEASE id=c2") == ["OK id=c2 state=released"])
        #expect(try c.request("EVAL event=gala customer=cust-anna").contains {
            $0.hasPrefix("OFFER id=club-monthly ") && $0.contains(" remaining=10 ")
        })
    }

    /// RELEASED lines of an offer with a budget gain `budget_left` after the release: the
    /// stored amounts of the units given back return to it, whatever RELOAD changed since.
    @Test func theStoredAmountsGoBackToTheBudget() throws {
        let (directory, catalog) = try TestCatalog.makeFile(extraSQL: MoneyBudgetEndToEndTests.sponsorSQL())
        defer { try? FileManager.default.removeItem(at: directory) }
        let server = try RunningServer { $0.catalog = catalog; $0.testClock = true }
        defer { server.stop() }
        let c = try server.client()
        _ = try c.request("CLOCK set=2026-11-23T12:00:00Z")
        // 2 seated (3000 each) and 1 standing (1750): 7750 of 10000.
        #expect(try c.request("HOLD id=s event=gala code=SPONSOR item=sponsor-half:gala-seated:2 item=sponsor-half:gala-standing:1").first
            == "HELD offer=sponsor-half qty=3 remaining=97 budget_left=2250")
        // Prices change: a seated unit would now give 4800 away; the one given back returns its 3000.
        try Database(path: catalog, mode: .readWrite).execute("UPDATE offers SET value = 80 WHERE id = 'sponsor-half'")
        #expect(try c.request("RELOAD").first?.hasPrefix("OK ") == true)
        #expect(try c.request("RELEASE id=s item=sponsor-half:gala-seated:1 refund=r1") == [
            "RELEASED offer=sponsor-half qty=1 remaining=98 budget_left=5250", "OK id=s state=held",
        ])
        #expect(try c.request("RELEASE id=s item=sponsor-half:gala-seated:1 item=sponsor-half:gala-standing:1 refund=r2") == [
            "RELEASED offer=sponsor-half qty=2 remaining=100 budget_left=10000", "OK id=s state=released",
        ])
    }

    /// Every unit is kept with its ticket and amount, so one hold takes at most 10,000.
    @Test func aHoldOfMoreUnitsThanAnyCartIsABadRequest() throws {
        let server = try RunningServer()
        defer { server.stop() }
        let c = try server.client()
        #expect(try c.request("HOLD id=x event=gala code=BULK item=bulk-offer:gala-seated:10001")
            == ["ERR bad_request msg=item%20quantity%20must%20be%20a%20whole%20number%20from%201%20to%2010000"])
        #expect(try c.request("HOLD id=x event=gala code=VIP321 item=seat-unlock:gala-seated:6000 item=seat-unlock:gala-seated:4001")
            == ["ERR bad_request msg=a%20hold%20takes%20at%20most%2010000%20units;%20this%20one%20asks%20for%2010001"])
        #expect(try c.request("HOLD id=x event=gala code=VIP321 item=seat-unlock:gala-seated:1000000000000")
            .first?.hasPrefix("ERR bad_request ") == true)
    }

    @Test func aRefundIdAnswersItsFirstAnswerAndBindsItsItems() throws {
        let (server, directory) = try Self.serve()
        defer { server.stop(); try? FileManager.default.removeItem(at: directory) }
        let c = try server.client()
        _ = try c.request("HOLD id=h event=gala customer=cust-anna item=club-monthly:gala-standing:3")
        let first = try c.request("RELEASE id=h item=club-monthly:gala-standing:1 refund=r1")
        #expect(first == ["RELEASED offer=club-monthly qty=1 remaining=8", "OK id=h state=held"])
        // Another hold changes `remaining`; the repeat still answers the first answer, and gives back nothing.
        _ = try c.request("HOLD id=other event=gala customer=cust-anna item=club-monthly:gala-standing:1")
        #expect(try c.request("RELEASE id=h item=club-monthly:gala-standing:1 refund=r1") == first)
        #expect(try c.request("RELEASE id=h item=club-monthly:gala-standing:2 refund=r1")
            == ["ERR conflict id=h refund=r1 msg=this%20refund%20gave%20back%20other%20items"])
        // Encoded the same after decoding is the same items.
        #expect(try c.request("RELEASE id=h item=club%2Dmonthly:gala-standing:1 refund=r1") == first)
        // Only an OK binds: a refused refund id is free for another try.
        #expect(try c.request("RELEASE id=h item=club-monthly:gala-standing:5 refund=r2")
            == ["ERR not_in_hold offer=club-monthly ticket=gala-standing held=2"])
        #expect(try c.request("RELEASE id=h item=club-monthly:gala-standing:2 refund=r2").last == "OK id=h state=released")
        // A known refund answers before `released`.
        #expect(try c.request("RELEASE id=h item=club-monthly:gala-standing:1 refund=r1") == first)
        #expect(try c.request("RELEASE id=h item=club-monthly:gala-standing:1 refund=r3") == ["ERR released id=h"])
    }

    @Test func theChecksComeInTheContractsOrder() throws {
        let (server, directory) = try Self.serve()
        defer { server.stop(); try? FileManager.default.removeItem(at: directory) }
        let c = try server.client()
        _ = try c.request("HOLD id=g event=gala code=GROUP item=team-rate:gala-seated:5 ttl=60")
        // bad_request: refund without item, item without refund, a malformed item; before unknown_hold.
        #expect(try c.request("RELEASE id=nope refund=r").first?.hasPrefix("ERR bad_request ") == true)
        #expect(try c.request("RELEASE id=nope item=team-rate:gala-seated:1").first?.hasPrefix("ERR bad_request ") == true)
        #expect(try c.request("RELEASE id=nope item=team-rate:gala-seated:0 refund=r").first?.hasPrefix("ERR bad_request ") == true)
        #expect(try c.request("RELEASE id=nope item=team-rate:gala-seated:1 refund=r") == ["ERR unknown_hold id=nope"])
        // not_in_hold: the items of a pair summed; `*` names no offer; before below_minimum.
        #expect(try c.request("RELEASE id=g item=team-rate:gala-seated:3 item=team-rate:gala-seated:3 refund=r")
            == ["ERR not_in_hold offer=team-rate ticket=gala-seated held=5"])
        #expect(try c.request("RELEASE id=g item=*:gala-seated:1 refund=r") == ["ERR not_in_hold offer=* ticket=gala-seated held=0"])
        #expect(try c.request("RELEASE id=g item=team-rate:gala-standing:1 refund=r")
            == ["ERR not_in_hold offer=team-rate ticket=gala-standing held=0"])
        // below_minimum: keep at least 4 or give back all 5.
        #expect(try c.request("RELEASE id=g item=team-rate:gala-seated:2 refund=r") == ["ERR below_minimum offer=team-rate min=4"])
        #expect(try c.request("RELEASE id=g item=team-rate:gala-seated:1 refund=r").last == "OK id=g state=held")
        // expired: a held hold past its expiry, before not_in_hold.
        _ = try c.request("CLOCK set=2026-11-23T12:01:00Z")
        #expect(try c.request("RELEASE id=g item=team-rate:gala-seated:9 refund=r2") == ["ERR expired id=g"])
        let stats = try c.request("STATS")
        #expect(stats.contains("STAT name=errors_not_in_hold value=3"))
        #expect(stats.contains("STAT name=errors_below_minimum value=1"))
    }

    @Test func theClientLibraryReadsTheReleasedLines() throws {
        let (directory, catalog) = try TestCatalog.makeFile(extraSQL: Self.catalogSQL)
        defer { try? FileManager.default.removeItem(at: directory) }
        let server = try RunningServer { $0.catalog = catalog }
        defer { server.stop() }
        var options = Client.Options(port: server.port)
        options.readTimeout = .seconds(20)
        let client = try Client(options)
        let items = [Request.Item(offer: "team-rate", ticket: "gala-seated", quantity: 6)]
        _ = try client.hold(id: "g", event: "gala", codes: ["GROUP"], items: items)
        let status = try client.release(
            id: "g", items: [Request.Item(offer: "team-rate", ticket: "gala-seated", quantity: 2)], refund: "r1")
        #expect(status.state == .held)
        #expect(status.released.map(\.offer) == ["team-rate"] && status.released.map(\.quantity) == [2])
        #expect(status.released.first?.remaining == .count(6))
        do {
            _ = try client.release(
                id: "g", items: [Request.Item(offer: "team-rate", ticket: "gala-seated", quantity: 9)], refund: "r2")
            Issue.record("a refund of more than the hold has was accepted")
        } catch {
            guard case .server(let refusal) = error else { throw error }
            #expect(refusal.code == .notInHold && refusal["held"] == "4")
        }
    }

    /// Durable like HOLD: after kill -9, the hold keeps exactly its remaining units and a
    /// repeated refund gets its first answer byte for byte.
    @Test func aRefundSurvivesKillMinus9AndItsRepeatAnswersTheSame() throws {
        let (directory, catalog) = try TestCatalog.makeFile(extraSQL: Self.catalogSQL)
        defer { try? FileManager.default.removeItem(at: directory) }
        let arguments = ["--catalog", catalog, "--ledger", directory.appendingPathComponent("l.ledger").path]
        let first = try TesseraProcess.start(arguments: arguments)
        let c = try TestClient(port: first.port)
        _ = try c.request("HOLD id=g event=gala code=GROUP item=team-rate:gala-seated:6 ttl=3600")
        let refund = "RELEASE id=g item=team-rate:gala-seated:2 refund=r1"
        let answer = try c.request(refund)
        #expect(answer == ["RELEASED offer=team-rate qty=2 remaining=6", "OK id=g state=held"])
        first.kill(SIGKILL)

        let second = try TesseraProcess.start(arguments: arguments)
        defer { second.kill(SIGTERM) }
        let after = try TestClient(port: second.port)
        #expect(try after.request(refund) == answer)
        #expect(try after.request("EVAL event=gala code=GROUP").first?.contains(" remaining=6 ") == true)
        #expect(try after.request("RELEASE id=g item=team-rate:gala-seated:1 refund=r2")
            == ["ERR below_minimum offer=team-rate min=4"])
        #expect(try after.request("COMMIT id=g") == ["OK id=g state=committed"])
        #expect(try after.request("EVAL event=gala code=GROUP").first?.contains(" remaining=6 ") == true)
    }
}
