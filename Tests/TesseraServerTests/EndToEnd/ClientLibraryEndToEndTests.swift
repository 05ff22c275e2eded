import Foundation
import Testing

import enum TesseraProtocol.CommandTable
import enum TesseraProtocol.TesseraVersion

@testable import TesseraClient
@testable import TesseraServer

/// The client library (Sources/TesseraClient) as a storefront uses it, against a real
/// server on loopback: typed requests, typed replies and errors, pipelining, AUTH.
@Suite("The client library against a running server")
struct ClientLibraryEndToEndTests {
    static let noon = Date(timeIntervalSince1970: 1_795_435_200)  // 2026-11-23T12:00:00Z

    static func client(_ server: RunningServer, token: String? = nil) throws -> Client {
        var options = Client.Options(port: server.port, token: token)
        options.readTimeout = .seconds(20)
        return try Client(options)
    }

    @Test func aCheckoutInTypedCalls() throws {
        let server = try RunningServer { $0.testClock = true }
        defer { server.stop() }
        let client = try Self.client(server)
        try client.ping()
        #expect(try client.clock(set: Self.noon) == Self.noon)

        let vip = try client.eval(event: "gala", codes: ["vip321"])
        let seats = try #require(vip.offer("seat-unlock"))
        #expect(seats.name == "VIP seats" && seats.via == .code && seats.remaining == .count(1) && seats.maxOrder == .count(1))
        #expect(seats.tickets.map(\.id) == ["gala-seated"] && seats.tickets[0].price == 6000)
        #expect(seats.seats.map(\.label) == ["North-1"])
        #expect(vip.codes == [.init(value: "vip321", status: .ok)])

        let club = try client.eval(event: "gala", customer: "cust-anna")
        #expect(club.offer("club-monthly")?.resets != nil && club.offer("club-monthly")?.discount == .price)

        let items = [Request.Item(offer: "thank-you-ticket", ticket: "gala-standing", quantity: 1)]
        let hold = try client.hold(id: "cart-1", event: "gala", codes: ["THANKS-4F7K"], items: items)
        #expect(hold.id == "cart-1" && hold.expires == Self.noon.addingTimeInterval(900))
        #expect(hold.held == [.init(offer: "thank-you-ticket", quantity: 1, remaining: .count(0), budgetLeft: nil)])
        // The same hold again: the first answer, nothing counted twice.
        #expect(try client.hold(id: "cart-1", event: "gala", codes: ["THANKS-4F7K"], items: items) == hold)
        #expect(try client.commit(id: "cart-1", order: "web 1001") == HoldStatus(id: "cart-1", state: .committed, released: []))
        #expect(try client.commit(id: "cart-1").state == .committed)
        #expect(try client.eval(event: "jazz-night", codes: ["THANKS-4F7K"]).codes.map(\.status) == [.usedUp])
        #expect(try client.release(id: "cart-1").state == .released)

        let stats = try client.stats()
        #expect(stats["requests_hold"] == 2 && stats["requests_commit"] == 2)
        let reload = try client.reload()
        #expect(reload.offers == stats["catalog_offers"] && reload.members == stats["catalog_members"])
        try client.quit()
    }

    /// HELP and INFO, typed: every verb of the table with its help, the server's facts.
    @Test func helpAndInfo() throws {
        let server = try RunningServer { $0.token = "s3cret" }
        defer { server.stop() }
        let client = try Self.client(server, token: "s3cret")
        let help = try client.help()
        #expect(help.verbs.map(\.name) == CommandTable.all.map(\.name))
        #expect(help.verbs.map(\.help) == CommandTable.all.map(\.help))
        let info = try client.info()
        #expect(info["version"] == TesseraVersion.current)
        #expect(info["listen"] == "127.0.0.1:\(server.port)")
        #expect(info["option.token"] == "set" && !info.entries.contains { $0.value.contains("s3cret") })
    }

