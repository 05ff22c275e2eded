import Foundation
import Glibc
import Testing
import TesseraStore
@testable import TesseraServer

/// SPEC §5: `tessera serve` serves until SIGINT or SIGTERM, then answers what it accepted,
/// flushes the ledger and exits 0; SIGHUP reloads the catalog. Every server here is started
/// as a shell or systemd starts it (`SpawnedServer`: empty signal mask, default actions), so
/// a signal that reaches a thread not blocking it kills the server here as it would there.
/// Each case repeats, since which thread the kernel picks may vary from run to run.
@Suite("Signals: SIGTERM and SIGINT stop cleanly and SIGHUP reloads, however the server was started")
struct SignalTests {
    static let stopSignals: [Int32] = [SIGTERM, SIGINT]

    // MARK: SIGTERM, SIGINT

    /// What a stop by signal left behind.
    struct Stop: Equatable {
        var exit: SpawnedServer.Exit?
        /// Replies that arrived, in order, to the requests sent just before the signal.
        var answered: Int
        /// "stopping: …" then "stopped" in the log.
        var loggedStop: Bool
        /// Ids of the committed holds the ledger holds once the server is gone.
        var committedOnDisk: [String]

        static func clean(answered: Int, committed: [String]) -> Stop {
            Stop(exit: .status(0), answered: answered, loggedStop: true, committedOnDisk: committed)
        }
    }

    @Test("An idle server stops on the signal, flushes the ledger and exits 0", arguments: stopSignals)
    func idleStop(signal: Int32) throws {
        let catalog = try TestCatalog.makeFile()
        defer { try? FileManager.default.removeItem(at: catalog.directory) }
        let stops = try repeatConcurrently(20, width: 4) { _ in try Self.stop(signal, catalog: catalog.catalog, pipelining: 0) }
        for (repetition, stop) in stops.enumerated() {
            #expect(stop == .clean(answered: 0, committed: ["h"]), "repetition \(repetition)")
        }
    }

    @Test("Under pipelined load, every request sent before the signal is answered and every commit is on disk",
          arguments: stopSignals)
    func loadedStop(signal: Int32) throws {
        let catalog = try TestCatalog.makeFile()
        defer { try? FileManager.default.removeItem(at: catalog.directory) }
        let stops = try repeatConcurrently(5, width: 2) { _ in try Self.stop(signal, catalog: catalog.catalog, pipelining: 20) }
        let burst = Self.burst(holds: 20)
        for (repetition, stop) in stops.enumerated() {
            #expect(stop == .clean(answered: burst.count, committed: ["h"] + (0..<20).map { "p\($0)" }), "repetition \(repetition)")
        }
    }

    /// One server: a HOLD and COMMIT answered, then (with `pipelining` > 0) a burst of EVALs
    /// with that many HOLD+COMMIT pairs among them sent in one write, then the signal at once.
    static func stop(_ signal: Int32, catalog: String, pipelining holds: Int) throws -> Stop {
        let directory = try scratchDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let ledger = directory.appendingPathComponent("x.ledger").path
        let server = try SpawnedServer.start(["--catalog", catalog, "--ledger", ledger], in: directory)
        let client = try server.client()
        _ = try client.request("HOLD id=h event=gala code=BULK item=bulk-offer:gala-seated:1")
        _ = try client.request("COMMIT id=h order=o")
        let burst = holds > 0 ? burst(holds: holds) : []
        try client.send(burst.map { $0.request + "\n" }.joined())
        server.send(signal)
        let answered = answeredInOrder(burst, by: client)
        let exit = server.waitForExit()
        let log = server.log
        return Stop(
            exit: exit, answered: answered,
            loggedStop: log.contains(" INFO stopping: ") && log.hasSuffix(" INFO stopped\n"),
            committedOnDisk: try committedHolds(ledger: ledger))
    }

    // MARK: SIGHUP

    /// What a SIGHUP did.
    struct Reload: Equatable {
        var answered: Int
        var loggedReload: Bool
        var runningAfter: Bool
        var pingAfter: [String]?
        /// The last line of `EVAL code=NEWCODE` before and after: the code is added to the
        /// catalog file just before the signal.
        var newCodeBefore: String?
        var newCodeAfter: String?
        /// How SIGTERM then ended it.
        var exitOnTerm: SpawnedServer.Exit?

        static func reloaded(answered: Int) -> Reload {
            Reload(answered: answered, loggedReload: true, runningAfter: true, pingAfter: ["OK"],
                   newCodeBefore: "OK offers=0", newCodeAfter: "OK offers=1", exitOnTerm: .status(0))
        }
    }

    @Test("An idle server reloads its catalog on SIGHUP and keeps serving")
    func idleHangup() throws {
        let reloads = try repeatConcurrently(20, width: 4) { _ in try Self.hangUp(pipelining: 0) }
        for (repetition, reload) in reloads.enumerated() {
            #expect(reload == .reloaded(answered: 0), "repetition \(repetition)")
        }
    }

    @Test("Under pipelined load, SIGHUP reloads and every request is answered")
    func loadedHangup() throws {
        let reloads = try repeatConcurrently(5, width: 2) { _ in try Self.hangUp(pipelining: 300) }
        for (repetition, reload) in reloads.enumerated() {
            #expect(reload == .reloaded(answered: 300), "repetition \(repetition)")
        }
    }

