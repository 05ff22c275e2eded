import Foundation
import Glibc
import Testing

import enum TesseraProtocol.TesseraVersion

@testable import TesseraServer

/// `tessera client` and `tessera --version`, run as an operator runs them.
extension CommandLineTests {
    @Test func clientFromAPipeShowsRepliesDecodedAndAnERRMakesItExitOne() throws {
        let server = try RunningServer()
        defer { server.stop() }
        let input = "PING\nEVAL event=gala code=vip321\n\n   \nEVAL event=nowhere\neval event=gala code=VIP%20321\nPING\n"
        let outcome = try tessera(["client", "--server", "127.0.0.1:\(server.port)"], input: input)
        #expect(outcome.errors == "")
        #expect(
            outcome.output == """
                OK
                OFFER id=seat-unlock name="VIP seats" via=code remaining=1 max_order=1 discount=none value=0
                TICKET offer=seat-unlock id=gala-seated price=6000 base=6000
                SEAT offer=seat-unlock label=North-1
                CODE value=vip321 status=ok
                OK offers=1
                ERR unknown_event event=nowhere
                CODE value="VIP 321" status=unknown
                OK offers=0
                OK

                """)
        #expect(outcome.status == 1)
    }

    @Test func clientRawPrintsTheWireFormAndStopsAtQuit() throws {
        let server = try RunningServer()
        defer { server.stop() }
        let input = "EVAL event=gala code=vip321\nQUIT\nPING\n"
        let outcome = try tessera(["client", "--raw", "--server", "127.0.0.1:\(server.port)"], input: input)
        #expect(
            outcome.output == """
                OFFER id=seat-unlock name=VIP%20seats via=code remaining=1 max_order=1 discount=none value=0
                TICKET offer=seat-unlock id=gala-seated price=6000 base=6000
                SEAT offer=seat-unlock label=North-1
                CODE value=vip321 status=ok
                OK offers=1
                OK

                """)
        #expect(outcome.status == 0 && outcome.errors == "")
    }

    /// The token: --token, else TESSERA_TOKEN; a wrong one stops the client before any request.
    @Test func clientAuthenticatesWithTheTokenGivenOrFromTheEnvironment() throws {
        let server = try RunningServer { $0.token = "s3cret pass" }
        defer { server.stop() }
        let address = "127.0.0.1:\(server.port)"
        let flag = try tessera(["client", "--server", address, "--token", "s3cret pass"], input: "EVAL event=gala code=vip321\n")
        #expect(flag.status == 0 && flag.output.hasSuffix("OK offers=1\n"))
        let environment = try tessera(
            ["client", "--server", address], input: "EVAL event=gala code=vip321\n", environment: ["TESSERA_TOKEN": "s3cret pass"])
        #expect(environment.status == 0 && environment.output.hasSuffix("OK offers=1\n"))

        let none = try tessera(["client", "--server", address], input: "PING\nEVAL event=gala\n")
        #expect(none.output == "OK\nERR forbidden msg=\"AUTH first\"\n" && none.status == 1)
        let wrong = try tessera(["client", "--server", address, "--token", "guess"], input: "PING\n")
        #expect(wrong.status == 3 && wrong.output == "")
        #expect(wrong.errors == "tessera client: AUTH refused: wrong token\n")
    }

    @Test func clientSaysWhenItCannotConnect() throws {
        let refused = try tessera(["client", "--server", "127.0.0.1:1"], input: "PING\n")
        #expect(refused.status == 3)
        #expect(refused.errors.hasPrefix("tessera client: cannot connect to 127.0.0.1:1: "))
        #expect(refused.errors.split(separator: "\n").count == 1)
        let usage = try tessera(["client", "--server", "7878"], input: "PING\n")
        #expect(usage.status == 2 && usage.errors.hasPrefix("tessera client: --server must be HOST:PORT, got '7878'"))
    }

    /// The server is killed between two requests: the client says so plainly and exits 3.
    @Test func clientSaysWhenTheServerGoesAway() throws {
        let directory = try scratch()
        defer { try? FileManager.default.removeItem(at: directory) }
        let server = try SpawnedServer.start(["--ledger", directory.appendingPathComponent("x.ledger").path], in: directory)

        let process = Process()
        process.executableURL = TesseraProcess.executable
        process.arguments = ["client", "--server", "127.0.0.1:\(server.port)"]
        let input = Pipe()
        let output = Pipe()
        let errors = Pipe()
        process.standardInput = input
        process.standardOutput = output
        process.standardError = errors
        try process.run()
        // Bounded: a client that never answers fails the test instead of hanging it. SIGKILL, as
        // a child of Foundation's Process may have SIGTERM blocked (see SpawnedServer).
        let pid = process.processIdentifier
        let watchdog = DispatchWorkItem { kill(pid, SIGKILL) }
        DispatchQueue.global().asyncAfter(deadline: .now() + 30, execute: watchdog)
        defer { watchdog.cancel() }

        input.fileHandleForWriting.write(Data("PING\n".utf8))
        var shown = Data()
        while !String(decoding: shown, as: UTF8.self).hasSuffix("OK\n") {
            let more = output.fileHandleForReading.availableData
            guard !more.isEmpty else { break }
            shown += more
        }
        #expect(String(decoding: shown, as: UTF8.self) == "OK\n")
        server.send(SIGKILL)
        #expect(server.waitForExit() == .signal(SIGKILL))
        input.fileHandleForWriting.write(Data("PING\n".utf8))
        try input.fileHandleForWriting.close()
        let rest = output.fileHandleForReading.readDataToEndOfFile()
        let message = errors.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        #expect(rest.isEmpty)
        #expect(String(decoding: message, as: UTF8.self) == "tessera client: server closed the connection\n")
        #expect(process.terminationStatus == 3)
    }

    @Test func versionIsDeclaredOnce() throws {
        let version = try tessera(["--version"])
        #expect(version.status == 0 && version.output == "tessera \(TesseraVersion.current)\n")
        #expect(try tessera(["--help"]).output.contains("  client "))
    }
}