    /// ERR replies are thrown as typed errors: the code, the fields decoded, the message decoded.
    @Test func refusalsAreTypedErrors() throws {
        let server = try RunningServer()
        defer { server.stop() }
        let client = try Self.client(server)
        func refusal(_ body: () throws -> Void) -> ReplyError? {
            do {
                try body()
                return nil
            } catch {
                guard case .server(let refusal) = error as? ClientError else { return nil }
                return refusal
            }
        }
        let unknown = refusal { _ = try client.eval(event: "nowhere") }
        #expect(unknown?.code == .unknownEvent && unknown?["event"] == "nowhere")

        // An offer id with `:` and a space travels encoded and comes back decoded.
        let items = [Request.Item(offer: "no such:offer", ticket: "gala-seated", quantity: 1)]
        let offer = refusal { _ = try client.hold(id: "h", event: "gala", codes: ["vip321"], items: items) }
        #expect(offer?.code == .unknownOffer && offer?["offer"] == "no such:offer")

        let tooMany = [Request.Item(offer: "seat-unlock", ticket: "gala-seated", quantity: 2)]
        let limit = refusal { _ = try client.hold(id: "h", event: "gala", codes: ["vip321"], items: tooMany) }
        #expect(limit?.code == .limitReached && limit?["offer"] == "seat-unlock" && limit?["remaining"] == "1")

        let clock = refusal { _ = try client.clock() }
        #expect(clock?.code == .forbidden && clock?.message == "CLOCK needs the server started with --test-clock")

        let missing = try client.request(.raw("EVAL"))
        #expect(missing.error?.code == .badRequest && missing.error?.message == "missing key event")
        #expect(try client.request(.raw("FROB")).error?.code == .unknownVerb)
        // The connection stays usable after every ERR.
        try client.ping()
    }

    /// Values are percent-encoded on the way out and decoded on the way back.
    @Test func valuesSurviveTheRoundTrip() throws {
        let server = try RunningServer()
        defer { server.stop() }
        let client = try Self.client(server)
        let codes = ["vip 321", "x=y", "100%", "Søren", "VIP321"]
        let eval = try client.eval(event: "gala", codes: codes)
        #expect(eval.codes.map(\.value) == codes)
        #expect(eval.codes.map(\.status) == [.unknown, .unknown, .unknown, .unknown, .ok])
    }

    /// A thousand requests in one write: each reply is the one the request gets alone.
    @Test func aPipelineAnswersInOrder() throws {
        let server = try RunningServer()
        defer { server.stop() }
        let client = try Self.client(server)
        let forms: [Request] = [
            .ping, .eval(event: "gala", codes: ["vip321"]), .eval(event: "gala", codes: ["VIP238", "nope"]),
            .eval(event: "nowhere"), .eval(event: "gala", customer: "cust-anna"), try .raw("FROB"), .commit(id: "never-held"),
        ]
        let alone = try forms.map { try client.request($0) }
        let requests = (0..<1000).map { forms[$0 % forms.count] }
        let results = client.pipeline(requests)
        #expect(results.count == 1000)
        for (i, result) in results.enumerated() {
            #expect(try result.get() == alone[i % forms.count], "request \(i)")
        }
        #expect(client.reconnections == 0)
        // send/receive by hand: the same.
        forms.forEach(client.send)
        #expect(client.pendingReplies == forms.count)
        for reply in alone { #expect(try client.receive() == reply) }
        #expect(client.pendingReplies == 0)
        #expect(throws: ClientError.self) { try client.receive() }
    }

    /// With a token the client authenticates every connection it makes, before anything
    /// else; after QUIT, the next request makes one.
    @Test func authOnEveryConnection() throws {
        let server = try RunningServer { $0.token = "s3cret pass" }
        defer { server.stop() }
        let client = try Self.client(server, token: "s3cret pass")
        #expect(try client.eval(event: "gala", codes: ["vip321"]).offers.count == 1)
        try client.quit()
        #expect(try client.eval(event: "gala", codes: ["vip321"]).offers.count == 1)
        #expect(client.reconnections == 1)

        // A token given later with AUTH is used for the connections after it too.
        let later = try Self.client(server)
        #expect(try later.request(.eval(event: "gala")).error?.code == .forbidden)
        try later.authenticate(token: "s3cret pass")
        try later.quit()
        #expect(try later.stats()["requests_auth"] != nil)
        #expect(later.reconnections == 1)

        #expect {
            try Self.client(server, token: "wrong")
        } throws: { error in
            guard case ClientError.authenticationFailed(let refusal) = error else { return false }
            return refusal.code == .forbidden && refusal.message == "wrong token"
        }
    }

    /// The server closed the connection while the client was idle (here: QUIT sent as a raw
    /// line, so the client cannot know). The next request, not repeatable, still goes out on a
    /// new connection: nothing was in flight, nothing is lost.
    @Test func aClosedIdleConnectionIsReplacedBeforeSending() throws {
        let server = try RunningServer()
        defer { server.stop() }
        let client = try Self.client(server)
        #expect(try client.request(.raw("QUIT")).isOK)
        #expect(try client.stats()["requests_quit"] == 1)
        #expect(client.reconnections == 1)
    }
}
