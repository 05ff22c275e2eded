import Foundation
import Testing
import TesseraClient
@testable import TesseraServer

/// The client library's §8 requests and replies, and `tessera members add --server`, against a
/// running server.
@Suite("Live membership changes: the client library and the CLI (SPEC §8)")
struct LiveMembersClientTests {
    @Test func theClientLibraryCoversTheSixVerbs() throws {
        let (server, _, done) = try LiveMembersEndToEndTests.server { $0.adminToken = "r00t" }
        defer { done() }
        var options = Client.Options(host: "127.0.0.1", port: server.port, token: "r00t")
        options.reconnectAttempts = 0
        let client = try Client(options)
        let id = try client.addMember(audience: "club", .init(email: "new@club.example", code: "CLUB-2001", quantity: "3", validFrom: "2026-11-01"))
        #expect(id == 96)
        try client.setMember(id: id, .init(quantity: ""))
        let found = try client.findMembers(audience: "club", code: "club-2001")
        #expect(found.count == 1 && found.members.first?.id == 96 && found.members.first?["email"] == "new@club.example")
        #expect(found.members.first?["quantity"] == nil && found.members.first?["valid_from"] == "2026-11-01T00:00:00Z")
        #expect(throws: ClientError.self) { try client.addMember(audience: "club", .init(code: "club-2001")) }
        try client.delMember(id: id)
        #expect(try client.findMembers(audience: "club", code: "club-2001").count == 0)
        try client.addAttendee(event: "gala-2025", email: "door@guest.example")
        #expect(try client.delAttendee(event: "gala-2025", email: "DOOR@guest.example"))
        #expect(try !client.delAttendee(event: "gala-2025", email: "door@guest.example"))
        // Every request the library builds passes the server's own checks: the encodings agree.
        #expect(try client.request(.setMember(id: 1, .init(seat: "North 1 & 2"))).lines == ["OK member=1"])
        #expect(try client.findMembers(audience: "vip-codes", code: "VIP321").members.first?["seat"] == "North 1 & 2")
    }

    @Test func membersAddThroughTheServerIsServedAtOnce() throws {
        let (server, catalog, done) = try LiveMembersEndToEndTests.server { $0.adminToken = "r00t" }
        defer { done() }
        let added = try CommandLineTests().tessera([
            "members", "add", "--audience", "vip-codes", "--code", "VIP777", "--quantity", "1", "--seat", "South-3",
            "--server", "127.0.0.1:\(server.port)", "--token", "r00t",
        ])
        #expect(added.status == 0 && added.output == "added member 96 to audience 'vip-codes' through the server\n")
        let client = try server.client()
        #expect(try client.request("AUTH token=r00t") == ["OK"])
        #expect(try client.request("EVAL event=gala code=vip777").contains("SEAT offer=seat-unlock label=South-3"))
        // The same rules as the file: one person, one member per audience.
        let refused = try CommandLineTests().tessera([
            "members", "add", "--audience", "vip-codes", "--code", "vip777", "--server", "127.0.0.1:\(server.port)",
            "--token", "r00t",
        ])
        #expect(refused.status != 0 && refused.errors.contains("conflict") && refused.errors.contains("96"))
        // set-quantity and remove find the members as the server matches (FIND_MEMBERS).
        let server1 = ["--server", "127.0.0.1:\(server.port)", "--token", "r00t"]
        let set = try CommandLineTests().tessera(["members", "set-quantity", "--audience", "vip-codes", "--code", "vip777", "--quantity", "none"] + server1)
        #expect(set.output == "set quantity none on 1 member with code 'vip777' through the server\n")
        #expect(try client.request("FIND_MEMBERS audience=vip-codes code=VIP777") == [
            "MEMBER id=96 audience=vip-codes code=VIP777 seat=South-3", "OK count=1",
        ])
        let none = try CommandLineTests().tessera(["members", "remove", "--audience", "vip-codes", "--code", "nobody"] + server1)
        #expect(none.status != 0 && none.errors.contains("no member"))
        // Without the server, the file as before.
        let listed = try CommandLineTests().tessera(["members", "search", "VIP777", "--catalog", catalog])
        #expect(listed.output.contains("96") && listed.output.contains("VIP777"))
        let removed = try CommandLineTests().tessera(["members", "remove", "--audience", "vip-codes", "--id", "96"] + server1)
        #expect(removed.output == "removed 1 member with id 96 from audience 'vip-codes' through the server\n")
        #expect(try client.request("EVAL event=gala code=vip777").last == "OK offers=0")
    }
}
