import Foundation
import Testing
@testable import TesseraServer

@Suite struct ServerCountersTests {
    /// The per-connection shortcut in `notePendingOutput` must not lose a peak: a connection that
    /// has seen a low peak still raises the server's peak past what another connection set.
    @Test func peakPendingOutputStaysExactAcrossConnections() throws {
        let running = try NetTestServer()
        defer { running.stop() }
        let first = try NetTestClient(port: running.port)
        let second = try NetTestClient(port: running.port)
        first.send("BIG a 1000\n")
        #expect(first.readLine()?.count == 999)
        #expect(running.counters()?.peakPendingOutputBytes == 1000)
        second.send("BIG b 500\n")
        #expect(second.readLine()?.count == 499)
        #expect(running.counters()?.peakPendingOutputBytes == 1000)
        second.send("BIG c 1500\n")
        #expect(second.readLine()?.count == 1499)
        #expect(running.counters()?.peakPendingOutputBytes == 1500)
        // Held bytes count too: 2000 behind a deferred reply, then its 5 bytes.
        second.send("HOLD x\nBIG d 2000\n")
        #expect(netEventually { running.counters()?.peakPendingOutputBytes == 2000 })
        running.recorder.complete("x", "done\n")
        #expect(second.readLines(2).map(\.count) == [4, 1999])
        #expect(running.counters()?.peakPendingOutputBytes == 2005)
        first.send("BIG e 1800\n")
        #expect(first.readLine()?.count == 1799)
        #expect(running.counters()?.peakPendingOutputBytes == 2005)
    }
}
