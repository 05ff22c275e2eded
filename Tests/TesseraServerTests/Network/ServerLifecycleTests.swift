import Foundation
import Testing
@testable import TesseraServer
@testable import TesseraNetwork

@Suite struct ServerLifecycleTests {
    @Test func shutdownAnswersReceivedLinesWaitsForDeferredRepliesAndReturns() throws {
        let running = try NetTestServer()
        defer { running.stop() }
        let idle = try NetTestClient(port: running.port)
        let client = try NetTestClient(port: running.port)
        client.send("HOLD ledger\nPAUSE reload\n")
        #expect(netEventually { running.recorder.deferredCount == 2 })
        client.send("queued 1\nqueued 2\npartial")
        usleep(20_000)
        running.server.shutdown()

        // The listener is gone (or at least no longer serves), idle clients are let go.
        #expect(idle.readsEndOfStream())
        running.recorder.complete("reload", "reloaded\n")
        running.recorder.complete("ledger", "written\n")
        #expect(client.readLines(4) == ["written", "reloaded", "[queued 1]", "[queued 2]"])
        #expect(client.readsEndOfStream())
        #expect(running.waitUntilStopped())
        #expect(!running.recorder.lines.contains("partial"))
    }

    @Test func shutdownGraceEndsAWaitForAForgottenReply() throws {
        let running = try NetTestServer { $0.shutdownGraceSeconds = 1 }
        let client = try NetTestClient(port: running.port)
        client.send("HOLD never\n")
        #expect(netEventually { running.recorder.deferredCount == 1 })
        #expect(running.stop())
        #expect(client.readsEndOfStream())
        // Completing after the loop ended is harmless.
        running.recorder.complete("never", "late\n")
    }

    @Test func shutdownBeforeRunReturnsAtOnce() throws {
        let factory = NetEchoFactory()
        var options = ServerOptions()
        options.port = 0
        let server = try Server(options: options, handlerFactory: factory)
        server.shutdown()
        let finished = DispatchSemaphore(value: 0)
        Thread {
            server.run()
            finished.signal()
        }.start()
        #expect(finished.wait(timeout: .now() + 5) == .success)
    }

    @Test func busyPortAndBadHostGiveClearErrors() throws {
        let running = try NetTestServer()
        defer { running.stop() }
        var options = ServerOptions()
        options.port = running.port
        #expect(throws: ServerError.addressInUse(address: "127.0.0.1:\(running.port)")) {
            _ = try Server(options: options, handlerFactory: NetEchoFactory())
        }
        options.host = "no-such-host.invalid"
        options.port = 0
        do {
            _ = try Server(options: options, handlerFactory: NetEchoFactory())
            Issue.record("a bad host must not bind")
        } catch let error as ServerError {
            guard case .badHost = error else {
                Issue.record("unexpected \(error)")
                return
            }
            #expect(error.description.contains("no-such-host.invalid"))
        }
    }

    @Test func executeRunsOnTheLoopAndCountersTrackConnections() throws {
        let running = try NetTestServer()
        defer { running.stop() }
        let client = try NetTestClient(port: running.port)
        client.send("x\nWHO\n")
        #expect(client.readLine() == "[x]")
        let who = try #require(client.readLine())
        #expect(who.hasPrefix("1 127.0.0.1:"))
        let counters = try #require(running.counters())
        #expect(counters.openConnections == 1)
        #expect(counters.acceptedTotal == 1)
        #expect(counters.linesTotal == 2)
    }
}
