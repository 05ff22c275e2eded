import Foundation
import TesseraClient

/// RELOAD of the catalog while a load runs: the latency clients see during
/// the reload (from the RELOAD request until 100 ms after its reply, so
/// replies held up by the swap itself are counted) and whether any failed.
struct ReloadUnderLoad {
    var result: LoadGenerator.Result
    /// The RELOAD reply's lines.
    var reply: [String]
    /// Wall time of the RELOAD round trip.
    var seconds: Double
    /// When the slowest reply of the run completed, in seconds after RELOAD was sent
    /// (negative: before it); near `seconds` points at the swap, earlier at the load.
    var slowestAfter: Double

    /// The window's latencies.
    var window: LatencySummary { result.windowLatency.summary }
    /// Replies completed in the window that were not well-formed OKs.
    var windowFailures: UInt64 { result.windowTally.errors + result.windowTally.malformed }

    static func run(
        _ bench: Workbench, mix: Mix, port: UInt16, connections: Int, depth: Int, seconds: Double, reloadAfter: Double
    ) throws -> ReloadUnderLoad {
        let outcome = ReloadOutcome()
        var reloader: Thread?
        let results = try bench.measure(
            mix, port: port, connections: connections, depth: depth, seconds: seconds, warmup: 0
        ) { load in
            let thread = Thread {
                usleep(UInt32(reloadAfter * 1_000_000))
                let started = monotonicNanos()
                outcome.started = started
                load.window.store(true, ordering: .relaxed)
                do {
                    var options = Client.Options(port: port)
                    options.readTimeout = .seconds(120)
                    options.reconnectAttempts = 0
                    outcome.reply = try Client(options).request(.reload).lines
                } catch {
                    outcome.reply = ["(RELOAD failed: \(error))"]
                }
                outcome.seconds = Double(monotonicNanos() - started) / 1e9
                usleep(100_000)
                load.window.store(false, ordering: .relaxed)
                outcome.done.signal()
            }
            thread.start()
            reloader = thread
        }
        _ = reloader
        outcome.done.wait()
        let r = results[0]
        return ReloadUnderLoad(
            result: r, reply: outcome.reply, seconds: outcome.seconds,
            slowestAfter: (Double(r.slowestAt) - Double(outcome.started)) / 1e9)
    }

    var succeeded: Bool { reply.last?.hasPrefix("OK ") == true }

    func printSummary() {
        let w = window
        print(String(
            format: "RELOAD under load: %@ in %.2f s; during it: %llu replies, p50 %.1f p99 %.1f p99.9 %.1f max %.1f µs, %llu failed; slowest reply of the run at %+.2f s",
            reply.last ?? "-", seconds, w.count, w.p50, w.p99, w.p999, w.max, windowFailures, slowestAfter))
    }
}

private final class ReloadOutcome: @unchecked Sendable {
    var reply: [String] = []
    var seconds = 0.0
    var started: UInt64 = 0
    let done = DispatchSemaphore(value: 0)
}
