import Foundation
import Glibc

/// Many connections racing for the last of something (a unit of a `total`, the last of a
/// money budget), then `kill -9` and a restart on the same ledger (SPEC §4 Durability:
/// "concurrent checkouts never oversell"; §7: "two HOLDs racing for the last of a budget
/// get one OK").
struct LastOneRace {
    /// Each connection's reply to its own HOLD, by connection.
    var replies: [[String]]
    /// The connections whose HOLD was answered OK.
    var winners: [Int]
    /// `eval`'s answer just before the crash and just after the restart.
    var evalBefore: [String]
    var evalAfter: [String]
    /// The first winner's HOLD sent again after the restart (nil without a winner).
    var repeatAfterRestart: [String]?

    /// Serves `catalog` with a new ledger in `directory` from a real `tessera` process,
    /// opens `connections` connections, sends `hold(n)` on connection `n`, all at once from
    /// threads of their own, reads `eval`, kills the process with SIGKILL, starts it again on
    /// the same ledger and reads `eval` and the winner's HOLD again.
    static func run(
        catalog: String, in directory: URL, connections: Int = 32, eval: String,
        hold: @escaping @Sendable (Int) -> String
    ) throws -> LastOneRace {
        let arguments = ["--catalog", catalog, "--ledger", directory.appendingPathComponent("race.ledger").path]
        let first = try SpawnedServer.start(arguments, in: directory)
        let clients = try (0..<connections).map { _ in try first.client() }
        // Every connection is open before any sends, so the HOLDs arrive together.
        let replies = try repeatConcurrently(connections, width: connections) { n in try clients[n].request(hold(n)) }
        let winners = replies.indices.filter { replies[$0].last?.hasPrefix("OK ") == true }
        let evalBefore = try first.client().request(eval)
        first.send(SIGKILL)
        guard first.waitForExit() == .signal(SIGKILL) else { throw TestClientError("tessera did not die of SIGKILL") }

        let second = try SpawnedServer.start(arguments, in: directory)
        defer {
            second.send(SIGTERM)
            second.waitForExit()
        }
        let after = try second.client()
        return LastOneRace(
            replies: replies, winners: winners, evalBefore: evalBefore, evalAfter: try after.request(eval),
            repeatAfterRestart: try winners.first.map { try after.request(hold($0)) })
    }

    /// The replies of every connection but the winners'.
    var refusals: [[String]] {
        replies.indices.filter { !winners.contains($0) }.map { replies[$0] }
    }
}
