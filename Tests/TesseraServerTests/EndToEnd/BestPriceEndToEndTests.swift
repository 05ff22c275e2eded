import Foundation
import Testing
import TesseraStore
import enum TesseraProtocol.PercentCoding

@testable import TesseraClient
@testable import TesseraServer

/// SPEC §7 Best price over TCP: member `FAN` has two offers on gala-seated, `fan-early`
/// (3000, at most 2 per hold) and `fan-late` (4000, also standing); 10 each.
@Suite("Best price over TCP (SPEC §7)")
struct BestPriceEndToEndTests {
    static let fansSQL = """
        INSERT INTO audiences (id, name) VALUES ('fans', 'Fans');
        INSERT INTO members (id, audience_id, code, quantity) VALUES (50020, 'fans', 'FAN', 10);
        INSERT INTO offers (id, name, audience_id, unlock, discount, value, per_order)
          VALUES ('fan-early', 'Early', 'fans', 'code', 'price', 3000, 2),
                 ('fan-late', 'Late', 'fans', 'code', 'price', 4000, NULL);
        INSERT INTO offer_tickets VALUES ('fan-early', 'gala-seated'), ('fan-late', 'gala-seated'),
          ('fan-late', 'gala-standing');
        """

    @Test func evalMarksTheBestAndHoldFillsAStarItemCheapestFirst() throws {
        let (directory, catalog) = try TestCatalog.makeFile(extraSQL: Self.fansSQL)
        defer { try? FileManager.default.removeItem(at: directory) }
        let server = try RunningServer { $0.catalog = catalog; $0.testClock = true }
        defer { server.stop() }
        let c = try server.client()
        _ = try c.request("CLOCK set=2026-11-23T12:00:00Z")
        #expect(try c.request("EVAL event=gala code=fan") == [
            "OFFER id=fan-early name=Early via=code remaining=10 max_order=2 discount=price value=3000",
            "TICKET offer=fan-early id=gala-seated price=3000 base=6000 best=1",
            "OFFER id=fan-late name=Late via=code remaining=10 max_order=10 discount=price value=4000",
            "TICKET offer=fan-late id=gala-seated price=4000 base=6000",
            "TICKET offer=fan-late id=gala-standing price=4000 base=3500",
            "CODE value=fan status=ok",
            "OK offers=2",
        ])

        // Cheapest first, spilling to the next at per_order; the named item is planned
        // first, but the * item stands first in the HELD lines.
        let held = try c.request("HOLD id=h1 event=gala code=fan item=*:gala-seated:3 item=fan-late:gala-standing:1")
        #expect(held.dropLast() == ["HELD offer=fan-early qty=2 remaining=8", "HELD offer=fan-late qty=2 remaining=8"])
        #expect(held.last == "OK id=h1 expires=2026-11-23T12:15:00Z")
        // Idempotency compares the items as written: `*` (or %2A) again is the same hold.
        #expect(try c.request("HOLD id=h1 event=gala code=fan item=*:gala-seated:3 item=fan-late:gala-standing:1") == held)
        #expect(try c.request("HOLD id=h1 event=gala code=fan item=%2A:gala-seated:3 item=fan-late:gala-standing:1") == held)
        #expect(try c.request("HOLD id=h1 event=gala code=fan item=fan-early:gala-seated:2 item=fan-late:gala-seated:1 item=fan-late:gala-standing:1")
            == ["ERR conflict id=h1 msg=this%20id%20holds%20other%20content"])

        #expect(try c.request("HOLD id=h2 event=gala code=fan item=*:gala-seated:20")
            == ["ERR limit_reached offer=* ticket=gala-seated remaining=10"])
        #expect(try c.request("HOLD id=h2 event=gala code=fan item=*:gala-crew:1")
            == ["ERR not_eligible offer=* ticket=gala-crew"])
        #expect(try c.request("HOLD id=h2 event=gala code=fan item=%2a:jazz-standard:1")
            == ["ERR unknown_ticket offer=* ticket=jazz-standard"])
        #expect(try c.request("EVAL event=gala code=fan").contains(
            "TICKET offer=fan-early id=gala-seated price=3000 base=6000 best=1"))

        // The client library: best=1 read, and Item.anyOffer held.
        var options = Client.Options(port: server.port)
        options.readTimeout = .seconds(20)
        let client = try Client(options)
        let answer = try client.eval(event: "gala", codes: ["fan"])
        #expect(answer.offers.flatMap(\.tickets).map(\.best) == [true, false, false])
        let result = try client.hold(
            id: "h3", event: "gala", codes: ["fan"], items: [.anyOffer(ticket: "gala-seated", quantity: 1)])
        #expect(result.held.map(\.offer) == ["fan-early"] && result.held.map(\.quantity) == [1])
        #expect(try c.request("STATS").contains("STAT name=errors_limit_reached value=1"))
    }

    @Test func aCatalogWithAnOfferCalledStarIsRefused() throws {
        let (directory, catalog) = try TestCatalog.makeFile(extraSQL: Self.fansSQL)
        defer { try? FileManager.default.removeItem(at: directory) }
        let server = try RunningServer { $0.catalog = catalog }
        defer { server.stop() }
        let c = try server.client()
        try Database(path: catalog, mode: .readWrite).execute(
            "INSERT INTO offers (id, name, audience_id) VALUES ('*', 'Any', 'fans')")
        #expect(try c.request("RELOAD") == [
            "ERR bad_catalog msg=" + PercentCoding.encoded(
                "table offers, row id=*: id '*' is reserved: in a HOLD item it means any offer")
        ])
        #expect(try c.request("EVAL event=gala code=fan").last == "OK offers=2")
    }
}
