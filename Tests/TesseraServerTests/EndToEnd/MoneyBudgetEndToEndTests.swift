import Foundation
import Testing
import TesseraStore
import enum TesseraProtocol.PercentCoding

@testable import TesseraClient
@testable import TesseraServer

/// SPEC §7 Money budget over TCP. Member `SPONSOR` (100 of each offer) has `sponsor-half`,
/// 50 % off crew (0: gives nothing away), seated (6000: 3000 away) and standing (3500: 1750
/// away), at most 10 per hold, budget 10000; and `sponsor-group`, seated at 2000 (4000
/// away) from 2 tickets, budget 12000.
@Suite("Money budget over TCP (SPEC §7)")
struct MoneyBudgetEndToEndTests {
    static func sponsorSQL(halfBudget: String = "10000") -> String {
        """
        INSERT INTO audiences (id, name) VALUES ('sponsored', 'Sponsored');
        INSERT INTO members (id, audience_id, code, quantity) VALUES (50030, 'sponsored', 'SPONSOR', 100);
        INSERT INTO offers (id, name, audience_id, unlock, discount, value, per_order, min_order, budget)
          VALUES ('sponsor-half', 'Half', 'sponsored', 'code', 'percent', 50, 10, NULL, \(halfBudget)),
                 ('sponsor-group', 'Group', 'sponsored', 'code', 'price', 2000, NULL, 2, 12000);
        INSERT INTO offer_tickets VALUES ('sponsor-half', 'gala-crew'), ('sponsor-half', 'gala-seated'),
          ('sponsor-half', 'gala-standing'), ('sponsor-group', 'gala-seated');
        """
    }

    /// A server on `sponsorSQL` with the test clock at 2026-11-23T12:00:00Z.
    func serve(_ sql: String = sponsorSQL()) throws -> (server: RunningServer, catalog: String, directory: URL) {
        let (directory, catalog) = try TestCatalog.makeFile(extraSQL: sql)
        let server = try RunningServer { $0.catalog = catalog; $0.testClock = true }
        _ = try server.client().request("CLOCK set=2026-11-23T12:00:00Z")
        return (server, catalog, directory)
    }

