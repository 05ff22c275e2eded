import Foundation
import Testing
import TesseraStore
@testable import TesseraServer
@testable import TesseraProtocol

/// SPEC §8 Errors, in their order: forbidden; bad_request for the line; unknown_audience,
/// unknown_member or unknown_event; bad_request for a SET_MEMBER that leaves no identity;
/// conflict. And the admin token.
@Suite("Live membership changes: errors and access (SPEC §8)")
struct LiveMembersErrorsTests {
    @Test func theAdminTokenGuardsAllSixVerbsBeforeAnyLookAtTheirArguments() throws {
        let (server, _, done) = try LiveMembersEndToEndTests.server { $0.token = "t0k"; $0.adminToken = "r00t" }
        defer { done() }
        let anonymous = try server.client()
        let user = try server.client()
        #expect(try user.request("AUTH token=t0k") == ["OK"])
        let admin = try server.client()
        #expect(try admin.request("AUTH token=r00t") == ["OK"])
        for verb in ["ADD_MEMBER", "SET_MEMBER", "DEL_MEMBER", "FIND_MEMBERS", "ADD_ATTENDEE", "DEL_ATTENDEE"] {
            // Unknown keys, missing keys: forbidden comes first.
            #expect(try anonymous.request("\(verb) bogus=1") == ["ERR forbidden msg=AUTH%20first"])
            #expect(try user.request("\(verb) bogus=1") == [
                "ERR forbidden msg=" + PercentCoding.encoded("\(verb) needs the admin token")
            ])
            #expect(try anonymous.request("\(verb) code=%zz") == ["ERR forbidden msg=AUTH%20first"])  // a bad escape too
            #expect(try admin.request("\(verb) bogus=1") == ["ERR bad_request msg=" + PercentCoding.encoded("unknown key bogus for \(verb)")])
        }
        #expect(try admin.request("ADD_MEMBER audience=vip-codes code=ADMIN-1") == ["OK member=96"])
        #expect(try user.request("EVAL event=gala code=admin-1").last == "OK offers=1")
    }

    @Test func theDemoCatalogIsForbidden() throws {
        let server = try RunningServer()  // no catalog: the built-in demo
        defer { server.stop() }
        let client = try server.client()
        #expect(try client.request("ADD_MEMBER bogus=1") == [
            "ERR forbidden msg=" + PercentCoding.encoded("ADD_MEMBER changes a catalog file, and the server serves the built-in demo")
        ])
        #expect(try client.request("FIND_MEMBERS audience=vip-codes").first?.hasPrefix("ERR forbidden") == true)
    }

    @Test func lineChecksComeBeforeLookupsAndLookupsBeforeConflicts() throws {
        let (server, _, done) = try LiveMembersEndToEndTests.server()
        defer { done() }
        let c = try server.client()
        func bad(_ line: String) throws -> Bool { try c.request(line).first?.hasPrefix("ERR bad_request") == true }
        // bad_request for the line, even with an unknown audience or member.
        #expect(try bad("ADD_MEMBER audience=nope"))
        #expect(try bad("ADD_MEMBER audience=nope email=%20%20 code="))  // white space only is no value
        #expect(try bad("ADD_MEMBER audience=nope code=X quantity=-1"))
        #expect(try bad("ADD_MEMBER audience=nope code=X quantity=2147483648"))
        #expect(try c.request("ADD_MEMBER audience=vip-codes code=Q quantity=2147483647") == ["OK member=96"])
        #expect(try bad("ADD_MEMBER audience=nope code=X valid_from=tomorrow"))
        #expect(try bad("SET_MEMBER member=0"))
        #expect(try bad("SET_MEMBER member=9223372036854775808"))
        #expect(try bad("SET_MEMBER member=abc"))
        #expect(try bad("DEL_MEMBER member=-3"))
        #expect(try bad("ADD_ATTENDEE event=nope"))
        #expect(try bad("DEL_ATTENDEE event=nope barcode=%20"))
        #expect(try bad("ADD_MEMBER audience=vip-codes code=X code=Y"))
        // Then lookups.
        #expect(try c.request("ADD_MEMBER audience=nope code=VIP321") == ["ERR unknown_audience audience=nope"])
        #expect(try c.request("FIND_MEMBERS audience=nope") == ["ERR unknown_audience audience=nope"])
        #expect(try c.request("SET_MEMBER member=9223372036854775807 code=") == ["ERR unknown_member member=9223372036854775807"])
        #expect(try c.request("DEL_MEMBER member=5") == ["ERR unknown_member member=5"])
        #expect(try c.request("ADD_ATTENDEE event=nope customer=c") == ["ERR unknown_event event=nope"])
        #expect(try c.request("DEL_ATTENDEE event=nope customer=c") == ["ERR unknown_event event=nope"])
        // Then a SET_MEMBER leaving no identity (before its conflict).
        #expect(try bad("SET_MEMBER member=1 code="))
        #expect(try bad("SET_MEMBER member=1 code=VIP238 code="))  // given twice is the line's problem
        // Then conflicts: code and e-mail normalised, customer byte for byte, the lowest holder.
        #expect(try c.request("ADD_MEMBER audience=vip-codes code=%20vip321%20") == [
            "ERR conflict member=1 msg=one%20person%20is%20one%20member%20of%20an%20audience"
        ])
        #expect(try c.request("ADD_MEMBER audience=influencers email=CHLOE.moreau@example.com").first?.hasPrefix("ERR conflict member=40") == true)
        #expect(try c.request("ADD_MEMBER audience=internal-promoters customer=cust-omar").first?.hasPrefix("ERR conflict member=21") == true)
        #expect(try c.request("ADD_MEMBER audience=internal-promoters customer=CUST-OMAR") == ["OK member=97"])
        #expect(try c.request("SET_MEMBER member=2 code=vip321").first?.hasPrefix("ERR conflict member=1") == true)
        // Its own value again is no conflict; the same value in another audience is fine.
        #expect(try c.request("SET_MEMBER member=1 code=VIP321 seat=South-3") == ["OK member=1"])
        #expect(try c.request("ADD_MEMBER audience=club code=VIP321") == ["OK member=98"])
        // Attendee members do not count: hanna@example.com is an attendee of gala-2025-guests.
        #expect(try c.request("ADD_MEMBER audience=gala-2025-guests email=hanna@example.com") == ["OK member=99"])
        // No field at all changes nothing and answers OK.
        #expect(try c.request("SET_MEMBER member=2") == ["OK member=2"])
        // A refused change changed nothing.
        #expect(try c.request("FIND_MEMBERS audience=vip-codes") == [
            "MEMBER id=1 audience=vip-codes code=VIP321 quantity=1 seat=South-3",
            "MEMBER id=2 audience=vip-codes code=VIP238 quantity=1 seat=South-3",
            "MEMBER id=96 audience=vip-codes code=Q quantity=2147483647",
            "OK count=3",
        ])
        let stats = try c.request("STATS")
        #expect(stats.contains("STAT name=errors_unknown_audience value=2"))
        #expect(stats.contains("STAT name=errors_unknown_member value=2"))
    }

    @Test func findMembersMatchesAsEvalAndCapsItsLines() throws {
        var sql = "BEGIN; INSERT INTO audiences (id, name) VALUES ('big', 'Big');\n"
        for i in 1...1_005 {
            sql += "INSERT INTO members (id, audience_id, customer_id, email) VALUES (\(1000 + i), 'big', 'c\(i)', 'E\(i)@X.dk');\n"
        }
        sql += "COMMIT;"
        let (server, _, done) = try LiveMembersEndToEndTests.server(extraSQL: sql)
        defer { done() }
        let c = try server.client()
        let all = try c.request("FIND_MEMBERS audience=big")
        #expect(all.count == 1001 && all.last == "OK count=1005")
        #expect(all.first == "MEMBER id=1001 audience=big customer=c1 email=E1@X.dk")
        #expect(try c.request("FIND_MEMBERS audience=big email=%20e7@x.DK customer=c9") == [
            "MEMBER id=1007 audience=big customer=c7 email=E7@X.dk",
            "MEMBER id=1009 audience=big customer=c9 email=E9@X.dk",
            "OK count=2",
        ])
        #expect(try c.request("FIND_MEMBERS audience=big customer=C9") == ["OK count=0"])
        #expect(try c.request("FIND_MEMBERS audience=big customer=") == ["OK count=0"])
        // Times as UTC with seconds; values as stored; attendee members are not listed.
        #expect(try c.request("FIND_MEMBERS audience=club code=club-1001") == [
            "MEMBER id=60 audience=club customer=cust-anna code=CLUB-1001 valid_from=2026-01-01T00:00:00Z valid_until=2028-01-01T00:00:00Z",
            "OK count=1",
        ])
        #expect(try c.request("FIND_MEMBERS audience=gala-2025-guests") == ["OK count=0"])
        #expect(try c.request("ADD_MEMBER audience=big email=%20Mixed@Case.dk%20 valid_until=2027-01-01T01:00:00%2B01:00") == ["OK member=2006"])
        #expect(try c.request("FIND_MEMBERS audience=big email=mixed@case.dk") == [
            "MEMBER id=2006 audience=big email=%20Mixed@Case.dk%20 valid_until=2027-01-01T00:00:00Z",
            "OK count=1",
        ])
    }
}
