import Foundation
import Testing
@testable import TesseraServer

@Suite struct ReplyOrderTests {
    @Test func deferredRepliesCompletedOutOfOrderGoOutInRequestOrder() throws {
        let running = try NetTestServer()
        defer { running.stop() }
        let client = try NetTestClient(port: running.port)
        client.send("HOLD a\nHOLD b\nplain\nHOLD c\nafter\n")
        #expect(netEventually { running.recorder.deferredCount == 3 })
        #expect(running.recorder.lines == ["HOLD a", "HOLD b", "plain", "HOLD c", "after"])

        // Completed from another thread, last first.
        let recorder = running.recorder
        let completer = Thread {
            recorder.complete("c", "c\n")
            recorder.complete("b", "b\n")
        }
        completer.start()
        client.setReceiveTimeout(0.2)
        #expect(client.readLine() == nil, "nothing may overtake the first deferred reply")
        client.setReceiveTimeout(5)
        recorder.complete("a", "a\n")
        #expect(client.readLines(5) == ["a", "b", "[plain]", "c", "[after]"])
    }

    @Test func pauseInputHoldsLaterLinesUntilCompletion() throws {
        let running = try NetTestServer()
        defer { running.stop() }
        let client = try NetTestClient(port: running.port)
        client.send("first\nPAUSE reload\nsecond\nthird\n")
        #expect(netEventually { running.recorder.deferredCount == 1 })
        usleep(50_000)
        #expect(running.recorder.lines == ["first", "PAUSE reload"])
        #expect(client.readLine() == "[first]")

        running.recorder.complete("reload", "reloaded\n")
        #expect(client.readLines(3) == ["reloaded", "[second]", "[third]"])
        #expect(running.recorder.lines == ["first", "PAUSE reload", "second", "third"])
    }

    @Test func closeAfterFlushWritesQueuedRepliesThenCloses() throws {
        let running = try NetTestServer()
        defer { running.stop() }
        let client = try NetTestClient(port: running.port)
        client.send("HOLD slow\none\nQUIT\nignored\n")
        #expect(netEventually { running.recorder.deferredCount == 1 })
        running.recorder.complete("slow", "slow\n")
        #expect(client.readLines(3) == ["slow", "[one]", "BYE"])
        #expect(client.readsEndOfStream())
        #expect(!running.recorder.lines.contains("ignored"))
    }

    @Test func peerHalfCloseStillGetsItsRepliesAndPartialLineIsDropped() throws {
        let running = try NetTestServer()
        defer { running.stop() }
        let client = try NetTestClient(port: running.port)
        client.send("one\ntwo\npartial")
        client.shutdownWrite()
        #expect(client.readLines(2) == ["[one]", "[two]"])
        #expect(client.readsEndOfStream())
        #expect(netEventually { running.recorder.closedCount == 1 })
        #expect(!running.recorder.lines.contains("partial"))
    }
}
