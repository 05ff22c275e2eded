import Foundation
@testable import TesseraServer

/// A real server on an ephemeral loopback port, run on its own thread for
/// the duration of one test.
final class RunningServer: @unchecked Sendable {
    let runner: TesseraRunner
    private let thread: Thread
    private let done = DispatchSemaphore(value: 0)

    /// The fresh ledger this server made, removed by `stop`; nil when the test named one.
    private let ownLedger: String?

    /// A fresh ledger in a temporary directory unless the test names one.
    init(_ configure: (inout ServeConfiguration) -> Void = { _ in }) throws {
        var configuration = ServeConfiguration()
        configuration.port = 0
        let fresh = FileManager.default.temporaryDirectory
            .appendingPathComponent("tessera-test-\(UUID().uuidString).ledger").path
        configuration.ledger = fresh
        configure(&configuration)
        ownLedger = configuration.ledger == fresh ? fresh : nil
        let runner = try TesseraRunner(configuration: configuration)
        self.runner = runner
        let done = done
        thread = Thread { runner.run(signals: false); done.signal() }
        thread.start()
    }

    var port: UInt16 { runner.server.boundPort }

    func client() throws -> TestClient { try TestClient(port: port) }

    /// A bare socket, for what a client library would never send.
    func rawClient() throws -> RawSocketClient { try RawSocketClient(port: port) }

    /// Stops the server and waits (bounded) for its loop to return.
    func stop() {
        guard !stopped else { return }
        stopped = true
        runner.shutdown()
        _ = done.wait(timeout: .now() + 15)
        if let ownLedger {
            for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: ownLedger + suffix) }
        }
    }

    private var stopped = false

    deinit { stop() }
}
