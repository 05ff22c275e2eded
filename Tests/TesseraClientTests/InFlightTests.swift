import Testing

@testable import TesseraClient

/// The bookkeeping behind pipelining and retries, without sockets: which reply goes to
/// which request, and what becomes of each request when a connection breaks.
@Suite struct InFlightTests {
    static let eval = Request.eval(event: "gala")
    static let hold = Request.hold(id: "h1", event: "gala", items: [.init(offer: "o", ticket: "t", quantity: 1)])
    static let stats = Request.stats
    static let reload = Request.reload

    static func size(_ request: Request) -> Int { request.line.utf8.count + 1 }

    /// What each entry became, popped in order.
    static func outcomes(_ inFlight: inout InFlight) -> [String] {
        var outcomes: [String] = []
        while let entry = inFlight.popResolved() {
            switch entry.state {
            case .answered(let reply): outcomes.append("\(entry.request.kind): \(reply.statusLine)")
            case .failed(.outcomeUnknown(let request, _)): outcomes.append("\(request.kind): unknown")
            case .failed(.notConnected): outcomes.append("\(entry.request.kind): not sent")
            case .failed(let error): outcomes.append("\(entry.request.kind): \(error)")
            default: break
            }
        }
        return outcomes
    }

    @Test func repliesGoToTheWrittenRequestsInOrder() {
        var inFlight = InFlight()
        [Self.eval, Self.stats, Self.eval].forEach { inFlight.enqueue($0) }
        #expect(inFlight.nothingOnTheWire && !inFlight.awaitsReply)
        // Nothing is written: a reply now answers nothing.
        #expect(inFlight.answer(Reply(lines: ["OK"])) == nil)
        inFlight.wrote(Self.size(Self.eval) + 3)
        #expect(!inFlight.nothingOnTheWire && inFlight.awaitsReply)
        #expect(inFlight.answer(Reply(lines: ["OK offers=0"])) == Self.eval)
        // STATS is only partly written: the server cannot have answered it.
        #expect(inFlight.answer(Reply(lines: ["OK"])) == nil)
        inFlight.wrote(Self.size(Self.stats) - 3 + Self.size(Self.eval))
        #expect(inFlight.answer(Reply(lines: ["STAT name=x value=1", "OK"])) == Self.stats)
        #expect(inFlight.answer(Reply(lines: ["OK offers=1"])) == Self.eval)
        #expect(inFlight.nothingOnTheWire)
        #expect(Self.outcomes(&inFlight) == ["EVAL: OK offers=0", "STATS: OK", "EVAL: OK offers=1"])
        #expect(inFlight.isEmpty)
    }

    /// A break: written repeatable requests go out again; written others are
    /// outcome-unknown; requests never written whole go out again whatever their kind.
    @Test func aBreakRepeatsWhatIsSafeAndReportsTheRest() {
        var inFlight = InFlight()
        [Self.eval, Self.hold, Self.stats, Self.eval, Self.reload, Self.stats].forEach { inFlight.enqueue($0) }
        inFlight.wrote(Self.size(Self.eval))
        #expect(inFlight.answer(Reply(lines: ["OK offers=0"])) == Self.eval)
        // HOLD, STATS, EVAL, RELOAD written whole, the last STATS only in part.
        inFlight.wrote([Self.hold, Self.stats, Self.eval, Self.reload].map(Self.size).reduce(0, +) + 2)
        let resend = inFlight.connectionBroke(.closedByServer, repeats: 3)
        #expect(resend)
        #expect(inFlight.queuedRequests == [Self.hold, Self.eval, Self.stats])
        #expect(inFlight.nothingOnTheWire)
        // On the new connection: all three written and answered.
        inFlight.wrote([Self.hold, Self.eval, Self.stats].map(Self.size).reduce(0, +))
        #expect(inFlight.answer(Reply(lines: ["OK id=h1 expires=2026-11-23T12:15:00Z"])) == Self.hold)
        #expect(inFlight.answer(Reply(lines: ["OK offers=1"])) == Self.eval)
        #expect(inFlight.answer(Reply(lines: ["OK"])) == Self.stats)
        #expect(
            Self.outcomes(&inFlight) == [
                "EVAL: OK offers=0", "HOLD: OK id=h1 expires=2026-11-23T12:15:00Z", "STATS: unknown", "EVAL: OK offers=1",
                "RELOAD: unknown", "STATS: OK",
            ])
    }

    /// A repeatable request is repeated at most `repeats` times, then reported.
    @Test func repeatsAreBounded() {
        var inFlight = InFlight()
        inFlight.enqueue(Self.eval)
        for _ in 0..<2 {
            inFlight.wrote(Self.size(Self.eval))
            let resend = inFlight.connectionBroke(.timedOut(.seconds(1)), repeats: 2)
            #expect(resend)
        }
        inFlight.wrote(Self.size(Self.eval))
        let resend = inFlight.connectionBroke(.closedByServer, repeats: 2)
        #expect(!resend)
        #expect(Self.outcomes(&inFlight) == ["EVAL: unknown"])
    }

    @Test func withNoRepeatsEveryRequestInFlightIsReported() {
        var inFlight = InFlight()
        [Self.eval, Self.stats].forEach { inFlight.enqueue($0) }
        inFlight.wrote(Self.size(Self.eval))
        let resend = inFlight.connectionBroke(.closedByServer, repeats: 0)
        #expect(!resend)
        #expect(Self.outcomes(&inFlight) == ["EVAL: unknown", "STATS: not sent"])
    }

    /// No new connection: what may have run is outcome-unknown, what cannot have is not sent.
    @Test func noNewConnection() {
        var inFlight = InFlight()
        [Self.hold, Self.stats].forEach { inFlight.enqueue($0) }
        inFlight.wrote(Self.size(Self.hold))
        let resend = inFlight.connectionBroke(.closedByServer, repeats: 3)
        #expect(resend)
        inFlight.cannotConnect(.notConnected("cannot connect to 127.0.0.1:1: Connection refused"))
        #expect(Self.outcomes(&inFlight) == ["HOLD: unknown", "STATS: not sent"])
    }

    /// A request sent after earlier ones were popped still pairs with its reply.
    @Test func theQueueIsReusedAfterItEmpties() {
        var inFlight = InFlight()
        for i in 0..<3 {
            inFlight.enqueue(Self.eval)
            inFlight.wrote(Self.size(Self.eval))
            #expect(inFlight.answer(Reply(lines: ["OK offers=\(i)"])) == Self.eval)
            #expect(Self.outcomes(&inFlight) == ["EVAL: OK offers=\(i)"])
        }
    }

    /// A pipeline that never drains: requests keep pairing with their replies while the
    /// entries handed back are dropped, so memory stays bounded.
    @Test func aPipelineKeptFullPairsEveryReply() {
        var inFlight = InFlight()
        var answered = 0
        var received = 0
        for round in 0..<50 {
            for _ in 0..<100 { inFlight.enqueue(Self.eval) }
            inFlight.wrote(100 * Self.size(Self.eval))
            for _ in 0..<100 {
                #expect(inFlight.answer(Reply(lines: ["OK offers=\(answered)"])) == Self.eval)
                answered += 1
            }
            // Hand back all but the last 10, until the last round.
            for _ in 0..<(round == 49 ? inFlight.count : inFlight.count - 10) {
                guard let entry = inFlight.popResolved(), case .answered(let reply) = entry.state else { break }
                #expect(reply.statusLine == "OK offers=\(received)")
                received += 1
            }
            #expect(inFlight.entries.count <= 2 * 1024 + 100)
        }
        #expect(received == answered && inFlight.isEmpty)
    }
}
