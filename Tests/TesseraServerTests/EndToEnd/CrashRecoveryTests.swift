import Foundation
import Glibc
import Testing
import TesseraStore
@testable import TesseraServer

/// The `tessera` executable built beside this test bundle, run as a real
/// process so it can be killed without warning.
struct TesseraProcess {
    let process: Process
    let port: UInt16

    static var executable: URL {
        var directory = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
        // swift test runs .build/<config>/<Package>PackageTests.xctest; the executable is beside it.
        while !FileManager.default.fileExists(atPath: directory.appendingPathComponent("tessera").path),
            directory.path != "/"
        {
            directory.deleteLastPathComponent()
        }
        return directory.appendingPathComponent("tessera")
    }

    static func start(arguments: [String]) throws -> TesseraProcess {
        // A port probed free: a random one clashed now and then with another test's server.
        let port = try Loopback.freePort()
        let process = Process()
        process.executableURL = executable
        process.arguments = ["serve", "--listen", "127.0.0.1:\(port)"] + arguments
        process.standardError = FileHandle.nullDevice
        try process.run()
        let deadline = Date().addingTimeInterval(20)
        while Date() < deadline {
            if let client = try? TestClient(port: port), (try? client.request("PING")) == ["OK"] {
                return TesseraProcess(process: process, port: port)
            }
            guard process.isRunning else { throw TestClientError("tessera exited with \(process.terminationStatus)") }
            usleep(50_000)
        }
        process.terminate()
        throw TestClientError("tessera did not start listening on \(port)")
    }

    func kill(_ signal: Int32) {
        Glibc.kill(process.processIdentifier, signal)
        process.waitUntilExit()
    }
}

@Suite("Durability: acknowledged writes survive a crash (SPEC §4 Durability)")
struct CrashRecoveryTests {
    @Test func everyAcknowledgedCommitSurvivesSIGKILLAndNothingCountsTwice() throws {
        let (directory, catalog) = try TestCatalog.makeFile()
        defer { try? FileManager.default.removeItem(at: directory) }
        let arguments = ["--catalog", catalog]

        let first = try TesseraProcess.start(arguments: arguments)
        let client = try TestClient(port: first.port)
        let n = 300
        var burst = ""
        for i in 0..<n {
            burst += "HOLD id=c\(i) event=gala code=BULK item=bulk-offer:gala-seated:1\nCOMMIT id=c\(i) order=o\(i)\n"
        }
        try client.send(burst)
        var holdReplies: [[String]] = []
        for _ in 0..<n {
            holdReplies.append(try client.readReply())
            #expect(try client.readReply().first?.hasPrefix("OK") == true)
        }
        #expect(holdReplies.allSatisfy { $0.last?.hasPrefix("OK id=") == true })
        first.kill(SIGKILL)

        let second = try TesseraProcess.start(arguments: arguments)
        defer { second.kill(SIGTERM) }
        let after = try TestClient(port: second.port)
        let offerLine = try after.request("EVAL event=gala code=BULK").first { $0.hasPrefix("OFFER id=bulk-offer") }
        #expect(offerLine?.contains("remaining=\(1000 - n)") == true)
        for i in stride(from: 0, to: n, by: 37) {
            #expect(try after.request("HOLD id=c\(i) event=gala code=BULK item=bulk-offer:gala-seated:1") == holdReplies[i])
            #expect(try after.request("COMMIT id=c\(i)") == ["OK id=c\(i) state=committed"])
        }
        #expect(try after.request("EVAL event=gala code=BULK").first { $0.hasPrefix("OFFER id=bulk-offer") } == offerLine)
    }

    /// `last-unit` has one unit in all: 32 connections race for it (SPEC §4: "two HOLDs
    /// racing for the last unit get one OK and one limit_reached").
    @Test func racingConnectionsForTheLastUnitOfATotalGetOneOKThatSurvivesSIGKILL() throws {
        let (directory, catalog) = try TestCatalog.makeFile(extraSQL: TestCatalog.lastUnitSQL)
        defer { try? FileManager.default.removeItem(at: directory) }
        let race = try LastOneRace.run(catalog: catalog, in: directory, eval: "EVAL event=gala code=LAST") { n in
            "HOLD id=race-\(n) event=gala code=LAST item=last-unit:gala-seated:1"
        }
        #expect(race.winners.count == 1)
        #expect(race.winners.first.map { race.replies[$0].first } == "HELD offer=last-unit qty=1 remaining=0")
        #expect(race.refusals.count == 31)
        #expect(race.refusals.allSatisfy { $0 == ["ERR limit_reached offer=last-unit remaining=0"] })
        #expect(race.evalBefore.first?.contains(" remaining=0 max_order=0 ") == true)
        #expect(race.evalAfter == race.evalBefore)
        #expect(race.repeatAfterRestart == race.winners.first.map { race.replies[$0] })
    }

    @Test func sigtermAnswersWhatWasAcceptedAndExitsZero() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("tessera-term-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let server = try TesseraProcess.start(arguments: ["--ledger", directory.appendingPathComponent("l.ledger").path])
        let client = try TestClient(port: server.port)
        try client.send((0..<200).map { "EVAL event=gala code=VIP321 code=x\($0)\n" }.joined())
        server.kill(SIGTERM)
        for _ in 0..<200 { #expect(try client.readReply().last == "OK offers=1") }
        #expect(server.process.terminationStatus == 0)
    }
}
