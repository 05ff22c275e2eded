import Foundation
import Glibc
import Testing
import TesseraStore
@testable import TesseraServer

/// SPEC §8 Durable and immediate, Busy file, Cost: an OK'd change is in the file's tables
/// (kill -9 loses none), a locked file answers `unavailable` after a bounded wait while
/// other connections are answered, and many connections' changes and EVALs interleave.
@Suite("Live membership changes: durability, a busy file, many connections (SPEC §8)")
struct LiveMembersDurabilityTests {
    /// The ids of `audience`'s rows in the catalog file.
    static func ids(in catalog: String, audience: String) throws -> Set<Int64> {
        let db = try Database(path: catalog, mode: .readOnly)
        let rows = try db.prepare("SELECT id FROM members WHERE audience_id = ?")
        try rows.bind(audience, at: 1)
        var ids = Set<Int64>()
        while try rows.step() == .row { ids.insert(rows.int64(at: 0)) }
        return ids
    }

    @Test func everyOKdChangeSurvivesSIGKILL() throws {
        let (directory, catalog) = try TestCatalog.makeFile(extraSQL: "")
        defer { try? FileManager.default.removeItem(at: directory) }
        let first = try TesseraProcess.start(arguments: ["--catalog", catalog])
        let client = try TestClient(port: first.port)
        let n = 200
        var burst = ""
        for i in 0..<n { burst += "ADD_MEMBER audience=thank-you code=KILL-\(i)\n" }
        burst += "DEL_MEMBER member=80\nSET_MEMBER member=81 code=THANKS-NEW\nADD_ATTENDEE event=gala-2025 customer=cust-kill\n"
        try client.send(burst)
        var ids: [Int64] = []
        for _ in 0..<n {
            let reply = try client.readReply()
            #expect(reply.count == 1 && reply[0].hasPrefix("OK member="))
            ids.append(Int64(reply[0].dropFirst("OK member=".count)) ?? 0)
        }
        #expect(try client.readReply() == ["OK member=80"])
        #expect(try client.readReply() == ["OK member=81"])
        #expect(try client.readReply() == ["OK"])
        first.kill(SIGKILL)

        #expect(ids == Array(96..<Int64(96 + n)))
        #expect(try Self.ids(in: catalog, audience: "thank-you") == Set(ids).union([81, 82]))
        let second = try TesseraProcess.start(arguments: ["--catalog", catalog])
        defer { second.kill(SIGTERM) }
        let after = try TestClient(port: second.port)
        #expect(try after.request("FIND_MEMBERS audience=thank-you code=kill-199") == [
            "MEMBER id=\(95 + n) audience=thank-you code=KILL-199", "OK count=1",
        ])
        #expect(try after.request("FIND_MEMBERS audience=thank-you code=thanks-new") == [
            "MEMBER id=81 audience=thank-you code=THANKS-NEW", "OK count=1",
        ])
        #expect(try after.request("EVAL event=gala customer=cust-kill").first?.hasPrefix("OFFER id=welcome-back") == true)
        #expect(try after.request("ADD_MEMBER audience=thank-you code=AFTER") == ["OK member=\(96 + n)"])
    }

    @Test func aLockedFileAnswersUnavailableAfterTwoSecondsAndOthersAreAnsweredMeanwhile() throws {
        let (server, catalog, done) = try LiveMembersEndToEndTests.server()
        defer { done() }
        let c = try server.client()
        #expect(try c.request("ADD_MEMBER audience=thank-you code=BEFORE") == ["OK member=96"])

        let other = try Database(path: catalog, mode: .readWrite)
        try other.execute("BEGIN IMMEDIATE")
        let started = Date()
        try c.send("ADD_MEMBER audience=thank-you code=LOCKED\nEVAL event=gala code=locked\n")
        // Another connection is answered while the change waits for the lock.
        let d = try server.client()
        #expect(try d.request("PING") == ["OK"])
        #expect(try d.request("EVAL event=gala code=before").first?.hasPrefix("OFFER id=thank-you-ticket") == true)
        #expect(Date().timeIntervalSince(started) < 1.5)
        let refused = try c.readReply()
        let waited = Date().timeIntervalSince(started)
        #expect(refused.count == 1 && refused[0].hasPrefix("ERR unavailable"))
        #expect(waited >= 1.9 && waited < 4, "waited \(waited) s")
        // The EVAL pipelined after it sees nothing of it.
        #expect(try c.readReply().last == "OK offers=0")
        try other.execute("ROLLBACK")

        #expect(try c.request("ADD_MEMBER audience=thank-you code=LOCKED").first?.hasPrefix("OK member=") == true)
        #expect(try c.request("FIND_MEMBERS audience=thank-you code=locked").last == "OK count=1")
        #expect(try c.request("STATS").contains("STAT name=errors_unavailable value=1"))
    }

    @Test func sixteenConnectionsAddMembersWhileEvalAndReloadRun() throws {
        let (server, catalog, done) = try LiveMembersEndToEndTests.server()
        defer { done() }
        let setup = try server.client()
        _ = try setup.request("CLOCK set=2026-11-24T12:00:00Z")
        let baseline = try #require(try LiveMembersUsageTests.stat(setup, "catalog_members"))
        let writers = 16, perWriter = 40
        let okd = Locked<[Int64]>([])
        let okdCodes = Locked<[String]>([])
        let problems = Locked<[String]>([])
        let writing = Locked(writers)
        // Another writer holds the file for a moment as they start: the changes that arrive
        // meanwhile wait for the first and then go to the file together (on this machine an
        // fsync is quicker than 16 connections' next lines, which alone rarely overlap).
        #expect(try setup.request("ADD_MEMBER audience=thank-you code=WARM-UP").first?.hasPrefix("OK") == true)
        let other = try Database(path: catalog, mode: .readWrite)
        try other.execute("BEGIN IMMEDIATE")
        DispatchQueue.global().asyncAfter(deadline: .now() + 0.5) { try? other.execute("ROLLBACK") }
        // Threads of their own, all at once (concurrentPerform would run two at a time here).
        _ = try repeatConcurrently(writers + 1, width: writers + 1) { w in
            do {
                let c = try server.client()
                if w == writers {
                    // EVAL meanwhile: a code added earlier is always found, the same answer each time.
                    var evals = 0
                    while writing.value > 0 || evals < 50 {
                        // RELOADs meet the changes: each reads every change answered OK before it.
                        if evals % 10 == 5, try c.request("RELOAD").first?.hasPrefix("OK offers=") != true {
                            problems.mutate { $0.append("RELOAD refused") }
                        }
                        let reply = try c.request("EVAL event=gala code=VIP321")
                        if reply.last != "OK offers=1" { problems.mutate { $0.append("EVAL: \(reply)") } }
                        // A member OK'd on another connection before this EVAL is sent is found.
                        if let code = okdCodes.value.last {
                            let found = try c.request("EVAL event=gala code=\(code)")
                            if found.first?.hasPrefix("OFFER id=thank-you-ticket") != true {
                                problems.mutate { $0.append("EVAL \(code) after its OK: \(found)") }
                            }
                        }
                        evals += 1
                    }
                    return
                }
                defer { writing.mutate { $0 -= 1 } }
                var burst = ""
                for k in 0..<perWriter { burst += "ADD_MEMBER audience=thank-you code=W\(w)-\(k)\nEVAL event=gala code=W\(w)-\(k)\n" }
                try c.send(burst)
                for k in 0..<perWriter {
                    let add = try c.readReply()
                    let eval = try c.readReply()
                    guard add.count == 1, add[0].hasPrefix("OK member="), let id = Int64(add[0].dropFirst(10)) else {
                        problems.mutate { $0.append("ADD W\(w)-\(k): \(add)") }
                        continue
                    }
                    okd.mutate { $0.append(id) }
                    okdCodes.mutate { $0.append("W\(w)-\(k)") }
                    // Pipelined after its change on the same connection: sees it.
                    if eval.first?.hasPrefix("OFFER id=thank-you-ticket") != true {
                        problems.mutate { $0.append("EVAL W\(w)-\(k): \(eval)") }
                    }
                }
            } catch {
                problems.mutate { $0.append("\(error)") }
            }
        }
        #expect(problems.value.isEmpty, "\(problems.value.prefix(5))")
        let ids = okd.value
        #expect(ids.count == writers * perWriter && Set(ids).count == ids.count)
        #expect(try Self.ids(in: catalog, audience: "thank-you").isSuperset(of: ids))
        #expect(try LiveMembersUsageTests.stat(setup, "catalog_members") == baseline + writers * perWriter + 1)
        #expect(try setup.request("RELOAD").first?.contains(" members=\(baseline + writers * perWriter + 1) ") == true)
        // Group commit: the 16 connections' changes shared fsyncs.
        let stats = try setup.request("STATS")
        #expect(stats.contains("STAT name=catalog_changes value=\(writers * perWriter + 1)"))
        let batches = stats.first { $0.hasPrefix("STAT name=catalog_change_batches value=") }.flatMap { Int($0.split(separator: "=").last!) }
        #expect((batches ?? .max) < writers * perWriter - 8, "\(batches ?? -1) batches")
    }
}

