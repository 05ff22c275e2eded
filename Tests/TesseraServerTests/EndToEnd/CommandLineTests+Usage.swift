import Foundation
import Testing
import TesseraStore

/// `tessera usage` against a running server: reports read its ledger while it writes, and a
/// release goes through the server.
extension CommandLineTests {
    @Test func usageReportsPerOfferPersonAndHoldWhileTheServerRuns() throws {
        let (directory, catalog) = try TestCatalog.makeFile(extraSQL: "")
        defer { try? FileManager.default.removeItem(at: directory) }
        let ledger = directory.appendingPathComponent("l.ledger").path
        let server = try RunningServer { $0.catalog = catalog; $0.ledger = ledger; $0.testClock = true }
        defer { server.stop() }
        let c = try server.client()
        _ = try c.request("CLOCK set=2026-11-23T12:00:00Z")
        _ = try c.request("HOLD id=a event=jazz-night code=LAUNCH-1 item=launch-ten-off:jazz-standard:3")
        _ = try c.request("HOLD id=b event=gala customer=cust-anna item=club-monthly:gala-standing:2")
        _ = try c.request("COMMIT id=b order=web-9")
        _ = try c.request("RELEASE id=a item=launch-ten-off:jazz-standard:1 refund=r1")
        let at = ["--catalog", catalog, "--ledger", ledger, "--at", "2026-11-23T12:05:00Z"]

        let offers = try tessera(["usage", "offers"] + at)
        #expect(offers.status == 0)
        #expect(offers.output.contains("launch-ten-off       2     0          -      unlimited  5000    3000"))
        #expect(offers.output.contains("club-monthly         0     2          -      unlimited  -       -"))

        let offer = try tessera(["usage", "offer", "club-monthly", "--json"] + at)
        #expect(offer.output == """
            {"offer":"club-monthly","name":"Tessera Club: 10 tickets a month","held":0,"committed":2,"holds":1,\
            "total":null,"left":null,"budget":null,"money_in_use":4000,"budget_left":null,\
            "periods":[{"start":"2026-10-31T23:00:00Z","units":2}]}

            """)

        let person = try tessera(["usage", "person", "--customer", "cust-anna", "--event", "gala"] + at)
        #expect(person.output == """
            EVENT  OFFER            VIA    USED  LEFT  MAX ORDER  BUDGET LEFT
            gala   club-monthly     login  2     8     8          -
            gala   crew-guest-list  login  0     2     2          -

            """)

        let hold = try tessera(["usage", "hold", "a"] + at)
        #expect(hold.output.contains("offer launch-ten-off  2 units: 2 × jazz-standard (1000 off each)"))
        #expect(hold.output.contains("refund r1             2026-11-23T12:00:00Z: launch-ten-off:jazz-standard:1"))
        // Later than its expiry, the hold reads expired and counts no more.
        #expect(try tessera(["usage", "hold", "a", "--catalog", catalog, "--ledger", ledger, "--at", "2026-11-23T12:20:00Z"])
            .output.contains("state                 expired"))

        // A stuck hold is released through the server, which then answers accordingly.
        let release = try tessera(["usage", "release", "a", "--server", "127.0.0.1:\(server.port)"])
        #expect(release.status == 0 && release.output == "OK id=a state=released\n")
        #expect(try tessera(["usage", "holds", "launch-ten-off"] + at).output.hasSuffix("launch-ten-off: 0 live (held or committed)\n"))
        #expect(try c.request("COMMIT id=a") == ["ERR released id=a"])

        let nobody = try tessera(["usage", "hold", "zzz"] + at)
        #expect(nobody.status == 1 && nobody.errors == "tessera usage: no hold 'zzz' in the ledger\n")
        #expect(try tessera(["usage", "person"] + at).status == 2)
    }
}
