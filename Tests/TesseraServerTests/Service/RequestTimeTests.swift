import Synchronization
import Testing
import TesseraCore
import TesseraProtocol
@testable import TesseraServer

/// The clock is read once per request, at most (issue 14): every rule of one
/// request sees one instant, and a request that needs no time reads none.
@Suite struct RequestTimeTests {
    /// Real time that moves one second at every reading, and counts them: a
    /// command reading twice would see two instants, and show here as 2.
    final class CountingClock: Sendable {
        let readings = Mutex(0)

        func read() -> Instant {
            readings.withLock { n in
                n += 1
                return Instant(iso8601: "2026-11-23T12:00:00Z")!.adding(seconds: Int64(n))
            }
        }
    }

    /// Answers `line`, and says how often it read the real clock.
    static func readings(_ line: String, service: TesseraService, clock: CountingClock) -> (reads: Int, reply: String) {
        let before = clock.readings.withLock { $0 }
        var session = service.newSession()
        var out = ReplyWriter()
        var bytes = Array(line.utf8)
        _ = bytes.withUnsafeMutableBytes { service.respond(to: UnsafeRawBufferPointer($0), session: &session, out: &out) }
        return (clock.readings.withLock { $0 } - before, String(decoding: out.bytes, as: UTF8.self))
    }

    @Test(arguments: [
        ("PING", 0),
        ("STATS", 0),
        ("HELP", 0),
        ("INFO", 0),
        ("EVAL event=gala customer=cust-anna code=vip321 code=CLUB-1001", 1),
        ("EVAL event=no-such-event", 0),
        ("HOLD id=h1 event=gala code=vip321 item=seat-unlock:gala-seated:1", 1),
        ("COMMIT id=h1", 1),
        ("RELEASE id=h1", 1),
        ("CLOCK", 1),
        ("CLOCK set=2026-12-01T00:00:00Z", 1),
    ])
    func aRequestReadsTheClockAtMostOnce(line: String, reads: Int) throws {
        let clock = CountingClock()
        var options = ServiceOptions()
        options.testClock = true
        let service = try TesseraService(source: .demo, options: options, ledger: nil, realTime: { clock.read() })
        let answer = Self.readings(line, service: service, clock: clock)
        #expect(answer.reads == reads, "\(line) -> \(answer.reply)")
        #expect(!answer.reply.hasPrefix("ERR bad_request"), "\(line) -> \(answer.reply)")
    }

    @Test func clockSetAnswersTheInstantSetAndFreezesThere() throws {
        let clock = CountingClock()
        var options = ServiceOptions()
        options.testClock = true
        let service = try TesseraService(source: .demo, options: options, ledger: nil, realTime: { clock.read() })
        let set = Self.readings("CLOCK set=2026-12-01T00:00:00Z", service: service, clock: clock)
        #expect(set.reply == "OK now=2026-12-01T00:00:00Z\n")
        let after = Self.readings("CLOCK", service: service, clock: clock)
        #expect(after.reads == 0)
        #expect(after.reply == "OK now=2026-12-01T00:00:00Z\n")
    }
}