    /// One server on a catalog file of its own: NEWCODE added to the file, `pipelining` EVALs
    /// sent in one write, SIGHUP at once; then the replies, the reload, and a SIGTERM.
    static func hangUp(pipelining evals: Int) throws -> Reload {
        let (directory, catalog) = try TestCatalog.makeFile(extraSQL: "")
        defer { try? FileManager.default.removeItem(at: directory) }
        let server = try SpawnedServer.start(
            ["--catalog", catalog, "--ledger", directory.appendingPathComponent("x.ledger").path], in: directory)
        let client = try server.client()
        let before = try client.request("EVAL event=gala code=NEWCODE").last
        try addNewCode(to: catalog)
        let burst = (0..<evals).map { _ in (request: "EVAL event=gala code=VIP321", reply: "OK offers=1") }
        try client.send(burst.map { $0.request + "\n" }.joined())
        server.send(SIGHUP)
        let answered = answeredInOrder(burst, by: client)
        let logged = server.waitForLog { $0.contains(" INFO catalog reloaded: offers=") }
        let running = server.isRunning
        let ping = try? client.request("PING")
        let after = (try? client.request("EVAL event=gala code=NEWCODE"))?.last
        server.send(SIGTERM)
        return Reload(answered: answered, loggedReload: logged, runningAfter: running, pingAfter: ping,
                      newCodeBefore: before, newCodeAfter: after, exitOnTerm: server.waitForExit())
    }

    // MARK: Start-up, and how the server was started

    @Test("A signal that comes while the catalog loads waits for the loop: it neither kills nor is lost",
          arguments: [SIGTERM, SIGINT, SIGHUP])
    func signalWhileLoading(signal: Int32) throws {
        // 100,000 more members: long enough to load that the signal lands mid-load.
        let manyMembers = """
            WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 100000)
            INSERT INTO members (id, audience_id, code, quantity) SELECT 100000 + i, 'vip-codes', 'LOAD' || i, 1 FROM n;
            """
        let (directory, catalog) = try TestCatalog.makeFile(extraSQL: manyMembers)
        defer { try? FileManager.default.removeItem(at: directory) }
        let server = try SpawnedServer.start(
            ["--catalog", catalog, "--ledger", directory.appendingPathComponent("x.ledger").path], in: directory,
            until: .signalsBlocked)
        let stillLoading = !server.log.contains(" INFO serving ")
        server.send(signal)
        if signal == SIGHUP {
            #expect(server.waitForLog { $0.contains(" INFO catalog reloaded: ") })
            #expect(try server.client().request("PING") == ["OK"])
            server.send(SIGTERM)
        }
        #expect(server.waitForExit() == .status(0))
        let log = server.log
        #expect(log.contains(" INFO serving ") && log.contains(" INFO stopping: ") && log.hasSuffix(" INFO stopped\n"))
        #expect(stillLoading, "the signal was meant to come before the server served")
    }

    @Test("No thread of a serving server leaves SIGINT, SIGTERM or SIGHUP to its default action")
    func everyThreadBlocksTheSignals() throws {
        let directory = try Self.scratchDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let server = try SpawnedServer.start(["--ledger", directory.appendingPathComponent("x.ledger").path], in: directory)
        let masks = server.blockedSignalsByThread()
        #expect(masks.count >= 2, "the loop thread and the ledger writer at least")
        for (thread, blocked) in masks.sorted(by: { $0.key < $1.key }) {
            #expect(blocked.isSuperset(of: SpawnedServer.handledSignals), "thread \(thread) blocks \(blocked.sorted())")
        }
        server.send(SIGTERM)
        #expect(server.waitForExit() == .status(0))
    }

    // MARK: Helpers

    /// EVALs with `holds` HOLD+COMMIT pairs in the middle, each with the last line of its reply.
    static func burst(holds: Int) -> [(request: String, reply: String)] {
        let eval = (request: "EVAL event=gala code=VIP321", reply: "OK offers=1")
        var burst = Array(repeating: eval, count: 150)
        for i in 0..<holds {
            burst.append((
                "HOLD id=p\(i) event=gala code=BULK item=bulk-offer:gala-seated:1",
                "OK id=p\(i) expires=*"))
            burst.append(("COMMIT id=p\(i) order=o\(i)", "OK id=p\(i) state=committed"))
        }
        return burst + Array(repeating: eval, count: 150)
    }

    /// How many replies, in order, end as `burst` expects (a trailing `*` matches any rest),
    /// stopping at the first that does not or at a closed or silent connection.
    static func answeredInOrder(_ burst: [(request: String, reply: String)], by client: TestClient) -> Int {
        var answered = 0
        for expected in burst {
            guard let last = (try? client.readReply())?.last else { break }
            let matches = expected.reply.hasSuffix("*")
                ? last.hasPrefix(expected.reply.dropLast()) : last == expected.reply
            guard matches else { break }
            answered += 1
        }
        return answered
    }

    static func committedHolds(ledger path: String) throws -> [String] {
        let ledger = try Ledger(path: path)
        defer { ledger.close() }
        return try ledger.loadHolds().filter { $0.state == .committed }.map(\.id)
    }

    /// Gives the demo's `vip-codes` audience the code NEWCODE, in the file only.
    static func addNewCode(to catalog: String) throws {
        let db = try Database(path: catalog, mode: .readWrite)
        try db.execute("INSERT INTO members (id, audience_id, code, quantity, seat) VALUES (9001, 'vip-codes', 'NEWCODE', 1, 'South-3')")
    }

    static func scratchDirectory() throws -> URL {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("tessera-signals-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        return directory
    }
}
