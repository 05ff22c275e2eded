import Foundation
import Testing
import TesseraClient

// README example begins
/// Sells the VIP seat that code VIP321 unlocks at the gala: look, reserve, confirm.
func sellVIPSeat(server: String = "127.0.0.1:7878", token: String? = nil) throws(ClientError) -> HoldStatus? {
    guard var options = Client.Options(server: server, token: token) else { return nil }
    options.readTimeout = .seconds(5)  // HOLD and COMMIT answer after an fsync
    let client = try Client(options)  // connects; sends AUTH first when there is a token

    // Pipelining: both requests in one write, the replies in request order.
    let events = ["gala", "jazz-night"]
    let answers = client.pipeline(events.map { .eval(event: $0, codes: ["VIP321"]) })
    for (event, answer) in zip(events, answers) {
        let eval = try answer.get().decode(EvalResult.self)
        print(event, eval.offers.map(\.id), eval.codes.map(\.status))  // jazz-night: [.wrongEvent]
    }

    // What may this code unlock? Values go out percent-encoded and come back decoded.
    let eval = try client.eval(event: "gala", codes: ["VIP321"])
    guard let offer = eval.offer("seat-unlock"), offer.maxOrder.allows(1), let ticket = offer.tickets.first
    else { return nil }
    print(offer.name, ticket.id, ticket.price, offer.seats.map(\.label))  // VIP seats gala-seated 6000 ["North-1"]

    // Reserve, then redeem. The cart id makes a repeat safe: when the connection breaks,
    // the client sends HOLD, COMMIT and RELEASE again on a new one by itself.
    do throws(ClientError) {
        let item = Request.Item(offer: offer.id, ticket: ticket.id, quantity: 1)
        let hold = try client.hold(id: "cart-1", event: "gala", codes: ["VIP321"], items: [item])
        print("held until", hold.expires, "left:", hold.held[0].remaining)
        return try client.commit(id: hold.id, order: "web-1001")  // state .committed
    } catch .server(let refusal) where refusal.code == .limitReached {
        print("sold out:", refusal["remaining"] ?? "?", refusal.message ?? "")
        return nil
    }
}
// README example ends

/// README's client library example is this code, and it works against a real server.
@Suite("README: the client library example")
struct ReadmeClientExampleTests {
    static let here = URL(fileURLWithPath: #filePath)

    static func between(_ start: String, _ end: String, in text: String) -> String? {
        guard let from = text.range(of: start), let to = text.range(of: end, range: from.upperBound..<text.endIndex)
        else { return nil }
        return String(text[from.upperBound..<to.lowerBound])
    }

    @Test func theReadmeShowsThisCode() throws {
        let source = try String(contentsOf: Self.here, encoding: .utf8)
        let readme = try String(
            contentsOf: Self.here.deletingLastPathComponent().appendingPathComponent("../../../README.md").standardized,
            encoding: .utf8)
        let code = try #require(Self.between("// README example begins\n", "// README example ends\n", in: source))
        let shown = try #require(Self.between("```swift\nimport TesseraClient\n\n", "```\n", in: readme))
        #expect(shown == code)
    }

    @Test func itSellsTheSeatOnceThenItIsSoldOut() throws {
        let server = try RunningServer { $0.token = "s3cret" }
        defer { server.stop() }
        let sold = try sellVIPSeat(server: "127.0.0.1:\(server.port)", token: "s3cret")
        #expect(sold?.state == .committed && sold?.id == "cart-1")
        // Sold: EVAL now shows none left, so nothing is held again.
        #expect(try sellVIPSeat(server: "127.0.0.1:\(server.port)", token: "s3cret") == nil)
    }
}
