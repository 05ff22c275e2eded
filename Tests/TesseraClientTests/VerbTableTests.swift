import Foundation
import Testing

import enum TesseraProtocol.CommandTable
import enum TesseraProtocol.RequestParser

@testable import TesseraClient

/// The client's requests and the server's verb table (`CommandTable`) agree: every verb the
/// server knows is one the client knows, and every request the client builds passes the
/// server's own parser and key checks.
@Suite struct VerbTableTests {
    @Test func everyVerbOfTheServerIsKnownToTheClient() {
        for row in CommandTable.all {
            let kind = RequestKind(verb: row.name)
            #expect(RequestKind.known.contains(kind) && kind.verb == row.name, "\(row.name)")
        }
    }

    /// The verbs that write the ledger are idempotent by their id, which is what makes the
    /// client repeat them.
    @Test func everyVerbThatWritesTheLedgerIsRepeatable() {
        for row in CommandTable.all where row.flags.contains(.writesLedger) {
            #expect(RequestKind(verb: row.name).isRepeatable, "\(row.name)")
        }
    }

    @Test func everyTypedRequestPassesTheServersChecks() throws {
        let requests: [TesseraClient.Request] = [
            .ping, .reload, .stats, .quit, .help, .info, .clock(), .clock(set: Date(timeIntervalSince1970: 1_795_435_200)),
            .auth(token: "a b=c"),
            .eval(event: "gala", customer: "c 1", email: "ø@x.dk", codes: ["a", "b=c", "100%"]),
            .hold(
                id: "cart 1", event: "gala", customer: "c", email: "e@x.dk", codes: ["x"],
                items: [.init(offer: "a:b", ticket: "c d", quantity: 2), .anyOffer(ticket: "t", quantity: 1)], ttl: 60),
            .commit(id: "cart 1", order: "web=1"),
            .release(id: "cart 1"),
            .addMember(audience: "vip codes", .init(email: "ø@x.dk", code: "a=b", quantity: "2", validFrom: "2026-12-01T00:00:00+01:00")),
            .setMember(id: 9_223_372_036_854_775_807, .init(customer: "", quantity: "")),
            .delMember(id: 1),
            .findMembers(audience: "club", customer: "c 1", email: "e@x.dk", code: "100%"),
            .addAttendee(event: "gala", customer: "c", email: "e@x.dk", barcode: "b 1"),
            .delAttendee(event: "gala", barcode: "b"),
        ]
        for request in requests {
            var bytes = Array(request.line.utf8)
            let parsed = try bytes.withUnsafeMutableBytes { try RequestParser.parse(UnsafeRawBufferPointer($0)) }
            let request = try #require(parsed, "\(request.line)")
            #expect(throws: Never.self, "\(request)") { try CommandTable.validate(request) }
        }
    }
}
