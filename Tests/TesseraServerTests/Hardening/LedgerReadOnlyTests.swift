import Foundation
import Glibc
import Testing
import TesseraStore

/// A ledger the server may read but not write (SPEC §6 `unavailable`): it starts, answers
/// EVAL from the usage it reads, answers writes `ERR unavailable`, and writes again by itself
/// once the file is writable, also after a restart. SQLite gives the `-shm` it makes the
/// ledger's permissions, so a read-only start used to leave a read-only `-shm` behind that
/// refused every write for good. The server runs as `nobody`: root ignores file modes.
@Suite("A read-only ledger at start-up")
struct LedgerReadOnlyTests {
    @Test(.enabled(if: TestMachine.asNobody != nil, "SKIPPED: needs root and setpriv to run the server as nobody"))
    func itServesWhatItCanReadAndWritesAgainOnceWritable() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("tessera-ro-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        // The test runner's own path may not be open to nobody: run a copy from here.
        let executable = directory.appendingPathComponent("tessera").path
        try FileManager.default.copyItem(atPath: TesseraProcess.executable.path, toPath: executable)
        #expect(chmod(directory.path, 0o755) == 0 && chmod(executable, 0o755) == 0)
        #expect(chown(directory.path, TestMachine.nobody.uid, TestMachine.nobody.gid) == 0)
        let ledger = directory.appendingPathComponent("demo.ledger").path
        func start() throws -> SpawnedServer {
            try SpawnedServer.start(
                ["--ledger", ledger, "--test-clock"], in: directory, launcher: TestMachine.asNobody!, executable: executable)
        }
        func request(_ server: SpawnedServer, _ lines: [String]) throws -> [[String]] {
            let client = try server.client()
            return try (["CLOCK set=2026-11-23T12:00:00Z"] + lines).map { try client.request($0) }.dropFirst().map { $0 }
        }
        let thanks = "HOLD id=%@ event=gala code=THANKS-4F7K item=thank-you-ticket:gala-standing:1"

        var server = try start()
        #expect(try request(server, [String(format: thanks, "a"), "COMMIT id=a"]).last == ["OK id=a state=committed"])
        server.send(SIGTERM)
        #expect(server.waitForExit() == .status(0))

        // Read-only: it starts, says so, and reads the usage (THANKS-4F7K was used).
        #expect(chmod(ledger, 0o444) == 0)
        server = try start()
        #expect(server.log.contains("ledger \(ledger) cannot be written"))
        let replies = try request(server, [
            "EVAL event=jazz-night code=THANKS-4F7K", "HOLD id=b event=gala code=VIP321 item=seat-unlock:gala-seated:1", "STATS",
        ])
        #expect(replies[0].contains("CODE value=THANKS-4F7K status=used_up"))
        #expect(replies[1].first?.hasPrefix("ERR unavailable") == true, "\(replies[1])")
        #expect(replies[2].contains("STAT name=ledger_degraded value=1"))

        // Writable again: within 5 s a write succeeds, with nobody stepping in.
        #expect(chmod(ledger, 0o644) == 0)
        let client = try server.client()
        _ = try client.request("CLOCK set=2026-11-23T12:00:00Z")
        var held: [String] = []
        let deadline = Date().addingTimeInterval(5)
        repeat {
            held = try client.request("HOLD id=b event=gala code=VIP321 item=seat-unlock:gala-seated:1")
            if held.last?.hasPrefix("OK") == true { break }
            usleep(200_000)
        } while Date() < deadline
        #expect(held.last?.hasPrefix("OK id=b") == true, "\(held)")
        #expect(try client.request("COMMIT id=b") == ["OK id=b state=committed"])
        server.send(SIGTERM)
        #expect(server.waitForExit() == .status(0))

        // No read-only file is left behind: a restart writes at once, and both commits count.
        let left = try FileManager.default.contentsOfDirectory(atPath: directory.path).filter { $0.hasPrefix("demo.ledger") }
        for name in left {
            let mode = (try FileManager.default.attributesOfItem(atPath: directory.appendingPathComponent(name).path)[.posixPermissions] as? Int) ?? 0
            #expect(mode & 0o200 != 0, "\(name) is read-only")
        }
        server = try start()
        let after = try request(server, [
            "HOLD id=c event=gala code=VIP238 item=seat-unlock:gala-seated:1", "EVAL event=gala code=VIP321",
        ])
        #expect(after[0].last?.hasPrefix("OK id=c") == true, "\(after[0])")
        #expect(after[1].contains("CODE value=VIP321 status=used_up"))
        server.send(SIGTERM)
        #expect(server.waitForExit() == .status(0))
    }
}
