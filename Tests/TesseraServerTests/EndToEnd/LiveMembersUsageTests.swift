import Foundation
import Testing
import TesseraStore
@testable import TesseraServer

/// SPEC §8: usage follows the member id, attendee rows make members of the audiences their
/// event sources, counts follow each change, ids are never given twice, and a RELOAD
/// afterwards answers the same.
@Suite("Live membership changes: usage, attendees, counts, ids (SPEC §8)")
struct LiveMembersUsageTests {
    /// The answers a RELOAD must not change.
    static func answers(_ c: TestClient, _ lines: [String]) throws -> [[String]] {
        try lines.map { try c.request($0) }
    }

    static func stat(_ c: TestClient, _ name: String) throws -> Int? {
        let prefix = "STAT name=\(name) value="
        return try c.request("STATS").first { $0.hasPrefix(prefix) }.flatMap { Int($0.dropFirst(prefix.count)) }
    }

    @Test func attendeesMakeMembersOfTheirEventsAudiencesAndKeepTheirUsage() throws {
        let (server, _, done) = try LiveMembersEndToEndTests.server()
        defer { done() }
        let c = try server.client()
        _ = try c.request("CLOCK set=2026-11-24T12:00:00Z")
        let members = try #require(try Self.stat(c, "catalog_members"))
        #expect(try c.request("ADD_ATTENDEE event=gala-2025 customer=cust-zoe barcode=GALA25-0009") == ["OK"])
        #expect(try Self.stat(c, "catalog_members") == members + 1)
        #expect(try c.request("EVAL event=gala code=gala25-0009").first?.hasPrefix("OFFER id=welcome-back name=") == true)
        #expect(try c.request("EVAL event=gala customer=cust-zoe").first?.contains(" via=login remaining=2 ") == true)
        #expect(try c.request("HOLD id=zoe event=gala customer=cust-zoe item=welcome-back:gala-seated:1").last?.hasPrefix("OK id=zoe") == true)
        #expect(try c.request("EVAL event=gala customer=cust-zoe").first?.contains(" remaining=1 ") == true)

        // Compared as DEL_ATTENDEE compares: barcode normalised, customer byte for byte,
        // a key not given matching only a row without a value there.
        #expect(try c.request("DEL_ATTENDEE event=gala-2025 customer=CUST-ZOE barcode=gala25-0009") == ["OK removed=0"])
        #expect(try c.request("DEL_ATTENDEE event=gala-2025 customer=cust-zoe") == ["OK removed=0"])
        #expect(try c.request("DEL_ATTENDEE event=gala-2025 customer=cust-zoe barcode=%20gala25-0009") == ["OK removed=1"])
        #expect(try c.request("EVAL event=gala customer=cust-zoe").last == "OK offers=0")
        #expect(try Self.stat(c, "catalog_members") == members)
        #expect(try c.request("DEL_ATTENDEE event=gala-2025 customer=cust-zoe barcode=GALA25-0009") == ["OK removed=0"])
        // Added again with the same values: the same attendee member, with its usage.
        #expect(try c.request("ADD_ATTENDEE event=gala-2025 customer=cust-zoe barcode=GALA25-0009") == ["OK"])
        #expect(try c.request("EVAL event=gala customer=cust-zoe").first?.contains(" remaining=1 ") == true)
        // A second row with the same values is a second member (occurrence 2), after the first.
        #expect(try c.request("ADD_ATTENDEE event=gala-2025 customer=cust-zoe barcode=GALA25-0009") == ["OK"])
        #expect(try c.request("EVAL event=gala customer=cust-zoe").first?.contains(" remaining=3 ") == true)
        // A base row removed: the last with hanna's e-mail and barcode.
        #expect(try c.request("DEL_ATTENDEE event=gala-2025 email=HANNA@example.com barcode=GALA25-0003") == ["OK removed=1"])
        // An event no audience uses: rows only, no member.
        #expect(try c.request("ADD_ATTENDEE event=jazz-night email=x@y.dk") == ["OK"])
        #expect(try c.request("DEL_ATTENDEE event=jazz-night email=X@y.dk") == ["OK removed=1"])
        #expect(try Self.stat(c, "catalog_members") == members + 1)

        let checks = [
            "EVAL event=gala customer=cust-zoe", "EVAL event=gala code=gala25-0003", "EVAL event=gala email=hanna@example.com",
            "EVAL event=gala code=gala25-0009",
        ]
        let before = try Self.answers(c, checks)
        #expect(try c.request("RELOAD").first?.contains(" members=\(members + 1) ") == true)
        #expect(try Self.answers(c, checks) == before)
        #expect(try Self.stat(c, "catalog_members") == members + 1)
    }

