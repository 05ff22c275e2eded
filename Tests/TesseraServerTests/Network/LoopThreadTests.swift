import Foundation
import Synchronization
import Testing
@testable import TesseraServer
@testable import TesseraNetwork

/// The thread checks behind `assertInLoop()` (debug builds): they must tell the loop's thread
/// from others, or every assertion in the network and request layers would be a promise again.
@Suite struct LoopThreadTests {
    /// Runs `body` on the loop thread and returns its answer.
    static func onLoop(_ server: Server, _ body: @escaping @Sendable () -> Bool) -> Bool? {
        let answer = Mutex<Bool?>(nil)
        let done = DispatchSemaphore(value: 0)
        server.execute {
            let value = body()
            answer.withLock { $0 = value }
            done.signal()
        }
        guard done.wait(timeout: .now() + 5) == .success else { return nil }
        return answer.withLock { $0 }
    }

    @Test func theLoopThreadIsTheOnlyOneInTheLoopWhileItRuns() throws {
        var options = ServerOptions()
        options.port = 0
        let idle = try Server(options: options, handlerFactory: NetEchoFactory())
        // Not running: set-up and tear-down may touch loop state from the thread doing them.
        #expect(!idle.inLoop && idle.inLoopOrNotRunning)

        let running = try NetTestServer()
        let server = running.server
        #expect(Self.onLoop(server) { server.inLoop && server.inLoopOrNotRunning } == true)
        // This thread is not the loop's while the loop runs (it has by now: it answered above).
        #expect(!server.inLoop && !server.inLoopOrNotRunning)
        #expect(running.stop())
        #expect(!server.inLoop && server.inLoopOrNotRunning)
    }

    @Test func theRunnerGivesTheServiceTheServersCheck() throws {
        let running = try RunningServer()
        defer { running.stop() }
        let service = running.runner.service
        #expect(Self.onLoop(running.runner.server) { service.isOnLoopThread() } == true)
        #expect(!service.isOnLoopThread())
    }
}
