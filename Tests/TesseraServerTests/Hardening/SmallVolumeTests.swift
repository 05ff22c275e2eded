import Foundation
import Glibc
import Testing
import TesseraCore
import TesseraStore

/// A ledger on a small volume: the WAL stays within its bound (`Ledger.Options`), so the
/// ledger's few KB of data never fill 3 MiB with log; a disk filled by something else is
/// `ERR unavailable` (never an OK that is not on disk), through a restart too, and the
/// server acknowledges again within 5 s of space being freed.
@Suite("A ledger on a small volume")
struct SmallVolumeTests {
    static let hold = "HOLD id=%@ event=gala code=BULK item=bulk-offer:gala-seated:1"

    @Test(.enabled(if: TestMachine.canMount, "SKIPPED: needs root to mount a 3 MiB tmpfs"))
    func theWALStaysBoundedAndAFullDiskRecoversOnceSpaceIsFreed() throws {
        let (directory, catalog) = try TestCatalog.makeFile()
        defer { try? FileManager.default.removeItem(at: directory) }
        let volume = try SmallVolume(megabytes: 3)
        defer { volume.remove() }
        let ledger = volume.file("usage.ledger")
        var server = try RunningServer { $0.catalog = catalog; $0.ledger = ledger }
        var client = try server.client()
        /// Holds answered OK, in order, and those of them whose COMMIT was answered OK.
        var acknowledged: [String] = []
        var committed: Set<String> = []
        /// A HOLD and its COMMIT, one at a time (each its own transaction): true when both are OK.
        func pair(_ id: String) throws -> Bool {
            let held = try client.request(String(format: Self.hold, id))
            guard held.last?.hasPrefix("OK id=\(id)") == true else {
                #expect(held.first?.hasPrefix("ERR unavailable") == true, "\(held)")
                return false
            }
            acknowledged.append(id)
            let commit = try client.request("COMMIT id=\(id)")
            guard commit == ["OK id=\(id) state=committed"] else {
                #expect(commit.first?.hasPrefix("ERR unavailable") == true, "\(commit)")
                return false
            }
            committed.insert(id)
            return true
        }

        // Far more transactions than 3 MiB of unbounded WAL holds (about 150 pairs).
        for i in 0..<500 { try #require(try pair("a\(i)"), "pair \(i) on a volume with room") }
        let walBytes = (try FileManager.default.attributesOfItem(atPath: ledger + "-wal")[.size] as? Int) ?? 0
        #expect(walBytes <= Ledger.Options().checkpointPages * 4096 * 5 / 4, "WAL of \(walBytes) bytes")

        // Something else fills the disk: writes fail as ERR unavailable, soon if not at once.
        volume.fill("filler")
        var refused = false
        for i in 0..<300 where !refused { refused = try !pair("b\(i)") }
        #expect(refused)
        #expect(try client.request("EVAL event=gala code=VIP321").last == "OK offers=1")

        // A restart on the full disk starts, and counts exactly what was acknowledged.
        server.stop()
        server = try RunningServer { $0.catalog = catalog; $0.ledger = ledger }
        client = try server.client()
        let offer = try client.request("EVAL event=gala code=BULK").first { $0.hasPrefix("OFFER id=bulk-offer") }
        #expect(offer?.contains(" remaining=\(1000 - acknowledged.count) ") == true, "\(offer ?? "no offer")")

        // Space freed: acknowledged again within 5 s, by itself.
        try FileManager.default.removeItem(atPath: volume.file("filler"))
        let deadline = Date().addingTimeInterval(5)
        var recovered = false
        var attempt = 0
        while !recovered && Date() < deadline {
            recovered = try pair("c\(attempt)")
            attempt += 1
            if !recovered { usleep(200_000) }
        }
        #expect(recovered)
        server.stop()
        let holds = try Ledger(path: ledger).loadHolds()
        #expect(holds.map(\.id) == acknowledged)
        #expect(Set(holds.filter { $0.state == .committed }.map(\.id)) == committed)
    }
}
