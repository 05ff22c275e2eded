import Foundation
import Testing
@testable import TesseraServer

@Suite struct ConnectionLimitTests {
    @Test func clientHoldingHalfALineDoesNotDelayOthers() throws {
        let running = try NetTestServer()
        defer { running.stop() }
        let slow = try NetTestClient(port: running.port)
        slow.send("hal")
        let fast = try NetTestClient(port: running.port)
        for index in 0..<20 {
            fast.send("ping \(index)\n")
            #expect(fast.readLine() == "[ping \(index)]")
        }
        slow.send("f\n")
        #expect(slow.readLine() == "[half]")
    }

    @Test func connectionsOverTheLimitGetTheOverloadReply() throws {
        let running = try NetTestServer { $0.maxConnections = 2 }
        defer { running.stop() }
        let first = try NetTestClient(port: running.port)
        let second = try NetTestClient(port: running.port)
        first.send("a\n")
        second.send("b\n")
        #expect(first.readLine() == "[a]")
        #expect(second.readLine() == "[b]")

        let third = try NetTestClient(port: running.port)
        #expect(third.readLine() == "ERR unavailable msg=too%20many%20connections")
        #expect(third.readsEndOfStream())
        #expect(running.counters()?.rejectedForLimit == 1)

        // A slot frees up when a client leaves.
        first.send("QUIT\n")
        #expect(first.readLine() == "BYE")
        #expect(netEventually { running.counters()?.openConnections == 1 })
        let fourth = try NetTestClient(port: running.port)
        fourth.send("d\n")
        #expect(fourth.readLine() == "[d]")
        #expect(running.counters()?.acceptedTotal == 3)
    }

    @Test func idleTimeoutClosesASilentConnection() throws {
        let running = try NetTestServer { $0.idleTimeoutSeconds = 1 }
        defer { running.stop() }
        let silent = try NetTestClient(port: running.port)
        #expect(silent.readsEndOfStream())
        #expect(running.counters()?.closedIdle == 1)
        #expect(netEventually { running.recorder.closedCount == 1 })
    }

    @Test func clientThatNeverReadsIsBoundedAndGetsEveryReplyLater() throws {
        let limit = 64 * 1024
        let replySize = 1000
        let count = 6000  // 6 MB of replies: far more than the socket buffers hold
        let running = try NetTestServer { $0.maxPendingOutputBytes = limit }
        defer { running.stop() }
        let client = try NetTestClient(port: running.port, receiveBufferSize: 4096)
        client.send((0..<count).map { "BIG \($0) \(replySize)\n" }.joined())

        // The server stops taking this client's lines once its unsent replies pass the limit.
        #expect(netEventually { (running.counters()?.backpressureStallsTotal ?? 0) >= 1 })
        let stalled = try #require(running.counters())
        #expect(stalled.linesTotal < count)
        usleep(50_000)
        #expect(running.counters()?.linesTotal == stalled.linesTotal, "no lines taken while stalled")

        var received = 0
        while received < count, let line = client.readLine() {
            #expect(line.hasPrefix("\(received):") && line.utf8.count == replySize - 1)
            received += 1
        }
        #expect(received == count)
        let counters = try #require(running.counters())
        #expect(counters.linesTotal == count)
        #expect(counters.peakPendingOutputBytes <= limit + replySize)
    }
}