    @Test func evalHoldAndReleaseWithABudget() throws {
        let (server, _, directory) = try serve()
        defer { server.stop(); try? FileManager.default.removeItem(at: directory) }
        let c = try server.client()
        // budget_left after max_order and min_order; max after base, best=1 last.
        #expect(try c.request("EVAL event=gala code=sponsor") == [
            "OFFER id=sponsor-group name=Group via=code remaining=100 max_order=100 min_order=2 budget_left=12000 discount=price value=2000",
            "TICKET offer=sponsor-group id=gala-seated price=2000 base=6000 max=3 best=1",
            "OFFER id=sponsor-half name=Half via=code remaining=100 max_order=10 budget_left=10000 discount=percent value=50",
            "TICKET offer=sponsor-half id=gala-crew price=0 base=0 max=10",
            "TICKET offer=sponsor-half id=gala-seated price=3000 base=6000 max=3",
            "TICKET offer=sponsor-half id=gala-standing price=1750 base=3500 max=5",
            "CODE value=sponsor status=ok",
            "OK offers=2",
        ])

        // HELD's budget_left is after this hold; the next hold over it is refused whole.
        #expect(try c.request("HOLD id=s1 event=gala code=sponsor item=sponsor-half:gala-seated:2") == [
            "HELD offer=sponsor-half qty=2 remaining=98 budget_left=4000", "OK id=s1 expires=2026-11-23T12:15:00Z",
        ])
        #expect(try c.request("HOLD id=s2 event=gala code=sponsor item=sponsor-half:gala-seated:2")
            == ["ERR budget_exhausted offer=sponsor-half budget_left=4000"])
        // The earlier checks answer first.
        #expect(try c.request("HOLD id=s2 event=gala code=sponsor item=sponsor-half:gala-seated:11")
            == ["ERR per_order_exceeded offer=sponsor-half max=10"])
        #expect(try c.request("HOLD id=s2 event=gala code=sponsor item=sponsor-group:gala-seated:1")
            == ["ERR below_minimum offer=sponsor-group min=2"])
        // A unit that gives nothing away needs no budget.
        #expect(try c.request("HOLD id=s3 event=gala code=sponsor item=sponsor-half:gala-crew:5").first
            == "HELD offer=sponsor-half qty=5 remaining=93 budget_left=4000")
        // One HELD line per offer, each with its own budget.
        #expect(try c.request("HOLD id=s4 event=gala code=sponsor item=sponsor-group:gala-seated:2 item=sponsor-half:gala-standing:2")
            .dropLast() == [
                "HELD offer=sponsor-group qty=2 remaining=98 budget_left=4000",
                "HELD offer=sponsor-half qty=2 remaining=91 budget_left=500",
            ])
        // The group's 4000 pays for one seated ticket, fewer than its minimum: no best any
        // more. The crew tickets keep sponsor-half usable.
        #expect(try c.request("EVAL event=gala code=sponsor") == [
            "OFFER id=sponsor-group name=Group via=code remaining=98 max_order=98 min_order=2 budget_left=4000 discount=price value=2000",
            "TICKET offer=sponsor-group id=gala-seated price=2000 base=6000 max=0",
            "OFFER id=sponsor-half name=Half via=code remaining=91 max_order=10 budget_left=500 discount=percent value=50",
            "TICKET offer=sponsor-half id=gala-crew price=0 base=0 max=10",
            "TICKET offer=sponsor-half id=gala-seated price=3000 base=6000 max=0",
            "TICKET offer=sponsor-half id=gala-standing price=1750 base=3500 max=0",
            "CODE value=sponsor status=ok",
            "OK offers=2",
        ])

        // A release gives back exactly what its hold took.
        #expect(try c.request("RELEASE id=s1") == ["OK id=s1 state=released"])
        #expect(try c.request("EVAL event=gala code=sponsor")[2].contains(" budget_left=6500 "))
        // A * item: the group could pay for 1 seated ticket (below its minimum, skipped),
        // sponsor-half for 2.
        #expect(try c.request("HOLD id=s5 event=gala code=sponsor item=*:gala-seated:3")
            == ["ERR limit_reached offer=* ticket=gala-seated remaining=2"])
        #expect(try c.request("HOLD id=s5 event=gala code=sponsor item=*:gala-seated:2").first
            == "HELD offer=sponsor-half qty=2 remaining=91 budget_left=500")
        #expect(try c.request("STATS").contains("STAT name=errors_budget_exhausted value=1"))
    }

    @Test func theClientLibraryReadsTheBudgetFields() throws {
        let (server, _, directory) = try serve()
        defer { server.stop(); try? FileManager.default.removeItem(at: directory) }
        var options = Client.Options(port: server.port)
        options.readTimeout = .seconds(20)
        let client = try Client(options)
        let half = try client.eval(event: "gala", codes: ["sponsor"]).offer("sponsor-half")
        #expect(half?.budgetLeft == 10000)
        #expect(half?.tickets.map(\.max) == [.count(10), .count(3), .count(5)])
        // An offer without a budget has neither.
        let vip = try client.eval(event: "gala", codes: ["vip321"]).offer("seat-unlock")
        #expect(vip?.budgetLeft == nil && vip?.tickets.map(\.max) == [nil])

        let held = try client.hold(
            id: "c1", event: "gala", codes: ["sponsor"], items: [.init(offer: "sponsor-half", ticket: "gala-seated", quantity: 3)])
        #expect(held.held == [.init(offer: "sponsor-half", quantity: 3, remaining: .count(97), budgetLeft: 1000)])
        do {
            _ = try client.hold(
                id: "c2", event: "gala", codes: ["sponsor"], items: [.init(offer: "sponsor-half", ticket: "gala-seated", quantity: 1)])
            Issue.record("a hold over the budget was accepted")
        } catch {
            guard case .server(let refusal) = error else { throw error }
            #expect(refusal.code == .budgetExhausted && refusal["offer"] == "sponsor-half" && refusal["budget_left"] == "1000")
        }
    }

    /// A budget that a RELOAD adds counts the holds made before it, at the amounts they
    /// stored; a release gives back exactly those, whatever the new prices.
    @Test func aReloadKeepsTheStoredAmounts() throws {
        let (server, catalog, directory) = try serve(Self.sponsorSQL(halfBudget: "NULL"))
        defer { server.stop(); try? FileManager.default.removeItem(at: directory) }
        let c = try server.client()
        let halfLines = { () throws in try c.request("EVAL event=gala code=sponsor").filter { $0.contains("sponsor-half") } }
        // No budget: no budget_left, no max, HELD as in §4.
        #expect(try halfLines() == [
            "OFFER id=sponsor-half name=Half via=code remaining=100 max_order=10 discount=percent value=50",
            "TICKET offer=sponsor-half id=gala-crew price=0 base=0",
            "TICKET offer=sponsor-half id=gala-seated price=3000 base=6000",
            "TICKET offer=sponsor-half id=gala-standing price=1750 base=3500",
        ])
        #expect(try c.request("HOLD id=r1 event=gala code=sponsor item=sponsor-half:gala-seated:2").first
            == "HELD offer=sponsor-half qty=2 remaining=98")

        // 25 % off now (1500 away on seated), budget 4000: under the 6000 in use, so 0 left.
        let db = try Database(path: catalog, mode: .readWrite)
        try db.execute("UPDATE offers SET value = 25, budget = 4000 WHERE id = 'sponsor-half'")
        #expect(try c.request("RELOAD").first?.hasPrefix("OK offers=") == true)
        #expect(try halfLines() == [
            "OFFER id=sponsor-half name=Half via=code remaining=98 max_order=10 budget_left=0 discount=percent value=25",
            "TICKET offer=sponsor-half id=gala-crew price=0 base=0 max=10",
            "TICKET offer=sponsor-half id=gala-seated price=4500 base=6000 max=0",
            "TICKET offer=sponsor-half id=gala-standing price=2625 base=3500 max=0",
        ])
        #expect(try c.request("HOLD id=r2 event=gala code=sponsor item=sponsor-half:gala-standing:1")
            == ["ERR budget_exhausted offer=sponsor-half budget_left=0"])
        #expect(try c.request("HOLD id=r2 event=gala code=sponsor item=sponsor-half:gala-crew:1").first
            == "HELD offer=sponsor-half qty=1 remaining=97 budget_left=0")
        // The release gives back the 6000 r1 stored, not 2 × 1500.
        _ = try c.request("RELEASE id=r1")
        #expect(try halfLines().first?.contains(" budget_left=4000 ") == true)

        // A negative budget is a broken catalog; the one served stays.
        try db.execute("UPDATE offers SET budget = -5 WHERE id = 'sponsor-half'")
        #expect(try c.request("RELOAD") == [
            "ERR bad_catalog msg=" + PercentCoding.encoded("table offers, row id=sponsor-half: budget must be >= 0, got -5")
        ])
        #expect(try halfLines().first?.contains(" budget_left=4000 ") == true)
    }

    static let lastOfBudgetSQL = """
        INSERT INTO audiences (id, name) VALUES ('last-budget', 'Last of a budget');
        INSERT INTO members (id, audience_id, code, quantity) VALUES (50031, 'last-budget', 'LASTB', 100);
        INSERT INTO offers (id, name, audience_id, unlock, discount, value, budget)
          VALUES ('last-budget', 'Last of a budget', 'last-budget', 'code', 'percent', 50, 3000);
        INSERT INTO offer_tickets VALUES ('last-budget', 'gala-seated');
        """

    /// 3000 left, each seated ticket gives 3000 away: 32 connections race for it.
    @Test func racingConnectionsForTheLastOfABudgetGetOneOKThatSurvivesSIGKILL() throws {
        let (directory, catalog) = try TestCatalog.makeFile(extraSQL: Self.lastOfBudgetSQL)
        defer { try? FileManager.default.removeItem(at: directory) }
        let race = try LastOneRace.run(catalog: catalog, in: directory, eval: "EVAL event=gala code=LASTB") { n in
            "HOLD id=race-\(n) event=gala code=LASTB item=last-budget:gala-seated:1"
        }
        #expect(race.winners.count == 1)
        #expect(race.winners.first.map { race.replies[$0].first } == "HELD offer=last-budget qty=1 remaining=99 budget_left=0")
        #expect(race.refusals.count == 31)
        #expect(race.refusals.allSatisfy { $0 == ["ERR budget_exhausted offer=last-budget budget_left=0"] })
        #expect(race.evalBefore.first?.contains(" budget_left=0 ") == true)
        #expect(race.evalBefore.contains("TICKET offer=last-budget id=gala-seated price=3000 base=6000 max=0"))
        // After kill -9 and a restart on the same ledger: the winner's hold is there, and so
        // is the money it took.
        #expect(race.evalAfter == race.evalBefore)
        #expect(race.repeatAfterRestart == race.winners.first.map { race.replies[$0] })
    }
}
