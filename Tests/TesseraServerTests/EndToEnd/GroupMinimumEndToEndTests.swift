import Foundation
import Testing

@testable import TesseraClient
@testable import TesseraServer

/// SPEC §7 Group minimum over TCP: a group rate from 4 tickets, at most 6 per hold, 10 in
/// all for member `GROUP`.
@Suite("Group minimum over TCP (SPEC §7)")
struct GroupMinimumEndToEndTests {
    static let groupSQL = """
        INSERT INTO audiences (id, name) VALUES ('groups', 'Groups');
        INSERT INTO members (id, audience_id, code, quantity) VALUES (50010, 'groups', 'GROUP', 10);
        INSERT INTO offers (id, name, audience_id, unlock, discount, value, per_order, min_order)
          VALUES ('team-rate', 'Team rate', 'groups', 'code', 'price', 4500, 6, 4);
        INSERT INTO offer_tickets VALUES ('team-rate', 'gala-seated');
        """

    @Test func holdAndEvalWithAMinimum() throws {
        let (directory, catalog) = try TestCatalog.makeFile(extraSQL: Self.groupSQL)
        defer { try? FileManager.default.removeItem(at: directory) }
        let server = try RunningServer { $0.catalog = catalog; $0.testClock = true }
        defer { server.stop() }
        let c = try server.client()
        _ = try c.request("CLOCK set=2026-11-23T12:00:00Z")
        #expect(try c.request("EVAL event=gala code=group") == [
            "OFFER id=team-rate name=Team%20rate via=code remaining=10 max_order=6 min_order=4 discount=price value=4500",
            "TICKET offer=team-rate id=gala-seated price=4500 base=6000",
            "CODE value=group status=ok",
            "OK offers=1",
        ])
        // The check order: not_eligible, below_minimum, per_order_exceeded, limit_reached.
        #expect(try c.request("HOLD id=g event=gala code=nobody item=team-rate:gala-seated:1")
            == ["ERR not_eligible offer=team-rate"])
        #expect(try c.request("HOLD id=g event=gala code=group item=team-rate:gala-seated:3")
            == ["ERR below_minimum offer=team-rate min=4"])
        #expect(try c.request("HOLD id=g event=gala code=group item=team-rate:gala-seated:7")
            == ["ERR per_order_exceeded offer=team-rate max=6"])
        let held = try c.request("HOLD id=g1 event=gala code=group item=team-rate:gala-seated:2 item=team-rate:gala-seated:3")
        #expect(held.first == "HELD offer=team-rate qty=5 remaining=5" && held.last?.hasPrefix("OK id=g1 ") == true)
        #expect(try c.request("HOLD id=g2 event=gala code=group item=team-rate:gala-seated:6")
            == ["ERR limit_reached offer=team-rate remaining=5"])
        #expect(try c.request("HOLD id=g2 event=gala code=group item=team-rate:gala-seated:4").first
            == "HELD offer=team-rate qty=4 remaining=1")
        // One left, fewer than the minimum: listed with max_order=0, the code used up, and a
        // hold of 1 is below the minimum before it is over the limit.
        let below = try c.request("EVAL event=gala code=group")
        #expect(below.first == "OFFER id=team-rate name=Team%20rate via=code remaining=1 max_order=0 min_order=4 discount=price value=4500")
        #expect(below.contains("CODE value=group status=used_up"))
        #expect(try c.request("HOLD id=g3 event=gala code=group item=team-rate:gala-seated:1")
            == ["ERR below_minimum offer=team-rate min=4"])
        #expect(try c.request("STATS").contains("STAT name=errors_below_minimum value=2"))

        // The client library reads the field and the code.
        var options = Client.Options(port: server.port)
        options.readTimeout = .seconds(20)
        let client = try Client(options)
        let offer = try client.eval(event: "gala", codes: ["group"]).offer("team-rate")
        #expect(offer?.minOrder == 4 && offer?.maxOrder == .count(0))
        let items = [Request.Item(offer: "team-rate", ticket: "gala-seated", quantity: 2)]
        do {
            _ = try client.hold(id: "g4", event: "gala", codes: ["group"], items: items)
            Issue.record("a hold below the minimum was accepted")
        } catch {
            guard case .server(let refusal) = error else { throw error }
            #expect(refusal.code == .belowMinimum && refusal["min"] == "4")
        }
    }
}