    @Test func usageFollowsTheMemberIdAndADeletedMembersHoldsStillCount() throws {
        let (server, _, done) = try LiveMembersEndToEndTests.server(extraSQL: TestCatalog.lastUnitSQL)
        defer { done() }
        let c = try server.client()
        _ = try c.request("CLOCK set=2026-11-24T12:00:00Z")
        // Marta's junior plan: 4 a month. Two held, then her code and e-mail change.
        #expect(try c.request("HOLD id=m1 event=gala code=CLUB-1004 item=club-monthly:gala-standing:2").last?.hasPrefix("OK") == true)
        #expect(try c.request("SET_MEMBER member=63 code=CLUB-9004 email=marta@new.example") == ["OK member=63"])
        #expect(try c.request("EVAL event=gala code=club-1004").last == "OK offers=0")
        #expect(try c.request("EVAL event=gala code=club-9004").first?.contains(" remaining=2 ") == true)
        #expect(try c.request("EVAL event=gala email=marta@new.example").first?.contains(" remaining=2 ") == true)
        #expect(try c.request("COMMIT id=m1") == ["OK id=m1 state=committed"])

        // The last unit, held by a member who is then removed: it still counts against total.
        #expect(try c.request("HOLD id=l1 event=gala code=LAST item=last-unit:gala-seated:1").last?.hasPrefix("OK") == true)
        #expect(try c.request("DEL_MEMBER member=50001") == ["OK member=50001"])
        #expect(try c.request("EVAL event=gala code=last").last == "OK offers=0")
        #expect(try c.request("ADD_MEMBER audience=last code=LAST quantity=5") == ["OK member=50002"])
        #expect(try c.request("EVAL event=gala code=last").first?.contains(" remaining=0 ") == true)
        #expect(try c.request("HOLD id=l1 event=gala code=LAST item=last-unit:gala-seated:1").last?.hasPrefix("OK id=l1") == true)
        #expect(try c.request("COMMIT id=l1") == ["OK id=l1 state=committed"])
        #expect(try c.request("RELEASE id=l1") == ["OK id=l1 state=released"])
        // A fresh allowance for the new member.
        #expect(try c.request("EVAL event=gala code=last").first?.contains(" remaining=1 ") == true)

        let checks = ["EVAL event=gala code=last", "EVAL event=gala code=club-9004", "FIND_MEMBERS audience=club", "FIND_MEMBERS audience=last"]
        let before = try Self.answers(c, checks)
        #expect(try c.request("RELOAD").first?.hasPrefix("OK") == true)
        #expect(try Self.answers(c, checks) == before)
    }

