import Foundation
import Testing
import enum TesseraProtocol.PercentCoding

@testable import TesseraClient

/// Requests as they go on the wire (SPEC §4): the verb, then `key=value` words, every value
/// percent-encoded; an item's ids encoded so `:` only separates (§6 Items).
@Suite struct RequestEncodingTests {
    @Test func everyVerbHasItsLine() {
        let lines: [(Request, String)] = [
            (.ping, "PING"),
            (.eval(event: "gala", codes: ["vip321"]), "EVAL event=gala code=vip321"),
            (
                .eval(event: "gala", customer: "cust-anna", email: "a@b.c", codes: ["X", "Y"]),
                "EVAL event=gala customer=cust-anna email=a@b.c code=X code=Y"
            ),
            (
                .hold(id: "cart-1", event: "gala", code: "THANKS-4F7K", item: "thank-you-ticket", "gala-standing", 1),
                "HOLD id=cart-1 event=gala code=THANKS-4F7K item=thank-you-ticket:gala-standing:1"
            ),
            (
                .hold(
                    id: "c", event: "e", customer: "k", items: [.init(offer: "o", ticket: "t", quantity: 2), .anyOffer(ticket: "u", quantity: 3)],
                    ttl: 60),
                "HOLD id=c event=e customer=k item=o:t:2 item=*:u:3 ttl=60"
            ),
            (.commit(id: "cart-1"), "COMMIT id=cart-1"),
            (.commit(id: "cart-1", order: "web 1001"), "COMMIT id=cart-1 order=web%201001"),
            (.release(id: "cart-1"), "RELEASE id=cart-1"),
            (
                .release(id: "cart-1", items: [.init(offer: "o", ticket: "t", quantity: 1)], refund: "r1"),
                "RELEASE id=cart-1 item=o:t:1 refund=r1"
            ),
            (.reload, "RELOAD"),
            (.stats, "STATS"),
            (.clock(), "CLOCK"),
            (.clock(set: Date(timeIntervalSince1970: 1_795_435_200.9)), "CLOCK set=2026-11-23T12:00:00Z"),
            (.auth(token: "s3cret admin=token"), "AUTH token=s3cret%20admin%3Dtoken"),
            (.quit, "QUIT"),
            (.help, "HELP"),
            (.info, "INFO"),
        ]
        for (request, line) in lines {
            #expect(request.line == line)
            #expect(request.kind == RequestKind(verb: line.prefix { $0 != " " }))
        }
    }

    @Test func valuesArePercentEncodedByTheProtocolLayersCoder() {
        for value in ["a b", "x=y", "100%", "Søren", "tab\there", "line\nbreak", "plain-value_1.~:*"] {
            let request = Request.eval(event: "gala", customer: value)
            #expect(request.line == "EVAL event=gala customer=" + PercentCoding.encoded(value))
            #expect(request.line.split(separator: " ").count == 3, "one word per value")
        }
        #expect(Request.eval(event: "gala", email: "ø@é.dk").line == "EVAL event=gala email=%C3%B8@%C3%A9.dk")
    }

    /// The server splits `item` on its raw `:` before decoding: a `:` in an id must be sent
    /// encoded, so exactly two raw `:` remain, and each part decodes to the id.
    @Test func itemIdsAreEncodedSoTheColonOnlySeparates() {
        let item = Request.Item(offer: "vip:2027 ø", ticket: "gala:seated%", quantity: 4)
        #expect(item.wireValue == "vip%3A2027%20%C3%B8:gala%3Aseated%25:4")
        let parts = item.wireValue.split(separator: ":", omittingEmptySubsequences: false)
        #expect(parts.count == 3)
        #expect(ReplyLine.decodedValue(parts[0]) == "vip:2027 ø")
        #expect(ReplyLine.decodedValue(parts[1]) == "gala:seated%")
        #expect(Request.Item.anyOffer(ticket: "t", quantity: 1).wireValue == "*:t:1")
    }

    @Test func aRawLineIsSentAsTypedAndItsVerbDecidesItsKind() throws {
        #expect(try Request.raw("eval event=gala code=vip321").kind == .eval)
        #expect(try Request.raw("eval event=gala code=vip321").line == "eval event=gala code=vip321")
        #expect(try Request.raw("  PING").kind == .ping)
        #expect(try Request.raw("FROB x=1").kind == .other("FROB"))
        #expect(try Request.raw("FROB x=1").isRepeatable == false)
        #expect(try Request.raw("ADD_MEMBER audience=vip code=X").kind == .addMember)
        #expect(try Request.raw("AUTH token=s3cret%20x").token == "s3cret x")
    }

    @Test func aRawLineThatIsNoSingleRequestIsRefused() {
        for line in ["", "   ", "PING\nPING", "PING\r", "EVAL event=gala\r\nPING"] {
            #expect(throws: ClientError.self, "\(line.debugDescription)") { try Request.raw(line) }
        }
    }

    @Test func aTokenNeverShowsInADescription() {
        #expect(Request.auth(token: "s3cret").description == "AUTH token=…")
        #expect((try? Request.raw("auth token=s3cret"))?.description == "AUTH token=…")
        #expect(Request.eval(event: "gala").description == "EVAL event=gala")
    }
}

extension Request {
    /// A one-item HOLD, as most tests write it.
    static func hold(id: String, event: String, code: String, item offer: String, _ ticket: String, _ quantity: Int) -> Request {
        .hold(id: id, event: event, codes: [code], items: [.init(offer: offer, ticket: ticket, quantity: quantity)])
    }
}