extension LiveMembersDurabilityTests {
    /// SPEC §8 Other writers: the CLI's edits and live changes share the file, neither loses
    /// the other's; rows another writer adds count from the next RELOAD, which refuses a file
    /// the two left broken, naming both rows, and keeps serving until one is removed.
    @Test func theCLIAndLiveChangesShareTheFileAndReloadJudgesTheWhole() throws {
        let (server, catalog, done) = try LiveMembersEndToEndTests.server()
        defer { done() }
        let c = try server.client()
        let cli = try CommandLineTests().tessera(["members", "add", "--audience", "vip-codes", "--code", "CLI-1", "--catalog", catalog])
        #expect(cli.output == "added member 96 to audience 'vip-codes'\n")
        #expect(try c.request("EVAL event=gala code=cli-1").last == "OK offers=0")  // until RELOAD
        #expect(try c.request("ADD_MEMBER audience=vip-codes code=LIVE-1") == ["OK member=97"])
        #expect(try c.request("ADD_MEMBER audience=vip-codes code=cli-1") == ["OK member=98"])  // not served yet: no conflict
        let refused = try c.request("RELOAD")
        #expect(refused.first?.hasPrefix("ERR bad_catalog") == true && refused[0].contains("96") && refused[0].contains("98"))
        #expect(try c.request("EVAL event=gala code=live-1").last == "OK offers=1")
        #expect(try c.request("DEL_MEMBER member=98") == ["OK member=98"])
        #expect(try c.request("RELOAD").first?.hasPrefix("OK offers=") == true)
        #expect(try c.request("FIND_MEMBERS audience=vip-codes").suffix(3) == [
            "MEMBER id=96 audience=vip-codes code=CLI-1", "MEMBER id=97 audience=vip-codes code=LIVE-1", "OK count=4",
        ])
    }
}

/// A value shared by the test's threads.
final class Locked<Value>: @unchecked Sendable {
    private var stored: Value
    private let lock = NSLock()
    init(_ value: Value) { stored = value }
    var value: Value { lock.withLock { stored } }
    func mutate(_ body: (inout Value) -> Void) { lock.withLock { body(&stored) } }
}