    /// SPEC §3: a hold takes from the audience's own members (by id) before its attendee
    /// members; a member added live is an own member, placed by its id.
    @Test func aLiveMemberIsTakenFromBeforeTheAudiencesAttendees() throws {
        let sql = "INSERT INTO members (id, audience_id, customer_id) VALUES (600, 'students', 'cust-dup'), (601, 'students', 'cust-dup');"
        let (server, _, done) = try LiveMembersEndToEndTests.server(extraSQL: sql)
        defer { done() }
        let c = try server.client()
        _ = try c.request("CLOCK set=2026-11-24T12:00:00Z")
        #expect(try c.request("ADD_MEMBER audience=gala-2025-guests customer=cust-frida") == ["OK member=602"])
        #expect(try c.request("EVAL event=gala customer=cust-frida").first?.contains(" remaining=4 ") == true)
        #expect(try c.request("HOLD id=f event=gala customer=cust-frida item=welcome-back:gala-seated:2").last?.hasPrefix("OK") == true)
        #expect(try c.request("DEL_MEMBER member=602") == ["OK member=602"])
        // The attendee's allowance is untouched: the live member took both units.
        #expect(try c.request("EVAL event=gala customer=cust-frida").first?.contains(" remaining=2 ") == true)

        // Only the values a SET_MEMBER gives are checked for conflicts: rows a back office
        // wrote with one customer id can still change their quantity.
        #expect(try c.request("SET_MEMBER member=600 quantity=1") == ["OK member=600"])
        #expect(try c.request("SET_MEMBER member=600 customer=cust-dup").first?.hasPrefix("ERR conflict member=601") == true)
    }

    /// SPEC §8 Inactive audiences: the verbs work on them; their members grant nothing until
    /// the audience is active again.
    @Test func inactiveAudiencesTakeChangesAndGrantNothing() throws {
        let (server, catalog, done) = try LiveMembersEndToEndTests.server()
        defer { done() }
        let c = try server.client()
        _ = try c.request("CLOCK set=2026-11-24T12:00:00Z")
        #expect(try c.request("ADD_MEMBER audience=sponsors-2024 code=SPONSOR25") == ["OK member=96"])
        #expect(try c.request("EVAL event=gala code=sponsor25") == ["CODE value=sponsor25 status=unknown", "OK offers=0"])
        #expect(try c.request("FIND_MEMBERS audience=sponsors-2024 code=sponsor25").last == "OK count=1")
        let db = try Database(path: catalog, mode: .readWrite)
        try db.execute("UPDATE audiences SET active = 1 WHERE id = 'sponsors-2024'")
        #expect(try c.request("RELOAD").first?.hasPrefix("OK") == true)
        #expect(try c.request("EVAL event=gala code=sponsor25").first?.hasPrefix("OFFER id=sponsor-seats") == true)
    }

    @Test func idsAreNeverGivenTwiceAcrossRestartsNorAboveUsageInTheLedger() throws {
        let (directory, catalog) = try TestCatalog.makeFile(extraSQL: "")
        defer { try? FileManager.default.removeItem(at: directory) }
        let ledger = directory.appendingPathComponent("usage.ledger").path
        func start() throws -> RunningServer {
            try RunningServer { $0.catalog = catalog; $0.ledger = ledger; $0.testClock = true }
        }
        var server = try start()
        var c = try server.client()
        _ = try c.request("CLOCK set=2026-11-24T12:00:00Z")
        #expect(try c.request("ADD_MEMBER audience=thank-you code=U1") == ["OK member=96"])
        #expect(try c.request("DEL_MEMBER member=96") == ["OK member=96"])
        server.stop()

        server = try start()
        c = try server.client()
        _ = try c.request("CLOCK set=2026-11-24T12:00:00Z")
        #expect(try c.request("ADD_MEMBER audience=thank-you code=U2") == ["OK member=97"])
        #expect(try c.request("HOLD id=u2 event=gala code=U2 item=thank-you-ticket:gala-standing:1").last?.hasPrefix("OK") == true)
        server.stop()

        // Another writer removes the row and the high-water mark: the ledger still has m:97.
        let db = try Database(path: catalog, mode: .readWrite)
        try db.execute("DELETE FROM members WHERE id >= 96; DELETE FROM tessera_member_id_high_water")
        server = try start()
        defer { server.stop() }
        c = try server.client()
        #expect(try c.request("ADD_MEMBER audience=thank-you code=U3") == ["OK member=98"])
    }
}
